//! A driver for counting instructions with valgrind, which does not vary with the machine's load:
//! converts the development set ten times through the engine. It also prints the live heap the engine
//! holds, counted by its allocator.
//!
//! ```sh
//! cargo bench -p tests --bench instructions --no-run   # prints the binary's path
//! valgrind --tool=callgrind --toggle-collect='*Engine*convert*' target/release/deps/instructions-<hash>
//! ```
//! The `Ir` total divided by 15,000 is the instructions per address (docs/benchmarks.md).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering};

use tests::{dev_addresses, lookup};

/// Counts live heap bytes, to report what the engine holds.
struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let index = lookup().index();
    let before = LIVE.load(Ordering::Relaxed);
    let engine = shared::engine::Engine::new(index);
    let bytes = LIVE.load(Ordering::Relaxed) - before;
    println!("engine memory: {:.1} MiB live heap after Engine::new", bytes as f64 / (1024.0 * 1024.0));
    let addresses: Vec<String> = dev_addresses().into_iter().map(|case| case.input).collect();
    for _ in 0..10 {
        for address in &addresses {
            std::hint::black_box(engine.convert(index, address));
        }
    }
}
