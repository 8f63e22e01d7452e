//! The VAOS service (v2) JSON shapes for the demo data.

use serde_json::{json, Value};

use super::data::{self, DemoAppointment, Facility, CC_PROVIDER, CLINICS};
use crate::util::iso_utc;

pub fn appointment(a: &DemoAppointment, now_ms: i64) -> Value {
    let mut attrs = json!({
        "id": a.id,
        "kind": if a.is_cc() { "cc" } else { "clinic" },
        "status": a.status,
        "serviceType": a.service,
        "locationId": a.facility,
        "patientComments": a.comment,
        "cancellable": a.status == "booked" || a.status == "proposed",
    });
    if a.is_request() {
        attrs["requestedPeriods"] = a.requested_periods(now_ms);
        attrs["created"] = json!(iso_utc(now_ms - 3 * 86_400_000));
        attrs["preferredTimesForPhoneCall"] = json!(["Morning"]);
    } else {
        attrs["start"] = json!(iso_utc(a.start_ms(now_ms)));
        attrs["minutesDuration"] = json!(if a.is_cc() { 60 } else { 30 });
    }
    if !a.clinic.is_empty() {
        attrs["clinic"] = json!(a.clinic);
    }
    if a.is_cc() {
        attrs["communityCareProvider"] = json!({ "practiceName": CC_PROVIDER.0, "providerName": [CC_PROVIDER.1], "telecom": [{ "system": "phone", "value": CC_PROVIDER.2 }] });
    }
    if let Some(f) = data::facility(a.facility) {
        attrs["location"] =
            json!({ "id": f.id, "type": "appointments", "attributes": facility_attrs(f) });
    }
    json!({ "id": a.id, "type": "appointments", "attributes": attrs })
}

/// `GET /vaos/v2/appointments`: `statuses[]=proposed` selects requests, booked/arrived/fulfilled
/// select appointments; `cancelled` alone selects nothing in this data set; no statuses = all.
pub fn appointments(statuses: &[String], now_ms: i64) -> Value {
    let want = |a: &DemoAppointment| statuses.is_empty() || statuses.iter().any(|s| s == a.status);
    let list: Vec<Value> = data::APPOINTMENTS
        .iter()
        .filter(|a| want(a))
        .map(|a| appointment(a, now_ms))
        .collect();
    json!({ "data": list, "meta": { "pagination": { "currentPage": 0, "perPage": 0, "totalPages": 0, "totalEntries": list.len() }, "failures": [] } })
}

pub fn facility_attrs(f: &Facility) -> Value {
    json!({
        "id": f.id, "vistaSite": f.id, "vastParent": f.id, "type": "va_facilities", "name": f.name,
        "classification": "VA Medical Center (VAMC)", "timezone": { "timeZoneId": f.tz },
        "lat": f.lat, "long": f.long, "phone": { "main": f.phone },
        "physicalAddress": { "type": "physical", "line": [f.line], "city": f.city, "state": f.state, "postalCode": f.zip },
    })
}

pub fn facility(f: &Facility) -> Value {
    json!({ "id": f.id, "type": "facilities", "attributes": facility_attrs(f) })
}

/// `GET /vaos/v2/facilities?ids[]=…` (all demo facilities when no id is given).
pub fn facilities(ids: &[String]) -> Value {
    let list: Vec<Value> = data::FACILITIES
        .iter()
        .filter(|f| ids.is_empty() || ids.iter().any(|i| i == f.id))
        .map(facility)
        .collect();
    json!({ "data": list })
}

/// `GET /vaos/v2/scheduling/configurations?facility_ids[]=…`.
pub fn scheduling_configurations(ids: &[String]) -> Value {
    let list: Vec<Value> = data::FACILITIES
        .iter()
        .filter(|f| ids.is_empty() || ids.iter().any(|i| i == f.id))
        .map(|f| {
            let services: Vec<Value> = ["primaryCare", "optometry", "audiology", "podiatry"]
                .iter()
                .map(|s| json!({ "id": s, "name": s, "stopCodes": [], "direct": { "patientHistoryRequired": true, "patientHistoryDuration": 365, "canCancel": true, "enabled": *s != "podiatry" }, "request": { "patientHistoryRequired": false, "patientHistoryDuration": 0, "canCancel": true, "enabled": true } }))
                .collect();
            json!({ "id": f.id, "type": "scheduling_configuration", "attributes": { "facilityId": f.id, "communityCare": true, "services": services } })
        })
        .collect();
    json!({ "data": list })
}

/// `GET /vaos/v2/eligibility?facility_id&clinical_service_id&type=direct|request`.
pub fn eligibility(facility_id: &str, service: &str, kind: &str) -> Value {
    let known = data::facility(facility_id).is_some();
    let eligible = known && !(kind == "direct" && service == "podiatry");
    let reasons: Vec<Value> = if eligible {
        vec![]
    } else {
        vec![
            json!({ "coding": [{ "code": if known { "direct-disabled" } else { "facility-unknown" } }] }),
        ]
    };
    json!({ "data": { "id": facility_id, "type": "eligibility", "attributes": { "clinicalServiceId": service, "type": kind, "eligible": eligible, "ineligibilityReasons": reasons } } })
}

/// `GET /vaos/v2/locations/{id}/clinics`.
pub fn clinics(location: &str) -> Value {
    let list: Vec<Value> = CLINICS
        .iter()
        .filter(|c| c.0 == location)
        .map(|c| json!({ "id": c.1, "type": "clinics", "attributes": { "vistaSite": c.0, "id": c.1, "serviceName": c.2, "physicalLocation": "Building 2, Floor 1", "stationId": c.0, "stationName": data::facility(c.0).map(|f| f.name), "patientDirectScheduling": true, "patientDisplayStatus": true, "serviceType": c.3 } }))
        .collect();
    json!({ "data": list })
}

/// `GET /vaos/v2/locations/{loc}/clinics/{clinic}/slots`: three slots on each of the next three weekdays.
pub fn slots(clinic: &str, now_ms: i64) -> Value {
    let day = 86_400_000;
    let base = now_ms.div_euclid(day) * day;
    let mut list = Vec::new();
    for d in 1..=3 {
        for h in [14, 15, 16] {
            let start = base + d * day + h * 3_600_000;
            list.push(json!({ "id": format!("{clinic}-{start}"), "type": "slots", "attributes": { "start": iso_utc(start), "end": iso_utc(start + 1_800_000) } }));
        }
    }
    json!({ "data": list })
}
