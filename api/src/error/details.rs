//! serde's and axum's English explanations of a rejected body or query, shown in English messages,
//! without the names of our Rust types: "expected struct ConvertRequest" says "expected a JSON object".
//! Field names, positions and the client's own values are kept.

/// What serde calls a type, followed by its name, and what a client is told instead. Longer words
/// first, so that "tuple struct X" is not read as "struct X".
const KINDS: [(&str, &str); 9] = [
    ("struct variant ", "an object"),
    ("tuple variant ", "an array"),
    ("newtype variant ", "a value"),
    ("unit variant ", "a value"),
    ("tuple struct ", "an array"),
    ("newtype struct ", "a value"),
    ("unit struct ", "null"),
    ("struct ", "a JSON object"),
    ("enum ", "one of the allowed values"),
];

/// Rust's number types as serde names them after "expected ".
const NUMBERS: [(&str, &str); 14] = [
    ("u8", "an integer"),
    ("u16", "an integer"),
    ("u32", "an integer"),
    ("u64", "an integer"),
    ("u128", "an integer"),
    ("usize", "an integer"),
    ("i8", "an integer"),
    ("i16", "an integer"),
    ("i32", "an integer"),
    ("i64", "an integer"),
    ("i128", "an integer"),
    ("isize", "an integer"),
    ("f32", "a number"),
    ("f64", "a number"),
];

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | ':')
}

/// `text` with every "struct Name", "enum Name" (and the other kinds of [`KINDS`]) and every
/// "expected u32" (and the other numbers) said in words that name no type.
pub fn without_type_names(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let at_word = out.chars().next_back().is_none_or(|before| !is_name_char(before));
        let kind = KINDS.iter().find(|(word, _)| {
            rest.strip_prefix(word).is_some_and(|name| name.chars().next().is_some_and(char::is_alphabetic))
        });
        if let (true, Some((word, instead))) = (at_word, kind) {
            let name = &rest[word.len()..];
            out.push_str(instead);
            rest = &name[name.find(|c: char| !is_name_char(c)).unwrap_or(name.len())..];
            continue;
        }
        if let Some(after) = rest.strip_prefix("expected ").filter(|_| at_word) {
            let end = after.find(|c: char| !is_name_char(c)).unwrap_or(after.len());
            if let Some((_, instead)) = NUMBERS.iter().find(|(number, _)| *number == &after[..end]) {
                out.push_str("expected ");
                out.push_str(instead);
                rest = &after[end..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_said_in_words_and_the_rest_is_kept() {
        for (serde, shown) in [
            (
                "Failed to deserialize the JSON body into the target type: invalid type: string \"x\", expected \
                 struct ConvertRequest at line 1 column 3",
                "Failed to deserialize the JSON body into the target type: invalid type: string \"x\", expected a \
                 JSON object at line 1 column 3",
            ),
            (
                "Failed to deserialize the JSON body into the target type: missing field `address` at line 1 column 2",
                "Failed to deserialize the JSON body into the target type: missing field `address` at line 1 column 2",
            ),
            (
                "address: invalid type: integer `3`, expected a string at line 1 column 13",
                "address: invalid type: integer `3`, expected a string at line 1 column 13",
            ),
            ("invalid type: map, expected enum Online", "invalid type: map, expected one of the allowed values"),
            ("invalid value: integer `-1`, expected usize", "invalid value: integer `-1`, expected an integer"),
            (
                "invalid length 1, expected tuple struct Pair with 2 elements",
                "invalid length 1, expected an array with 2 elements",
            ),
            ("invalid type: string, expected struct variant Unit::Pair", "invalid type: string, expected an object"),
            (
                "unknown variant `x`, expected one of `full`, `partial`",
                "unknown variant `x`, expected one of `full`, `partial`",
            ),
            ("Phường struct Bến Nghé", "Phường a JSON object Nghé"),
            ("a destruct Foo, expected u32x", "a destruct Foo, expected u32x"),
            ("", ""),
        ] {
            assert_eq!(without_type_names(serde), shown, "{serde}");
        }
    }

    #[test]
    fn any_text_is_read_without_panicking() {
        for text in ["struct ", "enum", "expected ", "expected", "struct é", "tuple struct X", "ế struct Ồ x"] {
            let _ = without_type_names(text);
        }
    }
}
