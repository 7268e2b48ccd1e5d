//! Legal basis: the 2025 resolutions of the National Assembly Standing Committee (NQ-UBTVQH15) as text.
//!
//! Each resolution (1654..1687/NQ-UBTVQH15) rearranges the communes of one new province. Article 1 has one
//! numbered clause per new unit ("... thành phường mới có tên gọi là phường Hoàn Kiếm."), a few renames
//! ("Đổi tên xã Krông Na thành xã Buôn Đôn.") and a closing summary that lists the units kept without
//! rearrangement ("... không thực hiện sắp xếp là các xã A, B, C."). The files are Word documents converted
//! to Markdown: lines wrap mid-sentence, bold spans cross line breaks, some clause numbers lack the `\.`
//! escape or the space after it, and spaces are missing here and there ("tên gọilàxã").

use std::collections::{BTreeMap, HashMap};

use shared::engine::normalize::fold_key;
use shared::engine::normalize::toned_key;
use unicode_normalization::UnicodeNormalization;

/// One resolution, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// "1656/NQ-UBTVQH15".
    pub number: String,
    /// Date of signature, "2025-06-16".
    pub date: String,
    /// The province as named in the title, cased as in Article 1: "thành phố Hà Nội".
    pub province: String,
    pub clauses: Vec<Clause>,
}

/// One numbered clause of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub article: u32,
    pub clause: u32,
    /// The new units this clause establishes or keeps, as written ("phường Hoàn Kiếm"), without the
    /// old-district qualifiers in parentheses.
    pub units: Vec<String>,
    /// The clause without its number, line wraps joined by single spaces, Markdown removed, in NFC.
    pub text: String,
}

/// The legal basis of one new commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalBasis {
    /// "1656/NQ-UBTVQH15".
    pub resolution: String,
    /// "2025-06-16".
    pub date: String,
    /// "Điều 1, khoản 3"; empty where no clause names the commune.
    pub article: String,
    /// The clause text; empty where `article` is.
    pub text: String,
}

/// What [`legal_bases`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalBases {
    /// Commune code → legal basis, for every commune given.
    pub bases: BTreeMap<String, LegalBasis>,
    /// Codes of the communes no clause names (their basis has the resolution but no article).
    pub unmatched: Vec<String>,
}

/// The unit types of the new communes, longest first so that "đặc khu" is tried before shorter words.
const UNIT_TYPES: [&str; 3] = ["đặc khu", "phường", "xã"];

/// Parses one resolution from its Markdown text. Errors name the line where possible.
pub fn parse(markdown: &str) -> Result<Resolution, String> {
    // Some files mix composed and decomposed accents; everything below works on NFC.
    let text: String = markdown.nfc().collect();
    let lines: Vec<&str> = text.lines().collect();

    let (number, date) = parse_number_and_date(&lines)?;
    let title_province = parse_title_province(&lines)?;
    let (heading, drafts) = split_articles(&lines)?;

    // The title is upper case; Article 1's heading names the same province in normal case.
    let heading = heading.ok_or("no Article 1 (\"**Điều 1. ...**\")")?;
    let province = heading
        .rsplit_once(" của ")
        .map(|(_, province)| province.trim().to_owned())
        .ok_or_else(|| format!("Article 1 heading names no province: {heading:?}"))?;
    if fold_key(&province) != fold_key(&title_province) {
        return Err(format!("title names {title_province:?} but Article 1 names {province:?}"));
    }

    let mut clauses = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for draft in drafts {
        let text = clean_markdown(&draft.raw);
        let units = if draft.article == 1 {
            units_of(&text).map_err(|e| format!("line {}: Điều 1, khoản {}: {e}", draft.line, draft.clause))?
        } else {
            Vec::new()
        };
        if draft.article == 1 && units.is_empty() && (text.starts_with("Sắp xếp") || text.starts_with("Đổi tên"))
        {
            return Err(format!("line {}: Điều 1, khoản {} establishes no unit I can read", draft.line, draft.clause));
        }
        // A unit named by two clauses would make its legal basis ambiguous.
        for unit in &units {
            if let Some(other) = seen.insert(toned_key(unit), draft.clause) {
                return Err(format!(
                    "line {}: {unit} is in both khoản {other} and khoản {} of Điều 1",
                    draft.line, draft.clause
                ));
            }
        }
        clauses.push(Clause { article: draft.article, clause: draft.clause, units, text });
    }
    if seen.is_empty() {
        return Err("Article 1 establishes no units".to_owned());
    }
    Ok(Resolution { number, date, province, clauses })
}

