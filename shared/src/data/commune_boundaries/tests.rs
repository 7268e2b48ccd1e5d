use std::sync::OnceLock;

use super::*;
use crate::answers::lookup::tests::lookup;

/// The vendored file, matched to the dataset of `data/*.csv`.
pub(crate) fn boundaries() -> &'static CommuneBoundaries {
    static B: OnceLock<CommuneBoundaries> = OnceLock::new();
    B.get_or_init(|| {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/sources/boundaries/wards.geojson"))
                .unwrap();
        CommuneBoundaries::parse(&text, &lookup().index().dataset.new_communes).unwrap()
    })
}

#[test]
fn every_commune_of_the_dataset_has_a_boundary_and_its_interior_point_is_in_it() {
    let b = boundaries();
    let communes = &lookup().index().dataset.new_communes;
    assert_eq!(b.len(), communes.len());
    let mut wrong = Vec::new();
    for commune in communes {
        let (lon, lat) = b.interior_point(commune.code.as_str()).unwrap();
        match b.locate(lon, lat) {
            Located::Inside { code, province, .. } if code == commune.code.as_str() => {
                assert_eq!(province, commune.province_code.as_str());
            }
            other => wrong.push((commune.code.to_string(), format!("{other:?}"))),
        }
    }
    assert_eq!(wrong, [] as [(String, String); 0], "interior points located elsewhere");
    // The one code the file spells differently, matched by its province and name.
    assert!(b.codes().any(|c| c == "06970") && !b.codes().any(|c| c == "06978"));
}

#[test]
fn the_index_answers_what_testing_every_commune_answers() {
    let b = boundaries();
    // A deterministic scatter over the box around Viet Nam's mainland (an LCG: no test input chosen).
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut inside, mut nearest, mut none) = (0, 0, 0);
    for _ in 0..3_000 {
        let (lon, lat) = (102.1 + next() * 7.4, 8.4 + next() * 15.1);
        let brute = b.holder_by_brute_force(lon, lat);
        match b.locate(lon, lat) {
            Located::Inside { code, .. } => {
                inside += 1;
                assert_eq!(Some(code), brute, "{lat},{lon}");
            }
            Located::Nearest { distance_m, .. } => {
                nearest += 1;
                assert_eq!(brute, None, "{lat},{lon}");
                assert!(distance_m <= NEAREST_M as f64);
            }
            Located::NoCommune { in_viet_nam_box } => {
                none += 1;
                assert_eq!(brute, None, "{lat},{lon}");
                assert!(in_viet_nam_box);
            }
        }
    }
    // The box is about a third land of Viet Nam's; the rest sea and neighbouring countries.
    assert!(inside > 500 && none > 500, "{inside} inside, {nearest} nearest, {none} in no commune");
}

#[test]
fn points_at_sea_abroad_or_invalid_are_in_no_commune() {
    let b = boundaries();
    // Open sea between the coast and the Trường Sa islands; Vientiane (Laos); Paris; not numbers.
    assert_eq!(b.locate(111.0, 12.0), Located::NoCommune { in_viet_nam_box: true });
    assert_eq!(b.locate(102.6, 17.97), Located::NoCommune { in_viet_nam_box: true });
    assert_eq!(b.locate(2.35, 48.85), Located::NoCommune { in_viet_nam_box: false });
    assert_eq!(b.locate(f64::NAN, 21.0), Located::NoCommune { in_viet_nam_box: false });
    assert_eq!(b.locate(105.8, 95.0), Located::NoCommune { in_viet_nam_box: false });
}

#[test]
fn near_a_border_the_neighbour_is_named_and_just_off_the_coast_the_nearest_commune() {
    let b = boundaries();
    // Walk east from Nha Trang's centroid (data/new_communes.csv) out to sea, by about 11 m.
    let (mut lon, lat) = (109.19533, 12.24579);
    let mut last = None;
    while let Some(code) = b.holder_by_brute_force(lon, lat) {
        last = Some(code.to_owned());
        lon += 0.0001;
    }
    let last = last.expect("the centroid is on land");
    match b.locate(lon, lat) {
        Located::Nearest { code, distance_m, .. } => {
            assert_eq!(code, last);
            assert!(distance_m < 20.0, "{distance_m}");
        }
        other => panic!("{other:?}"),
    }
    // Back on land just inside: near its border, which is the coast (no commune across it).
    match b.locate(lon - 0.0002, lat) {
        Located::Inside { code, border_m, across_border, .. } => {
            assert_eq!(code, last);
            assert!(border_m < NEAR_BORDER_M as f64);
            assert_eq!(across_border, None);
        }
        other => panic!("{other:?}"),
    }

    // Walk north from Ba Đình's interior point until the commune changes: just before, the one across.
    let (lon, mut lat) = b.interior_point("00004").unwrap();
    while b.holder_by_brute_force(lon, lat) == Some("00004") {
        lat += 0.0001;
    }
    let beyond = b.holder_by_brute_force(lon, lat).expect("Hà Nội goes on").to_owned();
    match b.locate(lon, lat - 0.0001) {
        Located::Inside { code: "00004", border_m, across_border, .. } => {
            assert!(border_m < 15.0, "{border_m}");
            assert_eq!(across_border, Some(beyond.as_str()));
        }
        other => panic!("{other:?}"),
    }
    // Far inside, no neighbour is named.
    let (lon, lat) = b.interior_point("00004").unwrap();
    assert!(matches!(b.locate(lon, lat), Located::Inside { across_border: None, .. }));
}

#[test]
fn a_boundary_comes_with_its_neighbours_each_once() {
    let b = boundaries();
    let all = b.with_neighbours("00004").unwrap();
    assert_eq!(all[0].code, "00004");
    let neighbours: Vec<&str> = all[1..].iter().map(|n| n.code).collect();
    assert!(neighbours.len() >= 3, "{neighbours:?}");
    assert!(neighbours.windows(2).all(|w| w[0] < w[1]), "in order, once: {neighbours:?}");
    // Being neighbours goes both ways.
    for n in &neighbours {
        assert!(b.with_neighbours(n).unwrap().iter().any(|m| m.code == "00004"), "{n}");
    }
    assert!(b.with_neighbours("99999").is_none());
}

#[test]
fn a_file_that_is_not_commune_polygons_is_refused() {
    assert!(CommuneBoundaries::parse("{}", &[]).is_err());
    let empty = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"00004",
        "province_code":"01","full_name":"Phường Ba Đình"},"geometry":{"type":"MultiPolygon","coordinates":[]}}]}"#;
    let dataset: Vec<_> =
        lookup().index().dataset.new_communes.iter().filter(|c| c.code.as_str() == "00004").cloned().collect();
    assert_eq!(
        CommuneBoundaries::parse(empty, &dataset).err().as_deref(),
        Some("commune 00004 has no polygon, or a polygon of fewer than 3 points")
    );
    // A feature of no commune of the dataset is left out.
    let other = CommuneBoundaries::parse(empty, &[]).unwrap();
    assert!(other.is_empty());
}
