//! The staff area: accounts and sessions, change requests, review, publishing and releases. Every route
//! under `/api/v1/staff/` but sign-in passes one auth layer ([`auth::require_staff`]), which names the
//! account in the request; the handlers check what that account may do ([`shared::staff`]).

pub mod accounts;
pub mod auth;
mod changes;
pub mod checks;
pub mod feed;
pub mod messages;
mod province_facts;
mod provinces;
pub mod releases;
pub mod reports;
pub mod store;

use std::sync::Arc;

use axum::Router;

use crate::{ApiError, AppState, Data, LiveData, Message};
use messages::StaffMessage;
use store::{Store, StoreError};

/// Every staff route: sign-in and sign-out outside the auth layer, everything else behind it; and the
/// public feed of releases.
pub fn routes(state: &AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .merge(auth::routes())
        .merge(accounts::routes())
        .merge(changes::routes())
        .merge(releases::routes())
        .merge(reports::routes())
        .merge(provinces::routes())
        .merge(province_facts::routes())
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth::require_staff));
    // Nothing a staff route answers may be kept by a cache: it is one person's view.
    let no_store = tower_http::set_header::SetResponseHeaderLayer::overriding(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Router::new()
        .merge(auth::public_routes())
        .merge(signed_in)
        .route_layer(no_store)
        .merge(feed::routes())
        .merge(reports::public_routes())
}

/// The staff side of `state`, or a 503 when this server has no store (as in tests of the public API).
pub(crate) fn staff_of(state: &AppState) -> Result<&StaffState, ApiError> {
    state.staff.as_ref().ok_or_else(|| ApiError::unavailable(Message::Staff(StaffMessage::StoreUnavailable), 60))
}

/// Seconds since the Unix epoch: the time of audit entries and changes.
pub(crate) fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Now in RFC 3339, to the second (UTC): the time of releases and accounts.
pub(crate) fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).expect("0 is a valid nanosecond");
    now.format(&time::format_description::well_known::Rfc3339).expect("a UTC time always formats")
}

/// When a store that failed may be tried again.
const STORE_RETRY_AFTER: u64 = 5;

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(error) => {
                tracing::error!(%error, "the store failed");
                ApiError::unavailable(Message::Staff(StaffMessage::StoreUnavailable), STORE_RETRY_AFTER)
            }
            StoreError::Conflict { number } => {
                ApiError::conflict(Message::Staff(StaffMessage::PublishRaced { number }))
            }
            other => ApiError::internal(other),
        }
    }
}

/// How often an instance looks for a release published by another instance, unless
/// `RELEASE_POLL_SECS` says otherwise (tests use 1).
pub const RELEASE_POLL: std::time::Duration = std::time::Duration::from_secs(10);

/// `RELEASE_POLL_SECS` (1 to 3600), else [`RELEASE_POLL`].
pub fn release_poll_from_env() -> Result<std::time::Duration, String> {
    match std::env::var("RELEASE_POLL_SECS") {
        Err(_) => Ok(RELEASE_POLL),
        Ok(text) => match text.trim().parse::<u64>() {
            Ok(secs @ 1..=3600) => Ok(std::time::Duration::from_secs(secs)),
            _ => Err(format!("RELEASE_POLL_SECS: {text:?} is not a number of seconds from 1 to 3600")),
        },
    }
}

/// The store, the session keys and publishing, shared by every staff route. Cheap to clone.
#[derive(Clone, Debug)]
pub struct StaffState {
    pub store: Store,
    pub auth: Arc<auth::Auth>,
    /// The dataset this binary was built with (or `SNAPSHOT_PATH`): every release records the base it
    /// was built on, and a new binary's differing base is reported, never silently served.
    pub base: Arc<Data>,
    /// What the store's latest release serves at start-up (the base when there is none).
    initial: Arc<Data>,
    /// One publish or rollback at a time in this instance; between instances, the release number's
    /// conditional create decides.
    pub publishing: Arc<tokio::sync::Mutex<()>>,
}