/// Finds the clause that names each commune, within the resolution of the commune's province.
///
/// `provinces` are (code, name as of 2025-07-01, e.g. "Thành phố Hà Nội"); `communes` are (code,
/// province code, full name as of 2025-07-01, e.g. "Phường Ba Đình"). Names are compared with their
/// accents first ("Lộc Thành" and "Lộc Thạnh" are two communes of Đồng Nai), then folded ([`fold_key`])
/// where that names a single unit of the province, so "Hoà"/"Hòa", "Đak"/"Đắk" and hyphen spacing do
/// not matter.
pub fn legal_bases(
    resolutions: &[Resolution],
    provinces: &[(String, String)],
    communes: &[(String, String, String)],
) -> Result<LegalBases, String> {
    let mut by_province: HashMap<&str, &Resolution> = HashMap::new();
    for (code, name) in provinces {
        let found: Vec<&Resolution> = resolutions.iter().filter(|r| fold_key(&r.province) == fold_key(name)).collect();
        match found.as_slice() {
            [resolution] => {
                by_province.insert(code, resolution);
            }
            [] => {
                return Err(format!("province {code} {name}: no resolution names it in its title"));
            }
            several => {
                let numbers: Vec<&str> = several.iter().map(|r| r.number.as_str()).collect();
                return Err(format!("province {code} {name}: several resolutions name it: {}", numbers.join(", ")));
            }
        }
    }

    // Per resolution number: unit name key → clause, and folded name → clauses.
    let mut exact: HashMap<&str, HashMap<String, &Clause>> = HashMap::new();
    let mut folded: HashMap<&str, HashMap<String, Vec<&Clause>>> = HashMap::new();
    for resolution in by_province.values() {
        let number = resolution.number.as_str();
        for clause in &resolution.clauses {
            for unit in &clause.units {
                exact.entry(number).or_default().insert(toned_key(unit), clause);
                folded.entry(number).or_default().entry(fold_key(unit)).or_default().push(clause);
            }
        }
    }

    let mut bases = BTreeMap::new();
    let mut unmatched = Vec::new();
    for (code, province_code, full_name) in communes {
        let resolution = by_province
            .get(province_code.as_str())
            .ok_or_else(|| format!("commune {code} {full_name}: unknown province code {province_code}"))?;
        let number = resolution.number.as_str();
        let clause = exact.get(number).and_then(|units| units.get(&toned_key(full_name)).copied()).or_else(|| {
            match folded.get(number).and_then(|units| units.get(&fold_key(full_name))).map(Vec::as_slice) {
                Some([clause]) => Some(*clause),
                _ => None, // none, or several that differ only in accents: do not guess
            }
        });
        let (article, text) = match clause {
            Some(clause) => (format!("Điều {}, khoản {}", clause.article, clause.clause), clause.text.clone()),
            None => {
                unmatched.push(code.clone());
                (String::new(), String::new())
            }
        };
        let basis = LegalBasis { resolution: resolution.number.clone(), date: resolution.date.clone(), article, text };
        if bases.insert(code.clone(), basis).is_some() {
            return Err(format!("commune {code} is given twice"));
        }
    }
    Ok(LegalBases { bases, unmatched })
}

/// "Số: 1656/NQ-UBTVQH15   *Hà Nội, ngày 16 tháng 6 năm 2025*": number and date share the header line.
fn parse_number_and_date(lines: &[&str]) -> Result<(String, String), String> {
    for (index, line) in lines.iter().enumerate() {
        let line = clean_markdown(line);
        let Some((_, rest)) = line.split_once("Số:") else {
            continue;
        };
        let number = rest.split_whitespace().next().unwrap_or_default().to_owned();
        if !number.contains("/NQ-") {
            return Err(format!("line {}: no resolution number after \"Số:\"", index + 1));
        }
        let date = parse_date(rest).ok_or_else(|| format!("line {}: no date \"ngày D tháng M năm Y\"", index + 1))?;
        return Ok((number, date));
    }
    Err("no header line \"Số: ...\"".to_owned())
}

