//! Typed codes of units. Old and new codes are different keys: old 26740 is Phường Bến Nghé and new 26740
//! is Phường Sài Gòn, so each kind of code has its own type, parsed once where text comes in (a CSV file,
//! a snapshot, a URL, a JSON body) and from then on compared, looked up and written as itself: an old
//! commune's code cannot be looked up as a new commune's.
//!
//! Each code is its digits as text. It is written as a plain string (the CSV files, the snapshot and
//! the JSON bodies are the same as with `String`), reading it checks its digits and length, and it
//! can be used wherever a `&str` can (`as_str`, `Deref`, `Borrow<str>`, comparisons with text).

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

/// The kinds of unit that have a code, with the code's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A commune, ward or township before 1 July 2025: 5 digits.
    OldCommune,
    /// A commune, ward or special zone from 1 July 2025: 5 digits.
    NewCommune,
    /// A district before 1 July 2025: 3 digits.
    OldDistrict,
    /// One of the 63 provinces before 1 July 2025: 2 digits.
    OldProvince,
    /// One of the 34 provinces from 1 July 2025: 2 digits.
    Province,
}

impl CodeKind {
    /// How many digits a code of this kind has.
    pub const fn digits(self) -> usize {
        match self {
            CodeKind::OldCommune | CodeKind::NewCommune => 5,
            CodeKind::OldDistrict => 3,
            CodeKind::OldProvince | CodeKind::Province => 2,
        }
    }

    /// What it names, in English ("old commune").
    pub const fn name(self) -> &'static str {
        match self {
            CodeKind::OldCommune => "old commune",
            CodeKind::NewCommune => "new commune",
            CodeKind::OldDistrict => "old district",
            CodeKind::OldProvince => "old province",
            CodeKind::Province => "province",
        }
    }

    /// Whether `text` is a code of this kind: exactly [`CodeKind::digits`] ASCII digits.
    pub fn is_code(self, text: &str) -> bool {
        text.len() == self.digits() && text.bytes().all(|b| b.is_ascii_digit())
    }

    fn check(self, text: &str) -> Result<(), CodeError> {
        if self.is_code(text) {
            Ok(())
        } else {
            Err(CodeError { kind: self, text: text.chars().take(CodeError::SHOWN).collect() })
        }
    }
}

/// Text that is not a code of the kind wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeError {
    pub kind: CodeKind,
    /// The text read, cut to its first [`CodeError::SHOWN`] characters.
    pub text: String,
}

impl CodeError {
    /// How much of the text an error keeps (and shows).
    pub const SHOWN: usize = 20;
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} code {:?} is not {} digits", self.kind.name(), self.text, self.kind.digits())
    }
}

impl std::error::Error for CodeError {}

