// Compile-only check (tsc --noEmit --strict) that index.d.ts describes the API the way an app
// uses it; resolved through the package's `exports` map (`types` condition).
import { Rollout, type Decision, type RolloutConfig, type TelemetryStats, type VaosEndpoint } from 'va-rollout';

const config: RolloutConfig = {
  environment: 'staging',
  flags: {
    source: 'vets-api',
    url: '/v0/feature_toggles',
    names: ['mhv_secure_messaging_curated_list_flow'],
    defaults: { mhv_secure_messaging_curated_list_flow: false },
    bootstrap: { data: { type: 'feature_toggles', features: [{ name: 'a', value: true }] } },
    actorTypes: { a: 'cookie_id' },
    timeoutMs: 3000,
    refreshIntervalMs: 0,
  },
  actor: { id: 'user', groups: ['beta'] },
  groups: { vaos_service: { members: ['x', 'y'], policy: 'all-or-none', sharedBucket: true } },
  telemetry: {
    url: 'https://collector.example/v1/logs',
    service: 'va.gov-mhv-secure-messaging',
    sessionSampleRate: 100,
    rules: [{ kind: 'timing', when: { flow: 'curated', path: '/new-message/select-care-team/' }, rate: 1 }],
    contextFlags: ['mhv_secure_messaging_curated_list_flow'],
    beforeSend: (e) => (e.kind === 'click' ? null : e),
  },
};

async function use(): Promise<void> {
  const rollout = Rollout.start(config);
  const on: boolean = rollout.isEnabled('a');
  const d: Decision = rollout.evaluate('a');
  const reason: 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'DEFAULT' | 'CACHED' | 'ERROR' | 'OVERRIDE' | 'PINNED' | 'PENDING' = d.reason;
  const snap: Record<string, boolean> = rollout.snapshot();
  rollout.setActor({ ids: ['a', 'b'] });
  rollout.setActor(null);
  await rollout.ready();
  await rollout.refresh();
  const off: () => void = rollout.onChange((names: string[]) => names.length);
  off();
  const err = rollout.lastError();
  if (err) err.code.toUpperCase();
  console.table(rollout.flags());
  const accepted: boolean = rollout.override('a', true);
  rollout.clearOverrides();
  const sm = rollout.secureMessaging({ basePath: '/my-health/secure-messages' });
  const step = sm.next(sm.start({ recentCareTeams: 2 }).path, 'different_team', { recentCareTeams: 2, selectedTeam: null });
  const g = sm.guard(step.path, {});
  const ep: VaosEndpoint | null = rollout.vaos().endpoint('appointments.list', { start: '2026-01-01', end: '2026-02-01' });
  rollout.track.action('Recent Care Teams loaded', { count: 2 });
  rollout.track.timing('sm.send', 120);
  rollout.track.error('sm.send', { 'http.response.status_code': 500 });
  const res: Response = await rollout.track.request('sm.drafts.create', fetch('/x'));
  rollout.flush();
  const stats: TelemetryStats | null = rollout.telemetryStats();
  const q: number = stats ? stats.queued : 0;
  const devtools = window.vaRollout;
  devtools?.override('a', false);
  const panelOpened: boolean = rollout.panel() && (devtools?.panel() ?? false);
  void [panelOpened, on, reason, snap, accepted, g.redirected, ep?.system, res.status, q];
}
void use;

// @ts-expect-error: unknown sources are a type error too (and a thrown Error at runtime)
Rollout.start({ flags: { source: 'launchdarkly' } });
// @ts-expect-error: start is the way to make a Rollout
new Rollout();
