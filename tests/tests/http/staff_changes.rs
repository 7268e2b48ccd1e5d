//! The life of a change request through the real server: proposed by an editor, reviewed by someone
//! else, published as a release that every read then answers from, audited, rolled back; scoped to
//! the provinces of each account.

use http::Method;
use serde_json::{Value, json};
use tests::{Server, StaffClient, http_get, lookup};

/// Two communes of two provinces of the real dataset.
pub(crate) fn two_communes() -> ((String, String), (String, String)) {
    let communes = &lookup().index().dataset.new_communes;
    let first = &communes[0];
    let other = communes.iter().find(|c| c.province_code != first.province_code).unwrap();
    (
        (first.code.to_string(), first.province_code.to_string()),
        (other.code.to_string(), other.province_code.to_string()),
    )
}

/// A service centre with facts that are obviously test values (an example.org e-mail), in a store that
/// lives as long as the test.
pub(crate) fn centre(commune: &str, address: &str) -> Value {
    json!({
        "kind": "service_centre",
        "centre": {
            "commune_code": commune, "name": null, "address": address, "phone": null,
            "email": "centre@example.org", "opening_hours": "Mo-Fr 07:30-11:30", "lat": null, "lon": null,
            "source": "test", "verified_on": "2026-11-30"
        }
    })
}

pub(crate) struct Team {
    pub admin: StaffClient,
    pub editor: StaffClient,
    pub reviewer: StaffClient,
    /// An editor of another province.
    pub outsider: StaffClient,
}

pub(crate) async fn team(server: &Server, province: &str, other_province: &str) -> Team {
    let password = server.add_admin("admin@example.org").unwrap();
    let admin = StaffClient::sign_in(server, "admin@example.org", &password).await.unwrap();
    Team {
        editor: admin.invite(server, "editor@example.org", "editor", province).await.unwrap(),
        reviewer: admin.invite(server, "reviewer@example.org", "reviewer", province).await.unwrap(),
        outsider: admin.invite(server, "outsider@example.org", "editor", other_province).await.unwrap(),
        admin,
    }
}

pub(crate) async fn centre_address(server: &Server, commune: &str) -> Value {
    let (status, _, body) = http_get(&server.url(&format!("/api/v1/communes/{commune}")), &[]).await.unwrap();
    assert_eq!(status, 200);
    let detail: Value = serde_json::from_slice(&body).unwrap();
    detail["service_centre"]["address"].clone()
}

