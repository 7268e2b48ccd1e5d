use leptos::prelude::*;
use shared::staff::edit::Problem;

use crate::api::CallError;
use crate::i18n::{common, lang};

/// The messages of the problems about `field`, joined (the check's own words).
pub fn messages_for(problems: &[Problem], field: &str) -> Option<String> {
    let messages: Vec<&str> = problems.iter().filter(|p| p.field == field).map(|p| p.message.as_str()).collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

/// A failed call, said in the reader's language, as an alert.
#[component]
pub fn CallErrorNote(#[prop(into)] error: Signal<Option<CallError>>) -> impl IntoView {
    let lang = lang();
    view! {
        {move || error.get().map(|error| view! {
            <p class="error-note" role="alert" data-testid="call-error">{common(lang.get()).call_error(&error)}</p>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_s_messages_are_its_own() {
        let problems = vec![
            Problem { field: "phone".into(), message: "a".into() },
            Problem { field: "email".into(), message: "b".into() },
            Problem { field: "phone".into(), message: "c".into() },
        ];
        assert_eq!(messages_for(&problems, "phone").as_deref(), Some("a; c"));
        assert_eq!(messages_for(&problems, "lat"), None);
    }
}
