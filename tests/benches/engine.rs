//! Speed of the lookup engine, on one thread: converting the development set (through `Lookup::convert`,
//! as the API does, texts included), search as you type, building the engine at start-up. (The memory
//! the engine holds is counted by `benches/instructions.rs`, whose counting allocator would slow these.)
//!
//! `cargo bench -p tests --bench engine`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shared::answers::Lang;
use shared::engine::Engine;
use tests::{dev_addresses, lookup};

fn benches(c: &mut Criterion) {
    let lookup = lookup();
    lookup.warm_up();
    let index = lookup.index();
    let addresses: Vec<String> = dev_addresses().into_iter().map(|case| case.input).collect();

    let mut group = c.benchmark_group("convert");
    group.throughput(Throughput::Elements(addresses.len() as u64));
    group.bench_function("development set (1,500 addresses)", |b| {
        b.iter(|| {
            for address in &addresses {
                std::hint::black_box(lookup.convert(address, Lang::Vi));
            }
        })
    });
    group.finish();

    let keystrokes =
        ["p", "ph", "phu", "phuo", "phuoc", "phuoc d", "phuoc di", "phuoc din", "phuoc dinh", "phuoc dihn"];
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(keystrokes.len() as u64));
    group.bench_function("keystrokes of \"phuoc dinh\" (10 searches, limit 10)", |b| {
        b.iter(|| {
            for query in keystrokes {
                std::hint::black_box(lookup.search(query, 10));
            }
        })
    });
    group.finish();

    // Search as you type over 2,000 different real prefixes, each keystroke timed on its own too.
    let prefixes = shared::engine::typing_prefixes(addresses.iter().map(String::as_str), 2_000);
    let mut group = c.benchmark_group("search");
    group.throughput(Throughput::Elements(prefixes.len() as u64));
    group.bench_function("2,000 different prefixes of real addresses (limit 10)", |b| {
        b.iter(|| {
            for query in &prefixes {
                std::hint::black_box(lookup.search(query, 10));
            }
        })
    });
    group.finish();
    let slowest = prefixes
        .iter()
        .map(|query| {
            let start = std::time::Instant::now();
            for _ in 0..20 {
                std::hint::black_box(lookup.search(query, 10));
            }
            (start.elapsed() / 20, query)
        })
        .max()
        .expect("prefixes");
    println!("slowest prefix: {:?} per search for {:?}", slowest.0, slowest.1);

    c.bench_function("build the engine from the index", |b| b.iter(|| std::hint::black_box(Engine::new(index))));
}

criterion_group!(engine_benches, benches);
criterion_main!(engine_benches);
