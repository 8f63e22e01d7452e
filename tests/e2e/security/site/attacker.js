// Served on another origin and framed by the fixture page: posts every override- and
// environment-shaped message it can think of to its parent, then says it is done.
const name = new URLSearchParams(location.search).get('flag') || 'sec_probe_flag';
const messages = [
  { type: 'va-rollout:override', name, value: true },
  { type: 'va-rollout', action: 'override', name, value: true },
  { vaRollout: { override: { [name]: true } } },
  { 'va-rollout': `${name}:on` },
  `va-rollout=${name}:on`,
  JSON.stringify({ type: 'va-rollout:override', name, value: true }),
  { type: 'va-rollout:environment', environment: 'staging' },
  { environment: 'staging' },
  { overrides: { version: 1, entries: { [name]: { value: true, expiresAtMs: Date.now() + 3600e3 } } } },
];
for (const m of messages) parent.postMessage(m, '*');
parent.postMessage({ attackerDone: messages.length }, '*');
