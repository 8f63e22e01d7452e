// Types of va-rollout's public API. The package's JavaScript entry points (index.js for
// bundlers, node/index.cjs for Node, web/index.js for plain pages) all export `Rollout`.

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/** Where the page runs. Unknown hosts resolve to `'production'` (fail closed). */
export type Environment = 'production' | 'staging' | 'development' | 'localhost';

/** The vets-api `GET /v0/feature_toggles` response (values already evaluated for the user). */
export interface VetsApiFeatureToggles {
  data: {
    type: 'feature_toggles';
    features: Array<{ name: string; value: boolean }>;
  };
}

/** A Flipper gate value: Flipper's API sends strings; native JSON values are accepted too. */
export type FlipperGateValue = boolean | number | string | string[] | null;

/** A Flipper API features document (`GET /flipper/api/features`), evaluated locally. */
export interface FlipperFeaturesDocument {
  features: Array<{
    key: string;
    state?: 'on' | 'off' | 'conditional' | string;
    gates: Array<{
      /** `boolean`, `actors`, `groups`, `percentage_of_actors`, `percentage_of_time`, … */
      key: string;
      name?: string;
      value: FlipperGateValue;
    }>;
  }>;
}

/** Which actor vets-api evaluates a flag for (as in vets-api's config/features.yml). */
export type ActorType = 'user' | 'cookie_id';

export interface FlagsConfig {
  /** `'vets-api'` (server-evaluated values) or `'flipper'` (a Flipper document, evaluated here). */
  source?: 'vets-api' | 'flipper';
  /** Endpoint to fetch, e.g. `'/v0/feature_toggles'`. Omit for bootstrap-only (no network). */
  url?: string | null;
  /** snake_case flag names to request (`?features=a,b,c`) and to decide. */
  names?: string[];
  /** The app's declared defaults, used when nothing better is known. */
  defaults?: Record<string, boolean>;
  /** A vets-api response or a Flipper features document to decide from before (or without) a fetch. */
  bootstrap?: VetsApiFeatureToggles | FlipperFeaturesDocument | null;
  /** Per-flag actor type: name → `'user'` (default) or `'cookie_id'` (the FLIPPER_ID cookie). */
  actorTypes?: Record<string, ActorType>;
  /** Fetch timeout in ms (default 3000). */
  timeoutMs?: number;
  /** Poll interval in ms; 0 (default) = no polling (refresh on start, visibility and setActor). */
  refreshIntervalMs?: number;
  /** Maximum age of the localStorage cache in ms (default 24 h). */
  maxAgeMs?: number;
  /** Cached values older than this are marked `stale` (default 5 min). */
  staleAfterMs?: number;
  /** feature → bucket key for percentage hashing (rollout groups fill this in). */
  bucketKeys?: Record<string, string>;
  /**
   * vets-api's CSRF handshake: send `X-CSRF-Token` from `localStorage.csrfToken` and store a
   * rotated token from the response. Default: `true` for the vets-api source, else `false`.
   */
  csrf?: boolean;
}

/** Who flags are evaluated for. Flipper ids are case sensitive: lowercase email or account UUID. */
export interface Actor {
  id?: string;
  /** Several ids: Flipper ≥ 1.0 sorts them and hashes them joined with no separator. */
  ids?: string[];
  /** Groups the app says the actor belongs to (Flipper group gates). */
  groups?: string[];
}

/** A rollout group: members that must resolve together. */
export interface RolloutGroupConfig {
  members: string[];
  /** `'all-or-none'`: on only when every member is on; a mixed state resolves to off for all. */
  policy: 'all-or-none';
  /**
   * Flipper source only: bucket every member on the group's name so one percentage admits the
   * same actors to all members (default `true`). `false` = exact per-feature Flipper parity.
   */
  sharedBucket?: boolean;
}

export type EventKind =
  | 'click'
  | 'page_view'
  | 'transition'
  | 'timing'
  | 'error'
  | 'exposure'
  | 'action';

