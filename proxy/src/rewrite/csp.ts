import type { HostMap } from '../hosts/host-map.ts';
import { isWbDomainHost } from './wb-domain.ts';
import { rewriteUrlsInText } from './url-text.ts';

/** What the CSP rewriter adds for our runtime. */
export interface CspScriptAllowance {
  /** `'sha256-…'` of the runtime script (absent: no runtime on this page). */
  cspSource?: string;
  /** `src` mode: the runtime's absolute public URL (allowed as a path source too). */
  scriptUrl?: string;
  /**
   * Hashes (`'sha256-…'`) of WB inline scripts whose text the HTML rewriter changed: added where the policy
   * allows inline scripts by hash (WB's hash of the old text no longer matches). Nonce'd scripts need nothing.
   */
  rewrittenInlineHashes?: readonly string[];
}

const SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([a-z0-9.-]+)(?::(\d{1,5}|\*))?(\/[^\s;,]*)?$/i;
const FETCH_DIRECTIVES = /-src(?:-elem|-attr)?$|^(?:form-action|frame-ancestors|base-uri|navigate-to)$/;

/**
 * Rewrites a `Content-Security-Policy` (or `-Report-Only`, or a `<meta http-equiv>` policy) for the proxy:
 * the policy keeps protecting the page, on our hosts.
 * - a WB host source → the public host (scheme mapped: http/https → the public scheme, ws/wss → ws/wss
 *   likewise; the public port added; paths kept); scheme-less stays scheme-less;
 * - a WB wildcard (`*.wildberries.ru`, `*.wbbasket.ru`, `https://*.wb.ru`) → `*.wb-seller.<domain>` (all
 *   public hosts are one level under it), plus the base host for `*.wildberries.ru` (seller.wildberries.ru);
 * - a WB host the proxy does not forward is dropped (a list left empty becomes `'none'`);
 * - `https:`/`wss:` scheme sources gain the public wildcard when the public scheme is http;
 * - `report-uri` URLs mapped; `upgrade-insecure-requests`/`block-all-mixed-content` dropped over http;
 * - our runtime allowed by hash in `script-src-elem`, `script-src` or (without them) `default-src` — unless
 *   that list allows every inline script already (`'unsafe-inline'` without nonce/hash, where adding a hash
 *   would switch inline scripts off).
 */
export function rewriteCsp(policy: string, hostMap: HostMap, script?: CspScriptAllowance): string {
  return policy
    .split(',')
    .map((p) => rewriteOnePolicy(p, hostMap, script))
    .join(', ');
}

function rewriteOnePolicy(policy: string, hostMap: HostMap, script?: CspScriptAllowance): string {
  const port = hostMap.publicPort ? `:${hostMap.publicPort}` : '';
  const http = hostMap.publicProtocol === 'http:';
  const wildcard = `*.${hostMap.baseHost}${port}`;
  const directives: [name: string, tokens: string[]][] = [];
  for (const raw of policy.split(';')) {
    const parts = raw.trim().split(/\s+/).filter(Boolean);
    if (parts.length === 0) continue;
    const name = parts[0]!.toLowerCase();
    if (http && (name === 'upgrade-insecure-requests' || name === 'block-all-mixed-content')) continue;
    const values = parts.slice(1);
    if (name === 'report-uri') {
      directives.push([name, values.map((v) => rewriteUrlsInText(v, hostMap))]);
      continue;
    }
    if (!FETCH_DIRECTIVES.test(name)) {
      directives.push([name, values]);
      continue;
    }
    const out: string[] = [];
    for (const token of values) {
      for (const mapped of mapSource(token, hostMap, port, wildcard, http)) {
        if (!out.includes(mapped)) out.push(mapped);
      }
    }
    if (values.length > 0 && out.length === 0) out.push("'none'");
    directives.push([name, out]);
  }
  if (script) addScript(directives, script);
  return directives.map(([n, v]) => (v.length ? `${n} ${v.join(' ')}` : n)).join('; ');
}

function mapSource(token: string, hostMap: HostMap, port: string, wildcard: string, http: boolean): string[] {
  if (token.startsWith("'") || token === '*') return [token];
  const lower = token.toLowerCase();
  if (/^[a-z][a-z0-9+.-]*:$/.test(lower)) {
    if (http && (lower === 'https:' || lower === 'wss:'))
      return [token, wildcard, `${hostMap.baseHost}${port}`];
    return [token];
  }
  const m = SOURCE.exec(token);
  if (!m) return [token];
  const [, scheme, star, hostRaw, , path = ''] = m;
  const host = hostRaw!.toLowerCase();
  if (!isWbDomainHost(host)) return [token];
  const s =
    scheme === undefined
      ? ''
      : /^wss?$/i.test(scheme)
        ? http
          ? 'ws://'
          : 'wss://'
        : `${hostMap.publicProtocol}//`;
  if (star) {
    const out = [`${s}${wildcard}${path}`];
    if (host === 'wildberries.ru') out.push(`${s}${hostMap.baseHost}${port}${path}`);
    return out;
  }
  const pub = hostMap.publicHostFor(host);
  return pub === undefined ? [] : [`${s}${pub}${port}${path}`];
}

function addScript(directives: [string, string[]][], script: CspScriptAllowance): void {
  const find = (n: string) => directives.find(([name]) => name === n);
  const targets = [
    find('script-src-elem'),
    find('script-src') ?? (find('script-src-elem') ? undefined : find('default-src')),
  ];
  for (const d of targets) {
    if (!d) continue;
    const list = d[1];
    if (script.rewrittenInlineHashes?.length && list.some((t) => /^'sha(?:256|384|512)-/i.test(t))) {
      for (const h of script.rewrittenInlineHashes) if (!list.includes(h)) list.push(h);
    }
    const inlineAll =
      list.includes("'unsafe-inline'") &&
      !list.some((t) => /^'(?:nonce|sha\d+)-/i.test(t) || t === "'strict-dynamic'");
    if (!script.cspSource || (inlineAll && !script.scriptUrl)) continue;
    const noneAt = list.indexOf("'none'");
    if (noneAt !== -1) list.splice(noneAt, 1);
    if (!inlineAll && !list.includes(script.cspSource)) list.push(script.cspSource);
    if (script.scriptUrl && !list.includes(script.scriptUrl)) list.push(script.scriptUrl);
  }
}