/// "… ngày 16 tháng 6 năm 2025 …" → "2025-06-16".
fn parse_date(text: &str) -> Option<String> {
    let (_, rest) = text.split_once("ngày")?;
    let (day, rest) = leading_number(rest.trim_start())?;
    let rest = rest.trim_start().strip_prefix("tháng")?;
    let (month, rest) = leading_number(rest.trim_start())?;
    let rest = rest.trim_start().strip_prefix("năm")?;
    let (year, _) = leading_number(rest.trim_start())?;
    let valid = (1..=31).contains(&day) && (1..=12).contains(&month) && (1000..=9999).contains(&year);
    valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// "VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA THÀNH PHỐ HÀ NỘI NĂM\n2025" → "THÀNH PHỐ HÀ NỘI".
fn parse_title_province(lines: &[&str]) -> Result<String, String> {
    let start =
        lines.iter().position(|line| clean_markdown(line).starts_with("VỀ VIỆC")).ok_or("no title \"VỀ VIỆC ...\"")?;
    // The title runs to the next blank line.
    let title: Vec<&str> = lines[start..].iter().take_while(|line| !line.trim().is_empty()).copied().collect();
    let title = clean_markdown(&title.join(" "));
    let province = title
        .split_once(" CỦA ")
        .map(|(_, rest)| rest.split(" NĂM").next().unwrap_or(rest).trim().to_owned())
        .filter(|province| !province.is_empty())
        .ok_or_else(|| format!("line {}: title names no province: {title:?}", start + 1))?;
    Ok(province)
}

/// A clause as found in the text: where it starts and its raw lines joined by spaces.
struct Draft {
    article: u32,
    clause: u32,
    line: usize,
    raw: String,
}

/// Splits the body into clauses; also returns the heading of Article 1, cleaned.
fn split_articles(lines: &[&str]) -> Result<(Option<String>, Vec<Draft>), String> {
    let mut first_heading = None;
    let mut drafts: Vec<Draft> = Vec::new();
    let mut article: Option<u32> = None;
    // Whether the last clause is still open (lines before an article's first clause are its preamble).
    let mut in_clause = false;
    let mut next_clause = 1;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim();
        if let Some(number) = article_number(line) {
            // The heading is bold; it may wrap ("... Thành phố Hồ Chí\nMinh**").
            let start = i;
            let mut heading = line.to_owned();
            while heading.matches("**").count() < 2 {
                i += 1;
                match lines.get(i) {
                    Some(next) if i - start < 3 => {
                        heading.push(' ');
                        heading.push_str(next.trim());
                    }
                    _ => {
                        return Err(format!("line {}: unterminated heading of Điều {number}", start + 1));
                    }
                }
            }
            if number == 1 {
                first_heading = Some(clean_markdown(&heading));
            }
            article = Some(number);
            in_clause = false;
            next_clause = 1;
        } else if let Some(article) = article {
            // The body ends with the adoption line (in italics), then the signature table.
            if (line.starts_with('*') && clean_markdown(line).starts_with("Nghị quyết này được"))
                || line.starts_with('+')
                || line.starts_with('|')
                || line.starts_with("--")
            {
                break;
            }
            match clause_start(line) {
                Some((number, rest, _)) if number == next_clause => {
                    drafts.push(Draft { article, clause: number, line: i + 1, raw: rest.to_owned() });
                    in_clause = true;
                    next_clause += 1;
                }
                // "12\." can only be a clause number; a skipped or repeated one means a broken text.
                Some((number, _, true)) => {
                    return Err(format!(
                        "line {}: Điều {article}, khoản {number} where khoản {next_clause} was expected",
                        i + 1
                    ));
                }
                _ => {
                    // A wrapped line such as "113 Điều này thành ..." continues the open clause.
                    if let Some(draft) = drafts.last_mut().filter(|_| in_clause && !line.is_empty()) {
                        draft.raw.push(' ');
                        draft.raw.push_str(line);
                    }
                }
            }
        }
        i += 1;
    }
    Ok((first_heading, drafts))
}

/// "**Điều 1. Sắp xếp ..." → 1.
fn article_number(line: &str) -> Option<u32> {
    let rest = line.strip_prefix("**")?.trim_start().strip_prefix("Điều")?.trim_start();
    let (number, rest) = leading_number(rest)?;
    rest.starts_with('.').then_some(number)
}

