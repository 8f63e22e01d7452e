//! Free-text scrubbing: emails, SSNs, phone numbers, dates of birth and long digit runs become
//! [`REDACTED`]; the result is capped at [`MAX_STRING_LEN`] chars. Hand-written scanning, no regex.
//!
//! Every detector is *prefix-monotone*: if a prefix of a string would be flagged, so is the whole.
//! So truncating a scrubbed string never exposes a new match, and [`scrub_text`] is idempotent.

/// Longest string value sent, in chars (truncated on a char boundary after scrubbing).
pub const MAX_STRING_LEN: usize = 256;
/// Chars scanned; the rest is cut before scrubbing (redaction only lengthens, so the cut point
/// always lies past [`MAX_STRING_LEN`] in the output).
pub const MAX_SCAN_LEN: usize = 4 * MAX_STRING_LEN;
/// The replacement for every detected span.
pub const REDACTED: &str = "[redacted]";
/// Digit groups joined by separators whose digits add up to this many are redacted
/// (SSN 3-2-4 and nine-digit runs; phones 3-3-4, +1 and ten-digit runs; card and account numbers).
pub const MIN_REDACTED_DIGITS: usize = 9;
/// Longest run of separator chars (`space - . / ( ) +`) that still joins two digit groups.
pub const MAX_SEPARATOR_RUN: usize = 3;

/// Percent-decoding rounds applied when looking for encoded PII (`john%40x.com`, `%252540`).
pub const MAX_DECODE_ROUNDS: usize = 3;

/// Scrubs `s` and caps it at [`MAX_STRING_LEN`] chars. A string whose PII shows only once
/// percent-decoded becomes [`REDACTED`] as a whole.
pub fn scrub_text(s: &str) -> String {
    let out = scan_and_redact(s);
    if out.contains('%') && contains_pii(&out) {
        return REDACTED.to_string();
    }
    out
}

fn scan_and_redact(s: &str) -> String {
    if !may_hold_pii(s.chars().take(MAX_SCAN_LEN)) {
        return truncate_chars(s, MAX_STRING_LEN).to_string();
    }
    let chars: Vec<char> = s.chars().take(MAX_SCAN_LEN).collect();
    let marks = pii_marks(&chars);
    let mut out = String::with_capacity(s.len().min(MAX_STRING_LEN * 4));
    let mut in_span = false;
    for (c, marked) in chars.iter().zip(&marks) {
        match (*marked, in_span) {
            (true, false) => out.push_str(REDACTED),
            (false, _) => out.push(*c),
            (true, true) => {}
        }
        in_span = *marked;
    }
    truncate_chars(&out, MAX_STRING_LEN).to_string()
}

/// True when `s`, or `s` percent-decoded up to [`MAX_DECODE_ROUNDS`] times, holds PII.
pub fn contains_pii(s: &str) -> bool {
    let s = truncate_chars(s, MAX_SCAN_LEN);
    if !s.contains('%') && !may_hold_pii(s.chars()) {
        return false;
    }
    let mut text = s.to_string();
    for _ in 0..=MAX_DECODE_ROUNDS {
        let chars: Vec<char> = text.chars().collect();
        if pii_marks(&chars).iter().any(|m| *m) {
            return true;
        }
        match percent_decode(&text) {
            Some(decoded) => text = decoded,
            None => return false,
        }
    }
    false
}

/// Decodes `%XX` escapes; `None` when there is none. Invalid UTF-8 becomes U+FFFD.
pub fn percent_decode(s: &str) -> Option<String> {
    if !s.contains('%') {
        return None;
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let (mut i, mut decoded) = (0, false);
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                decoded = true;
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    decoded.then(|| String::from_utf8_lossy(&out).into_owned())
}

/// The longest prefix of `s` with at most `max` chars.
pub fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((byte, _)) => s.get(..byte).unwrap_or(s),
        None => s,
    }
}

/// Fewest digits of a marked digit chain: a date shape `d d dd` (see [`is_date_shape`]); the
/// other chains need 8 or [`MIN_REDACTED_DIGITS`].
const MIN_CHAIN_DIGITS: usize = 4;
/// Fewest digits of a month-name date: a one-digit day and a two-digit year.
const MIN_MONTH_DATE_DIGITS: usize = 3;

