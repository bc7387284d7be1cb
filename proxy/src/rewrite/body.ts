import type { HostMap } from '../hosts/host-map.ts';
import type { RuntimeScript } from '../runtime/script.ts';
import { rewriteHtml } from './html.ts';
import { rewriteTextBodyChecked } from './text-rewriters.ts';

/** How a body is rewritten; `binary`: not at all (images, xlsx, zip, fonts…). */
export type BodyKind = 'html' | 'js' | 'css' | 'json' | 'text' | 'binary';

/**
 * The rewriter for a `Content-Type` (parameters and case ignored). The transport decodes, rewrites and
 * re-encodes only when this is not `binary`. `text/event-stream` is `binary` here: streams must not be
 * buffered (the transport may map each event with `rewriteUrlsInText` if it wants).
 */
export function bodyKindFor(contentType: string | null | undefined): BodyKind {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (/^(?:text|application)\/(?:x-)?(?:javascript|ecmascript|jscript)$/.test(type)) return 'js';
  if (type === 'text/css') return 'css';
  if (/^(?:application|text)\/(?:[\w.+-]+\+)?json$/.test(type) || type === 'application/manifest+json')
    return 'json';
  if (type === 'text/event-stream') return 'binary';
  if (type.startsWith('text/') || /^(?:application|image)\/(?:[\w.+-]+\+)?xml$/.test(type)) return 'text';
  return 'binary';
}

export interface RewriteBodyOptions {
  contentType: string | null | undefined;
  /** The decoded body as text (UTF-8). */
  body: string;
  /** The WB URL the body came from. */
  wbUrl: string;
  hostMap: HostMap;
  /** HTML documents: inject this runtime first in `<head>` (omit: no injection). */
  runtime?: RuntimeScript;
  runtimeMode?: 'inline' | 'src';
  /**
   * JS loaded as a worker script (`Sec-Fetch-Dest: worker|sharedworker`): prepend the runtime so the
   * worker's own fetch/XHR/WebSocket/EventSource/importScripts are mapped too.
   */
  workerScript?: boolean;
}

export interface RewriteBodyResult {
  body: string;
  changed: boolean;
  kind: BodyKind;
  /**
   * Proven, in the rewriting pass, to hold no WB domain (so `findUnmappedWbUrls(body)` is `[]`): the leak
   * check may skip scanning it. False means unproven (HTML, a prepended runtime, prose naming WB), not leaked.
   */
  clean: boolean;
  /** HTML: `'sha256-…'` of inline scripts whose text changed; pass to `rewriteResponseHeaders`. */
  rewrittenInlineHashes?: string[];
}

/**
 * Rewrites a response body for the public hosts, choosing by content type (HTML/JS/CSS/JSON/text).
 * The result has no unmapped WB URL (`findUnmappedWbUrls(result.body)` is `[]`).
 *
 * @example
 * const { body, changed } = rewriteBody({ contentType, body: text, wbUrl, hostMap, runtime: createRuntimeScript(hostMap) });
 */
export function rewriteBody(options: RewriteBodyOptions): RewriteBodyResult {
  const kind = bodyKindFor(options.contentType);
  const { body, hostMap } = options;
  switch (kind) {
    case 'html':
      return { ...rewriteHtml(body, options), kind, clean: false };
    case 'binary':
      return { body, changed: false, kind, clean: false };
    default: {
      const out = rewriteTextBodyChecked(kind, body, hostMap);
      if (kind === 'js' && options.workerScript && options.runtime) {
        return { body: `${options.runtime.text}${out.text}`, changed: true, kind, clean: false };
      }
      return { body: out.text, changed: out.text !== body, kind, clean: out.clean };
    }
  }
}