/// "12\. Sắp xếp ..." or "12.Sắp xếp ..." → (12, "Sắp xếp ...", whether the dot was escaped).
fn clause_start(line: &str) -> Option<(u32, &str, bool)> {
    let (number, rest) = leading_number(line)?;
    let (escaped, rest) = match rest.strip_prefix('\\') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.strip_prefix('.')?;
    // "2.5" or "1.000" would be a number, not a clause.
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((number, rest.trim_start(), escaped))
}

/// Leading ASCII digits as a number, and the rest.
fn leading_number(text: &str) -> Option<(u32, &str)> {
    let end = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let number = text[..end].parse().ok()?;
    Some((number, &text[end..]))
}

/// Removes the Markdown of the converted files: `*`/`**` emphasis, backslash escapes (`\.`, `\-`) and
/// hard breaks (`\` before a space or at the end); turns every run of white space into one space.
fn clean_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(&next) = chars.peek().filter(|next| next.is_ascii_punctuation()) {
                    out.push(next);
                    chars.next();
                }
            }
            '*' => {}
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The units a clause of Article 1 establishes or keeps, from its cleaned text.
fn units_of(text: &str) -> Result<Vec<String>, String> {
    // "... thành xã mới có tên gọi là xã Phú Quới." / "... thành đặc khu có tên gọi là đặc khu Côn Đảo."
    if let Some((_, tail)) = text.rsplit_once("tên gọi") {
        let tail = tail.trim_start();
        let tail = tail.strip_prefix("là").ok_or_else(|| format!("no \"là\" after \"tên gọi\": {text:?}"))?;
        return Ok(vec![unit_at_end(tail)?]);
    }
    // The summary: "... và 06 xã không thực hiện sắp xếp là các xã Mỹ Hòa Hưng, ..., Tiên Hải."
    if text.starts_with("Sau khi sắp xếp") {
        return match text.split_once("không thực hiện sắp xếp là") {
            Some((_, list)) => unit_list(list),
            None => Ok(Vec::new()),
        };
    }
    // "Đổi tên xã Krông Na thành xã Buôn Đôn." / "... của xã A và xã B thành xã B."
    if (text.starts_with("Sắp xếp") || text.starts_with("Đổi tên"))
        && let Some(tail) = after_last_thanh_unit(text)
    {
        return Ok(vec![unit_at_end(tail)?]);
    }
    Ok(Vec::new())
}

/// The text after the last lowercase "thành" that is followed by a unit type ("thành xã", "thànhphường");
/// "thành phố" and "hình thành sau" do not qualify.
fn after_last_thanh_unit(text: &str) -> Option<&str> {
    text.match_indices("thành")
        .map(|(at, word)| text[at + word.len()..].trim_start())
        .filter(|tail| split_type(tail).is_some())
        .last()
}

/// " xã Phú Quới." → "xã Phú Quới"; tolerates a missing space ("xãQuảng Lâm").
fn unit_at_end(tail: &str) -> Result<String, String> {
    let tail = tail.trim().trim_end_matches('.').trim_end();
    let (unit_type, name) = split_type(tail).ok_or_else(|| format!("no unit type in {tail:?}"))?;
    check_name(name)?;
    Ok(format!("{unit_type} {name}"))
}

/// "phường Phước Tân, phường Tam Phước, các xã Thanh Sơn (huyện Định Quán), Đak Lua và Phú Lý." → one
/// unit per name; a bare name takes the type last written.
fn unit_list(list: &str) -> Result<Vec<String>, String> {
    let list = without_parentheses(list);
    let list = list.trim().trim_end_matches('.');
    let mut units = Vec::new();
    let mut current_type: Option<&str> = None;
    for item in list.split(',').flat_map(|item| item.split(" và ")) {
        let item = item.trim();
        let item = item.strip_prefix("các ").unwrap_or(item);
        if item.is_empty() {
            continue;
        }
        let (unit_type, name) = match split_type(item) {
            Some((unit_type, name)) => {
                current_type = Some(unit_type);
                (unit_type, name)
            }
            None => (current_type.ok_or_else(|| format!("no unit type before {item:?}"))?, item),
        };
        check_name(name)?;
        units.push(format!("{unit_type} {name}"));
    }
    Ok(units)
}

