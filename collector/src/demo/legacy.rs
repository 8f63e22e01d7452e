//! The legacy system's JSON shapes (VAR `/vaos/v0/...` and Lighthouse `/v1/facilities/va`) for the demo data.

use serde_json::{json, Value};

use super::data::{self, DemoAppointment, Facility, Kind, CC_PROVIDER, CLINICS};
use crate::util::iso_utc;

/// `MM/DD/YYYY` and `MM/DD/YYYY HH:MM:SS` as VAR writes them.
fn var_date(ms: i64) -> String {
    let iso = iso_utc(ms);
    let (y, m, d) = (
        iso.get(0..4).unwrap_or(""),
        iso.get(5..7).unwrap_or(""),
        iso.get(8..10).unwrap_or(""),
    );
    format!("{m}/{d}/{y}")
}

fn var_datetime(ms: i64) -> String {
    format!(
        "{} {}",
        var_date(ms),
        iso_utc(ms).get(11..19).unwrap_or("00:00:00")
    )
}

fn clinic_name(id: &str) -> &'static str {
    CLINICS.iter().find(|c| c.1 == id).map_or("", |c| c.2)
}

fn va_appointment(a: &DemoAppointment, now_ms: i64) -> Value {
    let start = a.start_ms(now_ms);
    json!({ "id": a.id, "type": "va_appointments", "attributes": {
        "startDate": iso_utc(start), "clinicId": a.clinic, "clinicFriendlyName": clinic_name(a.clinic),
        "facilityId": a.facility, "sta6aid": a.facility, "communityCare": false, "patientIcn": "1012845331V153043",
        "vdsAppointments": [{ "bookingNote": a.comment, "appointmentLength": "30", "appointmentTime": iso_utc(start),
            "clinic": { "name": clinic_name(a.clinic), "askForCheckIn": false, "facilityCode": a.facility },
            "type": "REGULAR", "currentStatus": if a.status == "fulfilled" { "CHECKED OUT" } else { "FUTURE" } }],
        "vvsAppointments": [] } })
}

fn cc_appointment(a: &DemoAppointment, now_ms: i64) -> Value {
    json!({ "id": a.id, "type": "cc_appointments", "attributes": {
        "appointmentRequestId": a.id, "distanceEligibleConfirmed": true,
        "name": { "firstName": "Rachel", "lastName": "Ortiz" }, "providerPractice": CC_PROVIDER.0, "providerPhone": CC_PROVIDER.2,
        "address": { "street": "1515 Logan Avenue", "city": "Cheyenne", "state": "WY", "zipCode": "82001" },
        "instructionsToVeteran": a.comment, "appointmentTime": var_datetime(a.start_ms(now_ms)), "timeZone": "-07:00 MST" } })
}

/// `GET /vaos/v0/appointments?type=va|cc`.
pub fn appointments(kind: &str, now_ms: i64) -> Value {
    let list: Vec<Value> = data::APPOINTMENTS
        .iter()
        .filter_map(|a| match (a.kind, kind) {
            (Kind::Va, "va") => Some(va_appointment(a, now_ms)),
            (Kind::CommunityCare, "cc") => Some(cc_appointment(a, now_ms)),
            _ => None,
        })
        .collect();
    json!({ "data": list, "meta": { "errors": [] } })
}

pub fn va_appointment_by_id(id: &str, now_ms: i64) -> Option<Value> {
    data::appointment(id)
        .filter(|a| a.kind == Kind::Va)
        .map(|a| json!({ "data": va_appointment(a, now_ms) }))
}

fn request(a: &DemoAppointment, now_ms: i64) -> Value {
    let s = a.start_ms(now_ms);
    let f = data::facility(a.facility);
    json!({ "id": a.id, "type": "appointment_requests", "attributes": {
        "status": "Submitted", "appointmentType": a.service, "visitType": "Office Visit",
        "facility": { "name": f.map(|f| f.name), "facilityCode": a.facility, "parentSiteCode": a.facility },
        "optionDate1": var_date(s), "optionTime1": "AM", "optionDate2": var_date(s + 86_400_000), "optionTime2": "AM",
        "optionDate3": "No Date Selected", "optionTime3": "No Time Selected",
        "email": "veteran@example.com", "phoneNumber": "(307) 555-0100", "bestTimetoCall": ["Morning"],
        "reasonForVisit": a.comment, "createdDate": var_datetime(now_ms - 3 * 86_400_000),
        "ccAppointmentRequest": if a.kind == Kind::CommunityCareRequest { json!({ "preferredProviders": [{ "practiceName": CC_PROVIDER.0 }], "preferredLanguage": "English" }) } else { Value::Null } } })
}

