// The hook scenarios, shared by the React 18 suite (test/react.test.mjs) and the React 17 one
// (react17/test/react17.test.mjs): each passes its own React, react-dom and Testing Library,
// and the package's va-rollout/react resolves the project's own `react`.
import assert from 'node:assert/strict';

export function hookScenarios({ React, render, screen, act, cleanup, bindings, createTestRollout }) {
  const h = React.createElement;
  const { RolloutProvider, useToggleValue, useToggleLoadingValue, useFeatureToggle, Toggler } = bindings;
  const NAMES = { curated: 'mhv_secure_messaging_curated_list_flow', recent: 'mhv_secure_messaging_recent_recipients' };

  afterEach(cleanup);

  it('useToggleValue and Toggler show bootstrapped values; a change re-renders only the readers of that flag', () => {
    const rollout = createTestRollout({ flags: { [NAMES.curated]: true, [NAMES.recent]: false } });
    const renders = { curated: 0, recent: 0, toggler: 0, static: 0 };
    function Curated() {
      renders.curated += 1;
      return h('p', null, `curated ${useToggleValue(NAMES.curated)}`);
    }
    function Recent() {
      renders.recent += 1;
      return h('p', null, `recent ${useToggleValue(NAMES.recent)}`);
    }
    function Static() {
      renders.static += 1;
      return h('p', null, 'static');
    }
    const Marker = () => {
      renders.toggler += 1;
      return null;
    };
    const ui = h(RolloutProvider, { rollout },
      h(Curated), h(Recent), h(Static),
      h(Toggler, { toggleName: NAMES.recent },
        h(Toggler.Enabled, null, h('p', null, 'recent enabled')),
        h(Toggler.Disabled, null, h('p', null, 'recent disabled'), h(Marker))),
      h(Toggler.Hoc, { toggleName: NAMES.curated }, (on) => h('p', null, on ? 'hoc on' : 'hoc off')));
    render(ui);
    assert.ok(screen.getByText('curated true'));
    assert.ok(screen.getByText('recent false'));
    assert.ok(screen.getByText('recent disabled'));
    assert.ok(screen.getByText('hoc on'));
    const before = { ...renders };
    act(() => {
      assert.equal(rollout.override(NAMES.recent, true), true);
    });
    assert.ok(screen.getByText('recent true'));
    assert.ok(screen.getByText('recent enabled'));
    assert.equal(screen.queryByText('recent disabled'), null);
    assert.equal(renders.recent, before.recent + 1, 'the reader of the changed flag re-rendered once');
    assert.equal(renders.curated, before.curated, 'the reader of another flag did not re-render');
    assert.equal(renders.static, before.static, 'a component reading no flag did not re-render');
    act(() => {
      rollout.override(NAMES.curated, false);
    });
    assert.ok(screen.getByText('hoc off'));
    assert.equal(renders.curated, before.curated + 1);
    assert.equal(renders.recent, before.recent + 1, 'recent untouched by the curated change');
  });

  it('useToggleLoadingValue is true until the rollout is ready; unknown flags are false', async () => {
    const rollout = createTestRollout({ flags: { [NAMES.curated]: true } });
    function Status() {
      const loading = useToggleLoadingValue();
      const unknown = useToggleValue('never_declared_flag');
      return h('p', null, loading ? 'loading' : `ready ${unknown}`);
    }
    render(h(RolloutProvider, { rollout }, h(Status)));
    assert.ok(screen.getByText('loading'));
    await act(async () => {
      await rollout.ready();
    });
    assert.ok(screen.getByText('ready false'));
  });

  it('useFeatureToggle() has vets-website\'s contract, including its error for an unknown toggle name', () => {
    const TOGGLE_NAMES = Object.freeze({ mhvSecureMessagingCuratedListFlow: NAMES.curated });
    const rollout = createTestRollout({ flags: { [NAMES.curated]: true } });
    let seen = null;
    function Uses() {
      const api = useFeatureToggle();
      seen = api;
      return h('p', null, `on ${api.useToggleValue(api.TOGGLE_NAMES.mhvSecureMessagingCuratedListFlow)}`);
    }
    render(h(RolloutProvider, { rollout, toggleNames: TOGGLE_NAMES }, h(Uses)));
    assert.ok(screen.getByText('on true'));
    assert.equal(seen.TOGGLE_NAMES, TOGGLE_NAMES);
    assert.equal(typeof seen.useToggleLoadingValue, 'function');
    function Typo() {
      return h('p', null, String(useToggleValue('mhv_secure_messaging_curated_list_flwo')));
    }
    const quiet = console.error;
    console.error = () => {};
    try {
      assert.throws(
        () => render(h(RolloutProvider, { rollout, toggleNames: TOGGLE_NAMES }, h(Typo))),
        { message: 'Invalid toggle name "mhv_secure_messaging_curated_list_flwo". Did you add the toggle name to featureFlagNames.js?' },
      );
    } finally {
      console.error = quiet;
    }
  });

  it('the router hooks follow the flags: Secure Messaging flow and VAOS endpoints', () => {
    const vaos = [
      'va_online_scheduling_vaos_service_requests', 'va_online_scheduling_vaos_service_va_appointments',
      'va_online_scheduling_vaos_service_cc_appointments', 'va_online_scheduling_facilities_service_v2',
    ];
    const rollout = createTestRollout({ flags: { [NAMES.curated]: false, ...Object.fromEntries(vaos.map((n) => [n, false])) } });
    function Routes() {
      const sm = bindings.useSecureMessaging();
      const ep = bindings.useVaosEndpoint('appointments.list', { start: '2026-01-01', end: '2026-02-01' });
      return h('p', null, `${sm.start({ recentCareTeams: 2 }).path} ${ep.system}`);
    }
    render(h(RolloutProvider, { rollout }, h(Routes)));
    assert.ok(screen.getByText('/my-health/secure-messages/new-message/ legacy'));
    act(() => {
      rollout.override(NAMES.curated, true);
      vaos.forEach((n) => rollout.override(n, true));
    });
    assert.ok(screen.getByText(/ vaos-service$/));
    assert.equal(rollout.secureMessaging().start({ recentCareTeams: 2 }).flow, 'curated');
  });

  it('useTrack sends through the rollout: the event is captured in memory, scrubbed', () => {
    const rollout = createTestRollout({ flags: {} });
    function Button() {
      const track = bindings.useTrack();
      React.useEffect(() => {
        track.action('Recent Care Teams loaded', { recentCareTeamsCount: 3, email: 'vet@example.com' });
      }, [track]);
      return null;
    }
    render(h(RolloutProvider, { rollout }, h(Button)));
    const action = rollout.captured.events.find((e) => e.kind === 'action');
    assert.equal(action.name, 'Recent Care Teams loaded');
    assert.equal(action.attributes['va_rollout.attr.recentCareTeamsCount'], 3);
    assert.ok(!JSON.stringify(action).includes('vet@example.com'), 'an unlisted string attribute is not kept');
  });
}
