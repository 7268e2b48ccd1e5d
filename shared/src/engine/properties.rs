//! Properties of the engine's entry points over generated text (proptest): normalisation and
//! tokenising, conversion and search on the real dataset. Whatever is typed, nothing panics and every
//! answer keeps the promises its documentation makes. `PROPTEST_CASES` sets the number of cases.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

use super::normalize::{fold, key, read_tokens, tokenize};
use super::{MAX_INPUT_CHARS, MAX_SEARCH_LIMIT, ProcedureQuery, surely_too_long, too_long};
use crate::answers::lookup::tests::lookup;
use crate::answers::{Hint, Lang, UnitKind};
use crate::model::OnlineLevel;

/// One piece of what people type, or of what a careless client sends.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        12 => latin_piece(),
        // Anything printable, and any character at all (controls, unassigned, private use).
        1 => "\\PC{1,4}",
        1 => any::<char>().prop_map(String::from),
    ]
}

/// A piece in the Latin script, as Vietnamese addresses are written.
fn latin_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        // Words, mostly Vietnamese letters (composed), with capitals.
        4 => "[A-Za-zÀ-ỹđĐ]{1,8}",
        // Unit words and their abbreviations, glued or not.
        2 => prop::sample::select(vec![
            "Phường", "Xã", "Thị trấn", "Quận", "Huyện", "Tỉnh", "TP.", "T.P", "P.", "Q.", "F", "TT.", "Ward",
            "District", "City", "đường", "thôn", "Việt Nam", "Hồ Chí Minh", "Hà Nội", "Bến Nghé",
        ])
        .prop_map(str::to_owned),
        2 => "[0-9]{1,5}",
        // Separators, brackets, quotes, dashes, line breaks.
        2 => "[ ,.;:/()\\[\\]{}\"'#&|\\-–—\n\t]{1,3}",
        // Combining marks, after a letter or on their own.
        1 => "[\u{300}-\u{36F}\u{1DC0}-\u{1DFF}]{1,3}",
    ]
}

/// Text of 0–40 pieces: an address, nonsense, or a mix.
fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|pieces| pieces.concat())
}

/// Text near and over the length limit: a piece repeated until it is long.
fn long_text() -> impl Strategy<Value = String> {
    (piece(), 100..700usize).prop_map(|(piece, times)| piece.repeat(times).chars().take(MAX_INPUT_CHARS * 3).collect())
}

fn either_lang() -> impl Strategy<Value = Lang> {
    prop_oneof![Just(Lang::Vi), Just(Lang::En)]
}

proptest! {
    #![proptest_config(crate::proptest_config(256))]

    /// What [`too_long`]'s short cut rests on: NFC never writes more characters than the text has bytes,
    /// whatever the characters (any code point, each repeated so that expansions add up).
    #[test]
    fn nfc_writes_at_most_one_character_per_byte(chars in prop::collection::vec(any::<char>(), 0..40)) {
        let text: String = chars.iter().flat_map(|c| std::iter::repeat_n(*c, 3)).collect();
        prop_assert!(text.nfc().count() <= text.len(), "{text:?}");
    }

    /// Tokens are in order, apart, on character boundaries; their folded form is letters and digits
    /// only; and [`key`] is the folded tokens joined, as its documentation says.
    #[test]
    fn tokens_are_ordered_folded_and_make_the_key(text in text()) {
        let tokens = read_tokens(&text);
        let mut end = 0;
        let mut segment = 0;
        let mut group = 0;
        for token in &tokens {
            prop_assert!(end <= token.start && token.start < token.end && token.end <= text.len(), "{token:?}");
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            prop_assert!(token.segment >= segment && token.group >= group, "{token:?}");
            prop_assert!(token.folded().chars().all(char::is_alphanumeric), "{token:?}");
            (end, segment, group) = (token.end, token.segment, token.group);
        }
        let joined: String = tokenize(&text).iter().map(|t| t.folded()).collect();
        prop_assert_eq!(key(&text), joined);
    }

    /// Folding and keys do not depend on how the text is normalised: "Hoà" typed decomposed is "Hoà".
    #[test]
    fn folding_and_keys_ignore_the_normalisation_form(text in text()) {
        let composed: String = text.nfc().collect();
        let decomposed: String = text.nfd().collect();
        prop_assert_eq!(key(&composed), key(&decomposed));
        prop_assert_eq!(fold(&composed), fold(&decomposed));
        let once = fold(&text);
        prop_assert_eq!(fold(&once), once);
    }

}

