// scripts/check-types.sh: the wrapper (pkg-template/src/*.js, JSDoc types) must satisfy the
// declarations users compile against (pkg-template/index.d.ts). Type-level only: never run.
import { createRolloutClass as createImpl } from '../../pkg-template/src/rollout.js';
import { togglePanel } from '../../pkg-template/src/panel.js';
import { createEarlyRolloutClass } from '../../pkg-template/src/shell.js';
import type {
  Rollout,
  RolloutConfig,
  createRolloutClass as CreateDeclared,
} from '../../pkg-template/index.js';

type Impl = ReturnType<typeof createImpl>;

// The arguments index.d.ts accepts are accepted by the implementation.
type DeclaredArgs = Parameters<typeof CreateDeclared>;
export const args: Parameters<typeof createImpl> = null as unknown as DeclaredArgs;
// The QA panel fits createRolloutClass's `extras.panel`.
export const panel: NonNullable<NonNullable<DeclaredArgs[1]>['panel']> = togglePanel;
// Rollout.start and every instance member (methods, `track`) as declared.
export const start: (config: RolloutConfig) => Rollout = null as unknown as Impl['start'];
export const instance: Rollout = null as unknown as InstanceType<Impl>;

// The JS-first class of the browser entries (src/shell.js) satisfies the same declarations.
type Early = ReturnType<typeof createEarlyRolloutClass>;
export const earlyStart: (config: RolloutConfig) => Rollout = null as unknown as Early['start'];
export const earlyInstance: Rollout = null as unknown as InstanceType<Early>;
