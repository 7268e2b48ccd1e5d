//! Service centres: the rules a staff row must follow (phone, e-mail, opening hours, dates), and the
//! centre every commune answers with. The rules are here so that the checks, the importer and the
//! browser share them; the province-polygon and future-date tests need the boundaries file and a clock,
//! and live in `boundaries` (behind its feature).

use crate::answers::{CentreStatus, Centroid, ServiceCentre};
use crate::model::{NewCommune, ServiceCentreRow};

/// The earliest `verified_on`: the centres exist since the reorganisation took effect.
pub const EARLIEST_VERIFIED_ON: &str = "2025-07-01";

/// What a commune answers: the staff row where there is one, else every fact unknown and the
/// commune's centroid as an approximate location.
pub fn service_centre(commune: &NewCommune, row: Option<&ServiceCentreRow>) -> ServiceCentre {
    let centroid = commune.lat.zip(commune.lon).map(|(lat, lon)| Centroid { lat, lon });
    match row {
        None => ServiceCentre {
            commune_code: commune.code.clone(),
            name: None,
            address: None,
            phone: None,
            phone_uri: None,
            email: None,
            opening_hours: None,
            coordinates: centroid,
            location_approximate: true,
            source: None,
            verified_on: None,
            status: CentreStatus::Unverified,
        },
        Some(row) => {
            let own = row.lat.zip(row.lon).map(|(lat, lon)| Centroid { lat, lon });
            ServiceCentre {
                commune_code: commune.code.clone(),
                name: row.name.clone(),
                address: row.address.clone(),
                phone: row.phone.clone(),
                phone_uri: row.phone.as_deref().and_then(|p| phone_digits(p).ok()).map(|d| format!("tel:+{d}")),
                email: row.email.clone(),
                opening_hours: row.opening_hours.clone(),
                location_approximate: own.is_none(),
                coordinates: own.or(centroid),
                source: Some(row.source.clone()),
                verified_on: Some(row.verified_on.clone()),
                status: CentreStatus::Verified,
            }
        }
    }
}

/// A Vietnamese phone number: `0` and 9 or 10 more digits (mobiles 0xx xxx xxxx, landlines
/// 02xx xxx xxxx), or the same in international form `+84` without the `0`. Spaces, dots and hyphens
/// may separate groups; nothing else is allowed (one number per centre, no extensions).
pub fn check_phone(phone: &str) -> Result<(), String> {
    phone_digits(phone).map(|_| ())
}

/// The number as international digits ("84..."), for `tel:` links.
fn phone_digits(phone: &str) -> Result<String, String> {
    let rule = "a Vietnamese number is 0 and 9–10 digits, or +84 and 9–10 digits; spaces, dots and hyphens may separate groups";
    let compact: String = phone.chars().filter(|c| !matches!(c, ' ' | '.' | '-')).collect();
    let national = if let Some(rest) = compact.strip_prefix("+84") {
        rest
    } else if let Some(rest) = compact.strip_prefix('0') {
        rest
    } else {
        return Err(format!("{phone:?} does not start with 0 or +84 ({rule})"));
    };
    if !national.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{phone:?} has characters other than digits and separators ({rule})"));
    }
    if !(9..=10).contains(&national.len()) || national.starts_with('0') {
        return Err(format!("{phone:?} has the wrong number of digits ({rule})"));
    }
    Ok(format!("84{national}"))
}

/// A plain address `local@domain.tld`: no spaces, one `@`, a domain of letters, digits and hyphens
/// with at least one dot and a top-level part of two or more letters.
pub fn check_email(email: &str) -> Result<(), String> {
    let bad = |why: &str| Err(format!("{email:?} is not an e-mail address ({why})"));
    let Some((local, domain)) = email.split_once('@') else {
        return bad("no @");
    };
    if local.is_empty() || domain.contains('@') || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("expected one name, one @ and a domain, without spaces");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if labels.len() < 2 || !labels.iter().all(label_ok) {
        return bad("the domain must be like example.gov.vn");
    }
    let tld = labels.last().expect("two or more labels");
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return bad("the domain must end in letters, like .vn");
    }
    Ok(())
}

