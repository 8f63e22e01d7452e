// va-rollout/redux against vets-website's own semantics: the reference reducer and flattening
// below are written from vets-website's source (FeatureToggleReducer, fetchToggleValues), not
// taken from the package, and the state after connectRollout must deep-equal theirs.
import assert from 'node:assert/strict';
import React from 'react';
import { legacy_createStore as createStore, combineReducers } from 'redux';
import { Provider, useSelector } from 'react-redux';
import { render, screen, act, cleanup } from '@testing-library/react';
import { Rollout } from 'va-rollout';
import {
  connectRollout, featureToggleReducer, toggleValuesSelector, loadingTogglesSelector,
  FETCH_TOGGLE_VALUES_STARTED, FETCH_TOGGLE_VALUES_SUCCEEDED, TOGGLE_VALUES_SET,
} from 'va-rollout/redux';
import { TOGGLE_NAMES, VALUES, vetsApiResponse } from './fixtures.mjs';

// ---- vets-website, as its source has it (src/platform/site-wide/feature-toggles/reducers) ----
function referenceReducer(state = {}, action) {
  switch (action.type) {
    case 'FETCH_TOGGLE_VALUES_STARTED':
      return { ...state, loading: true, ...action.payload };
    case 'FETCH_TOGGLE_VALUES_SUCCEEDED':
      return { ...state, ...action.payload, loading: false };
    case 'TOGGLE_VALUES_SET':
      return { ...state, ...action.newToggleValues };
    case 'TOGGLE_VALUES_RESET':
      return {};
    default:
      return state;
  }
}
// flipper-client.js fetchToggleValues: the features array reduced to { name: value }.
const flatten = (body) => body.data.features.reduce((acc, f) => ({ ...acc, [f.name]: f.value }), {});
// connectFeatureToggle's STARTED payload on staging (environment pseudo-toggles).
const STAGING = { develop: false, localhost: false, notProduction: true, staging: true, production: false };

function vetsWebsiteState(body) {
  let s = referenceReducer(undefined, { type: '@@INIT' });
  s = referenceReducer(s, { type: 'FETCH_TOGGLE_VALUES_STARTED', payload: STAGING });
  return referenceReducer(s, { type: 'FETCH_TOGGLE_VALUES_SUCCEEDED', payload: flatten(body) });
}

const startFrom = (body) => Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: body } });

afterEach(cleanup);

describe('va-rollout/redux', () => {
  it('the state after connectRollout deep-equals what vets-website produces for the same vets-api response', async () => {
    const body = vetsApiResponse(VALUES);
    const expected = vetsWebsiteState(body);
    const store = createStore(combineReducers({ featureToggles: referenceReducer }));
    const actions = [];
    const dispatch = (a) => {
      actions.push(a.type);
      return store.dispatch(a);
    };
    const connection = connectRollout(dispatch, startFrom(body), { toggleNames: TOGGLE_NAMES });
    assert.equal(store.getState().featureToggles.loading, true, 'loading while the rollout is not ready');
    await connection;
    assert.deepEqual(actions, [FETCH_TOGGLE_VALUES_STARTED, FETCH_TOGGLE_VALUES_SUCCEEDED]);
    assert.deepEqual(store.getState().featureToggles, expected);
    // VAOS selectors read camelCase, SM hooks snake_case: both are there.
    assert.equal(toggleValuesSelector(store.getState()).vaOnlineSchedulingVAOSServiceVAAppointments, true);
    assert.equal(toggleValuesSelector(store.getState()).mhv_secure_messaging_curated_list_flow, true);
    assert.equal(loadingTogglesSelector(store.getState()), false);
    connection.disconnect();
  });

  it('our reducer is vets-website\'s: the same state for the same actions', async () => {
    const body = vetsApiResponse(VALUES);
    const seen = [];
    const conn = connectRollout((a) => seen.push(a), startFrom(body), { toggleNames: TOGGLE_NAMES });
    await conn;
    seen.push({ type: TOGGLE_VALUES_SET, newToggleValues: { a_b: true, aB: true } }, { type: 'TOGGLE_VALUES_RESET' });
    let ours;
    let theirs;
    for (const a of seen) {
      ours = featureToggleReducer(ours, a);
      theirs = referenceReducer(theirs, a);
      assert.deepEqual(ours, theirs, `after ${a.type}`);
    }
    assert.deepEqual(ours, {});
    conn.disconnect();
  });

  it('a later change (an override) dispatches TOGGLE_VALUES_SET with both spellings of the changed flag only', async () => {
    const store = createStore(combineReducers({ featureToggles: featureToggleReducer }));
    const sets = [];
    const rollout = Rollout.start({ environment: 'localhost', flags: { source: 'vets-api', bootstrap: vetsApiResponse(VALUES) } });
    const conn = connectRollout((a) => {
      if (a.type === TOGGLE_VALUES_SET) sets.push(a.newToggleValues);
      return store.dispatch(a);
    }, rollout, { toggleNames: TOGGLE_NAMES });
    await conn;
    assert.equal(rollout.override('mhv_secure_messaging_recent_recipients', true), true);
    assert.deepEqual(sets, [{ mhv_secure_messaging_recent_recipients: true, mhvSecureMessagingRecentRecipients: true }]);
    assert.equal(store.getState().featureToggles.mhvSecureMessagingRecentRecipients, true);
    assert.equal(store.getState().featureToggles.localhost, true, 'pseudo-toggles from the environment');
    conn.disconnect();
    rollout.clearOverrides();
    assert.equal(sets.length, 1, 'no dispatch after disconnect');
  });

  it('a react-redux selector over state.featureToggles shows bootstrapped values and re-renders on change', async () => {
    const store = createStore(combineReducers({ featureToggles: featureToggleReducer }));
    const rollout = Rollout.start({ environment: 'localhost', flags: { source: 'vets-api', bootstrap: vetsApiResponse(VALUES) } });
    const conn = connectRollout(store.dispatch, rollout, { toggleNames: TOGGLE_NAMES });
    let renders = 0;
    function Recent() {
      renders += 1;
      const on = useSelector((s) => toggleValuesSelector(s)[TOGGLE_NAMES.mhvSecureMessagingRecentRecipients]);
      const loading = useSelector(loadingTogglesSelector);
      return React.createElement('p', null, loading ? 'loading' : on ? 'recent on' : 'recent off');
    }
    render(React.createElement(Provider, { store }, React.createElement(Recent)));
    assert.ok(screen.getByText('loading'));
    await act(async () => { await conn; });
    assert.ok(screen.getByText('recent off'));
    const before = renders;
    act(() => { rollout.override('mhv_secure_messaging_recent_recipients', true); });
    assert.ok(screen.getByText('recent on'));
    assert.equal(renders, before + 1);
    conn.disconnect();
  });
});
