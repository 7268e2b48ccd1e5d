//! What every form that proposes a change holds besides its fields ([`FormState`]): whether staff have
//! typed yet, the problems of the server's last answer, its error, and whether a call is under way;
//! and the sending itself ([`FormState::send`]): a new draft, then for review if asked, the kept draft
//! forgotten once the server has it, and the change's page shown.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use shared::answers::Lang;
use shared::staff::edit::Problem;
use shared::staff::record::{ChangeAnswer, ChangeInput};

use crate::api::{self, CallError};
use crate::components::problems::messages_for;
use crate::drafts;
use crate::session::Session;

#[derive(Clone, Copy)]
pub struct FormState {
    /// A send was tried (or a draft restored): every message of the local check is shown from then on.
    pub touched: RwSignal<bool>,
    /// The fields staff have changed: their own messages are shown as they type.
    pub edited: RwSignal<Vec<String>>,
    /// The problems of the server's last 422, by field, until staff type again.
    pub server_problems: RwSignal<Vec<Problem>>,
    pub error: RwSignal<Option<CallError>>,
    pub busy: RwSignal<bool>,
    /// The change a send of this form created, if its submission then failed (a record busy with
    /// another change, say): sending again updates and submits that change instead of making another.
    pub created: RwSignal<Option<u64>>,
}

impl FormState {
    pub fn new(touched: bool) -> Self {
        Self {
            touched: RwSignal::new(touched),
            edited: RwSignal::new(Vec::new()),
            server_problems: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
            created: RwSignal::new(None),
        }
    }

    /// Staff changed `field`: the local check speaks there from now on, and the server's last word is old.
    pub fn typed(self, field: &str) {
        if !self.edited.with_untracked(|edited| edited.iter().any(|f| f == field)) {
            self.edited.update(|edited| edited.push(field.to_owned()));
        }
        self.forget_answer();
    }

    /// The server's last answer no longer speaks of what the form holds.
    pub fn forget_answer(self) {
        self.server_problems.set(Vec::new());
        self.error.set(None);
    }

    /// Whether the local check's messages about `field` are shown (it was changed, or a send tried).
    pub fn showing(self, field: &str) -> bool {
        self.touched.get() || self.edited.with(|edited| edited.iter().any(|f| f == field))
    }

    /// What to show at `field`: the local check's messages once it was changed or a send tried, else
    /// the server's.
    pub fn shown(self, local: Memo<Vec<Problem>>, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            let mine = self.showing(field).then(|| local.with(|p| messages_for(p, field))).flatten();
            mine.or_else(|| self.server_problems.with(|p| messages_for(p, field)))
        })
    }

    /// How many fields the local check finds wrong, once a send was tried.
    pub fn invalid_count(self, local: Memo<Vec<Problem>>) -> usize {
        if !self.touched.get() {
            return 0;
        }
        local.with(|problems| {
            let mut fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            fields.sort_unstable();
            fields.dedup();
            fields.len()
        })
    }

    /// Whether the buttons wait: a call is under way, or a send was tried and the local check still finds
    /// a problem (shown at its field).
    pub fn blocked(self, local: Memo<Vec<Problem>>) -> bool {
        self.busy.get() || self.invalid_count(local) > 0
    }

    /// Saves `input` as a new draft (or as the content of the change an earlier send created) and,
    /// `for_review`, submits it; then forgets the draft kept under `draft_key` and goes to the change's
    /// page. A 401 ends the session (the draft stays); a 422 puts the server's problems by field.
    pub fn send(
        self,
        input: ChangeInput,
        for_review: bool,
        draft_key: String,
        lang: Lang,
        session: Session,
        navigate: impl Fn(&str, NavigateOptions) + Clone + 'static,
    ) {
        self.busy.set(true);
        self.error.set(None);
        leptos::task::spawn_local(async move {
            let result = save(&input, self.created, for_review, lang).await;
            self.busy.set(false);
            match result {
                Ok(id) => {
                    drafts::clear(&draft_key);
                    navigate(&format!("/quan-tri/thay-doi/{id}"), Default::default());
                }
                Err(CallError::SignedOut) => session.ended(),
                Err(error) => {
                    if let CallError::Invalid { problems, .. } = &error {
                        self.server_problems.set(problems.clone());
                    }
                    self.error.set(Some(error));
                }
            }
        });
    }
}

/// `POST /api/v1/staff/changes` (or `PUT …/{id}` of the change `created` names, keeping its number
/// there), then `…/{id}/submit` if `for_review`: the change's number.
async fn save(
    input: &ChangeInput,
    created: RwSignal<Option<u64>>,
    for_review: bool,
    lang: Lang,
) -> Result<u64, CallError> {
    let id = match created.get_untracked() {
        Some(id) => {
            api::put::<_, ChangeAnswer>(&format!("/api/v1/staff/changes/{id}"), input, lang).await?;
            id
        }
        None => {
            let answer: ChangeAnswer = api::post("/api/v1/staff/changes", input, lang).await?;
            answer.change.request.id.0
        }
    };
    created.set(Some(id));
    if for_review {
        api::post_empty(&format!("/api/v1/staff/changes/{id}/submit"), lang).await?;
    }
    Ok(id)
}

struct Texts {
    saved_as_draft: fn(u64) -> String,
}

const VI: Texts = Texts {
    saved_as_draft: |id| format!("Đã lưu thành bản nháp #{id}; chưa gửi duyệt được. Gửi lại, hoặc mở đề xuất:"),
};
const EN: Texts = Texts {
    saved_as_draft: |id| format!("Saved as draft #{id}, but not yet sent for review. Send again, or open the change:"),
};

/// After a send that saved the change but could not submit it: its number, and a link to it.
#[component]
pub fn CreatedNote(state: FormState) -> impl IntoView {
    let lang = crate::i18n::lang();
    move || {
        state.created.get().filter(|_| state.error.with(Option::is_some)).map(|id| {
            let texts = match lang.get() {
                Lang::Vi => &VI,
                Lang::En => &EN,
            };
            view! {
                <p class="hint" data-testid="created-note">
                    {(texts.saved_as_draft)(id)}" "<a href=format!("/quan-tri/thay-doi/{id}")>{format!("#{id}")}</a>
                </p>
            }
        })
    }
}

/// The problems of `problems` whose field is none of `shown` (they are said above the buttons).
pub fn others(problems: &[Problem], shown: &[&str]) -> Vec<String> {
    problems.iter().filter(|p| !shown.contains(&p.field.as_str())).map(|p| p.message.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_of_no_field_of_the_form_are_said_apart() {
        let problems = vec![
            Problem { field: "effective".into(), message: "a".into() },
            Problem { field: String::new(), message: "b".into() },
        ];
        assert_eq!(others(&problems, &["effective"]), ["b"]);
    }
}
