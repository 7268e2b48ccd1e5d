//! The sentences of [`Hint`]s and [`Reason`]s in each language, defined once so that the API's texts and
//! the browser's are the same. Each message is in one language; none mixes two.

use super::{ConvertResponse, Hint, Reason};
use crate::model::DefaultBasis;

/// A reader's language. Vietnamese first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("vi") => Some(Lang::Vi),
            Some("en") => Some(Lang::En),
            _ => None,
        }
    }

    /// The first language of an `Accept-Language` header that we speak (weights are taken in the
    /// order written, as browsers send them best first); Vietnamese otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .find_map(|part| Lang::from_code(part.split(';').next().unwrap_or_default()))
            .unwrap_or_default()
    }
}

impl Hint {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Hint::TooLong { max }, Lang::Vi) => format!("Địa chỉ quá dài: tối đa {max} ký tự."),
            (Hint::TooLong { max }, Lang::En) => format!("The address is too long: at most {max} characters."),
            (Hint::NoName, Lang::Vi) => "Hãy nhập tên xã/phường cũ, kèm huyện và tỉnh nếu có.".into(),
            (Hint::NoName, Lang::En) => {
                "Type the old commune's name, with its district and province if you know them.".into()
            }
            (Hint::NoMatch, Lang::Vi) => {
                "Không tìm thấy xã/phường nào khớp. Kiểm tra chính tả hoặc thêm tên huyện, tỉnh.".into()
            }
            (Hint::NoMatch, Lang::En) => "No commune matches; check the spelling or add the district and province.".into(),
            (Hint::CommuneMissing { read }, Lang::Vi) => {
                format!("Đã đọc được \u{201c}{read}\u{201d} nhưng chưa có tên xã/phường; hãy thêm tên xã/phường cũ.")
            }
            (Hint::CommuneMissing { read }, Lang::En) => {
                format!("\u{201c}{read}\u{201d} was read, but no commune; add the old commune's name.")
            }
            (Hint::SameName { count }, Lang::Vi) => {
                format!("Có {count} xã/phường cũ trùng tên; hãy thêm quận/huyện để biết chính xác.")
            }
            (Hint::SameName { count }, Lang::En) => {
                format!("{count} old communes have this name; add the district to be sure.")
            }
            (Hint::SeveralReadings { count }, Lang::Vi) => {
                format!("Địa chỉ này có thể hiểu theo {count} cách; hãy thêm quận/huyện và tỉnh để biết chính xác.")
            }
            (Hint::SeveralReadings { count }, Lang::En) => {
                format!("This address can be read {count} ways; add the district and province to be sure.")
            }
            (Hint::Split, Lang::Vi) => "Xã/phường cũ này được chia cho nhiều xã mới; xã đầu tiên là phần mặc định. Xem trang xã cũ để biết phần nào là của bạn.".into(),
            (Hint::Split, Lang::En) => "This old commune was split; the first one is the default part. See the old commune's page to tell which part is yours.".into(),
            (Hint::Uncertain, Lang::Vi) => "Kết quả dựa trên phỏng đoán; hãy kiểm tra lý do bên dưới trước khi dùng.".into(),
            (Hint::Uncertain, Lang::En) => "This answer rests on a guess; check the reasons below before using it.".into(),
        }
    }
}

