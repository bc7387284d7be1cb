import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import type { HostMap } from '../hosts/host-map.ts';
import {
  bodyKindFor,
  createRuntimeScript,
  findUnmappedWbUrls,
  rewriteBody,
  rewriteRequestHeaders,
  rewritePublicUrlsToWb,
  rewriteResponseHeaders,
  rewriteSetCookie,
  RUNTIME_SCRIPT_PATH,
} from '../rewrite/index.ts';

/**
 * The pipeline's view of the rewriter (proxy/src/rewrite/**, the runtime in proxy/src/runtime/**): body
 * rewriting by kind, headers both ways, WB cookies allowed to reach the browser, the leak check and the
 * injected runtime. One narrow interface, so the call sites in the pipeline stay few and typed.
 */
export type BodyKind = 'html' | 'js' | 'css' | 'json' | 'text';

export interface RewriteContext {
  /** The WB host the response came from. */
  wbHost: string;
  /** The request path and query, as WB sees them. */
  target: string;
  /** `Sec-Fetch-Dest` of the request (`worker` scripts get the runtime prepended). */
  fetchDest?: string | undefined;
}

export interface BytesRewrite {
  /** The rewritten bytes (the same Buffer when nothing changed). */
  body: Buffer;
  /** WB URLs left (the leak check's answer, as `findUnmappedWbUrls`). */
  leaks: string[];
}

export interface Rewriter {
  /** The kind of body that needs rewriting, or null to stream it untouched. */
  bodyKind(contentType: string): BodyKind | null;
  rewriteBody(contentType: string, text: string, ctx: RewriteContext): string;
  /**
   * `rewriteBody` and the leak check in one, on the raw bytes of a JS/CSS/JSON/text body (no UTF-8 decode or
   * encode: ~0.2 ms of a 50 KB answer's ~0.4 ms). The body must not be sent when `leaks` is not empty.
   * Undefined for bodies that need the decoded text: HTML, worker scripts (use `rewriteBody`).
   */
  rewriteBodyBytes(contentType: string, body: Buffer, ctx: RewriteContext): BytesRewrite | undefined;
  /** Response headers in their public form (no Set-Cookie: the pipeline decides those). */
  responseHeaders(
    headers: OutgoingHttpHeaders,
    ctx: RewriteContext,
    bodyRewritten: boolean,
  ): OutgoingHttpHeaders;
  /** Origin and Referer back to their WB form (a foreign Referer dropped). Only those two are returned. */
  requestHeaders(headers: IncomingHttpHeaders): Record<string, string>;
  /** Public URLs in a request target or text body back to WB's (query strings, JSON, form fields). */
  requestText(text: string): string;
  /** A WB `Set-Cookie` allowed to reach the browser, scoped to our hosts; undefined drops it. */
  browserSetCookie(raw: string, ctx: RewriteContext): string | undefined;
  /**
   * WB URLs left in a rewritten body: must be empty, or the body is not sent. A body `rewriteBody` just
   * returned and proved free of WB domains in the same pass is not scanned again.
   */
  findUnmappedWbUrls(text: string): string[];
  /** The injected browser runtime, served at `path` on every public host. */
  readonly runtime: { path: string; body: string; contentType: string };
}

export function createRewriter(hostMap: HostMap): Rewriter {
  const runtime = createRuntimeScript(hostMap);
  const wbUrl = (ctx: RewriteContext) => `https://${ctx.wbHost}${ctx.target}`;
  // The last body the rewriting pass proved free of WB domains: the leak check of that very text is done.
  // One slot (the transport checks right after rewriting); compared by value, so a stale slot is harmless.
  let proven: string | undefined;
  return {
    bodyKind(contentType) {
      const kind = bodyKindFor(contentType);
      return kind === 'binary' ? null : kind;
    },
    rewriteBody(contentType, text, ctx) {
      const out = rewriteBody({
        contentType,
        body: text,
        wbUrl: wbUrl(ctx),
        hostMap,
        runtime,
        workerScript: ctx.fetchDest === 'worker' || ctx.fetchDest === 'sharedworker',
      });
      proven = out.clean ? out.body : undefined;
      return out.body;
    },
    rewriteBodyBytes(contentType, body, ctx) {
      const kind = bodyKindFor(contentType);
      const worker = ctx.fetchDest === 'worker' || ctx.fetchDest === 'sharedworker';
      if (kind === 'html' || kind === 'binary' || (kind === 'js' && worker)) return undefined;
      // Each byte of a multi-byte UTF-8 sequence is >= 0x80: never part of a WB URL, nor a host character,
      // quote, slash or line end around one (and case-insensitive matching never folds it to ASCII). So the
      // bytes read one per character (latin1) hold the same URLs at the same places, and the rewritten view,
      // written back byte per character, is the rewritten UTF-8.
      const view = body.toString('latin1');
      const out = rewriteBody({ contentType, body: view, wbUrl: wbUrl(ctx), hostMap, runtime });
      const leaks = out.clean ? [] : findUnmappedWbUrls(out.body, hostMap).map((u) => u.match);
      return { body: out.changed ? Buffer.from(out.body, 'latin1') : body, leaks };
    },
    responseHeaders(headers, ctx, bodyRewritten) {
      const input: Record<string, string | string[] | undefined> = {};
      for (const [k, v] of Object.entries(headers)) {
        if (k === 'set-cookie' || v === undefined) continue;
        input[k] = Array.isArray(v) ? v : String(v);
      }
      const out = rewriteResponseHeaders(input, { hostMap, wbUrl: wbUrl(ctx), runtime, bodyRewritten });
      const result: OutgoingHttpHeaders = {};
      for (const [k, v] of out) if (k !== 'set-cookie') result[k] = v;
      return result;
    },
    requestHeaders(headers) {
      const input: Record<string, string | undefined> = {
        origin: typeof headers.origin === 'string' ? headers.origin : undefined,
        referer: typeof headers.referer === 'string' ? headers.referer : undefined,
      };
      const out = rewriteRequestHeaders(input, { hostMap });
      const result: Record<string, string> = {};
      const origin = out.get('origin');
      const referer = out.get('referer');
      if (origin) result.origin = origin;
      if (referer) result.referer = referer;
      return result;
    },
    requestText(text) {
      return rewritePublicUrlsToWb(text, hostMap);
    },
    browserSetCookie(raw, ctx) {
      return rewriteSetCookie(raw, hostMap, ctx.wbHost) ?? undefined;
    },
    findUnmappedWbUrls(text) {
      const wasProven = proven !== undefined && text === proven;
      proven = undefined;
      if (wasProven) return [];
      return findUnmappedWbUrls(text, hostMap).map((u) => u.match);
    },
    runtime: {
      path: RUNTIME_SCRIPT_PATH,
      body: runtime.text,
      contentType: 'application/javascript; charset=utf-8',
    },
  };
}
