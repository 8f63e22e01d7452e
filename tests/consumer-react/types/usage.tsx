// Type-checks every new subpath's declarations as an app would use them (tsc, no emit).
import React from 'react';
import { OpenFeature } from '@openfeature/web-sdk';
import { Rollout } from 'va-rollout';
import {
  connectRollout, featureToggleReducer, toggleValuesSelector, preloadedFeatureToggles,
  FETCH_TOGGLE_VALUES_STARTED, type FeatureTogglesState,
} from 'va-rollout/redux';
import {
  RolloutProvider, Toggler, useFeatureToggle, useToggleValue, useToggleLoadingValue,
  useSecureMessaging, useVaosEndpoint, useTrack,
} from 'va-rollout/react';
import { VaRolloutProvider } from 'va-rollout/openfeature';
import { createTestRollout } from 'va-rollout/testing';
import { datadogSink, rumCallOf } from 'va-rollout/datadog';

const TOGGLE_NAMES = { mhvSecureMessagingCuratedListFlow: 'mhv_secure_messaging_curated_list_flow' } as const;

const rollout: Rollout = Rollout.start({
  flags: { source: 'vets-api', url: '/v0/feature_toggles', csrf: true },
  telemetry: { service: 'sm', sink: datadogSink(), enableInTestEnvironments: false },
});
const connection = connectRollout((a) => a.type === FETCH_TOGGLE_VALUES_STARTED, rollout, { toggleNames: TOGGLE_NAMES });
connection.then(() => connection.disconnect());
const state: FeatureTogglesState = featureToggleReducer(undefined, { type: 'x' });
const on: boolean | undefined = toggleValuesSelector({ featureToggles: state }).mhv_secure_messaging_curated_list_flow;
const slice: FeatureTogglesState = preloadedFeatureToggles({ a_flag: true }, TOGGLE_NAMES);

function App(): React.ReactElement {
  const curated: boolean = useToggleValue(TOGGLE_NAMES.mhvSecureMessagingCuratedListFlow);
  const loading: boolean = useToggleLoadingValue();
  const { TOGGLE_NAMES: names } = useFeatureToggle();
  const start = useSecureMessaging().start({ recentCareTeams: 1 }).path;
  const endpoint = useVaosEndpoint('appointments.list', { start: '2026-01-01' });
  useTrack().action('x', { n: 1 });
  return (
    <Toggler toggleName={names.mhvSecureMessagingCuratedListFlow ?? 'x'}>
      <Toggler.Enabled>{String(curated && !loading)}</Toggler.Enabled>
      <Toggler.Disabled>{start}{endpoint?.url}</Toggler.Disabled>
      <Toggler.Hoc>{(value: boolean) => String(value)}</Toggler.Hoc>
    </Toggler>
  );
}
export const ui = <RolloutProvider rollout={rollout} toggleNames={TOGGLE_NAMES}><App /></RolloutProvider>;

await OpenFeature.setProviderAndWait(new VaRolloutProvider(rollout));
const test = createTestRollout({ flags: { a_flag: true }, environment: 'staging' });
const kinds: string[] = test.captured.events.map((e) => e.kind);
const call = rumCallOf({ kind: 'action', name: 'x', path: '/', attributes: {} });
export { on, slice, kinds, call };
