// Types of va-rollout/datadog (@datadog/browser-rum is a peer).
import type { TelemetryEvent } from '../index.js';

/** The part of Datadog's RUM public API the sink calls (`datadogRum` / `window.DD_RUM`). */
export interface RumLike {
  addAction(name: string, context?: object): void;
  addError(error: unknown, context?: object): void;
  addFeatureFlagEvaluation(key: string, value: unknown): void;
}

export type RumCall =
  | { method: 'addFeatureFlagEvaluation'; args: [string, boolean] }
  | { method: 'addError'; args: [Error, Record<string, string | number | boolean>] }
  | { method: 'addAction'; args: [string, Record<string, string | number | boolean>] };

export declare function rumCallOf(event: TelemetryEvent): RumCall | null;
/** For `telemetry.sink`. Default RUM: `window.DD_RUM` at each event. */
export declare function datadogSink(options?: { rum?: RumLike }): (event: TelemetryEvent) => void;
