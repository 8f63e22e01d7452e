//! Demo VAOS data shared by both systems: two facilities (983 Cheyenne → Lighthouse 442,
//! 984 Dayton → 552), VA and community-care appointments and requests. Dates are relative to now.

use serde_json::{json, Value};

use crate::util::iso_utc;

const DAY_MS: i64 = 86_400_000;

pub struct Facility {
    pub id: &'static str,
    pub lighthouse: &'static str,
    pub name: &'static str,
    pub city: &'static str,
    pub state: &'static str,
    pub line: &'static str,
    pub zip: &'static str,
    pub phone: &'static str,
    pub tz: &'static str,
    pub lat: f64,
    pub long: f64,
}

pub const FACILITIES: [Facility; 2] = [
    Facility {
        id: "983",
        lighthouse: "442",
        name: "Cheyenne VA Medical Center",
        city: "Cheyenne",
        state: "WY",
        line: "2360 East Pershing Boulevard",
        zip: "82001-5356",
        phone: "307-778-7550",
        tz: "America/Denver",
        lat: 41.148_027,
        long: -104.786_5,
    },
    Facility {
        id: "984",
        lighthouse: "552",
        name: "Dayton VA Medical Center",
        city: "Dayton",
        state: "OH",
        line: "4100 West Third Street",
        zip: "45428-9000",
        phone: "937-268-6511",
        tz: "America/New_York",
        lat: 39.743_5,
        long: -84.254_2,
    },
];

pub fn facility(id: &str) -> Option<&'static Facility> {
    FACILITIES
        .iter()
        .find(|f| f.id == id || f.lighthouse == id || format!("vha_{}", f.lighthouse) == id)
}

/// A clinic at a facility: (facility, clinic id, name, service).
pub const CLINICS: [(&str, &str, &str, &str); 4] = [
    ("983", "455", "CHY PC KILPATRICK", "primaryCare"),
    ("983", "848", "CHY OPT VAR1", "optometry"),
    ("984", "308", "DAY PC CARTER", "primaryCare"),
    ("984", "309", "DAY AUDIO HEARING", "audiology"),
];

/// One demo appointment or request, in a system-neutral form both systems render.
pub struct DemoAppointment {
    pub id: &'static str,
    pub kind: Kind,
    pub facility: &'static str,
    pub clinic: &'static str,
    pub service: &'static str,
    /// Days from today (negative = past).
    pub day_offset: i64,
    pub hour_utc: i64,
    pub status: &'static str,
    pub comment: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Va,
    CommunityCare,
    Request,
    CommunityCareRequest,
}

pub const APPOINTMENTS: [DemoAppointment; 6] = [
    DemoAppointment {
        id: "167322",
        kind: Kind::Va,
        facility: "983",
        clinic: "455",
        service: "primaryCare",
        day_offset: 11,
        hour_utc: 15,
        status: "booked",
        comment: "Follow-up on blood pressure",
    },
    DemoAppointment {
        id: "167323",
        kind: Kind::Va,
        facility: "984",
        clinic: "309",
        service: "audiology",
        day_offset: 25,
        hour_utc: 14,
        status: "booked",
        comment: "Hearing aid fitting",
    },
    DemoAppointment {
        id: "167301",
        kind: Kind::Va,
        facility: "983",
        clinic: "848",
        service: "optometry",
        day_offset: -20,
        hour_utc: 16,
        status: "fulfilled",
        comment: "",
    },
    DemoAppointment {
        id: "cc-8a1f",
        kind: Kind::CommunityCare,
        facility: "983",
        clinic: "",
        service: "podiatry",
        day_offset: 6,
        hour_utc: 17,
        status: "booked",
        comment: "Bring orthotics",
    },
    DemoAppointment {
        id: "req-5501",
        kind: Kind::Request,
        facility: "984",
        clinic: "",
        service: "primaryCare",
        day_offset: 9,
        hour_utc: 13,
        status: "proposed",
        comment: "Morning preferred",
    },
    DemoAppointment {
        id: "req-5502",
        kind: Kind::CommunityCareRequest,
        facility: "983",
        clinic: "",
        service: "audiology",
        day_offset: 14,
        hour_utc: 13,
        status: "proposed",
        comment: "",
    },
];

pub fn appointment(id: &str) -> Option<&'static DemoAppointment> {
    APPOINTMENTS.iter().find(|a| a.id == id)
}

impl DemoAppointment {
    pub fn start_ms(&self, now_ms: i64) -> i64 {
        (now_ms.div_euclid(DAY_MS) + self.day_offset) * DAY_MS + self.hour_utc * 3_600_000
    }

    pub fn is_request(&self) -> bool {
        matches!(self.kind, Kind::Request | Kind::CommunityCareRequest)
    }

    pub fn is_cc(&self) -> bool {
        matches!(self.kind, Kind::CommunityCare | Kind::CommunityCareRequest)
    }

    /// Requested periods of a request: the morning of the wished day and the next one.
    pub fn requested_periods(&self, now_ms: i64) -> Value {
        let s = self.start_ms(now_ms);
        json!([
            { "start": iso_utc(s), "end": iso_utc(s + 4 * 3_600_000 - 1000) },
            { "start": iso_utc(s + DAY_MS), "end": iso_utc(s + DAY_MS + 4 * 3_600_000 - 1000) },
        ])
    }
}

pub const CC_PROVIDER: (&str, &str, &str) =
    ("Cheyenne Foot & Ankle", "Dr. Rachel Ortiz", "307-555-0142");
