/**
 * Validates the URL a login sends the user back to, by oauth2-proxy's rules, so neither the admin's login
 * page nor the proxy can be turned into an open redirect. Browser-safe (no Node imports): the admin's login
 * form imports it as `@joycity/shared/return-url`.
 *
 * Accepted: a path on the current origin (`/x?y`), or an absolute http(s) URL whose host is APP_DOMAIN or
 * one of its subdomains (with the scheme given). Refused: `//host` and `/\host` (protocol-relative), any
 * backslash, whitespace or control character anywhere (browsers strip or reinterpret them), user info,
 * other schemes and other hosts.
 *
 * @example
 * safeReturnUrl('http://wb-seller.joycity.localhost:8080/x', { appDomain: 'joycity.localhost' }) // the URL
 * safeReturnUrl('//evil.com', { appDomain: 'joycity.localhost' }) // undefined
 */
export interface ReturnUrlRules {
  /** APP_DOMAIN: the URL's host must be it or end with `.<appDomain>`. */
  appDomain: string;
  /** Only these schemes (default both http and https). */
  schemes?: readonly ('http' | 'https')[];
}

const UNICODE_SPACES = new Set([
  0x1680,
  0x180e,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
  ...Array.from({ length: 0x200f - 0x2000 + 1 }, (_, i) => 0x2000 + i),
]);

/** Control characters, spaces of any kind and invisible marks: browsers strip or reinterpret them. */
function hasControlOrSpace(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || (code >= 0x7f && code <= 0xa0) || UNICODE_SPACES.has(code)) return true;
  }
  return false;
}

export function safeReturnUrl(
  candidate: string | null | undefined,
  rules: ReturnUrlRules,
): string | undefined {
  if (!candidate || candidate.length > 4_096) return undefined;
  if (hasControlOrSpace(candidate) || candidate.includes('\\')) return undefined;
  if (candidate.startsWith('/')) {
    // A local path: never `//host` (protocol-relative), never `/\`.
    if (candidate.startsWith('//')) return undefined;
    return candidate;
  }
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return undefined;
  }
  const schemes = rules.schemes ?? ['http', 'https'];
  if (!schemes.includes(url.protocol.slice(0, -1) as 'http' | 'https')) return undefined;
  if (url.username || url.password) return undefined;
  // The original text must name the host right after "scheme://": no "http:evil.com" forms.
  if (!/^https?:\/\/[^/?#@]+(?:[/?#]|$)/i.test(candidate)) return undefined;
  const host = url.hostname.toLowerCase();
  const domain = rules.appDomain.toLowerCase().replace(/\.$/, '');
  if (host !== domain && !host.endsWith(`.${domain}`)) return undefined;
  return url.href;
}