impl Reason {
    pub fn text(&self, lang: Lang) -> String {
        match (self, lang) {
            (Reason::SpellingCorrected { written, read }, Lang::Vi) => {
                format!("Đã sửa chính tả: \u{201c}{written}\u{201d} được đọc là \u{201c}{read}\u{201d}.")
            }
            (Reason::SpellingCorrected { written, read }, Lang::En) => {
                format!("Spelling corrected: \u{201c}{written}\u{201d} was read as \u{201c}{read}\u{201d}.")
            }
            (Reason::DistrictMissing, Lang::Vi) => {
                "Địa chỉ không ghi quận/huyện; xã/phường được tìm theo tên trong tỉnh.".into()
            }
            (Reason::DistrictMissing, Lang::En) => {
                "No district was given; the commune was found by its name in the province.".into()
            }
            (Reason::ProvinceMissing, Lang::Vi) => {
                "Địa chỉ không ghi tỉnh/thành phố; suy ra từ quận/huyện hoặc xã/phường.".into()
            }
            (Reason::ProvinceMissing, Lang::En) => {
                "No province was given; it follows from the district or the commune.".into()
            }
            (Reason::WordsIgnored { words }, Lang::Vi) => {
                format!("Không đọc được \u{201c}{words}\u{201d} là tên đơn vị hành chính nên đã bỏ qua.")
            }
            (Reason::WordsIgnored { words }, Lang::En) => {
                format!("\u{201c}{words}\u{201d} names no administrative unit and was left aside.")
            }
            (Reason::ParentNotMatched { written }, Lang::Vi) => {
                format!("Xã/phường này không thuộc \u{201c}{written}\u{201d} như địa chỉ ghi.")
            }
            (Reason::ParentNotMatched { written }, Lang::En) => {
                format!("This commune is not in \u{201c}{written}\u{201d}, as the address says.")
            }
            (Reason::EarlierName { written, now, effective, legal_basis }, Lang::Vi) => {
                let mut text = format!("\u{201c}{written}\u{201d} là tên cũ; nay là {now}");
                if let Some(date) = effective {
                    text.push_str(&format!(" từ ngày {}", vi_date(date)));
                }
                if let Some(basis) = legal_basis {
                    text.push_str(&format!(" theo {basis}"));
                }
                text.push('.');
                text
            }
            (Reason::EarlierName { written, now, effective, legal_basis }, Lang::En) => {
                let mut text = format!("\u{201c}{written}\u{201d} is an earlier name; it is now {now}");
                if let Some(date) = effective {
                    text.push_str(&format!(" since {date}"));
                }
                if let Some(basis) = legal_basis {
                    text.push_str(&format!(" ({basis})"));
                }
                text.push('.');
                text
            }
            (Reason::SameName { count }, Lang::Vi) => {
                format!("Có {count} xã/phường cũ trùng tên; đây là một trong số đó.")
            }
            (Reason::SameName { count }, Lang::En) => {
                format!("{count} old communes have this name; this is one of them.")
            }
            (Reason::BareNumber { written }, Lang::Vi) => {
                format!(
                    "Số \u{201c}{written}\u{201d} được hiểu là số của phường dù không ghi chữ \u{201c}Phường\u{201d}."
                )
            }
            (Reason::BareNumber { written }, Lang::En) => {
                format!(
                    "The number \u{201c}{written}\u{201d} was read as a ward's number, though no unit word stands before it."
                )
            }
            (Reason::PlaceName { written }, Lang::Vi) => format!(
                "\u{201c}{written}\u{201d} đứng sau tên đường, thôn hoặc địa điểm nên có thể là tên của nơi đó, không phải tên xã/phường."
            ),
            (Reason::PlaceName { written }, Lang::En) => format!(
                "\u{201c}{written}\u{201d} follows a street, village or place word, so it may name that place rather than the commune."
            ),
            (Reason::AlsoDistrictName { district }, Lang::Vi) => format!(
                "Tên này cũng là tên của {district} cũ, nay thuộc nhiều xã/phường; nếu địa chỉ ghi quận/huyện, hãy thêm tên xã/phường cũ."
            ),
            (Reason::AlsoDistrictName { district }, Lang::En) => format!(
                "This is also the name of the old {district}, now spread over several communes; if the address names the district, add the old commune."
            ),
            // The default part says what its choice rests on: no source says how much went where.
            (Reason::Split { default: true, basis: Some(DefaultBasis::WholePopulation) }, Lang::Vi) => {
                "Xã/phường cũ đã bị chia; theo bảng của Cục Thống kê, toàn bộ dân cư thuộc xã này.".into()
            }
            (Reason::Split { default: true, basis: Some(DefaultBasis::WholePopulation) }, Lang::En) => {
                "The old commune was split; the statistics office's table says all its residents went here.".into()
            }
            (Reason::Split { default: true, basis: Some(DefaultBasis::Review) }, Lang::Vi) => {
                "Xã/phường cũ đã bị chia; xã này là phần mặc định, được chọn khi rà soát đối chiếu với nghị quyết.".into()
            }
            (Reason::Split { default: true, basis: Some(DefaultBasis::Review) }, Lang::En) => {
                "The old commune was split; this part was chosen as the default on a review against the resolution.".into()
            }
            (Reason::Split { default: true, basis: Some(DefaultBasis::OpenData) }, Lang::Vi) => {
                "Xã/phường cũ đã bị chia; xã này là phần mặc định theo một bộ dữ liệu mở, không rõ căn cứ; hãy kiểm tra trên bản đồ.".into()
            }
            (Reason::Split { default: true, basis: Some(DefaultBasis::OpenData) }, Lang::En) => {
                "The old commune was split; an open dataset names this part as the default without saying why; check on the map.".into()
            }
            (Reason::Split { default: true, basis: None }, Lang::Vi) => {
                "Xã/phường cũ đã bị chia; xã này là phần mặc định.".into()
            }
            (Reason::Split { default: true, basis: None }, Lang::En) => {
                "The old commune was split; this part is the default.".into()
            }
            (Reason::Split { default: false, .. }, Lang::Vi) => {
                "Xã/phường cũ đã bị chia; chỉ một phần thuộc xã này.".into()
            }
            (Reason::Split { default: false, .. }, Lang::En) => {
                "The old commune was split; only part of it went here.".into()
            }
        }
    }
}

