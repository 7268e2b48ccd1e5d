//! `/thu-tuc/{code}`: one procedure: what to bring (a checklist kept on the phone), the steps, the time
//! and fee of each way to file it, where to file it, the portal's page, and where all this was read.
//! Opened from a commune's page (`?xa={code}`), it leads back to that commune and its service centre.
//! In the module of rarely visited pages (`frontend-pages/`), so its texts are here, not in the app's
//! first load.

use leptos::prelude::*;
use shared::answers::{
    ChannelKind, ChannelTerms, CommuneResponse, FilingChannel, OutdatedNote, PortalKind, ProcedureResponse,
};
use shared::model::{DetailField, LegalDocument, OnlineLevel, ProcedureDocument, ProcedureStatus};

use crate::api;
use crate::browser;
use crate::components::fetched::Fetched;
use crate::components::page_actions::PageActions;
use crate::components::page_heading::PageHeading;
use crate::components::procedures::commune_code;
use crate::format;
use crate::format::fill;
use crate::i18n::{Lang, Language, tr, use_texts};

/// What the route gives the page: the procedure's code and the commune it was opened from, as
/// `{code}` or `{code}?xa={commune}` ([`argument`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub code: String,
    pub commune: Option<String>,
}

/// The page's argument for a route's code and its `xa` query parameter.
pub fn argument(code: &str, commune: Option<&str>) -> String {
    match commune {
        Some(commune) if !commune.is_empty() => format!("{code}?xa={commune}"),
        _ => code.to_owned(),
    }
}

impl Opened {
    pub fn parse(argument: &str) -> Self {
        let (code, query) = argument.split_once("?xa=").unwrap_or((argument, ""));
        Opened { code: code.to_owned(), commune: commune_code(query).map(str::to_owned) }
    }
}

#[component]
pub fn ProcedurePage(argument: String) -> impl IntoView {
    let Opened { code, commune } = Opened::parse(&argument);
    let call = move || Some(api::procedure(&code));
    let back = commune.clone();
    let show = Callback::new(move |text: String| {
        let commune = commune.clone();
        api::decode::<ProcedureResponse>(&text).map(|procedure| view! { <ProcedureView procedure commune/> }.into_any())
    });
    view! {
        <BackToCommune commune=back/>
        <Fetched call show not_found_page=true/>
    }
}

/// "← Back to <commune>" when the procedure was opened from a commune's page; its name comes from the
/// commune's answer, which the browser has just fetched (cached for a minute).
#[component]
fn BackToCommune(commune: Option<String>) -> impl IntoView {
    let t = use_texts();
    let call = move || commune.as_deref().map(api::commune);
    let show = Callback::new(move |text: String| {
        api::decode::<CommuneResponse>(&text).map(|commune| {
            let href = format!("/xa/{}", commune.code);
            view! { <p><a href=href data-testid="back-to-commune">{move || fill(t().back_to, &[&commune.name])}</a></p> }
                .into_any()
        })
    });
    view! { <Fetched call show quiet=true/> }
}

