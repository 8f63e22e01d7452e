import { initialize } from 'launchdarkly-js-client-sdk';

const base = `${location.origin}/ld`;
const client = initialize('bench-client-side-id', { kind: 'user', key: 'user-1' }, {
  bootstrap: { feat_on: true }, baseUrl: base, eventsUrl: `${base}/events`, streamUrl: `${base}/stream`,
  streaming: false, sendEvents: false, diagnosticOptOut: true, fetchGoals: false,
});
await client.waitForInitialization();
window.bench = { read: () => client.variation('feat_on', false) };
