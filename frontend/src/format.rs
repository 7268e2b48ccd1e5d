//! Plain formatting helpers for the pages, testable without a browser.

/// Vietnamese digit grouping: 3321 → "3.321".
pub fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// "2026-07-25" → "25/7/2026", the way dates are written in Viet Nam; anything else unchanged.
pub fn date(iso: &str) -> String {
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [year, month, day] if year.len() == 4 => {
            let strip = |s: &str| s.trim_start_matches('0').to_owned();
            format!("{}/{}/{year}", strip(day), strip(month))
        }
        _ => iso.to_owned(),
    }
}

/// "12.34 km²" with a decimal comma, as written in Viet Nam: 12.34 → "12,34 km²".
pub fn area(km2: f64) -> String {
    format!("{} km²", fixed(km2, 2, ','))
}

/// OpenStreetMap at a point.
pub fn osm_link(lat: f64, lon: f64) -> String {
    let (lat, lon) = (fixed(lat, 5, '.'), fixed(lon, 5, '.'));
    format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=13/{lat}/{lon}")
}

/// A `geo:` link, which phones open in their map app.
pub fn geo_link(lat: f64, lon: f64) -> String {
    format!("geo:{}", lat_lon(lat, lon))
}

/// A point as "LAT,LON" at 5 decimals (about 1 m), as links write it (`geo:`, `?vi-tri=`).
pub fn lat_lon(lat: f64, lon: f64) -> String {
    format!("{},{}", fixed(lat, 5, '.'), fixed(lon, 5, '.'))
}

/// A new commune's page marked with where the reader is: `/xa/{code}?vi-tri=LAT,LON`.
pub fn here_link(code: &str, lat: f64, lon: f64) -> String {
    format!("/xa/{code}?vi-tri={}", lat_lon(lat, lon))
}

/// An address written the new way, as the API writes it: the house number and street when given,
/// the new commune, the new province.
pub fn new_address(street: &str, commune: &str, province: &str) -> String {
    let street = street.trim().trim_end_matches(',').trim_end();
    if street.is_empty() { format!("{commune}, {province}") } else { format!("{street}, {commune}, {province}") }
}

/// `value` with `decimals` digits after `point`, by integer arithmetic: Rust's float formatting would add
/// about 12 KB to the bundle. 5 decimals of a degree are about 1 m.
fn fixed(value: f64, decimals: u32, point: char) -> String {
    let scale = 10_i64.pow(decimals);
    let scaled = (value * scale as f64).round() as i64;
    let sign = if scaled < 0 { "-" } else { "" };
    let (whole, fraction) = (scaled.abs() / scale, scaled.abs() % scale);
    format!("{sign}{whole}{point}{fraction:0width$}", width = decimals as usize)
}

/// Directions to a point in the phone's map app (Google Maps' documented URL scheme, which phones hand to
/// the app).
pub fn directions_link(lat: f64, lon: f64) -> String {
    format!("https://www.google.com/maps/dir/?api=1&destination={}", lat_lon(lat, lon))
}

/// A field as a heading: the sources write some in capitals ("HỘ TỊCH" → "Hộ tịch").
pub fn field_heading(field: &str) -> String {
    if field.chars().any(char::is_lowercase) {
        return field.to_owned();
    }
    let mut chars = field.chars();
    chars.next().map(|first| first.to_string() + &chars.as_str().to_lowercase()).unwrap_or_default()
}

/// Opening hours in OpenStreetMap syntax, with Vietnamese day names when `vietnamese`
/// ("Mo-Fr 07:30-11:30" → "T2-T6 07:30-11:30").
pub fn opening_hours(hours: &str, vietnamese: bool) -> String {
    if !vietnamese {
        return hours.to_owned();
    }
    const DAYS: [(&str, &str); 9] = [
        ("Mo", "T2"),
        ("Tu", "T3"),
        ("We", "T4"),
        ("Th", "T5"),
        ("Fr", "T6"),
        ("Sa", "T7"),
        ("Su", "CN"),
        ("PH", "ngày lễ"),
        ("off", "nghỉ"),
    ];
    DAYS.iter().fold(hours.to_owned(), |text, (osm, vi)| text.replace(osm, vi))
}

/// A unit's full name inside a sentence: "Tỉnh Khánh Hòa" → "tỉnh Khánh Hòa" ("cán bộ tỉnh Khánh Hòa").
pub fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| first.to_lowercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// The day of a Unix time in Viet Nam (UTC+7, no daylight saving), as [`date`] writes it: "30/11/2026".
pub fn day_in_vietnam(unix_seconds: u64) -> String {
    // Days since 1970-01-01 to a civil date (Howard Hinnant's `civil_from_days`).
    let days = (unix_seconds + 7 * 3600) / 86_400;
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!("{day}/{month}/{year}")
}

/// Seconds to wait as whole minutes, rounded up: "try again in 2 minutes" after `Retry-After: 61`.
pub fn minutes(seconds: u32) -> u32 {
    seconds.div_ceil(60).max(1)
}

/// The browser tab's title for a page: "Phường Ba Đình · Xã Mới".
pub fn page_title(heading: &str) -> String {
    if heading.is_empty() { "Xã Mới".to_owned() } else { format!("{heading} · Xã Mới") }
}

/// Whether a name matches what was typed in a list's filter: without tone marks, case or spaces.
pub fn matches_filter(name: &str, typed: &str) -> bool {
    let typed = fold(typed);
    typed.is_empty() || fold(name).contains(&typed)
}

