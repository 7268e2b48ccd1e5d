//! The dataset being served: one [`Data`] at a time, swapped whole when a newer release is published
//! (here or by another instance), while requests that started on the old one finish on it.

use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use crate::Data;

/// What every read answers from. Reads never wait: loading is a pointer read, and a swap never
/// blocks them.
#[derive(Debug)]
pub struct LiveData {
    current: ArcSwap<Data>,
    /// The number of the release served (0: none, the binary's own dataset). Only writers take it, so
    /// that a slow load of an older release never replaces a newer one (release numbers only grow;
    /// a rollback is a newer release).
    release: Mutex<u64>,
}

impl LiveData {
    pub fn new(data: Arc<Data>) -> Self {
        Self { current: ArcSwap::new(data), release: Mutex::new(0) }
    }

    /// The dataset now, to keep: a request or task that holds it long (a batch, a publish) keeps the
    /// one it took.
    pub fn current(&self) -> Arc<Data> {
        self.current.load_full()
    }

    /// The dataset now, for one short answer: no reference count is touched (arc-swap's guard), so
    /// that requests on several cores do not contend on one counter.
    pub fn load(&self) -> arc_swap::Guard<Arc<Data>> {
        self.current.load()
    }

    /// Serves `data` of release `number` from now on, unless a release as new is served already.
    /// Returns whether the data served changed.
    pub fn replace(&self, data: Arc<Data>, number: u64) -> bool {
        let mut served = self.release.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if number <= *served {
            return false;
        }
        *served = number;
        if self.current.load().version() == data.version() {
            return false;
        }
        self.current.store(data);
        true
    }

    /// Records that release `number` is what is served (its data is the same as the current one).
    pub fn note_release(&self, number: u64) {
        let mut served = self.release.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *served = (*served).max(number);
    }

    /// The number of the release served (0 when none).
    pub fn release(&self) -> u64 {
        *self.release.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_older_release_never_replaces_a_newer_one() {
        let embedded = Arc::new(Data::embedded());
        let live = LiveData::new(embedded.clone());
        let mut dataset = embedded.lookup.index().dataset.clone();
        dataset.meta.built_from = "2026-12-01".into();
        let newer = Arc::new(Data::from_checked_dataset(dataset));
        assert!(live.replace(newer.clone(), 2));
        assert!(!live.replace(embedded.clone(), 1), "a slow load of release 1 after release 2");
        assert_eq!(live.current().version(), newer.version());
        assert!(live.replace(embedded, 3), "a rollback is a newer release");
        assert_eq!(live.release(), 3);
        live.note_release(2);
        assert_eq!(live.release(), 3);
    }
}