/// The at-signs and digits in `chars`: each detector needs one or the other (emails an at-sign,
/// digit chains [`MIN_CHAIN_DIGITS`], month dates [`MIN_MONTH_DATE_DIGITS`]), so most text is
/// cleared by this one pass without running them.
fn signals(chars: impl Iterator<Item = char>) -> (bool, usize) {
    chars.fold((false, 0), |(at, digits), c| {
        (at || is_at(c), digits + usize::from(is_digit(c)))
    })
}

/// False when no detector can mark anything in `chars` (exact, see [`signals`]).
fn may_hold_pii(chars: impl Iterator<Item = char>) -> bool {
    let (at, digits) = signals(chars);
    at || digits >= MIN_MONTH_DATE_DIGITS.min(MIN_CHAIN_DIGITS)
}

/// One mark per char: true where the char belongs to a detected span.
fn pii_marks(chars: &[char]) -> Vec<bool> {
    let mut marks = vec![false; chars.len()];
    let (at, digits) = signals(chars.iter().copied());
    if at {
        mark_emails(chars, &mut marks);
    }
    if digits >= MIN_CHAIN_DIGITS {
        mark_digit_chains(chars, &mut marks);
    }
    if digits >= MIN_MONTH_DATE_DIGITS {
        mark_month_dates(chars, &mut marks);
    }
    marks
}

fn mark(marks: &mut [bool], start: usize, end: usize) {
    for m in marks.iter_mut().take(end).skip(start) {
        *m = true;
    }
}

fn is_digit(c: char) -> bool {
    c.is_numeric()
}

fn is_at(c: char) -> bool {
    c == '@' || c == '\u{FF20}'
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '-' | '.' | '/' | '(' | ')' | '+' | '\u{a0}' | '\u{2010}'
            ..='\u{2015}' | '\u{2212}'
    )
}

/// `local @ domain`, with any whitespace around the `@`; both sides need an alphanumeric.
fn mark_emails(chars: &[char], marks: &mut [bool]) {
    for (at, c) in chars.iter().enumerate() {
        if !is_at(*c) {
            continue;
        }
        let mut left = at;
        while left > 0 && chars[left - 1].is_whitespace() {
            left -= 1;
        }
        let local_end = left;
        while left > 0 && is_local_char(chars[left - 1]) {
            left -= 1;
        }
        let mut right = at + 1;
        while right < chars.len() && chars[right].is_whitespace() {
            right += 1;
        }
        let domain_start = right;
        while right < chars.len() && is_domain_char(chars[right]) {
            right += 1;
        }
        let has_alnum = |a: usize, b: usize| chars[a..b].iter().any(|c| c.is_alphanumeric());
        if has_alnum(left, local_end) && has_alnum(domain_start, right) {
            mark(marks, left, right);
        }
    }
}

/// Maximal chains of digit groups joined by short separator runs. Redacted when the digits add up
/// to [`MIN_REDACTED_DIGITS`], when three consecutive groups are shaped like a numeric date, or
/// when a group is a compact eight-digit date.
fn mark_digit_chains(chars: &[char], marks: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if !is_digit(chars[i]) {
            i += 1;
            continue;
        }
        let mut groups: Vec<usize> = Vec::new();
        let mut compact_date = false;
        let start = i;
        let mut end;
        loop {
            let group_start = i;
            while i < chars.len() && is_digit(chars[i]) {
                i += 1;
            }
            groups.push(i - group_start);
            compact_date |= is_compact_date(&chars[group_start..i]);
            end = i;
            let mut k = i;
            while k < chars.len() && k - i < MAX_SEPARATOR_RUN && is_separator(chars[k]) {
                k += 1;
            }
            if k > i && k < chars.len() && is_digit(chars[k]) {
                i = k;
            } else {
                break;
            }
        }
        let total: usize = groups.iter().sum();
        if total >= MIN_REDACTED_DIGITS
            || compact_date
            || groups.windows(3).any(|w| is_date_shape(w[0], w[1], w[2]))
        {
            mark(marks, start, end);
        }
        i = end;
    }
}

/// `d{1,2} d{1,2} d{2,}` (01/02/1980, 1-2-80) or `d{4} d{1,2} d{1,}` (1980-01-02).
/// The last group is open-ended so that the detector stays prefix-monotone.
fn is_date_shape(a: usize, b: usize, c: usize) -> bool {
    let short = |n: usize| (1..=2).contains(&n);
    (short(a) && short(b) && c >= 2) || (a == 4 && short(b) && c >= 1)
}

