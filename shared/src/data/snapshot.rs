//! The compact binary form of the dataset that the API embeds and the browser can load:
//! `MAGIC`, the 16-hex-digit version (the first 8 bytes of the body's SHA-256), then the [`Dataset`]
//! in postcard encoding.

use sha2::{Digest, Sha256};

use crate::model::Dataset;

/// "XAMOI" and the format number; a new format gets a new number.
pub const MAGIC: &[u8; 6] = b"XAMOI\x06";
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
        assert_eq!(decode(b"XAMOI\x06short"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x06ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::BadVersion));
        // Format 1 had no procedures or service centres, format 2 no earlier names, format 3 no procedure
        // facts, format 4 no default basis of a split's transition, format 5 no procedure details.
        assert_eq!(decode(b"XAMOI\x01ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x02ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x03ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x04ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        assert_eq!(decode(b"XAMOI\x05ZZZZZZZZZZZZZZZZ"), Err(SnapshotError::NotASnapshot));
        let mut truncated = encode(&tiny());
        truncated.truncate(truncated.len() - 3);
        assert_eq!(decode(&truncated), Err(SnapshotError::Tampered));
    }
}

/// Decoding is total: any bytes, and the real snapshot damaged, give an error and never a panic.
/// `PROPTEST_CASES` sets the number of cases.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// A snapshot's header (so that decoding gets past it) over any body, with its true version.
    fn signed(body: &[u8]) -> Vec<u8> {
        [MAGIC.as_slice(), version_of(body).as_bytes(), body].concat()
    }

    proptest! {
        #![proptest_config(crate::proptest_config(256))]

        #[test]
        fn any_bytes_are_refused_without_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
            let result = decode(&bytes);
            if !bytes.starts_with(MAGIC) {
                prop_assert_eq!(result, Err(SnapshotError::NotASnapshot));
            }
        }

        /// A header then anything: the version must be hex and must match the body.
        #[test]
        fn a_header_over_any_body_is_refused(version in "[0-9a-fA-Z]{16}", body in prop::collection::vec(any::<u8>(), 0..4096)) {
            let bytes = [MAGIC.as_slice(), version.as_bytes(), &body].concat();
            prop_assert!(decode(&bytes).is_err());
        }

        /// A body that hashes to its version but is not a dataset: postcard refuses it, without
        /// panicking or reserving memory for the lengths it claims.
        #[test]
        fn a_signed_body_that_is_not_a_dataset_decodes_without_a_panic(body in prop::collection::vec(any::<u8>(), 0..4096)) {
            let _ = decode(&signed(&body));
        }
    }

    /// The real snapshot (`data/*.csv`), damaged: bytes changed, cut short or lengthened.
    #[cfg(feature = "canonical")]
    mod real {
        use std::sync::OnceLock;

        use proptest::prelude::*;

        use super::super::*;
        use super::signed;

        fn real() -> &'static [u8] {
            static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
            BYTES.get_or_init(|| encode(&crate::answers::lookup::tests::lookup().index().dataset))
        }

        /// (position, new byte) pairs, positions as fractions of the length so that they fit any.
        fn flips() -> impl Strategy<Value = Vec<(f64, u8)>> {
            prop::collection::vec((0.0..1.0f64, 1..=255u8), 1..4)
        }

        fn damage(bytes: &mut [u8], flips: &[(f64, u8)]) {
            for &(at, xor) in flips {
                let at = ((bytes.len() as f64 * at) as usize).min(bytes.len() - 1);
                bytes[at] ^= xor;
            }
        }

        proptest! {
            #![proptest_config(crate::proptest_config(64))]

            #[test]
            fn a_changed_byte_is_refused(flips in flips()) {
                let mut bytes = real().to_vec();
                damage(&mut bytes, &flips);
                prop_assert!(decode(&bytes).is_err());
            }

            #[test]
            fn a_cut_or_lengthened_snapshot_is_refused(at in 0.0..1.0f64, extra in prop::collection::vec(any::<u8>(), 0..8)) {
                let bytes = real();
                let cut = &bytes[..(bytes.len() as f64 * at) as usize];
                prop_assert!(decode(cut).is_err());
                let longer = [bytes, &extra].concat();
                prop_assert_eq!(decode(&longer).is_err(), !extra.is_empty());
            }

            /// Damage re-signed (as one who rewrites the version would): the body decoder itself must
            /// refuse it or give a dataset, never panic; and what it gives the checks can judge.
            #[test]
            fn a_re_signed_damaged_body_decodes_or_is_refused_without_a_panic(flips in flips(), cut in 0.0..1.0f64, cut_it in any::<bool>()) {
                let (_, body) = split(real()).unwrap();
                let mut body = body.to_vec();
                damage(&mut body, &flips);
                if cut_it {
                    body.truncate((body.len() as f64 * cut) as usize);
                }
                if let Ok(snapshot) = decode(&signed(&body)) {
                    let _ = crate::data::check::check(&snapshot.dataset);
                }
            }
        }
    }
}
