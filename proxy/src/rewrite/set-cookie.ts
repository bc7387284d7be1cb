import type { HostMap } from '../hosts/host-map.ts';
import { WB_DOMAINS, isWbDomainHost } from './wb-domain.ts';

/**
 * Maps one `Set-Cookie` value from WB to what the browser gets on the public hosts:
 * - `Domain=.wildberries.ru` (or `.wbbasket.ru`/`.wb.ru`) → `Domain=.wb-seller.<domain>` (every public host);
 * - `Domain=<the answering host>` → host-only (no Domain), as precise as WB's;
 * - `Domain=<another proxied WB host>` → that host's public host (the browser refuses it, as on WB);
 * - any other Domain (a WB host we do not forward, or not WB's) → the cookie is dropped (`null`);
 * - over a plain-http public origin: `Secure` and `Partitioned` dropped, `SameSite=None` → `Lax` (a browser
 *   refuses `None` without `Secure`);
 * - `Path` is kept (paths are the same on both sides), as are the name, value and other attributes.
 */
export function rewriteSetCookie(value: string, hostMap: HostMap, wbHost: string): string | null {
  const parts = value.split(';');
  const out = [parts[0]!.trim()];
  const http = hostMap.publicProtocol === 'http:';
  for (const raw of parts.slice(1)) {
    const attr = raw.trim();
    if (!attr) continue;
    const eq = attr.indexOf('=');
    const name = (eq === -1 ? attr : attr.slice(0, eq)).trim().toLowerCase();
    const val = eq === -1 ? '' : attr.slice(eq + 1).trim();
    if (name === 'domain') {
      const domain = val.replace(/^\./, '').toLowerCase();
      if ((WB_DOMAINS as readonly string[]).includes(domain)) {
        out.push(`Domain=.${hostMap.baseHost}`);
        continue;
      }
      if (!isWbDomainHost(domain)) return null;
      if (domain === wbHost.toLowerCase()) continue; // host-only
      const pub = hostMap.publicHostFor(domain);
      if (pub === undefined) return null;
      out.push(`Domain=${pub}`);
      continue;
    }
    if (http && (name === 'secure' || name === 'partitioned')) continue;
    if (http && name === 'samesite' && val.toLowerCase() === 'none') {
      out.push('SameSite=Lax');
      continue;
    }
    out.push(attr);
  }
  return out.join('; ');
}
