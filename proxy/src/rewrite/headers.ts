import type { HostMap } from '../hosts/host-map.ts';
import type { RuntimeScript } from '../runtime/script.ts';
import { rewriteCsp } from './csp.ts';
import { rewriteSetCookie } from './set-cookie.ts';
import { rewriteUrlsInText } from './url-text.ts';

/** Header input as Hono/fetch (`Headers`) or node:http/undici (`Record`) give it. */
export type HeaderInput = Headers | Record<string, string | string[] | undefined>;

export interface ResponseHeaderContext {
  hostMap: HostMap;
  /** The WB URL that answered (its host decides host-only cookies; relative Location stays relative). */
  wbUrl: string;
  /** When the body is an HTML page with our runtime: CSP allows it. */
  runtime?: RuntimeScript;
  /** `inline` (default) or `src` (the runtime served at `runtime.path`), as passed to `rewriteBody`. */
  runtimeMode?: 'inline' | 'src';
  /** From `rewriteBody`: inline scripts whose text changed, allowed where the CSP allows scripts by hash. */
  rewrittenInlineHashes?: readonly string[];
  /**
   * Which WB cookies may reach the browser (by name). Default: all. The transport passes its session-jar rule
   * here (WB's session cookies — `WBTokenV3`, `wbx-validation-key`, `wbx-refresh` — stay in the jar).
   */
  keepCookie?: (name: string) => boolean;
  /** The transport rewrote (or will re-encode) the body: length and digests of WB's bytes are dropped. */
  bodyRewritten?: boolean;
}

/**
 * Dropped: source maps; `Alt-Svc` (WB's HTTP/3 endpoints are not ours); `Clear-Site-Data` (on our host it would
 * clear the cookies of the whole registrable domain: the manager's JoyCity session too).
 */
const DROPPED = new Set(['sourcemap', 'x-sourcemap', 'alt-svc', 'clear-site-data']);
const DROPPED_WITH_BODY = new Set([
  'content-length',
  'content-md5',
  'digest',
  'content-digest',
  'repr-digest',
]);
const CSP = new Set(['content-security-policy', 'content-security-policy-report-only']);

function toHeaders(input: HeaderInput): Headers {
  if (input instanceof Headers) return new Headers(input);
  const h = new Headers();
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) h.append(k, item);
    else h.append(k, v);
  }
  return h;
}

/**
 * Response headers from WB → for the browser on the public hosts. `Location`, `Refresh`, `Link`,
 * `Content-Location`, `Access-Control-Allow-Origin`, `Timing-Allow-Origin` and every other header carrying a
 * WB URL are mapped; CSP rewritten (`rewriteCsp`), not deleted; `Set-Cookie` mapped (`rewriteSetCookie`);
 * `SourceMap`, `X-SourceMap`, `Alt-Svc`, `Clear-Site-Data` dropped. Content-Encoding is the transport's (it decodes/encodes the body).
 *
 * @example
 * const headers = rewriteResponseHeaders(upstream.headers, { hostMap, wbUrl, runtime, bodyRewritten: true });
 */
export function rewriteResponseHeaders(input: HeaderInput, ctx: ResponseHeaderContext): Headers {
  const src = toHeaders(input);
  const out = new Headers();
  const wbHost = new URL(ctx.wbUrl).hostname;
  const pageOrigin = ctx.hostMap.publicOriginFor(wbHost);
  for (const [name, value] of src) {
    if (name === 'set-cookie') continue;
    if (DROPPED.has(name)) continue;
    if (ctx.bodyRewritten && DROPPED_WITH_BODY.has(name)) continue;
    if (CSP.has(name)) {
      const script =
        ctx.runtime || ctx.rewrittenInlineHashes?.length
          ? {
              ...(ctx.runtime ? { cspSource: ctx.runtime.cspSource } : {}),
              ...(ctx.runtime && ctx.runtimeMode === 'src' && pageOrigin
                ? { scriptUrl: `${pageOrigin}${ctx.runtime.path}` }
                : {}),
              ...(ctx.rewrittenInlineHashes ? { rewrittenInlineHashes: ctx.rewrittenInlineHashes } : {}),
            }
          : undefined;
      out.set(name, rewriteCsp(value, ctx.hostMap, script));
      continue;
    }
    out.set(name, rewriteUrlsInText(value, ctx.hostMap));
  }
  for (const cookie of src.getSetCookie()) {
    const name = cookie.slice(0, Math.max(0, cookie.indexOf('='))).trim();
    if (ctx.keepCookie && !ctx.keepCookie(name)) continue;
    const mapped = rewriteSetCookie(cookie, ctx.hostMap, wbHost);
    if (mapped !== null) out.append('set-cookie', mapped);
  }
  return out;
}

export interface RequestHeaderContext {
  hostMap: HostMap;
}

/**
 * Request headers from the browser → for WB: `Origin` and `Referer` of our public hosts mapped back to the WB
 * origin/URL they stand for, so WB's CORS, CSRF and WebSocket origin checks see its own origins. A `Referer`
 * that is not one of ours is dropped (nothing outside the proxy is WB's business); a foreign `Origin` is kept
 * (WB refuses it, as it should). Other headers are untouched: stripping our cookies and `X-Forwarded-*` is
 * the transport's.
 */
export function rewriteRequestHeaders(input: HeaderInput, ctx: RequestHeaderContext): Headers {
  const h = toHeaders(input);
  const origin = h.get('origin');
  if (origin !== null && origin !== 'null') {
    const wb = mapPublicOriginToWb(origin, ctx.hostMap);
    if (wb !== undefined) h.set('origin', wb);
  }
  const referer = h.get('referer');
  if (referer !== null) {
    const wb = ctx.hostMap.toWbUrl(referer);
    if (wb === undefined) h.delete('referer');
    else h.set('referer', wb);
  }
  return h;
}

/** `http://cmp.wb-seller.x:8080` → `https://cmp.wildberries.ru`; `undefined` when not a public origin. */
export function mapPublicOriginToWb(origin: string, hostMap: HostMap): string | undefined {
  const wb = hostMap.toWbUrl(`${origin.replace(/\/$/, '')}/`);
  return wb === undefined ? undefined : wb.slice(0, -1);
}
