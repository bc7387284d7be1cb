import type { HostMap } from '../hosts/host-map.ts';
import { UNMAPPED_HOST_PATH } from './url-text.ts';
import { isWbDomainHost } from './wb-domain.ts';

/**
 * The reverse of `rewriteUrlsInText`, for what the browser sends WB: query strings and bodies (a login's
 * `redirect_url=http%3A%2F%2Fwb-seller…`, JSON carrying page URLs, form fields) name public URLs, and WB
 * must see its own. Public origins (with the public port) → `https://<WB host>` (`wss://` for ws schemes),
 * in the plain, `\/`-escaped and percent-encoded forms; `<base>/__joycity/unmapped-host/<host>` → `https://<host>`.
 * Anything that is not one of our public hosts is left alone.
 *
 * @example
 * rewritePublicUrlsToWb('redirect_url=http%3A%2F%2Fcmp.wb-seller.x.test%3A8080%2Fc', map); // 'redirect_url=https%3A%2F%2Fcmp.wildberries.ru%2Fc'
 */
export function rewritePublicUrlsToWb(text: string, hostMap: HostMap): string {
  if (!text.toLowerCase().includes(hostMap.baseHost)) return text;
  return text.replace(regexFor(hostMap), (whole, ...g: (string | undefined)[]) => {
    const [scheme, slashes, host, port, unmapped, encScheme, encHost, encPort, encUnmapped] = g;
    const plain = host !== undefined;
    const h = (plain ? host : encHost)!.toLowerCase();
    const p = plain ? port : encPort;
    const expectedPort = hostMap.publicPort
      ? plain
        ? `:${hostMap.publicPort}`
        : `%3A${hostMap.publicPort}`
      : undefined;
    if ((p ?? undefined) !== expectedPort && !(p === undefined && expectedPort === undefined)) return whole;
    const s = plain ? scheme : encScheme;
    const ws = s !== undefined && /^wss?/i.test(s);
    const target = plain ? (unmapped ?? '') : (encUnmapped ?? '');
    let wbHost: string | undefined;
    if (target) {
      const name = target.slice(target.lastIndexOf(plain ? '/' : '%2F') + (plain ? 1 : 3)).toLowerCase();
      if (h === hostMap.baseHost && isWbDomainHost(name)) wbHost = name;
    }
    if (wbHost === undefined) {
      if (target) return whole;
      wbHost = hostMap.wbHostFor(h)?.host;
    }
    if (wbHost === undefined) return whole;
    const sl = plain ? slashes! : '%2F%2F';
    const outScheme = s === undefined ? '' : plain ? (ws ? 'wss:' : 'https:') : ws ? 'wss%3A' : 'https%3A';
    return `${outScheme}${sl}${wbHost}`;
  });
}

const cache = new WeakMap<HostMap, RegExp>();

function regexFor(hostMap: HostMap): RegExp {
  let re = cache.get(hostMap);
  if (re) return re;
  const base = hostMap.baseHost.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const host = String.raw`((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*${base})`;
  const path = UNMAPPED_HOST_PATH.slice(1, -1); // __joycity/unmapped-host
  const unmapped = String.raw`((?:\/|\\\/)${path.replace('/', String.raw`(?:\/|\\\/)`)}(?:\/|\\\/)[a-z0-9.-]+)?`;
  const encUnmapped = String.raw`(%2F${path.replace('/', '%2F')}%2F[a-z0-9.-]+)?`;
  re = new RegExp(
    String.raw`(?<![a-z0-9+.-])((?:https?|wss?):)?(\/\/|\\\/\\\/)${host}(:\d{1,5})?(?![a-z0-9-])${unmapped}` +
      String.raw`|(?<![a-z0-9+.-])((?:https?|wss?)%3A)?%2F%2F${host}(%3A\d{1,5})?(?![a-z0-9-])${encUnmapped}`,
    'gi',
  );
  cache.set(hostMap, re);
  return re;
}
