//! Vietnamese text folding shared by the importer, the dataset checks and the lookup engine.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Lower case, tone marks and diacritics removed (đ → d), only letters and digits kept:
/// "Phường Nguyễn Trung Trực" → "phuongnguyentrungtruc". The form of [`crate::dataset::Alias::key`].
pub fn fold_key(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether `text` is in Unicode Normalization Form C, as every stored name must be.
pub fn is_nfc(text: &str) -> bool {
    unicode_normalization::is_nfc(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_key_removes_tones_case_spaces_and_punctuation() {
        assert_eq!(fold_key("Phường Nguyễn Trung Trực"), "phuongnguyentrungtruc");
        assert_eq!(fold_key("ĐẮK LẮK"), "daklak");
        assert_eq!(fold_key("Bà Rịa - Vũng Tàu"), "bariavungtau");
        assert_eq!(fold_key("Quận 1"), "quan1");
    }

    #[test]
    fn fold_key_is_the_same_for_composed_and_decomposed_input() {
        let composed = "Huế";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(fold_key(composed), fold_key(&decomposed));
        assert!(is_nfc(composed));
        assert!(!is_nfc(&decomposed));
    }
}
