//! The default VAOS routing table: operation → category toggle → `{method, path}` for the VAOS
//! service (v2) and for legacy (v0 and `/v1/facilities/va`). Paths from va-gov-facts.md §4 and the
//! v0/v2 service files of vets-website.
//!
//! Where community care fits: CC booked appointments come from the same `/vaos/v2/appointments`
//! call as VA appointments (filtered by type), and from `?type=cc` in legacy. So
//! `appointments.*` follow the VA-appointments toggle, and the CC toggle has its own operation,
//! `cc_appointments.list`. All four toggles are one all-or-none group, so in practice every row
//! resolves to the same system.

use crate::flags::groups::VAOS_TOGGLES;
use crate::routing::vaos::template::Method::{self, Get, Post, Put};

/// `va_online_scheduling_vaos_service_cc_appointments`
pub const CC_APPOINTMENTS: &str = VAOS_TOGGLES[0];
/// `va_online_scheduling_facilities_service_v2`
pub const FACILITIES_V2: &str = VAOS_TOGGLES[1];
/// `va_online_scheduling_vaos_service_requests`
pub const REQUESTS: &str = VAOS_TOGGLES[2];
/// `va_online_scheduling_vaos_service_va_appointments`
pub const VA_APPOINTMENTS: &str = VAOS_TOGGLES[3];

/// One default row: operation, category toggle, (method, v2 template), (method, legacy template).
pub type DefaultRow = (
    &'static str,
    &'static str,
    (Method, &'static str),
    (Method, &'static str),
);

const V2_APPOINTMENTS: &str =
    "/vaos/v2/appointments?_include=facilities,clinics&start={start}&end={end}\
&statuses[]=booked&statuses[]=arrived&statuses[]=fulfilled&statuses[]=cancelled";

/// The table. Parameter names (the placeholders) are shared by both systems.
#[rustfmt::skip]
pub const DEFAULT_ROWS: &[DefaultRow] = &[
    ("appointments.list", VA_APPOINTMENTS,
        (Get, V2_APPOINTMENTS),
        (Get, "/vaos/v0/appointments?start_date={start}&end_date={end}&type=va")),
    ("cc_appointments.list", CC_APPOINTMENTS,
        (Get, V2_APPOINTMENTS),
        (Get, "/vaos/v0/appointments?start_date={start}&end_date={end}&type=cc")),
    ("appointments.get", VA_APPOINTMENTS,
        (Get, "/vaos/v2/appointments/{id}"),
        (Get, "/vaos/v0/appointments/va/{id}")),
    ("appointments.create", VA_APPOINTMENTS,
        (Post, "/vaos/v2/appointments"),
        (Post, "/vaos/v0/appointments")),
    ("appointments.cancel", VA_APPOINTMENTS,
        (Put, "/vaos/v2/appointments/{id}"),
        (Put, "/vaos/v0/appointments/cancel")),
    ("requests.list", REQUESTS,
        (Get, "/vaos/v2/appointments?_include=facilities,clinics&start={start}&end={end}\
&statuses[]=proposed&statuses[]=cancelled"),
        (Get, "/vaos/v0/appointment_requests?start_date={start}&end_date={end}")),
    ("requests.create", REQUESTS,
        (Post, "/vaos/v2/appointments"),
        (Post, "/vaos/v0/appointment_requests?type={type}")),
    ("requests.cancel", REQUESTS,
        (Put, "/vaos/v2/appointments/{id}"),
        (Put, "/vaos/v0/appointment_requests/{id}")),
    ("facilities.list", FACILITIES_V2,
        (Get, "/vaos/v2/facilities?children={children?}&ids[]={ids}"),
        (Get, "/v1/facilities/va?ids={ids}")),
    ("facilities.get", FACILITIES_V2,
        (Get, "/vaos/v2/facilities/{id}"),
        (Get, "/v1/facilities/va/{id}")),
    ("scheduling.configurations", FACILITIES_V2,
        (Get, "/vaos/v2/scheduling/configurations?facility_ids[]={facilityIds}&cc_enabled={ccEnabled?}"),
        (Get, "/vaos/v0/request_eligibility_criteria?parent_sites[]={facilityIds}")),
    ("eligibility", VA_APPOINTMENTS,
        (Get, "/vaos/v2/eligibility?facility_id={facilityId}&clinical_service_id={clinicalServiceId}&type={type}"),
        (Get, "/vaos/v0/facilities/{facilityId}/visits/{type}?system_id={systemId?}&type_of_care_id={clinicalServiceId}")),
    ("clinics", VA_APPOINTMENTS,
        (Get, "/vaos/v2/locations/{locationId}/clinics?clinical_service={clinicalServiceId?}"),
        (Get, "/vaos/v0/facilities/{locationId}/clinics?type_of_care_id={clinicalServiceId?}&system_id={systemId?}")),
    ("slots", VA_APPOINTMENTS,
        (Get, "/vaos/v2/locations/{locationId}/clinics/{clinicId}/slots?start={start}&end={end}"),
        (Get, "/vaos/v0/facilities/{locationId}/available_appointments?type_of_care_id={clinicalServiceId?}\
&clinic_ids[]={clinicId}&start_date={start}&end_date={end}")),
];