/** A sampling rule; the first rule matching an event decides its rate. */
export interface SamplingRule {
  kind: EventKind;
  when?: {
    flow?: 'curated' | 'legacy' | string;
    /** A scrubbed path, e.g. `'/new-message/select-care-team/'`. */
    path?: string;
    /** Flag values the event's context must have. */
    flags?: Record<string, boolean>;
  };
  /** 0..1 */
  rate: number;
}

/** A telemetry event as handed to `beforeSend` (already scrubbed; scrubbed again after). Only
 * `name`, `path`, `flow` and `attributes` can be changed. */
export interface TelemetryEvent {
  kind: EventKind;
  name: string;
  path: string;
  flow?: string | null;
  attributes: Record<string, string | number | boolean>;
}

export interface TelemetryConfig {
  /** OTLP/HTTP logs endpoint, e.g. `'https://collector.example/v1/logs'`. Omit for no OTLP. */
  url?: string | null;
  /**
   * Gets every event as it is queued (sampled, scrubbed, after `beforeSend`), e.g.
   * `datadogSink()` from `va-rollout/datadog`. With a `url` too, events go to both.
   */
  sink?: (event: TelemetryEvent) => void;
  /**
   * Send even on a test page: hostname exactly `localhost`, or `window.Mocha` / `window.Cypress`
   * defined (vets-website's `canInitDatadog` rule). Default `false`: telemetry is off there.
   */
  enableInTestEnvironments?: boolean;
  /** `service.name` resource attribute. */
  service?: string;
  /** Percentage (0–100) of sessions whose events are kept (decided once per session id). */
  sessionSampleRate?: number;
  rules?: SamplingRule[];
  /** Flags whose values every event carries, so any metric splits new versus base. */
  contextFlags?: string[];
  /** Last chance to change or drop (return `null`) an event. */
  beforeSend?: (event: TelemetryEvent) => TelemetryEvent | null;
  /** `service.version` and `deployment.environment.name` (default: the rollout's environment). */
  serviceVersion?: string;
  environment?: string;
  /** App attribute keys whose string values are kept (scrubbed); query keys kept in paths. */
  attributeAllowList?: string[];
  queryAllowList?: string[];
  /** Flush thresholds (defaults: 50 events, 16 KiB, 5000 ms). */
  batch?: { maxEvents?: number; maxBytes?: number; maxDelayMs?: number };
  /** Queue memory cap in bytes (default 512 KiB); beyond it the oldest events spill to IndexedDB. */
  maxQueueBytes?: number;
  /** A record not acknowledged after this long is given up (default 24 h); no attempt limit. */
  maxAgeMs?: number;
  /** IndexedDB spill store bounds (defaults: 5 MiB, `maxAgeMs`); `maxBytes: 0` turns it off. */
  spill?: { maxBytes?: number; maxAgeMs?: number };
  /** Base that sampling-rule paths are relative to, e.g. `'/my-health/secure-messages'`. */
  basePath?: string;
}

export interface RolloutConfig {
  /** Default: from `location.hostname`; unknown hosts ⇒ `'production'`. */
  environment?: Environment;
  flags?: FlagsConfig;
  actor?: Actor | null;
  /** Rollout groups by name. The VAOS preset `vaos_service` is the default group. */
  groups?: Record<string, RolloutGroupConfig>;
  /** Default options for `rollout.secureMessaging()`. */
  secureMessaging?: { basePath?: string };
  /** Extends or overrides rows of the VAOS routing table. */
  vaos?: { table?: Record<string, { category?: string; vaosService?: { method: string; path: string }; legacy?: { method: string; path: string } }> };
  telemetry?: TelemetryConfig;
}

// ---------------------------------------------------------------------------------------------
// Decisions and errors
// ---------------------------------------------------------------------------------------------

/** Why a decision has its value (aligned with OpenFeature / OFREP reasons). */
export type Reason =
  | 'STATIC'
  | 'TARGETING_MATCH'
  | 'SPLIT'
  | 'DISABLED'
  | 'DEFAULT'
  | 'CACHED'
  | 'ERROR'
  | 'OVERRIDE'
  | 'PINNED'
  /**
   * Browser entries, before the wasm core has joined: the bootstrap is a Flipper document, which
   * only the core evaluates; the value is the declared default until `ready()`.
   */
  | 'PENDING';

