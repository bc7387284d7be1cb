import { createHash } from 'node:crypto';
import {
  defaultTreeAdapter,
  html as html5,
  parse,
  parseFragment,
  serialize,
  type DefaultTreeAdapterMap,
} from 'parse5';
import type { HostMap } from '../hosts/host-map.ts';
import type { RuntimeScript } from '../runtime/script.ts';
import { rewriteCsp } from './csp.ts';
import { stripSourceMapLinks } from './sourcemap.ts';
import { rewriteCss, rewriteJs, rewriteJson } from './text-rewriters.ts';
import { rewriteUrlsInText } from './url-text.ts';
import { isWbDomainHost } from './wb-domain.ts';

type Node = DefaultTreeAdapterMap['node'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];
type Element = DefaultTreeAdapterMap['element'];

export interface HtmlRewriteOptions {
  hostMap: HostMap;
  /** The WB URL of the page: relative URLs resolve against it (for the integrity rule). */
  wbUrl: string;
  /** Our runtime, injected first in `<head>` (documents only, not fragments). */
  runtime?: RuntimeScript;
  /** `inline` (default): the script text inline; `src`: `<script src="/__joycity/runtime.js" integrity>`. */
  runtimeMode?: 'inline' | 'src';
}

const JS_TYPES =
  /^(?:|module|(?:text|application)\/(?:x-)?(?:javascript|ecmascript|jscript|livescript)(?:;.*)?)$/i;
const JSON_TYPES = /^(?:importmap|speculationrules|(?:application|text)\/(?:[\w.+-]+\+)?json(?:;.*)?)$/i;
const DOCUMENT_HINT = /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype|html|head|body)[\s>]/i;

/**
 * Rewrites an HTML page (parse5 parse + serialize):
 * - every attribute value: WB URLs mapped (`href`, `src`, `srcset`, `action`, `formaction`, `poster`,
 *   `data-*`, meta refresh `content`, …); a value that is a bare proxied WB host → its public host;
 *   `style` as CSS, `on*` handlers as JS; a `<meta http-equiv=Content-Security-Policy>` as a CSP;
 * - `<script>`: JS (source-map links dropped) or, for JSON types (`application/json`, `ld+json`, `importmap`,
 *   `speculationrules`), JSON re-escaped against `</script>`, U+2028 and U+2029; other types as text;
 * - `<style>` as CSS; text and comments: WB URLs mapped;
 * - the integrity rule: `integrity` is removed from `<script src>`/`<link href>` whose target is on a WB host
 *   (the transport rewrites JS and CSS of every WB host, so WB's hashes no longer match); it stays on tags
 *   pointing anywhere else;
 * - our runtime goes first in `<head>` (after leading `<meta>`/`<title>`, so a `<meta charset>` stays in the
 *   first 1024 bytes), before every page script.
 * A body that does not look like a document is rewritten as a fragment, without the runtime.
 */
export interface HtmlRewriteResult {
  body: string;
  changed: boolean;
  /** `'sha256-…'` of each inline script whose text changed (for `ResponseHeaderContext.rewrittenInlineHashes`). */
  rewrittenInlineHashes: string[];
}

export function rewriteHtml(html: string, options: HtmlRewriteOptions): HtmlRewriteResult {
  const isDocument =
    DOCUMENT_HINT.test(html.slice(0, 4096)) || /<(?:html|head|body)[\s>]/i.test(html.slice(0, 4096));
  const root: ParentNode = isDocument ? parse(html) : parseFragment(html);
  const state: State = { changed: false, options, base: safeUrl(options.wbUrl), hashes: [] };
  walk(root, state);
  if (isDocument && options.runtime) {
    const head = findElement(root, 'head');
    if (head) {
      injectRuntime(head, options.runtime, options.runtimeMode ?? 'inline');
      state.changed = true;
    }
  }
  return state.changed
    ? { body: serialize(root), changed: true, rewrittenInlineHashes: state.hashes }
    : { body: html, changed: false, rewrittenInlineHashes: [] };
}

interface State {
  changed: boolean;
  options: HtmlRewriteOptions;
  base: URL | undefined;
  hashes: string[];
}

function safeUrl(url: string, base?: URL): URL | undefined {
  try {
    return new URL(url, base);
  } catch {
    return undefined;
  }
}

