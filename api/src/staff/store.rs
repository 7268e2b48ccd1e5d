//! Where staff publishing writes and every instance reads: one [`Store`] over `object_store`, a local
//! directory by default (`var/store/`) and S3 in the cloud, chosen by `STORE_URL` ([`StoreUrl`]).
//!
//! Layout under the store's root (the directory, or `s3://bucket/prefix`):
//! - `snapshots/<version>`: the bytes of a snapshot, named by the content version that
//!   `shared::data::snapshot` computes. Written once; writing the same version again changes nothing.
//! - `releases/<n>`: a [`Release`] as JSON, `n` zero-padded to 20 digits so that key order is numeric.
//!   Created with `PutMode::Create` (`If-None-Match: *` on S3, a hard link on a local directory), so of
//!   two publishes racing for the same number exactly one wins; the other gets [`StoreError::Conflict`].
//!
//! Every write is all or nothing: S3 makes an object visible whole; `LocalFileSystem` writes to a
//! staging file `<key>#<n>` beside the key, then hard-links it into place (`PutMode::Create`) or renames
//! it (`PutMode::Overwrite`), and listing skips staging files. With `with_fsync(true)`, which [`Store`]
//! sets, the file and its directory are flushed before the write returns. A crash mid-write can leave
//! a staging file behind, never a partial object.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, PutMode, PutOptions, PutPayload};
use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::data::snapshot;

/// Reads in flight at once when a whole folder is read.
pub const CONCURRENT_READS: usize = 16;

/// `STORE_URL` when it is not set.
pub const DEFAULT_STORE_URL: &str = "var/store/";

/// Digits of a release number in its key: every `u64` fits, so key order is numeric order.
const RELEASE_DIGITS: usize = 20;

/// Where the store is, parsed from `STORE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreUrl {
    /// A directory: a plain path (relative to the working directory) or `file:///absolute/path`.
    Local(PathBuf),
    /// `s3://bucket` or `s3://bucket/prefix`; credentials and region come from the `AWS_*` variables.
    S3 { bucket: String, prefix: String },
}

impl StoreUrl {
    /// Reads `STORE_URL` ([`DEFAULT_STORE_URL`] when unset).
    pub fn from_env() -> Result<Self, StoreError> {
        match std::env::var("STORE_URL") {
            Ok(url) => Self::parse(&url),
            Err(std::env::VarError::NotPresent) => Self::parse(DEFAULT_STORE_URL),
            Err(std::env::VarError::NotUnicode(_)) => Err(bad_url("STORE_URL", "is not UTF-8")),
        }
    }

    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(bad_url(url, "is empty"));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if !is_bucket_name(bucket) {
                return Err(bad_url(url, "needs a bucket name of 3 to 63 characters a-z, 0-9, '.', '-'"));
            }
            let prefix = prefix.trim_matches('/');
            if Path::parse(prefix).is_err() || prefix.contains('?') || prefix.contains('#') {
                return Err(bad_url(url, "has a prefix that is not a plain key path"));
            }
            return Ok(Self::S3 { bucket: bucket.to_owned(), prefix: prefix.to_owned() });
        }
        if let Some(rest) = url.strip_prefix("file://") {
            // `file:///abs` or `file://localhost/abs`; any other host is another machine.
            let path = rest.strip_prefix("localhost").unwrap_or(rest);
            if !path.starts_with('/') {
                return Err(bad_url(url, "needs an absolute path: file:///dir"));
            }
            return Ok(Self::Local(PathBuf::from(path)));
        }
        if let Some((scheme, _)) = url.split_once("://") {
            return Err(bad_url(url, &format!("has scheme {scheme:?}; use a directory, file:// or s3://")));
        }
        Ok(Self::Local(PathBuf::from(url)))
    }
}

impl fmt::Display for StoreUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Local(dir) => write!(f, "{}", dir.display()),
            Self::S3 { bucket, prefix } if prefix.is_empty() => write!(f, "s3://{bucket}"),
            Self::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

