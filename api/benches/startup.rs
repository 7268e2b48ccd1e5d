//! Start-up cost of the dataset: decoding the embedded snapshot and indexing it (target ≤ 20 ms), the
//! whole start-up with the lookup engine, and loading a published snapshot file (also verified and
//! checked).
//!
//! `cargo bench -p api --bench startup`

use api::Data;
use criterion::{Criterion, criterion_group, criterion_main};
use shared::model::Index;

fn startup(c: &mut Criterion) {
    c.bench_function("decode and index the embedded snapshot", |b| {
        b.iter(|| {
            let snapshot = shared::data::snapshot::decode(api::snapshot::EMBEDDED).unwrap();
            std::hint::black_box(Index::new(snapshot.dataset))
        })
    });
    c.bench_function("whole start-up: decode, index, build the engine (Data::embedded)", |b| {
        b.iter(|| {
            let data = Data::embedded();
            data.lookup.warm_up();
            std::hint::black_box(data)
        })
    });
    c.bench_function("load a published snapshot (verify hash, decode, check, index, engine)", |b| {
        b.iter(|| {
            let data = Data::from_bytes(api::snapshot::EMBEDDED.to_vec()).unwrap();
            data.lookup.warm_up();
            std::hint::black_box(data)
        })
    });
}

criterion_group!(benches, startup);
criterion_main!(benches);
