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
const URL_RE = new RegExp(
  String.raw`(?<![a-z0-9+.-])((?:https?|wss?):)?(\/\/|\\\/\\\/)${HOST}${PORT}` +
    String.raw`|(?<![a-z0-9+.-])((?:https?|wss?)%3A)?%2F%2F${HOST}${PORT_ENC}` +
    String.raw`|(["'\x60])\.?${HOST}\6`,
  'gi',
);
const QUICK = /wildberries\.ru|wbbasket\.ru|wb\.ru/i;

interface Mapper {
  map(text: string): string;
}

const cache = new WeakMap<HostMap, Mapper>();

function mapperFor(hostMap: HostMap): Mapper {
  let m = cache.get(hostMap);
  if (m) return m;
  const portSuffix = hostMap.publicPort ? `:${hostMap.publicPort}` : '';
  const wsScheme = hostMap.publicProtocol === 'https:' ? 'wss:' : 'ws:';
  const hostCache = new Map<string, string | null>();
  const publicHost = (host: string): string | null => {
    let v = hostCache.get(host);
    if (v === undefined) {
      v = hostMap.publicHostFor(host) ?? null;
      hostCache.set(host, v);
    }
    return v;
  };
  const map = (text: string): string => {
    if (!QUICK.test(text)) return text;
    return text.replace(URL_RE, (...g: unknown[]) => {
      const [whole, scheme, slashes, host, encScheme, encHostA, quote, bareHost] = g as (
        string | undefined
      )[];
      if (host !== undefined) {
        const lower = host.toLowerCase();
        const pub = publicHost(lower);
        const escaped = slashes !== '//';
        const sl = escaped ? String.raw`\/\/` : '//';
        const s = scheme === undefined ? '' : /^wss?:$/i.test(scheme) ? wsScheme : hostMap.publicProtocol;
        if (pub !== null) return `${s}${sl}${pub}${portSuffix}`;
        const path = escaped ? UNMAPPED_HOST_PATH.replaceAll('/', String.raw`\/`) : UNMAPPED_HOST_PATH;
        return `${s}${sl}${hostMap.baseHost}${portSuffix}${path}${lower}`;
      }
      if (encHostA !== undefined) {
        const lower = encHostA.toLowerCase();
        const pub = publicHost(lower);
        const s =
          encScheme === undefined
            ? ''
            : /^wss?%3A$/i.test(encScheme)
              ? `${wsScheme.slice(0, -1)}%3A`
              : `${hostMap.publicProtocol.slice(0, -1)}%3A`;
        const port = hostMap.publicPort ? `%3A${hostMap.publicPort}` : '';
        if (pub !== null) return `${s}%2F%2F${pub}${port}`;
        return `${s}%2F%2F${hostMap.baseHost}${port}${encodeURIComponent(UNMAPPED_HOST_PATH)}${lower}`;
      }
      if (bareHost !== undefined && quote !== undefined) {
        const lower = bareHost.toLowerCase();
        const dotted = whole!.charAt(1) === '.';
        if (lower === 'wildberries.ru') return `${quote}${dotted ? '.' : ''}${hostMap.baseHost}${quote}`;
        if (dotted) return whole!;
        const pub = publicHost(lower);
        return pub === null ? whole! : `${quote}${pub}${quote}`;
      }
      return whole!;
    });
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
  if (!QUICK.test(text)) return out;
  for (const m of text.matchAll(URL_RE)) {
    if (m[7] !== undefined) {
      const bare = PROXIED_BARE.exec(m[0])?.[2]?.toLowerCase() ?? '';
      const isParent = bare === 'wildberries.ru' || bare === '.wildberries.ru';
      const proxied = hostMap ? hostMap.publicHostFor(bare) !== undefined : !!lookupProxiedHost(bare);
      if (!isParent && !proxied) continue;
    }
    out.push({ index: m.index, match: m[0] });
  }
  return out;
}

/** Longer than any match of `URL_RE` (scheme + escaped slashes + 253-character host + port). */
const HOLD_BACK = 1024;

/** A text rewriter fed chunk by chunk (event streams, large text piped through). */
export interface TextStreamRewriter {
  /** Rewritten text that is safe to send now (it may be shorter than what came in). */
  write(chunk: string): string;
  /** The rest, at the end of the stream. */
  end(): string;
}

/**
 * `rewriteUrlsInText` for a stream: the output, concatenated, equals rewriting the whole text at once. The last
 * ~1 KB is held back (a URL may be cut between chunks), never more: nothing waits for a line end.
 *
 * @example
 * const rw = createTextStreamRewriter(hostMap);
 * upstream.on('data', (c) => res.write(rw.write(decoder.decode(c, { stream: true }))));
 * upstream.on('end', () => res.end(rw.end()));
 */
export function createTextStreamRewriter(hostMap: HostMap): TextStreamRewriter {
  let held = '';
  let prev = ' '; // the last character sent: context for the look-behind
  const emit = (text: string): string => {
    if (!text) return '';
    const out = rewriteUrlsInText(prev + text, hostMap).slice(1);
    prev = text.charAt(text.length - 1);
    return out;
  };
  return {
    write(chunk) {
      held += chunk;
      if (held.length <= HOLD_BACK) return '';
      let cut = held.length - HOLD_BACK;
      for (const m of held.matchAll(URL_RE)) {
        if (m.index >= cut) break;
        if (m.index + m[0].length > cut) {
          cut = m.index;
          break;
        }
      }
      const ready = held.slice(0, cut);
      held = held.slice(cut);
      return emit(ready);
    },
    end() {
      const rest = held;
      held = '';
      return emit(rest);
    },
  };
}
