//! A province as its staff see it: its communes' centres with what is missing, and its boundary for the
//! centre form; scoped to the provinces of each account.

use serde_json::json;
use shared::data::boundaries::Boundaries;
use shared::staff::province::{Gap, ProvinceCentres};
use tests::{Server, http_get};

use crate::staff_changes::{centre, team, two_communes};

#[tokio::test]
async fn a_province_s_centres_show_what_is_missing_and_only_to_its_staff() {
    let server = Server::start().unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let path = format!("/api/v1/staff/provinces/{province}/centres");

    let (status, answer) = team.editor.get(&path).await.unwrap();
    assert_eq!(status, 200, "{answer}");
    let centres: ProvinceCentres = serde_json::from_value(answer).unwrap();
    let communes = tests::lookup().index().new_communes_of(&province.parse().unwrap()).len();
    assert_eq!(centres.known(), (0, communes));
    assert!(centres.communes.iter().all(|c| c.gap(&centres.today) == Gap::Unknown));
    assert_eq!(centres.today.len(), 10);

    // A draft makes its commune "awaiting review"; once published, "verified".
    let citation = "test citation";
    let (status, created) = team
        .editor
        .post("/api/v1/staff/changes", json!({ "edit": centre(&commune, "Test address 1"), "citation": citation }))
        .await
        .unwrap();
    assert_eq!(status, 201, "{created}");
    let id = created["change"]["id"].as_u64().unwrap();
    let gap_of = |centres: &ProvinceCentres| {
        let entry = centres.communes.iter().find(|c| c.code.as_str() == commune).unwrap();
        (entry.gap(&centres.today), entry.open_change.map(|id| id.0))
    };
    let (_, answer) = team.reviewer.get(&path).await.unwrap();
    assert_eq!(gap_of(&serde_json::from_value(answer).unwrap()), (Gap::Unverified, Some(id)));
    assert_eq!(team.editor.post(&format!("/api/v1/staff/changes/{id}/submit"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post(&format!("/api/v1/staff/changes/{id}/approve"), json!({})).await.unwrap().0, 200);
    assert_eq!(team.reviewer.post("/api/v1/staff/releases", json!({})).await.unwrap().0, 201);
    let (_, answer) = team.reviewer.get(&path).await.unwrap();
    let centres: ProvinceCentres = serde_json::from_value(answer).unwrap();
    assert_eq!(gap_of(&centres), (Gap::Verified, None));
    assert_eq!(centres.known(), (1, communes));

    // Another province's editor is refused; an unknown or malformed province is said so; nobody signed in
    // sees nothing.
    let (status, answer) = team.outsider.get(&path).await.unwrap();
    assert_eq!(status, 403, "{answer}");
    assert_eq!(team.editor.get("/api/v1/staff/provinces/99/centres").await.unwrap().0, 404);
    assert_eq!(team.editor.get("/api/v1/staff/provinces/5x/centres").await.unwrap().0, 400);
    let (status, _, _) = http_get(&server.url(&path), &[]).await.unwrap();
    assert_eq!(status, 401);
    // The admin works everywhere.
    assert_eq!(team.admin.get(&format!("/api/v1/staff/provinces/{other_province}/centres")).await.unwrap().0, 200);
}

#[tokio::test]
async fn a_province_s_boundary_is_geojson_its_staff_can_check_against() {
    let server = Server::start().unwrap();
    let ((commune, province), (_, other_province)) = two_communes();
    let team = team(&server, &province, &other_province).await;
    let path = format!("/api/v1/staff/provinces/{province}/boundary");
    let (status, answer) = team.editor.get(&path).await.unwrap();
    assert_eq!(status, 200);
    let text = serde_json::to_string(&answer).unwrap();
    let boundaries = Boundaries::parse(&text).unwrap();
    assert_eq!(boundaries.provinces().collect::<Vec<_>>(), [province.as_str()]);
    // The commune's own centroid lies in it.
    let commune = tests::lookup().index().new_commune(&commune.parse().unwrap()).unwrap();
    let distance = boundaries.distance_outside(&province, commune.lon.unwrap(), commune.lat.unwrap()).unwrap();
    assert!(distance < shared::data::boundaries::TOLERANCE_M, "{distance} m");
    assert_eq!(team.outsider.get(&path).await.unwrap().0, 403);
    let (status, _, _) = http_get(&server.url(&path), &[]).await.unwrap();
    assert_eq!(status, 401);
}
