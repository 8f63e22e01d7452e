//! The line-based text formats of the seeds (readable, and total: any bytes parse to something).

/// The input as text (invalid UTF-8 replaced).
pub fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// `line` split on tabs into exactly `n` fields (missing ones empty, extra ones kept in the last).
pub fn fields(line: &str, n: usize) -> Vec<&str> {
    let mut out: Vec<&str> = line.splitn(n.max(1), '\t').collect();
    out.resize(n.max(1), "");
    out
}

/// The input split at the first `sep` byte: (before, after). `after` is empty without one.
pub fn split_at_byte(data: &[u8], sep: u8) -> (&[u8], &[u8]) {
    match data.iter().position(|b| *b == sep) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_pad_and_keep_rest() {
        assert_eq!(fields("a\tb", 3), vec!["a", "b", ""]);
        assert_eq!(fields("a\tb\tc\td", 3), vec!["a", "b", "c\td"]);
        assert_eq!(split_at_byte(b"ab\xffcd", 0xff), (&b"ab"[..], &b"cd"[..]));
    }
}