/// The shared crate's fold ("Bến Nghé" → "bennghe"). In the browser the decomposition is done by the
/// platform (`String.prototype.normalize`), which keeps about 60 KB of Unicode tables out of the bundle.
#[cfg(not(target_arch = "wasm32"))]
pub fn fold(text: &str) -> String {
    shared::engine::normalize::fold_key(text)
}

#[cfg(target_arch = "wasm32")]
pub fn fold(text: &str) -> String {
    let decomposed = String::from(js_sys::JsString::from(text).normalize("NFD"));
    decomposed
        .chars()
        // After NFD every Vietnamese tone mark and diacritic is in the Combining Diacritical Marks block.
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// `template` with each `{}` replaced by the next of `names`: one text per language, with the names where
/// its grammar puts them.
pub fn fill(template: &str, names: &[&str]) -> String {
    let mut out = String::new();
    for (i, part) in template.split("{}").enumerate() {
        if i > 0 {
            out.push_str(names.get(i - 1).copied().unwrap_or_default());
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_go_where_each_language_puts_them() {
        assert_eq!(fill("Điểm này thuộc {}.", &["Phường Ba Đình"]), "Điểm này thuộc Phường Ba Đình.");
        assert_eq!(fill("{} và {}", &["Phường Ba Đình"]), "Phường Ba Đình và ");
        assert_eq!(fill("không có tên", &["Phường Ba Đình"]), "không có tên");
    }

    #[test]
    fn counts_use_dots_between_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(34), "34");
        assert_eq!(count(3321), "3.321");
        assert_eq!(count(10059), "10.059");
        assert_eq!(count(1234567), "1.234.567");
    }

    #[test]
    fn areas_and_map_links() {
        assert_eq!(area(2.97), "2,97 km²");
        assert_eq!(area(154.0), "154,00 km²");
        assert_eq!(area(0.005), "0,01 km²");
        assert_eq!(
            osm_link(21.0386, 105.838),
            "https://www.openstreetmap.org/?mlat=21.03860&mlon=105.83800#map=13/21.03860/105.83800"
        );
        assert_eq!(geo_link(21.0386, 105.838), "geo:21.03860,105.83800");
        assert_eq!(geo_link(-0.5, -179.123456), "geo:-0.50000,-179.12346");
        assert_eq!(here_link("00004", 21.0386, 105.838), "/xa/00004?vi-tri=21.03860,105.83800");
    }

    #[test]
    fn new_addresses_put_the_street_first() {
        assert_eq!(new_address("", "Xã Phước Dinh", "Tỉnh Khánh Hòa"), "Xã Phước Dinh, Tỉnh Khánh Hòa");
        assert_eq!(
            new_address(" 12 Lê Lợi, ", "Phường Sài Gòn", "Thành phố Hồ Chí Minh"),
            "12 Lê Lợi, Phường Sài Gòn, Thành phố Hồ Chí Minh"
        );
    }

    #[test]
    fn directions_fields_and_opening_hours() {
        assert_eq!(
            directions_link(21.0386, 105.838),
            "https://www.google.com/maps/dir/?api=1&destination=21.03860,105.83800"
        );
        assert_eq!(field_heading("HỘ TỊCH"), "Hộ tịch");
        assert_eq!(field_heading("ĐĂNG KÝ HỘ KINH DOANH"), "Đăng ký hộ kinh doanh");
        assert_eq!(field_heading("Đăng ký, quản lý cư trú"), "Đăng ký, quản lý cư trú");
        assert_eq!(field_heading(""), "");
        let hours = "Mo-Fr 07:30-11:30,13:30-17:00; Sa 07:30-11:30; PH off";
        assert_eq!(opening_hours(hours, true), "T2-T6 07:30-11:30,13:30-17:00; T7 07:30-11:30; ngày lễ nghỉ");
        assert_eq!(opening_hours(hours, false), hours);
    }

    #[test]
    fn page_titles_name_the_page_then_the_app() {
        assert_eq!(page_title("Phường Ba Đình"), "Phường Ba Đình · Xã Mới");
        assert_eq!(page_title(""), "Xã Mới");
    }

    #[test]
    fn list_filter_ignores_tones_case_and_spaces() {
        assert!(matches_filter("Phường Bến Nghé", "ben nghe"));
        assert!(matches_filter("Phường Bến Nghé", "BếnNghé"));
        assert!(matches_filter("Xã Phước Dinh", ""));
        assert!(!matches_filter("Xã Phước Dinh", "ben"));
    }

    #[test]
    fn names_inside_sentences_and_days_in_vietnam() {
        assert_eq!(lower_first("Tỉnh Khánh Hòa"), "tỉnh Khánh Hòa");
        assert_eq!(lower_first("Thành phố Hà Nội"), "thành phố Hà Nội");
        assert_eq!(lower_first(""), "");
        assert_eq!(day_in_vietnam(0), "1/1/1970");
        // 2025-06-30 17:00 UTC is midnight of 1 July in Viet Nam.
        assert_eq!(day_in_vietnam(1_751_302_799), "30/6/2025");
        assert_eq!(day_in_vietnam(1_751_302_800), "1/7/2025");
        assert_eq!(day_in_vietnam(1_772_236_800), "28/2/2026");
        assert_eq!(day_in_vietnam(951_782_400), "29/2/2000");
    }

    #[test]
    fn waits_are_whole_minutes_rounded_up() {
        assert_eq!(minutes(0), 1);
        assert_eq!(minutes(1), 1);
        assert_eq!(minutes(60), 1);
        assert_eq!(minutes(61), 2);
        assert_eq!(minutes(3600), 60);
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(date("2026-07-25"), "25/7/2026");
        assert_eq!(date("2025-07-01"), "1/7/2025");
        assert_eq!(date("soon"), "soon");
    }
}
