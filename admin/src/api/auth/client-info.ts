import { isIP } from 'node:net';
import type { Context } from 'hono';

/**
 * The caller's IP address. Behind `hops` trusted reverse proxies (Traefik, Next.js) it is the entry that many
 * positions from the right of `X-Forwarded-For` (entries further left are whatever the client sent). With no
 * trusted proxy the header is ignored and the socket's address is used. Null when unknown.
 *
 * @example
 * clientIp(c, 1) // 'X-Forwarded-For: 6.6.6.6, 203.0.113.9' → '203.0.113.9'
 */
export function clientIp(c: Context, hops: number): string | null {
  if (hops > 0) {
    const chain = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const candidate = chain[chain.length - hops];
    if (candidate) return normalizeIp(candidate);
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return normalizeIp(env?.incoming?.socket?.remoteAddress);
}

function normalizeIp(value: string | undefined): string | null {
  if (!value) return null;
  const ip = value.startsWith('::ffff:') && isIP(value.slice(7)) === 4 ? value.slice(7) : value;
  return isIP(ip) ? ip : null;
}

/**
 * A short human description of a browser from its user agent ("Chrome 141 on Windows"), for the sessions
 * list. Best effort; unknown agents keep a trimmed raw string.
 */
export function describeDevice(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const ua = userAgent.slice(0, 500);
  const browser =
    match(ua, /Edg(?:e|A|iOS)?\/(\d+)/, 'Edge') ??
    match(ua, /YaBrowser\/(\d+)/, 'Yandex Browser') ??
    match(ua, /OPR\/(\d+)/, 'Opera') ??
    match(ua, /Firefox\/(\d+)/, 'Firefox') ??
    match(ua, /(?:Chrome|CriOS)\/(\d+)/, 'Chrome') ??
    match(ua, /Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari/, 'Safari') ??
    match(ua, /curl\/(\d+)/, 'curl');
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Android/.test(ua)
        ? 'Android'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (!browser) return ua.slice(0, 80);
  return os ? `${browser} on ${os}` : browser;
}

function match(ua: string, pattern: RegExp, name: string): string | undefined {
  const m = pattern.exec(ua);
  return m ? `${name} ${m[1]}` : undefined;
}
