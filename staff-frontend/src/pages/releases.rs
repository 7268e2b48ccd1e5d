//! `/quan-tri/phat-hanh`: the releases, newest first (number, when, who published, which changes, what a
//! rollback returned to), with the dataset served; reviewers and admins publish every approved change
//! they may publish; admins roll back to an earlier release (after a confirmation: it publishes a new
//! release serving that one's data) and, when this binary's dataset differs from the latest release's
//! base, publish the new base with the staff changes carried over (those that no longer apply listed, to
//! be dropped).

use leptos::prelude::*;
use shared::staff::record::{ChangeRecord, RebaseConflicts, RebaseInput, Release, ReleasesAnswer};
use shared::staff::roles::Role;

use crate::api::{self, CallError};
use crate::components::answer::end_session_on_401;
use crate::components::layout::set_title;
use crate::components::moment::moment_of_rfc3339;
use crate::components::problems::CallErrorNote;
use crate::i18n::{Lang, lang, pick, tr};
use crate::pages::changes::{kind_label, record_key};
use crate::session::{SignedIn, use_session};

struct Texts {
    title: &'static str,
    intro: &'static str,
    serving: &'static str,
    waiting: fn(usize) -> String,
    none_waiting: &'static str,
    publish: &'static str,
    publish_title: &'static str,
    publish_hint: &'static str,
    published: fn(u64) -> String,
    history: &'static str,
    no_releases: &'static str,
    number: &'static str,
    date: &'static str,
    by: &'static str,
    changes: &'static str,
    note: &'static str,
    served_now: &'static str,
    rollback_of: fn(u64) -> String,
    rebase_note: fn(usize, usize) -> String,
    no_changes: &'static str,
    roll_back: fn(u64) -> String,
    rollback_question: fn(u64) -> String,
    rollback_yes: fn(u64) -> String,
    rolled_back: fn(u64, u64) -> String,
    base_title: &'static str,
    base_text: fn(&str, &str) -> String,
    base_admins: &'static str,
    rebase: &'static str,
    conflicts_title: &'static str,
    conflicts_hint: &'static str,
    drop: fn(u64) -> String,
    rebase_dropping: &'static str,
    rebased: fn(u64) -> String,
}

const VI: Texts = Texts {
    title: "Phát hành",
    intro: "Mỗi bản phát hành là một phiên bản dữ liệu được đánh số và không bao giờ bị sửa; người dân thấy ngay bản mới nhất.",
    serving: "Dữ liệu đang phục vụ:",
    waiting: |n| format!("{n} thay đổi đã duyệt đang chờ phát hành:"),
    none_waiting: "Không có thay đổi đã duyệt nào đang chờ phát hành.",
    publish: "Phát hành",
    publish_title: "Phát hành các thay đổi đã duyệt",
    publish_hint: "Phát hành mọi thay đổi đã duyệt của các tỉnh của bạn thành một bản mới.",
    published: |n| format!("Đã phát hành bản số {n}."),
    history: "Các bản phát hành",
    no_releases: "Chưa có bản phát hành nào: dữ liệu đang phục vụ là dữ liệu gốc.",
    number: "Số",
    date: "Ngày giờ",
    by: "Người phát hành",
    changes: "Các thay đổi",
    note: "Ghi chú",
    served_now: "Đang phục vụ",
    rollback_of: |n| format!("Quay lại dữ liệu của bản số {n}"),
    rebase_note: |carried, dropped| format!("Dữ liệu gốc mới; giữ {carried} thay đổi, bỏ {dropped}"),
    no_changes: "Không có",
    roll_back: |n| format!("Quay lại bản số {n}…"),
    rollback_question: |n| {
        format!(
            "Quay lại bản phát hành số {n}? Việc này phát hành một bản mới dùng dữ liệu của bản số {n}; thay đổi của các bản sau nó không còn hiệu lực."
        )
    },
    rollback_yes: |n| format!("Quay lại bản số {n}"),
    rolled_back: |new, n| format!("Đã phát hành bản số {new}, dùng dữ liệu của bản số {n}."),
    base_title: "Dữ liệu gốc đã thay đổi",
    base_text: |binary, latest| {
        format!(
            "Máy chủ này mang dữ liệu gốc {binary}, khác với dữ liệu gốc của bản phát hành mới nhất ({latest}). Cần phát hành dữ liệu gốc mới, mang theo các thay đổi của cán bộ."
        )
    },
    base_admins: "Chỉ quản trị viên phát hành được dữ liệu gốc mới.",
    rebase: "Phát hành dữ liệu gốc mới",
    conflicts_title: "Các thay đổi không còn áp dụng được trên dữ liệu gốc mới",
    conflicts_hint: "Chọn những thay đổi cần bỏ rồi phát hành lại.",
    drop: |id| format!("Bỏ thay đổi #{id}"),
    rebase_dropping: "Phát hành dữ liệu gốc mới, bỏ các thay đổi đã chọn",
    rebased: |n| format!("Đã phát hành dữ liệu gốc mới thành bản số {n}."),
};

