//! `/chuyen-doi-hang-loat`: pick a file, choose its address column, convert, download the answer's file.
//! The steps are plain functions ([`crate::table`], [`crate::convert`], [`crate::write`]); here they are
//! wired to the page.

use std::sync::Arc;

use frontend::components::fetch_error::FetchErrorView;
use frontend::components::page_heading::PageHeading;
use frontend::format::{count, date, fill};
use frontend::i18n::Language;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::convert::{self, Failure, Source};
use crate::table::{self, MAX_FILE_MB, MAX_ROWS, ReadError, Table};
use crate::texts::{Texts, texts};
use crate::write;

/// The file picked, read.
#[derive(Clone)]
struct Picked {
    /// Its name without the extension: the answer's files are named after it.
    stem: String,
    table: Arc<Table>,
}

/// The answer's files, as `blob:` URLs for the download links (revoked when they are replaced).
#[derive(Clone, PartialEq)]
struct Downloads {
    csv: String,
    xlsx: String,
    /// The picked file's name without its extension.
    stem: String,
    summary: (usize, usize, usize),
}

impl Downloads {
    fn revoke(self) {
        for url in [self.csv, self.xlsx] {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    }
}

#[component]
pub fn BatchPage() -> impl IntoView {
    let lang = expect_context::<Language>().0;
    let t = move || texts(lang.get());
    let picked = RwSignal::new(None::<Picked>);
    let reading = RwSignal::new(false);
    let read_error = RwSignal::new(None::<ReadError>);
    let column = RwSignal::new(0usize);
    let source = RwSignal::new(None::<Source>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let failure = RwSignal::new(None::<Failure>);
    let downloads = RwSignal::new(None::<Downloads>);
    // Which file or conversion is the latest: what an earlier one finds after a new file was picked (or
    // the page was left) is dropped, never shown under the new file's name.
    let latest = StoredValue::new(0u64);
    let next = move || {
        latest.update_value(|n| *n += 1);
        latest.get_value()
    };
    let is_latest = move |this: u64| latest.try_get_value() == Some(this);
    let converting = move || progress.get().is_some_and(|(done, all)| done < all);
    let forget_downloads = move || {
        if let Some(old) = downloads.try_update(Option::take).flatten() {
            old.revoke();
        }
    };
    on_cleanup(move || {
        latest.try_update_value(|n| *n += 1);
        forget_downloads();
    });

    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        // The same file picked again (after the reader fixed it) must fire `change` again.
        input.set_value("");
        let this = next();
        forget_downloads();
        picked.set(None);
        read_error.set(None);
        failure.set(None);
        progress.set(None);
        source.set(None);
        reading.set(true);
        spawn_local(async move {
            // Its size first: a file over the limit is not read into memory.
            let read = if file.size() > (MAX_FILE_MB << 20) as f64 {
                Err(ReadError::TooBig)
            } else {
                read_file(&file).await.ok_or(ReadError::NotATable).and_then(|bytes| table::read(&bytes))
            };
            if !is_latest(this) {
                return;
            }
            reading.set(false);
            match read {
                Ok(table) => {
                    column.set(table::likely_address_column(&table.header()));
                    picked.set(Some(Picked { stem: stem(&file.name()), table: Arc::new(table) }));
                    let found = convert::find_source(lang.get_untracked()).await;
                    if !is_latest(this) {
                        return;
                    }
                    if found == Source::Server {
                        // A first visit: the worker may take control later, with the data kept.
                        convert::when_a_worker_controls(move || {
                            spawn_local(async move {
                                let again = convert::find_source(lang.get_untracked()).await;
                                if is_latest(this) && progress.get_untracked().is_none() {
                                    source.set(Some(again));
                                }
                            })
                        });
                    }
                    source.set(Some(found));
                }
                Err(error) => read_error.set(Some(error)),
            }
        });
    };

    let run = move || {
        let (Some(Picked { table, stem }), Some(from)) = (picked.get_untracked(), source.get_untracked()) else {
            return;
        };
        if progress.get_untracked().is_some_and(|(done, all)| done < all) {
            return;
        }
        let this = next();
        forget_downloads();
        failure.set(None);
        let addresses = table.addresses(column.get_untracked());
        let all = addresses.len();
        progress.set(Some((0, all)));
        spawn_local(async move {
            let lang = lang.get_untracked();
            let answer = convert::convert(&addresses, &from, lang, |done| {
                if is_latest(this) {
                    progress.set(Some((done, all)));
                }
            })
            .await;
            if !is_latest(this) {
                return;
            }
            let files = answer.and_then(|cells| {
                let csv = blob_url(&write::csv(&table, &cells), "text/csv;charset=utf-8");
                let xlsx = write::xlsx(&table, &cells).ok().and_then(|bytes| blob_url(&bytes, XLSX_TYPE));
                match (csv, xlsx) {
                    (Some(csv), Some(xlsx)) => Ok(Downloads { csv, xlsx, stem, summary: convert::summary(&cells) }),
                    (csv, xlsx) => {
                        csv.into_iter().chain(xlsx).for_each(|url| {
                            let _ = web_sys::Url::revoke_object_url(&url);
                        });
                        Err(Failure::Write)
                    }
                }
            });
            match files {
                Ok(files) => {
                    downloads.set(Some(files));
                    // Once drawn: the summary takes the focus, and is read out.
                    request_animation_frame(|| frontend::browser::focus("batch-done"));
                }
                Err(error) => {
                    progress.set(None);
                    failure.set(Some(error));
                }
            }
        });
    };

    view! {
        <div class="batch">
        <PageHeading title=Signal::derive(move || t().title.to_owned())/>
        <p>{move || t().intro}</p>
        <p class="muted">{move || fill(t().limits, &[&count(MAX_ROWS), &MAX_FILE_MB.to_string()])}</p>
        <section class="card">
            <div class="field">
                <label for="batch-file">{move || t().file_label}</label>
                <input id="batch-file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    aria-describedby="batch-file-error" disabled=converting on:change=pick/>
                <p id="batch-file-error" class="error" role="alert">{move || read_error.get().map(|e| read_error_text(t(), &e))}</p>
            </div>
            <p class="muted" role="status">{move || reading.get().then(|| t().reading)}</p>
        </section>
        {move || picked.get().map(|Picked { table, .. }| {
            let header = table.header();
            let left = usize::from(table.left);
            let example_table = table.clone();
            let example = move || {
                let first = example_table.addresses(column.get()).into_iter().flatten().next();
                first.map(|address| fill(t().column_example, &[&address]))
            };
            view! {
                <section class="card" data-testid="batch-picked">
                    <p>{move || fill(t().rows_found, &[&count(table.body().len())])}</p>
                    <div class="field">
                        <label for="batch-column">{move || t().column_label}</label>
                        <select id="batch-column" aria-describedby="batch-example" disabled=converting on:change=move |ev| {
                            column.set(event_target_value(&ev).parse().unwrap_or(0));
                            // Another column: the earlier answer is not this one's.
                            forget_downloads();
                            progress.set(None);
                            failure.set(None);
                        }>
                            {header.iter().enumerate().map(|(i, name)| {
                                let name = if name.trim().is_empty() { column_letter(left + i) } else { name.clone() };
                                view! { <option value=i.to_string() selected=move || column.get() == i>{name}</option> }
                            }).collect_view()}
                        </select>
                        <p id="batch-example" class="muted">{example}</p>
                    </div>
                    <p data-testid="batch-where">{move || match source.get() {
                        None => t().preparing.to_owned(),
                        Some(Source::Phone { built_from, .. }) => fill(t().where_local, &[&date(&built_from)]),
                        Some(Source::Server) => t().where_server.to_owned(),
                    }}</p>
                    <button class="button" type="button" data-testid="batch-convert"
                        aria-disabled=move || (source.get().is_none() || converting()).then_some("true")
                        on:click=move |_| run()>
                        {move || t().convert_button}
                    </button>
                    <progress max=move || progress.get().map_or(1, |(_, all)| all.max(1)).to_string()
                        value=move || progress.get().map_or(0, |(done, _)| done).to_string()
                        hidden=move || progress.get().is_none() aria-labelledby="batch-progress"></progress>
                    // Always there, so that screen readers follow its text as it changes.
                    <p id="batch-progress" class="muted" role="status">
                        {move || progress.get().map(|(done, all)| fill(t().progress, &[&count(done), &count(all)]))}
                    </p>
                    {move || failure.get().map(|stopped| match stopped {
                        Failure::Server(error) => view! { <FetchErrorView error retry=Callback::new(move |()| run())/> }.into_any(),
                        Failure::Write => view! {
                            <div role="alert"><p class="error">{t().write_failed}</p></div>
                        }.into_any(),
                        Failure::Phone => view! {
                            <div role="alert">
                                <p class="error">{t().phone_failed}</p>
                                <button class="button" type="button" on:click=move |_| {
                                    let this = next();
                                    source.set(None);
                                    failure.set(None);
                                    spawn_local(async move {
                                        let found = convert::find_source(lang.get_untracked()).await;
                                        if is_latest(this) {
                                            source.set(Some(found));
                                        }
                                    });
                                }>{t().retry}</button>
                            </div>
                        }.into_any(),
                    })}
                    {move || downloads.get().map(|Downloads { csv, xlsx, stem, summary: (converted, unsure, failed) }| view! {
                        <p id="batch-done" tabindex="-1" data-testid="batch-done">
                            {fill(t().done, &[&count(converted), &count(unsure), &count(failed)])}
                        </p>
                        <p class="actions">
                            <a class="button" href=csv download=format!("{stem}-xa-moi.csv") data-testid="batch-csv">{t().download_csv}</a>
                            <a class="button secondary" href=xlsx download=format!("{stem}-xa-moi.xlsx") data-testid="batch-xlsx">{t().download_xlsx}</a>
                        </p>
                    })}
                </section>
            }
        })}
        </div>
    }
}

const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The reason a file cannot be read, for the reader.
pub fn read_error_text(t: &Texts, error: &ReadError) -> String {
    match error {
        ReadError::TooBig => fill(t.too_big, &[&MAX_FILE_MB.to_string()]),
        ReadError::TooManyRows => fill(t.too_many_rows, &[&count(MAX_ROWS)]),
        ReadError::Empty => t.empty_file.to_owned(),
        ReadError::NoHeader => t.no_header.to_owned(),
        ReadError::NotUtf8 => t.not_utf8.to_owned(),
        ReadError::BadCsv { line } => fill(t.bad_csv, &[&line.to_string()]),
        ReadError::BadXlsx => t.bad_xlsx.to_owned(),
        ReadError::Encrypted => t.encrypted_xlsx.to_owned(),
        ReadError::NoWorksheet => t.no_worksheet.to_owned(),
        ReadError::NotATable => t.not_a_table.to_owned(),
    }
}

/// A file's name without its extension ("danh-sach.xlsx" → "danh-sach"); a name of dots only is "dia-chi".
pub fn stem(name: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).trim();
    if stem.is_empty() { "dia-chi".to_owned() } else { stem.to_owned() }
}

