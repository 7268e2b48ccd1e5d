//! The dataset the service answers from: embedded at build time, or loaded from a published file.

use shared::answers::Lookup;

/// The snapshot compiled from `data/` by `build.rs`.
pub static EMBEDDED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/snapshot.bin"));

/// A decoded dataset with every answer built from it ([`Lookup`]), and the snapshot bytes it came from
/// (served to browsers).
#[derive(Debug)]
pub struct Data {
    /// Its lookup engine is built on first use, or by [`Data::warm_up`] in the background, so that a cold
    /// start answers health checks and reads without waiting for it.
    pub lookup: Lookup,
    /// Shared, not copied, by every response that serves it.
    pub bytes: axum::body::Bytes,
}

impl Data {
    /// The embedded snapshot. It was checked when the binary was built.
    pub fn embedded() -> Self {
        let snapshot = shared::data::snapshot::decode(EMBEDDED).expect("the embedded snapshot decodes");
        Self { lookup: Lookup::from_snapshot(snapshot), bytes: axum::body::Bytes::from_static(EMBEDDED) }
    }

    /// A published snapshot: its content must match its version, and the dataset must pass every check.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, String> {
        let snapshot = shared::data::snapshot::decode(&bytes).map_err(|e| e.to_string())?;
        let problems = shared::data::check::check(&snapshot.dataset);
        if let Some(first) = problems.first() {
            return Err(format!("snapshot {} fails {} check(s), first: {first}", snapshot.version, problems.len()));
        }
        Ok(Self { lookup: Lookup::from_snapshot(snapshot), bytes: axum::body::Bytes::from(bytes) })
    }

    /// A dataset that passed every check (as publishing makes it), with its snapshot encoded.
    pub fn from_checked_dataset(dataset: shared::model::Dataset) -> Self {
        let bytes = shared::data::snapshot::encode(&dataset);
        let (version, _) = shared::data::snapshot::split(&bytes).expect("an encoded snapshot splits");
        Self { lookup: Lookup::new(version, dataset), bytes: axum::body::Bytes::from(bytes) }
    }

    /// The dataset's version (the content hash of its snapshot).
    pub fn version(&self) -> &str {
        self.lookup.version()
    }

    /// Builds the lookup engine, then reads the commune boundaries, on another thread, so that they are
    /// ready before the first conversion and the first location.
    pub fn warm_up(self: &std::sync::Arc<Self>) {
        let data = std::sync::Arc::clone(self);
        std::thread::spawn(move || {
            data.lookup.warm_up();
            crate::routes::maps::boundaries(data.lookup.index());
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_published_snapshot_loads_when_intact_and_is_refused_otherwise() {
        let loaded = Data::from_bytes(EMBEDDED.to_vec()).unwrap();
        assert_eq!(loaded.version(), Data::embedded().version());

        let mut tampered = EMBEDDED.to_vec();
        let last = tampered.len() - 1;
        tampered[last] ^= 0x55;
        assert!(Data::from_bytes(tampered).unwrap_err().contains("does not match"));
        assert!(Data::from_bytes(b"not a snapshot".to_vec()).is_err());

        // Intact but broken data: a re-encoded dataset with a new commune removed fails the checks.
        let mut dataset = shared::data::snapshot::decode(EMBEDDED).unwrap().dataset;
        dataset.new_communes.pop();
        let error = Data::from_bytes(shared::data::snapshot::encode(&dataset)).unwrap_err();
        assert!(error.contains("3320 new communes, expected 3321"), "{error}");
    }
}
