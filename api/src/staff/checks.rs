//! The rules of a staff edit that [`Edit::check`] cannot apply (shared has no clock and the browser app
//! does not carry the province polygons), applied as `cargo xtask data check` applies them
//! ([`location_and_date_problems`]): a service centre lies inside its commune's province, and no
//! `verified_on` is in the future.

use std::sync::OnceLock;

use shared::data::boundaries::{Boundaries, location_and_date_problems};
use shared::model::{Index, ProvinceCode, ServiceCentreRow};
use shared::staff::edit::{Edit, Problem, centre_field};
use time::{OffsetDateTime, UtcOffset};

/// The province polygons, embedded in the binary (1.4 MB) so that a Lambda function needs no file.
static PROVINCES_GEOJSON: &str = include_str!("../../../data/sources/boundaries/provinces.geojson");

/// Viet Nam's time (UTC+7, no daylight saving): a date staff write is a date of their day.
const VIET_NAM: UtcOffset = match UtcOffset::from_whole_seconds(7 * 3_600) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+7 is an offset"),
};

/// The polygons, parsed on first use (a few tens of milliseconds), then kept.
fn boundaries() -> &'static Boundaries {
    static BOUNDARIES: OnceLock<Boundaries> = OnceLock::new();
    BOUNDARIES.get_or_init(|| {
        Boundaries::parse(PROVINCES_GEOJSON).expect("the embedded provinces.geojson is read by the data check")
    })
}

/// A province's polygons as GeoJSON, for the staff pages.
pub fn province_geojson(province: &ProvinceCode) -> Option<String> {
    boundaries().province_geojson(province.as_str())
}

/// Today's date in Viet Nam, YYYY-MM-DD.
pub fn today() -> String {
    iso_date(OffsetDateTime::now_utc())
}