#[component]
fn ProcedureView(procedure: ProcedureResponse, commune: Option<String>) -> impl IntoView {
    let t = use_texts();
    let d = use_detail_texts();
    let online = procedure.online;
    let level = procedure.level;
    let field = procedure.field.as_deref().map(format::field_heading);
    let repealed = procedure.status == ProcedureStatus::Repealed;
    let replacement = procedure.replacement.clone();
    let page = format!("/thu-tuc/{}", procedure.code);
    let agency = procedure.agency.clone();
    let note = |field: DetailField| outdated_note(&procedure.outdated, field);
    let has_details = procedure.source.details.is_some();
    view! {
        <PageHeading title=procedure.name.clone() test_id="procedure-name"/>
        {repealed.then(|| view! {
            <div class="hint" role="note">
                <p><strong>{tr(|t| t.repealed)}</strong></p>
                {match replacement {
                    Some(r) => view! {
                        <p>{tr(|t| t.replaced_by)} ": " <a href=format!("/thu-tuc/{}", r.code)>{format!("{} ({})", r.name, r.code)}</a></p>
                    }
                    .into_any(),
                    None => view! { <p>{tr(|t| t.repealed_no_replacement)}</p> }.into_any(),
                }}
            </div>
        })}
        <section class="card">
            <dl class="facts">
                <dt>{tr(|t| t.procedure_code)}</dt>
                <dd data-testid="procedure-code">{procedure.code.clone()}</dd>
                <dt>{tr(|t| t.field)}</dt>
                <dd>{move || field.clone().unwrap_or_else(|| t().unknown.to_owned())}</dd>
                <dt>{tr(|t| t.level)}</dt>
                <dd>{move || t().level(level)}</dd>
                <dt>{tr(|t| t.agency)}</dt>
                <dd>{move || agency.clone().unwrap_or_else(|| t().unknown.to_owned())}</dd>
                <dt>{tr(|t| t.online_level)}</dt>
                <dd>
                    <span class=if online == OnlineLevel::Full { "badge new" } else { "badge" }>{move || t().online(online)}</span>
                </dd>
            </dl>
            {note(DetailField::Agency)}
        </section>
        {(!has_details).then(|| view! { <p class="hint" role="note" data-testid="no-details">{move || d().no_details}</p> })}
        {has_details.then(|| view! {
            <Checklist code=procedure.code.clone() documents=procedure.documents.clone()/>
            {note(DetailField::Documents)}
            <Steps steps=procedure.steps.clone()/>
            {note(DetailField::Steps)}
            <Channels channels=procedure.channels.clone() every=procedure.every_channel.clone()/>
        })}
        {(!repealed).then(|| view! {
            <WhereToFile procedure=procedure.clone() commune/>
        })}
        {has_details.then(|| view! {
            <MoreFacts procedure=procedure.clone()/>
        })}
        <SourceCard procedure/>
        <PageActions page/>
    }
}

