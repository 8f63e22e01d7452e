// The Secure Messaging calls of the demo (collector demo endpoints, shaped like vets-api's
// /my_health/v1/messaging). Tracked as the release plan's metrics: drafts and sends by status.
// A sent message is counted by the action `sm.messages.send` (the report's "Messages sent"),
// once, whatever the latency sampling keeps of the request timing `sm.messages.create`.
import { trackedFetch } from './sdk.js';

const API = '/my_health/v1/messaging';

export const CATEGORIES = [
  ['OTHER', 'General'],
  ['MEDICATIONS', 'Medication'],
  ['TEST_RESULT', 'Test results'],
  ['APPOINTMENTS', 'Appointment'],
  ['EDUCATION', 'Education'],
];

/** Saves an empty draft to the team (`sm.drafts.create`); resolves to the draft id or null. */
export async function createDraft(rollout, recipientId) {
  const r = await trackedFetch(rollout, 'sm.drafts.create', `${API}/message_drafts`, {
    method: 'POST', system: 'mhv', body: { recipient_id: recipientId, category: 'OTHER', subject: '', body: '' },
  });
  return r.ok ? r.body?.data?.id ?? null : null;
}

/** Sends the message; `{ ok, status, id }`. */
export async function sendMessage(rollout, message) {
  const r = await trackedFetch(rollout, 'sm.messages.create', `${API}/messages`, { method: 'POST', system: 'mhv', body: message });
  if (r.ok) rollout.track.action('sm.messages.send');
  return { ok: r.ok, status: r.status, id: r.body?.data?.id ?? null };
}