/// S3's rule for bucket names, simplified: 3 to 63 of `a-z 0-9 . -`, starting and ending alphanumeric.
fn is_bucket_name(name: &str) -> bool {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-';
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name.chars().all(allowed)
        && edge(name.chars().next())
        && edge(name.chars().last())
}

fn bad_url(url: &str, why: &str) -> StoreError {
    StoreError::BadUrl(format!("STORE_URL {url:?} {why}"))
}

pub use shared::staff::record::Release;

#[derive(Debug)]
pub enum StoreError {
    /// `STORE_URL` is not a directory, `file://` or `s3://` URL.
    BadUrl(String),
    /// Release `number` exists already: another publish won it.
    Conflict { number: u64 },
    /// A document created once exists already.
    Exists { key: String },
    /// Not a document name (see [`Collection`]).
    BadName(String),
    /// Bytes given as a snapshot are not one, or do not hash to the version they claim.
    NotASnapshot(snapshot::SnapshotError),
    /// A release names a snapshot that is not in the store.
    MissingSnapshot(String),
    /// An object in the store does not read as what its key says.
    Corrupt { key: String, reason: String },
    /// The store failed or could not be reached (a 503 for writes).
    Unavailable(object_store::Error),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadUrl(why) => f.write_str(why),
            Self::Conflict { number } => write!(f, "release {number} exists already"),
            Self::Exists { key } => write!(f, "{key} exists already"),
            Self::BadName(name) => write!(f, "{name:?} is not a document name"),
            Self::NotASnapshot(e) => write!(f, "not a snapshot: {e}"),
            Self::MissingSnapshot(version) => write!(f, "snapshot {version} is not in the store"),
            Self::Corrupt { key, reason } => write!(f, "{key} in the store is unreadable: {reason}"),
            Self::Unavailable(e) => write!(f, "the store failed: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Unavailable(e) => Some(e),
            _ => None,
        }
    }
}

/// Snapshots and releases in one object store. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    /// Prefix of every key (`prefix` of `s3://bucket/prefix`; empty for a directory).
    root: Path,
    /// What to say in logs.
    url: String,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Store({})", self.url)
    }
}

/// A store that does not answer fails a request within a few seconds (a 503 for writes; reads never wait
/// on it), well inside the 10 s request timeout, instead of object_store's default of retrying for 3 minutes.
fn with_bounded_waits(builder: AmazonS3Builder) -> AmazonS3Builder {
    use object_store::ClientConfigKey;
    use object_store::aws::AmazonS3ConfigKey;
    let retry = object_store::RetryConfig {
        max_retries: 2,
        retry_timeout: std::time::Duration::from_secs(4),
        ..object_store::RetryConfig::default()
    };
    builder
        .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::ConnectTimeout), "2s")
        .with_config(AmazonS3ConfigKey::Client(ClientConfigKey::Timeout), "5s")
        .with_retry(retry)
}

/// Makes ring the process's TLS provider, once, before any HTTPS client is built: reqwest is built
/// without one so that no C toolchain for aws-lc is needed (see the workspace's Cargo.toml).
pub fn install_tls() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    // An error means a provider is already installed, which is all we need.
    ONCE.call_once(|| drop(rustls::crypto::ring::default_provider().install_default()));
}