/// A calendar date written YYYY-MM-DD.
pub fn check_date(date: &str) -> Result<(), String> {
    let bad = || Err(format!("{date:?} is not a date written YYYY-MM-DD"));
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return bad();
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return bad();
    }
    let (Ok(year), Ok(month), Ok(day)) = (year.parse::<u32>(), month.parse::<u32>(), day.parse::<u32>()) else {
        return bad();
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return bad(),
    };
    if day == 0 || day > days {
        return bad();
    }
    Ok(())
}

/// Opening hours in a subset of OpenStreetMap's `opening_hours` syntax
/// (<https://wiki.openstreetmap.org/wiki/Key:opening_hours>), so that other tools read them too:
///
/// ```text
/// hours   = rule { ";" rule }                 e.g. Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30; PH off
/// rule    = days " " ( spans | "off" )
/// days    = range { "," range }               range = day [ "-" day ]
/// day     = Mo | Tu | We | Th | Fr | Sa | Su | PH (public holidays, alone)
/// spans   = span { "," span }                 span = HH:MM "-" HH:MM, 00:00–24:00, start before end
/// ```
///
/// Not accepted (the app could not show them): month or week selectors, sunrise/sunset, open ends,
/// comments, "24/7".
pub mod opening_hours {
    const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

    /// Checks the text; the error names the rule and the part that is wrong.
    pub fn check(text: &str) -> Result<(), String> {
        if text.trim().is_empty() {
            return Err("empty opening hours".to_owned());
        }
        for (number, rule) in text.split(';').enumerate() {
            check_rule(rule.trim()).map_err(|e| format!("rule {} {:?}: {e}", number + 1, rule.trim()))?;
        }
        Ok(())
    }

    fn check_rule(rule: &str) -> Result<(), String> {
        let Some((days, times)) = rule.split_once(' ') else {
            return Err("expected days, a space, then times or \"off\" (e.g. \"Mo-Fr 07:30-11:30\")".to_owned());
        };
        check_days(days)?;
        let times = times.trim();
        if times == "off" {
            return Ok(());
        }
        let mut previous_end = None;
        for span in times.split(',') {
            let span = span.trim();
            let Some((start, end)) = span.split_once('-') else {
                return Err(format!("time span {span:?} is not HH:MM-HH:MM"));
            };
            let (start, end) = (minutes(start)?, minutes(end)?);
            if start >= end {
                return Err(format!("time span {span:?} ends before it starts"));
            }
            if previous_end.is_some_and(|previous| start < previous) {
                return Err(format!("time span {span:?} overlaps or comes before the previous one"));
            }
            previous_end = Some(end);
        }
        Ok(())
    }

    fn check_days(days: &str) -> Result<(), String> {
        if days == "PH" {
            return Ok(());
        }
        for range in days.split(',') {
            let (first, last) = range.split_once('-').unwrap_or((range, range));
            let day = |d: &str| {
                DAYS.iter().position(|known| *known == d).ok_or_else(|| {
                    format!("{d:?} is not a day (Mo, Tu, We, Th, Fr, Sa, Su, or PH for public holidays)")
                })
            };
            if day(first)? > day(last)? {
                return Err(format!("day range {range:?} runs backwards"));
            }
        }
        Ok(())
    }

    /// "07:30" → 450; "24:00" is the end of the day.
    fn minutes(time: &str) -> Result<u32, String> {
        let bad = || format!("time {time:?} is not HH:MM (00:00–24:00)");
        let (hours, minutes) = time.split_once(':').ok_or_else(bad)?;
        if hours.len() != 2 || minutes.len() != 2 {
            return Err(bad());
        }
        let hours: u32 = hours.parse().map_err(|_| bad())?;
        let minutes: u32 = minutes.parse().map_err(|_| bad())?;
        if minutes > 59 || hours > 24 || (hours == 24 && minutes > 0) {
            return Err(bad());
        }
        Ok(hours * 60 + minutes)
    }
}

