//! The closed sets of words in answers ([`Relation`], [`OnlineLevel`], ...) as the browser app reads
//! them: the word as text, looked up in a table. serde's derived `Deserialize` of a unit-variant enum
//! also reads the other forms an enum may take (a map, an index) through its enum machinery, about 1 KB
//! of the app's WASM for each of them; the app only ever reads the API's words. The wire types use
//! [`read`] in the wasm32 build only (`cfg_attr(target_arch = "wasm32", serde(deserialize_with))`); the
//! API and native clients keep the derived reading, and a test checks that both read the same words.

use serde::{Deserialize, Deserializer};

use crate::answers::{BoundaryRole, CentreStatus, LocateStatus, PortalKind, UnitKind};
use crate::model::{OnlineLevel, ProcedureLevel, ProcedureStatus, Relation};

/// A closed set of words, each the serde name of its variant.
pub trait Word: Sized + Copy + 'static {
    const ALL: &'static [(&'static str, Self)];
}

/// Reads a [`Word`] from its text.
pub fn read<'de, D: Deserializer<'de>, T: Word>(deserializer: D) -> Result<T, D::Error> {
    let text = String::deserialize(deserializer)?;
    T::ALL
        .iter()
        .find(|(word, _)| *word == text)
        .map(|(_, value)| *value)
        .ok_or_else(|| serde::de::Error::custom("an unknown word"))
}

impl Word for Relation {
    const ALL: &'static [(&'static str, Self)] = &[("whole", Relation::Whole), ("partial", Relation::Partial)];
}

impl Word for OnlineLevel {
    const ALL: &'static [(&'static str, Self)] = &[
        ("full", OnlineLevel::Full),
        ("partial", OnlineLevel::Partial),
        ("in_person", OnlineLevel::InPerson),
        ("unknown", OnlineLevel::Unknown),
    ];
}

impl Word for ProcedureLevel {
    const ALL: &'static [(&'static str, Self)] = &[
        ("xa", ProcedureLevel::Xa),
        ("cong_an_xa", ProcedureLevel::CongAnXa),
        ("tinh", ProcedureLevel::Tinh),
        ("other", ProcedureLevel::Other),
        ("unknown", ProcedureLevel::Unknown),
    ];
}

impl Word for ProcedureStatus {
    const ALL: &'static [(&'static str, Self)] =
        &[("active", ProcedureStatus::Active), ("repealed", ProcedureStatus::Repealed)];
}

impl Word for LocateStatus {
    const ALL: &'static [(&'static str, Self)] = &[
        ("inside", LocateStatus::Inside),
        ("nearest", LocateStatus::Nearest),
        ("no_commune", LocateStatus::NoCommune),
    ];
}

impl Word for BoundaryRole {
    const ALL: &'static [(&'static str, Self)] =
        &[("commune", BoundaryRole::Commune), ("neighbour", BoundaryRole::Neighbour)];
}

impl Word for CentreStatus {
    const ALL: &'static [(&'static str, Self)] =
        &[("verified", CentreStatus::Verified), ("unverified", CentreStatus::Unverified)];
}

impl Word for PortalKind {
    const ALL: &'static [(&'static str, Self)] = &[
        ("national_page", PortalKind::NationalPage),
        ("national_search", PortalKind::NationalSearch),
        ("public_security", PortalKind::PublicSecurity),
    ];
}

impl Word for UnitKind {
    const ALL: &'static [(&'static str, Self)] = &[("old", UnitKind::Old), ("new", UnitKind::New)];
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use super::*;

    /// Every word of `T`'s table is its variant's serde name, read back by [`read`], and the table has
    /// every variant: the names serde lists when it refuses a word (its derived reading knows them all).
    fn same_words<T: Word + Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>() {
        for (word, value) in T::ALL {
            let json = serde_json::to_string(value).unwrap();
            assert_eq!(json, format!("\"{word}\""));
            let read_back: T = read(&mut serde_json::Deserializer::from_str(&json)).unwrap();
            assert_eq!(read_back, *value);
        }
        assert!(read::<_, T>(&mut serde_json::Deserializer::from_str("\"nothing\"")).is_err());
        let refused = serde_json::from_str::<T>("\"nothing\"").unwrap_err().to_string();
        let listed: Vec<&str> = refused.split('`').skip(3).step_by(2).collect();
        let mut words: Vec<&str> = T::ALL.iter().map(|(word, _)| *word).collect();
        let mut listed = listed;
        words.sort_unstable();
        listed.sort_unstable();
        assert_eq!(words, listed, "{refused}");
    }

    #[test]
    fn the_app_reads_the_words_the_api_writes() {
        same_words::<Relation>();
        same_words::<OnlineLevel>();
        same_words::<ProcedureLevel>();
        same_words::<ProcedureStatus>();
        same_words::<CentreStatus>();
        same_words::<PortalKind>();
        same_words::<UnitKind>();
        same_words::<LocateStatus>();
        same_words::<BoundaryRole>();
    }
}