/// The date of an instant in Viet Nam, YYYY-MM-DD.
fn iso_date(instant: OffsetDateTime) -> String {
    let date = instant.to_offset(VIET_NAM).date();
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// The problems of `edit` beyond [`Edit::check`]'s: for a service centre, its location and
/// `verified_on` (for each row of a lot of centres too, named by its index: `centres[3].lat`); for a
/// province portal, its `verified_on`; none for other kinds. A centre of an unknown commune has none here
/// (`Edit::check` reports the commune).
pub fn problems(edit: &Edit, index: &Index) -> Vec<Problem> {
    problems_on(edit, index, &today())
}

fn problems_on(edit: &Edit, index: &Index, today: &str) -> Vec<Problem> {
    let found = match edit {
        Edit::ServiceCentre { centre } => centre_problems(centre, index, today),
        // Each row of a lot as a single centre, its problems named by its index in the lot.
        Edit::ServiceCentres { centres, .. } => {
            return centres
                .iter()
                .enumerate()
                .flat_map(|(at, centre)| {
                    centre_problems(centre, index, today)
                        .into_iter()
                        .map(move |(column, message)| Problem { field: centre_field(at, column), message })
                })
                .collect();
        }
        Edit::ProvincePortal { portal } => {
            location_and_date_problems(portal, &portal.province_code, boundaries(), today)
        }
        Edit::ProcedureFact { fact } => {
            shared::data::boundaries::future_problem(&fact.verified_on, today).into_iter().collect()
        }
        // A later change, a mapping correction, an alias: `Edit::check` applies all their rules.
        Edit::LaterChange { .. } | Edit::MappingCorrection { .. } | Edit::Alias { .. } => Vec::new(),
    };
    found.into_iter().map(|(field, message)| Problem { field: field.to_owned(), message }).collect()
}

/// A centre's location inside its commune's province and its `verified_on`; none for an unknown commune.
fn centre_problems(centre: &ServiceCentreRow, index: &Index, today: &str) -> Vec<(&'static str, String)> {
    match index.new_commune(&centre.commune_code) {
        Some(commune) => location_and_date_problems(centre, &commune.province_code, boundaries(), today),
        None => Vec::new(),
    }
}

/// [`Edit::check`] and [`problems`] together: the province of a valid edit, or every problem it has.
pub fn checked(edit: &Edit, index: &Index) -> Result<ProvinceCode, Vec<Problem>> {
    // A lot over its limit is refused before any row's location is computed (a polygon test each).
    if let Edit::ServiceCentres { centres, .. } = edit
        && centres.len() > shared::staff::edit::MAX_CENTRES
    {
        return edit.check(index);
    }
    let extra = problems(edit, index);
    match edit.check(index) {
        Ok(province) if extra.is_empty() => Ok(province),
        Ok(_) => Err(extra),
        Err(mut problems) => {
            problems.extend(extra);
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use shared::model::ProvincePortal;

    use super::*;
    use crate::snapshot::Data;

    fn data() -> &'static Data {
        static DATA: OnceLock<Data> = OnceLock::new();
        DATA.get_or_init(Data::embedded)
    }

    /// A commune of the real dataset and, from it, a row with obviously test facts at its own centroid.
    fn centre(commune: &shared::model::NewCommune, verified_on: &str) -> Edit {
        Edit::ServiceCentre {
            centre: ServiceCentreRow {
                commune_code: commune.code.clone(),
                name: None,
                address: Some("Test address 1".into()),
                phone: None,
                email: Some("centre@example.org".into()),
                opening_hours: None,
                lat: commune.lat,
                lon: commune.lon,
                source: "test".into(),
                verified_on: verified_on.into(),
            },
        }
    }

    fn fields(problems: &[Problem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    /// Ba Đình (00004, Hà Nội) and a commune of Hồ Chí Minh City (79), 1,000 km away.
    fn two_communes() -> (&'static shared::model::NewCommune, &'static shared::model::NewCommune) {
        let communes = &data().lookup.index().dataset.new_communes;
        let hanoi = communes.iter().find(|c| c.code.as_str() == "00004").unwrap();
        let saigon = communes.iter().find(|c| c.province_code.as_str() == "79").unwrap();
        (hanoi, saigon)
    }

    #[test]
    fn a_centre_inside_its_province_passes_one_far_away_does_not() {
        let index = data().lookup.index();
        let (hanoi, saigon) = two_communes();
        let good = centre(hanoi, "2026-11-01");
        assert_eq!(problems_on(&good, index, "2026-11-01"), []);
        assert_eq!(checked(&good, index), Ok(hanoi.province_code.clone()));

        let Edit::ServiceCentre { centre: mut far } = good.clone() else { unreachable!() };
        (far.lat, far.lon) = (saigon.lat, saigon.lon);
        let problems = problems_on(&Edit::ServiceCentre { centre: far.clone() }, index, "2026-11-01");
        assert_eq!(fields(&problems), ["lat"]);
        assert!(problems[0].message.contains("km outside province 01 of commune 00004"), "{problems:?}");

        // With the problems of `Edit::check`, in one list.
        far.email = Some("not an e-mail".into());
        let problems = checked(&Edit::ServiceCentre { centre: far }, index).unwrap_err();
        assert_eq!(fields(&problems), ["email", "lat"]);
    }

    #[test]
    fn each_row_of_a_lot_is_located_in_its_province_and_named_by_its_index() {
        let index = data().lookup.index();
        let (hanoi, saigon) = two_communes();
        let Edit::ServiceCentre { centre: good } = centre(hanoi, "2026-11-01") else { unreachable!() };
        let mut far = good.clone();
        (far.lat, far.lon) = (saigon.lat, saigon.lon);
        let lot = |centres| Edit::ServiceCentres { province_code: hanoi.province_code.clone(), centres };
        assert_eq!(problems_on(&lot(vec![good.clone()]), index, "2026-11-01"), []);
        let problems = problems_on(&lot(vec![good.clone(), far]), index, "2026-11-01");
        assert_eq!(fields(&problems), ["centres[1].lat"]);
        assert!(problems[0].message.contains("km outside province 01"), "{problems:?}");
        let problems = problems_on(&lot(vec![good]), index, "2026-10-31");
        assert_eq!(fields(&problems), ["centres[0].verified_on"]);
    }

    #[test]
    fn a_lot_over_its_limit_is_refused_before_its_rows_are_located() {
        let index = data().lookup.index();
        let (hanoi, saigon) = two_communes();
        let Edit::ServiceCentre { centre: mut far } = centre(hanoi, "2026-11-01") else { unreachable!() };
        (far.lat, far.lon) = (saigon.lat, saigon.lon);
        let centres = vec![far; shared::staff::edit::MAX_CENTRES + 1];
        let lot = Edit::ServiceCentres { province_code: hanoi.province_code.clone(), centres };
        let problems = checked(&lot, index).unwrap_err();
        assert!(problems.iter().all(|p| !p.message.contains("km outside")), "{problems:?}");
        assert!(!problems.is_empty());
    }

    #[test]
    fn a_centre_just_across_the_border_is_within_the_tolerance() {
        let index = data().lookup.index();
        let (hanoi, _) = two_communes();
        let Edit::ServiceCentre { centre: mut row } = centre(hanoi, "2026-11-01") else { unreachable!() };
        // Walk west from Ba Đình until the point leaves Hà Nội, by steps of about 10 m.
        let (lat, mut lon) = (hanoi.lat.unwrap(), hanoi.lon.unwrap());
        while boundaries().distance_outside("01", lon, lat) == Some(0.0) {
            lon -= 0.0001;
        }
        assert!(boundaries().distance_outside("01", lon, lat).unwrap() < 500.0);
        (row.lat, row.lon) = (Some(lat), Some(lon));
        assert_eq!(problems_on(&Edit::ServiceCentre { centre: row.clone() }, index, "2026-11-01"), []);
        // 2 km further out is refused.
        row.lon = Some(lon - 0.02);
        let problems = problems_on(&Edit::ServiceCentre { centre: row }, index, "2026-11-01");
        assert_eq!(fields(&problems), ["lat"]);
    }

    #[test]
    fn verified_today_passes_tomorrow_does_not() {
        let index = data().lookup.index();
        let (hanoi, _) = two_communes();
        let today = today();
        let tomorrow = iso_date(OffsetDateTime::now_utc() + time::Duration::days(1));
        assert!(tomorrow > today);
        assert_eq!(problems(&centre(hanoi, &today), index), []);
        let problems_of_tomorrow = problems(&centre(hanoi, &tomorrow), index);
        assert_eq!(fields(&problems_of_tomorrow), ["verified_on"]);
        assert_eq!(problems_of_tomorrow[0].message, format!("{tomorrow} is in the future (today is {today})"));

        let portal = |verified_on: &str| Edit::ProvincePortal {
            portal: ProvincePortal {
                province_code: hanoi.province_code.clone(),
                url: "https://example.org/portal".into(),
                source: "test".into(),
                verified_on: verified_on.into(),
            },
        };
        assert_eq!(checked(&portal(&today), index), Ok(hanoi.province_code.clone()));
        assert_eq!(fields(&checked(&portal(&tomorrow), index).unwrap_err()), ["verified_on"]);

        let fact = |verified_on: &str| Edit::ProcedureFact {
            fact: shared::model::ProcedureFact {
                province_code: hanoi.province_code.clone(),
                procedure_code: "1.001193".into(),
                online: Some(shared::model::OnlineLevel::Full),
                portal_url: None,
                agency: None,
                replaced_by: None,
                source: "test".into(),
                verified_on: verified_on.into(),
            },
        };
        assert_eq!(checked(&fact(&today), index), Ok(hanoi.province_code.clone()));
        assert_eq!(fields(&checked(&fact(&tomorrow), index).unwrap_err()), ["verified_on"]);
    }

    #[test]
    fn the_date_is_viet_nams() {
        // 2025-06-30 17:30 UTC is 2025-07-01 00:30 in Hà Nội.
        let instant = OffsetDateTime::from_unix_timestamp(20_270 * 86_400 - 6 * 3_600 - 1_800).unwrap();
        assert_eq!(iso_date(instant), "2025-07-01");
        assert_eq!(iso_date(OffsetDateTime::from_unix_timestamp(20_270 * 86_400 - 8 * 3_600).unwrap()), "2025-06-30");
    }
}
