// Types of va-rollout/testing.
import type { Actor, Environment, Rollout, RolloutConfig, TelemetryConfig, TelemetryEvent } from '../index.js';
import type { FeatureTogglesState, ToggleNames } from '../redux/index.js';

export interface TestRolloutOptions {
  /** `{ name: value }`; snake_case or camelCase names. */
  flags?: Record<string, boolean>;
  /** Default `'localhost'` (overrides allowed). */
  environment?: Environment;
  actor?: Actor | null;
  groups?: RolloutConfig['groups'];
  secureMessaging?: RolloutConfig['secureMessaging'];
  vaos?: RolloutConfig['vaos'];
  /** `service` and telemetry options (sampling rules, allow lists …) for the captured events. */
  service?: string;
  telemetry?: Partial<TelemetryConfig>;
}

export interface TestRollout extends Rollout {
  readonly captured: {
    /** Every telemetry event so far, scrubbed as a sink receives it (pending calls processed first). */
    readonly events: TelemetryEvent[];
    clear(): void;
  };
}

export declare function createTestRollout(options?: TestRolloutOptions): TestRollout;
export declare function preloadedFeatureToggles(flags: Record<string, boolean>, toggleNames?: ToggleNames): FeatureTogglesState;
