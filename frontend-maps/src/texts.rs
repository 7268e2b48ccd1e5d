//! The module's texts, in Vietnamese (the default) and English: the citizen app's wording, one language
//! per text. A `{}` in a text is where a name goes ([`fill`]).

pub use shared::answers::Lang;

pub struct Texts {
    pub loading: &'static str,
    pub error_network: &'static str,
    pub error_decode: &'static str,
    /// `{}`: the HTTP status.
    pub error_status: &'static str,
    pub error_rate_limited: &'static str,
    pub geo_denied: &'static str,
    pub geo_timeout: &'static str,
    pub geo_unavailable: &'static str,
    /// Says the limit, [`crate::geolocation::ROUGH_M`] (a test checks that it does).
    pub geo_rough: &'static str,
    pub use_location: &'static str,
    pub locating: &'static str,
    pub map_of: &'static str,
    pub map_tap: &'static str,
    pub map_neighbours: &'static str,
    pub map_centre: &'static str,
    pub map_centroid: &'static str,
    pub map_here: &'static str,
    pub map_point: &'static str,
    pub map_no_boundary: &'static str,
    pub choose_title: &'static str,
    pub choose_intro: &'static str,
    pub located_in: &'static str,
    pub located_near: &'static str,
    pub located_elsewhere: &'static str,
    pub located_nowhere: &'static str,
    /// `{}`: the nearest commune, then its distance in metres.
    pub located_approx: &'static str,
    /// The chooser's [`Texts::located_approx`] for a commune it does not show.
    pub located_approx_elsewhere: &'static str,
}

const VI: Texts = Texts {
    loading: "Đang tải…",
    error_network: "Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.",
    error_decode: "Không đọc được câu trả lời của máy chủ. Hãy tải lại trang.",
    error_status: "Máy chủ đang gặp lỗi ({}). Vui lòng thử lại sau ít phút.",
    error_rate_limited: "Có quá nhiều yêu cầu từ mạng của bạn. Vui lòng thử lại sau ít phút.",
    geo_denied: "Trang chưa được phép dùng vị trí của bạn. Hãy cho phép trong cài đặt của trình duyệt rồi thử lại.",
    geo_timeout: "Chưa xác định được vị trí. Hãy ra chỗ thoáng hoặc bật định vị rồi thử lại.",
    geo_unavailable: "Thiết bị hoặc trình duyệt này không cho biết vị trí.",
    geo_rough: "Vị trí chưa đủ chính xác (sai số hơn 500 m). Hãy bật định vị GPS rồi thử lại.",
    use_location: "Dùng vị trí của tôi",
    locating: "Đang xác định vị trí…",
    map_of: "Bản đồ ranh giới {}",
    map_tap: "chạm vào bản đồ để chọn một điểm",
    map_neighbours: "Xã, phường giáp ranh",
    map_centre: "Trung tâm phục vụ hành chính công",
    map_centroid: "Giữa xã: vị trí gần đúng, chưa biết vị trí của trung tâm",
    map_here: "Bạn đang ở đây",
    map_point: "Điểm đã chọn",
    map_no_boundary: "Chưa có ranh giới của xã, phường này.",
    choose_title: "Bạn ở xã, phường nào?",
    choose_intro: "Dùng vị trí của bạn, hoặc chạm vào bản đồ chỗ bạn ở, để biết nơi đó thuộc xã, phường nào.",
    located_in: "Điểm này thuộc {}.",
    located_near: "Điểm này thuộc {}, nhưng rất gần ranh giới với {}: hãy kiểm tra lại.",
    located_elsewhere: "Điểm này thuộc {}, không phải xã, phường nào ở trên.",
    located_nowhere: "Điểm này không thuộc xã, phường nào (ngoài biển hoặc ngoài Việt Nam).",
    located_approx: "Gần đúng: vị trí này nằm ngoài mọi ranh giới; xã, phường gần nhất là {}, cách {} m.",
    located_approx_elsewhere: "Gần đúng: vị trí này nằm ngoài mọi ranh giới; xã, phường gần nhất là {}, cách {} m, \
        không phải xã, phường nào ở trên.",
};

const EN: Texts = Texts {
    loading: "Loading…",
    error_network: "Cannot reach the server. Check your connection and try again.",
    error_decode: "Could not read the server's answer. Please reload the page.",
    error_status: "The server has a problem ({}). Please try again in a few minutes.",
    error_rate_limited: "Too many requests from your network. Please try again in a few minutes.",
    geo_denied: "This page may not use your location. Allow it in your browser's settings, then try again.",
    geo_timeout: "Your location could not be found in time. Go outside or turn location on, then try again.",
    geo_unavailable: "This device or browser does not tell its location.",
    geo_rough: "Your location is not precise enough (more than 500 m off). Turn GPS on, then try again.",
    use_location: "Use my location",
    locating: "Finding your location…",
    map_of: "Map of the boundary of {}",
    map_tap: "tap the map to pick a point",
    map_neighbours: "Neighbouring communes",
    map_centre: "Public administrative service centre",
    map_centroid: "Middle of the commune: approximate, the centre's location is not known",
    map_here: "You are here",
    map_point: "The point picked",
    map_no_boundary: "No boundary is known for this commune.",
    choose_title: "Which one are you in?",
    choose_intro: "Use your location, or tap the map where you live, to see which commune the place is in.",
    located_in: "This point is in {}.",
    located_near: "This point is in {}, but very near the border with {}: check again.",
    located_elsewhere: "This point is in {}, none of the ones above.",
    located_nowhere: "This point is in no commune (at sea, or outside Viet Nam).",
    located_approx: "Approximate: this point is outside every boundary; the nearest commune is {}, {} m away.",
    located_approx_elsewhere: "Approximate: this point is outside every boundary; the nearest commune is {}, {} m \
        away, none of the ones above.",
};

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

/// The language of an option's `"lang"` ("vi" or "en"); Vietnamese for anything else.
pub fn lang_of(code: &str) -> Lang {
    Lang::from_code(code).unwrap_or_default()
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
        for lang in [Lang::Vi, Lang::En] {
            let t = texts(lang);
            for (text, names) in [
                (t.error_status, 1),
                (t.map_of, 1),
                (t.located_in, 1),
                (t.located_near, 2),
                (t.located_elsewhere, 1),
                (t.located_nowhere, 0),
                (t.located_approx, 2),
                (t.located_approx_elsewhere, 2),
                (t.map_no_boundary, 0),
            ] {
                assert_eq!(text.matches("{}").count(), names, "{text}");
            }
        }
    }

    #[test]
    fn the_language_is_read_from_its_code_vietnamese_first() {
        assert_eq!(lang_of("en"), Lang::En);
        assert_eq!(lang_of("vi"), Lang::Vi);
        assert_eq!(lang_of(""), Lang::Vi);
        assert_eq!(lang_of("fr"), Lang::Vi);
        assert_eq!(texts(Lang::Vi).use_location, "Dùng vị trí của tôi");
        assert_eq!(texts(Lang::En).use_location, "Use my location");
    }
}
