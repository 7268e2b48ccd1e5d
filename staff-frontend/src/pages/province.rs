//! `/quan-tri/tinh/{code}`: "My province": its communes with what is missing of their service centres,
//! counted at the top, filterable and sortable.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::model::ProvinceCode;
use shared::staff::province::{CommuneCentre, Gap, ProvinceCentres};

use crate::api::{self, CallError};
use crate::components::answer::answer_view;
use crate::i18n::{Lang, lang, pick};
use crate::session::SignedIn;

struct Texts {
    known: fn(usize, usize) -> String,
    missing: fn(usize, usize, usize) -> String,
    show: &'static str,
    show_missing: &'static str,
    show_all: &'static str,
    sort: &'static str,
    sort_gap: &'static str,
    sort_name: &'static str,
    sort_verified: &'static str,
    filter: &'static str,
    commune: &'static str,
    status: &'static str,
    verified_on: &'static str,
    open_change: &'static str,
    gap_unknown: &'static str,
    gap_unverified: &'static str,
    gap_stale: &'static str,
    gap_verified: &'static str,
    shown: fn(usize) -> String,
    portal_and_procedures: &'static str,
    bulk: &'static str,
}

const VI: Texts = Texts {
    known: |known, all| format!("Đã biết {known} trên {all} trung tâm"),
    missing: |unknown, unverified, stale| {
        format!("{unknown} chưa có thông tin · {unverified} đang chờ duyệt · {stale} xác minh đã quá một năm")
    },
    show: "Hiển thị",
    show_missing: "Còn thiếu (chưa có, chờ duyệt, quá hạn)",
    show_all: "Tất cả",
    sort: "Sắp xếp",
    sort_gap: "Thiếu nhiều nhất trước",
    sort_name: "Theo tên",
    sort_verified: "Xác minh lâu nhất trước",
    filter: "Lọc theo tên xã, phường",
    commune: "Xã, phường, đặc khu",
    status: "Tình trạng",
    verified_on: "Ngày xác minh",
    open_change: "Đề xuất đang mở",
    gap_unknown: "Chưa có thông tin",
    gap_unverified: "Chờ duyệt",
    gap_stale: "Quá một năm",
    gap_verified: "Đã xác minh",
    shown: |n| format!("{n} xã, phường được hiển thị"),
    portal_and_procedures: "Cổng dịch vụ công và thủ tục của tỉnh",
    bulk: "Tải lên tệp CSV nhiều trung tâm",
};

const EN: Texts = Texts {
    known: |known, all| format!("{known} of {all} centres known"),
    missing: |unknown, unverified, stale| {
        format!("{unknown} unknown · {unverified} awaiting review · {stale} verified more than a year ago")
    },
    show: "Show",
    show_missing: "Missing (unknown, awaiting review, out of date)",
    show_all: "All",
    sort: "Sort",
    sort_gap: "Most missing first",
    sort_name: "By name",
    sort_verified: "Oldest verification first",
    filter: "Filter by commune name",
    commune: "Commune",
    status: "Status",
    verified_on: "Verified on",
    open_change: "Open change",
    gap_unknown: "Unknown",
    gap_unverified: "Awaiting review",
    gap_stale: "Over a year old",
    gap_verified: "Verified",
    shown: |n| format!("{n} communes shown"),
    portal_and_procedures: "The province's portal and procedures",
    bulk: "Upload a CSV of many centres",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

impl Texts {
    fn gap(&self, gap: Gap) -> &'static str {
        match gap {
            Gap::Unknown => self.gap_unknown,
            Gap::Unverified => self.gap_unverified,
            Gap::Stale => self.gap_stale,
            Gap::Verified => self.gap_verified,
        }
    }
}

/// Which communes the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    All,
    /// Unknown, unverified or stale.
    Missing,
    Only(Gap),
}

impl Shown {
    fn includes(self, gap: Gap) -> bool {
        match self {
            Self::All => true,
            Self::Missing => gap != Gap::Verified,
            Self::Only(wanted) => gap == wanted,
        }
    }

    fn value(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Missing => "missing",
            Self::Only(Gap::Unknown) => "unknown",
            Self::Only(Gap::Unverified) => "unverified",
            Self::Only(Gap::Stale) => "stale",
            Self::Only(Gap::Verified) => "verified",
        }
    }

    fn from_value(value: &str) -> Self {
        [Self::All, Self::Missing, Self::Only(Gap::Unknown), Self::Only(Gap::Unverified), Self::Only(Gap::Stale)]
            .into_iter()
            .chain([Self::Only(Gap::Verified)])
            .find(|shown| shown.value() == value)
            .unwrap_or(Self::Missing)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Gap,
    Name,
    VerifiedOn,
}

