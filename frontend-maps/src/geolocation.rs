//! The phone's position (browser Geolocation), asked once when the reader taps "use my location".

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::texts::Texts;

/// A position: (lat, lon, accuracy in metres).
pub type Fix = (f64, f64, f64);

/// A text of the chosen language, picked out of [`Texts`].
pub type Pick = fn(&Texts) -> &'static str;

/// Why no position came.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeoError {
    /// The reader (or the browser's settings) refused.
    Denied,
    /// No fix in time.
    Timeout,
    /// No geolocation here (old browser, not HTTPS, no signal).
    Unavailable,
}

impl GeoError {
    /// What to tell the reader, in the chosen language.
    pub fn message(self, t: &Texts) -> &'static str {
        (self.text())(t)
    }

    /// The same as a text to pick.
    pub fn text(self) -> Pick {
        match self {
            GeoError::Denied => |t| t.geo_denied,
            GeoError::Timeout => |t| t.geo_timeout,
            GeoError::Unavailable => |t| t.geo_unavailable,
        }
    }
}

/// A fix good enough to use, as (lat, lon), or the text telling why not: refused, timed out, none, or
/// too rough ([`ROUGH_M`]).
pub fn usable(result: Result<Fix, GeoError>) -> Result<(f64, f64), Pick> {
    match result {
        Ok((_, _, accuracy)) if too_rough(accuracy) => Err(|t| t.geo_rough),
        Ok((lat, lon, _)) => Ok((lat, lon)),
        Err(error) => Err(error.text()),
    }
}

/// A fix less precise than this (metres) says too little to choose a commune: tell the reader
/// ([`Texts::geo_rough`]) rather than trust it.
pub const ROUGH_M: f64 = 500.0;

/// Whether a fix of this accuracy (metres) is too rough to use.
pub fn too_rough(accuracy_m: f64) -> bool {
    // Also a fix without a number (NaN).
    accuracy_m.partial_cmp(&ROUGH_M).is_none_or(|order| order.is_gt())
}

/// The error for a `GeolocationPositionError.code`.
fn error_of(code: u16) -> GeoError {
    match code {
        web_sys::PositionError::PERMISSION_DENIED => GeoError::Denied,
        web_sys::PositionError::TIMEOUT => GeoError::Timeout,
        _ => GeoError::Unavailable,
    }
}

/// Asks the browser for the position once (high accuracy, 15 s): `(lat, lon, accuracy in metres)` or why
/// not. Called from a tap (browsers ask permission then). The promise's own resolve and reject are the
/// callbacks: no closure to keep.
pub async fn position() -> Result<Fix, GeoError> {
    let geolocation = web_sys::window().and_then(|w| w.navigator().geolocation().ok()).ok_or(GeoError::Unavailable)?;
    let options = web_sys::PositionOptions::new();
    options.set_enable_high_accuracy(true);
    options.set_timeout(15_000);
    options.set_maximum_age(60_000);
    let mut asked = Ok(());
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        asked = geolocation.get_current_position_with_error_callback_and_options(&resolve, Some(&reject), &options);
    });
    // Refused at once: the promise would never settle.
    asked.map_err(|_| GeoError::Unavailable)?;
    match JsFuture::from(promise).await {
        // `Position`, `PositionError`: the browsers' `GeolocationPosition...`, read by their fields.
        Ok(position) => {
            let c = position.unchecked_into::<web_sys::Position>().coords();
            Ok((c.latitude(), c.longitude(), c.accuracy()))
        }
        Err(error) => Err(error_of(error.unchecked_into::<web_sys::PositionError>().code())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{Lang, texts};

    #[test]
    fn browser_error_codes_are_told_apart() {
        assert_eq!(error_of(1), GeoError::Denied);
        assert_eq!(error_of(2), GeoError::Unavailable);
        assert_eq!(error_of(3), GeoError::Timeout);
        assert_eq!(error_of(9), GeoError::Unavailable);
    }

    #[test]
    fn rough_fixes_are_refused() {
        assert!(!too_rough(30.0));
        assert!(!too_rough(ROUGH_M));
        assert!(too_rough(501.0));
        assert!(too_rough(f64::NAN));
    }

    #[test]
    fn a_fix_is_used_only_when_precise_enough() {
        // Phường Ba Đình's middle (data/new_communes.csv).
        assert_eq!(usable(Ok((21.0386, 105.838, 35.0))), Ok((21.0386, 105.838)));
        let rough = usable(Ok((21.0386, 105.838, 1200.0))).unwrap_err();
        assert_eq!(rough(texts(Lang::Vi)), texts(Lang::Vi).geo_rough);
        let denied = usable(Err(GeoError::Denied)).unwrap_err();
        assert_eq!(denied(texts(Lang::En)), texts(Lang::En).geo_denied);
        for lang in [Lang::Vi, Lang::En] {
            assert!(texts(lang).geo_rough.contains(&format!(" {ROUGH_M} m")), "the limit is said");
        }
    }

    #[test]
    fn every_error_has_a_message_in_each_language() {
        for error in [GeoError::Denied, GeoError::Timeout, GeoError::Unavailable] {
            assert!(!error.message(texts(Lang::Vi)).is_empty());
            assert_ne!(error.message(texts(Lang::Vi)), error.message(texts(Lang::En)));
        }
    }
}
