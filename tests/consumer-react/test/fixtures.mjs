// Shared fixtures: a vets-api response in the shape V0::FeatureTogglesController returns without
// `features=` (every flag twice: camelCase first, then snake_case), and vets-website's TOGGLE_NAMES
// for those flags (featureFlagNames.json: camelKey ⇒ snake_name, with vets-api's acronyms).
export const TOGGLE_NAMES = Object.freeze({
  mhvSecureMessagingCuratedListFlow: 'mhv_secure_messaging_curated_list_flow',
  mhvSecureMessagingRecentRecipients: 'mhv_secure_messaging_recent_recipients',
  vaOnlineSchedulingVAOSServiceRequests: 'va_online_scheduling_vaos_service_requests',
  vaOnlineSchedulingVAOSServiceVAAppointments: 'va_online_scheduling_vaos_service_va_appointments',
  vaOnlineSchedulingVAOSServiceCCAppointments: 'va_online_scheduling_vaos_service_cc_appointments',
  vaOnlineSchedulingFacilitiesServiceV2: 'va_online_scheduling_facilities_service_v2',
});

/** `{ snake: value }` ⇒ the vets-api body, both spellings. */
export function vetsApiResponse(values) {
  const camelOf = Object.fromEntries(Object.entries(TOGGLE_NAMES).map(([c, s]) => [s, c]));
  const features = [];
  for (const [snake, value] of Object.entries(values)) {
    features.push({ name: camelOf[snake], value }, { name: snake, value });
  }
  return { data: { type: 'feature_toggles', features } };
}

export const VALUES = {
  mhv_secure_messaging_curated_list_flow: true,
  mhv_secure_messaging_recent_recipients: false,
  va_online_scheduling_vaos_service_requests: true,
  va_online_scheduling_vaos_service_va_appointments: true,
  va_online_scheduling_vaos_service_cc_appointments: true,
  va_online_scheduling_facilities_service_v2: true,
};
