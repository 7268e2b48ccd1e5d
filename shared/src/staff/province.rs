//! A province's communes as its staff see them (`GET /api/v1/staff/provinces/{code}/centres`): each
//! commune's service centre as published, the open change that would alter it, and what is missing.

use serde::{Deserialize, Serialize};

use crate::model::{NewCommuneCode, ProvinceCode, ServiceCentreRow};
use crate::staff::change::ChangeId;

/// The answer of `GET /api/v1/staff/provinces/{code}/centres`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProvinceCentres {
    pub province: ProvinceCode,
    /// "Tỉnh Khánh Hòa".
    pub province_name: String,
    /// Today in Viet Nam (YYYY-MM-DD), against which [`Gap::Stale`] is judged.
    pub today: String,
    /// In the dataset's order of communes.
    pub communes: Vec<CommuneCentre>,
}

/// One commune of [`ProvinceCentres`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommuneCentre {
    pub code: NewCommuneCode,
    /// "Xã Phước Dinh".
    pub full_name: String,
    /// The published row, if staff have entered one.
    pub centre: Option<ServiceCentreRow>,
    /// A change of this commune's centre that is not yet published (draft, submitted or approved).
    pub open_change: Option<ChangeId>,
}

/// What is missing of a commune's centre, worst first (the order the list sorts by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    /// Nothing published, and nothing proposed.
    Unknown,
    /// Nothing published yet, but a change awaits its steps (the facts are not yet reviewed).
    Unverified,
    /// Verified more than [`STALE_AFTER_YEARS`] ago.
    Stale,
    /// Verified within the last year.
    Verified,
}

/// After how long a verification is due again.
pub const STALE_AFTER_YEARS: i32 = 1;

impl CommuneCentre {
    /// What is missing, judged on `today` (YYYY-MM-DD).
    pub fn gap(&self, today: &str) -> Gap {
        match &self.centre {
            None if self.open_change.is_some() => Gap::Unverified,
            None => Gap::Unknown,
            Some(row) if is_stale(&row.verified_on, today) => Gap::Stale,
            Some(_) => Gap::Verified,
        }
    }
}

/// Whether a verification of `verified_on` is more than a year before `today` (both YYYY-MM-DD; 29
/// February counts from 28 February of the year before, a day early rather than late).
pub fn is_stale(verified_on: &str, today: &str) -> bool {
    let Some(year) = today.get(..4).and_then(|y| y.parse::<i32>().ok()) else {
        return false;
    };
    let rest = today.get(4..).unwrap_or_default();
    let rest = if rest == "-02-29" { "-02-28" } else { rest };
    let a_year_ago = format!("{:04}{rest}", year - STALE_AFTER_YEARS);
    verified_on < a_year_ago.as_str()
}

impl ProvinceCentres {
    /// How many communes have a published centre, and how many communes there are.
    pub fn known(&self) -> (usize, usize) {
        (self.communes.iter().filter(|c| c.centre.is_some()).count(), self.communes.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(verified_on: Option<&str>, open_change: Option<u64>) -> CommuneCentre {
        let code: NewCommuneCode = "00097".parse().unwrap();
        CommuneCentre {
            code: code.clone(),
            full_name: "Phường Hồng Hà".to_owned(),
            centre: verified_on.map(|date| ServiceCentreRow {
                commune_code: code,
                name: None,
                address: Some("…".to_owned()),
                phone: None,
                email: None,
                opening_hours: None,
                lat: None,
                lon: None,
                source: "…".to_owned(),
                verified_on: date.to_owned(),
            }),
            open_change: open_change.map(ChangeId),
        }
    }

    #[test]
    fn a_centre_is_unknown_unverified_stale_or_verified() {
        let today = "2026-12-01";
        assert_eq!(commune(None, None).gap(today), Gap::Unknown);
        assert_eq!(commune(None, Some(3)).gap(today), Gap::Unverified);
        assert_eq!(commune(Some("2025-11-30"), None).gap(today), Gap::Stale);
        assert_eq!(commune(Some("2025-12-01"), Some(4)).gap(today), Gap::Verified);
        assert_eq!(commune(Some("2026-11-30"), None).gap(today), Gap::Verified);
        assert!(Gap::Unknown < Gap::Unverified && Gap::Unverified < Gap::Stale && Gap::Stale < Gap::Verified);
    }

    #[test]
    fn a_year_from_29_february_ends_on_28_february() {
        assert!(is_stale("2027-02-27", "2028-02-29"));
        assert!(!is_stale("2027-02-28", "2028-02-29"));
        assert!(!is_stale("2027-02-28", "not a date"));
    }
}
