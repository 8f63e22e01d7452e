// A page as a VA.gov app would write it: start a Rollout from a bootstrap document and render
// its decisions. run.mjs reads the DOM (#decisions rows, body[data-status]) in headless Chromium.
import { Rollout } from 'va-rollout';
// A vets-api response without `features=`: every flag twice, camelCase then snake_case.
import bootstrap from '../../browser-support/fixtures/vets-api-sm.json';

const SM_FLOW = 'mhv_secure_messaging_curated_list_flow';
const SM_RECENT = 'mhv_secure_messaging_recent_recipients';

function render(rollout, names) {
  const rows = names.map((name) => {
    const d = rollout.evaluate(name);
    const tr = document.createElement('tr');
    tr.dataset.name = name;
    tr.dataset.value = String(rollout.isEnabled(name));
    tr.dataset.reason = d.reason;
    tr.dataset.source = d.source;
    for (const text of [name, String(d.value), d.reason, d.source]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  document.querySelector('#decisions tbody').replaceChildren(...rows);
}

/** `?collector=<origin>&queue=N`: telemetry on, N actions queued below every flush threshold. */
const params = new URLSearchParams(location.search);
const collector = params.get('collector');

async function main() {
  const rollout = Rollout.start({
    environment: 'staging',
    flags: { source: 'vets-api', names: [SM_FLOW, SM_RECENT], bootstrap, defaults: { default_only: true } },
    ...(collector && {
      telemetry: {
        url: collector,
        service: 'consumer-webpack',
        batch: { maxEvents: 500, maxBytes: 65536, maxDelayMs: 60000 },
      },
    }),
  });
  // The main bundle answers before the wasm chunk has arrived: the shell decided, the core not yet.
  document.body.dataset.earlyStats = String(rollout.telemetryStats());
  document.body.dataset.earlyFlow = String(rollout.isEnabled(SM_FLOW));
  if (collector) {
    // Tracked before the core joined: buffered by the shell, replayed into the core's queue.
    const n = Number(params.get('queue') || 0);
    for (let i = 0; i < n; i++) rollout.track.action(`exit-${i}`);
    await rollout.ready();
    document.body.dataset.queued = String(rollout.telemetryStats().pending);
  }
  const names = [SM_FLOW, SM_RECENT, 'default_only', 'unknown_flag'];
  const changes = [];
  rollout.onChange((changed) => {
    changes.push(...changed);
    render(rollout, names);
  });
  render(rollout, names);
  await rollout.ready();

  // QA devtools: window.vaRollout exists, lists the flags, and overrides apply (staging).
  const devtools = window.vaRollout;
  const report = {
    devtools: typeof devtools === 'object' && devtools !== null,
    flagsRows: devtools ? devtools.flags().length : -1,
    overrideAccepted: devtools ? devtools.override(SM_RECENT, true) : false,
  };
  // onChange may fire synchronously or on a later task: wait (bounded) for the override to apply.
  for (let i = 0; i < 50 && !rollout.isEnabled(SM_RECENT); i++) await new Promise((r) => setTimeout(r, 20));
  report.recentAfterOverride = rollout.isEnabled(SM_RECENT);
  report.changes = changes;
  render(rollout, names);
  document.querySelector('#report').textContent = JSON.stringify(report);
  document.body.dataset.status = 'ready';
}

main().catch((e) => {
  document.body.dataset.status = 'failed';
  document.querySelector('#report').textContent = String(e && e.stack ? e.stack : e);
});
