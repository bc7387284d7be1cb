import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { request, type Dispatcher } from 'undici';
import { AppError } from '../errors/app-error.ts';
import { lookupWbHost } from './hosts.ts';

/**
 * Calls WB's seller APIs with an API key. Only hosts of the catalogue (`hosts.ts`, kind `seller-api`) are ever
 * contacted; with `upstreamOverride` (WB_UPSTREAM_OVERRIDE) every request goes to that origin instead, keeping
 * the real host in the `Host` header (the emulator dispatches by it). undici keeps `Host`; `fetch` would not.
 * Bodies are gzip-negotiated and handed back as a decoded stream, so a 100,000-row answer is never a string.
 */

export class WbHostNotAllowedError extends AppError {
  constructor(host: string) {
    super(
      'WB_HOST_NOT_ALLOWED',
      `'${host}' is not a WB seller-API host of the catalogue; refusing to call it`,
      {
        status: 500,
      },
    );
  }
}

export interface WbHttpOptions {
  /** WB_UPSTREAM_OVERRIDE: an http(s) origin that receives every request, Host header kept. */
  upstreamOverride?: string | undefined;
  /** An undici dispatcher (agent) to use instead of the global one. */
  dispatcher?: Dispatcher;
  /** Waiting for response headers / between body chunks; WB's big pages take a while. Default 120 s / 60 s. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

export interface WbCall {
  method: 'GET' | 'POST';
  /** The real WB URL, e.g. `https://statistics-api.wildberries.ru/api/v1/supplier/orders?dateFrom=…`. */
  url: string;
  apiKey: string;
  /** JSON body for POST. */
  body?: unknown;
  signal?: AbortSignal;
}

export interface WbResponse {
  status: number;
  headers: Record<string, string | undefined>;
  /** The decoded (gunzipped) body; a broken gzip stream errors while it is read. */
  body: Readable;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Discards the body (keeps the connection reusable). */
  dump(): Promise<void>;
}

export type WbHttp = (call: WbCall) => Promise<WbResponse>;

/**
 * @example
 * const wb = createWbHttp({ upstreamOverride: process.env.WB_UPSTREAM_OVERRIDE });
 * const res = await wb({ method: 'GET', url: 'https://statistics-api.wildberries.ru/ping', apiKey });
 */
export function createWbHttp(options: WbHttpOptions = {}): WbHttp {
  const override = options.upstreamOverride ? new URL(options.upstreamOverride) : undefined;
  if (override && override.protocol !== 'http:' && override.protocol !== 'https:') {
    throw new RangeError(`upstreamOverride must be an http(s) origin, got '${options.upstreamOverride}'`);
  }
  return async function wbHttp(call: WbCall): Promise<WbResponse> {
    const target = new URL(call.url);
    const entry = lookupWbHost(target.host);
    if (target.protocol !== 'https:' || !entry || entry.kind !== 'seller-api') {
      throw new WbHostNotAllowedError(target.host);
    }
    const origin = override ? override.origin : target.origin;
    const headers: Record<string, string> = {
      host: entry.host,
      authorization: call.apiKey,
      'accept-encoding': 'gzip',
      accept: 'application/json',
      'user-agent': 'joycity-sync/1',
    };
    let body: string | undefined;
    if (call.body !== undefined) {
      body = JSON.stringify(call.body);
      headers['content-type'] = 'application/json';
    }
    const res = await request(`${origin}${target.pathname}${target.search}`, {
      method: call.method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(call.signal ? { signal: call.signal } : {}),
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      headersTimeout: options.headersTimeoutMs ?? 120_000,
      bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    });
    const flat: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(res.headers))
      flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    const raw = res.body as unknown as Readable;
    const decoded =
      flat['content-encoding'] === 'gzip' ? raw.pipe(createGunzip()).on('close', () => raw.destroy()) : raw;
    if (decoded !== raw) raw.on('error', (err) => decoded.destroy(err));
    const text = async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of decoded) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    };
    return {
      status: res.statusCode,
      headers: flat,
      body: decoded,
      text,
      json: async () => JSON.parse(await text()) as unknown,
      dump: async () => {
        decoded.resume();
        await res.body.dump().catch(() => undefined);
      },
    };
  };
}
