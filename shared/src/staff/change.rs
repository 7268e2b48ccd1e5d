//! The life of a change request, as a state machine over [`ChangeState`]:
//!
//! ```text
//!            Edit                                  Approve             Publish
//!   Draft ◀──────┐   Submit                    ┌──────────▶ Approved ──────────▶ Published
//!     │  ▲       └──────────────▶ Submitted ───┤
//!     │  └── Edit ── Rejected ◀────────────────┘ Reject (with a reason), also from Approved
//!     │
//!     └─ Withdraw (from Draft, Submitted, Rejected or Approved) ──▶ Withdrawn
//! ```
//!
//! Decisions: a rejected change is not a dead end: its author edits it (back to Draft, so that the
//! reviewer sees what changed when it is submitted again) and resubmits it. Only the author edits,
//! submits and withdraws a change, so that nobody changes a text under the name of another and
//! then approves it. An approved change may still be withdrawn until it is published, the last
//! moment its author can stop a mistake; and a reviewer may reject it again (an approved change that no
//! longer applies would otherwise block every publish of its province until its author acts). Published and Withdrawn are final: a published change is
//! undone by a new change (or a rollback release), never by rewriting history.
//!
//! Every step yields an [`AuditEntry`]; the append-only log that keeps them is the store's.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::ProvinceCode;
use crate::staff::roles::{Account, Email, Refusal};

/// A change request's number, given by the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeId(pub u64);

/// What does not change during a change request's life: which it is, where, and who proposed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRequest {
    pub id: ChangeId,
    /// The province whose data it changes, which decides who may see and review it.
    pub province: ProvinceCode,
    pub author: Email,
}

/// Why a reviewer rejected a change, for its author to act on: never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Reason(String);

impl Reason {
    /// At most this many characters: a reason, not a document.
    pub const MAX_CHARS: usize = 1_000;

    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("a rejection needs a reason".to_owned());
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(format!("a reason has at most {} characters", Self::MAX_CHARS));
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Reason {
    type Error = String;

    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text)
    }
}

impl From<Reason> for String {
    fn from(reason: Reason) -> Self {
        reason.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ChangeState {
    Draft,
    Submitted,
    Approved,
    Rejected { reason: Reason },
    Published,
    Withdrawn,
}

impl ChangeState {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected { .. } => "rejected",
            Self::Published => "published",
            Self::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// The author changed the proposed content (the store keeps the content and its diff).
    Edit,
    Submit,
    Approve,
    Reject {
        reason: Reason,
    },
    Publish,
    Withdraw,
}

impl Action {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Edit => "edit",
            Self::Submit => "submit",
            Self::Approve => "approve",
            Self::Reject { .. } => "reject",
            Self::Publish => "publish",
            Self::Withdraw => "withdraw",
        }
    }
}

/// One step of one change, as the audit log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub change: ChangeId,
    pub actor: Email,
    /// Seconds since the Unix epoch (UTC), given by the caller: shared has no clock.
    pub at: u64,
    /// Flattened: `"action": "reject", "reason": "..."`.
    #[serde(flatten)]
    pub action: Action,
}

/// The state a step leads to, and its audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub state: ChangeState,
    pub audit: AuditEntry,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransitionError {
    /// The actor may not do this to this change (the API answers 403).
    Refused(Refusal),
    /// Nobody may do this in the change's current state (the API answers 409).
    WrongState { action: &'static str, state: &'static str },
}

impl From<Refusal> for TransitionError {
    fn from(refusal: Refusal) -> Self {
        Self::Refused(refusal)
    }
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Refused(refusal) => refusal.fmt(f),
            Self::WrongState { action, state } => write!(f, "a change that is {state} cannot be given {action:?}"),
        }
    }
}

