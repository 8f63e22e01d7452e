// The demo page: two Rollouts, one fed by vets-api (bootstrap + live /v0/feature_toggles) and
// one evaluating a Flipper document locally for the actor typed in the page.
import init, { Rollout } from '/pkg/web/index.js';

const SM_FLAGS = ['mhv_secure_messaging_curated_list_flow', 'mhv_secure_messaging_recent_recipients'];
const VAOS_FLAGS = [
  'va_online_scheduling_vaos_service_cc_appointments',
  'va_online_scheduling_facilities_service_v2',
  'va_online_scheduling_vaos_service_requests',
  'va_online_scheduling_vaos_service_va_appointments',
];
const NAMES = [...SM_FLAGS, ...VAOS_FLAGS];

// What a server-rendered page could embed: an older vets-api answer.
const bootstrap = {
  data: { type: 'feature_toggles', features: NAMES.map((name) => ({ name, value: false })) },
};

const flipperDoc = {
  features: [
    { key: 'demo_everyone', state: 'on', gates: [{ key: 'boolean', name: 'boolean', value: 'true' }] },
    { key: 'demo_listed_actors', state: 'conditional', gates: [{ key: 'actors', name: 'actor', value: ['user-1@example.com'] }] },
    { key: 'demo_beta_group', state: 'conditional', gates: [{ key: 'groups', name: 'group', value: ['beta'] }] },
    { key: 'demo_25_percent', state: 'conditional', gates: [{ key: 'percentage_of_actors', name: 'percentage_of_actors', value: '25' }] },
    { key: 'demo_off', state: 'off', gates: [{ key: 'boolean', name: 'boolean', value: null }] },
  ],
};

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

function render(rollout, names, tableId, withOverride) {
  const rows = names.map((name) => {
    const d = rollout.evaluate(name);
    const on = rollout.isEnabled(name);
    const tr = document.createElement('tr');
    tr.dataset.name = name;
    tr.append(cell(name), cell(String(on), on ? 'on' : 'off'), cell(d.reason), cell(d.source), cell(String(d.stale)));
    const td = document.createElement('td');
    if (withOverride) {
      const b = document.createElement('button');
      b.textContent = on ? 'override off' : 'override on';
      b.addEventListener('click', () => window.vaRollout.override(name, !on));
      td.append(b);
    }
    tr.append(td);
    return tr;
  });
  document.querySelector(`#${tableId} tbody`).replaceChildren(...rows);
}

function showError(...rollouts) {
  const errors = rollouts.map((r) => r.lastError()).filter(Boolean);
  document.querySelector('#errors').textContent = errors.length ? JSON.stringify(errors, null, 2) : 'none';
}

async function main() {
  await init();

  const flipper = Rollout.start({
    environment: 'localhost',
    flags: { source: 'flipper', bootstrap: flipperDoc },
    actor: { id: document.querySelector('#actor').value, groups: [] },
  });
  const flipperNames = flipperDoc.features.map((f) => f.key);
  const renderFlipper = () => render(flipper, flipperNames, 'flipper-table', false);
  const setActor = () => {
    const groups = document.querySelector('#beta').checked ? ['beta'] : [];
    flipper.setActor({ id: document.querySelector('#actor').value, groups });
    renderFlipper();
  };
  document.querySelector('#actor').addEventListener('input', setActor);
  document.querySelector('#beta').addEventListener('change', setActor);
  flipper.onChange(renderFlipper);
  renderFlipper();

  // Started last, so window.vaRollout (QA devtools) talks to this one.
  const vets = Rollout.start({
    environment: 'localhost',
    flags: { source: 'vets-api', url: '/v0/feature_toggles', names: NAMES, bootstrap, actorTypes: {} },
    // The collector that serves this page ingests the events (see /report).
    telemetry: { url: '/', service: 'va-rollout-demo', contextFlags: ['mhv_secure_messaging_curated_list_flow'] },
  });
  const renderVets = () => {
    render(vets, NAMES, 'vets-table', true);
    showError(vets, flipper);
  };
  vets.onChange(renderVets);
  renderVets();
  document.querySelector('#vets-status').textContent = 'fetching…';
  await vets.ready();
  const err = vets.lastError();
  document.querySelector('#vets-status').textContent = err
    ? `not reachable or failed (${err.code}); showing bootstrap/cache`
    : 'fetched';
  document.querySelector('#refresh').addEventListener('click', () => vets.refresh().then(renderVets));
  document.querySelector('#clear').addEventListener('click', () => {
    vets.clearOverrides();
    renderVets();
  });
  renderVets();
  document.body.dataset.status = 'ready';
}

main().catch((e) => {
  document.body.dataset.status = 'failed';
  document.querySelector('#errors').textContent = String(e && e.stack ? e.stack : e);
});
