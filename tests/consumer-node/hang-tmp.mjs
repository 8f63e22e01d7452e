import { Rollout } from 'va-rollout';
const vetsApiBoth = { data: { type: 'feature_toggles', features: [{ name: 'a', value: true }] } };
const r = Rollout.start({ environment: 'staging', flags: { source: 'vets-api', bootstrap: vetsApiBoth } });
const garbage = [undefined, null, 42, {}, [], 'x'.repeat(100_000), Symbol('s')];
for (const g of garbage) {
  r.isEnabled(g); r.evaluate(g); r.explain(g); r.setActor(g); r.override(g, g); r.onChange(g)();
  r.track.action(g, g); r.track.timing(g, g, g); r.track.error(g, g);
}
console.log('A');
await r.refresh(); console.log('B');
await r.ready(); console.log('C');
const tracked = await r.track.request('node.test', Promise.resolve(7)); console.log('D', tracked);
try { await r.track.request('node.fail', Promise.reject(new Error('app error'))); } catch (e) { console.log('E', e.message); }
setTimeout(() => console.log('handles', process._getActiveHandles().map(h => h.constructor.name + ':' + h._idleTimeout)), 50);
