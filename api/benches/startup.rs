//! Start-up cost of the dataset: decoding the embedded snapshot and indexing it (target ≤ 20 ms),
//! and loading a published snapshot file, which is also verified and checked.
//!
//! `cargo bench -p api --bench startup`

use api::Data;
use criterion::{Criterion, criterion_group, criterion_main};

fn startup(c: &mut Criterion) {
    c.bench_function("decode and index the embedded snapshot", |b| b.iter(|| std::hint::black_box(Data::embedded())));
    c.bench_function("load a published snapshot (verify hash, decode, check, index)", |b| {
        b.iter(|| std::hint::black_box(Data::from_bytes(api::snapshot::EMBEDDED.to_vec()).unwrap()))
    });
}

criterion_group!(benches, startup);
criterion_main!(benches);
