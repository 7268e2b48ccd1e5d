//! `/bao-cao?trang=/xa/00097`: a citizen reports an error on a page, and gets a ticket;
//! `/bao-cao/{ticket}`: where that report stands.
//!
//! Nothing typed is lost: the form's text stays when sending fails, and a draft is kept in the tab's
//! `sessionStorage` (a reload keeps it; it is forgotten once the report is sent).

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use shared::staff::change::Reason;
use shared::staff::reports::{
    MAX_CONTACT_CHARS, MAX_MESSAGE_CHARS, MAX_PAGE_CHARS, NewReport, PublicReportState, ReportReceipt, Ticket,
};

use crate::api::{self, FetchError};
use crate::components::fetched::Fetched;
use crate::components::page_heading::PageHeading;
use crate::i18n::{Texts, tr, use_texts};
use crate::pages::not_found::NotFoundPage;
use crate::{browser, format};

/// The first thing to correct before a report can be sent, by [`NewReport::validated`] (the server's
/// own rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    PageMissing,
    PageTooLong,
    MessageMissing,
    MessageTooLong,
    ContactTooLong,
}

impl Problem {
    /// The id of the field to correct.
    pub fn field(self) -> &'static str {
        match self {
            Problem::PageMissing | Problem::PageTooLong => "report-page",
            Problem::MessageMissing | Problem::MessageTooLong => "report-message",
            Problem::ContactTooLong => "report-contact",
        }
    }

    pub fn text(self, t: &Texts) -> String {
        match self {
            Problem::PageMissing => t.report_page_missing.to_owned(),
            Problem::MessageMissing => t.report_message_missing.to_owned(),
            Problem::PageTooLong => (t.report_too_long)(MAX_PAGE_CHARS),
            Problem::MessageTooLong => (t.report_too_long)(MAX_MESSAGE_CHARS),
            Problem::ContactTooLong => (t.report_too_long)(MAX_CONTACT_CHARS),
        }
    }
}

/// The report to send, trimmed, or the first problem (plain function, tested natively).
pub fn check(page: &str, message: &str, contact: &str) -> Result<NewReport, Problem> {
    let report = NewReport { page: page.to_owned(), message: message.to_owned(), contact: Some(contact.to_owned()) };
    report.validated().map_err(|field| match field {
        "page" if page.trim().is_empty() => Problem::PageMissing,
        "page" => Problem::PageTooLong,
        "message" if message.trim().is_empty() => Problem::MessageMissing,
        "message" => Problem::MessageTooLong,
        _ => Problem::ContactTooLong,
    })
}

/// Whether `text` is a ticket as the API writes it (the server's rule for the page, `shared::site`).
pub fn is_ticket(text: &str) -> bool {
    Ticket::parse(text).is_ok_and(|ticket| ticket.as_str() == text)
}

/// The way back to the page the report is about: a path of this site only (`?trang=` is in a link
/// anyone can write, and `//host` or `/\host` would lead elsewhere).
pub fn back_link(page: &str) -> Option<String> {
    let mut chars = page.chars();
    let local = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    (local && !page.chars().any(char::is_control)).then(|| page.to_owned())
}

/// Where the draft of one field of a report about `page` is kept in `sessionStorage`.
pub fn draft_key(page: &str, field: &str) -> String {
    format!("xamoi.report.{field}:{page}")
}