/// Every rule a staff row breaks, as (column, message); the importer adds the line number and the
/// checks that need more than the row (commune exists, within its province, not in the future).
pub fn row_problems(row: &ServiceCentreRow) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    if let Some(phone) = &row.phone
        && let Err(e) = check_phone(phone)
    {
        problems.push(("phone", e));
    }
    if let Some(email) = &row.email
        && let Err(e) = check_email(email)
    {
        problems.push(("email", e));
    }
    if let Some(hours) = &row.opening_hours
        && let Err(e) = opening_hours::check(hours)
    {
        problems.push(("opening_hours", e));
    }
    match (row.lat, row.lon) {
        (Some(_), None) | (None, Some(_)) => problems.push(("lat", "give both lat and lon, or neither".to_owned())),
        (Some(lat), Some(lon)) if !in_viet_nam(lat, lon) => {
            problems.push(("lat", format!("{lat},{lon} is outside Viet Nam (lat 6–24, lon 102–118)")))
        }
        _ => {}
    }
    if row.source.trim().is_empty() {
        problems.push(("source", "required: where the facts were read".to_owned()));
    }
    if row.verified_on.trim().is_empty() {
        problems.push(("verified_on", "required: the day the facts were checked, YYYY-MM-DD".to_owned()));
    } else if let Err(e) = check_date(&row.verified_on) {
        problems.push(("verified_on", e));
    } else if row.verified_on.as_str() < EARLIEST_VERIFIED_ON {
        problems.push((
            "verified_on",
            format!("{} is before the centres existed ({EARLIEST_VERIFIED_ON})", row.verified_on),
        ));
    }
    let facts = [&row.address, &row.phone, &row.email, &row.opening_hours];
    if facts.iter().all(|f| f.is_none()) && row.lat.is_none() {
        problems
            .push(("commune_code", "the row gives no address, phone, e-mail, opening hours or location".to_owned()));
    }
    problems
}

