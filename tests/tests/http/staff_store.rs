//! Publishing with several instances of one store, a crash in the middle of a publish, and a real S3
//! server (s3s-fs) as the store.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tests::{Server, StaffClient, http_get};

use crate::staff_changes::{Team, centre, centre_address, team, two_communes};

/// How often the instances of these tests look for a new release (the default is 10 s).
const POLL: (&str, &str) = ("RELEASE_POLL_SECS", "1");

fn start(store_url: &OsStr) -> Server {
    Server::start_with(&[("STORE_URL", store_url), (POLL.0, OsStr::new(POLL.1)), ("RATE_LIMIT", OsStr::new("off"))])
        .unwrap()
}

/// A change of `commune`'s centre proposed, submitted and approved: ready to publish.
async fn approved_change(team: &Team, commune: &str, address: &str) -> u64 {
    let (status, created) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(commune, address), "citation": "test" }))
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let id = created["change"]["id"].as_u64().unwrap();
    assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{id}/submit"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap().0, 200);
    id
}

/// Waits until `server` answers `address` for `commune`'s centre, at most `within`.
async fn serves(server: &Server, commune: &str, address: &str, within: Duration) -> Duration {
    let start = Instant::now();
    loop {
        if centre_address(server, commune).await == address {
            return start.elapsed();
        }
        assert!(start.elapsed() < within, "{} did not serve {address:?} within {within:?}", server.base_url);
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn releases(client: &StaffClient) -> Vec<Value> {
    let (status, answer) = client.get("/api/v1/staff/releases").await.unwrap();
    assert_eq!(status, 200, "{answer}");
    answer["releases"].as_array().unwrap().clone()
}

/// Publishing on one instance reaches another within its poll; two racing publishes of the same
/// approved change make exactly one release, which holds it once.
async fn two_instances_of_one_store(store_url: &OsStr) {
    let (a, b) = (start(store_url), start(store_url));
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&a, &province, &other_province).await;
    let id = approved_change(&team, &commune, "Test address 1").await;
    let (status, release) = team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    assert_eq!(status, 201, "{release}");
    let took = serves(&b, &commune, "Test address 1", Duration::from_secs(5)).await;
    eprintln!("the other instance served release 1 after {took:?}");

    let id2 = approved_change(&team, &commune, "Test address 2").await;
    let (on_a, on_b) = (team.reviewer.on(&a), team.reviewer.on(&b));
    let (first, second) =
        tokio::join!(on_a.post("/api/v1/staff/releases", json!({})), on_b.post("/api/v1/staff/releases", json!({})));
    let mut statuses = [first.unwrap().0, second.unwrap().0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "exactly one of two racing publishes wins");
    let all = releases(&team.admin).await;
    assert_eq!(all.len(), 2, "{all:?}");
    let including: Vec<&Value> =
        all.iter().filter(|r| r["changes"].as_array().unwrap().contains(&json!(id2.to_string()))).collect();
    assert_eq!(including.len(), 1, "{all:?}");
    serves(&a, &commune, "Test address 2", Duration::from_secs(5)).await;
    serves(&b, &commune, "Test address 2", Duration::from_secs(5)).await;

    // A rollback on one instance reaches the other.
    let (status, rollback) = team.admin.on(&b).post("/api/v1/staff/releases/1/rollback", json!({})).await.unwrap();
    assert_eq!(status, 201, "{rollback}");
    serves(&a, &commune, "Test address 1", Duration::from_secs(5)).await;
    let _ = id;
}

#[tokio::test]
async fn instances_of_one_local_store_follow_each_other() {
    let store = tests::new_store_dir();
    two_instances_of_one_store(store.as_os_str()).await;
    let _ = std::fs::remove_dir_all(store);
}

/// `kill -9` at any moment of a publish leaves the previous release serving and no partial release;
/// after a restart, publishing again finishes the work (each change published once).
#[tokio::test]
async fn a_publish_killed_at_any_moment_leaves_a_consistent_store() {
    let store = tests::new_store_dir();
    let mut server = start(store.as_os_str());
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let mut published = 0;
    for (round, delay_ms) in [0u64, 2, 5, 10, 20, 40, 80, 160].into_iter().enumerate() {
        let address = format!("Test address {round}");
        let id = approved_change(&team, &commune, &address).await;
        let before = releases(&team.admin).await.len();
        let publish = tokio::spawn({
            let reviewer = team.reviewer.on(&server);
            async move { reviewer.post("/api/v1/staff/releases", json!({})).await }
        });
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        server.stop();
        let _ = publish.await;
        server.restart().unwrap();

        // Every release readable, the latest one served.
        let all = releases(&team.admin).await;
        assert!(all.len() == before || all.len() == before + 1, "round {round}: {} releases after {before}", all.len());
        let (_, _, health) = http_get(&server.url("/api/v1/health"), &[]).await.unwrap();
        let health: Value = serde_json::from_slice(&health).unwrap();
        if let Some(latest) = all.first() {
            assert_eq!(health["dataset"]["version"], latest["snapshot_version"], "round {round}");
        }
        // Publishing again completes it: the change ends up published, in exactly one release.
        let (status, answer) = team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
        assert!(status == 201 || status == 409, "round {round}: {status} {answer}");
        let (_, change) = team.admin.get(&format!("/api/v1/staff/changes/{id}")).await.unwrap();
        assert_eq!(change["change"]["state"], "published", "round {round}: {change}");
        let all = releases(&team.admin).await;
        let holding = all.iter().filter(|r| r["changes"].as_array().unwrap().contains(&json!(id.to_string()))).count();
        assert_eq!(holding, 1, "round {round}: {all:?}");
        assert_eq!(centre_address(&server, &commune).await, address, "round {round}");
        published += 1;
    }
    assert_eq!(published, 8);
    drop(server);
    let _ = std::fs::remove_dir_all(store);
}

/// s3s-fs serving a new directory on a free port; killed on drop.
struct S3sFs {
    child: std::process::Child,
    port: u16,
    dir: PathBuf,
}

impl Drop for S3sFs {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

const BUCKET: &str = "xa-moi";

impl S3sFs {
    /// The environment of an API instance whose store is this server's bucket.
    fn envs(&self) -> [(&'static str, String); 8] {
        [
            ("STORE_URL", format!("s3://{BUCKET}/store")),
            ("AWS_ENDPOINT", format!("http://127.0.0.1:{}", self.port)),
            ("AWS_ALLOW_HTTP", "true".to_owned()),
            ("AWS_REGION", "us-east-1".to_owned()),
            ("AWS_ACCESS_KEY_ID", "test-key".to_owned()),
            ("AWS_SECRET_ACCESS_KEY", "test-secret".to_owned()),
            (POLL.0, POLL.1.to_owned()),
            ("RATE_LIMIT", "off".to_owned()),
        ]
    }
}

/// `S3S_FS` (set by `cargo xtask test`, which installs it) or `target/tools/bin/s3s-fs`; `None`, saying
/// so, when neither is there and the test was not started by xtask.
fn s3s_fs() -> Option<S3sFs> {
    let bin = match std::env::var_os("S3S_FS") {
        Some(bin) => PathBuf::from(bin),
        None => {
            let bin = tests::workspace_root().join("target/tools/bin/s3s-fs");
            if !bin.is_file() {
                eprintln!("skipped: no s3s-fs (cargo xtask test installs it)");
                return None;
            }
            bin
        }
    };
    let dir = tests::new_store_dir();
    std::fs::create_dir_all(dir.join(BUCKET)).unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(bin)
        .args(["--host", "127.0.0.1", "--port", &port.to_string(), "--access-key", "test-key"])
        .args(["--secret-key", "test-secret"])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s3s-fs did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Some(S3sFs { child, port, dir })
}

/// The same life against a real S3 server. Not the race: s3s-fs 0.14.1 checks `If-None-Match: *` and
/// then renames, so two racing conditional creates can both succeed there (S3 itself is atomic).
#[tokio::test]
async fn instances_of_one_s3_store_publish_and_follow_each_other() {
    let Some(s3) = s3s_fs() else { return };
    let envs = s3.envs();
    let envs: Vec<(&str, &OsStr)> = envs.iter().map(|(name, value)| (*name, OsStr::new(value))).collect();
    let (a, b) = (Server::start_with(&envs).unwrap(), Server::start_with(&envs).unwrap());
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&a, &province, &other_province).await;
    approved_change(&team, &commune, "Test address 1").await;
    let (status, release) = team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    assert_eq!(status, 201, "{release}");
    serves(&a, &commune, "Test address 1", Duration::from_secs(1)).await;
    let took = serves(&b, &commune, "Test address 1", Duration::from_secs(5)).await;
    eprintln!("the other instance served release 1 from S3 after {took:?}");
    approved_change(&team, &commune, "Test address 2").await;
    assert_eq!(team.reviewer.on(&b).post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    serves(&a, &commune, "Test address 2", Duration::from_secs(5)).await;
    let (status, _) = team.admin.post("/api/v1/staff/releases/1/rollback", json!({})).await.unwrap();
    assert_eq!(status, 201);
    serves(&b, &commune, "Test address 1", Duration::from_secs(5)).await;
    assert!(s3.dir.join(BUCKET).join("store/releases").is_dir(), "releases are written to the bucket");

    // A new instance starts from the latest release in the bucket.
    let c = Server::start_with(&envs).unwrap();
    assert_eq!(centre_address(&c, &commune).await, "Test address 1");
}

/// A new binary whose dataset differs from the latest release's base (a developer imported a new
/// source) keeps serving the release and says so; an admin publishes the new base with the staff
/// changes carried over, deciding on those that no longer apply.
#[tokio::test]
async fn a_new_base_is_published_with_staff_changes_carried_over_and_conflicts_decided() {
    let store = tests::new_store_dir();
    let a = start(store.as_os_str());
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&a, &province, &other_province).await;
    let dataset = &tests::lookup().index().dataset;
    // A xã of the editor's province with no recorded change, made a phường (test values).
    let xa = dataset
        .new_communes
        .iter()
        .find(|c| c.province_code.as_str() == province && c.unit_type == "Xã" && c.code.as_str() != commune)
        .unwrap();
    let retype = json!({
        "kind": "later_change",
        "change": {
            "level": "commune", "code": xa.code.as_str(), "effective": "2026-11-30",
            "full_name": format!("Phường {}", xa.name), "full_name_en": null, "legal_basis": "test"
        }
    });
    let mut ids = Vec::new();
    for edit in [retype.clone(), centre(&commune, "Test address 1")] {
        let (status, created) =
            team.editor.post("/api/v1/staff/changes", json!({ "edit": edit, "citation": "test" })).await.unwrap();
        assert_eq!(status, 201, "{created}");
        let id = created["change"]["id"].as_u64().unwrap();
        assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{id}/submit"), json!({})).await.unwrap().0, 200);
        assert_eq!(team.reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap().0, 200);
        ids.push(id);
    }
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    drop(a);

    // The new base already has the retyping (as if imported from a source): a conflict to decide.
    let edit: shared::staff::edit::Edit = serde_json::from_value(retype).unwrap();
    let mut new_base = dataset.clone();
    edit.apply_to(&mut new_base).unwrap();
    let file = store.with_extension("snapshot");
    std::fs::write(&file, shared::data::snapshot::encode(&new_base)).unwrap();
    let b = Server::start_with(&[
        ("STORE_URL", store.as_os_str()),
        ("SNAPSHOT_PATH", file.as_os_str()),
        ("RATE_LIMIT", OsStr::new("off")),
    ])
    .unwrap();
    let admin = team.admin.on(&b);
    assert_eq!(centre_address(&b, &commune).await, "Test address 1", "still serving the release");
    let (_, answer) = admin.get("/api/v1/staff/releases").await.unwrap();
    assert_eq!(answer["base_differs"], true, "{answer}");

    let (status, answer) = admin.post("/api/v1/staff/releases/rebase", json!({})).await.unwrap();
    assert_eq!(status, 409, "{answer}");
    let conflicts: Vec<u64> =
        answer["conflicts"].as_array().unwrap().iter().map(|c| c["change"].as_u64().unwrap()).collect();
    assert_eq!(conflicts, [ids[0]], "{answer}");
    assert_eq!(team.reviewer.on(&b).post("/api/v1/staff/releases/rebase", json!({})).await.unwrap().0, 403);

    let (status, release) = admin.post("/api/v1/staff/releases/rebase", json!({ "drop": [ids[0]] })).await.unwrap();
    assert_eq!(status, 201, "{release}");
    assert_eq!(release["rebase"]["carried"], json!([ids[1].to_string()]));
    assert_eq!(release["rebase"]["dropped"], json!([ids[0].to_string()]));
    assert_eq!(centre_address(&b, &commune).await, "Test address 1", "carried over");
    let (_, answer) = admin.get("/api/v1/staff/releases").await.unwrap();
    assert_eq!(answer["base_differs"], false, "{answer}");
    let (_, _, detail) = http_get(&b.url(&format!("/api/v1/communes/{}", xa.code)), &[]).await.unwrap();
    assert!(String::from_utf8_lossy(&detail).contains(&format!("Phường {}", xa.name)));
    drop(b);
    let _ = std::fs::remove_file(file);
    let _ = std::fs::remove_dir_all(store);
}

/// A release this binary cannot load (as one written by a binary of another snapshot format) is not
/// served: the binary's own dataset is, publishing says to publish a new base, and that base carries the
/// staff changes over from their requests.
#[tokio::test]
async fn a_release_that_cannot_be_loaded_waits_for_a_new_base() {
    let store = tests::new_store_dir();
    let a = start(store.as_os_str());
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&a, &province, &other_province).await;
    approved_change(&team, &commune, "Test address 1").await;
    let (_, release) = team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    drop(a);
    let snapshot = store.join("snapshots").join(release["snapshot_version"].as_str().unwrap());
    std::fs::write(&snapshot, b"not a snapshot of this binary's format").unwrap();

    let b = start(store.as_os_str());
    assert!(centre_address(&b, &commune).await.is_null(), "the binary's own dataset is served");
    let (reviewer, admin) = (team.reviewer.on(&b), team.admin.on(&b));
    let editor = team.editor.on(&b);
    let team_b =
        Team { admin: team.admin.on(&b), editor, reviewer: team.reviewer.on(&b), outsider: team.outsider.on(&b) };
    approved_change(&team_b, &commune, "Test address 2").await;
    let (status, answer) = reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    assert_eq!((status, answer["error"]["code"].as_str()), (409, Some("conflict")), "{answer}");

    let (status, rebased) = admin.post("/api/v1/staff/releases/rebase", json!({})).await.unwrap();
    assert_eq!(status, 201, "{rebased}");
    assert_eq!(centre_address(&b, &commune).await, "Test address 1", "the published change carried over");
    assert_eq!(reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    assert_eq!(centre_address(&b, &commune).await, "Test address 2");
    drop(b);
    let _ = std::fs::remove_dir_all(store);
}

/// When the store stops answering, reads go on from what is served and staff requests answer 503 within
/// a few seconds, with nothing half-done.
#[tokio::test]
async fn reads_go_on_and_staff_requests_answer_503_while_the_store_is_down() {
    let Some(s3) = s3s_fs() else { return };
    let envs = s3.envs();
    let envs: Vec<(&str, &OsStr)> = envs.iter().map(|(name, value)| (*name, OsStr::new(value))).collect();
    let server = Server::start_with(&envs).unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    approved_change(&team, &commune, "Test address 1").await;
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    drop(s3);

    let start = Instant::now();
    assert_eq!(centre_address(&server, &commune).await, "Test address 1");
    assert!(start.elapsed() < Duration::from_secs(1), "a read does not wait on the store");
    let start = Instant::now();
    let (status, answer) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 2"), "citation": "test" }))
        .await
        .unwrap();
    assert_eq!((status, answer["error"]["code"].as_str()), (503, Some("unavailable")), "{answer}");
    assert!(start.elapsed() < Duration::from_secs(10), "answered in {:?}", start.elapsed());
    // The poll fails meanwhile; reads still answer the release.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(centre_address(&server, &commune).await, "Test address 1");
}
