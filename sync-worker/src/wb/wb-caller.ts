import { setTimeout as sleep } from 'node:timers/promises';
import type { Coordinator } from '@joycity/shared/coordination';
import { AppError } from '@joycity/shared/errors';
import type { WbHttp, WbResponse } from '@joycity/shared/wb';
import { WbBodyError } from '../ingest/json-array-splitter.ts';
import { calculateRetryDelay, rateLimitWaitMs } from '../retry/calculate-retry-delay.ts';
import type { RetryPolicy } from '../retry/retry-policy.ts';
import { bucketFor, bucketKey, type MethodGroup } from './method-limits.ts';

/** WB answered 401: the key is expired, withdrawn or lacks the category. The account's key is marked invalid. */
export class WbKeyRejectedError extends AppError {
  constructor(detail: string) {
    super('WB_KEY_REJECTED', `WB refused the API key (401${detail ? `: ${detail}` : ''})`, { status: 401 });
  }
}

/** WB answered a status we do not retry (400, 403, 404…), or the retry budget is spent. */
export class WbCallError extends AppError {
  readonly httpStatus: number | null;
  constructor(code: string, message: string, httpStatus: number | null, cause?: unknown) {
    super(code, message, { status: 502, details: { httpStatus }, cause });
    this.httpStatus = httpStatus;
  }
}

export interface CallCounters {
  requests: number;
  rateLimited: number;
  retries: number;
}

export interface WbCallerDeps {
  http: WbHttp;
  coordinator: Coordinator;
  policy: RetryPolicy;
  timeScale: number;
  random?: () => number;
  /** Observes every answer (metrics). */
  onResponse?: (group: MethodGroup, status: number | 'error') => void;
}

export interface WbCallTarget {
  group: MethodGroup;
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
}

export interface KeyContext {
  accountId: number;
  apiKey: string;
  keyType: string | null;
  counters: CallCounters;
  signal?: AbortSignal;
}

/** Errors of the transport or of a broken body: worth another try. */
export function isTransient(err: unknown): boolean {
  if (err instanceof WbBodyError) return true;
  if (err instanceof SyntaxError) return true; // a JSON body cut short
  const e = err as { code?: unknown; name?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code.startsWith('Z_') || code.startsWith('UND_ERR') || code.startsWith('ERR_STREAM')) return true;
  if (['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
    return true;
  if (e.name === 'TimeoutError') return true;
  return (
    typeof e.message === 'string' && /terminated|premature close|unexpected end of file/i.test(e.message)
  );
}

async function detailOf(res: WbResponse): Promise<string> {
  try {
    const body = JSON.parse(await res.text()) as { detail?: unknown; title?: unknown; errors?: unknown };
    const text =
      typeof body.detail === 'string' ? body.detail : typeof body.title === 'string' ? body.title : '';
    return (text || JSON.stringify(body.errors ?? '')).slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * Makes one logical WB call (one page) under WB's rules: takes a token from the shared bucket of (account,
 * method group) first; on 429 empties the bucket for as long as WB asked (`X-Ratelimit-Retry`/`Reset`) and
 * tries again; on 5xx, connection resets, timeouts and broken bodies backs off exponentially with jitter
 * within the retry budget; on 401 throws {@link WbKeyRejectedError} at once. `handle` gets 200 and 204
 * answers and may be called again after a transient failure while reading the body, so it must be
 * all-or-nothing (the page's transaction).
 */
export function createWbCaller(deps: WbCallerDeps) {
  const random = deps.random ?? Math.random;
  const pause = (ms: number, signal?: AbortSignal) =>
    ms > 0 ? sleep(ms, undefined, signal ? { signal } : {}) : Promise.resolve();

  return async function callWb<T>(
    key: KeyContext,
    target: WbCallTarget,
    handle: (res: WbResponse) => Promise<T>,
  ): Promise<T> {
    const bucket = bucketFor(target.group, key.keyType, deps.timeScale);
    const bucketName = bucketKey(key.accountId, target.group);
    let failures = 0;
    let rateLimited = 0;
    let lastError: unknown;
    for (;;) {
      key.signal?.throwIfAborted();
      for (;;) {
        const taken = await deps.coordinator.takeTokens(bucketName, bucket);
        if (taken.allowed) break;
        await pause(taken.retryAfterMs, key.signal);
      }
      let res: WbResponse | undefined;
      try {
        key.counters.requests++;
        res = await deps.http({
          method: target.method,
          url: target.url,
          apiKey: key.apiKey,
          ...(target.body !== undefined ? { body: target.body } : {}),
          ...(key.signal ? { signal: key.signal } : {}),
        });
        deps.onResponse?.(target.group, res.status);
        if (res.status === 200 || res.status === 204) return await handle(res);
        if (res.status === 429) {
          const wait = rateLimitWaitMs(res.headers, 60_000);
          await res.dump();
          rateLimited++;
          key.counters.rateLimited++;
          if (rateLimited > deps.policy.maxRateLimited) {
            throw new WbCallError(
              'WB_RATE_LIMITED',
              `WB kept answering 429 (${rateLimited} times) for ${target.group}`,
              429,
            );
          }
          const ms = Math.ceil(wait.ms / deps.timeScale);
          await deps.coordinator.penalize(bucketName, bucket, ms);
          continue; // the bucket now holds us back until WB's wait is over
        }
        if (res.status === 401) throw new WbKeyRejectedError(await detailOf(res));
        if (res.status >= 500 || res.status === 408) {
          lastError = new WbCallError('WB_SERVER_ERROR', `WB answered ${res.status}`, res.status);
          await res.dump();
        } else {
          throw new WbCallError(
            `WB_HTTP_${res.status}`,
            `WB answered ${res.status} for ${target.method} ${new URL(target.url).pathname}: ${await detailOf(res)}`,
            res.status,
          );
        }
      } catch (err) {
        if (!isTransient(err)) throw err;
        if (!res) deps.onResponse?.(target.group, 'error');
        res?.body.destroy();
        lastError = err;
      }
      failures++;
      key.counters.retries++;
      const delay = calculateRetryDelay(deps.policy, failures, random, deps.timeScale);
      if (delay === null) {
        throw new WbCallError(
          'WB_RETRIES_EXHAUSTED',
          `${target.group}: gave up after ${failures} failures; last: ${(lastError as Error)?.message ?? lastError}`,
          (lastError as WbCallError)?.httpStatus ?? null,
          lastError,
        );
      }
      await pause(delay, key.signal);
    }
  };
}

export type WbCaller = ReturnType<typeof createWbCaller>;
