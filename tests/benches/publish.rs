//! Publishing one change, end to end, through the real release server with a local store: the
//! reviewer's `POST /api/v1/staff/releases` until its 201, and until a read answers the new data.
//! Run after `cargo xtask dist` (which builds target/release/api):
//!
//! `cargo bench -p tests --bench publish`

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tests::{Server, StaffClient, http_get, lookup};

const ROUNDS: usize = 20;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let server = Server::start_with(&[("RATE_LIMIT", std::ffi::OsStr::new("off"))]).unwrap();
    let commune = &lookup().index().dataset.new_communes[0];
    let province = commune.province_code.as_str();
    let admin = StaffClient::sign_in(&server, "admin@example.org", &server.add_admin("admin@example.org").unwrap())
        .await
        .unwrap();
    let editor = admin.invite(&server, "editor@example.org", "editor", province).await.unwrap();
    let reviewer = admin.invite(&server, "reviewer@example.org", "reviewer", province).await.unwrap();
    let (mut publish, mut served) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        // Test values in a throw-away store.
        let address = format!("Test address {round}");
        let edit = json!({ "kind": "service_centre", "centre": {
            "commune_code": commune.code.as_str(), "name": null, "address": address, "phone": null, "email": null,
            "opening_hours": null, "lat": null, "lon": null, "source": "benchmark", "verified_on": "2026-11-30" } });
        let (_, created) =
            editor.post("/api/v1/staff/changes", json!({ "edit": edit, "citation": "benchmark" })).await.unwrap();
        let id = created["change"]["id"].as_u64().unwrap();
        editor.post(&format!("/api/v1/staff/changes/{id}/submit"), json!({})).await.unwrap();
        reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap();
        let start = Instant::now();
        let (status, release) = reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
        assert_eq!(status, 201, "{release}");
        publish.push(start.elapsed());
        loop {
            let (_, _, body) = http_get(&server.url(&format!("/api/v1/communes/{}", commune.code)), &[]).await.unwrap();
            let detail: Value = serde_json::from_slice(&body).unwrap();
            if detail["service_centre"]["address"] == address.as_str() {
                break;
            }
        }
        served.push(start.elapsed());
    }
    for (what, mut times) in [("POST /api/v1/staff/releases until 201", publish), ("until a read answers it", served)] {
        times.sort_unstable();
        println!(
            "publish one change, {what}: median {:.0} ms, p90 {:.0} ms, max {:.0} ms ({ROUNDS} rounds)",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.9).as_secs_f64() * 1e3,
            times[times.len() - 1].as_secs_f64() * 1e3,
        );
    }
}
