import { lookupWbHost, normalizeHost, type WbHostEntry, type WbHostKind } from '@joycity/shared/wb';

/**
 * The mapping between WB's hosts and the proxy's public hosts. Every WB origin the portal touches gets its own
 * public origin, so the browser's same-origin rules, cookies and relative URLs keep working as on WB.
 *
 * The encoding (documented in proxy/README.md) is bijective:
 * - `seller.wildberries.ru`          ↔ `wb-seller.<APP_DOMAIN>` (the base host);
 * - `<label>.wildberries.ru`         ↔ `<label>.wb-seller.<APP_DOMAIN>` (one label without `--`);
 * - any other WB host `a.b.c`        ↔ `a--b--c.wb-seller.<APP_DOMAIN>` (dots become `--`).
 *
 * Valid host labels never start or end with `-` and WB's never contain `--`, so `--` marks the third form
 * unambiguously. Only hosts in the upstream table (portal and static hosts of `@joycity/shared/wb`) are mapped,
 * both ways: anything else is `undefined`, and callers refuse it.
 *
 * @example
 * const map = createHostMap({ appDomain: 'joycity.localhost', publicOrigin: 'http://wb-seller.joycity.localhost:8080' });
 * map.publicHostFor('cmp.wildberries.ru'); // 'cmp.wb-seller.joycity.localhost'
 * map.toPublicUrl('https://basket-01.wbbasket.ru/a.webp'); // 'http://basket-01--wbbasket--ru.wb-seller.joycity.localhost:8080/a.webp'
 */
export interface HostMap {
  /** `wb-seller.<APP_DOMAIN>`. */
  readonly baseHost: string;
  /** `http:` or `https:`: the public scheme. */
  readonly publicProtocol: 'http:' | 'https:';
  /** The public port when the public origin has one (`''` otherwise). */
  readonly publicPort: string;
  /** The allowed WB host for a public host (`Host` header, with or without port), or `undefined`. */
  wbHostFor(publicHost: string): WbHostEntry | undefined;
  /** The public host (no port) for an allowed WB host, or `undefined`. */
  publicHostFor(wbHost: string): string | undefined;
  /** The public origin (`scheme://host[:port]`) for an allowed WB host, or `undefined`. */
  publicOriginFor(wbHost: string): string | undefined;
  /** An absolute or protocol-relative WB URL in its public form; `undefined` when it is not an allowed WB URL. */
  toPublicUrl(url: string): string | undefined;
  /** A public URL back to the WB URL it stands for (always https); `undefined` when it is not one of ours. */
  toWbUrl(url: string): string | undefined;
  /** Whether a host (with or without port) is one of the proxy's public hosts. */
  isPublicHost(host: string): boolean;
}

export interface HostMapOptions {
  /** APP_DOMAIN, e.g. `joycity.example.com`. */
  appDomain: string;
  /** The proxy's public origin, e.g. `https://wb-seller.joycity.example.com` or `http://wb-seller.x.localhost:8080`. */
  publicOrigin: string;
}

/** Host kinds the proxy forwards to. Seller APIs (API keys) never go through the portal proxy. */
export const PROXIED_HOST_KINDS: readonly WbHostKind[] = ['portal', 'static'];

const WB_PORTAL_HOST = 'seller.wildberries.ru';
const WB_PARENT = '.wildberries.ru';
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export class HostMapConfigError extends Error {
  readonly code = 'HOST_MAP_CONFIG';
}

/** Looks a host up in the table of hosts the proxy may contact. */
export function lookupProxiedHost(host: string): WbHostEntry | undefined {
  const entry = lookupWbHost(host);
  return entry && PROXIED_HOST_KINDS.includes(entry.kind) ? entry : undefined;
}

