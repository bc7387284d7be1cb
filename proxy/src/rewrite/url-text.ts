import { lookupProxiedHost, type HostMap } from '../hosts/host-map.ts';

/**
 * Text-level URL mapping shared by every rewriter (JS, CSS, JSON, HTML attribute values, headers).
 *
 * WB URLs are found by their host, never by parsing the surrounding language, so the same code serves
 * minified bundles, JSON answers and header values. Forms mapped (host = any name under `wildberries.ru`,
 * `wbbasket.ru` or `wb.ru`, with an optional port, which is dropped):
 * - absolute: `https://h`, `http://h`, `wss://h`, `ws://h` → the public origin (ws schemes follow the
 *   public scheme: `ws:` over http, `wss:` over https);
 * - protocol-relative: `//h` → `//<public host>[:port]`;
 * - JSON/JS-escaped: `https:\/\/h`, `\/\/h` → the same, escaped;
 * - percent-encoded (redirect parameters): `https%3A%2F%2Fh`, `%2F%2Fh` → the same, encoded;
 * - bare host strings in quotes (`"seller.wildberries.ru"`, `'cmp.wildberries.ru'`, `` `…` ``) when the
 *   whole quoted string is one proxied host → its public host; `".wildberries.ru"` / `"wildberries.ru"`
 *   (cookie domains, hostname suffix checks) → `.wb-seller.<domain>` / `wb-seller.<domain>`. Bare names
 *   inside longer strings (prose) are left alone.
 *
 * A WB host the proxy does not forward (seller APIs, `www.wildberries.ru`, unknown names) is never left
 * pointing at WB: it becomes `<base public origin>/__joycity/unmapped-host/<host><path>`, which the transport
 * refuses (and can log), so the browser never contacts WB directly.
 */

/** Where URLs of WB hosts the proxy does not forward are sent (on the base public host). */
export const UNMAPPED_HOST_PATH = '/__joycity/unmapped-host/';

const HOST = String.raw`((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*(?:wildberries|wbbasket|wb)\.ru)(?![a-z0-9_-]|\.[a-z0-9])`;
const PORT = String.raw`(?::\d{1,5})?`;
const PORT_ENC = String.raw`(?:%3A\d{1,5})?`;

// Groups: 1 scheme (plain), 2 slashes (// or \/\/), 3 host | 4 scheme (enc), 5 host (enc) | 6 quote, 7 bare host.
/** The one definition of a WB URL in text (exported for the scanner's equivalence property test). */
export const URL_RE = new RegExp(
  String.raw`(?<![a-z0-9+.-])((?:https?|wss?):)?(\/\/|\\\/\\\/)${HOST}${PORT}` +
    String.raw`|(?<![a-z0-9+.-])((?:https?|wss?)%3A)?%2F%2F${HOST}${PORT_ENC}` +
    String.raw`|(["'\x60])\.?${HOST}\6`,
  'gi',
);
/** WB's registrable domains as they end every host `URL_RE` matches: the scanner's cheap pre-filter. */
const SUFFIX = /(?:wildberries|wbbasket|wb)\.ru/gi;
/** Characters before a host's first character that a match may take: `wss%3A%2F%2F`, `https:\/\/`, `".`. */
const MAX_PREFIX = 12;
/** Characters after a host run that decide a match: the look-ahead, a port (`%3A65535`), a closing quote. */
const MAX_SUFFIX = 12;

/** `[A-Za-z0-9.-]`: the characters a host (and so a host run) is made of. */
function isHostChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

/** One match of `URL_RE`, at its index in the whole text. */
export interface UrlMatch {
  index: number;
  /** The match and its groups, as `URL_RE.exec` gives them. */
  groups: RegExpExecArray;
}

/**
 * Every match of `URL_RE` in `text`, in order: exactly what `text.matchAll(URL_RE)` gives, without running the
 * regex over the whole text (it tries every position and costs ~20 ns a character). Every match ends its host
 * with a WB domain (`SUFFIX`), so only the run of host characters around each occurrence of one, a few
 * characters of scheme and slashes before it and of port and quote after it, is handed to the regex (with one
 * character of look-behind context). A match that uses the run starts before it, so it lies in that window and
 * starts at or before the occurrence; a window match after the occurrence belongs to a later run (and may be
 * cut by the window), so it is looked for again from that run. Text without a WB domain costs one `SUFFIX`
 * scan; each run is walked and matched once. `seen.leftover` is set when some WB domain occurrence is not part
 * of a match (prose, look-alikes, a host run no match uses).
 */