/** Where a decision's data came from. */
export type Source = 'vets-api' | 'flipper' | 'cache' | 'bootstrap' | 'default' | 'override';

export interface Decision {
  name: string;
  value: boolean;
  reason: Reason;
  source: Source;
  /** The data is older than the cache's max age, or the last refresh failed. */
  stale: boolean;
}

/** A row of `flags()`, for `console.table`. */
export interface FlagRow {
  name: string;
  value: boolean;
  reason: Reason;
  source: Source;
}

/** `explain(name)`: the decision plus the gates or group members and why (shape may grow). */
export interface Explanation extends Partial<Decision> {
  name: string;
  [detail: string]: unknown;
}

/**
 * The latest error. Engine codes (fetch, HTTP status, parse, size cap, …) come from wasm;
 * `INTERNAL` / `WASM_TRAP` mean the wrapper caught an internal failure and fell back;
 * `ROUTE_ERROR`: a router call the engine refused (an action that does not apply to the page, a
 * bad path, context or parameter); `NOT_IN_BUILD`: `secureMessaging()`/`vaos()` on a build without
 * routing. A routing fallback stays in the session's flow or system (the one the router last
 * answered, else the pinned one; legacy / null before the first). A build without telemetry acts
 * as if telemetry were not configured.
 * Browser entries only (the core joins in the background, docs/api.md "Before the core joins"):
 * `NOT_READY`: a call the JavaScript shell cannot answer as the core would, answered with its
 * fallback (await `ready()` first); `CONFIG_ERROR`: the core refused the configuration when it
 * joined (the shell keeps answering from bootstrap, cache and defaults); `LOAD_ERROR`: the wasm
 * module did not load; `EARLY_ROUTE_MISMATCH`: the core, replaying an early `start()`, routed
 * differently (a bug: please report it).
 */
export interface RolloutError {
  code: string;
  message: string;
}

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

export type SmFlow = 'curated' | 'legacy';

export type SmAction =
  | 'continue'
  | 'select_team'
  | 'different_team'
  | 'cant_find_team'
  | 'update_contact_list'
  | 'select_different_team';

export interface SmContext {
  /** Recipients messaged in the last 6 months, unblocked and on the preferred list (at most 4). */
  recentCareTeams?: number;
  selectedTeam?: string | null;
}

export interface SecureMessagingRouter {
  start(ctx?: SmContext): { path: string; flow: SmFlow };
  next(path: string, action: SmAction, ctx?: SmContext): { path: string; flow: SmFlow };
  guard(path: string, ctx?: SmContext): { path: string; redirected: boolean; reason: string; flow: SmFlow };
  /** `'auto'` (1 system), `'radio'` (2–5), `'dropdown'` (6+). */
  careSystemPicker?(systemCount: number): 'auto' | 'radio' | 'dropdown';
  /** True only when the user has at least one VistA (non-Oracle-Health) system. */
  showUpdateContactList?(systems: Array<{ id?: string; oracleHealth?: boolean } | string>): boolean;
}

export type VaosOperation =
  | 'appointments.list'
  | 'appointments.get'
  | 'appointments.create'
  | 'appointments.cancel'
  | 'requests.list'
  | 'requests.create'
  | 'requests.cancel'
  | 'facilities.list'
  | 'facilities.get'
  | 'scheduling.configurations'
  | 'eligibility'
  | 'clinics'
  | 'slots'
  | (string & {});

export type VaosSystem = 'vaos-service' | 'legacy';

export interface VaosEndpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  system: VaosSystem;
  reason: string;
}

export interface VaosRouter {
  /** `null` only when the router failed internally (see `lastError()`). */
  endpoint(operation: VaosOperation, params?: Record<string, unknown>): VaosEndpoint | null;
  system(category: string): VaosSystem | null;
}

// ---------------------------------------------------------------------------------------------
// Telemetry
// ---------------------------------------------------------------------------------------------

export type Attributes = Record<string, string | number | boolean | null | undefined>;