function walk(node: ParentNode, state: State): void {
  for (const child of node.childNodes as Node[]) {
    if (child.nodeName === '#text') {
      const t = child as DefaultTreeAdapterMap['textNode'];
      const parent = t.parentNode as Element | null;
      const tag = parent && 'tagName' in parent ? parent.tagName : '';
      const next =
        tag === 'script'
          ? rewriteScriptText(t.value, parent!, state)
          : tag === 'style'
            ? rewriteCss(t.value, state.options.hostMap)
            : rewriteUrlsInText(t.value, state.options.hostMap);
      if (next !== t.value) {
        t.value = next;
        state.changed = true;
        if (tag === 'script')
          state.hashes.push(`'sha256-${createHash('sha256').update(next).digest('base64')}'`);
      }
    } else if (child.nodeName === '#comment') {
      const c = child as DefaultTreeAdapterMap['commentNode'];
      const next = rewriteUrlsInText(c.data, state.options.hostMap);
      if (next !== c.data) {
        c.data = next;
        state.changed = true;
      }
    } else if ('tagName' in child) {
      const el = child;
      if (el.tagName === 'base') {
        const href = attr(el, 'href');
        if (href !== undefined) state.base = safeUrl(href, state.base) ?? state.base;
      }
      rewriteAttributes(el, state);
      walk(el, state);
      if (el.tagName === 'template') walk((el as DefaultTreeAdapterMap['template']).content, state);
    }
  }
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name)?.value;
}

function rewriteAttributes(el: Element, state: State): void {
  const { hostMap } = state.options;
  const tag = el.tagName;
  for (const a of el.attrs) {
    let next: string;
    if (a.name === 'style') next = rewriteCss(a.value, hostMap);
    else if (a.name.startsWith('on')) next = rewriteJs(a.value, hostMap);
    else if (
      tag === 'meta' &&
      a.name === 'content' &&
      /^content-security-policy/i.test(attr(el, 'http-equiv') ?? '')
    )
      next = rewriteCsp(
        a.value,
        hostMap,
        state.options.runtime ? { cspSource: state.options.runtime.cspSource } : undefined,
      );
    else {
      next = rewriteUrlsInText(a.value, hostMap);
      if (next === a.value) next = mapBareHost(a.value, hostMap) ?? a.value;
    }
    if (next !== a.value) {
      a.value = next;
      state.changed = true;
    }
  }
  if ((tag === 'script' || tag === 'link') && el.attrs.some((a) => a.name === 'integrity')) {
    const target = attr(el, tag === 'script' ? 'src' : 'href');
    const resolved = target === undefined ? undefined : safeUrl(target, state.base);
    const ours =
      resolved !== undefined &&
      (isWbDomainHost(resolved.hostname) || hostMap.isPublicHost(resolved.hostname));
    if (ours) {
      el.attrs = el.attrs.filter((a) => a.name !== 'integrity');
      state.changed = true;
    }
  }
}

/** A whole attribute value naming a proxied WB host (`data-host="cmp.wildberries.ru"`) → its public host. */
function mapBareHost(value: string, hostMap: HostMap): string | undefined {
  const v = value.trim().toLowerCase();
  if (!v.includes('.') || !isWbDomainHost(v.replace(/^\./, ''))) return undefined;
  if (v === 'wildberries.ru') return hostMap.baseHost;
  if (v === '.wildberries.ru') return `.${hostMap.baseHost}`;
  return hostMap.publicHostFor(v);
}

function rewriteScriptText(text: string, el: Element, state: State): string {
  const type = (attr(el, 'type') ?? '').trim();
  const { hostMap } = state.options;
  if (JS_TYPES.test(type)) return rewriteJs(text, hostMap);
  if (JSON_TYPES.test(type)) {
    const json = rewriteJson(text, hostMap);
    return json === text ? text : escapeScriptJson(json);
  }
  return rewriteUrlsInText(stripSourceMapLinks(text), hostMap);
}

/** JSON inside `<script>`: `</` → `<\/`, U+2028/U+2029 → `\u2028`/`\u2029` (valid JSON, cannot end the script). */
export function escapeScriptJson(json: string): string {
  return json.replace(/<\/|\u2028|\u2029/g, (c) =>
    c === '</' ? '<\\/' : c === '\u2028' ? '\\u2028' : '\\u2029',
  );
}

function findElement(node: ParentNode, tag: string): Element | undefined {
  for (const child of node.childNodes as Node[]) {
    if (!('tagName' in child)) continue;
    if (child.tagName === tag) return child;
    const found = findElement(child, tag);
    if (found) return found;
  }
  return undefined;
}

function injectRuntime(head: Element, runtime: RuntimeScript, mode: 'inline' | 'src'): void {
  const attrs =
    mode === 'src'
      ? [
          { name: 'src', value: runtime.path },
          { name: 'integrity', value: runtime.integrity },
          { name: 'data-joycity-runtime', value: '' },
        ]
      : [{ name: 'data-joycity-runtime', value: '' }];
  const script = defaultTreeAdapter.createElement('script', html5.NS.HTML, attrs);
  if (mode === 'inline') defaultTreeAdapter.insertText(script, runtime.text);
  const children = head.childNodes;
  let at = 0;
  while (at < children.length) {
    const c = children[at]!;
    const skippable =
      c.nodeName === '#text' || c.nodeName === '#comment' || c.nodeName === 'meta' || c.nodeName === 'title';
    if (!skippable) break;
    at++;
  }
  const before = children[at];
  if (before) defaultTreeAdapter.insertBefore(head, script, before);
  else defaultTreeAdapter.appendChild(head, script);
}
