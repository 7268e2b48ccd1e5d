//! Speed of "which commune holds this point" (`GET /api/v1/locate`'s work, without HTTP): one lookup
//! through the R-tree and the exact tests, at every commune's interior point and at points scattered over
//! the box around Viet Nam (most of them at sea or abroad); and reading the boundary file, which the API
//! does on its first locate or boundary request.
//!
//! `cargo bench -p tests --bench locate`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shared::data::commune_boundaries::CommuneBoundaries;
use tests::{commune_boundaries, lookup, workspace_root};

fn benches(c: &mut Criterion) {
    let boundaries = commune_boundaries();
    let inside: Vec<(f64, f64)> = boundaries.codes().filter_map(|code| boundaries.interior_point(code)).collect();
    // The same deterministic scatter as the test comparing the index with testing every commune.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let scattered: Vec<(f64, f64)> = (0..3_000).map(|_| (102.1 + next() * 7.4, 8.4 + next() * 15.1)).collect();

    let mut group = c.benchmark_group("locate");
    group.throughput(Throughput::Elements(inside.len() as u64));
    group.bench_function("every commune's interior point (3,321 lookups)", |b| {
        b.iter(|| {
            for &(lon, lat) in &inside {
                std::hint::black_box(boundaries.locate(lon, lat));
            }
        })
    });
    group.throughput(Throughput::Elements(scattered.len() as u64));
    group.bench_function("points scattered over lat 8.4–23.5, lon 102.1–109.5 (3,000 lookups)", |b| {
        b.iter(|| {
            for &(lon, lat) in &scattered {
                std::hint::black_box(boundaries.locate(lon, lat));
            }
        })
    });
    group.finish();

    let text = std::fs::read_to_string(workspace_root().join("data/sources/boundaries/wards.geojson")).unwrap();
    let communes = &lookup().index().dataset.new_communes;
    let mut group = c.benchmark_group("boundaries");
    group.sample_size(10);
    group.bench_function("read wards.geojson (7.1 MB) and build the index", |b| {
        b.iter(|| std::hint::black_box(CommuneBoundaries::parse(&text, communes).unwrap()))
    });
    group.bench_function("a commune with its neighbours (00004)", |b| {
        b.iter(|| std::hint::black_box(boundaries.with_neighbours("00004")))
    });
    group.finish();
}

criterion_group!(locate, benches);
criterion_main!(locate);