export function* urlMatches(text: string, seen?: { leftover: boolean }): Generator<UrlMatch> {
  let from = 0; // no match starts before: the end of the previous match
  let runStart = -1; // the host run of the last occurrence: [runStart, runEnd)
  let runEnd = -1;
  let next = 0; // where the next occurrence is looked for
  for (;;) {
    SUFFIX.lastIndex = next; // set each time: the regexes are shared, the consumer runs between yields
    const occ = SUFFIX.exec(text);
    if (occ === null) return;
    const at = occ.index;
    const occEnd = at + occ[0].length;
    if (at >= runEnd) {
      runStart = at;
      while (runStart > from && isHostChar(text.charCodeAt(runStart - 1))) runStart--;
      runEnd = occEnd;
      while (runEnd < text.length && isHostChar(text.charCodeAt(runEnd))) runEnd++;
    }
    const start = Math.max(from, runStart - MAX_PREFIX);
    const windowStart = start > 0 ? start - 1 : 0;
    const window = text.slice(windowStart, Math.min(text.length, runEnd + MAX_SUFFIX));
    URL_RE.lastIndex = start - windowStart;
    const m = URL_RE.exec(window);
    const index = m === null ? -1 : windowStart + m.index;
    if (m !== null && index <= at) {
      yield { index, groups: m };
      from = index + m[0].length;
      // The next search starts after this match; a run is walked again only from `from`.
      runEnd = -1;
      next = Math.max(from, occEnd);
    } else {
      // A match starts before its host's run (its scheme, slashes or quote are not host characters), so none
      // uses this run: its other occurrences need no look (this keeps long runs linear).
      if (seen) seen.leftover = true;
      next = runEnd;
    }
  }
}

/** Host names memoized per host map; cleared when full (names come from upstream text). */
const HOST_CACHE_SIZE = 512;

/** A rewritten text, and whether it is proven to hold no WB domain at all (so no WB URL). */
export interface CheckedRewrite {
  text: string;
  /** True only when no WB domain occurrence can be in `text`; false means "unknown": run the full check. */
  clean: boolean;
}

/** A WB domain anywhere in a (short) string. */
const HAS_SUFFIX = /(?:wildberries|wbbasket|wb)\.ru/i;

interface Mapper {
  map(text: string): CheckedRewrite;
}

const cache = new WeakMap<HostMap, Mapper>();

function mapperFor(hostMap: HostMap): Mapper {
  let m = cache.get(hostMap);
  if (m) return m;
  const portSuffix = hostMap.publicPort ? `:${hostMap.publicPort}` : '';
  const wsScheme = hostMap.publicProtocol === 'https:' ? 'wss:' : 'ws:';
  const schemeFor = (scheme: string) =>
    (scheme.charCodeAt(0) | 32) === 119 ? wsScheme : hostMap.publicProtocol; // `w`: ws: or wss:
  const encWs = `${wsScheme.slice(0, -1)}%3A`;
  const encHttp = `${hostMap.publicProtocol.slice(0, -1)}%3A`;
  const encPort = hostMap.publicPort ? `%3A${hostMap.publicPort}` : '';
  const unmappedEscaped = UNMAPPED_HOST_PATH.replaceAll('/', String.raw`\/`);
  const unmappedEncoded = encodeURIComponent(UNMAPPED_HOST_PATH);
  // Host → public host, memoized: an answer names the same few hosts many times. Bounded, as the names
  // come from upstream text.
  // Each with whether the public host names a WB domain itself (it does not, unless APP_DOMAIN does).
  const hostCache = new Map<string, { pub: string | null; clean: boolean }>();
  const baseClean = !HAS_SUFFIX.test(hostMap.baseHost);
  // Whether the last replacement is free of WB domains (schemes, slashes, ports and quotes are).
  let replacedClean = true;
  const publicHost = (host: string): string | null => {
    let v = hostCache.get(host);
    if (v === undefined) {
      const pub = hostMap.publicHostFor(host) ?? null;
      v = { pub, clean: pub !== null && !HAS_SUFFIX.test(pub) };
      if (hostCache.size >= HOST_CACHE_SIZE) hostCache.clear();
      hostCache.set(host, v);
    }
    replacedClean = v.clean;
    return v.pub;
  };
  const replacement = (g: RegExpExecArray): string => {
    const [whole, scheme, slashes, host, encScheme, encHostA, quote, bareHost] = g;
    if (host !== undefined) {
      const lower = host.toLowerCase();
      const pub = publicHost(lower);
      const escaped = slashes !== '//';
      const sl = escaped ? String.raw`\/\/` : '//';
      const s = scheme === undefined ? '' : schemeFor(scheme);
      if (pub !== null) return `${s}${sl}${pub}${portSuffix}`;
      replacedClean = false; // the unmapped-host path names the WB host
      return `${s}${sl}${hostMap.baseHost}${portSuffix}${escaped ? unmappedEscaped : UNMAPPED_HOST_PATH}${lower}`;
    }
    if (encHostA !== undefined) {
      const lower = encHostA.toLowerCase();
      const pub = publicHost(lower);
      const s = encScheme === undefined ? '' : (encScheme.charCodeAt(0) | 32) === 119 ? encWs : encHttp;
      if (pub !== null) return `${s}%2F%2F${pub}${encPort}`;
      replacedClean = false;
      return `${s}%2F%2F${hostMap.baseHost}${encPort}${unmappedEncoded}${lower}`;
    }
    if (bareHost !== undefined && quote !== undefined) {
      const lower = bareHost.toLowerCase();
      const dotted = whole.charAt(1) === '.';
      if (lower === 'wildberries.ru') {
        replacedClean = baseClean;
        return `${quote}${dotted ? '.' : ''}${hostMap.baseHost}${quote}`;
      }
      const pub = dotted ? null : publicHost(lower);
      replacedClean = pub !== null && replacedClean;
      return pub === null ? whole : `${quote}${pub}${quote}`;
    }
    replacedClean = false;
    return whole;
  };
  // The output holds a WB domain only in text the scan left (`seen.leftover`), in a replacement, or across a
  // replacement's edge (a domain made of its last characters and the text after it, or the reverse).
  const map = (text: string): CheckedRewrite => {
    const seen = { leftover: false };
    let clean = true;
    let out = '';
    let last = 0;
    for (const { index, groups } of urlMatches(text, seen)) {
      const r = replacement(groups);
      const end = index + groups[0].length;
      // The character before the replacement in the output: the text's, or the previous replacement's.
      const before = index > last ? text.charCodeAt(index - 1) : out.charCodeAt(out.length - 1);
      if (
        !replacedClean ||
        (isHostChar(r.charCodeAt(0)) && isHostChar(before)) ||
        (isHostChar(r.charCodeAt(r.length - 1)) && isHostChar(text.charCodeAt(end)))
      )
        clean = false;
      out += text.slice(last, index) + r;
      last = end;
    }
    return { text: last === 0 ? text : out + text.slice(last), clean: clean && !seen.leftover };
  };
  m = { map };
  cache.set(hostMap, m);
  return m;
}

