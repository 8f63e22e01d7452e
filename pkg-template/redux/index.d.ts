// Types of va-rollout/redux.
import type { Environment, Rollout } from '../index.js';

export declare const FETCH_TOGGLE_VALUES_STARTED: 'FETCH_TOGGLE_VALUES_STARTED';
export declare const FETCH_TOGGLE_VALUES_SUCCEEDED: 'FETCH_TOGGLE_VALUES_SUCCEEDED';
export declare const TOGGLE_VALUES_SET: 'TOGGLE_VALUES_SET';
export declare const TOGGLE_VALUES_RESET: 'TOGGLE_VALUES_RESET';

/** vets-website's TOGGLE_NAMES: camelKey ⇒ snake_name. */
export type ToggleNames = Readonly<Record<string, string>>;

/** `state.featureToggles`: every flag under both spellings, the pseudo-toggles and `loading`. */
export interface FeatureTogglesState {
  loading?: boolean;
  [name: string]: boolean | undefined;
}

export type FeatureToggleAction =
  | { type: typeof FETCH_TOGGLE_VALUES_STARTED; payload: Record<string, boolean> }
  | { type: typeof FETCH_TOGGLE_VALUES_SUCCEEDED; payload: Record<string, boolean> }
  | { type: typeof TOGGLE_VALUES_SET; newToggleValues: Record<string, boolean> }
  | { type: typeof TOGGLE_VALUES_RESET };

export interface ConnectRolloutOptions {
  /** TOGGLE_NAMES, for the camel spellings vets-api's acronyms give (`…VAOSService…`). */
  toggleNames?: ToggleNames;
  /** The FETCH_TOGGLE_VALUES_STARTED payload (default: from `rollout.environment()`). */
  environmentToggles?: Record<string, boolean>;
}

/** Resolves after FETCH_TOGGLE_VALUES_SUCCEEDED; `disconnect()` stops the TOGGLE_VALUES_SET updates. */
export interface RolloutConnection extends Promise<void> {
  disconnect(): void;
}

export declare function connectRollout(
  dispatch: (action: FeatureToggleAction) => unknown,
  rollout: Rollout,
  options?: ConnectRolloutOptions,
): RolloutConnection;

export declare function featureToggleReducer(
  state: FeatureTogglesState | undefined,
  action: FeatureToggleAction | { type: string },
): FeatureTogglesState;

export declare function toggleValuesSelector(state: { featureToggles?: FeatureTogglesState }): FeatureTogglesState;
export declare function loadingTogglesSelector(state: { featureToggles?: FeatureTogglesState }): boolean | undefined;
export declare function toggleValues(snapshot: Record<string, boolean>, toggleNames?: ToggleNames): Record<string, boolean>;
export declare function environmentToggles(environment: Environment): Record<string, boolean>;
export declare function preloadedFeatureToggles(flags: Record<string, boolean>, toggleNames?: ToggleNames): FeatureTogglesState;
export declare function snakeCase(name: string): string;
export declare function camelCase(name: string): string;
