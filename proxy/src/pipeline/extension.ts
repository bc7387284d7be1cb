import type { RoleCode } from '@joycity/db';

/**
 * The extension point for nmId filtering (issue 6): the pipeline calls these hooks, the filter module
 * implements them. Default: no filtering. The lead wires the real implementation in `createProxyServer`.
 *
 * Contract:
 * - `guardRequest` runs per request after authentication and the deny-list, before anything goes upstream
 *   (also before the static cache). It may forward, deny (status + stable code) or answer locally.
 * - `planResponse` runs per upstream response. `null` streams the body through untouched (apart from URL
 *   rewriting). A plan makes the pipeline buffer the whole body (bounded by PROXY_MAX_BUFFERED_BYTES),
 *   decompress it, call `applyResponseFilter`, rewrite and re-encode the result.
 * - `applyResponseFilter` may throw: the pipeline then answers a clear error (403 for a
 *   {@link FilterDeniedError}, else 502) and never passes the unfiltered body (fail closed).
 */
export interface FilterRequestContext {
  userId: string;
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

export type GuardDecision =
  | { action: 'forward' }
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
}

export interface FilterExtension<Plan = unknown> {
  guardRequest(ctx: FilterRequestContext): GuardDecision | Promise<GuardDecision>;
  planResponse(ctx: FilterResponseContext): Plan | null | Promise<Plan | null>;
  applyResponseFilter(plan: Plan, input: FilterInput): Promise<FilterOutput>;
}

/** Thrown by a filter that refuses a response outright: the pipeline answers 403 with its code. */
export class FilterDeniedError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** No filtering: every request forwarded, every response streamed. */
export const NO_FILTERING: FilterExtension<never> = {
  guardRequest: () => ({ action: 'forward' }),
  planResponse: () => null,
  applyResponseFilter: () => Promise.reject(new Error('no filter plans are made without a filter')),
};
