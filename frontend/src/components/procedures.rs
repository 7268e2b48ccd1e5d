use leptos::prelude::*;
use shared::answers::ProcedureSummary;
use shared::model::OnlineLevel;

use crate::format;
use crate::i18n::{tr, use_texts};

/// Procedures by field, fields in alphabetical order (without tone marks), those without a field last
/// (plain function, tested natively).
pub fn group_by_field(procedures: Vec<ProcedureSummary>) -> Vec<(Option<String>, Vec<ProcedureSummary>)> {
    let mut groups: Vec<(Option<String>, Vec<ProcedureSummary>)> = Vec::new();
    for procedure in procedures {
        let field = procedure.field.as_deref().map(format::field_heading);
        match groups.iter_mut().find(|(f, _)| *f == field) {
            Some((_, list)) => list.push(procedure),
            None => groups.push((field, vec![procedure])),
        }
    }
    groups.sort_by_cached_key(|(field, _)| (field.is_none(), field.as_deref().map(format::fold)));
    groups
}

/// Whether a procedure matches what was typed: its name without tone marks, or the start of its code.
pub fn matches(procedure: &ProcedureSummary, typed: &str) -> bool {
    let typed = typed.trim();
    procedure.code.starts_with(typed) || format::matches_filter(&procedure.name, typed)
}

/// A new commune's code as a URL holds it (five digits), or `None`.
pub fn commune_code(text: &str) -> Option<&str> {
    (text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

/// A procedure's page. Listed on a commune's page (`/xa/{code}`, or its poster), it names the commune
/// (`?xa=`), so that the procedure's page leads back to it (plain function, tested natively).
pub fn procedure_href(code: &str, from_path: &str) -> String {
    let commune = from_path.strip_prefix("/xa/").and_then(|rest| commune_code(rest.split('/').next()?));
    match commune {
        Some(commune) => format!("/thu-tuc/{code}?xa={commune}"),
        None => format!("/thu-tuc/{code}"),
    }
}

/// The procedures a commune's centre handles, by field, with a search box over them (no tone marks
/// needed). The list is filtered here rather than by `GET /api/v1/procedures`, which would add its own
/// code to the bundle; that endpoint also tolerates typos, for other clients.
#[component]
pub fn ProceduresSection(procedures: Vec<ProcedureSummary>) -> impl IntoView {
    let t = use_texts();
    let query = RwSignal::new(String::new());
    let groups = group_by_field(procedures.clone());
    let found = move || {
        let typed = query.get();
        (typed.trim().chars().count() >= 2)
            .then(|| procedures.iter().filter(|p| matches(p, &typed)).cloned().collect::<Vec<_>>())
    };
    view! {
        <section class="card" aria-labelledby="procedures-title">
            <h2 id="procedures-title">{tr(|t| t.procedures_title)}</h2>
            <p class="muted">{tr(|t| t.procedures_intro)}</p>
            <div class="filter-list">
                <label for="procedure-search">{tr(|t| t.procedures_search)}</label>
                <input
                    id="procedure-search"
                    type="search"
                    autocomplete="off"
                    placeholder=tr(|t| t.procedures_placeholder)
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
            </div>
            {move || found().map(|list| {
                let count = list.len();
                view! {
                    <p class="sr-only" role="status">{move || (t().results_found)(count)}</p>
                    <ProcedureList list test_id="procedure-results"/>
                }
            })}
            <div hidden=move || found_any(query)>
                {groups
                    .into_iter()
                    .map(|(field, list)| {
                        let count = list.len();
                        view! {
                            <details class="field-group">
                                <summary>
                                    {move || field.clone().unwrap_or_else(|| t().other_field.to_owned())}
                                    <span class="muted">{format!(" ({count})")}</span>
                                </summary>
                                <ProcedureList list/>
                            </details>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}

/// Whether the search box holds a search (then its results replace the list by field).
fn found_any(query: RwSignal<String>) -> bool {
    query.with(|typed| typed.trim().chars().count() >= 2)
}

/// Procedures as links to their pages, with their code and how far they can be done online.
#[component]
pub fn ProcedureList(list: Vec<ProcedureSummary>, #[prop(optional)] test_id: &'static str) -> impl IntoView {
    let t = use_texts();
    let from = crate::browser::path();
    view! {
        <ul class="results procedures" data-testid=(!test_id.is_empty()).then_some(test_id)>
            {list
                .into_iter()
                .map(|p| {
                    let online = p.online;
                    let href = procedure_href(&p.code, &from);
                    view! {
                        <li>
                            <a href=href>
                                <span class="result-name">{p.name}</span>
                                <span class="result-path">
                                    {p.code}
                                    {matches!(online, OnlineLevel::Full | OnlineLevel::Partial).then(|| view! {
                                        " " <span class=if online == OnlineLevel::Full { "badge new" } else { "badge" }>{move || t().online(online)}</span>
                                    })}
                                </span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[cfg(test)]
mod tests {
    use shared::model::ProcedureLevel;

    use super::*;

    fn procedure(code: &str, field: Option<&str>) -> ProcedureSummary {
        ProcedureSummary {
            code: code.into(),
            name: String::new(),
            field: field.map(Into::into),
            level: ProcedureLevel::Xa,
            online: OnlineLevel::Unknown,
            staff_fact: None,
        }
    }

    #[test]
    fn fields_are_grouped_in_order_with_the_unnamed_last() {
        let groups = group_by_field(vec![
            procedure("1.004222", Some("Đăng ký, quản lý cư trú")),
            procedure("1.001193", Some("HỘ TỊCH")),
            procedure("1.001613", None),
            procedure("1.000894", Some("HỘ TỊCH")),
            procedure("1.000656", Some("HỘ TỊCH")),
        ]);
        let names: Vec<_> = groups.iter().map(|(f, list)| (f.as_deref(), list.len())).collect();
        assert_eq!(names, [(Some("Đăng ký, quản lý cư trú"), 1), (Some("Hộ tịch"), 3), (None, 1)]);
        assert_eq!(groups[1].1[0].code, "1.001193", "the order within a field is kept");
    }

    #[test]
    fn search_by_name_without_tone_marks_or_by_code() {
        let birth = ProcedureSummary {
            name: "Thủ tục đăng ký khai sinh".into(),
            ..procedure("1.001193", Some("HỘ TỊCH"))
        };
        assert!(matches(&birth, "khai sinh"));
        assert!(matches(&birth, "ĐĂNG KÝ KHAI SINH"));
        assert!(matches(&birth, "1.0011"));
        assert!(!matches(&birth, "khai tu"));
    }

    #[test]
    fn a_commune_s_procedures_lead_back_to_it() {
        assert_eq!(procedure_href("1.001193", "/xa/22888"), "/thu-tuc/1.001193?xa=22888");
        assert_eq!(procedure_href("1.001193", "/xa/22888/in"), "/thu-tuc/1.001193?xa=22888");
        assert_eq!(procedure_href("1.001193", "/"), "/thu-tuc/1.001193");
        assert_eq!(procedure_href("1.001193", "/xa/abc"), "/thu-tuc/1.001193");
        assert_eq!(commune_code("00004"), Some("00004"));
        assert_eq!(commune_code("0004"), None);
    }
}