/// `GET /vaos/v0/appointment_requests`.
pub fn appointment_requests(now_ms: i64) -> Value {
    let list: Vec<Value> = data::APPOINTMENTS
        .iter()
        .filter(|a| a.is_request())
        .map(|a| request(a, now_ms))
        .collect();
    json!({ "data": list, "meta": {} })
}

/// `GET /vaos/v0/facilities?facility_codes[]=…`.
pub fn facilities(codes: &[String]) -> Value {
    let list: Vec<Value> = data::FACILITIES
        .iter()
        .filter(|f| codes.is_empty() || codes.iter().any(|c| c == f.id))
        .map(|f| json!({ "id": f.id, "type": "facility", "attributes": { "institutionCode": f.id, "city": f.city, "stateAbbrev": f.state, "authoritativeName": f.name, "rootStationCode": f.id, "adminParent": true, "parentStationCode": f.id } }))
        .collect();
    json!({ "data": list })
}

/// `GET /vaos/v0/facilities/{id}/clinics`.
pub fn clinics(facility: &str) -> Value {
    let list: Vec<Value> = CLINICS
        .iter()
        .filter(|c| c.0 == facility)
        .map(|c| json!({ "id": c.1, "type": "clinics", "attributes": { "siteCode": c.0, "clinicId": c.1, "clinicName": c.2, "clinicFriendlyLocationName": c.2, "primaryStopCode": "323", "directSchedulingFlag": "Y", "displayToPatientFlag": "Y", "institutionCode": c.0 } }))
        .collect();
    json!({ "data": list })
}

/// `/vaos/v0/request_eligibility_criteria` and `/direct_booking_eligibility_criteria`.
pub fn eligibility_criteria(kind: &str) -> Value {
    let list: Vec<Value> = data::FACILITIES
        .iter()
        .map(|f| json!({ "id": f.id, "type": kind, "attributes": { "id": f.id, "requestSettings": [{ "id": "323", "typeOfCare": "Primary Care", "patientHistoryRequired": "No", "patientHistoryDuration": 0, "submittedRequestLimit": 2, "enterpriseSubmittedRequestLimit": 2 }], "customRequestSettings": [] } }))
        .collect();
    json!({ "data": list })
}

fn lighthouse(f: &Facility) -> Value {
    json!({ "id": format!("vha_{}", f.lighthouse), "type": "facility", "attributes": {
        "uniqueId": f.lighthouse, "name": f.name, "facilityType": "va_health_facility", "classification": "VA Medical Center (VAMC)",
        "website": Value::Null, "lat": f.lat, "long": f.long,
        "address": { "mailing": {}, "physical": { "zip": f.zip, "city": f.city, "state": f.state, "address1": f.line, "address2": Value::Null, "address3": Value::Null } },
        "phone": { "main": f.phone }, "hours": { "monday": "24/7" } } })
}

/// `GET /v1/facilities/va?ids=vha_442,vha_552`.
pub fn lighthouse_facilities(ids: &[String]) -> Value {
    let list: Vec<Value> = data::FACILITIES
        .iter()
        .filter(|f| {
            ids.is_empty()
                || ids
                    .iter()
                    .any(|i| data::facility(i).is_some_and(|x| x.id == f.id))
        })
        .map(lighthouse)
        .collect();
    json!({ "data": list, "meta": { "pagination": { "currentPage": 1, "perPage": 10, "totalPages": 1, "totalEntries": list.len() } } })
}

pub fn lighthouse_facility(id: &str) -> Option<Value> {
    data::facility(id).map(|f| json!({ "data": lighthouse(f) }))
}