impl Store {
    /// Opens the store at `url`; a local directory is created if missing. Nothing is read yet: an S3
    /// store that cannot be reached fails on its first call, not here.
    pub fn open(url: &StoreUrl) -> Result<Self, StoreError> {
        match url {
            StoreUrl::Local(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::BadUrl(format!("cannot create the store directory {}: {e}", dir.display()))
                })?;
                let fs = LocalFileSystem::new_with_prefix(dir).map_err(StoreError::Unavailable)?.with_fsync(true);
                Ok(Self::with_object_store(Arc::new(fs), "", url.to_string()))
            }
            StoreUrl::S3 { bucket, prefix } => {
                install_tls();
                // AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (Lambda sets
                // them), AWS_ENDPOINT and AWS_ALLOW_HTTP for an S3-compatible server.
                let s3 = with_bounded_waits(AmazonS3Builder::from_env())
                    .with_bucket_name(bucket)
                    .build()
                    .map_err(StoreError::Unavailable)?;
                Ok(Self::with_object_store(Arc::new(s3), prefix, url.to_string()))
            }
        }
    }

    /// A store over any object store, its keys under `prefix`.
    pub fn with_object_store(inner: Arc<dyn ObjectStore>, prefix: &str, url: String) -> Self {
        Self { inner, root: Path::from(prefix), url }
    }

    fn key(&self, parts: [&str; 2]) -> Path {
        self.root.clone().join(parts[0]).join(parts[1])
    }

    /// Stores a snapshot under its version (which it must match) and returns the version. Storing the
    /// same snapshot again is harmless: the key exists, and its content is the same by construction.
    pub async fn put_snapshot(&self, bytes: Bytes) -> Result<String, StoreError> {
        let (version, body) = snapshot::split(&bytes).map_err(StoreError::NotASnapshot)?;
        if snapshot::version_of(body) != version {
            return Err(StoreError::NotASnapshot(snapshot::SnapshotError::Tampered));
        }
        let version = version.to_owned();
        let key = self.key(["snapshots", &version]);
        let create = PutOptions { mode: PutMode::Create, ..PutOptions::default() };
        match self.inner.put_opts(&key, PutPayload::from_bytes(bytes), create).await {
            Ok(_) | Err(object_store::Error::AlreadyExists { .. }) => Ok(version),
            Err(e) => Err(StoreError::Unavailable(e)),
        }
    }

    /// The bytes of snapshot `version`, `None` if the store has no such snapshot.
    pub async fn get_snapshot(&self, version: &str) -> Result<Option<Bytes>, StoreError> {
        if !is_version(version) {
            return Ok(None);
        }
        self.get(&self.key(["snapshots", version])).await
    }

    /// Creates release `release.number`, once: if it exists, [`StoreError::Conflict`] and the stored
    /// one is untouched. Its snapshot must be in the store already (put it first: then a crash between
    /// the two writes leaves an unused snapshot, never a release that points to nothing).
    pub async fn create_release(&self, release: &Release) -> Result<(), StoreError> {
        let snapshot_key = self.key(["snapshots", &release.snapshot_version]);
        match self.inner.head(&snapshot_key).await {
            Ok(_) => {}
            Err(object_store::Error::NotFound { .. }) => {
                return Err(StoreError::MissingSnapshot(release.snapshot_version.clone()));
            }
            Err(e) => return Err(StoreError::Unavailable(e)),
        }
        let json = serde_json::to_vec_pretty(release).expect("a release always encodes");
        let create = PutOptions { mode: PutMode::Create, ..PutOptions::default() };
        match self.inner.put_opts(&self.release_key(release.number), json.into(), create).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => {
                Err(StoreError::Conflict { number: release.number })
            }
            Err(e) => Err(StoreError::Unavailable(e)),
        }
    }

    /// Release `number`, `None` if there is none.
    pub async fn get_release(&self, number: u64) -> Result<Option<Release>, StoreError> {
        let key = self.release_key(number);
        let Some(json) = self.get(&key).await? else { return Ok(None) };
        let release: Release = serde_json::from_slice(&json)
            .map_err(|e| StoreError::Corrupt { key: key.to_string(), reason: e.to_string() })?;
        if release.number != number {
            let reason = format!("it says it is release {}", release.number);
            return Err(StoreError::Corrupt { key: key.to_string(), reason });
        }
        Ok(Some(release))
    }

    /// The release with the highest number, `None` if none was published. One listing of `releases/`
    /// and one read; keys that are not release numbers are skipped with a warning.
    pub async fn latest_release(&self) -> Result<Option<Release>, StoreError> {
        let prefix = self.root.clone().join("releases");
        let listing = self.inner.list_with_delimiter(Some(&prefix)).await.map_err(StoreError::Unavailable)?;
        let latest = listing
            .objects
            .iter()
            .filter_map(|object| {
                let name = object.location.filename()?;
                let number = parse_release_number(name);
                if number.is_none() {
                    tracing::warn!(key = %object.location, "not a release number; skipped");
                }
                number
            })
            .max();
        match latest {
            Some(number) => self.get_release(number).await,
            None => Ok(None),
        }
    }

    /// Document `name` of `collection` as JSON, `None` if there is none.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        collection: Collection,
        name: &str,
    ) -> Result<Option<T>, StoreError> {
        let key = self.document_key(collection, name)?;
        let Some(json) = self.get(&key).await? else { return Ok(None) };
        serde_json::from_slice(&json)
            .map(Some)
            .map_err(|e| StoreError::Corrupt { key: key.to_string(), reason: e.to_string() })
    }

    /// Every document of `collection`, in name order, read [`CONCURRENT_READS`] at a time (on S3 each is
    /// one request: one after the other, a few hundred would take seconds). One vanished between the
    /// listing and its read is left out.
    pub async fn get_all_json<T: DeserializeOwned>(&self, collection: Collection) -> Result<Vec<T>, StoreError> {
        use futures_util::stream::{self, StreamExt, TryStreamExt};
        let names = self.list(collection).await?;
        let documents: Vec<Option<T>> = stream::iter(names)
            .map(|name| async move { self.get_json::<T>(collection, &name).await })
            .buffered(CONCURRENT_READS)
            .try_collect()
            .await?;
        Ok(documents.into_iter().flatten().collect())
    }

    /// Releases `numbers`, in their order, read [`CONCURRENT_READS`] at a time; missing ones are left out.
    pub async fn get_releases(&self, numbers: impl Iterator<Item = u64>) -> Result<Vec<Release>, StoreError> {
        use futures_util::stream::{self, StreamExt, TryStreamExt};
        let releases: Vec<Option<Release>> = stream::iter(numbers)
            .map(|number| self.get_release(number))
            .buffered(CONCURRENT_READS)
            .try_collect()
            .await?;
        Ok(releases.into_iter().flatten().collect())
    }

    /// Creates document `name` of `collection`, once: if it exists, [`StoreError::Exists`] and the
    /// stored one is untouched (of two racing creates, exactly one wins).
    pub async fn create_json<T: Serialize>(
        &self,
        collection: Collection,
        name: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let key = self.document_key(collection, name)?;
        let json = serde_json::to_vec_pretty(value).expect("a document always encodes");
        let create = PutOptions { mode: PutMode::Create, ..PutOptions::default() };
        match self.inner.put_opts(&key, json.into(), create).await {
            Ok(_) => Ok(()),
            Err(object_store::Error::AlreadyExists { .. } | object_store::Error::Precondition { .. }) => {
                Err(StoreError::Exists { key: key.to_string() })
            }
            Err(e) => Err(StoreError::Unavailable(e)),
        }
    }

    /// Writes document `name` of `collection` whole, replacing any earlier one (never half-written).
    pub async fn put_json<T: Serialize>(
        &self,
        collection: Collection,
        name: &str,
        value: &T,
    ) -> Result<(), StoreError> {
        let key = self.document_key(collection, name)?;
        let json = serde_json::to_vec_pretty(value).expect("a document always encodes");
        self.inner.put(&key, json.into()).await.map(drop).map_err(StoreError::Unavailable)
    }

    /// The names of every document of `collection`, sorted.
    pub async fn list(&self, collection: Collection) -> Result<Vec<String>, StoreError> {
        let prefix = self.root.clone().join(collection.folder());
        let listing = self.inner.list_with_delimiter(Some(&prefix)).await.map_err(StoreError::Unavailable)?;
        let mut names: Vec<String> = listing
            .objects
            .iter()
            .filter_map(|object| object.location.filename())
            .filter(|name| is_document_name(name))
            .map(str::to_owned)
            .collect();
        names.sort();
        Ok(names)
    }

    fn document_key(&self, collection: Collection, name: &str) -> Result<Path, StoreError> {
        if !is_document_name(name) {
            return Err(StoreError::BadName(name.to_owned()));
        }
        Ok(self.key([collection.folder(), name]))
    }

    fn release_key(&self, number: u64) -> Path {
        self.key(["releases", &format!("{number:0width$}", width = RELEASE_DIGITS)])
    }

    async fn get(&self, key: &Path) -> Result<Option<Bytes>, StoreError> {
        let result = match self.inner.get(key).await {
            Ok(result) => result,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(StoreError::Unavailable(e)),
        };
        result.bytes().await.map(Some).map_err(StoreError::Unavailable)
    }
}