/// Eight ASCII digits reading as a plausible `YYYYMMDD` or `MMDDYYYY` date (years 1900–2099).
/// Longer runs are already caught by [`MIN_REDACTED_DIGITS`], so this stays prefix-monotone.
fn is_compact_date(group: &[char]) -> bool {
    let digits: Option<Vec<u32>> = group.iter().map(|c| c.to_digit(10)).collect();
    let Some(d) = digits.filter(|d| d.len() == 8) else {
        return false;
    };
    let num =
        |r: core::ops::Range<usize>| d.get(r).map_or(0, |s| s.iter().fold(0, |n, x| n * 10 + x));
    let plausible = |y: u32, m: u32, day: u32| {
        (1900..=2099).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&day)
    };
    plausible(num(0..4), num(4..6), num(6..8)) || plausible(num(4..8), num(0..2), num(2..4))
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A word ending in a month name: at least its first three letters (`Jan`, `Sept`, `prefixJanuary`),
/// so that glued text is caught too.
fn is_month(word: &[char]) -> bool {
    let lower: String = word.iter().flat_map(|c| c.to_lowercase()).collect();
    lower.ends_with("sept")
        || MONTHS
            .iter()
            .any(|m| (3..=m.len()).any(|k| m.get(..k).is_some_and(|p| lower.ends_with(p))))
}

fn skip_while(chars: &[char], mut i: usize, max: usize, pred: impl Fn(char) -> bool) -> usize {
    let start = i;
    while i < chars.len() && i - start < max && pred(chars[i]) {
        i += 1;
    }
    i
}

fn is_date_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '-' | '/' | '.')
}

/// Index after an ordinal suffix (`st`, `nd`, `rd`, `th`) at `i`, or `i`.
fn skip_ordinal(chars: &[char], i: usize) -> usize {
    let pair: String = chars
        .iter()
        .skip(i)
        .take(2)
        .flat_map(|c| c.to_lowercase())
        .collect();
    if matches!(pair.as_str(), "st" | "nd" | "rd" | "th") {
        i + 2
    } else {
        i
    }
}

/// Digit run at `i` whose length is in `min..=max` (the run is maximal). Returns its end.
fn digit_run(chars: &[char], i: usize, min: usize, max: usize) -> Option<usize> {
    let end = skip_while(chars, i, usize::MAX, is_digit);
    (end - i >= min && end - i <= max).then_some(end)
}

/// `Jan 2, 1980`, `January 2nd 1980`, `2 Jan 1980`, `2-Jan-80`: month words next to a day and a
/// year of two or more digits.
fn mark_month_dates(chars: &[char], marks: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphabetic() {
            i += 1;
            continue;
        }
        let word_start = i;
        while i < chars.len() && chars[i].is_alphabetic() {
            i += 1;
        }
        if !is_month(&chars[word_start..i]) {
            continue;
        }
        let after_word = skip_while(chars, i, MAX_SEPARATOR_RUN, is_date_separator);
        // Month day year.
        if let Some(day_end) = digit_run(chars, after_word, 1, 2) {
            let year_start = skip_while(
                chars,
                skip_ordinal(chars, day_end),
                MAX_SEPARATOR_RUN,
                is_date_separator,
            );
            if let Some(year_end) = digit_run(chars, year_start, 2, usize::MAX) {
                mark(marks, word_start, year_end);
            }
        }
        // Day month year.
        if let Some(year_end) = digit_run(chars, after_word, 2, usize::MAX) {
            if let Some(day_start) = day_before(chars, word_start) {
                mark(marks, day_start, year_end);
            }
        }
    }
}

/// Start of a 1–2 digit day (optionally with an ordinal suffix) just before `word_start`.
fn day_before(chars: &[char], word_start: usize) -> Option<usize> {
    let mut j = word_start;
    while j > 0 && word_start - j < MAX_SEPARATOR_RUN && is_date_separator(chars[j - 1]) {
        j -= 1;
    }
    if j == word_start {
        return None;
    }
    if j >= 2 && chars[j - 1].is_alphabetic() {
        let suffix: String = chars[j - 2..j]
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect();
        if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
            j -= 2;
        }
    }
    let day_end = j;
    while j > 0 && is_digit(chars[j - 1]) {
        j -= 1;
    }
    (1..=2).contains(&(day_end - j)).then_some(j)
}

#[cfg(test)]
mod tests;
