use leptos::prelude::*;

/// A labelled input with its hint and its problem (linked by `aria-describedby`, and `aria-invalid`
/// while it has one), for every staff form.
#[component]
pub fn Field(
    /// The input's id; the hint's and the problem's ids are made from it.
    id: &'static str,
    #[prop(into)] label: Signal<&'static str>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] problem: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    /// "text" when not given.
    #[prop(optional)]
    kind: &'static str,
    #[prop(optional)] required: bool,
    /// A text area instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
    #[prop(optional)] inputmode: &'static str,
    #[prop(optional)] autocomplete: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let problem_id = format!("{id}-problem");
    let described = {
        let (hint_id, problem_id) = (hint_id.clone(), problem_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if problem.get().is_some() {
                ids.push(problem_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || problem.get().is_some().then_some("true");
    let input = if multiline {
        view! {
            <textarea id=id rows="3" required=required aria-describedby=described.clone() aria-invalid=invalid
                prop:value=value on:input=move |e| on_input.run(event_target_value(&e))></textarea>
        }
        .into_any()
    } else {
        let kind = if kind.is_empty() { "text" } else { kind };
        view! {
            <input id=id type=kind required=required aria-describedby=described.clone() aria-invalid=invalid
                inputmode=(!inputmode.is_empty()).then_some(inputmode)
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                prop:value=value on:input=move |e| on_input.run(event_target_value(&e))/>
        }
        .into_any()
    };
    view! {
        <div class="field" data-field=id>
            <label for=id>{label}{required.then(|| view! { <span class="muted">" *"</span> })}</label>
            {hint.map(|hint| view! { <p id=hint_id.clone() class="muted field-hint">{hint}</p> })}
            {input}
            {move || problem.get().map(|text| view! {
                <p id=problem_id.clone() class="field-problem" data-testid="field-problem">{text}</p>
            })}
        </div>
    }
}