/// The communes to list, in order: those `shown` whose name matches `typed`, sorted (ties keep the
/// dataset's order).
pub fn rows<'a>(province: &'a ProvinceCentres, shown: Shown, sort: SortBy, typed: &str) -> Vec<&'a CommuneCentre> {
    let today = province.today.as_str();
    let mut rows: Vec<&CommuneCentre> = province
        .communes
        .iter()
        .filter(|c| shown.includes(c.gap(today)))
        .filter(|c| frontend::format::matches_filter(&c.full_name, typed))
        .collect();
    match sort {
        SortBy::Gap => rows.sort_by_key(|c| c.gap(today)),
        SortBy::Name => rows.sort_by_cached_key(|c| frontend::format::fold(&c.full_name)),
        // No verification sorts first: it is the oldest of all.
        SortBy::VerifiedOn => rows.sort_by_key(|c| c.centre.as_ref().map(|row| row.verified_on.clone())),
    }
    rows
}

/// How many communes have each gap: (unknown, unverified, stale).
pub fn gap_counts(province: &ProvinceCentres) -> (usize, usize, usize) {
    let count = |gap| province.communes.iter().filter(|c| c.gap(&province.today) == gap).count();
    (count(Gap::Unknown), count(Gap::Unverified), count(Gap::Stale))
}

#[component]
pub fn ProvincePage() -> impl IntoView {
    view! { <SignedIn><Province/></SignedIn> }
}

