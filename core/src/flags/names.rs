//! Flag names: Rails `underscore` normalisation of vets-api names, and the name rules shared by
//! configuration and overrides.

/// Rails `String#underscore` as vets-api applies it (`name.underscore`):
/// `([A-Z\d]+)([A-Z][a-z])` → `\1_\2`, then `([a-z\d])([A-Z])` → `\1_\2`, `-` → `_`, downcase.
/// Leading/trailing whitespace is trimmed first (a real `featureFlagNames.json` has a trailing tab).
pub fn underscore(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    let step1 = split_acronym_runs(&chars);
    let mut out = String::with_capacity(step1.len() + 8);
    let mut prev: Option<char> = None;
    for &c in &step1 {
        if let Some(p) = prev {
            if (p.is_ascii_lowercase() || p.is_ascii_digit()) && c.is_ascii_uppercase() {
                out.push('_');
                // The uppercase char was consumed by this match; it can never start another.
                prev = None;
                push_lower(&mut out, c);
                continue;
            }
        }
        prev = Some(c);
        push_lower(&mut out, c);
    }
    out
}

fn push_lower(out: &mut String, c: char) {
    if c == '-' {
        out.push('_');
    } else {
        out.extend(c.to_lowercase());
    }
}

/// First substitution: in every maximal run of `[A-Z0-9]` of length ≥ 2 whose last char is an
/// uppercase letter followed by a lowercase letter, insert `_` before that last char
/// (the only place the greedy, backtracking regex can match).
fn split_acronym_runs(chars: &[char]) -> Vec<char> {
    let in_run = |c: &char| c.is_ascii_uppercase() || c.is_ascii_digit();
    let mut out = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while chars.get(i).is_some_and(in_run) {
            i += 1;
        }
        let run = chars.get(start..i).unwrap_or_default();
        if run.is_empty() {
            out.extend(chars.get(i));
            i += 1;
            continue;
        }
        let splits = run.len() >= 2
            && run.last().is_some_and(|c| c.is_ascii_uppercase())
            && chars.get(i).is_some_and(|c| c.is_ascii_lowercase());
        if let Some((last, head)) = run.split_last().filter(|_| splits) {
            out.extend_from_slice(head);
            out.push('_');
            out.push(*last);
        } else {
            out.extend_from_slice(run);
        }
    }
    out
}

/// Longest flag name a QA override accepts.
pub const MAX_OVERRIDE_NAME_LEN: usize = 100;

/// `[a-z0-9_]{1,100}`: the names overrides and snake_case configuration accept.
pub fn is_snake_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_OVERRIDE_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests;
