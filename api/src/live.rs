//! The dataset being served: one [`Data`] at a time, swapped whole when a newer release is published
//! (here or by another instance), while requests that started on the old one finish on it.

use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::Data;

/// What every read answers from. Reads never wait: loading is a pointer read, and a swap never
/// blocks them.
#[derive(Debug)]
pub struct LiveData {
    current: ArcSwap<Data>,
}

impl LiveData {
    pub fn new(data: Arc<Data>) -> Self {
        Self { current: ArcSwap::new(data) }
    }

    /// The dataset now. A request keeps the one it took for its whole answer.
    pub fn current(&self) -> Arc<Data> {
        self.current.load_full()
    }

    /// Serves `data` from now on, unless it is the dataset already served.
    pub fn replace(&self, data: Arc<Data>) -> bool {
        if self.current.load().version() == data.version() {
            return false;
        }
        self.current.store(data);
        true
    }
}