/// Splits a leading unit type off ("Phường 1 Bảo Lộc" → ("Phường", "1 Bảo Lộc")), keeping its case.
fn split_type(text: &str) -> Option<(&str, &str)> {
    for unit_type in UNIT_TYPES {
        // Upper and lower case of these letters have the same UTF-8 length, so the byte length fits both.
        let Some(prefix) = text.get(..unit_type.len()) else {
            continue;
        };
        if prefix.to_lowercase() != unit_type {
            continue;
        }
        let rest = &text[unit_type.len()..];
        // The name follows after a space or, where the space is missing, starts with a capital or digit.
        let starts_name =
            rest.starts_with(char::is_whitespace) || rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if starts_name {
            return Some((prefix, rest.trim_start()));
        }
    }
    None
}

/// A unit name starts with a capital or a digit and holds no list punctuation.
fn check_name(name: &str) -> Result<(), String> {
    let starts_well = name.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    if !starts_well || name.contains([',', ';', '(', ')']) {
        return Err(format!("{name:?} does not look like a unit name"));
    }
    Ok(())
}

/// Drops "(huyện Định Quán)" and the like: they qualify the old unit, not the name.
fn without_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0u32;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A resolution with the real header and the given Article 1 clauses (Markdown).
    fn document(title_province: &str, province: &str, clauses: &str) -> String {
        format!(
            "  ----------------------- -----------------------------------------------\n\
             \x20 **ỦY BAN THƯỜNG VỤ\\        **CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\\\n\
             \x20  Số: 1656/NQ-UBTVQH15         *Hà Nội, ngày 16 tháng 6 năm 2025*\n\
             \x20 ----------------------- -----------------------------------------------\n\
             \n\
             **NGHỊ QUYẾT**\n\
             \n\
             VỀ VIỆC SẮP XẾP CÁC ĐƠN VỊ HÀNH CHÍNH CẤP XÃ CỦA {title_province} NĂM\n\
             2025\n\
             \n\
             **QUYẾT NGHỊ:**\n\
             \n\
             **Điều 1. Sắp xếp các đơn vị hành chính cấp xã của {province}**\n\
             \n\
             Trên cơ sở Đề án số 369/ĐA-CP ngày 09 tháng 5 năm 2025 của Chính phủ, Ủy ban Thường vụ Quốc hội\n\
             quyết định sắp xếp để thành lập các đơn vị hành chính cấp xã như sau:\n\
             \n\
             {clauses}\n\
             \n\
             **Điều 2. Hiệu lực thi hành**\n\
             \n\
             1\\. Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.\n\
             \n\
             *Nghị quyết này được Ủy ban Thường vụ Quốc hội nước Cộng hòa xã hội chủ\n\
             nghĩa Việt Nam khóa XV thông qua ngày 16 tháng 6 năm 2025.*\n\
             \n\
             +-----------------------------+\n\
             | - Lưu: HC, PLTP.            |\n"
        )
    }

    fn parse_clauses(clauses: &str) -> Resolution {
        parse(&document("THÀNH PHỐ HÀ NỘI", "thành phố Hà Nội", clauses)).unwrap()
    }

    #[test]
    fn parses_the_header() {
        let resolution = parse_clauses("1\\. Sắp xếp toàn bộ của xã A thành xã mới có tên gọi là **xã Bình An**.");
        assert_eq!(resolution.number, "1656/NQ-UBTVQH15");
        assert_eq!(resolution.date, "2025-06-16");
        assert_eq!(resolution.province, "thành phố Hà Nội");
        let articles: Vec<(u32, u32)> = resolution.clauses.iter().map(|c| (c.article, c.clause)).collect();
        assert_eq!(articles, [(1, 1), (2, 1)]);
        assert_eq!(resolution.clauses[1].text, "Nghị quyết này có hiệu lực thi hành từ ngày được thông qua.");
        assert!(resolution.clauses[1].units.is_empty());
    }

    #[test]
    fn reads_a_wrapped_clause_with_bold_across_the_break() {
        let resolution = parse_clauses(
            "1\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường\n\
             Hàng Bạc, Hàng Bồ thành phường mới có tên gọi **là phường\n\
             Hoàn Kiếm**.\n\
             \n\
             2\\. Sắp xếp phần còn lại của phường Hàng Bồ sau khi sắp xếp theo quy định tại khoản\n\
             1 Điều này thành phường mới có tên gọi là **phường Cửa Nam**.",
        );
        let first = &resolution.clauses[0];
        assert_eq!(first.units, ["phường Hoàn Kiếm"]);
        assert_eq!(
            first.text,
            "Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của các phường Hàng Bạc, Hàng Bồ \
             thành phường mới có tên gọi là phường Hoàn Kiếm."
        );
        // "1 Điều này" at the start of a line is a wrap, not clause 1.
        assert_eq!(resolution.clauses[1].clause, 2);
        assert!(resolution.clauses[1].text.contains("khoản 1 Điều này"));
        assert_eq!(resolution.clauses[1].units, ["phường Cửa Nam"]);
    }

    #[test]
    fn tolerates_unescaped_numbers_missing_spaces_and_decomposed_accents() {
        let decomposed: String = "xã Quảng Lâm".nfd().collect();
        let resolution = parse_clauses(&format!(
            "1.Sắp xếptoàn bộ của xã A thành xã mới có tên gọilà**{decomposed}**.\n\
             \u{a0}2. Sắp xếp toàn bộ của Phường 1 thànhphường mới có tên gọi là **Phường\n\
             1 Bảo Lộc**."
        ));
        assert_eq!(resolution.clauses[0].units, ["xã Quảng Lâm"]);
        assert!(shared::engine::normalize::is_nfc(&resolution.clauses[0].text));
        assert_eq!(resolution.clauses[1].units, ["Phường 1 Bảo Lộc"]);
    }

    #[test]
    fn reads_a_special_zone() {
        let resolution = parse_clauses(
            "1\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của huyện Côn Đảo thành đặc khu có\n\
             tên gọi là **đặc khu Côn Đảo**.",
        );
        assert_eq!(resolution.clauses[0].units, ["đặc khu Côn Đảo"]);
    }

    #[test]
    fn reads_renames_and_merges_into_an_existing_name() {
        let resolution = parse_clauses(
            "1\\. Sắp xếp toàn bộ diện tích tự nhiên, quy mô dân số của xã Ninh Thạnh Lợi A và xã\n\
             Ninh Thạnh Lợi thành xã Ninh Thạnh Lợi.\n\
             \n\
             2\\. Đổi tên xã Krông Na thành xã Buôn Đôn.",
        );
        assert_eq!(resolution.clauses[0].units, ["xã Ninh Thạnh Lợi"]);
        assert_eq!(resolution.clauses[1].units, ["xã Buôn Đôn"]);
    }

    #[test]
    fn reads_the_units_kept_unchanged_from_the_summary() {
        let resolution = parse_clauses(
            "1\\. Sắp xếp toàn bộ của xã A thành xã mới có tên gọi là **xã Bình An**.\n\
             \n\
             2\\. Sau khi sắp xếp, tỉnh Đồng Nai có 95 đơn vị hành chính cấp xã, gồm 72 xã và 23\n\
             phường; trong đó có 67 xã, 21 phường hình thành sau sắp xếp quy định tại Điều này và 07\n\
             đơn vị hành chính cấp xã không thực hiện sắp xếp là phường Phước Tân, phường Tam\n\
             Phước, các xã Thanh Sơn (huyện Định Quán), Đak Lua,Phú Lý và Đăk Ơ.",
        );
        assert_eq!(
            resolution.clauses[1].units,
            ["phường Phước Tân", "phường Tam Phước", "xã Thanh Sơn", "xã Đak Lua", "xã Phú Lý", "xã Đăk Ơ"]
        );
        let summary = parse_clauses(
            "1\\. Sắp xếp toàn bộ của xã A thành xã mới có tên gọi là **xã Bình An**.\n\
             2\\. Sau khi sắp xếp, thành phố Hà Nội có 126 đơn vị hành chính cấp xã, gồm 51 phường và 75 xã.",
        );
        assert!(summary.clauses[1].units.is_empty());
    }

    #[test]
    fn rejects_broken_texts() {
        let skipped = document(
            "THÀNH PHỐ HÀ NỘI",
            "thành phố Hà Nội",
            "1\\. Sắp xếp xã A thành xã mới có tên gọi là xã B.\n3\\. Sắp xếp xã C thành xã mới có tên gọi là xã D.",
        );
        assert!(parse(&skipped).unwrap_err().contains("khoản 3 where khoản 2 was expected"));
        let unreadable = document("THÀNH PHỐ HÀ NỘI", "thành phố Hà Nội", "1\\. Sắp xếp xã A vào một đơn vị khác.");
        assert!(parse(&unreadable).unwrap_err().contains("establishes no unit"));
        let twice = document(
            "THÀNH PHỐ HÀ NỘI",
            "thành phố Hà Nội",
            "1\\. Sắp xếp xã A thành xã mới có tên gọi là xã B.\n2\\. Sắp xếp xã C thành xã mới có tên gọi là xã B.",
        );
        assert!(parse(&twice).unwrap_err().contains("both khoản 1 and khoản 2"));
        let other_province = document("TỈNH CÀ MAU", "thành phố Hà Nội", "1\\. Sắp xếp xã A thành xã B.");
        assert!(parse(&other_province).unwrap_err().contains("title names"));
        assert!(parse("").is_err());
    }

    fn pair(code: &str, name: &str) -> (String, String) {
        (code.to_owned(), name.to_owned())
    }

    fn commune(code: &str, province: &str, name: &str) -> (String, String, String) {
        (code.to_owned(), province.to_owned(), name.to_owned())
    }

    #[test]
    fn legal_bases_match_by_province_and_folded_name() {
        let hanoi = parse_clauses("1\\. Sắp xếp xã A thành xã mới có tên gọi là **xã Tân Hoà**.");
        let mut camau = hanoi.clone();
        camau.number = "1655/NQ-UBTVQH15".into();
        camau.province = "tỉnh Cà Mau".into();
        camau.clauses[0].clause = 7;
        let provinces = [pair("01", "Thành phố Hà Nội"), pair("96", "Tỉnh Cà Mau")];
        let communes =
            [commune("1", "01", "Xã Tân Hòa"), commune("2", "96", "Xã Tân Hòa"), commune("3", "96", "Xã Khác")];
        let found = legal_bases(&[hanoi, camau], &provinces, &communes).unwrap();
        assert_eq!(found.bases["1"].resolution, "1656/NQ-UBTVQH15");
        assert_eq!(found.bases["1"].article, "Điều 1, khoản 1");
        assert_eq!(found.bases["2"].resolution, "1655/NQ-UBTVQH15");
        assert_eq!(found.bases["2"].article, "Điều 1, khoản 7");
        assert_eq!(found.bases["3"].resolution, "1655/NQ-UBTVQH15");
        assert_eq!(found.bases["3"].date, "2025-06-16");
        assert_eq!(found.bases["3"].article, "");
        assert_eq!(found.unmatched, ["3"]);
    }

    #[test]
    fn legal_bases_need_exactly_one_resolution_per_province() {
        let hanoi = parse_clauses("1\\. Sắp xếp xã A thành xã mới có tên gọi là **xã Tân Hòa**.");
        let none = legal_bases(std::slice::from_ref(&hanoi), &[pair("96", "Tỉnh Cà Mau")], &[]);
        assert!(none.unwrap_err().contains("no resolution"));
        let two = legal_bases(&[hanoi.clone(), hanoi.clone()], &[pair("01", "Thành phố Hà Nội")], &[]);
        assert!(two.unwrap_err().contains("several resolutions"));
        let unknown = legal_bases(&[hanoi], &[], &[commune("1", "01", "Xã Tân Hòa")]);
        assert!(unknown.unwrap_err().contains("unknown province code 01"));
    }

    /// All 34 vendored resolutions against the NSO list of the 3,321 new communes.
    #[test]
    fn every_new_commune_has_its_clause() {
        let sources = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/sources");
        let mut resolutions = Vec::new();
        for number in 1654..=1687 {
            let path = sources.join(format!("dvhcvn-20250701/resolutions/{number}_NQ-UBTVQH15.md"));
            let text = std::fs::read_to_string(&path).unwrap();
            let resolution = parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(resolution.number, format!("{number}/NQ-UBTVQH15"));
            // Signed the day it was adopted: the closing line says so too.
            assert_eq!(resolution.date, "2025-06-16", "{number}");
            let text = clean_markdown(&text.nfc().collect::<String>());
            let (_, adopted) = text.split_once("thông qua ngày").unwrap();
            assert_eq!(parse_date(&format!("ngày{adopted}")).unwrap(), "2025-06-16", "{number}");
            let in_article = |article| resolution.clauses.iter().filter(|c| c.article == article).count();
            assert_eq!((in_article(2), in_article(3)), (3, 3), "{number}");
            // The summary's total equals the units found, so no clause was missed.
            let units: usize = resolution.clauses.iter().map(|c| c.units.len()).sum();
            let summary = resolution.clauses.iter().find(|c| c.text.starts_with("Sau khi sắp xếp")).unwrap();
            let (_, stated) = summary.text.split_once(" có ").unwrap();
            assert_eq!(leading_number(stated).unwrap().0 as usize, units, "{number}: {}", summary.text);
            resolutions.push(resolution);
        }

        let mut provinces: BTreeMap<String, String> = BTreeMap::new();
        let mut communes: BTreeMap<String, (String, String)> = BTreeMap::new();
        let path = sources.join("nso/conversion-2025-07-01.csv");
        let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(&path).unwrap();
        for record in reader.records().skip(2) {
            let record = record.unwrap();
            let (province, name, code) = (&record[0], &record[1], record.get(2).unwrap_or_default());
            if code.trim().is_empty() {
                continue; // banner row
            }
            // "Thành phố Hà Nội (01)"
            let (province_name, province_code) = province.trim().trim_end_matches(')').rsplit_once(" (").unwrap();
            provinces.insert(province_code.to_owned(), province_name.to_owned());
            communes.insert(code.trim().to_owned(), (province_code.to_owned(), name.trim().to_owned()));
        }
        assert_eq!(provinces.len(), 34);
        assert_eq!(communes.len(), 3321);

        let provinces: Vec<(String, String)> = provinces.into_iter().collect();
        let communes: Vec<(String, String, String)> =
            communes.into_iter().map(|(code, (province, name))| (code, province, name)).collect();
        let found = legal_bases(&resolutions, &provinces, &communes).unwrap();
        assert_eq!(found.bases.len(), 3321);
        assert_eq!(found.unmatched, Vec::<String>::new());
        // One commune per unit named: no two communes took the same clause's unit.
        let mut per_clause: HashMap<(&str, &str), usize> = HashMap::new();
        for basis in found.bases.values() {
            *per_clause.entry((&basis.resolution, &basis.article)).or_default() += 1;
        }
        for resolution in &resolutions {
            for clause in resolution.clauses.iter().filter(|c| !c.units.is_empty()) {
                let article = format!("Điều {}, khoản {}", clause.article, clause.clause);
                let count = per_clause.get(&(resolution.number.as_str(), article.as_str())).copied();
                assert_eq!(count, Some(clause.units.len()), "{} {article}", resolution.number);
            }
        }

        let basis = &found.bases["00070"]; // Phường Hoàn Kiếm
        assert_eq!(basis.resolution, "1656/NQ-UBTVQH15");
        assert_eq!(basis.date, "2025-06-16");
        assert_eq!(basis.article, "Điều 1, khoản 1");
        assert!(basis.text.ends_with("thành phường mới có tên gọi là phường Hoàn Kiếm."));
        // Đồng Nai has both Xã Lộc Thành and Xã Lộc Thạnh, equal once folded.
        assert_eq!(found.bases["25294"].article, "Điều 1, khoản 43");
        assert_eq!(found.bases["25280"].article, "Điều 1, khoản 47");
        // Kept without rearrangement: named in the summary clause.
        assert_eq!(found.bases["26209"].resolution, "1662/NQ-UBTVQH15"); // Xã Thanh Sơn (huyện Định Quán)
        assert_eq!(found.bases["26209"].article, "Điều 1, khoản 89");
        // A special zone, and the renamed Xã Buôn Đôn.
        assert_eq!(found.bases["26732"].article, "Điều 1, khoản 163"); // Đặc khu Côn Đảo
        assert_eq!(found.bases["24235"].resolution, "1660/NQ-UBTVQH15");
        assert_eq!(found.bases["24235"].text, "Đổi tên xã Krông Na thành xã Buôn Đôn.");
    }
}
