/**
 * Response rewriting for the WB portal proxy: the transport's one entry point (see proxy/README.md,
 * "Rewriting"). Typical response path:
 *
 * @example
 * const kind = bodyKindFor(res.headers['content-type']);
 * if (kind !== 'binary') {
 *   const text = decodeBody(raw, res.headers['content-encoding']).toString('utf8'); // throws UPSTREAM_BODY_CORRUPT
 *   const { body } = rewriteBody({ contentType, body: text, wbUrl, hostMap, runtime });
 *   const { body: bytes, encoding } = encodeBody(Buffer.from(body), req.headers['accept-encoding']);
 * }
 * const headers = rewriteResponseHeaders(res.headers, { hostMap, wbUrl, runtime, bodyRewritten: kind !== 'binary' });
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
  findUnmappedWbUrls,
  createTextStreamRewriter,
  UNMAPPED_HOST_PATH,
  type UnmappedWbUrl,
  type TextStreamRewriter,
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