/// "Cần mang gì": the documents as boxes to tick, grouped by the source's cases; the ticks are kept on
/// the phone, by procedure, so that a person gathering papers over days finds them again.
#[component]
fn Checklist(code: String, documents: Option<Vec<ProcedureDocument>>) -> impl IntoView {
    let d = use_detail_texts();
    let Some(documents) = documents else {
        return view! {
            <section class="card" data-testid="checklist">
                <h2>{move || d().bring}</h2>
                <p class="muted">{move || d().no_source}</p>
            </section>
        }
        .into_any();
    };
    let key = format!("thu-tuc:{code}:da-co");
    let ticked = RwSignal::new(ticked_from(&browser::local_get(&key).unwrap_or_default()));
    let total = documents.len();
    let groups = groups(&documents);
    view! {
        <section class="card" data-testid="checklist">
            <h2>{move || d().bring}</h2>
            <p class="muted" aria-live="polite">{move || fill(d().ticked, &[&ticked.read().len().to_string(), &total.to_string()])}</p>
            {groups
                .into_iter()
                .map(|(group, items)| {
                    let key = key.clone();
                    view! {
                        {group.map(|g| view! { <h3 class="group">{g}</h3> })}
                        <ul class="checklist">
                            {items
                                .into_iter()
                                .map(|document| {
                                    let id = document_key(document);
                                    let checked_id = id.clone();
                                    let key = key.clone();
                                    let toggle = move |_| {
                                        ticked.update(|set| toggle(set, &id));
                                        browser::local_set(&key, &ticked.read_untracked().join("\n"));
                                    };
                                    view! {
                                        <li>
                                            <label>
                                                <input type="checkbox" on:change=toggle
                                                    prop:checked=move || ticked.read().contains(&checked_id)/>
                                                <span>
                                                    {document.name.clone()}
                                                    {document.quantity.clone().map(|q| view! { <span class="muted">{format!(" ({q})")}</span> })}
                                                    {document.form.clone().map(|form| view! {
                                                        <span class="muted">{move || format!(" {}: {form}", d().form)}</span>
                                                    })}
                                                </span>
                                            </label>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })
                .collect_view()}
        </section>
    }
    .into_any()
}

/// Consecutive documents of the same case together, in the source's order.
pub fn groups(documents: &[ProcedureDocument]) -> Vec<(Option<String>, Vec<&ProcedureDocument>)> {
    let mut groups: Vec<(Option<String>, Vec<&ProcedureDocument>)> = Vec::new();
    for document in documents {
        match groups.last_mut() {
            Some((group, items)) if *group == document.group => items.push(document),
            _ => groups.push((document.group.clone(), vec![document])),
        }
    }
    groups
}

/// What identifies a document among the ticks kept: its case and its text (a later release may reorder them).
fn document_key(document: &ProcedureDocument) -> String {
    format!("{}|{}", document.group.as_deref().unwrap_or_default(), document.name).replace('\n', " ")
}

/// The ticks kept, one key a line.
pub fn ticked_from(kept: &str) -> Vec<String> {
    kept.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

pub fn toggle(ticked: &mut Vec<String>, key: &str) {
    match ticked.iter().position(|k| k == key) {
        Some(at) => {
            ticked.remove(at);
        }
        None => ticked.push(key.to_owned()),
    }
}

/// "Các bước": the source's text, its lines as it lays them out.
#[component]
fn Steps(steps: Option<Vec<String>>) -> impl IntoView {
    let d = use_detail_texts();
    view! {
        <section class="card" data-testid="steps">
            <h2>{move || d().steps}</h2>
            {match steps {
                Some(steps) => steps
                    .into_iter()
                    .map(|step| view! {
                        <div class="steps">
                            {lines(&step).into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
                        </div>
                    })
                    .collect_view()
                    .into_any(),
                None => view! { <p class="muted">{move || d().no_source}</p> }.into_any(),
            }}
        </section>
    }
}

/// A text's non-empty lines, trimmed.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect()
}

/// "Thời hạn và lệ phí": each way to file, with its time and fee; those the source gives for no channel
/// in particular, once, for all.
#[component]
fn Channels(channels: Option<Vec<FilingChannel>>, every: Option<ChannelTerms>) -> impl IntoView {
    let d = use_detail_texts();
    let nothing = channels.is_none() && every.is_none();
    view! {
        <section class="card" data-testid="channels">
            <h2>{move || d().time_and_fee}</h2>
            {nothing.then(|| view! { <p class="muted">{move || d().no_source}</p> })}
            {every.map(|terms| view! {
                <h3>{move || d().every_channel}</h3>
                <Terms terms/>
            })}
            {channels.into_iter().flatten().map(|channel| {
                let kind = channel.kind;
                let name = channel.name.clone();
                view! {
                    <h3>{move || channel_name(d(), kind, &name)}</h3>
                    <Terms terms=channel.terms/>
                }
            }).collect_view()}
        </section>
    }
}

#[component]
fn Terms(terms: ChannelTerms) -> impl IntoView {
    let d = use_detail_texts();
    let unsaid = |texts: &[String]| texts.is_empty() || texts.iter().all(|t| t == NO_INFORMATION);
    let time = (!unsaid(&terms.processing_time)).then(|| terms.processing_time.join("; "));
    let fee = (!unsaid(&terms.fees)).then(|| terms.fees.join("\n"));
    view! {
        <dl class="facts">
            <dt>{move || d().time}</dt>
            <dd class="text">{move || time.clone().unwrap_or_else(|| d().not_given.to_owned())}</dd>
            <dt>{move || d().fee}</dt>
            <dd class="text">{move || fee.clone().unwrap_or_else(|| d().not_given.to_owned())}</dd>
        </dl>
    }
}

/// What the national database writes where it has nothing.
const NO_INFORMATION: &str = "Không có thông tin";

fn channel_name(d: &DetailTexts, kind: ChannelKind, name: &str) -> String {
    match kind {
        ChannelKind::InPerson => d.in_person.to_owned(),
        ChannelKind::Online => d.online.to_owned(),
        ChannelKind::Post => d.by_post.to_owned(),
        ChannelKind::Other => name.to_owned(),
    }
}

/// Where to file: at the commune's service centre when the procedure is done at commune level (the
/// commune it was opened from, else the way to find one's commune), and the portal's page.
#[component]
fn WhereToFile(procedure: ProcedureResponse, commune: Option<String>) -> impl IntoView {
    let t = use_texts();
    let d = use_detail_texts();
    let at_commune = procedure.at_commune;
    // The note that the link is a search holds only where the portal's own page is not known.
    let searched = procedure.links.first().is_some_and(|l| l.kind == PortalKind::NationalSearch);
    view! {
        <section class="card" data-testid="where-to-file">
            <h2>{tr(|t| t.where_to_file)}</h2>
            {at_commune.then(|| view! {
                <p>{move || d().at_commune_centre}</p>
                {match commune {
                    Some(code) => view! {
                        <p><a href=format!("/xa/{code}") data-testid="commune-centre">{move || d().your_centre}</a></p>
                    }.into_any(),
                    None => view! { <p><a href="/" data-testid="find-commune">{move || d().find_commune}</a></p> }.into_any(),
                }}
            })}
            <div class="actions stacked" data-testid="portal-links">
                {procedure
                    .links
                    .into_iter()
                    .map(|link| {
                        let kind = link.kind;
                        view! {
                            <a class="button" href=link.url target="_blank" rel="noopener">
                                {move || match kind {
                                    PortalKind::NationalPage => d().portal_page,
                                    PortalKind::NationalSearch => t().national_portal,
                                    PortalKind::PublicSecurity => t().public_security_portal,
                                }}
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
            {searched.then(|| view! { <p class="muted">{tr(|t| t.portal_note)}</p> })}
        </section>
    }
}

/// Requirements, result, legal basis and the announcing decision.
#[component]
fn MoreFacts(procedure: ProcedureResponse) -> impl IntoView {
    let d = use_detail_texts();
    let note = |field: DetailField| outdated_note(&procedure.outdated, field);
    let text = |value: Option<String>| move || value.clone().unwrap_or_else(|| d().not_given.to_owned());
    let legal = procedure.legal_basis.clone();
    view! {
        <section class="card">
            <h2>{move || d().requirements}</h2>
            <p class="text">{text(procedure.requirements.clone())}</p>
            {note(DetailField::Requirements)}
            <h2>{move || d().result}</h2>
            <p class="text">{text(procedure.result.clone())}</p>
            {note(DetailField::Result)}
            <details>
                <summary>{move || d().legal_basis}</summary>
                {match legal {
                    Some(documents) => view! {
                        <ul>{documents.into_iter().map(|l| view! { <li>{legal_line(&l)}</li> }).collect_view()}</ul>
                    }.into_any(),
                    None => view! { <p class="muted">{move || d().no_source}</p> }.into_any(),
                }}
                {procedure.decision.clone().map(|decision| view! {
                    <p class="muted">{move || fill(d().decision, &[&decision])}</p>
                })}
            </details>
        </section>
    }
}

/// "123/2015/NĐ-CP: Nghị định …", or the title alone where the number is not given apart.
pub fn legal_line(document: &LegalDocument) -> String {
    match &document.number {
        Some(number) if !document.title.contains(number.as_str()) => format!("{number}: {}", document.title),
        _ => document.title.clone(),
    }
}

/// "Văn bản gốc ghi trước 1/7/2025" beside a field whose text still names what was abolished, with the words.
fn outdated_note(notes: &[OutdatedNote], field: DetailField) -> Option<impl IntoView + use<>> {
    let d = use_detail_texts();
    notes.iter().find(|n| n.field == field).map(|note| {
        let words = note.words.iter().map(|w| format!("\u{201c}{w}\u{201d}")).collect::<Vec<_>>().join(", ");
        view! { <p class="hint" role="note" data-testid="outdated">{move || fill(d().outdated, &[&words])}</p> }
    })
}

/// Where the details were read, with the copy's date, in plain view; the catalogue's source below.
#[component]
fn SourceCard(procedure: ProcedureResponse) -> impl IntoView {
    let d = use_detail_texts();
    let details = procedure.source.details.clone();
    view! {
        <section class="card" data-testid="procedure-source">
            <h2>{tr(|t| t.source)}</h2>
            {details.map(|source| {
                let publisher = source.publisher.clone();
                let date = source.copied_by.as_deref().map(format::date);
                view! {
                    <p>{move || match &date {
                        Some(date) => fill(d().copied_by, &[&publisher, date]),
                        None => fill(d().undated_copy, &[&publisher]),
                    }}</p>
                    <p class="source">{source.copy.clone()}</p>
                }
            })}
            <details>
                <summary>{move || d().catalogue_source}</summary>
                <p class="source">{procedure.source.catalogue.clone()}</p>
                <p class="source">{procedure.source.catalogue_note.clone()}</p>
            </details>
        </section>
    }
}

/// The texts of this page, which the app's first load does not carry.
pub struct DetailTexts {
    pub no_details: &'static str,
    pub no_source: &'static str,
    pub not_given: &'static str,
    pub bring: &'static str,
    pub ticked: &'static str,
    pub form: &'static str,
    pub steps: &'static str,
    pub time_and_fee: &'static str,
    pub every_channel: &'static str,
    pub time: &'static str,
    pub fee: &'static str,
    pub in_person: &'static str,
    pub online: &'static str,
    pub by_post: &'static str,
    pub at_commune_centre: &'static str,
    pub your_centre: &'static str,
    pub find_commune: &'static str,
    pub portal_page: &'static str,
    pub requirements: &'static str,
    pub result: &'static str,
    pub legal_basis: &'static str,
    pub decision: &'static str,
    pub outdated: &'static str,
    pub copied_by: &'static str,
    pub undated_copy: &'static str,
    pub catalogue_source: &'static str,
}

const VI: DetailTexts = DetailTexts {
    no_details: "Chưa có nguồn nào cho các bước, giấy tờ, thời hạn và lệ phí của thủ tục này. Hãy xem trên cổng dịch vụ công.",
    no_source: "Nguồn không ghi mục này.",
    not_given: "Nguồn không ghi",
    bring: "Cần mang gì",
    ticked: "Đã có {} trên {} giấy tờ (đánh dấu được lưu trên máy này).",
    form: "Mẫu",
    steps: "Các bước",
    time_and_fee: "Thời hạn và lệ phí",
    every_channel: "Mọi cách nộp",
    time: "Thời hạn",
    fee: "Phí, lệ phí",
    in_person: "Nộp trực tiếp",
    online: "Nộp trực tuyến",
    by_post: "Nộp qua bưu chính",
    at_commune_centre: "Thủ tục cấp xã: nộp tại Trung tâm phục vụ hành chính công của xã, phường nơi bạn ở.",
    your_centre: "Trung tâm phục vụ hành chính công của xã, phường này",
    find_commune: "Tìm xã, phường của bạn",
    portal_page: "Trang thủ tục trên Cổng Dịch vụ công quốc gia",
    requirements: "Yêu cầu, điều kiện",
    result: "Kết quả",
    legal_basis: "Căn cứ pháp lý",
    decision: "Công bố theo quyết định {}.",
    outdated: "Văn bản gốc ghi trước 1/7/2025; còn nhắc {}, nay đã bỏ hoặc đổi tên.",
    copied_by: "Theo {}, bản sao ngày {} hoặc trước đó.",
    undated_copy: "Theo {}, bản sao không ghi ngày.",
    catalogue_source: "Nguồn của danh mục",
};

const EN: DetailTexts = DetailTexts {
    no_details: "No source gives the steps, documents, time or fees of this procedure yet. See the public-service portal.",
    no_source: "The source does not give this.",
    not_given: "Not given by the source",
    bring: "What to bring",
    ticked: "{} of {} documents ready (ticks are kept on this device).",
    form: "Form",
    steps: "Steps",
    time_and_fee: "Time and fees",
    every_channel: "Every way of filing",
    time: "Time",
    fee: "Fees",
    in_person: "In person",
    online: "Online",
    by_post: "By post",
    at_commune_centre: "A commune-level procedure: file it at the public administrative service centre of the commune or ward where you live.",
    your_centre: "The public administrative service centre of this commune",
    find_commune: "Find your commune",
    portal_page: "The procedure's page on the National Public Service Portal",
    requirements: "Requirements",
    result: "Result",
    legal_basis: "Legal basis",
    decision: "Announced by decision {}.",
    outdated: "The original text predates 1 July 2025; it still names {}, since abolished or renamed.",
    copied_by: "From the {}, a copy of {} or earlier.",
    undated_copy: "From the {}, an undated copy.",
    catalogue_source: "Source of the catalogue",
};

fn use_detail_texts() -> impl Fn() -> &'static DetailTexts + Copy + Send + Sync + 'static {
    let Language(lang) = expect_context::<Language>();
    move || match lang.get() {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(group: Option<&str>, name: &str) -> ProcedureDocument {
        ProcedureDocument { group: group.map(str::to_owned), name: name.to_owned(), form: None, quantity: None }
    }

    #[test]
    fn the_route_gives_the_code_and_the_commune_it_came_from() {
        assert_eq!(
            Opened::parse(&argument("1.001193", Some("00004"))),
            Opened { code: "1.001193".into(), commune: Some("00004".into()) }
        );
        assert_eq!(Opened::parse(&argument("1.001193", None)).commune, None);
        assert_eq!(Opened::parse(&argument("1.001193", Some(""))), Opened { code: "1.001193".into(), commune: None });
        assert_eq!(Opened::parse("1.001193?xa=<script>").commune, None, "not a commune code");
    }

    #[test]
    fn documents_are_grouped_by_consecutive_cases_and_ticks_toggle() {
        let documents =
            [document(Some("A"), "1"), document(Some("A"), "2"), document(None, "3"), document(Some("A"), "4")];
        let shown: Vec<(Option<String>, usize)> = groups(&documents).into_iter().map(|(g, i)| (g, i.len())).collect();
        assert_eq!(shown, [(Some("A".into()), 2), (None, 1), (Some("A".into()), 1)]);
        let mut ticked = ticked_from("A|1\n\nA|2\n");
        assert_eq!(ticked, ["A|1", "A|2"]);
        toggle(&mut ticked, "A|1");
        toggle(&mut ticked, "|3");
        assert_eq!(ticked, ["A|2", "|3"]);
        assert_eq!(document_key(&document(None, "a\nb")), "|a b");
    }

    #[test]
    fn steps_keep_their_lines_and_legal_texts_their_number_once() {
        assert_eq!(lines(" - Bước 1\n\n+ Bước 2 \n"), ["- Bước 1", "+ Bước 2"]);
        let law = |number: Option<&str>, title: &str| LegalDocument {
            number: number.map(str::to_owned),
            title: title.to_owned(),
            issued: None,
            issuer: None,
        };
        assert_eq!(legal_line(&law(Some("85/2019/TT-BTC"), "Thông tư …")), "85/2019/TT-BTC: Thông tư …");
        assert_eq!(
            legal_line(&law(Some("123/2015/NĐ-CP"), "Nghị định số 123/2015/NĐ-CP …")),
            "Nghị định số 123/2015/NĐ-CP …"
        );
        assert_eq!(legal_line(&law(None, "Luật Hộ tịch")), "Luật Hộ tịch");
    }

    #[test]
    fn both_languages_fill_the_same_blanks() {
        let blanks = |t: &str| t.matches("{}").count();
        for (vi, en) in [
            (VI.ticked, EN.ticked),
            (VI.decision, EN.decision),
            (VI.outdated, EN.outdated),
            (VI.copied_by, EN.copied_by),
        ] {
            assert_eq!(blanks(vi), blanks(en), "{vi}");
        }
    }
}
