//! A change's field-by-field diff ([`FieldChange`]) as a before/after table: each field named in the
//! reader's language where its column is known (the column's own name beside it, as the CSV files
//! write it), else by the column's name alone.

use leptos::prelude::*;
use shared::staff::diff::FieldChange;

use crate::i18n::{Lang, lang, pick};

struct Texts {
    caption: &'static str,
    field: &'static str,
    before: &'static str,
    after: &'static str,
    empty: &'static str,
    nothing: &'static str,
}

const VI: Texts = Texts {
    caption: "Thay đổi so với dữ liệu đang phục vụ",
    field: "Trường",
    before: "Trước",
    after: "Sau",
    empty: "(trống)",
    nothing: "Không có trường nào khác với dữ liệu đang phục vụ.",
};

const EN: Texts = Texts {
    caption: "Changes against the data served now",
    field: "Field",
    before: "Before",
    after: "After",
    empty: "(empty)",
    nothing: "No field differs from the data served now.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The columns of the staff-kept files (`docs/staff-data.md`) and of the other edits' diffs, in
/// Vietnamese and English.
const LABELS: &[(&str, &str, &str)] = &[
    ("commune_code", "Mã xã, phường", "Commune code"),
    ("name", "Tên", "Name"),
    ("address", "Địa chỉ", "Address"),
    ("phone", "Điện thoại", "Phone"),
    ("email", "Thư điện tử", "E-mail"),
    ("opening_hours", "Giờ làm việc", "Opening hours"),
    ("lat", "Vĩ độ", "Latitude"),
    ("lon", "Kinh độ", "Longitude"),
    ("source", "Nguồn", "Source"),
    ("verified_on", "Ngày xác minh", "Verified on"),
    ("url", "Địa chỉ cổng", "Portal address"),
    ("province_code", "Mã tỉnh", "Province code"),
    ("procedure_code", "Mã thủ tục", "Procedure code"),
    ("online", "Mức trực tuyến", "Online level"),
    ("portal_url", "Liên kết cổng", "Portal link"),
    ("agency", "Cơ quan thực hiện", "Agency"),
    ("replaced_by", "Thay thế bởi", "Replaced by"),
    ("full_name", "Tên đầy đủ", "Full name"),
    ("unit_type", "Loại đơn vị", "Type of unit"),
    ("full_name_en", "Tên tiếng Anh", "English name"),
    ("successors", "Đơn vị kế thừa", "Successors"),
    ("alias", "Tên gọi khác", "Other name"),
];

/// The field's name in `lang`, if its column is known.
pub fn field_label(field: &str, lang: Lang) -> Option<&'static str> {
    LABELS.iter().find(|(column, _, _)| *column == field).map(|(_, vi, en)| match lang {
        Lang::Vi => *vi,
        Lang::En => *en,
    })
}

/// How a field is named in the table: its label where its column is known, also for a lot of
/// centres' `22366.address` ("22366 · Địa chỉ"); else the column's own name. `None` as the second
/// value when the column is unknown (it is then shown once, not twice).
pub fn field_name(field: &str, lang: Lang) -> (String, Option<&str>) {
    if let Some(label) = field_label(field, lang) {
        return (label.to_owned(), Some(field));
    }
    match field.split_once('.') {
        Some((record, column)) => match field_label(column, lang) {
            Some(label) => (format!("{record} · {label}"), Some(column)),
            None => (field.to_owned(), None),
        },
        None => (field.to_owned(), None),
    }
}

/// The table of `diff`, or a sentence saying nothing differs.
#[component]
pub fn DiffTable(diff: Vec<FieldChange>, #[prop(optional, into)] caption: Option<Signal<String>>) -> impl IntoView {
    let lang = lang();
    if diff.is_empty() {
        return view! { <p class="muted" data-testid="diff-empty">{pick(texts, |t| t.nothing)}</p> }.into_any();
    }
    let caption = move || caption.map(|c| c.get()).unwrap_or_else(|| texts(lang.get()).caption.to_owned());
    let value = move |value: Option<String>| match value {
        Some(text) if !text.is_empty() => view! { <span>{text}</span> }.into_any(),
        _ => view! { <span class="muted">{pick(texts, |t| t.empty)}</span> }.into_any(),
    };
    view! {
        <table class="diff" data-testid="diff">
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{pick(texts, |t| t.field)}</th>
                <th scope="col">{pick(texts, |t| t.before)}</th>
                <th scope="col">{pick(texts, |t| t.after)}</th>
            </tr></thead>
            <tbody>
                {diff.into_iter().map(|change| {
                    let field = change.field.clone();
                    let name = {
                        let field = field.clone();
                        move || field_name(&field, lang.get()).0
                    };
                    let column = field_name(&field, Lang::Vi).1.map(str::to_owned);
                    view! {
                        <tr data-field=field.clone()>
                            <th scope="row">
                                {name}
                                {column.map(|column| view! { <span class="diff-column muted">{column}</span> })}
                            </th>
                            <td class="before">{value(change.before)}</td>
                            <td class="after">{value(change.after)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_columns_have_a_label_in_both_languages_others_keep_their_name() {
        assert_eq!(field_label("opening_hours", Lang::Vi), Some("Giờ làm việc"));
        assert_eq!(field_label("opening_hours", Lang::En), Some("Opening hours"));
        assert_eq!(field_label("some_new_column", Lang::Vi), None);
        assert_eq!(field_name("address", Lang::En), ("Address".to_owned(), Some("address")));
        assert_eq!(field_name("22366.address", Lang::Vi), ("22366 · Địa chỉ".to_owned(), Some("address")));
        assert_eq!(field_name("some_new_column", Lang::Vi), ("some_new_column".to_owned(), None));
        assert_eq!(field_name("22366.unknown", Lang::Vi), ("22366.unknown".to_owned(), None));
        // Every column of a service centre's row (its CSV file) is known.
        for column in shared::model::ServiceCentreRow::COLUMNS {
            assert!(field_label(column, Lang::Vi).is_some() && field_label(column, Lang::En).is_some(), "{column}");
        }
        let columns: Vec<&str> = LABELS.iter().map(|(c, _, _)| *c).collect();
        let mut unique = columns.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), columns.len(), "a column is labelled once");
    }
}
