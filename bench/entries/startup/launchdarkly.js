// LaunchDarkly: `bootstrap` flag values, endpoints on loopback, no streaming, events or goals.
import { initialize } from 'launchdarkly-js-client-sdk';
import { report } from '../report.js';

const base = `${location.origin}/ld`;
const client = initialize('bench-client-side-id', { kind: 'user', key: 'user-1' }, {
  bootstrap: { feat_on: true },
  baseUrl: base, eventsUrl: `${base}/events`, streamUrl: `${base}/stream`,
  streaming: false, sendEvents: false, diagnosticOptOut: true, fetchGoals: false,
});
report(() => client.variation('feat_on', false), () => client.waitForInitialization());