#[tokio::test]
async fn a_change_is_proposed_reviewed_by_another_published_audited_and_rolled_back() {
    let server = Server::start().unwrap();
    let ((commune, province), (other_commune, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let citation = "Quyết định của UBND tỉnh (test)";

    // Draft, by the editor of the province; nobody of another province sees it or may propose there.
    let (status, created) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 1"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["change"]["state"], "draft");
    assert!(created["diff"].as_array().unwrap().iter().any(|field| field["field"] == "address"), "{created}");
    let id = created["change"]["id"].as_u64().unwrap();
    let change = format!("/api/v1/staff/changes/{id}");
    assert_eq!(team.outsider.get(&change).await.unwrap().0, 404);
    let (status, _) = team
        .outsider
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 2"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 403);
    assert!(team.outsider.get("/api/v1/staff/changes").await.unwrap().1.as_array().unwrap().is_empty());

    // Not reviewable as a draft; the author cannot review it; the reviewer approves it once submitted.
    assert_eq!(team.reviewer.post(&format!("{change}/approve"), json!({})).await.unwrap().0, 409);
    let (status, submitted) = team.editor.post(&format!("{change}/submit"), json!({})).await.unwrap();
    assert_eq!((status, submitted["change"]["state"].as_str()), (200, Some("submitted")), "{submitted}");
    assert_eq!(team.editor.post(&format!("{change}/approve"), json!({})).await.unwrap().0, 403);
    assert_eq!(team.reviewer.post(&format!("{change}/submit"), json!({})).await.unwrap().0, 403);

    // A second change of the same record cannot be submitted while the first is open: 409 naming it.
    let (_, second) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 3"), "citation": citation }))
        .await
        .unwrap();
    let second = second["change"]["id"].as_u64().unwrap();
    let (status, busy) = team.editor.post(&format!("/api/v1/staff/changes/{second}/submit"), json!({})).await.unwrap();
    assert_eq!(status, 409, "{busy}");
    assert!(busy["error"]["message"].as_str().unwrap().contains(&id.to_string()), "{busy}");

    let (status, approved) = team.reviewer.post(&format!("{change}/approve"), json!({})).await.unwrap();
    assert_eq!((status, approved["change"]["state"].as_str()), (200, Some("approved")), "{approved}");
    // Editors do not publish.
    assert_eq!(team.editor.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 403);

    // Published: release 1, served at once, in the public feed without anybody's name.
    assert!(centre_address(&server, &commune).await.is_null());
    let (status, release) = team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    assert_eq!(status, 201, "{release}");
    assert_eq!(release["number"], 1);
    assert_eq!(centre_address(&server, &commune).await, "Test address 1");
    let (status, _, feed) = http_get(&server.url("/api/v1/changes"), &[]).await.unwrap();
    assert_eq!(status, 200);
    let feed = String::from_utf8(feed).unwrap();
    assert!(feed.contains(&format!("service_centre/{commune}")) && feed.contains(citation), "{feed}");
    assert!(!feed.contains("example.org"), "the feed names no staff: {feed}");
    let (status, headers, atom) = http_get(&server.url("/api/v1/changes.atom"), &[]).await.unwrap();
    assert_eq!(status, 200);
    assert!(headers["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    assert!(String::from_utf8(atom).unwrap().contains("<id>urn:xa-moi:release:1</id>"));
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 409, "nothing left");

    // The audit log: who did what, with the diff and the citation.
    let (_, shown) = team.admin.get(&change).await.unwrap();
    let history = shown["history"].as_array().unwrap();
    let steps: Vec<(&str, &str)> =
        history.iter().map(|entry| (entry["action"].as_str().unwrap(), entry["actor"].as_str().unwrap())).collect();
    assert_eq!(
        steps,
        [("submit", "editor@example.org"), ("approve", "reviewer@example.org"), ("publish", "reviewer@example.org")]
    );
    assert!(history.iter().all(|entry| entry["citation"] == citation));
    assert_eq!(history[2]["release"], 1);
    assert_eq!(shown["change"]["state"], "published");

    // A second release, then a rollback to the first: a new release serving the first's data.
    let (_, portal) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 4"), "citation": citation }))
        .await
        .unwrap();
    let portal = portal["change"]["id"].as_u64().unwrap();
    let path = format!("/api/v1/staff/changes/{portal}");
    assert_eq!(team.editor.post(&format!("{path}/submit"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post(&format!("{path}/approve"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    assert_eq!(centre_address(&server, &commune).await, "Test address 4");
    assert_eq!(team.reviewer.post("/api/v1/staff/releases/1/rollback", json!({})).await.unwrap().0, 403);
    let (status, rollback) = team.admin.post("/api/v1/staff/releases/1/rollback", json!({})).await.unwrap();
    assert_eq!(status, 201, "{rollback}");
    assert_eq!((rollback["number"].as_u64(), rollback["rollback_of"].as_u64()), (Some(3), Some(1)));
    assert_eq!(centre_address(&server, &commune).await, "Test address 1");
    let (_, releases) = team.admin.get("/api/v1/staff/releases").await.unwrap();
    let numbers: Vec<u64> =
        releases["releases"].as_array().unwrap().iter().map(|r| r["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert_eq!(releases["base_differs"], false);

    // The first release as the canonical files, for a reviewable diff in the repository.
    let out = server.store_dir.with_extension("export");
    let export = std::process::Command::new(tests::target_dir().join("debug/xtask"))
        .args(["data", "export", "--release", "1", "--out"])
        .arg(&out)
        .env("STORE_URL", &server.store_dir)
        .output()
        .unwrap();
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let centres = std::fs::read_to_string(out.join("service_centres.csv")).unwrap();
    assert!(centres.lines().any(|line| line.starts_with(&commune) && line.contains("Test address 1")), "{centres}");
    assert!(out.join("new_communes.csv").is_file());
    let _ = std::fs::remove_dir_all(&out);

    // A restarted server serves the latest release.
    let mut server = server;
    server.restart().unwrap();
    assert_eq!(centre_address(&server, &commune).await, "Test address 1");
    let _ = other_commune;
}

#[tokio::test]
async fn invalid_changes_are_refused_by_field_and_nothing_is_stored() {
    let server = Server::start().unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let mut bad = centre(&commune, "Test address 1");
    bad["centre"]["email"] = json!("not an e-mail");
    bad["centre"]["verified_on"] = json!("2026-02-30");
    let (status, answer) =
        team.editor.post("/api/v1/staff/changes", json!({ "edit": bad, "citation": "test" })).await.unwrap();
    assert_eq!(status, 422, "{answer}");
    let fields: Vec<&str> =
        answer["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"email") && fields.contains(&"verified_on"), "{answer}");

    // The rules of the data check that need the province polygons and a clock: a centre placed at the
    // centroid of a commune of another province, and one verified tomorrow (Viet Nam's day, UTC+7).
    let communes = &lookup().index().dataset.new_communes;
    let elsewhere = communes.iter().find(|c| c.province_code.as_str() == other_province).unwrap();
    let mut far = centre(&commune, "Test address 1");
    far["centre"]["lat"] = json!(elsewhere.lat.unwrap());
    far["centre"]["lon"] = json!(elsewhere.lon.unwrap());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    let tomorrow = civil_date((now + 7 * 3_600) / 86_400 + 1);
    let mut later = centre(&commune, "Test address 1");
    later["centre"]["verified_on"] = json!(tomorrow);
    for (edit, field, text) in [
        (far, "lat", format!("outside province {province} of commune {commune}")),
        (later, "verified_on", format!("{tomorrow} is in the future")),
    ] {
        let (status, answer) =
            team.editor.post("/api/v1/staff/changes", json!({ "edit": edit, "citation": "test" })).await.unwrap();
        assert_eq!(status, 422, "{answer}");
        let problems = answer["problems"].as_array().unwrap();
        assert_eq!(problems.len(), 1, "{answer}");
        assert_eq!(problems[0]["field"], field, "{answer}");
        assert!(problems[0]["message"].as_str().unwrap().contains(&text), "{answer}");
    }

    for body in [
        json!({ "edit": centre(&commune, "x"), "citation": "  " }),
        json!({ "edit": centre(&commune, "x") }),
        json!({ "edit": { "kind": "nothing" }, "citation": "test" }),
        json!({ "edit": centre("99999", "x"), "citation": "test" }),
        json!({ "edit": centre(&commune, "x"), "citation": "x".repeat(600) }),
    ] {
        let (status, answer) = team.editor.post("/api/v1/staff/changes", body.clone()).await.unwrap();
        assert!((400..500).contains(&status), "{body}: {status} {answer}");
        assert!(answer["error"]["code"].is_string(), "{answer}");
    }
    let (status, answer) = team.editor.send(Method::POST, "/api/v1/staff/changes", None).await.unwrap();
    assert!((400..500).contains(&status), "{answer}");
    for path in ["/api/v1/staff/changes/abc", "/api/v1/staff/changes/99", "/api/v1/staff/changes/-1"] {
        assert_eq!(team.editor.get(path).await.unwrap().0, 404, "{path}");
    }
    assert_eq!(team.admin.post("/api/v1/staff/releases/x/rollback", json!({})).await.unwrap().0, 404);
    assert!(team.editor.get("/api/v1/staff/changes").await.unwrap().1.as_array().unwrap().is_empty());
    assert!(
        !server.store_dir.join("changes").exists()
            || std::fs::read_dir(server.store_dir.join("changes")).unwrap().next().is_none()
    );
}

/// The date (YYYY-MM-DD) of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let (era, doe) = (z / 146_097, z % 146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[test]
fn civil_dates() {
    assert_eq!(civil_date(0), "1970-01-01");
    assert_eq!(civil_date(20_270), "2025-07-01");
    assert_eq!(civil_date(20_512), "2026-02-28");
    assert_eq!(civil_date(20_513), "2026-03-01");
    assert_eq!(civil_date(11_016), "2000-02-29");
}

async fn send_report(server: &Server, body: Value) -> (u16, Value) {
    let (status, _, answer) = tests::http_request(
        Method::POST,
        &server.url("/api/v1/reports"),
        &[("content-type", "application/json")],
        body.to_string().into_bytes(),
    )
    .await
    .unwrap();
    (status, serde_json::from_slice(&answer).unwrap())
}

async fn report_status(server: &Server, ticket: &str) -> (u16, Value) {
    let (status, _, answer) = http_get(&server.url(&format!("/api/v1/reports/{ticket}")), &[]).await.unwrap();
    (status, serde_json::from_slice(&answer).unwrap())
}

/// A citizen's report reaches the staff of its page's province only, becomes fixed when the change
/// it is linked to is published, and tells the reporter nothing but its state.
#[tokio::test]
async fn a_citizens_report_reaches_its_province_and_is_fixed_by_a_release() {
    let server = Server::start().unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let message = "Địa chỉ trung tâm không đúng (test)";
    let (status, receipt) =
        send_report(&server, json!({ "page": format!("/xa/{commune}"), "message": message, "contact": "" })).await;
    assert_eq!(status, 201, "{receipt}");
    let ticket = receipt["ticket"].as_str().unwrap().to_owned();
    let (status, shown) = report_status(&server, &ticket).await;
    assert_eq!((status, shown["state"]["state"].as_str()), (200, Some("open")), "{shown}");
    assert!(!shown.to_string().contains("test"), "the status shows no text of the report: {shown}");

    for bad in [
        json!({ "page": "", "message": "x" }),
        json!({ "page": "/xa/00097", "message": "  " }),
        json!({ "page": "/xa/00097", "message": "x".repeat(2001) }),
        json!({ "page": "/xa/00097", "message": "x", "extra": 1 }),
        json!([1, 2]),
    ] {
        let (status, answer) = send_report(&server, bad.clone()).await;
        assert!((400..500).contains(&status), "{bad}: {status}");
        assert!(answer["error"]["code"].is_string(), "{answer}");
    }
    for ticket in ["nope", "aaaaaaaaaaaa", "../../etc"] {
        assert_eq!(report_status(&server, ticket).await.0, 404, "{ticket}");
    }

    assert!(team.outsider.get("/api/v1/staff/reports").await.unwrap().1.as_array().unwrap().is_empty());
    let (_, reports) = team.editor.get("/api/v1/staff/reports").await.unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 1, "{reports}");
    assert_eq!(reports[0]["message"], message);
    assert_eq!(
        team.outsider.post(&format!("/api/v1/staff/reports/{ticket}/close"), json!({ "reason": "x" })).await.unwrap().0,
        404
    );

    let (_, created) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 5"), "citation": "test" }))
        .await
        .unwrap();
    let id = created["change"]["id"].as_u64().unwrap();
    let (status, linked) =
        team.editor.post(&format!("/api/v1/staff/reports/{ticket}/link"), json!({ "change": id })).await.unwrap();
    assert_eq!((status, linked["state"].as_str()), (200, Some("linked")), "{linked}");
    assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{id}/submit"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    let (_, shown) = report_status(&server, &ticket).await;
    assert_eq!(
        (shown["state"]["state"].as_str(), shown["state"]["release"].as_u64()),
        (Some("fixed"), Some(1)),
        "{shown}"
    );

    let (_, second) = send_report(&server, json!({ "page": format!("/xa/{commune}"), "message": "x" })).await;
    let second = second["ticket"].as_str().unwrap();
    let (status, closed) = team
        .reviewer
        .post(&format!("/api/v1/staff/reports/{second}/close"), json!({ "reason": "trùng báo cáo khác" }))
        .await
        .unwrap();
    assert_eq!((status, closed["state"].as_str()), (200, Some("closed")), "{closed}");
    let (_, shown) = report_status(&server, second).await;
    assert_eq!(shown["state"]["reason"], "trùng báo cáo khác");
}

/// A fact of a province about a procedure of the catalogue, with obviously test values (an example.org
/// link).
fn procedure_fact(province: &str, code: &str) -> Value {
    json!({
        "kind": "procedure_fact",
        "fact": {
            "province_code": province, "procedure_code": code, "online": "full",
            "portal_url": "https://example.org/thu-tuc", "agency": null, "replaced_by": null,
            "source": "Quyết định công bố TTHC của UBND tỉnh (test)", "verified_on": "2026-11-30"
        }
    })
}

#[tokio::test]
async fn a_procedure_fact_of_a_province_is_published_into_its_communes_answers() {
    let server = Server::start().unwrap();
    let ((commune, province), (other_commune, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let citation = "Quyết định công bố TTHC (test)";

    let (status, created) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": procedure_fact(&province, "1.001193"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let fields: Vec<&str> =
        created["diff"].as_array().unwrap().iter().map(|field| field["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"online") && fields.contains(&"portal_url"), "{created}");
    let change = format!("/api/v1/staff/changes/{}", created["change"]["id"].as_u64().unwrap());
    // Another province's editor may not propose it.
    let (status, _) = team
        .outsider
        .post("/api/v1/staff/changes", json!({ "edit": procedure_fact(&province, "1.001193"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 403);
    assert_eq!(team.editor.post(&format!("{change}/submit"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post(&format!("{change}/approve"), json!({})).await.unwrap().0, 200);
    let (status, release) = team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap();
    assert_eq!(status, 201, "{release}");

    // The commune's answer: the province's level and link, saying they come from staff, with the source.
    let birth = |detail: &Value| {
        detail["procedures"].as_array().unwrap().iter().find(|p| p["code"] == "1.001193").unwrap().clone()
    };
    let commune_detail = |code: String| {
        let url = server.url(&format!("/api/v1/communes/{code}"));
        async move {
            let (status, _, body) = http_get(&url, &[]).await.unwrap();
            assert_eq!(status, 200);
            serde_json::from_slice::<Value>(&body).unwrap()
        }
    };
    let shown = birth(&commune_detail(commune.clone()).await);
    assert_eq!(shown["online"], "full", "{shown}");
    let fact = &shown["staff_fact"];
    assert_eq!(fact["source"], "Quyết định công bố TTHC của UBND tỉnh (test)", "{shown}");
    assert_eq!((fact["verified_on"].as_str(), fact["province_code"].as_str()), (Some("2026-11-30"), Some(&*province)));
    assert_eq!(fact["portal_url"], "https://example.org/thu-tuc");
    // A commune of another province keeps the catalogue's facts.
    let elsewhere = birth(&commune_detail(other_commune).await);
    assert!(elsewhere["staff_fact"].is_null(), "{elsewhere}");
    assert_eq!(elsewhere["online"], "unknown");

    // A code that the catalogue does not have: 422 naming the field, nothing stored.
    let (status, answer) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": procedure_fact(&province, "9.999999"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 422, "{answer}");
    let problems = answer["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{answer}");
    assert_eq!(problems[0]["field"], "procedure_code", "{answer}");
    let (_, changes) = team.editor.get("/api/v1/staff/changes").await.unwrap();
    assert_eq!(changes.as_array().unwrap().len(), 1, "{changes}");
}

/// A province's portal, published, is in its communes' and its own answers with where it was read.
#[tokio::test]
async fn a_province_portal_is_published_with_its_source() {
    let server = Server::start().unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let portal = json!({ "kind": "province_portal", "portal": {
        "province_code": province, "url": "https://example.org/portal", "source": "test", "verified_on": "2026-11-30" } });
    let (status, created) =
        team.editor.post("/api/v1/staff/changes", json!({ "edit": portal, "citation": "test" })).await.unwrap();
    assert_eq!(status, 201, "{created}");
    let id = created["change"]["id"].as_u64().unwrap();
    assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{id}/submit"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);

    let (_, _, body) = http_get(&server.url(&format!("/api/v1/communes/{commune}")), &[]).await.unwrap();
    let detail: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(detail["province_portal"], "https://example.org/portal");
    assert_eq!(detail["province_portal_verified"], json!({ "source": "test", "verified_on": "2026-11-30" }));
    let (_, _, body) = http_get(&server.url("/api/v1/provinces"), &[]).await.unwrap();
    let provinces: Value = serde_json::from_slice(&body).unwrap();
    let listed = provinces["provinces"].as_array().unwrap().iter().find(|p| p["code"] == province.as_str()).unwrap();
    assert_eq!(listed["public_service_portal_verified"]["source"], "test");
}

/// An approval names what the reviewer read (`seen_steps`): a change that moved on since is a 409. An
/// approved change that should not be published is rejected again by a reviewer, and its author edits it.
#[tokio::test]
async fn a_stale_approval_is_refused_and_an_approved_change_can_be_rejected_again() {
    let server = Server::start().unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let (_, created) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 1"), "citation": "test" }))
        .await
        .unwrap();
    let id = created["change"]["id"].as_u64().unwrap();
    let change = format!("/api/v1/staff/changes/{id}");
    let (_, submitted) = team.editor.post(&format!("{change}/submit"), json!({})).await.unwrap();
    let seen = submitted["change"]["steps"].as_u64().unwrap();
    let (status, answer) =
        team.reviewer.post(&format!("{change}/approve"), json!({ "seen_steps": seen - 1 })).await.unwrap();
    assert_eq!((status, answer["error"]["code"].as_str()), (409, Some("conflict")), "{answer}");
    let (status, approved) =
        team.reviewer.post(&format!("{change}/approve"), json!({ "seen_steps": seen })).await.unwrap();
    assert_eq!((status, approved["change"]["state"].as_str()), (200, Some("approved")), "{approved}");

    assert_eq!(team.editor.post(&format!("{change}/reject"), json!({ "reason": "x" })).await.unwrap().0, 403);
    let (status, rejected) =
        team.reviewer.post(&format!("{change}/reject"), json!({ "reason": "địa chỉ chưa đúng" })).await.unwrap();
    assert_eq!((status, rejected["change"]["state"].as_str()), (200, Some("rejected")), "{rejected}");
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 409, "nothing approved");
    let (status, edited) = team
        .editor
        .send(Method::PUT, &change, Some(json!({ "edit": centre(&commune, "Test address 2"), "citation": "test" })))
        .await
        .unwrap();
    assert_eq!((status, edited["change"]["state"].as_str()), (200, Some("draft")), "{edited}");
    let (status, _) =
        team.reviewer.post(&format!("{change}/reject"), json!({ "reason": "x".repeat(1001) })).await.unwrap();
    assert_eq!(status, 422, "a reason of over 1,000 characters");
}

/// A lot of centres of one province, as the CSV upload sends it: one change for two communes, each row
/// checked and named by its index; it cannot be submitted while a single centre's change of one of its
/// communes is open (409 naming that commune's record), and is published as a whole once that one is
/// withdrawn. The province's published rows of its portal and procedures are its staff's only.
#[tokio::test]
async fn a_lot_of_centres_is_one_change_busy_with_a_single_centre_of_one_of_its_communes() {
    let server = Server::start().unwrap();
    let ((first, province), (_, other_province)) = two_communes();
    let second = lookup().index().new_communes_of(&province.parse().unwrap())[1].code.to_string();
    let team = team(&server, &province, &other_province).await;
    let row = |commune: &str, address: &str| centre(commune, address)["centre"].clone();
    let lot = |rows: Vec<Value>| json!({ "kind": "service_centres", "province_code": province, "centres": rows });
    let citation = "Quyết định của UBND tỉnh (test)";

    // A bad row is named by its index in the lot; nothing is stored.
    let mut bad = row(&second, "Test address 1");
    bad["phone"] = json!("12345");
    let (status, answer) = team
        .editor
        .post(
            "/api/v1/staff/changes",
            json!({ "edit": lot(vec![row(&first, "Test address 1"), bad]), "citation": citation }),
        )
        .await
        .unwrap();
    assert_eq!(status, 422, "{answer}");
    let fields: Vec<&str> =
        answer["problems"].as_array().unwrap().iter().map(|p| p["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["centres[1].phone"], "{answer}");

    // A single centre's change of the first commune, sent for review.
    let (status, single) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&first, "Test address 2"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 201, "{single}");
    let single = single["change"]["id"].as_u64().unwrap();
    assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{single}/submit"), json!({})).await.unwrap().0, 200);

    // The lot of both communes: one draft, its diff by commune; busy while the single one is open.
    let edit = lot(vec![row(&first, "Test address 1"), row(&second, "Test address 1")]);
    let (status, created) =
        team.editor.post("/api/v1/staff/changes", json!({ "edit": edit.clone(), "citation": citation })).await.unwrap();
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["change"]["record"], format!("service_centres/{province}"));
    let diff: Vec<&str> = created["diff"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(
        diff.contains(&format!("{first}.address").as_str()) && diff.contains(&format!("{second}.address").as_str())
    );
    let id = created["change"]["id"].as_u64().unwrap();
    let change = format!("/api/v1/staff/changes/{id}");
    let (status, busy) = team.editor.post(&format!("{change}/submit"), json!({})).await.unwrap();
    assert_eq!(status, 409, "{busy}");
    let message = busy["error"]["message"].as_str().unwrap();
    assert!(message.contains(&single.to_string()) && message.contains(&format!("service_centre/{first}")), "{busy}");
    // Nor is the other way round allowed: once the lot is submitted, a single centre of its second commune waits.
    assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{single}/withdraw"), json!({})).await.unwrap().0, 200);
    let (status, submitted) = team.editor.post(&format!("{change}/submit"), json!({})).await.unwrap();
    assert_eq!((status, submitted["change"]["state"].as_str()), (200, Some("submitted")), "{submitted}");
    let (_, other) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&second, "Test address 3"), "citation": citation }))
        .await
        .unwrap();
    let other = other["change"]["id"].as_u64().unwrap();
    let (status, busy) = team.editor.post(&format!("/api/v1/staff/changes/{other}/submit"), json!({})).await.unwrap();
    assert_eq!(status, 409, "{busy}");
    assert!(busy["error"]["message"].as_str().unwrap().contains(&id.to_string()), "{busy}");
    // Another province's editor may not propose it.
    let (status, _) =
        team.outsider.post("/api/v1/staff/changes", json!({ "edit": edit, "citation": citation })).await.unwrap();
    assert_eq!(status, 403);

    // Reviewed and published as a whole.
    assert_eq!(team.reviewer.post(&format!("{change}/approve"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    assert_eq!(centre_address(&server, &first).await, "Test address 1");
    assert_eq!(centre_address(&server, &second).await, "Test address 1");

    // The province's published portal (none) and procedure facts (none), for its staff only.
    let (status, portal) = team.editor.get(&format!("/api/v1/staff/provinces/{province}/portal")).await.unwrap();
    assert_eq!((status, portal), (200, Value::Null));
    let (status, facts) =
        team.editor.get(&format!("/api/v1/staff/provinces/{province}/procedure-facts")).await.unwrap();
    assert_eq!((status, facts), (200, json!([])));
    assert_eq!(team.outsider.get(&format!("/api/v1/staff/provinces/{province}/portal")).await.unwrap().0, 403);
    assert_eq!(team.editor.get("/api/v1/staff/provinces/99/procedure-facts").await.unwrap().0, 404);
}
