//! The compact binary form of the dataset that the API embeds and the browser can load:
//! `MAGIC`, the 16-hex-digit version (the first 8 bytes of the body's SHA-256), then the [`Dataset`]
//! in postcard encoding.

use sha2::{Digest, Sha256};

use crate::model::Dataset;

/// "XAMOI" and the format number; a new format gets a new number.
pub const MAGIC: &[u8; 6] = b"XAMOI\x03";
const VERSION_LEN: usize = 16;

/// A decoded snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Content hash of [`Snapshot::body`]'s bytes, 16 lowercase hex digits.
    pub version: String,
    pub dataset: Dataset,
}

/// Why bytes are not a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    NotASnapshot,
    BadVersion,
    /// The content does not hash to the version it claims.
    Tampered,
    Body(String),
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnapshotError::NotASnapshot => f.write_str("not a Xã Mới snapshot of this format"),
            SnapshotError::BadVersion => f.write_str("snapshot version is not 16 hex digits"),
            SnapshotError::Tampered => f.write_str("snapshot content does not match its version"),
            SnapshotError::Body(e) => write!(f, "snapshot body does not decode: {e}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

/// The snapshot of a dataset: `MAGIC + version + body`.
pub fn encode(dataset: &Dataset) -> Vec<u8> {
    let body = postcard::to_allocvec(dataset).expect("a dataset always encodes");
    let version = version_of(&body);
    let mut bytes = Vec::with_capacity(MAGIC.len() + VERSION_LEN + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(version.as_bytes());
    bytes.extend_from_slice(&body);
    bytes
}

/// The content hash that names a body: the first 8 bytes of its SHA-256, in hex.
pub fn version_of(body: &[u8]) -> String {
    Sha256::digest(body).iter().take(VERSION_LEN / 2).map(|byte| format!("{byte:02x}")).collect()
}

/// Splits a snapshot into its version and body without decoding the body (to verify the hash first).
pub fn split(bytes: &[u8]) -> Result<(&str, &[u8]), SnapshotError> {
    let rest = bytes.strip_prefix(MAGIC.as_slice()).ok_or(SnapshotError::NotASnapshot)?;
    if rest.len() < VERSION_LEN {
        return Err(SnapshotError::NotASnapshot);
    }
    let (version, body) = rest.split_at(VERSION_LEN);
    let version = std::str::from_utf8(version).map_err(|_| SnapshotError::BadVersion)?;
    if !is_version(version) {
        return Err(SnapshotError::BadVersion);
    }
    Ok((version, body))
}

/// Decodes a whole snapshot after checking that its content matches its version.
pub fn decode(bytes: &[u8]) -> Result<Snapshot, SnapshotError> {
    let (version, body) = split(bytes)?;
    if version_of(body) != version {
        return Err(SnapshotError::Tampered);
    }
    let dataset = postcard::from_bytes(body).map_err(|e| SnapshotError::Body(e.to_string()))?;
    Ok(Snapshot { version: version.to_owned(), dataset })
}

fn is_version(text: &str) -> bool {
    text.len() == VERSION_LEN && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;

    fn tiny() -> Dataset {
        Dataset { meta: Meta { built_from: "2026-07-25".into() }, ..Dataset::default() }
    }

    #[test]
    fn round_trips_under_a_content_version() {
        let bytes = encode(&tiny());
        let snapshot = decode(&bytes).unwrap();
        assert_eq!(snapshot.version.len(), 16);
        assert_eq!(snapshot.dataset, tiny());
        let mut other = tiny();
        other.meta.built_from = "2026-07-26".into();
        assert_ne!(decode(&encode(&other)).unwrap().version, snapshot.version);
    }

    #[test]
    fn rejects_a_changed_body() {
        let mut bytes = encode(&tiny());
        *bytes.last_mut().unwrap() ^= 1;
        assert_eq!(decode(&bytes), Err(SnapshotError::Tampered));
    }

    #[test]
    fn rejects_what_is_not_a_snapshot() {
        assert_eq!(decode(b""), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"{\"json\":true}"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x03short"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x03ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::BadVersion));
        // Format 1 had no procedures or service centres, format 2 no earlier names.
        assert_eq!(decode(b"XAMOI\x01ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x02ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        let mut truncated = encode(&tiny());
        truncated.truncate(truncated.len() - 3);
        assert_eq!(decode(&truncated), Err(SnapshotError::Tampered));
    }
}