/// The folders of documents other than snapshots and releases, one per kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Collection {
    /// `accounts/<email>`: an account and its password hash.
    Accounts,
    /// `changes/<id>`: a change request with its current state.
    Changes,
    /// `audit/<id>-<step>`: one entry of the append-only audit log, created once.
    Audit,
    /// `reports/<ticket>`: a citizen's report.
    Reports,
    /// `secrets/<name>`: the session signing key when no environment variable gives one.
    Secrets,
}

impl Collection {
    fn folder(self) -> &'static str {
        match self {
            Self::Accounts => "accounts",
            Self::Changes => "changes",
            Self::Audit => "audit",
            Self::Reports => "reports",
            Self::Secrets => "secrets",
        }
    }
}

/// A document's name: 1 to 200 of `a-z 0-9 . _ - @ +`, not starting with a dot, and no `#` (the local
/// store's staging files) or `/`, so that a name is always one key under its folder.
fn is_document_name(name: &str) -> bool {
    (1..=200).contains(&name.len())
        && !name.starts_with('.')
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-@+".contains(&b))
}

/// A snapshot version: 16 lowercase hex digits (also keeps any other text out of the key).
fn is_version(version: &str) -> bool {
    version.len() == 16 && version.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn parse_release_number(name: &str) -> Option<u64> {
    if name.len() != RELEASE_DIGITS || !name.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    name.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A new empty directory under the system's temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> Self {
            static COUNT: AtomicUsize = AtomicUsize::new(0);
            let n = COUNT.fetch_add(1, Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("xa-moi-store-{}-{name}-{n}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            Self(dir)
        }

        fn store(&self) -> Store {
            Store::open(&StoreUrl::Local(self.0.clone())).unwrap()
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// A well-formed snapshot of `body` (the store checks the hash, not the dataset).
    fn snapshot_of(body: &[u8]) -> (String, Bytes) {
        let version = snapshot::version_of(body);
        let bytes = [snapshot::MAGIC.as_slice(), version.as_bytes(), body].concat();
        (version, Bytes::from(bytes))
    }

    fn release(number: u64, snapshot_version: &str, by: &str) -> Release {
        Release {
            number,
            snapshot_version: snapshot_version.to_owned(),
            base_version: "0123456789abcdef".to_owned(),
            created_at: "2026-12-01T13:00:00Z".to_owned(),
            by: by.to_owned(),
            changes: vec!["c1".to_owned()],
            rollback_of: None,
            rebase: None,
        }
    }

    #[test]
    fn urls_parse_into_a_directory_or_a_bucket_and_anything_else_is_refused() {
        let local = |p: &str| StoreUrl::Local(PathBuf::from(p));
        assert_eq!(StoreUrl::parse("var/store/").unwrap(), local("var/store/"));
        assert_eq!(StoreUrl::parse(DEFAULT_STORE_URL).unwrap(), local("var/store/"));
        assert_eq!(StoreUrl::parse("file:///srv/store").unwrap(), local("/srv/store"));
        assert_eq!(StoreUrl::parse("file://localhost/srv/store").unwrap(), local("/srv/store"));
        let s3 = |b: &str, p: &str| StoreUrl::S3 { bucket: b.to_owned(), prefix: p.to_owned() };
        assert_eq!(StoreUrl::parse("s3://xa-moi").unwrap(), s3("xa-moi", ""));
        assert_eq!(StoreUrl::parse("s3://xa-moi/").unwrap(), s3("xa-moi", ""));
        assert_eq!(StoreUrl::parse("s3://xa-moi/prod/v1/").unwrap(), s3("xa-moi", "prod/v1"));
        assert_eq!(StoreUrl::parse("s3://xa-moi/prod").unwrap().to_string(), "s3://xa-moi/prod");

        for bad in [
            "",
            "   ",
            "s3://",
            "s3:///prefix",
            "s3://ab",
            "s3://Upper-Case",
            "s3://-dash",
            "s3://bucket/a/../b",
            "s3://bucket/a?x=1",
            "file://relative/dir",
            "file://otherhost/dir",
            "gs://bucket/prefix",
            "https://example.com/store",
        ] {
            let err = StoreUrl::parse(bad).expect_err(bad);
            assert!(matches!(err, StoreError::BadUrl(_)), "{bad}: {err:?}");
            assert!(err.to_string().starts_with("STORE_URL"), "{bad}: {err}");
        }
    }

    // The checks, for any store; each runs on a local directory below and on s3s-fs in `s3`.

    async fn snapshots_are_stored_under_their_version_once(store: &Store) {
        let (version, bytes) = snapshot_of(b"dataset one");
        assert_eq!(store.get_snapshot(&version).await.unwrap(), None);
        assert_eq!(store.put_snapshot(bytes.clone()).await.unwrap(), version);
        assert_eq!(store.put_snapshot(bytes.clone()).await.unwrap(), version, "twice is harmless");
        assert_eq!(store.get_snapshot(&version).await.unwrap(), Some(bytes));

        assert_eq!(store.get_snapshot("../releases").await.unwrap(), None);
        let junk = store.put_snapshot(Bytes::from_static(b"junk")).await;
        assert!(matches!(junk, Err(StoreError::NotASnapshot(_))));
        let (_, tampered) = snapshot_of(b"dataset two");
        let tampered = Bytes::from([&tampered[..tampered.len() - 1], b"X"].concat());
        assert!(matches!(store.put_snapshot(tampered).await, Err(StoreError::NotASnapshot(_))));
    }

    async fn documents_are_created_once_replaced_whole_and_listed(store: &Store) {
        #[derive(Debug, PartialEq, Serialize, Deserialize)]
        struct Doc {
            n: u32,
        }
        assert_eq!(store.get_json::<Doc>(Collection::Changes, "1").await.unwrap(), None);
        store.create_json(Collection::Changes, "1", &Doc { n: 1 }).await.unwrap();
        let again = store.create_json(Collection::Changes, "1", &Doc { n: 2 }).await;
        assert!(matches!(again, Err(StoreError::Exists { .. })), "{again:?}");
        assert_eq!(store.get_json::<Doc>(Collection::Changes, "1").await.unwrap(), Some(Doc { n: 1 }));
        store.put_json(Collection::Changes, "1", &Doc { n: 3 }).await.unwrap();
        store.put_json(Collection::Changes, "2", &Doc { n: 4 }).await.unwrap();
        assert_eq!(store.get_json::<Doc>(Collection::Changes, "1").await.unwrap(), Some(Doc { n: 3 }));
        assert_eq!(store.list(Collection::Changes).await.unwrap(), ["1", "2"]);
        assert_eq!(store.get_all_json::<Doc>(Collection::Changes).await.unwrap(), [Doc { n: 3 }, Doc { n: 4 }]);
        assert!(store.get_all_json::<Doc>(Collection::Reports).await.unwrap().is_empty());
        assert!(store.list(Collection::Accounts).await.unwrap().is_empty());
        for bad in ["", "../x", "a/b", "A", ".hidden", "x#1"] {
            let refused = store.put_json(Collection::Changes, bad, &Doc { n: 0 }).await;
            assert!(matches!(refused, Err(StoreError::BadName(_))), "{bad:?}: {refused:?}");
        }
    }

    async fn releases_are_created_once_and_the_latest_is_the_highest(store: &Store) {
        assert_eq!(store.latest_release().await.unwrap(), None);
        let (v1, s1) = snapshot_of(b"one");
        let (v2, s2) = snapshot_of(b"two");

        let missing = store.create_release(&release(1, &v1, "hoa@example.vn")).await;
        assert!(matches!(missing, Err(StoreError::MissingSnapshot(v)) if v == v1));
        assert_eq!(store.latest_release().await.unwrap(), None, "nothing half-written");

        store.put_snapshot(s1).await.unwrap();
        store.put_snapshot(s2).await.unwrap();
        let first = release(1, &v1, "hoa@example.vn");
        store.create_release(&first).await.unwrap();
        assert_eq!(store.latest_release().await.unwrap(), Some(first.clone()));
        let second = release(2, &v2, "hoa@example.vn");
        store.create_release(&second).await.unwrap();
        assert_eq!(store.latest_release().await.unwrap(), Some(second.clone()));

        let again = release(2, &v1, "minh@example.vn");
        assert!(matches!(store.create_release(&again).await, Err(StoreError::Conflict { number: 2 })));
        assert_eq!(store.get_release(2).await.unwrap(), Some(second), "the first one is intact");
        let again = release(1, &v2, "minh@example.vn");
        assert!(matches!(store.create_release(&again).await, Err(StoreError::Conflict { number: 1 })));
        assert_eq!(store.get_release(1).await.unwrap(), Some(first));

        // Numeric, not text, order: 10 is after 9; a stray object in releases/ does not count.
        for number in 3..=10 {
            store.create_release(&release(number, &v1, "hoa@example.vn")).await.unwrap();
        }
        let stray = store.key(["releases", "notes.txt"]);
        store.inner.put(&stray, PutPayload::from_static(b"x")).await.unwrap();
        assert_eq!(store.latest_release().await.unwrap().unwrap().number, 10);
        let numbers: Vec<u64> = store.get_releases(1..=11).await.unwrap().iter().map(|r| r.number).collect();
        assert_eq!(numbers, (1..=10).collect::<Vec<_>>(), "in order, the missing 11 left out");
    }

    async fn of_two_publishes_racing_for_one_number_exactly_one_wins(store: &Store) {
        let (v1, s1) = snapshot_of(b"one");
        let (v2, s2) = snapshot_of(b"two");
        store.put_snapshot(s1).await.unwrap();
        store.put_snapshot(s2).await.unwrap();
        for number in 101..=120 {
            let a = release(number, &v1, "a@example.vn");
            let b = release(number, &v2, "b@example.vn");
            let (sa, sb) = (store.clone(), store.clone());
            let (ta, tb) = (a.clone(), b.clone());
            let ha = tokio::spawn(async move { sa.create_release(&ta).await });
            let hb = tokio::spawn(async move { sb.create_release(&tb).await });
            let (ra, rb) = (ha.await.unwrap(), hb.await.unwrap());
            let stored = store.get_release(number).await.unwrap().unwrap();
            match (ra, rb) {
                (Ok(()), Err(StoreError::Conflict { .. })) => assert_eq!(stored, a),
                (Err(StoreError::Conflict { .. }), Ok(())) => assert_eq!(stored, b),
                other => panic!("release {number}: {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn a_local_snapshot_is_stored_under_its_version_once() {
        let dir = TempDir::new("snapshot");
        snapshots_are_stored_under_their_version_once(&dir.store()).await;
        let version = snapshot_of(b"dataset one").0;
        assert!(dir.0.join("snapshots").join(version).is_file());
    }

    #[tokio::test]
    async fn local_documents_are_created_once_replaced_whole_and_listed() {
        documents_are_created_once_replaced_whole_and_listed(&TempDir::new("documents").store()).await;
    }

    #[tokio::test]
    async fn local_releases_are_created_once_and_the_latest_is_the_highest() {
        let dir = TempDir::new("releases");
        releases_are_created_once_and_the_latest_is_the_highest(&dir.store()).await;
        assert!(dir.0.join("releases").join("00000000000000000010").is_file());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn of_two_local_publishes_racing_for_one_number_exactly_one_wins() {
        let dir = TempDir::new("race");
        of_two_publishes_racing_for_one_number_exactly_one_wins(&dir.store()).await;
    }

    #[tokio::test]
    async fn an_unreadable_release_is_an_error_not_a_release() {
        let dir = TempDir::new("corrupt");
        let store = dir.store();
        std::fs::create_dir_all(dir.0.join("releases")).unwrap();
        std::fs::write(dir.0.join("releases").join("00000000000000000001"), "{not json").unwrap();
        assert!(matches!(store.latest_release().await, Err(StoreError::Corrupt { .. })));
    }

    /// The same checks (but the race) against a real S3 server: `s3s-fs`, installed with
    /// `cargo install s3s-fs --version 0.14.1 --features binary --root target/tools`. Skipped, saying
    /// so, when it is not installed.
    mod s3 {
        use super::*;
        use std::net::{Ipv4Addr, TcpListener, TcpStream};
        use std::process::{Child, Command, Stdio};
        use std::time::{Duration, Instant};

        const BUCKET: &str = "xa-moi";

        /// An s3s-fs process serving a new directory, killed when dropped.
        struct S3sFs {
            child: Child,
            port: u16,
            _dir: TempDir,
        }

        impl Drop for S3sFs {
            fn drop(&mut self) {
                let _ = self.child.kill();
                let _ = self.child.wait();
            }
        }

        impl S3sFs {
            fn start() -> Option<Self> {
                // `cargo xtask test` installs it and names it in S3S_FS: then it must run, never skip.
                if let Some(bin) = std::env::var_os("S3S_FS") {
                    return Some(Self::spawn(PathBuf::from(bin)));
                }
                let bin = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/tools/bin/s3s-fs");
                if !bin.is_file() {
                    eprintln!(
                        "skipped: {} is absent (cargo install s3s-fs --version 0.14.1 --features binary \
                         --root target/tools)",
                        bin.display()
                    );
                    return None;
                }
                Some(Self::spawn(bin))
            }

            fn spawn(bin: PathBuf) -> Self {
                let dir = TempDir::new("s3s-fs");
                // s3s-fs serves each directory under its root as a bucket.
                std::fs::create_dir_all(dir.0.join(BUCKET)).unwrap();
                let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap().local_addr().unwrap().port();
                let child = Command::new(&bin)
                    .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                    .args(["--access-key", "test-key", "--secret-key", "test-secret"])
                    .arg(&dir.0)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                let server = Self { child, port, _dir: dir };
                let deadline = Instant::now() + Duration::from_secs(10);
                while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
                    assert!(Instant::now() < deadline, "s3s-fs did not start listening on {port}");
                    std::thread::sleep(Duration::from_millis(20));
                }
                server
            }

            fn store(&self, prefix: &str) -> Store {
                install_tls();
                let s3 = with_bounded_waits(AmazonS3Builder::new())
                    .with_endpoint(format!("http://127.0.0.1:{}", self.port))
                    .with_allow_http(true)
                    .with_region("us-east-1")
                    .with_bucket_name(BUCKET)
                    .with_access_key_id("test-key")
                    .with_secret_access_key("test-secret")
                    .build()
                    .unwrap();
                Store::with_object_store(Arc::new(s3), prefix, format!("s3://{BUCKET}/{prefix}"))
            }
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn the_store_works_the_same_on_a_real_s3_server() {
            let Some(server) = S3sFs::start() else { return };
            snapshots_are_stored_under_their_version_once(&server.store("snapshots-test")).await;
            releases_are_created_once_and_the_latest_is_the_highest(&server.store("releases-test")).await;
            documents_are_created_once_replaced_whole_and_listed(&server.store("documents-test")).await;
            // Not the race: s3s-fs 0.14.1 checks `If-None-Match: *` with `exists()` and then renames its
            // temp file over the key (s3.rs `put_object`, fs.rs `FileWriter::done`), so two concurrent
            // creates can both succeed there. AWS S3 makes conditional writes atomic (412, or 409 for
            // concurrent ones; object_store maps both to AlreadyExists).
        }
    }
}
