import type { HostMap } from '../hosts/host-map.ts';
import { stripSourceMapLinks } from './sourcemap.ts';
import { rewriteUrlsInText, rewriteUrlsInTextChecked, type CheckedRewrite } from './url-text.ts';

/**
 * JavaScript: WB URLs in every form `rewriteUrlsInText` knows (literals, escaped, bare host strings), and
 * source-map links dropped. No parsing: bundles are large and the mapping is by host, not by syntax.
 */
export function rewriteJs(text: string, hostMap: HostMap): string {
  return rewriteUrlsInText(stripSourceMapLinks(text), hostMap);
}

/** CSS: `url(…)`, `@import` and any other absolute WB URL; source-map comments dropped. */
export function rewriteCss(text: string, hostMap: HostMap): string {
  return rewriteUrlsInText(stripSourceMapLinks(text), hostMap);
}

/**
 * JSON answers: URL strings inside (plain and `\/`-escaped) mapped at the text level, so the bytes the
 * upstream chose are kept (big integers such as report ids beyond 2^53, key order, spacing).
 */
export function rewriteJson(text: string, hostMap: HostMap): string {
  return rewriteUrlsInText(text, hostMap);
}

/** Any other text (plain, XML, SVG, CSV, event streams): WB URLs mapped. */
export function rewriteText(text: string, hostMap: HostMap): string {
  return rewriteUrlsInText(text, hostMap);
}

/**
 * The JS/CSS/JSON/text rewriter for `kind`, also telling whether the output is proven free of WB domains
 * (`rewriteUrlsInTextChecked`), so the transport's leak check need not scan it again.
 */
export function rewriteTextBodyChecked(
  kind: 'js' | 'css' | 'json' | 'text',
  text: string,
  hostMap: HostMap,
): CheckedRewrite {
  return rewriteUrlsInTextChecked(
    kind === 'js' || kind === 'css' ? stripSourceMapLinks(text) : text,
    hostMap,
  );
}
