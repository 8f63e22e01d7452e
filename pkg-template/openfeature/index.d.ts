// Types of va-rollout/openfeature (@openfeature/web-sdk is a peer).
import type {
  EvaluationContext,
  JsonValue,
  OpenFeatureEventEmitter,
  Provider,
  ResolutionDetails,
} from '@openfeature/web-sdk';
import type { Actor, Decision, Rollout, RolloutError } from '../index.js';

export declare class VaRolloutProvider implements Provider {
  constructor(rollout: Rollout);
  readonly metadata: { readonly name: 'va-rollout' };
  readonly runsOn: 'client';
  readonly events: OpenFeatureEventEmitter;
  readonly hooks: [];
  initialize(context?: EvaluationContext): Promise<void>;
  onContextChange(oldContext: EvaluationContext, newContext: EvaluationContext): void;
  onClose(): Promise<void>;
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean): ResolutionDetails<boolean>;
  resolveStringEvaluation(flagKey: string, defaultValue: string): ResolutionDetails<string>;
  resolveNumberEvaluation(flagKey: string, defaultValue: number): ResolutionDetails<number>;
  resolveObjectEvaluation<T extends JsonValue>(flagKey: string, defaultValue: T): ResolutionDetails<T>;
}

/** `targetingKey` ⇒ `{ id }` (plus `groups`); no targeting key ⇒ null (anonymous). */
export declare function actorOf(context: EvaluationContext | undefined): Actor | null;
export declare function resolutionOf(decision: Decision, lastError: RolloutError | null): ResolutionDetails<boolean>;
export declare function errorCodeOf(code: string | undefined): 'PARSE_ERROR' | 'GENERAL';