/// Viet Nam including its islands lies within these bounds.
pub fn in_viet_nam(lat: f64, lon: f64) -> bool {
    (6.0..=24.0).contains(&lat) && (102.0..=118.0).contains(&lon)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_in_vietnamese_format() {
        for good in
            ["0912345678", "091 234 5678", "0263.3822.123", "024 3823 1234", "+84 912 345 678", "+84-24-3823-1234"]
        {
            assert_eq!(check_phone(good), Ok(()), "{good}");
        }
        for bad in [
            "912345678",
            "09123",
            "091234567890",
            "0912 345 67x",
            "(024) 3823 1234",
            "00912345678",
            "+84 0912345678",
            "",
        ] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
        assert_eq!(phone_digits("0263.3822.123").unwrap(), "842633822123");
        assert_eq!(phone_digits("+84 912 345 678").unwrap(), "84912345678");
    }

    #[test]
    fn emails_with_a_domain() {
        assert_eq!(check_email("tthcc@vinhbao.haiphong.gov.vn"), Ok(()));
        for bad in ["tthcc", "a@b", "a@@b.vn", "a b@c.vn", "@c.vn", "a@c.v", "a@-c.vn", "a@c..vn", "a@c.v2"] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_are_real_calendar_days() {
        assert_eq!(check_date("2026-02-28"), Ok(()));
        assert_eq!(check_date("2028-02-29"), Ok(()));
        for bad in ["2026-02-29", "2026-13-01", "2026-1-01", "01/07/2026", "2026-07-00", "", "2026-07-01x"] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn opening_hours_subset_of_osm() {
        for good in [
            "Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30",
            "Mo-Fr 07:00-11:30, 13:30-17:00;Sa 07:30-11:30; PH off",
            "Mo,We,Fr 08:00-12:00",
            "Su off",
            "Mo-Su 00:00-24:00",
        ] {
            assert_eq!(opening_hours::check(good), Ok(()), "{good}");
        }
        let cases = [
            ("Mo-Fr 7:30-11:30", "is not HH:MM"),
            ("Mo-Fr", "expected days"),
            ("Mon-Fri 07:30-11:30", "\"Mon\" is not a day"),
            ("Fr-Mo 07:30-11:30", "runs backwards"),
            ("Mo-Fr 11:30-07:30", "ends before it starts"),
            ("Mo-Fr 13:30-17:00,07:30-11:30", "overlaps"),
            ("Mo-Fr 07:30-24:30", "is not HH:MM"),
            ("Mo-Fr 07:30-11:30; Sa sunrise-sunset", "\"sunrise\" is not HH:MM"),
            ("24/7", "expected days"),
            ("", "empty"),
        ];
        for (bad, expected) in cases {
            let error = opening_hours::check(bad).unwrap_err();
            assert!(error.contains(expected), "{bad}: {error}");
        }
        assert!(opening_hours::check("Mo-Fr 07:30-11:30; Sa 7h").unwrap_err().starts_with("rule 2 \"Sa 7h\""));
    }

    fn commune() -> NewCommune {
        NewCommune {
            code: "00004".parse().unwrap(),
            province_code: "01".parse().unwrap(),
            name: "Ba Đình".into(),
            full_name: "Phường Ba Đình".into(),
            unit_type: "Phường".into(),
            name_en: String::new(),
            full_name_en: String::new(),
            lat: Some(21.0386),
            lon: Some(105.838),
            area_km2: None,
            resolution: String::new(),
            resolution_date: String::new(),
            article: String::new(),
        }
    }

    /// Synthetic: no real centre's facts.
    fn row() -> ServiceCentreRow {
        ServiceCentreRow {
            commune_code: "00004".parse().unwrap(),
            name: None,
            address: None,
            phone: Some("0900 000 000".into()),
            email: None,
            opening_hours: None,
            lat: None,
            lon: None,
            source: "test".into(),
            verified_on: "2026-01-02".into(),
        }
    }

    #[test]
    fn without_a_row_everything_is_unknown_but_the_approximate_location() {
        let centre = service_centre(&commune(), None);
        assert_eq!(centre.status, CentreStatus::Unverified);
        assert!(centre.location_approximate);
        assert_eq!(centre.coordinates, Some(Centroid { lat: 21.0386, lon: 105.838 }));
        assert_eq!((centre.name, centre.address, centre.phone, centre.source), (None, None, None, None));
    }

    #[test]
    fn a_row_is_verified_and_keeps_the_centroid_only_where_it_gives_no_location() {
        let centre = service_centre(&commune(), Some(&row()));
        assert_eq!(centre.status, CentreStatus::Verified);
        assert!(centre.location_approximate);
        assert_eq!(centre.phone_uri.as_deref(), Some("tel:+84900000000"));
        let mut located = row();
        (located.lat, located.lon) = (Some(21.03), Some(105.83));
        let centre = service_centre(&commune(), Some(&located));
        assert!(!centre.location_approximate);
        assert_eq!(centre.coordinates, Some(Centroid { lat: 21.03, lon: 105.83 }));
    }

    #[test]
    fn row_problems_name_the_column() {
        assert!(row_problems(&row()).is_empty());
        let mut bad = row();
        bad.phone = Some("12345".into());
        bad.email = Some("nobody".into());
        bad.opening_hours = Some("7h-17h".into());
        bad.lat = Some(48.8);
        bad.source = " ".into();
        bad.verified_on = "2025-06-30".into();
        let columns: Vec<&str> = row_problems(&bad).into_iter().map(|(column, _)| column).collect();
        assert_eq!(columns, ["phone", "email", "opening_hours", "lat", "source", "verified_on"]);
    }
}