/// "2026-09-20" → "20/9/2026"; anything else as it is.
fn vi_date(date: &str) -> String {
    let mut parts = date.split('-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) if y.len() == 4 => {
            format!("{}/{}/{y}", d.trim_start_matches('0'), m.trim_start_matches('0'))
        }
        _ => date.to_owned(),
    }
}

impl ConvertResponse {
    /// Fills in the texts of the hint and of every candidate's reasons in `lang`.
    pub fn localize(&mut self, lang: Lang) {
        self.hint = self.hint_code.as_ref().map(|h| h.text(lang));
        for candidate in &mut self.candidates {
            candidate.reason_texts = candidate.reasons.iter().map(|r| r.text(lang)).collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_languages_from_headers_and_codes() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,vi;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("fr-FR, vi;q=0.5"), Lang::Vi);
        assert_eq!(Lang::from_accept_language("de"), Lang::Vi);
        assert_eq!(Lang::from_accept_language(""), Lang::Vi);
        assert_eq!(Lang::from_code("EN"), Some(Lang::En));
        assert_eq!(Lang::from_code("x"), None);
    }

    #[test]
    fn every_text_is_in_one_language() {
        // Parameters in plain ASCII, so that every other letter comes from the sentence itself.
        let word = || "X".to_owned();
        let hints = [
            Hint::TooLong { max: 500 },
            Hint::NoName,
            Hint::NoMatch,
            Hint::CommuneMissing { read: word() },
            Hint::SameName { count: 3 },
            Hint::SeveralReadings { count: 2 },
            Hint::Split,
            Hint::Uncertain,
        ];
        let reasons = [
            Reason::SpellingCorrected { written: word(), read: word() },
            Reason::DistrictMissing,
            Reason::ProvinceMissing,
            Reason::WordsIgnored { words: word() },
            Reason::ParentNotMatched { written: word() },
            Reason::EarlierName {
                written: word(),
                now: word(),
                effective: Some("2021-01-01".into()),
                legal_basis: Some(word()),
            },
            Reason::EarlierName { written: word(), now: word(), effective: None, legal_basis: None },
            Reason::SameName { count: 2 },
            Reason::PlaceName { written: word() },
            Reason::BareNumber { written: word() },
            Reason::AlsoDistrictName { district: word() },
            Reason::Split { default: true, basis: Some(DefaultBasis::Review) },
            Reason::Split { default: true, basis: Some(DefaultBasis::WholePopulation) },
            Reason::Split { default: true, basis: Some(DefaultBasis::OpenData) },
            Reason::Split { default: true, basis: None },
            Reason::Split { default: false, basis: None },
        ];
        let texts: Vec<(String, String)> = hints
            .iter()
            .map(|h| (h.text(Lang::Vi), h.text(Lang::En)))
            .chain(reasons.iter().map(|r| (r.text(Lang::Vi), r.text(Lang::En))))
            .collect();
        let vietnamese = |c: char| "ãạảấầẩậắằẳặẹẻẽếềểễệỉịọỏốồổộớờởợụủứừửữựỳỵỷỹđơưôêâăáàéèíìóòúùý".contains(c);
        for (vi, en) in &texts {
            assert!(vi.chars().any(vietnamese), "not Vietnamese: {vi}");
            assert!(!en.chars().any(vietnamese), "not English: {en}");
            assert!(!vi.contains(" / ") && !en.contains(" / "), "{vi} | {en}");
        }
        let merged = Reason::EarlierName {
            written: "Quận 2".into(),
            now: "Thành phố Thủ Đức".into(),
            effective: Some("2021-01-01".into()),
            legal_basis: Some("Nghị quyết 1111/NQ-UBTVQH14".into()),
        };
        assert!(merged.text(Lang::Vi).contains("từ ngày 1/1/2021 theo Nghị quyết 1111/NQ-UBTVQH14"));
        assert!(merged.text(Lang::En).contains("since 2021-01-01"));
    }
}
