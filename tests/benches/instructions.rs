//! A driver for counting instructions with valgrind, which does not vary with the machine's load:
//! converts the development set ten times through the engine.
//!
//! ```sh
//! cargo bench -p tests --bench instructions --no-run   # prints the binary's path
//! valgrind --tool=callgrind --toggle-collect='*Engine*convert*' target/release/deps/instructions-<hash>
//! ```
//! The `Ir` total divided by 15,000 is the instructions per address (docs/benchmarks.md).

use tests::{dev_addresses, lookup};

fn main() {
    let index = lookup().index();
    let engine = shared::engine::Engine::new(index);
    let addresses: Vec<String> = dev_addresses().into_iter().map(|case| case.input).collect();
    for _ in 0..10 {
        for address in &addresses {
            std::hint::black_box(engine.convert(index, address));
        }
    }
}
