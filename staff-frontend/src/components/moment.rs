//! Moments as staff read them: the store's Unix seconds and the releases' RFC 3339 times, both shown
//! in Viet Nam's time (UTC+7, no daylight saving), "30/11/2026 14:05".

/// Seconds of Viet Nam's offset from UTC.
const VIET_NAM: u64 = 7 * 3600;

/// "30/11/2026 14:05" for a Unix time, in Viet Nam.
pub fn moment(unix_seconds: u64) -> String {
    let local = unix_seconds + VIET_NAM;
    let (hour, minute) = ((local % 86_400) / 3600, (local % 3600) / 60);
    format!("{} {hour:02}:{minute:02}", frontend::format::day_in_vietnam(unix_seconds))
}

/// The Unix time of an RFC 3339 time (`2026-11-30T07:00:00Z`, or with an offset `+07:00`).
pub fn unix_of_rfc3339(text: &str) -> Option<u64> {
    let (date, rest) = text.split_once(['T', 't', ' '])?;
    let mut parts = date.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    let (clock, offset) = match rest.find(['Z', 'z', '+', '-']) {
        Some(at) => rest.split_at(at),
        None => return None,
    };
    let mut clock = clock.split(':');
    let hour: i64 = clock.next()?.parse().ok()?;
    let minute: i64 = clock.next()?.parse().ok()?;
    let second: i64 = clock.next().map_or(Some(0.0), |s| s.parse::<f64>().ok())? as i64;
    let offset_seconds = match offset {
        "Z" | "z" => 0,
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let (h, m) = offset[1..].split_once(':')?;
            sign * (h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60)
        }
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    u64::try_from(seconds).ok()
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let doy = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An RFC 3339 time as [`moment`] writes it, or as it came if it does not read.
pub fn moment_of_rfc3339(text: &str) -> String {
    unix_of_rfc3339(text).map_or_else(|| text.to_owned(), moment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_told_in_viet_nam_s_time() {
        // 2025-06-30 17:00 UTC is midnight of 1 July in Viet Nam.
        assert_eq!(moment(1_751_302_800), "1/7/2025 00:00");
        assert_eq!(moment(1_751_302_799), "30/6/2025 23:59");
        assert_eq!(unix_of_rfc3339("2025-06-30T17:00:00Z"), Some(1_751_302_800));
        assert_eq!(unix_of_rfc3339("2025-07-01T00:00:00+07:00"), Some(1_751_302_800));
        assert_eq!(unix_of_rfc3339("2000-02-29T00:00:00Z"), Some(951_782_400));
        assert_eq!(moment_of_rfc3339("2026-11-30T07:05:09Z"), "30/11/2026 14:05");
        assert_eq!(moment_of_rfc3339("not a time"), "not a time");
        assert_eq!(unix_of_rfc3339("2026-13-01T00:00:00Z"), None);
    }
}
