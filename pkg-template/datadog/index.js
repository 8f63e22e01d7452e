// va-rollout/datadog: Datadog RUM as a telemetry sink. The engine hands every event to
// `telemetry.sink` as it is queued (sampled and scrubbed, after beforeSend); this maps it onto
// the page's RUM: exposures ⇒ addFeatureFlagEvaluation, errors ⇒ addError, everything else
// (actions, clicks, page views, transitions, timings) ⇒ addAction with its attributes.
// @datadog/browser-rum is a peer dependency (never bundled); by default the page's
// `window.DD_RUM` is used (the npm package and the CDN bundle both define it).

const FLAG_KEY = 'feature_flag.key';
const FLAG_VALUE = 'feature_flag.result.value';

/** The RUM call for one event: `{ method, args }`, or null for an event RUM should not get. */
export function rumCallOf(event) {
  if (!event || typeof event !== 'object' || typeof event.name !== 'string') return null;
  const attributes = event.attributes && typeof event.attributes === 'object' ? event.attributes : {};
  if (event.kind === 'exposure') {
    const key = typeof attributes[FLAG_KEY] === 'string' ? attributes[FLAG_KEY] : event.name;
    return { method: 'addFeatureFlagEvaluation', args: [key, attributes[FLAG_VALUE] === true] };
  }
  const context = Object.assign({}, attributes, { 'va_rollout.kind': event.kind, 'va_rollout.path': event.path });
  if (event.flow) context['va_rollout.flow'] = event.flow;
  if (event.kind === 'error') {
    const error = new Error(event.name);
    error.name = 'VaRolloutError';
    return { method: 'addError', args: [error, context] };
  }
  return { method: 'addAction', args: [event.name, context] };
}

/**
 * The sink for `Rollout.start({ telemetry: { sink: datadogSink() } })`. `options.rum`: the RUM
 * object (`datadogRum` from @datadog/browser-rum); default `window.DD_RUM` at each event, so RUM
 * may be initialized after the rollout starts. Events before RUM exists are dropped.
 */
export function datadogSink(options) {
  const explicit = options && options.rum;
  return (event) => {
    const rum = explicit || (typeof globalThis !== 'undefined' ? globalThis.DD_RUM : undefined);
    if (!rum) return;
    const call = rumCallOf(event);
    if (call && typeof rum[call.method] === 'function') rum[call.method](...call.args);
  };
}
