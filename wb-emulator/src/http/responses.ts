import type { Context } from 'hono';
import type { HostEnv } from './types.ts';
import { utcSeconds } from '../util/moscow.ts';
import { hashString } from '../util/random.ts';

/**
 * WB's answer shapes: JSON bodies, problem+json errors (2026), and JSON arrays streamed row by row so a
 * 100,000-row page never sits in memory.
 */

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? 'Error';
}

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...headers } });
}

/** WB's internal error code look (`07e4668e--a53a3d31f8b0-[UK-…]`), derived from the request id. */
function internalCode(requestId: string): string {
  const h = hashString(requestId).toString(16).padStart(8, '0');
  return `${requestId.slice(0, 8)}--${requestId.slice(8, 20)}-[UK-${h}]`;
}

export interface ProblemInit {
  title: string;
  detail: string;
  code?: string;
  origin?: string;
  headers?: Record<string, string>;
}

/**
 * WB's gateway error body (401, 403, 404, 429, 5xx): `application/problem+json` with
 * title, detail, code, requestId, origin, status, statusText, timestamp.
 */
export function problem(c: Context<HostEnv>, status: number, init: ProblemInit, nowMs: number): Response {
  const { requestId } = c.env.wb;
  return new Response(
    JSON.stringify({
      title: init.title,
      detail: init.detail,
      code: init.code ?? internalCode(requestId),
      requestId,
      origin: init.origin ?? 's2s-api-auth-catalog',
      status,
      statusText: statusText(status),
      timestamp: utcSeconds(nowMs),
    }),
    { status, headers: { 'content-type': PROBLEM_TYPE, ...init.headers } },
  );
}

const encoder = new TextEncoder();
const CHUNK_CHARS = 256 * 1024;

/**
 * Streams `[row,row,…]` from an iterator, generating rows only as the client reads. `onEnd` gets the row
 * count once the array is complete.
 */
export function streamJsonArray(
  rows: Iterator<unknown>,
  options: { first?: IteratorResult<unknown>; onEnd?: (count: number) => void } = {},
): ReadableStream<Uint8Array> {
  let pending = options.first;
  let count = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        let text = started ? '' : '[';
        started = true;
        while (text.length < CHUNK_CHARS) {
          const next = pending ?? rows.next();
          pending = undefined;
          if (next.done) {
            controller.enqueue(encoder.encode(`${text}]`));
            controller.close();
            options.onEnd?.(count);
            return;
          }
          text += (count++ === 0 ? '' : ',') + JSON.stringify(next.value);
        }
        controller.enqueue(encoder.encode(text));
      },
      cancel() {
        rows.return?.(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * A JSON array answer. With `emptyStatus: 204` an empty result is `204 No Content` (finance-api), else `[]`.
 */
export function jsonArray(
  rows: Iterator<unknown>,
  options: {
    emptyStatus?: 200 | 204;
    onEnd?: (count: number) => void;
    headers?: Record<string, string>;
  } = {},
): Response {
  const first = rows.next();
  if (first.done) {
    options.onEnd?.(0);
    if (options.emptyStatus === 204) return new Response(null, { status: 204, headers: options.headers });
    return new Response('[]', { status: 200, headers: { 'content-type': JSON_TYPE, ...options.headers } });
  }
  return new Response(streamJsonArray(rows, { first, onEnd: options.onEnd }), {
    status: 200,
    headers: { 'content-type': JSON_TYPE, ...options.headers },
  });
}

/** Takes at most `limit` items from an iterator. */
export function* take<T>(items: Iterator<T>, limit: number): Generator<T> {
  for (let n = 0; n < limit; n++) {
    const next = items.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Maps an iterator lazily. */
export function* mapIter<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
