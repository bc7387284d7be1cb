import type { RoleCode } from '@joycity/db';

/**
 * The extension point for nmId filtering (issue 6): the pipeline calls these hooks, the filter module
 * implements them. `startProxyServer` plugs in the nmId filter (`nm-filter.ts`) unless a test passes another.
 *
 * Contract:
 * - `guardRequest` runs per request after authentication and the deny-list, before anything goes upstream
 *   (also before the static cache). It may forward (optionally with a {@link RequestRewrite} sent upstream
 *   instead of the client's query/body), deny (status + stable code) or answer locally.
 * - `planResponse` runs per upstream response. `null` streams the body through untouched (apart from URL
 *   rewriting). A plan makes the pipeline buffer the whole body (bounded by PROXY_MAX_BUFFERED_BYTES),
 *   decompress it, call `applyResponseFilter`, rewrite and re-encode the result.
 * - `applyResponseFilter` may throw: the pipeline then answers a clear error (403 for a
 *   {@link FilterDeniedError}, 502 with the code of a {@link FilterFailedError}, else 502
 *   `PROXY_FILTER_FAILED`) and never passes the unfiltered body (fail closed). Its output may carry a status.
 */
export interface FilterRequestContext {
  userId: string;
  /** For the audit log. */
  userEmail: string | null;
  /** The client's address (for the audit log), when known. */
  ip: string | undefined;
  roles: readonly RoleCode[];
  locale: 'ru' | 'en';
  /** The manager's current account (never null here: the pipeline refuses users without one). */
  accountId: number;
  /** The WB host the request goes to, e.g. `seller-weekly-report.wildberries.ru`. */
  wbHost: string;
  method: string;
  /** The path (no query), as WB sees it. */
  path: string;
  /** The query string with its leading `?`, or `''`. */
  search: string;
  /** The request body as sent (bounded), or `undefined` when there is none. */
  body: Uint8Array | undefined;
  /** Request headers after stripping (lower-case names); no credentials. */
  headers: Readonly<Record<string, string>>;
}

/**
 * What goes upstream instead of the client's request (e.g. a page widened so every visible row is counted):
 * `search` replaces the query (with its leading `?`, or `''`), `body` the request body.
 */
export interface RequestRewrite {
  search?: string;
  body?: Uint8Array;
}

export type GuardDecision =
  | { action: 'forward'; rewrite?: RequestRewrite }
  | { action: 'deny'; status: number; code: string; message?: string }
  | {
      action: 'answer';
      status: number;
      headers?: Record<string, string>;
      body: string | Uint8Array;
    };

export interface FilterResponseContext extends FilterRequestContext {
  status: number;
  /** `content-type` of the upstream response (`''` when absent). */
  contentType: string;
  /** Upstream response headers (lower-case names, Set-Cookie removed). */
  responseHeaders: Readonly<Record<string, string>>;
}

export interface FilterInput {
  status: number;
  contentType: string;
  /** The decompressed upstream body. */
  body: Uint8Array;
}

export interface FilterOutput {
  body: Uint8Array | string;
  contentType: string;
  /** A status of the filter's own (e.g. 404 for a campaign the manager may not see); default: upstream's. */
  status?: number;
}

/** What becomes of one message of a live channel: its new text, or dropped with a reason (metrics, logs). */
export type LiveDecision = { action: 'pass'; text: string } | { action: 'drop'; reason: string };

/**
 * The filter of one live connection (a WebSocket or an event stream) of a filtered host: every message from
 * WB goes through it before the browser sees it; what it cannot understand it drops (fail closed).
 */
export interface LiveFilter {
  /** A WebSocket text frame from WB (its JSON text). */
  frame(text: string): Promise<LiveDecision>;
  /** An event-stream event from WB: its name (`message` when none) and its data. */
  event(event: string, data: string): Promise<LiveDecision>;
}

export interface FilterExtension<Plan = unknown> {
  guardRequest(ctx: FilterRequestContext): GuardDecision | Promise<GuardDecision>;
  planResponse(ctx: FilterResponseContext): Plan | null | Promise<Plan | null>;
  applyResponseFilter(plan: Plan, input: FilterInput): Promise<FilterOutput>;
  /**
   * The filter of a live channel (WebSocket, event stream) opened with `ctx`, or null to relay it untouched
   * (hosts that carry no data). Absent: relayed untouched (transport tests).
   */
  liveFilter?(ctx: FilterRequestContext): LiveFilter | null | Promise<LiveFilter | null>;
}

/** Thrown by a filter that refuses a response outright: the pipeline answers 403 with its code. */
export class FilterDeniedError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Thrown by a filter that cannot decide about a response (unparseable, unexpected shape, wrong type): the
 * pipeline answers 502 with its stable code and never passes the body (fail closed).
 */
export class FilterFailedError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** No filtering: every request forwarded, every response streamed. */
export const NO_FILTERING: FilterExtension<never> = {
  guardRequest: () => ({ action: 'forward' }),
  planResponse: () => null,
  applyResponseFilter: () => Promise.reject(new Error('no filter plans are made without a filter')),
};