export interface Track {
  /** Like Datadog's `addAction`. */
  action(name: string, attrs?: Attributes): void;
  timing(name: string, ms: number, attrs?: Attributes): void;
  error(name: string, attrs?: Attributes): void;
  /** Measures the request (latency, status; `attrs.method`, `attrs.system`) and returns the same promise's outcome. */
  request<T>(name: string, promise: Promise<T>, attrs?: { method?: string; system?: string }): Promise<T>;
}

export interface TelemetryStats {
  queued: number;
  sent: number;
  retried: number;
  dropped: number;
  failed: number;
  pending: number;
  sampled: boolean;
  sessionId: string;
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

export declare class Rollout {
  /**
   * Starts the SDK. The only method that throws: an `Error` listing every configuration
   * problem (unknown source, wrong types, …). Everything else falls back safely.
   * Browser entries (bundler, web) return at once, before the wasm core has loaded: they throw
   * only for a missing `flags` or an unknown `flags.source`; any other configuration problem is
   * found when the core joins and reported by `lastError()` (`CONFIG_ERROR`). Once the core has
   * loaded (a later `start`), or in Node, every configuration problem throws here.
   */
  static start(config: RolloutConfig): Rollout;
  private constructor();

  /** Synchronous, never throws; `false` for unknown names. A lookup, not an evaluation. */
  isEnabled(name: string): boolean;
  evaluate(name: string): Decision;
  /**
   * Flipper's verdict for `name` and another actor id (no groups), from the Flipper document in
   * use; the rollout's own actor and decisions are untouched. Overrides and defaults do not
   * apply; `false` for vets-api sources, unknown names, or on error. Never throws.
   */
  evaluateFor(name: string, actorId: string): boolean;
  /** `{ name: value }` for every known flag (a copy). */
  snapshot(): Record<string, boolean>;
  /** Re-evaluates locally (Flipper source) or refetches (vets-api source). */
  setActor(actor: Actor | null): void;
  /**
   * Settles (never rejects) after the first refresh attempt, success or fallback. Browser
   * entries: after the wasm core has joined (the calls made before replayed into it) and then
   * that first refresh attempt; also when the core cannot join (`lastError()` says why).
   */
  ready(): Promise<void>;
  /** Never rejects; see `lastError()` for what went wrong. */
  refresh(): Promise<void>;
  /** `listener(names)` gets the names whose decision changed. Returns the unsubscribe function. */
  onChange(listener: (names: string[]) => void): () => void;
  lastError(): RolloutError | null;

  explain(name: string): Explanation;
  flags(): FlagRow[];
  /** QA override; returns `false` when refused (always in production). */
  override(name: string, value: boolean): boolean;
  clearOverrides(): void;
  environment(): Environment;
  /**
   * Opens the QA panel (a fixed corner widget listing flags, values, reasons and overrides, with
   * buttons to flip them) and returns `true`; called again, closes it and returns `false`.
   * Refused in production (and outside a browser): returns `false` with a console warning.
   */
  panel(): boolean;

  secureMessaging(opts?: { basePath?: string }): SecureMessagingRouter;
  vaos(): VaosRouter;

  readonly track: Track;
  /** Sends everything queued now. */
  flush(): void;
  /**
   * The telemetry pipeline's counters; `null` when there is no pipeline: telemetry not configured
   * (no `telemetry.url`), a build without telemetry, or an internal error (see `lastError()`).
   */
  telemetryStats(): TelemetryStats | null;
}

/** Builds the `Rollout` class over a wasm-bindgen module exporting `WasmRollout` (advanced use). */
export declare function createRolloutClass(
  wasm: unknown,
  extras?: { panel?: (rollout: Rollout) => boolean },
): typeof Rollout;

/** QA devtools installed on `window.vaRollout` in a browser (overrides refused in production). */
export interface VaRolloutDevtools {
  flags(): FlagRow[];
  explain(name: string): Explanation | null;
  override(name: string, value: boolean): boolean;
  clearOverrides(): void;
  refresh(): Promise<void>;
  /** `rollout.panel()` of the latest started Rollout: `true` when opened, `false` when closed or refused. */
  panel(): boolean;
}

declare global {
  interface Window {
    vaRollout?: VaRolloutDevtools;
  }
}