macro_rules! code_type {
    ($(#[$doc:meta])* $name:ident, $kind:ident, $example:literal) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        /// As its text: `"26740"`.
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0, f)
            }
        }

        impl $name {
            pub const KIND: CodeKind = CodeKind::$kind;

            /// The code written in `text`, or why it is not one.
            pub fn parse(text: &str) -> Result<Self, CodeError> {
                Self::KIND.check(text).map(|()| Self(text.to_owned()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = CodeError;

            fn try_from(text: String) -> Result<Self, CodeError> {
                Self::KIND.check(&text).map(|()| Self(text))
            }
        }

        impl FromStr for $name {
            type Err = CodeError;

            fn from_str(text: &str) -> Result<Self, CodeError> {
                Self::parse(text)
            }
        }

        impl From<$name> for String {
            fn from(code: $name) -> String {
                code.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::try_from(text).map_err(serde::de::Error::custom)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                code_schema(Self::KIND, $example)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

code_type!(
    /// A commune, ward or township before 1 July 2025 (`data/old_communes.csv`): 5 digits.
    OldCommuneCode,
    OldCommune,
    "26740"
);
code_type!(
    /// A commune, ward or special zone from 1 July 2025 (`data/new_communes.csv`): 5 digits.
    NewCommuneCode,
    NewCommune,
    "26740"
);
code_type!(
    /// A district before 1 July 2025 (`data/old_districts.csv`): 3 digits.
    OldDistrictCode,
    OldDistrict,
    "760"
);
code_type!(
    /// One of the 63 provinces before 1 July 2025 (`data/old_provinces.csv`): 2 digits.
    OldProvinceCode,
    OldProvince,
    "79"
);
code_type!(
    /// One of the 34 provinces from 1 July 2025 (`data/new_provinces.csv`): 2 digits.
    ProvinceCode,
    Province,
    "79"
);

/// A code in the OpenAPI document: a string of its digits, with their pattern.
#[cfg(feature = "openapi")]
fn code_schema(kind: CodeKind, example: &str) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let digits = kind.digits();
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .pattern(Some(format!("^[0-9]{{{digits}}}$")))
        .min_length(Some(digits))
        .max_length(Some(digits))
        .description(Some(format!("Code of a {}: {digits} digits.", kind.name())))
        .examples([example])
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_their_digits_and_length() {
        assert_eq!(OldCommuneCode::parse("26740").unwrap().as_str(), "26740");
        assert_eq!(OldDistrictCode::parse("760").unwrap().to_string(), "760");
        assert_eq!(format!("{:?}", OldDistrictCode::parse("760").unwrap()), r#""760""#);
        assert_eq!("79".parse::<ProvinceCode>().unwrap(), "79");
        for bad in ["", "2674", "267400", "2674x", " 6740", "２６７４０", "-2674"] {
            let error = NewCommuneCode::parse(bad).unwrap_err();
            assert_eq!(error.kind, CodeKind::NewCommune, "{bad:?}");
        }
        assert!(OldProvinceCode::parse("079").is_err() && OldProvinceCode::parse("7").is_err());
        let long = NewCommuneCode::parse(&"9".repeat(100)).unwrap_err();
        assert_eq!(long.text.len(), CodeError::SHOWN);
        assert_eq!(OldDistrictCode::parse("76").unwrap_err().to_string(), "old district code \"76\" is not 3 digits");
    }

    #[test]
    fn codes_are_written_and_read_as_plain_strings() {
        let code = OldCommuneCode::parse("00007").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), r#""00007""#);
        assert_eq!(serde_json::from_str::<OldCommuneCode>(r#""00007""#).unwrap(), code);
        let error = serde_json::from_str::<OldCommuneCode>(r#""0007""#).unwrap_err().to_string();
        assert!(error.contains("old commune code \"0007\" is not 5 digits"), "{error}");
        // The snapshot's encoding of a code is that of its text.
        assert_eq!(postcard::to_allocvec(&code).unwrap(), postcard::to_allocvec("00007").unwrap());
        assert_eq!(postcard::from_bytes::<OldCommuneCode>(&postcard::to_allocvec("00007").unwrap()).unwrap(), code);
    }

    #[test]
    fn codes_compare_with_text_and_order_as_text() {
        let a = ProvinceCode::parse("01").unwrap();
        let b = ProvinceCode::parse("79").unwrap();
        let text = String::from("79");
        assert!(a < b);
        assert_eq!(a, "01");
        assert_eq!("79", b);
        assert_eq!(b, text);
        assert_eq!(text, b);
        let text: &str = &a;
        assert_eq!(text, "01");
        let set: std::collections::BTreeSet<ProvinceCode> = [b.clone(), a.clone()].into();
        assert!(set.contains("79"), "looked up by text through Borrow<str>");
    }
}

/// Parsing a code over generated text: it accepts exactly the texts of the OpenAPI pattern
/// `^[0-9]{N}$` (ASCII digits only), keeps them as they are, and refuses anything else with a short
/// quote of it, never a panic. `PROPTEST_CASES` sets the number of cases.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    /// Texts near codes: digits of every length up to 7, or digits mixed with other characters.
    fn code_like() -> impl Strategy<Value = String> {
        prop_oneof!["[0-9]{0,7}", "[0-9]{0,3}[^0-9][0-9]{0,3}", "[0-9٠-٩０-９a-z .+-]{0,7}", "\\PC{0,30}", ".{0,30}"]
    }

    fn check<T>(
        kind: CodeKind,
        text: &str,
        parsed: Result<T, CodeError>,
        written: impl Fn(&T) -> String,
    ) -> Result<(), TestCaseError> {
        let pattern = text.chars().count() == kind.digits() && text.chars().all(|c| c.is_ascii_digit());
        match parsed {
            Ok(code) => {
                prop_assert!(pattern, "{text:?} read as a {}", kind.name());
                prop_assert_eq!(written(&code), text);
            }
            Err(error) => {
                prop_assert!(!pattern, "{text:?} refused as a {}", kind.name());
                prop_assert_eq!(error.kind, kind);
                prop_assert!(error.text.chars().count() <= CodeError::SHOWN && text.starts_with(&error.text));
            }
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(crate::proptest_config(256))]

        #[test]
        fn every_kind_reads_exactly_its_digits(text in code_like()) {
            check(CodeKind::OldCommune, &text, OldCommuneCode::parse(&text), ToString::to_string)?;
            check(CodeKind::NewCommune, &text, text.parse::<NewCommuneCode>(), ToString::to_string)?;
            check(CodeKind::OldDistrict, &text, OldDistrictCode::try_from(text.clone()), |c| c.as_str().to_owned())?;
            check(CodeKind::OldProvince, &text, OldProvinceCode::parse(&text), |c| String::from(c.clone()))?;
            let json = serde_json::to_string(&text).unwrap();
            check(CodeKind::Province, &text, serde_json::from_str::<ProvinceCode>(&json).map_err(|_| {
                CodeError { kind: CodeKind::Province, text: text.chars().take(CodeError::SHOWN).collect() }
            }), |c| serde_json::to_value(c).unwrap().as_str().unwrap().to_owned())?;
        }
    }
}