impl StaffState {
    /// Opens the staff side over `store`: its session key, and the dataset of its latest release.
    /// An unreachable store is not fatal: the base is served and the store is tried again later.
    pub async fn open(store: Store, base: Arc<Data>) -> Result<Self, String> {
        let auth = Arc::new(auth::Auth::load(&store).await?);
        let initial = match latest_data(&store).await {
            Ok(Some((release, data))) => {
                tracing::info!(release = release.number, dataset = %data.version(), "serving the latest release");
                if release.base_version != base.version() {
                    tracing::warn!(
                        release = release.number,
                        release_base = %release.base_version,
                        binary_base = %base.version(),
                        "this binary's dataset differs from the base of the latest release; still serving the \
                         release until an admin publishes the new base"
                    );
                }
                data
            }
            Ok(None) => base.clone(),
            Err(error) => {
                tracing::error!(
                    %error,
                    "the latest release cannot be read or loaded; serving this binary's dataset (an admin can \
                     publish it as a new base with the staff changes carried over)"
                );
                base.clone()
            }
        };
        Ok(Self { store, auth, base, initial, publishing: Arc::default() })
    }

    /// Looks for a newer release every `poll` and serves it once it is loaded and checked; until
    /// then, and whenever the store cannot be read, reads go on with what is served.
    pub fn follow_releases(&self, live: Arc<LiveData>, poll: std::time::Duration) {
        let store = self.store.clone();
        tokio::spawn(async move {
            let mut interval = tokio::time::interval(poll);
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // A release this binary cannot load (a snapshot of another dataset format) is reported once
            // and not fetched again every poll; a newer release is tried.
            let mut unloadable = None;
            loop {
                interval.tick().await;
                if let Err(error) = catch_up(&store, &live, &mut unloadable).await {
                    tracing::warn!(%error, "could not look for a newer release");
                }
            }
        });
    }

    /// The dataset to serve at start-up.
    pub fn serving(&self) -> Arc<Data> {
        self.initial.clone()
    }
}

/// Serves the latest release if it is not what `live` serves: one listing and one small read when
/// nothing changed; the snapshot is fetched only when its version differs.
pub async fn catch_up(store: &Store, live: &LiveData, unloadable: &mut Option<u64>) -> Result<(), String> {
    let Some(release) = store.latest_release().await.map_err(|e| e.to_string())? else { return Ok(()) };
    if release.number <= live.release() || *unloadable == Some(release.number) {
        return Ok(());
    }
    if release.snapshot_version == live.current().version() {
        live.note_release(release.number);
        return Ok(());
    }
    let bytes = snapshot_bytes(store, &release).await?;
    let data = load(bytes).await.inspect_err(|_| *unloadable = Some(release.number))?;
    if live.replace(data, release.number) {
        tracing::info!(release = release.number, dataset = %release.snapshot_version, "now serving a newer release");
    }
    Ok(())
}

/// The dataset of `release`, checked as every published snapshot is.
pub(crate) async fn release_data(store: &Store, release: &store::Release) -> Result<Arc<Data>, String> {
    load(snapshot_bytes(store, release).await?).await
}

/// The bytes of `release`'s snapshot: an error here may pass (the store could not be reached).
pub(crate) async fn snapshot_bytes(store: &Store, release: &store::Release) -> Result<axum::body::Bytes, String> {
    store.get_snapshot(&release.snapshot_version).await.map_err(|e| e.to_string())?.ok_or_else(|| {
        format!("release {} names snapshot {}, which is missing", release.number, release.snapshot_version)
    })
}

/// Decodes and checks a snapshot: an error here stays (the bytes will not change).
pub(crate) async fn load(bytes: axum::body::Bytes) -> Result<Arc<Data>, String> {
    let data =
        tokio::task::spawn_blocking(move || Data::from_bytes(bytes.to_vec())).await.map_err(|e| e.to_string())??;
    Ok(Arc::new(data))
}

/// The latest release and its dataset, checked as every published snapshot is.
pub async fn latest_data(store: &Store) -> Result<Option<(store::Release, Arc<Data>)>, String> {
    let Some(release) = store.latest_release().await.map_err(|e| e.to_string())? else { return Ok(None) };
    let data = release_data(store, &release).await?;
    Ok(Some((release, data)))
}
