// va-rollout/openfeature: an OpenFeature web-SDK Provider over a Rollout. Resolvers are
// synchronous reads of the decision mirror; events come from the rollout's own changes.
// @openfeature/web-sdk is a peer dependency (never bundled).
import { OpenFeatureEventEmitter, ProviderEvents } from '@openfeature/web-sdk';

/** Our reasons onto OpenFeature's standard ones (ours stays in flagMetadata.reason). */
const REASONS = {
  STATIC: 'STATIC',
  TARGETING_MATCH: 'TARGETING_MATCH',
  SPLIT: 'SPLIT',
  DISABLED: 'DISABLED',
  DEFAULT: 'DEFAULT',
  CACHED: 'CACHED',
  ERROR: 'ERROR',
  OVERRIDE: 'STATIC',
  PINNED: 'CACHED',
};

/** Engine error codes (lastError().code) onto OpenFeature error codes. */
export function errorCodeOf(code) {
  if (code === 'PARSE_ERROR' || code === 'LIMIT_EXCEEDED' || code === 'BODY_TOO_LARGE') return 'PARSE_ERROR';
  return 'GENERAL';
}

/** OpenFeature's evaluation context ⇒ a va-rollout actor (`targetingKey` is the Flipper id). */
export function actorOf(context) {
  if (!context || typeof context.targetingKey !== 'string' || context.targetingKey === '') return null;
  const actor = { id: context.targetingKey };
  if (Array.isArray(context.groups)) actor.groups = context.groups.filter((g) => typeof g === 'string');
  return actor;
}

/** The resolution of a decision, as OpenFeature's ResolutionDetails. */
export function resolutionOf(decision, lastError) {
  const stale = decision.stale === true;
  const details = {
    value: decision.value === true,
    variant: decision.value === true ? 'on' : 'off',
    reason: stale && decision.reason === 'CACHED' ? 'STALE' : REASONS[decision.reason] || 'UNKNOWN',
    flagMetadata: { source: String(decision.source), stale, reason: String(decision.reason) },
  };
  if (decision.reason === 'ERROR') {
    details.errorCode = errorCodeOf(lastError && lastError.code);
    details.errorMessage = lastError && lastError.message ? lastError.message : 'va-rollout: the decision fell back';
  }
  return details;
}

function mismatch(defaultValue, type) {
  return {
    value: defaultValue,
    reason: 'ERROR',
    errorCode: 'TYPE_MISMATCH',
    errorMessage: `va-rollout flags are booleans, not ${type}`,
  };
}

export class VaRolloutProvider {
  constructor(rollout) {
    if (!rollout || typeof rollout.evaluate !== 'function') {
      throw new TypeError('new VaRolloutProvider(rollout): rollout must be a va-rollout Rollout');
    }
    this.metadata = Object.freeze({ name: 'va-rollout' });
    this.runsOn = 'client';
    this.events = new OpenFeatureEventEmitter();
    this.hooks = [];
    this._rollout = rollout;
    this._unsubscribe = null;
    this._stale = false;
  }

  async initialize(context) {
    const actor = actorOf(context);
    if (actor) this._rollout.setActor(actor);
    await this._rollout.ready();
    if (this._unsubscribe === null) {
      this._unsubscribe = this._rollout.onChange((names) => this._changed(names));
    }
    this._checkStale();
  }

  onContextChange(_oldContext, newContext) {
    this._rollout.setActor(actorOf(newContext));
  }

  async onClose() {
    if (this._unsubscribe) this._unsubscribe();
    this._unsubscribe = null;
  }

  resolveBooleanEvaluation(flagKey, defaultValue) {
    const name = String(flagKey);
    if (!Object.prototype.hasOwnProperty.call(this._rollout.snapshot(), name)) {
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: 'FLAG_NOT_FOUND',
        errorMessage: `va-rollout: no flag named "${name}"`,
      };
    }
    const decision = this._rollout.evaluate(name);
    return resolutionOf(decision, decision.reason === 'ERROR' ? this._rollout.lastError() : null);
  }

  resolveStringEvaluation(_flagKey, defaultValue) {
    return mismatch(defaultValue, 'strings');
  }

  resolveNumberEvaluation(_flagKey, defaultValue) {
    return mismatch(defaultValue, 'numbers');
  }

  resolveObjectEvaluation(_flagKey, defaultValue) {
    return mismatch(defaultValue, 'objects');
  }

  _changed(names) {
    this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged: names.slice() });
    this._checkStale();
  }

  /** Stale when the data is (the first flag's explanation says so); Ready again when fresh. */
  _checkStale() {
    const first = Object.keys(this._rollout.snapshot())[0];
    const explained = first === undefined ? null : this._rollout.explain(first);
    const decision = explained && explained.decision ? explained.decision : explained;
    const stale = decision !== null && decision.stale === true;
    if (stale === this._stale) return;
    this._stale = stale;
    this.events.emit(stale ? ProviderEvents.Stale : ProviderEvents.Ready, { message: stale ? 'va-rollout: the flag data is stale' : undefined });
  }
}
