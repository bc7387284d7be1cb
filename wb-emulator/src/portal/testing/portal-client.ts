import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import type { PortalCredentials } from '../../auth/portal-credentials.ts';
import { solvePow } from '../session/pow.ts';
import { CookieJar } from './cookie-jar.ts';

/**
 * Acts as a browser on the emulated portal from Node (tests of any workspace): requests go to the emulator
 * with the real Host header, cookies are kept per domain like a browser keeps them, `authorizev3` and
 * `wb-seller-lk` are sent where the SPA sends them.
 *
 * @example
 * const portal = createPortalClient(emu.url);
 * await portal.login(account.portal.phone, account.portal.smsCode);
 * const orders = await portal.ns('https://seller-weekly-report.wildberries.ru/ns/orders/analytics-back/api/v1/orders');
 */

export interface PortalResponse {
  status: number;
  headers: Record<string, string>;
  setCookies: string[];
  body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export interface PortalRequestInit {
  method?: string;
  headers?: Record<string, string>;
  /** JSON body (objects) or a raw string. */
  body?: unknown;
  /** An HTML form post (`application/x-www-form-urlencoded`). */
  form?: Record<string, string>;
  /** Send the stored `authorizev3` (default true when there is one). */
  authorizev3?: boolean;
  /** Fetch and send a `wb-seller-lk` token (default: for seller-services). */
  sellerLk?: boolean;
  /** The page's Origin (default the portal shell's). */
  origin?: string | null;
}

export interface PortalClient {
  readonly jar: CookieJar;
  authorizev3: string | undefined;
  request(url: string, init?: PortalRequestInit): Promise<PortalResponse>;
  /** A `/ns/*` call: `data` of the envelope (throws with the status and errorText otherwise). */
  ns<T = unknown>(url: string, init?: PortalRequestInit): Promise<T>;
  /** JSON-RPC: one call (its `result`) or a batch (the array of answers). */
  rpc<T = unknown>(url: string, method: string | undefined, params?: Record<string, unknown>): Promise<T>;
  rpcBatch(
    url: string,
    calls: Array<{ method: string; params?: Record<string, unknown> }>,
  ): Promise<Array<Record<string, unknown>>>;
  /** The phone + SMS login (with the anti-bot proof of work), then upgrade-cookie-authv3 for `authorizev3`. */
  login(phone: string, code: string): Promise<void>;
  /** Loads seeded credentials (`/__emulator/accounts` → `portal`) into the jar. */
  useCredentials(portal: PortalCredentials): void;
  /** The `wb-seller-lk` token (fetched once, then cached until `forgetSellerLk()`: expiry is the emulator clock's). */
  sellerLk(): Promise<string>;
  /** Drops the cached `wb-seller-lk` (after moving the emulator clock). */
  forgetSellerLk(): void;
}

export class PortalHttpError extends Error {
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
    this.status = status;
    this.body = body;
  }
}

