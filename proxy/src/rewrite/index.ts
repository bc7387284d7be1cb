/**
 * Response rewriting for the WB portal proxy: the transport's one entry point (see proxy/README.md,
 * "Rewriting"). Typical exchange:
 *
 * @example
 * const runtime = createRuntimeScript(hostMap); // once per process
 * const upHeaders = rewriteRequestHeaders(req.headers, { hostMap }); // Origin/Referer → WB
 * const wbPath = rewritePublicUrlsToWb(req.url, hostMap); // redirect_url=… → WB
 * const kind = bodyKindFor(res.headers['content-type']);
 * let out: RewriteBodyResult | undefined;
 * if (kind !== 'binary') {
 *   const text = (await decodeBodyAsync(raw, res.headers['content-encoding'])).toString('utf8'); // UPSTREAM_BODY_CORRUPT → 502
 *   out = rewriteBody({ contentType, body: text, wbUrl, hostMap, runtime, workerScript: dest === 'worker' });
 *   const { body, encoding } = await encodeBodyAsync(Buffer.from(out.body), req.headers['accept-encoding']);
 * }
 * const headers = rewriteResponseHeaders(res.headers, {
 *   hostMap, wbUrl, runtime, bodyRewritten: kind !== 'binary',
 *   rewrittenInlineHashes: out?.rewrittenInlineHashes, keepCookie: (name) => !SESSION_COOKIES.has(name),
 * });
 */
export {
  rewriteBody,
  bodyKindFor,
  type BodyKind,
  type RewriteBodyOptions,
  type RewriteBodyResult,
} from './body.ts';
export { rewriteHtml, escapeScriptJson, type HtmlRewriteOptions, type HtmlRewriteResult } from './html.ts';
export { rewriteJs, rewriteCss, rewriteJson, rewriteText } from './text-rewriters.ts';
export {
  rewriteUrlsInText,
  rewriteUrlsInTextChecked,
  findUnmappedWbUrls,
  UNMAPPED_HOST_PATH,
  type UnmappedWbUrl,
  type CheckedRewrite,
} from './url-text.ts';
export { rewritePublicUrlsToWb } from './url-text-to-wb.ts';
export { stripSourceMapLinks } from './sourcemap.ts';
export { rewriteCsp, type CspScriptAllowance } from './csp.ts';
export { rewriteSetCookie } from './set-cookie.ts';
export {
  rewriteResponseHeaders,
  rewriteRequestHeaders,
  mapPublicOriginToWb,
  type HeaderInput,
  type ResponseHeaderContext,
  type RequestHeaderContext,
} from './headers.ts';
export {
  decodeBody,
  encodeBody,
  decodeBodyAsync,
  encodeBodyAsync,
  negotiateEncoding,
  type BodyEncoding,
} from './compression.ts';
export { UpstreamBodyCorruptError, UnsupportedEncodingError } from './errors.ts';
export { isWbDomainHost, WB_DOMAINS } from './wb-domain.ts';
export { createRuntimeScript, type RuntimeScript } from '../runtime/script.ts';
export {
  buildRuntimeConfig,
  inlineJson,
  RUNTIME_EVENT_PATH,
  RUNTIME_SCRIPT_PATH,
  type RuntimeConfig,
} from '../runtime/config.ts';
