import { gunzipSync } from 'node:zlib';
import { request } from 'undici';

/**
 * Calls WB URLs through the emulator the way the platform does with `WB_UPSTREAM_OVERRIDE`: connect to the
 * emulator, send the real host in the `Host` header (Node's fetch cannot set Host, hence undici.request).
 *
 * @example
 * const wb = createWbClient(emulator.url);
 * const res = await wb.request('https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=2026-11-01', { token });
 * const rows = res.json<unknown[]>();
 */
export interface WbRequestInit {
  method?: string;
  /** Sent as the Authorization header, raw (WB accepts raw or `Bearer …`). */
  token?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Ask for gzip (default true). */
  gzip?: boolean;
}

export interface WbResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as received (still gzip-compressed when content-encoding is gzip). */
  raw: Buffer;
  /** The decoded body; throws when the gzip is broken (as the faults make it). */
  body(): Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface WbClient {
  request(url: string, init?: WbRequestInit): Promise<WbResponse>;
}

export function createWbClient(emulatorUrl: string): WbClient {
  const base = new URL(emulatorUrl);
  return {
    async request(url, init = {}) {
      const target = new URL(url);
      const headers: Record<string, string> = {
        host: target.host,
        ...(init.gzip === false ? {} : { 'accept-encoding': 'gzip' }),
        ...(init.token ? { authorization: init.token } : {}),
        ...init.headers,
      };
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await request(new URL(target.pathname + target.search, base), {
        method: (init.method ?? (body === undefined ? 'GET' : 'POST')) as 'GET',
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const raw = Buffer.from(await res.body.arrayBuffer());
      const flat = Object.fromEntries(
        Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
      );
      const decode = () => (flat['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
      return {
        status: res.statusCode,
        headers: flat,
        raw,
        body: decode,
        text: () => decode().toString('utf8'),
        json: <T>() => JSON.parse(decode().toString('utf8')) as T,
      };
    },
  };
}
