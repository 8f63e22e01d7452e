//! Time windows in a time zone: is the plan allowed to move forward now, and when next. Pure
//! (the zone database is compiled in, so the answer never depends on the host).

use jiff::civil::Weekday;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use super::format::{Day, Schedule, TimeWindow};

/// Minutes since midnight of `HH:MM` (00:00..=24:00).
pub fn minutes(hhmm: &str) -> Option<u32> {
    let (h, m) = hhmm.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let total = h * 60 + m;
    (m < 60 && total <= 24 * 60).then_some(total)
}

pub fn zone(name: &str) -> Result<TimeZone, String> {
    TimeZone::get(name).map_err(|_| {
        format!("unknown time zone {name:?} (use an IANA name such as America/New_York)")
    })
}

fn day_of(w: Weekday) -> Day {
    match w {
        Weekday::Monday => Day::Mon,
        Weekday::Tuesday => Day::Tue,
        Weekday::Wednesday => Day::Wed,
        Weekday::Thursday => Day::Thu,
        Weekday::Friday => Day::Fri,
        Weekday::Saturday => Day::Sat,
        Weekday::Sunday => Day::Sun,
    }
}

fn inside(w: &TimeWindow, day: Day, minute: u32) -> bool {
    let (Some(s), Some(e)) = (minutes(&w.start), minutes(&w.end)) else {
        return false;
    };
    w.days.contains(&day) && s <= minute && minute < e
}

/// True when `now_ms` falls inside one of the windows (always true without a schedule).
pub fn is_open(schedule: Option<&Schedule>, now_ms: i64) -> bool {
    let Some(s) = schedule else {
        return true;
    };
    let (Ok(tz), Ok(ts)) = (zone(&s.time_zone), Timestamp::from_millisecond(now_ms)) else {
        return false;
    };
    let z = ts.to_zoned_datetime(tz);
    let minute = u32::from(z.hour().unsigned_abs()) * 60 + u32::from(z.minute().unsigned_abs());
    let day = day_of(z.weekday());
    s.windows.iter().any(|w| inside(w, day, minute))
}

/// The first minute at or after `now_ms` inside a window (searched up to 8 days ahead).
pub fn next_open(schedule: Option<&Schedule>, now_ms: i64) -> Option<i64> {
    if is_open(schedule, now_ms) {
        return Some(now_ms);
    }
    let start = now_ms.div_euclid(60_000) * 60_000 + 60_000;
    (0..8 * 24 * 60)
        .map(|i| start + i * 60_000)
        .find(|t| is_open(schedule, *t))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn business_hours() -> Schedule {
        Schedule {
            time_zone: "America/New_York".into(),
            windows: vec![TimeWindow {
                days: vec![Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri],
                start: "09:00".into(),
                end: "17:00".into(),
            }],
        }
    }

    fn ms(iso: &str) -> i64 {
        iso.parse::<Timestamp>().expect("ts").as_millisecond()
    }

    #[test]
    fn windows_follow_the_zone_and_daylight_saving() {
        let s = business_hours();
        // Tuesday 2026-12-01 14:00 UTC = 09:00 EST: open; 13:59 UTC closed.
        assert!(is_open(Some(&s), ms("2026-12-01T14:00:00Z")));
        assert!(!is_open(Some(&s), ms("2026-12-01T13:59:00Z")));
        // In July (EDT, UTC-4) 09:00 local is 13:00 UTC.
        assert!(is_open(Some(&s), ms("2026-07-07T13:00:00Z")));
        // Saturday closed; the next opening is Monday 09:00 EST.
        let sat = ms("2026-12-05T15:00:00Z");
        assert!(!is_open(Some(&s), sat));
        assert_eq!(next_open(Some(&s), sat), Some(ms("2026-12-07T14:00:00Z")));
        assert!(is_open(None, sat));
    }

    #[test]
    fn minutes_parse() {
        assert_eq!(minutes("09:30"), Some(570));
        assert_eq!(minutes("24:00"), Some(1440));
        for bad in ["9:30", "24:01", "12:60", "ab:cd", "0930"] {
            assert_eq!(minutes(bad), None, "{bad}");
        }
    }
}