/// A column's spreadsheet letter, for a header cell left blank ("A", …, "Z", "AA", …).
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// The picked file's bytes (`None` when the browser cannot read it).
async fn read_file(file: &web_sys::File) -> Option<Vec<u8>> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await.ok()?;
    Some(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// `bytes` as a `blob:` URL of type `mime`.
fn blob_url(bytes: &[u8], mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

fn event_target<T: JsCast>(ev: &leptos::ev::Event) -> T {
    ev.target().expect("a change event has a target").unchecked_into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::Lang;

    #[test]
    fn the_answers_file_is_named_after_the_picked_one() {
        assert_eq!(stem("danh sách.xlsx"), "danh sách");
        assert_eq!(stem("a.b.csv"), "a.b");
        assert_eq!(stem("noext"), "noext");
        assert_eq!(stem(".csv"), "dia-chi");
    }

    #[test]
    fn blank_header_cells_are_named_by_their_letter() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn every_read_error_is_said_in_both_languages() {
        let errors = [
            ReadError::TooBig,
            ReadError::TooManyRows,
            ReadError::Empty,
            ReadError::NoHeader,
            ReadError::NotUtf8,
            ReadError::BadCsv { line: 3 },
            ReadError::BadXlsx,
            ReadError::Encrypted,
            ReadError::NoWorksheet,
            ReadError::NotATable,
        ];
        for error in &errors {
            let (vi, en) = (read_error_text(texts(Lang::Vi), error), read_error_text(texts(Lang::En), error));
            assert!(!vi.is_empty() && !en.is_empty() && vi != en, "{error:?}");
        }
        assert!(read_error_text(texts(Lang::Vi), &ReadError::TooManyRows).contains("10.000"));
    }
}
