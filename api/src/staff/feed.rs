//! The public side of publishing: `GET /api/v1/changes` (JSON) and `/api/v1/changes.atom`, every
//! release with its date, the records it changed and their legal basis; never a name of staff.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use shared::staff::record::{ChangeRecord, ChangesFeed, PublicChange, PublicRelease};

use super::releases::all_releases;
use super::staff_of;
use super::store::Collection;
use crate::{ApiError, AppState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/changes", get(json)).route("/api/v1/changes.atom", get(atom))
}

async fn feed(state: &AppState) -> Result<ChangesFeed, ApiError> {
    let staff = staff_of(state)?;
    let requests: std::collections::HashMap<String, ChangeRecord> = staff
        .store
        .get_all_json::<ChangeRecord>(Collection::Changes)
        .await?
        .into_iter()
        .map(|change| (change.request.id.0.to_string(), change))
        .collect();
    let mut releases = Vec::new();
    for release in all_releases(&staff.store).await?.into_iter().rev() {
        let changes = release
            .changes
            .iter()
            .filter_map(|id| requests.get(id))
            .map(|change| PublicChange { record: change.record.clone(), citation: change.citation.as_str().to_owned() })
            .collect();
        releases.push(PublicRelease {
            number: release.number,
            published_at: release.created_at,
            dataset: release.snapshot_version,
            changes,
            rollback_of: release.rollback_of,
        });
    }
    Ok(ChangesFeed { releases })
}

async fn json(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    Ok(([(header::CACHE_CONTROL, "public, max-age=60")], Json(feed(&state).await?)))
}

/// The same releases as an Atom feed (RFC 4287), newest first.
async fn atom(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let feed = feed(&state).await?;
    let updated = feed.releases.first().map_or("1970-01-01T00:00:00Z", |r| r.published_at.as_str()).to_owned();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str("  <title>Xã Mới: thay đổi dữ liệu</title>\n  <id>urn:xa-moi:changes</id>\n");
    xml.push_str(&format!("  <updated>{}</updated>\n  <author><name>Xã Mới</name></author>\n", escape(&updated)));
    for release in &feed.releases {
        let title = match release.rollback_of {
            Some(earlier) => format!("Bản phát hành {}: trở lại dữ liệu của bản {earlier}", release.number),
            None => format!("Bản phát hành {}: {} thay đổi", release.number, release.changes.len()),
        };
        let summary: Vec<String> =
            release.changes.iter().map(|change| format!("{} ({})", change.record, change.citation)).collect();
        xml.push_str(&format!(
            "  <entry>\n    <id>urn:xa-moi:release:{}</id>\n    <title>{}</title>\n    <updated>{}</updated>\n    \
             <summary>{}</summary>\n  </entry>\n",
            release.number,
            escape(&title),
            escape(&release.published_at),
            escape(&summary.join("; "))
        ));
    }
    xml.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=60")],
        xml,
    ))
}

fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::escape(text)
}