export function createHostMap(options: HostMapOptions): HostMap {
  const appDomain = normalizeHost(options.appDomain);
  if (!appDomain || !appDomain.split('.').every((l) => LABEL.test(l))) {
    throw new HostMapConfigError(`APP_DOMAIN "${options.appDomain}" is not a valid domain name`);
  }
  let origin: URL;
  try {
    origin = new URL(options.publicOrigin);
  } catch {
    throw new HostMapConfigError(`the proxy's public origin "${options.publicOrigin}" is not a URL`);
  }
  const baseHost = `wb-seller.${appDomain}`;
  if (origin.hostname !== baseHost) {
    throw new HostMapConfigError(`the proxy's public origin must be on ${baseHost}, not ${origin.hostname}`);
  }
  if (origin.protocol !== 'http:' && origin.protocol !== 'https:') {
    throw new HostMapConfigError(`the proxy's public origin must be http or https, not ${origin.protocol}`);
  }
  const publicProtocol = origin.protocol;
  const publicPort = origin.port;
  const suffix = `.${baseHost}`;

  function publicHostFor(wbHost: string): string | undefined {
    const entry = lookupProxiedHost(wbHost);
    if (!entry) return undefined;
    const host = entry.host;
    if (host === WB_PORTAL_HOST) return baseHost;
    if (host.endsWith(WB_PARENT)) {
      const label = host.slice(0, -WB_PARENT.length);
      if (LABEL.test(label) && !label.includes('--')) return `${label}${suffix}`;
    }
    if (host.includes('--')) return undefined; // cannot be encoded unambiguously (no WB host has it)
    const encoded = host.replaceAll('.', '--');
    return encoded.length <= 63 ? `${encoded}${suffix}` : undefined;
  }

  function wbHostFor(publicHost: string): WbHostEntry | undefined {
    const host = normalizeHost(publicHost);
    let wbHost: string;
    if (host === baseHost) {
      wbHost = WB_PORTAL_HOST;
    } else {
      if (!host.endsWith(suffix)) return undefined;
      const label = host.slice(0, -suffix.length);
      if (!LABEL.test(label)) return undefined;
      wbHost = label.includes('--') ? label.replaceAll('--', '.') : `${label}${WB_PARENT}`;
    }
    // Only the canonical public form maps back, which keeps the mapping a bijection.
    return publicHostFor(wbHost) === host ? lookupProxiedHost(wbHost) : undefined;
  }

  const originOf = (host: string) => `${publicProtocol}//${host}${publicPort ? `:${publicPort}` : ''}`;

  return {
    baseHost,
    publicProtocol,
    publicPort,
    wbHostFor,
    publicHostFor,
    publicOriginFor(wbHost) {
      const host = publicHostFor(wbHost);
      return host === undefined ? undefined : originOf(host);
    },
    toPublicUrl(url) {
      const parsed = parseAbsolute(url);
      if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) return undefined;
      if (parsed.username || parsed.password) return undefined;
      if (parsed.port && parsed.port !== '443' && parsed.port !== '80') return undefined;
      const host = publicHostFor(parsed.hostname);
      if (host === undefined) return undefined;
      return `${originOf(host)}${parsed.pathname}${parsed.search}${parsed.hash}`;
    },
    toWbUrl(url) {
      const parsed = parseAbsolute(url, publicProtocol);
      if (!parsed || parsed.protocol !== publicProtocol || parsed.username || parsed.password)
        return undefined;
      if (parsed.port !== publicPort) return undefined;
      const entry = wbHostFor(parsed.hostname);
      if (!entry) return undefined;
      return `https://${entry.host}${parsed.pathname}${parsed.search}${parsed.hash}`;
    },
    isPublicHost(host) {
      return wbHostFor(host) !== undefined;
    },
  };
}

/** Parses an absolute (`https://…`) or protocol-relative (`//…`) URL; anything else is undefined. */
function parseAbsolute(url: string, relativeProtocol = 'https:'): URL | undefined {
  const text = url.trim();
  if (!/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(text)) return undefined;
  try {
    return new URL(text.startsWith('//') ? `${relativeProtocol}${text}` : text);
  } catch {
    return undefined;
  }
}