const EN: Texts = Texts {
    title: "Releases",
    intro: "Each release is a numbered version of the data that is never changed; citizens see the latest at once.",
    serving: "Data served now:",
    waiting: |n| format!("{n} approved changes await publication:"),
    none_waiting: "No approved change awaits publication.",
    publish: "Publish",
    publish_title: "Publish the approved changes",
    publish_hint: "Publishes every approved change of your provinces as a new release.",
    published: |n| format!("Release {n} is published."),
    history: "Releases",
    no_releases: "No release yet: the data served is the base dataset.",
    number: "No.",
    date: "When",
    by: "Published by",
    changes: "Changes",
    note: "Note",
    served_now: "Served now",
    rollback_of: |n| format!("Back to the data of release {n}"),
    rebase_note: |carried, dropped| format!("A new base; {carried} changes carried over, {dropped} dropped"),
    no_changes: "None",
    roll_back: |n| format!("Roll back to release {n}…"),
    rollback_question: |n| {
        format!(
            "Roll back to release {n}? This publishes a new release serving release {n}'s data; the changes of the releases after it are no longer in effect."
        )
    },
    rollback_yes: |n| format!("Roll back to release {n}"),
    rolled_back: |new, n| format!("Release {new} is published, serving release {n}'s data."),
    base_title: "The base dataset has changed",
    base_text: |binary, latest| {
        format!(
            "This server carries the base dataset {binary}, not the base of the latest release ({latest}). The new base needs publishing, with the staff changes carried over."
        )
    },
    base_admins: "Only administrators publish a new base.",
    rebase: "Publish the new base",
    conflicts_title: "Changes that no longer apply on the new base",
    conflicts_hint: "Choose the changes to drop, then publish again.",
    drop: |id| format!("Drop change #{id}"),
    rebase_dropping: "Publish the new base, dropping the changes chosen",
    rebased: |n| format!("The new base is published as release {n}."),
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// Whether a rollback to `release` would change what is served: not to the latest release, nor to one
/// serving the same data (`releases` newest first).
pub fn may_roll_back_to(releases: &[Release], release: &Release) -> bool {
    releases
        .first()
        .is_some_and(|latest| latest.number != release.number && latest.snapshot_version != release.snapshot_version)
}

/// What a release was, besides its changes.
pub fn note(release: &Release, lang: Lang) -> Option<String> {
    let t = texts(lang);
    match (&release.rebase, release.rollback_of) {
        (Some(rebase), _) => Some((t.rebase_note)(rebase.carried.len(), rebase.dropped.len())),
        (None, Some(n)) => Some((t.rollback_of)(n)),
        (None, None) => None,
    }
}

/// The message of a step just done.
#[derive(Debug, Clone, PartialEq)]
enum Done {
    Published(u64),
    RolledBack { new: u64, to: u64 },
    Rebased(u64),
}

#[component]
pub fn ReleasesPage() -> impl IntoView {
    view! { <SignedIn><Releases/></SignedIn> }
}

#[component]
fn Releases() -> impl IntoView {
    let session = use_session();
    let lang = lang();
    let t = move || texts(lang.get());
    let answer = LocalResource::new(move || async move {
        api::get::<ReleasesAnswer>("/api/v1/staff/releases", lang.get_untracked()).await
    });
    let approved = LocalResource::new(move || async move {
        api::get::<Vec<ChangeRecord>>("/api/v1/staff/changes?state=approved", lang.get_untracked()).await.ok()
    });
    end_session_on_401(answer);
    Effect::new(move |_| set_title(texts(lang.get()).title));
    let error = RwSignal::new(None::<CallError>);
    let done = RwSignal::new(None::<Done>);
    let busy = RwSignal::new(false);
    let confirming = RwSignal::new(None::<u64>);
    let conflicts = RwSignal::new(None::<RebaseConflicts>);
    let dropping = RwSignal::new(Vec::<u64>::new());
    let confirm_button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if confirming.get().is_some()
            && let Some(button) = confirm_button.get()
        {
            let _ = button.focus();
        }
    });
    let refresh = move || {
        answer.refetch();
        approved.refetch();
    };
    let finish = move |result: Result<Done, CallError>| {
        busy.set(false);
        match result {
            Ok(step) => {
                error.set(None);
                confirming.set(None);
                done.set(Some(step));
                refresh();
            }
            Err(CallError::SignedOut) => session.ended(),
            Err(e) => error.set(Some(e)),
        }
    };
    let start = move || {
        busy.set(true);
        error.set(None);
        done.set(None);
    };
    let publish = move |_| {
        start();
        leptos::task::spawn_local(async move {
            let result =
                api::post::<_, Release>("/api/v1/staff/releases", &serde_json::json!({}), lang.get_untracked()).await;
            finish(result.map(|release| Done::Published(release.number)));
        });
    };
    let roll_back = move |to: u64| {
        start();
        leptos::task::spawn_local(async move {
            let path = format!("/api/v1/staff/releases/{to}/rollback");
            let result = api::post::<_, Release>(&path, &serde_json::json!({}), lang.get_untracked()).await;
            finish(result.map(|release| Done::RolledBack { new: release.number, to }));
        });
    };
    let rebase = move || {
        start();
        let input = RebaseInput { drop: dropping.get_untracked() };
        leptos::task::spawn_local(async move {
            let result = api::post_or_conflict::<_, Release, RebaseConflicts>(
                "/api/v1/staff/releases/rebase",
                &input,
                lang.get_untracked(),
            )
            .await;
            match result {
                Ok(release) => {
                    conflicts.set(None);
                    dropping.set(Vec::new());
                    finish(Ok(Done::Rebased(release.number)));
                }
                Err((error, found)) => {
                    if let Some(found) = found {
                        dropping.set(found.conflicts.iter().map(|c| c.change).collect());
                        conflicts.set(Some(found));
                    }
                    finish(Err(error));
                }
            }
        });
    };

    let status = move || {
        done.get().map(|done| match done {
            Done::Published(n) => (t().published)(n),
            Done::RolledBack { new, to } => (t().rolled_back)(new, to),
            Done::Rebased(n) => (t().rebased)(n),
        })
    };

    view! {
        <h1>{pick(texts, |t| t.title)}</h1>
        <p class="muted">{pick(texts, |t| t.intro)}</p>
        <p class="done-note" role="status" data-testid="release-done">{status}</p>
        <CallErrorNote error=error/>
        {move || {
            let role = session.role()?;
            let answer = match answer.get() {
                None => return Some(view! { <p class="muted loading" role="status">{tr(|t| t.loading)}</p> }.into_any()),
                Some(Err(error)) => {
                    return Some(view! {
                        <CallErrorNote error=Signal::stored(Some(error))/>
                        <button class="button" type="button" on:click=move |_| answer.refetch()>{tr(|t| t.retry)}</button>
                    }
                    .into_any());
                }
                Some(Ok(answer)) => answer,
            };
            let admin = role == Role::Admin;
            let publishes = role != Role::Editor;
            let waiting = approved.get().flatten().unwrap_or_default();
            let latest_base = answer.releases.first().map(|r| r.base_version.clone()).unwrap_or_default();
            let ReleasesAnswer { releases, serving, binary_base, base_differs } = answer;
            let rows = releases.clone();
            Some(view! {
                <p class="muted">{pick(texts, |t| t.serving)}" "<code data-testid="serving">{serving}</code></p>
                {base_differs.then(|| {
                    let (binary_base, latest_base) = (binary_base.clone(), latest_base.clone());
                    view! {
                        <section class="card base-differs" role="alert" data-testid="base-differs" aria-labelledby="base-title">
                            <h2 id="base-title">{pick(texts, |t| t.base_title)}</h2>
                            <p>{move || (t().base_text)(&binary_base, &latest_base)}</p>
                            {if admin {
                                view! {
                                    <p class="actions">
                                        <button class="button" type="button" data-testid="rebase" disabled=busy
                                            on:click=move |_| { dropping.set(Vec::new()); rebase() }>
                                            {pick(texts, |t| t.rebase)}
                                        </button>
                                    </p>
                                }
                                .into_any()
                            } else {
                                view! { <p class="muted">{pick(texts, |t| t.base_admins)}</p> }.into_any()
                            }}
                            {move || conflicts.get().map(|found| view! {
                                <div class="conflicts" data-testid="rebase-conflicts">
                                    <h3>{pick(texts, |t| t.conflicts_title)}</h3>
                                    <p class="muted">{pick(texts, |t| t.conflicts_hint)}</p>
                                    <ul>
                                        {found.conflicts.into_iter().map(|conflict| {
                                            let id = conflict.change;
                                            let checkbox = format!("drop-{id}");
                                            view! {
                                                <li>
                                                    <p>
                                                        <a href=format!("/quan-tri/thay-doi/{id}")>{format!("#{id}")}</a>
                                                        " · "<code>{conflict.record.clone()}</code>
                                                    </p>
                                                    <ul class="problems">
                                                        {conflict.problems.into_iter().map(|p| view! {
                                                            <li>{if p.field.is_empty() { p.message } else { format!("{}: {}", p.field, p.message) }}</li>
                                                        }).collect_view()}
                                                    </ul>
                                                    <label class="check-label" for=checkbox.clone()>
                                                        <input type="checkbox" id=checkbox.clone()
                                                            prop:checked=move || dropping.with(|d| d.contains(&id))
                                                            on:change=move |e| {
                                                                let on = event_target_checked(&e);
                                                                dropping.update(|d| {
                                                                    d.retain(|x| *x != id);
                                                                    if on { d.push(id) }
                                                                });
                                                            }/>
                                                        {move || (t().drop)(id)}
                                                    </label>
                                                </li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                    <button class="button" type="button" data-testid="rebase-dropping" disabled=busy
                                        on:click=move |_| rebase()>
                                        {pick(texts, |t| t.rebase_dropping)}
                                    </button>
                                </div>
                            })}
                        </section>
                    }
                })}
                {publishes.then(|| {
                    let count = waiting.len();
                    view! {
                        <section class="card publish" aria-labelledby="publish-title">
                            <h2 id="publish-title">{pick(texts, |t| t.publish_title)}</h2>
                            {if waiting.is_empty() {
                                view! { <p class="muted" data-testid="none-waiting">{pick(texts, |t| t.none_waiting)}</p> }.into_any()
                            } else {
                                view! {
                                    <p>{move || (t().waiting)(count)}</p>
                                    <ul class="waiting" data-testid="waiting">
                                        {waiting.iter().map(|change| {
                                            let id = change.request.id.0;
                                            let edit = change.edit.clone();
                                            let key = record_key(&change.record).to_owned();
                                            view! {
                                                <li><a href=format!("/quan-tri/thay-doi/{id}")>
                                                    {move || format!("#{id} · {} · {key}", kind_label(&edit, lang.get()))}
                                                </a></li>
                                            }
                                        }).collect_view()}
                                    </ul>
                                }
                                .into_any()
                            }}
                            <p class="muted" id="publish-hint">{pick(texts, |t| t.publish_hint)}</p>
                            <button class="button" type="button" data-testid="publish" aria-describedby="publish-hint"
                                disabled=busy on:click=publish>
                                {pick(texts, |t| t.publish)}
                            </button>
                        </section>
                    }
                })}
                <h2>{pick(texts, |t| t.history)}</h2>
                {move || confirming.get().map(|to| view! {
                    <div class="card confirm" role="group" aria-labelledby="rollback-question" data-testid="rollback-confirm">
                        <p id="rollback-question" data-testid="rollback-question">{move || (t().rollback_question)(to)}</p>
                        <div class="actions">
                            <button class="button danger" type="button" data-testid="rollback-yes" node_ref=confirm_button
                                disabled=busy on:click=move |_| roll_back(to)>
                                {move || (t().rollback_yes)(to)}
                            </button>
                            <button class="button secondary" type="button" data-testid="rollback-cancel"
                                on:click=move |_| confirming.set(None)>
                                {tr(|t| t.cancel)}
                            </button>
                        </div>
                    </div>
                })}
                {if rows.is_empty() {
                    view! { <p class="card" data-testid="no-releases">{pick(texts, |t| t.no_releases)}</p> }.into_any()
                } else {
                    view! {
                        <table class="staff-table releases" data-testid="releases">
                            <thead><tr>
                                <th scope="col">{pick(texts, |t| t.number)}</th>
                                <th scope="col">{pick(texts, |t| t.date)}</th>
                                <th scope="col">{pick(texts, |t| t.by)}</th>
                                <th scope="col">{pick(texts, |t| t.changes)}</th>
                                <th scope="col">{pick(texts, |t| t.note)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.iter().enumerate().map(|(at, release)| {
                                    let number = release.number;
                                    let rollback = admin && may_roll_back_to(&releases, release);
                                    let note_of = release.clone();
                                    view! {
                                        <tr data-number=number.to_string()>
                                            <th scope="row">
                                                {number}
                                                {(at == 0).then(|| view! { " "<span class="badge new">{pick(texts, |t| t.served_now)}</span> })}
                                            </th>
                                            <td>{moment_of_rfc3339(&release.created_at)}</td>
                                            <td>{release.by.clone()}</td>
                                            <td class="release-changes">
                                                {if release.changes.is_empty() {
                                                    view! { <span class="muted">{pick(texts, |t| t.no_changes)}</span> }.into_any()
                                                } else {
                                                    release.changes.iter().map(|id| view! {
                                                        <a href=format!("/quan-tri/thay-doi/{id}")>{format!("#{id}")}</a>" "
                                                    }).collect_view().into_any()
                                                }}
                                            </td>
                                            <td>
                                                {move || note(&note_of, lang.get())}
                                                {rollback.then(|| view! {
                                                    <button class="button secondary small" type="button" data-testid="rollback"
                                                        aria-expanded=move || (confirming.get() == Some(number)).to_string()
                                                        on:click=move |_| { done.set(None); confirming.set(Some(number)) }>
                                                        {move || (t().roll_back)(number)}
                                                    </button>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any()
                }}
            }
            .into_any())
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::staff::record::Rebase;

    fn release(number: u64, snapshot: &str, rollback_of: Option<u64>) -> Release {
        Release {
            number,
            snapshot_version: snapshot.into(),
            base_version: "base".into(),
            created_at: "2026-11-30T07:00:00Z".into(),
            by: "lan@example.org".into(),
            changes: vec![number.to_string()],
            rollback_of,
            rebase: None,
        }
    }

    #[test]
    fn a_rollback_is_offered_to_releases_serving_other_data() {
        // Newest first: 3 rolled back to 1, so 1 serves what is served now.
        let releases = vec![release(3, "a", Some(1)), release(2, "b", None), release(1, "a", None)];
        let offered: Vec<u64> = releases.iter().filter(|r| may_roll_back_to(&releases, r)).map(|r| r.number).collect();
        assert_eq!(offered, [2]);
        assert!(!may_roll_back_to(&[], &release(1, "a", None)));
    }

    #[test]
    fn rollbacks_and_rebases_are_noted() {
        assert_eq!(note(&release(3, "a", Some(1)), Lang::Vi).as_deref(), Some("Quay lại dữ liệu của bản số 1"));
        assert_eq!(note(&release(3, "a", Some(1)), Lang::En).as_deref(), Some("Back to the data of release 1"));
        assert_eq!(note(&release(2, "b", None), Lang::En), None);
        let rebase = Release {
            rebase: Some(Rebase { carried: vec!["1".into(), "2".into()], dropped: vec!["3".into()] }),
            ..release(4, "c", None)
        };
        assert_eq!(note(&rebase, Lang::En).as_deref(), Some("A new base; 2 changes carried over, 1 dropped"));
    }

    #[test]
    fn the_confirmation_says_what_a_rollback_does() {
        assert!(
            (EN.rollback_question)(2)
                .starts_with("Roll back to release 2? This publishes a new release serving release 2's data")
        );
        assert!((VI.rollback_question)(2).starts_with("Quay lại bản phát hành số 2?"));
    }
}