/// The form; `about`: the page the report is about, as the link named it (`?trang=`), also the key of
/// the draft.
#[component]
pub fn ReportPage(about: String) -> impl IntoView {
    let t = use_texts();
    let field = |name: &'static str, initial: &str| {
        let key = draft_key(&about, name);
        let value = RwSignal::new(browser::session_get(&key).unwrap_or_else(|| initial.to_owned()));
        Effect::new(move |_| value.with(|text| browser::session_set(&key, text)));
        value
    };
    let page = field("page", &about);
    let message = field("message", "");
    let contact = field("contact", "");
    let problem = RwSignal::new(None::<Problem>);
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<FetchError>);
    let sent = RwSignal::new(None::<String>);
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let report = match check(&page.get_untracked(), &message.get_untracked(), &contact.get_untracked()) {
            Ok(report) => report,
            Err(found) => {
                problem.set(Some(found));
                browser::focus(found.field());
                return;
            }
        };
        problem.set(None);
        failure.set(None);
        busy.set(true);
        spawn_local(async move {
            let answer = api::send(api::report(&report)).await.and_then(|text| api::decode::<ReportReceipt>(&text));
            busy.set(false);
            match answer {
                Ok(receipt) => {
                    for field in [page, message, contact] {
                        field.set(String::new());
                    }
                    sent.set(Some(receipt.ticket.as_str().to_owned()));
                }
                // The form checks what the API checks: a 422 is the API's own problem, not "too long".
                Err(FetchError::TooLong) => failure.set(Some(FetchError::Status(422))),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let back = back_link(&about);
    view! {
        <PageHeading title=Signal::derive(move || t().report_title.to_owned())/>
        {move || match sent.get() {
            Some(ticket) => view! { <Receipt ticket back=back.clone()/> }.into_any(),
            None => view! {
                <p class="muted">{tr(|t| t.report_intro)}</p>
                <form class="card report" novalidate on:submit=submit>
                    <ReportField id="report-page" label=|t| t.report_page value=page problem/>
                    <ReportField id="report-message" label=|t| t.report_message hint=|t| t.report_message_hint value=message problem multiline=true/>
                    <ReportField id="report-contact" label=|t| t.report_contact hint=|t| t.report_contact_hint value=contact problem/>
                    {move || failure.get().map(|error| view! {
                        <div role="alert" data-testid="report-error">
                            <p class="error">{t().fetch_error(&error)} " " {tr(|t| t.report_kept)}</p>
                        </div>
                    })}
                    <button class="button" type="submit" data-testid="report-send" aria-disabled=move || busy.get().then_some("true")>
                        {move || if busy.get() { t().report_sending } else { t().report_send }}
                    </button>
                </form>
            }
            .into_any(),
        }}
    }
}

/// One field of the form with its label, its hint, and the problem that stands against it, both linked
/// to it (`aria-describedby`; the error's paragraph is always there, empty while nothing is wrong).
#[component]
fn ReportField(
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    #[prop(optional)] hint: Option<fn(&Texts) -> &'static str>,
    value: RwSignal<String>,
    problem: RwSignal<Option<Problem>>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let t = use_texts();
    let error = move || problem.get().filter(|p| p.field() == id);
    let invalid = move || error().is_some().then_some("true");
    let described = match hint {
        Some(_) => format!("{id}-hint {id}-error"),
        None => format!("{id}-error"),
    };
    // Typing in the field answers its problem: the message goes until the next try.
    let input = move |ev| {
        value.set(event_target_value(&ev));
        if problem.get_untracked().is_some_and(|p| p.field() == id) {
            problem.set(None);
        }
    };
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            {hint.map(|hint| view! { <p id=format!("{id}-hint") class="muted">{tr(hint)}</p> })}
            {if multiline {
                view! { <textarea id=id rows="6" required aria-invalid=invalid aria-describedby=described prop:value=move || value.get() on:input=input></textarea> }.into_any()
            } else {
                view! { <input id=id type="text" aria-invalid=invalid aria-describedby=described prop:value=move || value.get() on:input=input/> }.into_any()
            }}
            <p id=format!("{id}-error") class="error">{move || error().map(|p| p.text(t()))}</p>
        </div>
    }
}

/// What a sent report leaves: its ticket, announced, and where to follow it.
#[component]
fn Receipt(ticket: String, back: Option<String>) -> impl IntoView {
    let href = format!("/bao-cao/{ticket}");
    view! {
        <section class="card" role="status" data-testid="report-receipt">
            <p>{tr(|t| t.report_sent)}</p>
            <p class="ticket" data-testid="ticket">{ticket}</p>
            <p>{tr(|t| t.report_sent_text)}</p>
            <div class="actions">
                <a class="button" href=href>{tr(|t| t.report_follow)}</a>
                {back.map(|href| view! { <a class="button secondary" href=href>{tr(|t| t.report_back)}</a> })}
            </div>
        </section>
    }
}

/// [`ReportStatus`] as this page reads it: the state's tag beside its fields. Decoding the internally
/// tagged [`PublicReportState`] itself first buffers the object in serde's `Content` (about 2 KB of the
/// gzipped bundle); a test checks that this reads every state as the API writes it.
#[derive(Debug, Deserialize)]
pub struct StatusAnswer {
    ticket: String,
    received_at: u64,
    state: StateAnswer,
}

#[derive(Debug, Deserialize)]
struct StateAnswer {
    state: String,
    #[serde(default)]
    release: Option<u64>,
    #[serde(default)]
    reason: Option<String>,
}

impl StatusAnswer {
    /// The ticket, the day it was received, and its state; `None` for a state this app does not know.
    pub fn read(self) -> Option<(String, u64, PublicReportState)> {
        let StateAnswer { state, release, reason } = self.state;
        let state = match state.as_str() {
            "open" => PublicReportState::Open,
            "linked" => PublicReportState::Linked,
            "fixed" => PublicReportState::Fixed { release: release? },
            "closed" => PublicReportState::Closed { reason: Reason::parse(&reason?).ok()? },
            _ => return None,
        };
        Some((self.ticket, self.received_at, state))
    }
}

/// `ticket` as the path wrote it.
#[component]
pub fn ReportStatusPage(ticket: String) -> impl IntoView {
    // A malformed ticket is no page (as the server says): not asked for.
    if !is_ticket(&ticket) {
        return view! { <NotFoundPage/> }.into_any();
    }
    let call = api::report_status(&ticket);
    let show = Callback::new(|text: String| {
        let read = api::decode::<StatusAnswer>(&text)?.read().ok_or(FetchError::Decode)?;
        Ok(view! { <TicketView status=read/> }.into_any())
    });
    view! { <Fetched call=move || Some(call.clone()) show not_found_page=true/> }.into_any()
}

/// A report's state in words: the headline and what it means (plain function, tested natively).
pub fn state_text(t: &Texts, state: &PublicReportState) -> (String, Option<String>) {
    match state {
        PublicReportState::Open => (t.state_open.to_owned(), Some(t.state_open_text.to_owned())),
        PublicReportState::Linked => (t.state_linked.to_owned(), Some(t.state_linked_text.to_owned())),
        PublicReportState::Fixed { release } => ((t.state_fixed)(*release), None),
        PublicReportState::Closed { reason } => {
            (t.state_closed.to_owned(), Some(format!("{}: {}", t.state_closed_reason, reason.as_str())))
        }
    }
}

#[component]
fn TicketView(status: (String, u64, PublicReportState)) -> impl IntoView {
    let t = use_texts();
    let (ticket, received_at, state) = status;
    let received = format::day_in_vietnam(received_at);
    let fixed = matches!(state, PublicReportState::Fixed { .. });
    let state = StoredValue::new(state);
    let words = move || state.with_value(|state| state_text(t(), state));
    view! {
        <PageHeading title=Signal::derive(move || t().ticket_title.to_owned())/>
        <section class="card" data-testid="report-status">
            <dl class="facts">
                <dt>{tr(|t| t.ticket_number)}</dt>
                <dd class="ticket">{ticket}</dd>
                <dt>{tr(|t| t.ticket_received)}</dt>
                <dd>{received}</dd>
                <dt>{tr(|t| t.ticket_state)}</dt>
                <dd>
                    <span class=if fixed { "badge new" } else { "badge" } data-testid="report-state">{move || words().0}</span>
                </dd>
            </dl>
            {move || words().1.map(|text| view! { <p>{text}</p> })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use shared::answers::Lang;
    use shared::staff::reports::ReportStatus;

    use super::*;
    use crate::i18n::texts;

    #[test]
    fn a_report_needs_its_page_and_what_is_wrong_within_the_server_s_limits() {
        let sent = check(" /xa/00097 ", " Sai giờ làm việc ", "  ").unwrap();
        assert_eq!((sent.page.as_str(), sent.message.as_str(), sent.contact), ("/xa/00097", "Sai giờ làm việc", None));
        assert_eq!(check("", "x", "").unwrap_err(), Problem::PageMissing);
        assert_eq!(check(&"/".repeat(MAX_PAGE_CHARS + 1), "x", "").unwrap_err(), Problem::PageTooLong);
        assert_eq!(check("/xa/00097", " \n ", "").unwrap_err(), Problem::MessageMissing);
        assert_eq!(check("/xa/00097", &"ê".repeat(MAX_MESSAGE_CHARS + 1), "").unwrap_err(), Problem::MessageTooLong);
        assert!(check("/xa/00097", &"ê".repeat(MAX_MESSAGE_CHARS), "").is_ok(), "characters, not bytes");
        assert_eq!(check("/xa/00097", "x", &"0".repeat(MAX_CONTACT_CHARS + 1)).unwrap_err(), Problem::ContactTooLong);
        assert_eq!(Problem::MessageTooLong.field(), "report-message");
        assert_eq!(Problem::MessageTooLong.text(texts(Lang::Vi)), "Quá dài: tối đa 2.000 ký tự.");
        assert_eq!(Problem::MessageTooLong.text(texts(Lang::En)), "Too long: at most 2,000 characters.");
    }

    #[test]
    fn tickets_are_read_as_the_api_writes_them() {
        assert!(is_ticket("abcdefghij23"));
        for text in ["ABCDEFGHIJ23", " abcdefghij23", "abcdefghij2", "abcdefghij01", ""] {
            assert!(!is_ticket(text), "{text:?}");
        }
        assert_ne!(draft_key("/xa/00097", "message"), draft_key("/xa/00004", "message"));
        assert_eq!(back_link("/xa/00097").as_deref(), Some("/xa/00097"));
        assert_eq!(back_link("/").as_deref(), Some("/"));
        for elsewhere in ["", "xa/00097", "//example.org", "/\\example.org", "https://example.org", "/x\ny"] {
            assert_eq!(back_link(elsewhere), None, "{elsewhere:?}");
        }
    }

    #[test]
    fn every_state_the_api_writes_is_read() {
        let states = [
            PublicReportState::Open,
            PublicReportState::Linked,
            PublicReportState::Fixed { release: 12 },
            PublicReportState::Closed { reason: Reason::parse("đã sửa trước đó").unwrap() },
        ];
        for state in states {
            let ticket = Ticket::parse("abcdefghij23").unwrap();
            let written = ReportStatus { ticket, received_at: 1_751_302_800, state: state.clone() };
            let answer: StatusAnswer = serde_json::from_str(&serde_json::to_string(&written).unwrap()).unwrap();
            assert_eq!(answer.read(), Some(("abcdefghij23".to_owned(), 1_751_302_800, state)));
        }
        let unknown = r#"{"ticket":"abcdefghij23","received_at":1,"state":{"state":"lost"}}"#;
        assert_eq!(serde_json::from_str::<StatusAnswer>(unknown).unwrap().read(), None);
    }

    #[test]
    fn each_state_reads_in_the_reader_s_language() {
        let (vi, _) = state_text(texts(Lang::Vi), &PublicReportState::Fixed { release: 3 });
        assert_eq!(vi, "Đã sửa trong bản phát hành 3");
        let (en, _) = state_text(texts(Lang::En), &PublicReportState::Fixed { release: 3 });
        assert_eq!(en, "Fixed in release 3");
        let closed = PublicReportState::Closed { reason: Reason::parse("trùng báo cáo khác").unwrap() };
        assert_eq!(state_text(texts(Lang::Vi), &closed), ("Đã đóng".into(), Some("Lý do: trùng báo cáo khác".into())));
        assert_eq!(state_text(texts(Lang::En), &PublicReportState::Open).0, "Open");
        assert_eq!(state_text(texts(Lang::Vi), &PublicReportState::Linked).0, "Đang được sửa");
    }
}