/// The step `action` by `actor` at `at` takes `change` to from `state`, or why it may not.
/// Who may act is checked before what the state allows, so that someone outside the change's
/// province learns nothing about it.
pub fn apply(
    change: &ChangeRequest,
    state: &ChangeState,
    action: Action,
    actor: &Account,
    at: u64,
) -> Result<Step, TransitionError> {
    match &action {
        Action::Edit | Action::Submit | Action::Withdraw => {
            actor.may_propose(&change.province)?;
            if actor.email != change.author {
                return Err(Refusal::NotTheAuthor.into());
            }
        }
        Action::Approve | Action::Reject { .. } => actor.may_review(change)?,
        Action::Publish => actor.may_publish(&change.province)?,
    }
    use ChangeState as S;
    let next = match (state, &action) {
        (S::Draft | S::Rejected { .. }, Action::Edit) => S::Draft,
        (S::Draft, Action::Submit) => S::Submitted,
        (S::Submitted, Action::Approve) => S::Approved,
        (S::Submitted | S::Approved, Action::Reject { reason }) => S::Rejected { reason: reason.clone() },
        (S::Approved, Action::Publish) => S::Published,
        (S::Draft | S::Submitted | S::Rejected { .. } | S::Approved, Action::Withdraw) => S::Withdrawn,
        _ => return Err(TransitionError::WrongState { action: action.name(), state: state.name() }),
    };
    Ok(Step { state: next, audit: AuditEntry { change: change.id, actor: actor.email.clone(), at, action } })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::roles::Role;
    use crate::staff::roles::tests::account;

    const AT: u64 = 1_780_000_000;

    fn reason() -> Reason {
        Reason::parse("the address is of the old district office").unwrap()
    }

    fn states() -> [ChangeState; 6] {
        use ChangeState as S;
        [S::Draft, S::Submitted, S::Approved, S::Rejected { reason: reason() }, S::Published, S::Withdrawn]
    }

    fn actions() -> [Action; 6] {
        [
            Action::Edit,
            Action::Submit,
            Action::Approve,
            Action::Reject { reason: reason() },
            Action::Publish,
            Action::Withdraw,
        ]
    }

    struct People {
        author: Account,
        reviewer: Account,
        change: ChangeRequest,
    }

    fn people() -> People {
        let author = account("author", Role::Editor, &["56"]);
        let reviewer = account("reviewer", Role::Reviewer, &["56"]);
        let change = ChangeRequest { id: ChangeId(7), province: "56".parse().unwrap(), author: author.email.clone() };
        People { author, reviewer, change }
    }

    /// Every (state, action) pair, by the person whose role does it: exactly these are allowed.
    #[test]
    fn every_allowed_and_refused_transition() {
        use ChangeState as S;
        let People { author, reviewer, change } = people();
        let allowed = |state: &ChangeState, action: &Action| -> Option<ChangeState> {
            Some(match (state.name(), action.name()) {
                ("draft" | "rejected", "edit") => S::Draft,
                ("draft", "submit") => S::Submitted,
                ("submitted", "approve") => S::Approved,
                ("submitted" | "approved", "reject") => S::Rejected { reason: reason() },
                ("approved", "publish") => S::Published,
                ("draft" | "submitted" | "rejected" | "approved", "withdraw") => S::Withdrawn,
                _ => return None,
            })
        };
        let mut allowed_count = 0;
        for state in states() {
            for action in actions() {
                let actor = match action {
                    Action::Approve | Action::Reject { .. } | Action::Publish => &reviewer,
                    Action::Edit | Action::Submit | Action::Withdraw => &author,
                };
                let result = apply(&change, &state, action.clone(), actor, AT);
                match allowed(&state, &action) {
                    Some(next) => {
                        allowed_count += 1;
                        let step = result.unwrap_or_else(|e| panic!("{} on {}: {e}", action.name(), state.name()));
                        assert_eq!(step.state, next, "{} on {}", action.name(), state.name());
                    }
                    None => assert_eq!(
                        result,
                        Err(TransitionError::WrongState { action: action.name(), state: state.name() }),
                        "{} on {}",
                        action.name(),
                        state.name()
                    ),
                }
            }
        }
        assert_eq!(allowed_count, 11);
    }

    #[test]
    fn every_step_leaves_an_audit_entry_of_who_when_and_what() {
        let People { author, reviewer, change } = people();
        let submitted = apply(&change, &ChangeState::Draft, Action::Submit, &author, AT).unwrap();
        assert_eq!(
            submitted.audit,
            AuditEntry { change: ChangeId(7), actor: author.email.clone(), at: AT, action: Action::Submit }
        );
        let rejected =
            apply(&change, &submitted.state, Action::Reject { reason: reason() }, &reviewer, AT + 60).unwrap();
        assert_eq!(rejected.audit.actor, reviewer.email);
        assert_eq!(rejected.audit.at, AT + 60);
        assert_eq!(rejected.audit.action, Action::Reject { reason: reason() });
        assert_eq!(
            serde_json::to_string(&rejected.audit).unwrap(),
            format!(
                r#"{{"change":7,"actor":"reviewer@example.org","at":{},"action":"reject","reason":"{}"}}"#,
                AT + 60,
                reason().as_str()
            )
        );
    }

    #[test]
    fn a_rejected_change_is_edited_and_resubmitted() {
        let People { author, reviewer, change } = people();
        let mut state = ChangeState::Draft;
        for (action, actor) in [
            (Action::Submit, &author),
            (Action::Reject { reason: reason() }, &reviewer),
            (Action::Edit, &author),
            (Action::Submit, &author),
            (Action::Approve, &reviewer),
            (Action::Publish, &reviewer),
        ] {
            state = apply(&change, &state, action, actor, AT).unwrap().state;
        }
        assert_eq!(state, ChangeState::Published);
    }

    #[test]
    fn a_rejection_needs_a_reason() {
        for empty in ["", "   ", "\n"] {
            assert!(Reason::parse(empty).is_err(), "{empty:?}");
        }
        let json = r#"{"action":"reject","reason":" "}"#;
        assert!(serde_json::from_str::<Action>(json).is_err());
        assert_eq!(Reason::parse(" wrong ward ").unwrap().as_str(), "wrong ward");
    }

    #[test]
    fn the_author_cannot_approve_their_own_change() {
        // The author is an admin, who may review in general: the rule is about the person.
        let admin = account("admin", Role::Admin, &[]);
        let change = ChangeRequest { id: ChangeId(1), province: "01".parse().unwrap(), author: admin.email.clone() };
        for action in [Action::Approve, Action::Reject { reason: reason() }] {
            assert_eq!(
                apply(&change, &ChangeState::Submitted, action, &admin, AT),
                Err(TransitionError::Refused(Refusal::OwnChange))
            );
        }
        let other_admin = account("admin2", Role::Admin, &[]);
        assert!(apply(&change, &ChangeState::Submitted, Action::Approve, &other_admin, AT).is_ok());
    }

    #[test]
    fn only_the_author_edits_submits_and_withdraws() {
        let People { change, .. } = people();
        let colleague = account("colleague", Role::Editor, &["56"]);
        let admin = account("admin", Role::Admin, &[]);
        for actor in [&colleague, &admin] {
            for (state, action) in [
                (ChangeState::Draft, Action::Edit),
                (ChangeState::Draft, Action::Submit),
                (ChangeState::Submitted, Action::Withdraw),
            ] {
                assert_eq!(
                    apply(&change, &state, action, actor, AT),
                    Err(TransitionError::Refused(Refusal::NotTheAuthor))
                );
            }
        }
    }

    #[test]
    fn roles_and_provinces_are_checked_before_the_state() {
        let People { author, change, .. } = people();
        let editor_elsewhere = account("editor", Role::Editor, &["01"]);
        let reviewer_elsewhere = account("reviewer", Role::Reviewer, &["01"]);
        let cases = [
            // An editor does not review or publish, even a colleague's change.
            (ChangeState::Submitted, Action::Approve, &author, Refusal::Role),
            (ChangeState::Submitted, Action::Approve, &account("colleague", Role::Editor, &["56"]), Refusal::Role),
            (ChangeState::Approved, Action::Publish, &author, Refusal::Role),
            // A reviewer does not propose.
            (ChangeState::Draft, Action::Submit, &account("reviewer", Role::Reviewer, &["56"]), Refusal::Role),
            // Nobody acts outside their provinces, whatever the state (here a wrong one too).
            (ChangeState::Submitted, Action::Approve, &reviewer_elsewhere, Refusal::OutsideProvinces),
            (ChangeState::Published, Action::Approve, &reviewer_elsewhere, Refusal::OutsideProvinces),
            (ChangeState::Approved, Action::Publish, &reviewer_elsewhere, Refusal::OutsideProvinces),
            (ChangeState::Draft, Action::Edit, &editor_elsewhere, Refusal::OutsideProvinces),
        ];
        for (state, action, actor, refusal) in cases {
            let name = action.name();
            assert_eq!(
                apply(&change, &state, action, actor, AT),
                Err(TransitionError::Refused(refusal)),
                "{name} by {}",
                actor.email
            );
        }
    }

    #[test]
    fn a_disabled_author_can_no_longer_act_on_their_change() {
        let People { mut author, change, .. } = people();
        author.disabled = true;
        assert_eq!(
            apply(&change, &ChangeState::Draft, Action::Submit, &author, AT),
            Err(TransitionError::Refused(Refusal::Disabled))
        );
    }
}