/**
 * Maps every WB URL form in a piece of text (see the module comment) to its public form.
 *
 * @example
 * rewriteUrlsInText('fetch("https://seller-services.wildberries.ru/ns/x")', map);
 * // 'fetch("http://seller-services.wb-seller.joycity.localhost:8080/ns/x")'
 */
export function rewriteUrlsInText(text: string, hostMap: HostMap): string {
  return mapperFor(hostMap).map(text).text;
}

/**
 * `rewriteUrlsInText`, also telling whether the result is proven free of WB domains, in the same pass. The
 * transport then skips the full `findUnmappedWbUrls` scan of what it sends; `clean: false` only means the
 * proof does not hold (prose naming WB, unmapped hosts), never that a URL leaked: run the check then.
 *
 * @example
 * const { text, clean } = rewriteUrlsInTextChecked(json, hostMap);
 * if (!clean && findUnmappedWbUrls(text, hostMap).length > 0) throw new Error('leak');
 */
export function rewriteUrlsInTextChecked(text: string, hostMap: HostMap): CheckedRewrite {
  return mapperFor(hostMap).map(text);
}

/** One WB URL left in a text: what the final check reports. */
export interface UnmappedWbUrl {
  index: number;
  match: string;
}

const PROXIED_BARE = /^(["'\x60])(.*)\1$/s;

/**
 * The final check: every WB URL form the rewriters map, still present in `text`. Rewritten output must
 * give `[]`; the transport can run it on what it sends and fail closed (tests run it on everything).
 * Bare quoted host strings count only when they name a host the proxy forwards (that is what
 * `rewriteUrlsInText` maps); `".wildberries.ru"` counts too.
 */
export function findUnmappedWbUrls(text: string, hostMap?: HostMap): UnmappedWbUrl[] {
  const out: UnmappedWbUrl[] = [];
  for (const { index, groups: m } of urlMatches(text)) {
    if (m[7] !== undefined) {
      const bare = PROXIED_BARE.exec(m[0])?.[2]?.toLowerCase() ?? '';
      const isParent = bare === 'wildberries.ru' || bare === '.wildberries.ru';
      const proxied = hostMap ? hostMap.publicHostFor(bare) !== undefined : !!lookupProxiedHost(bare);
      if (!isParent && !proxied) continue;
    }
    out.push({ index, match: m[0] });
  }
  return out;
}
