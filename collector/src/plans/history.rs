//! The plan's history from its audit trail: the percentage over time and the time span each
//! stage ran. Pure (used by the plan page and the Results blocks).

use super::store::AuditEntry;

/// One run of a stage: `[from_ms, to_ms)` at `stage` (`None` = 0 %).
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub stage: Option<usize>,
    pub percentage: f64,
    pub from_ms: i64,
    pub to_ms: i64,
}

/// The spans of the percentage, from every audited toggle change (a kill drops to 0 %).
pub fn spans(audit: &[AuditEntry], now: i64) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for e in audit {
        let (stage, pct) = match e.action.as_str() {
            "set_percentage" => (
                e.stage.and_then(|s| usize::try_from(s).ok()),
                e.percentage.unwrap_or(0.0),
            ),
            "kill" => (None, 0.0),
            _ => continue,
        };
        if let Some(last) = out.last_mut() {
            last.to_ms = e.time_ms;
        }
        out.push(Span {
            stage,
            percentage: pct,
            from_ms: e.time_ms,
            to_ms: now.max(e.time_ms),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(action: &str, t: i64, stage: Option<i64>, pct: f64) -> AuditEntry {
        AuditEntry {
            id: 0,
            time_ms: t,
            actor: "runner".into(),
            action: action.into(),
            stage,
            percentage: Some(pct),
            reason: String::new(),
            criteria: serde_json::Value::Null,
            flipper: serde_json::Value::Null,
        }
    }

    #[test]
    fn spans_follow_changes_and_kills() {
        let audit = [
            e("set_percentage", 10, Some(0), 5.0),
            e("hold", 15, Some(0), 5.0),
            e("set_percentage", 20, Some(1), 25.0),
            e("kill", 30, Some(1), 0.0),
        ];
        let s = spans(&audit, 40);
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].from_ms, s[0].to_ms, s[0].percentage), (10, 20, 5.0));
        assert_eq!((s[1].stage, s[1].to_ms), (Some(1), 30));
        assert_eq!((s[2].percentage, s[2].to_ms), (0.0, 40));
    }
}
