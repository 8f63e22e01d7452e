// The ESM side of the type check: `import` resolves the `types` → `default` condition.
import { Rollout, type Decision } from 'va-rollout';

const d: Decision = Rollout.start({ flags: { source: 'flipper' } }).evaluate('a');
void d;
