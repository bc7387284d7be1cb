import { urlOf, type HostName } from './hosts.ts';
import { authorizev3, forgetSellerLk, goToLogin, refreshSession, sellerLkToken } from './session.ts';
import { setCheck } from './status.ts';

/**
 * Calls to the portal's API hosts, as WB's SPA makes them: absolute URLs on the right subdomain, cookies
 * (`credentials: 'include'`), `authorizev3` from localStorage, `wb-seller-lk` where the host wants it,
 * `root-version`. A 401 refreshes the session (or the seller-lk token) once and retries.
 */

export const ROOT_VERSION = 'v2.11.4';

/** Hosts whose API needs the `wb-seller-lk` token. */
const NEEDS_SELLER_LK: ReadonlySet<HostName> = new Set(['services']);

export class ApiError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

type Query = Record<string, string | number | boolean | undefined | null | Array<string | number>>;

export interface CallInit {
  method?: string;
  query?: Query;
  body?: unknown;
}

async function headers(host: HostName, json: boolean): Promise<Record<string, string>> {
  const h: Record<string, string> = { 'root-version': ROOT_VERSION, authorizev3: authorizev3() ?? '' };
  if (json) h['content-type'] = 'application/json';
  if (NEEDS_SELLER_LK.has(host)) h['wb-seller-lk'] = await sellerLkToken();
  return h;
}

/** A raw authenticated request (the Response, after at most one refresh). */
export async function request(host: HostName, path: string, init: CallInit = {}): Promise<Response> {
  const url = urlOf(host, path, init.query);
  const send = async () =>
    fetch(url, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      credentials: 'include',
      headers: await headers(host, init.body !== undefined),
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  let res = await send();
  if (res.status === 401) {
    const text = await res.clone().text();
    if (text.includes('wb-seller-lk')) forgetSellerLk();
    else if (!(await refreshSession())) goToLogin();
    res = await send();
    if (res.status === 401) goToLogin();
  }
  if (res.ok) setCheck('fetch', 'ok', `${host}: ${new URL(url).host}`);
  return res;
}

/** A `/ns/*` call: the `data` of WB's envelope, or an ApiError with its `errorText`. */
export async function ns<T>(host: HostName, path: string, init: CallInit = {}): Promise<T> {
  const res = await request(host, path, init);
  const body = (await res.json().catch(() => ({}))) as { data?: T; error?: boolean; errorText?: string };
  if (!res.ok || body.error) throw new ApiError(res.status, body.errorText || `HTTP ${res.status}`);
  return body.data as T;
}

export interface RpcCall {
  method: string;
  params?: Record<string, unknown>;
}

let rpcSeq = 1;

/** One JSON-RPC 2.0 call to a per-method URL. */
export async function rpc<T>(host: HostName, path: string, params: Record<string, unknown> = {}): Promise<T> {
  const res = await request(host, path, { body: { params, jsonrpc: '2.0', id: `json-rpc_${rpcSeq++}` } });
  const body = (await res.json()) as { result?: T; error?: { message: string; code: number } };
  if (body.error) throw new ApiError(body.error.code, body.error.message);
  return body.result as T;
}

/** A JSON-RPC batch: results in call order (a failed call gives an ApiError in its place). */
export async function rpcBatch<T>(
  host: HostName,
  path: string,
  calls: RpcCall[],
): Promise<Array<T | ApiError>> {
  const res = await request(host, path, {
    body: calls.map((c) => ({
      method: c.method,
      params: c.params ?? {},
      jsonrpc: '2.0',
      id: `json-rpc_${rpcSeq++}`,
    })),
  });
  const body = (await res.json()) as Array<{ result?: T; error?: { message: string; code: number } }>;
  return body.map((r) => (r.error ? new ApiError(r.error.code, r.error.message) : (r.result as T)));
}

/**
 * A file download through XMLHttpRequest (progress events, a Blob), with the same headers as fetch.
 */
export async function xhrDownload(
  host: HostName,
  path: string,
  query: Query = {},
  onProgress?: (loaded: number) => void,
): Promise<{ blob: Blob; name: string }> {
  const h = await headers(host, false);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', urlOf(host, path, query));
    xhr.withCredentials = true;
    xhr.responseType = 'blob';
    for (const [k, v] of Object.entries(h)) xhr.setRequestHeader(k, v);
    xhr.onprogress = (e) => onProgress?.(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        const disposition = xhr.getResponseHeader('content-disposition') ?? '';
        const m = /filename\*=UTF-8''([^;]+)/.exec(disposition);
        setCheck('xhr', 'ok', `${xhr.status}, ${(xhr.response as Blob).size} байт`);
        resolve({ blob: xhr.response as Blob, name: m?.[1] ? decodeURIComponent(m[1]) : 'download' });
      } else {
        setCheck('xhr', 'fail', `HTTP ${xhr.status}`);
        reject(new ApiError(xhr.status, `download failed: HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () => {
      setCheck('xhr', 'fail', 'network error');
      reject(new ApiError(0, 'network error'));
    };
    xhr.send();
  });
}

/** Saves a Blob as a file (an `<a download>` on an object URL). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.dataset.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** base64 → Blob (exports that arrive inside JSON). */
export function base64Blob(base64: string, type: string): Blob {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A `/ns/*` GET through XMLHttpRequest (the balance chip uses it, as older parts of WB's SPA do). */
export async function xhrNs<T>(host: HostName, path: string, query: Query = {}): Promise<T> {
  const h = await headers(host, false);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', urlOf(host, path, query));
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    for (const [k, v] of Object.entries(h)) xhr.setRequestHeader(k, v);
    xhr.onload = () => {
      const body = xhr.response as { data?: T; error?: boolean; errorText?: string } | null;
      if (xhr.status === 200 && body && !body.error) {
        setCheck('xhr', 'ok', `XMLHttpRequest ${xhr.status} ${new URL(xhr.responseURL).host}`);
        resolve(body.data as T);
      } else {
        setCheck('xhr', 'fail', `HTTP ${xhr.status}`);
        reject(new ApiError(xhr.status, body?.errorText ?? `HTTP ${xhr.status}`));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network error'));
    xhr.send();
  });
}
