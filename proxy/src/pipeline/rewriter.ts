import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

/**
 * What the pipeline needs from the rewriter (proxy/src/rewrite/**, built alongside): body rewriting by kind,
 * header rewriting both ways, cookies for the browser, the injected runtime and the leak check. The
 * pipeline owns the call sites; `createRewriter` (rewrite-adapter.ts) binds them to the rewrite module.
 */
export type BodyKind = 'html' | 'js' | 'css' | 'json';

export interface RewriteContext {
  /** The WB host the response came from. */
  wbHost: string;
  /** The request path (no query). */
  path: string;
}

export interface Rewriter {
  /** The kind of body that needs rewriting, or null to stream it untouched. */
  bodyKind(contentType: string, ctx: RewriteContext): BodyKind | null;
  rewriteBody(kind: BodyKind, text: string, ctx: RewriteContext): string;
  /** Response headers (Location, Refresh, Link, CSP, …) in their public form; Set-Cookie is never passed. */
  responseHeaders(headers: OutgoingHttpHeaders, ctx: RewriteContext): OutgoingHttpHeaders;
  /** Origin/Referer and other request headers back to their WB form. */
  requestHeaders(headers: IncomingHttpHeaders, ctx: RewriteContext): Record<string, string>;
  /** A WB `Set-Cookie` allowed to reach the browser, scoped to our host; undefined drops it. */
  browserSetCookie(raw: string, ctx: RewriteContext): string | undefined;
  /** WB URLs left in a rewritten body: must be empty, or the body is not sent. */
  findUnmappedWbUrls(text: string): string[];
  /** The injected browser runtime (served by the proxy at `path` on every public host). */
  readonly runtime: { path: string; body: string; contentType: string };
}