#[component]
fn Province() -> impl IntoView {
    let params = use_params_map();
    let lang = lang();
    let code = move || params.get().get("code").unwrap_or_default();
    let answer = LocalResource::new(move || {
        let code = code();
        async move {
            let code: ProvinceCode =
                code.parse().map_err(|_| CallError::Status { status: 404, message: String::new() })?;
            api::get::<ProvinceCentres>(&format!("/api/v1/staff/provinces/{code}/centres"), lang.get_untracked()).await
        }
    });
    let shown = RwSignal::new(Shown::Missing);
    let sort = RwSignal::new(SortBy::Gap);
    let typed = RwSignal::new(String::new());
    view! {
        {answer_view(answer, move |province| {
                let t = move || texts(lang.get());
                let (known, all) = province.known();
                let (unknown, unverified, stale) = gap_counts(&province);
                let code = province.province.clone();
                crate::components::layout::set_title(&province.province_name);
                let province = StoredValue::new(province);
                view! {
                    <h1>{province.with_value(|p| p.province_name.clone())}</h1>
                    <p class="count" data-testid="centres-known">{move || (t().known)(known, all)}</p>
                    <p class="muted">{move || (t().missing)(unknown, unverified, stale)}</p>
                    <p class="actions">
                        <a class="button secondary" href=format!("/quan-tri/tinh/{code}/cong")>{pick(texts, |t| t.portal_and_procedures)}</a>
                        <a class="button secondary" href=format!("/quan-tri/tai-len?tinh={code}")>{pick(texts, |t| t.bulk)}</a>
                    </p>
                    <div class="list-controls">
                        <label>
                            <span>{pick(texts, |t| t.show)}</span>
                            <select on:change=move |e| shown.set(Shown::from_value(&event_target_value(&e))) data-testid="shown">
                                <option value="missing" selected=move || shown.get() == Shown::Missing>{pick(texts, |t| t.show_missing)}</option>
                                <option value="all" selected=move || shown.get() == Shown::All>{pick(texts, |t| t.show_all)}</option>
                                {[Gap::Unknown, Gap::Unverified, Gap::Stale, Gap::Verified].map(|gap| view! {
                                    <option value=Shown::Only(gap).value() selected=move || shown.get() == Shown::Only(gap)>
                                        {move || t().gap(gap)}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label>
                            <span>{pick(texts, |t| t.sort)}</span>
                            <select data-testid="sort" on:change=move |e| sort.set(match event_target_value(&e).as_str() {
                                "name" => SortBy::Name,
                                "verified" => SortBy::VerifiedOn,
                                _ => SortBy::Gap,
                            })>
                                <option value="gap">{pick(texts, |t| t.sort_gap)}</option>
                                <option value="name">{pick(texts, |t| t.sort_name)}</option>
                                <option value="verified">{pick(texts, |t| t.sort_verified)}</option>
                            </select>
                        </label>
                        <label>
                            <span>{pick(texts, |t| t.filter)}</span>
                            <input type="search" data-testid="filter" prop:value=typed on:input=move |e| typed.set(event_target_value(&e))/>
                        </label>
                    </div>
                    {move || province.with_value(|province| {
                        let rows = rows(province, shown.get(), sort.get(), &typed.get());
                        let today = province.today.clone();
                        let count = rows.len();
                        view! {
                            <p class="muted" role="status">{move || (t().shown)(count)}</p>
                            <table class="staff-table" data-testid="communes">
                                <thead><tr>
                                    <th scope="col">{pick(texts, |t| t.commune)}</th>
                                    <th scope="col">{pick(texts, |t| t.status)}</th>
                                    <th scope="col">{pick(texts, |t| t.verified_on)}</th>
                                    <th scope="col">{pick(texts, |t| t.open_change)}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|c| {
                                        let gap = c.gap(&today);
                                        let class = match gap {
                                            Gap::Verified => "badge new",
                                            Gap::Unverified => "badge",
                                            _ => "badge partial",
                                        };
                                        view! {
                                            <tr data-code=c.code.to_string()>
                                                <th scope="row"><a href=format!("/quan-tri/xa/{}", c.code)>{c.full_name.clone()}</a></th>
                                                <td><span class=class>{move || t().gap(gap)}</span></td>
                                                <td>{c.centre.as_ref().map(|row| frontend::format::date(&row.verified_on))}</td>
                                                <td>{c.open_change.map(|id| view! { <a href=format!("/quan-tri/thay-doi/{}", id.0)>{format!("#{}", id.0)}</a> })}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                    })}
                }
                .into_any()
            })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::model::{NewCommuneCode, ServiceCentreRow};
    use shared::staff::change::ChangeId;

    fn commune(code: &str, name: &str, verified_on: Option<&str>, open: Option<u64>) -> CommuneCentre {
        let code: NewCommuneCode = code.parse().unwrap();
        CommuneCentre {
            code: code.clone(),
            full_name: name.to_owned(),
            centre: verified_on.map(|date| ServiceCentreRow {
                commune_code: code,
                name: None,
                address: Some("…".into()),
                phone: None,
                email: None,
                opening_hours: None,
                lat: None,
                lon: None,
                source: "…".into(),
                verified_on: date.into(),
            }),
            open_change: open.map(ChangeId),
        }
    }

    fn province() -> ProvinceCentres {
        ProvinceCentres {
            province: "56".parse().unwrap(),
            province_name: "Tỉnh Khánh Hòa".into(),
            today: "2026-12-01".into(),
            communes: vec![
                commune("22366", "Phường Nha Trang", Some("2026-11-30"), None),
                commune("22435", "Xã Cam Hiệp", None, None),
                commune("22333", "Phường Bắc Nha Trang", Some("2025-01-01"), Some(7)),
                commune("22453", "Xã Cam Lâm", None, Some(8)),
            ],
        }
    }

    fn names(rows: Vec<&CommuneCentre>) -> Vec<&str> {
        rows.into_iter().map(|c| c.full_name.as_str()).collect()
    }

    #[test]
    fn the_missing_come_first_and_the_verified_are_left_out() {
        let province = province();
        assert_eq!(
            names(rows(&province, Shown::Missing, SortBy::Gap, "")),
            ["Xã Cam Hiệp", "Xã Cam Lâm", "Phường Bắc Nha Trang"]
        );
        assert_eq!(province.known(), (2, 4));
        assert_eq!(gap_counts(&province), (1, 1, 1));
    }

    #[test]
    fn filters_and_sorts_combine() {
        let province = province();
        assert_eq!(
            names(rows(&province, Shown::All, SortBy::Name, "nha trang")),
            ["Phường Bắc Nha Trang", "Phường Nha Trang"]
        );
        assert_eq!(names(rows(&province, Shown::Only(Gap::Verified), SortBy::Gap, "")), ["Phường Nha Trang"]);
        assert_eq!(
            names(rows(&province, Shown::All, SortBy::VerifiedOn, "")),
            ["Xã Cam Hiệp", "Xã Cam Lâm", "Phường Bắc Nha Trang", "Phường Nha Trang"]
        );
        assert_eq!(names(rows(&province, Shown::All, SortBy::Gap, "cam lam")), ["Xã Cam Lâm"]);
    }

    #[test]
    fn the_shown_choice_reads_back_from_its_value() {
        for shown in
            [Shown::All, Shown::Missing, Shown::Only(Gap::Unknown), Shown::Only(Gap::Stale), Shown::Only(Gap::Verified)]
        {
            assert_eq!(Shown::from_value(shown.value()), shown);
        }
        assert_eq!(Shown::from_value("nonsense"), Shown::Missing);
    }
}