proptest! {
    // Each case converts on the real dataset, unoptimised in tests: fewer cases.
    #![proptest_config(crate::proptest_config(64))]

    /// Whatever is typed: no panic, at most 10 candidates, each a real new commune in its province,
    /// once, with a confidence in [0, 1] and a text for each reason; no candidate means a hint.
    #[test]
    fn conversion_answers_within_its_promises(text in text(), lang in either_lang()) {
        check_conversion(&text, lang)?;
    }

    /// Text typed decomposed (a letter, then its marks) reads as the same text composed. In the Latin
    /// script only: a few letters of other scripts change case class when decomposed (Greek "ῌ" is
    /// titlecase, its decomposition "Η" + mark a capital), which moves where a word in two cases splits.
    #[test]
    fn conversion_ignores_the_normalisation_form(
        text in prop::collection::vec(latin_piece(), 0..40).prop_map(|pieces| pieces.concat()),
    ) {
        let answer = |text: String| {
            let response = lookup().convert(&text, Lang::Vi);
            let candidates: Vec<_> = response.candidates.into_iter().map(|c| (c.code, c.confidence)).collect();
            // The hint's parameters quote the input as typed, so only its kind is compared.
            (candidates, response.hint_code.as_ref().map(std::mem::discriminant))
        };
        prop_assert_eq!(answer(text.nfc().collect()), answer(text.nfd().collect()));
    }

    /// Long input: over 500 characters once in NFC gets the too-long hint and nothing else; under it,
    /// the text is read (decomposed text counts as it reads).
    #[test]
    fn long_input_answers_the_hint(text in long_text(), decompose in any::<bool>()) {
        let text: String = if decompose { text.nfd().collect() } else { text };
        let response = check_conversion(&text, Lang::En)?;
        let over = text.nfc().count() > MAX_INPUT_CHARS;
        prop_assert_eq!(too_long(&text), over);
        // The browser's check without composition tables never refuses what the server would read.
        prop_assert!(!surely_too_long(&text) || over);
        if over {
            prop_assert!(response.candidates.is_empty());
            prop_assert_eq!(response.hint_code, Some(Hint::TooLong { max: MAX_INPUT_CHARS }));
            prop_assert!(response.hint.is_some_and(|h| h.contains(&MAX_INPUT_CHARS.to_string())));
        } else {
            prop_assert_ne!(response.hint_code, Some(Hint::TooLong { max: MAX_INPUT_CHARS }));
        }
    }

    /// Search: no panic, at most `limit` (brought within 1–50) results, best first, each unit once.
    #[test]
    fn search_answers_within_its_promises(text in text(), limit in 0..200usize) {
        let results = lookup().search(&text, limit).results;
        prop_assert!(results.len() <= limit.clamp(1, MAX_SEARCH_LIMIT));
        prop_assert!(results.windows(2).all(|w| w[0].score >= w[1].score), "{results:?}");
        let units: std::collections::HashSet<_> = results.iter().map(|r| (r.kind == UnitKind::New, &r.code)).collect();
        prop_assert_eq!(units.len(), results.len(), "each unit once: {:?}", results);
        prop_assert!(results.iter().all(|r| r.score.is_finite() && !r.name.is_empty()));
    }

    /// Procedures: no panic on any text or field; only well-formed codes of the catalogue come back.
    #[test]
    fn procedure_search_never_panics(q in text(), field in proptest::option::of(text()), online in 0..5u8) {
        let online = [OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::InPerson, OnlineLevel::Unknown]
            .get(online as usize)
            .copied();
        let query = ProcedureQuery { q: &q, field: field.as_deref(), online };
        let response = lookup().procedures(&query);
        for procedure in &response.procedures {
            prop_assert!(crate::answers::procedures::is_code(&procedure.code), "{procedure:?}");
            prop_assert!(online.is_none_or(|level| procedure.online == level));
        }
    }
}

/// The promises every conversion keeps (see `conversion_answers_within_its_promises`).
fn check_conversion(text: &str, lang: Lang) -> Result<crate::answers::ConvertResponse, TestCaseError> {
    let index = lookup().index();
    let response = lookup().convert(text, lang);
    prop_assert!(response.candidates.len() <= 10, "{}", response.candidates.len());
    let mut codes: Vec<&str> = response.candidates.iter().map(|c| c.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    prop_assert_eq!(codes.len(), response.candidates.len(), "each new commune once");
    for candidate in &response.candidates {
        prop_assert!((0.0..=1.0).contains(&candidate.confidence), "{}", candidate.confidence);
        let commune = index.new_commune(&candidate.code);
        prop_assert!(commune.is_some_and(|c| c.province_code == candidate.province_code), "{:?}", candidate.code);
        prop_assert_eq!(candidate.reasons.len(), candidate.reason_texts.len());
        prop_assert!(!candidate.new_address.is_empty());
    }
    if response.candidates.is_empty() {
        prop_assert!(response.hint_code.is_some() && response.hint.is_some(), "no answer, and no hint why");
    }
    Ok(response)
}

/// What the properties above found, kept as examples.
#[test]
fn decomposed_text_reads_as_composed() {
    let folded = |text: String| tokenize(&text).iter().map(|t| t.folded().to_owned()).collect::<Vec<_>>();
    // A capital whose marks follow it, after capitals: "TP" | "Ấp", not "TPẤp".
    for text in ["TPẤp Bắc", "XḊaPhường"] {
        assert_eq!(folded(text.nfd().collect()), folded(text.nfc().collect()), "{text}");
    }
    assert_eq!(folded("TPẤp".nfd().collect()), ["tp", "ap"]);
    // A mark between digits ends the number in keys as in tokens.
    assert_eq!(key("0\u{301}05"), "05");
    assert_eq!(key("0\u{1dc0}0"), "00");
}
