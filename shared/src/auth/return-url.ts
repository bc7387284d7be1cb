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

// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const CONTROL_OR_SPACE =
  /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/;

export function safeReturnUrl(
  candidate: string | null | undefined,
  rules: ReturnUrlRules,
): string | undefined {
  if (!candidate || candidate.length > 4_096) return undefined;
  if (CONTROL_OR_SPACE.test(candidate) || candidate.includes('\\')) return undefined;
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
