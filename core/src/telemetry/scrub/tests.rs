//! The PII corpus through both scrubbers, judged by an independent, deliberately simpler checker;
//! and the event-level pass.
use super::*;
use crate::telemetry::event::Common;

/// Why `s` still looks like PII, if it does. Independent of the scrubber: percent-decodes,
/// removes whitespace/separators and counts digits, looks for `x@y` and numeric/month dates.
fn pii_shape(s: &str) -> Option<String> {
    let mut text = s.to_string();
    for _ in 0..3 {
        text = decode(&text);
    }
    let compact: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact
        .windows(3)
        .any(|w| (w[1] == '@' || w[1] == '＠') && w[0].is_alphanumeric() && w[2].is_alphanumeric())
    {
        return Some(format!("email in {text:?}"));
    }
    let mut run = 0;
    for c in text
        .chars()
        .filter(|c| !" \t-./()+\u{a0}\u{2013}\u{2014}".contains(*c))
    {
        run = if c.is_numeric() { run + 1 } else { 0 };
        if run >= 9 {
            return Some(format!("nine digits in {text:?}"));
        }
    }
    let groups = numeric_groups(&text);
    for g in groups.windows(3) {
        let (a, b, c) = (g[0], g[1], g[2]);
        if ((a <= 2 && b <= 2 && (c == 2 || c == 4)) || (a == 4 && b <= 2 && c <= 2))
            && a > 0
            && b > 0
        {
            return Some(format!("numeric date in {text:?}"));
        }
    }
    let lower = text.to_lowercase();
    for m in [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ] {
        for (i, _) in lower.match_indices(m) {
            let after: String = lower[i..].chars().skip(3).take(10).collect();
            if after.chars().any(|c| c.is_ascii_digit()) {
                return Some(format!("month date in {text:?}"));
            }
        }
    }
    None
}

/// Lengths of digit groups separated by exactly one of `/ - .`; other chars start a new list (0).
fn numeric_groups(s: &str) -> Vec<usize> {
    let mut groups = vec![0];
    let mut prev_sep = false;
    for c in s.chars() {
        if c.is_numeric() {
            *groups.last_mut().unwrap() += 1;
            prev_sep = false;
        } else if "/-.".contains(c) && !prev_sep && *groups.last().unwrap() > 0 {
            groups.push(0);
            prev_sep = true;
        } else {
            groups.push(0);
            groups.push(0);
            prev_sep = false;
        }
    }
    groups
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) =
                u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16)
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn checker_catches_raw_corpus() {
    let corpus = include_str!("testdata/pii_corpus.txt");
    let lines: Vec<&str> = corpus.lines().collect();
    assert!(lines.len() >= 200, "only {} corpus lines", lines.len());
    for line in &lines {
        assert!(pii_shape(line).is_some(), "checker misses {line:?}");
    }
}

#[test]
fn pii_corpus_comes_out_clean() {
    let allow = vec!["q".to_string(), "email".to_string()];
    for line in include_str!("testdata/pii_corpus.txt").lines() {
        let text = scrub_text(line);
        assert_eq!(pii_shape(&text), None, "scrub_text({line:?}) = {text:?}");
        let path = scrub_path(line, &allow);
        assert_eq!(pii_shape(&path), None, "scrub_path({line:?}) = {path:?}");
    }
}

fn common() -> Common {
    Common {
        id: "e1".into(),
        time_ms: 1.0,
        session_id: "s1".into(),
        path: "/thread/123456/?email=a@b.com".into(),
        flow: Some("curated".into()),
        context_flags: vec![
            ("mhv_flag".into(), true),
            ("bad key!".into(), false),
            ("".into(), true),
        ],
    }
}

#[test]
fn event_pass_scrubs_and_allow_lists() {
    let attrs = vec![
        ("va_rollout.attr.count".to_string(), AttrValue::Int(3)),
        (
            "va_rollout.attr.status".to_string(),
            AttrValue::Str("fail 202-555-0143".into()),
        ),
        (
            "va_rollout.attr.label".to_string(),
            AttrValue::Str("Jane Doe".into()),
        ),
        (
            "va_rollout.previous_path".to_string(),
            AttrValue::Str("/x/987654/".into()),
        ),
        ("user.email".to_string(), AttrValue::Str("a@b.com".into())),
    ];
    let event = common().event(EventKind::Action, "Loaded for jane@va.gov", attrs);
    let policy = ScrubPolicy {
        query_allow: vec![],
        attribute_allow: vec!["status".into()],
    };
    let out = scrub_event(event, &policy);
    assert_eq!(out.name, "Loaded for [redacted]");
    assert_eq!(out.path, "/thread/:id/");
    assert_eq!(
        out.context_flags,
        vec![
            ("mhv_flag".to_string(), true),
            ("badkey".to_string(), false)
        ]
    );
    let keys: Vec<&str> = out.attrs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["va_rollout.attr.count", "va_rollout.attr.status"]);
    assert_eq!(
        out.attr("va_rollout.attr.status"),
        Some(&AttrValue::Str("fail [redacted]".into()))
    );
    assert_eq!(scrub_event(out.clone(), &policy), out);
}

#[test]
fn path_attributes_are_path_scrubbed() {
    let attrs = vec![(
        "va_rollout.previous_path".to_string(),
        AttrValue::Str("/x/987654/?a=1".into()),
    )];
    let out = scrub_event(
        common().event(EventKind::PageView, "/y/42/", attrs),
        &ScrubPolicy::default(),
    );
    assert_eq!(out.name, "/y/:id/");
    assert_eq!(
        out.attr("va_rollout.previous_path"),
        Some(&AttrValue::Str("/x/:id/".into()))
    );
}