export function createPortalClient(emulatorUrl: string, options: { https?: boolean } = {}): PortalClient {
  const base = new URL(emulatorUrl);
  const jar = new CookieJar();
  const scheme = options.https ? 'https' : 'http';
  let sellerLkCache: { token: string; exp: number } | undefined;

  const client: PortalClient = {
    jar,
    authorizev3: undefined,
    async request(url, init = {}) {
      const target = new URL(url);
      const host = target.hostname;
      const headers: Record<string, string> = { host, 'accept-encoding': 'gzip' };
      if (options.https) headers['x-forwarded-proto'] = 'https';
      const origin = init.origin === undefined ? `${scheme}://seller.wildberries.ru` : init.origin;
      if (origin) headers.origin = origin;
      const cookie = jar.header(host, target.pathname);
      if (cookie) headers.cookie = cookie;
      if (init.authorizev3 !== false && client.authorizev3) headers.authorizev3 = client.authorizev3;
      if (init.sellerLk ?? host === 'seller-services.wildberries.ru')
        headers['wb-seller-lk'] = await client.sellerLk();
      let body: string | undefined;
      if (init.form) {
        body = new URLSearchParams(init.form).toString();
        headers['content-type'] = 'application/x-www-form-urlencoded';
      } else if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['content-type'] = 'application/json';
      }
      Object.assign(headers, init.headers);
      const res = await request(new URL(target.pathname + target.search, base), {
        method: (init.method ?? (body === undefined ? 'GET' : 'POST')) as 'GET',
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const raw = Buffer.from(await res.body.arrayBuffer());
      const setCookie = res.headers['set-cookie'];
      const setCookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
      jar.store(host, setCookies);
      const flat = Object.fromEntries(
        Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v ?? '')]),
      );
      const decoded = flat['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      return {
        status: res.statusCode,
        headers: flat,
        setCookies,
        body: decoded,
        text: () => decoded.toString('utf8'),
        json: <T>() => JSON.parse(decoded.toString('utf8')) as T,
      };
    },
    async ns<T>(url: string, init?: PortalRequestInit) {
      const res = await client.request(url, init);
      if (res.status !== 200) throw new PortalHttpError(res.status, res.text());
      const body = res.json<{ data: T; error: boolean; errorText: string }>();
      if (body.error) throw new PortalHttpError(res.status, body.errorText);
      return body.data;
    },
    async rpc<T>(url: string, method: string | undefined, params: Record<string, unknown> = {}) {
      const res = await client.request(url, {
        body: { ...(method ? { method } : {}), params, jsonrpc: '2.0', id: 'json-rpc_1' },
      });
      if (res.status !== 200) throw new PortalHttpError(res.status, res.text());
      const body = res.json<{ result?: T; error?: { code: number; message: string } }>();
      if (body.error) throw new PortalHttpError(body.error.code, body.error.message);
      return body.result as T;
    },
    async rpcBatch(url, calls) {
      const res = await client.request(url, {
        body: calls.map((c, i) => ({
          method: c.method,
          params: c.params ?? {},
          jsonrpc: '2.0',
          id: `json-rpc_${i + 1}`,
        })),
      });
      if (res.status !== 200) throw new PortalHttpError(res.status, res.text());
      return res.json<Array<Record<string, unknown>>>();
    },
    async login(phone, code) {
      const auth = `${scheme}://seller-auth.wildberries.ru`;
      const authOrigin = { origin: auth };
      const challenge = (
        await client.request('https://pow.wb.ru/api/v1/challenge', { body: {}, ...authOrigin })
      ).json<{ id: string; prefix: string; difficulty: number }>();
      const verified = (
        await client.request('https://pow.wb.ru/api/v1/verify', {
          body: { id: challenge.id, nonce: solvePow(challenge.prefix, challenge.difficulty) },
          ...authOrigin,
        })
      ).json<{ token: string }>();
      const sent = await client.request('https://seller-auth.wildberries.ru/auth/v2/code', {
        body: { phone_number: phone },
        headers: { 'x-pow-token': verified.token },
        ...authOrigin,
      });
      if (sent.status !== 200) throw new PortalHttpError(sent.status, sent.text());
      const { sticker } = sent.json<{ payload: { sticker: string } }>().payload;
      const done = await client.request('https://seller-auth.wildberries.ru/auth/v2/auth', {
        body: { sticker, code },
        ...authOrigin,
      });
      if (done.status !== 200) throw new PortalHttpError(done.status, done.text());
      const upgraded = await client.ns<{ token: string }>(
        'https://seller.wildberries.ru/upgrade-cookie-authv3',
        { body: {} },
      );
      client.authorizev3 = upgraded.token;
      sellerLkCache = undefined;
    },
    useCredentials(portal) {
      for (const [name, value] of Object.entries(portal.cookies)) jar.set(name, value);
      for (const [name, value] of Object.entries(portal.refreshCookie))
        jar.set(name, value, 'seller-auth.wildberries.ru', true);
      client.authorizev3 = portal.authorizev3;
      sellerLkCache = undefined;
    },
    async sellerLk() {
      if (sellerLkCache) return sellerLkCache.token;
      const result = await client.rpc<{ data: { token: string; exp: number } }>(
        'https://seller.wildberries.ru/ns/suppliers-auth/suppliers-portal-core/auth/token',
        undefined,
      );
      sellerLkCache = { token: result.data.token, exp: result.data.exp };
      return result.data.token;
    },
    forgetSellerLk() {
      sellerLkCache = undefined;
    },
  };
  return client;
}
