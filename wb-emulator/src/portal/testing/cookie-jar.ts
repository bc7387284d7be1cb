/**
 * A small RFC 6265 cookie jar for tests that act as a browser against the emulated portal: Domain cookies
 * (`.wildberries.ru`) go to every subdomain, host-only cookies (seller-auth's `wbx-refresh`) only to their
 * host, Path prefixes and Max-Age/Expires are honoured.
 */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expiresMs: number | null;
  httpOnly: boolean;
  secure: boolean;
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  /** Stores the `Set-Cookie` values of a response from `host`. */
  store(host: string, setCookies: readonly string[], nowMs = Date.now()): void {
    for (const header of setCookies) {
      const [pair = '', ...attrs] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const cookie: StoredCookie = {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        domain: host,
        hostOnly: true,
        path: '/',
        expiresMs: null,
        httpOnly: false,
        secure: false,
      };
      for (const attr of attrs) {
        const [k = '', v = ''] = attr.split('=');
        const key = k.toLowerCase();
        if (key === 'domain' && v) {
          const d = v.replace(/^\./, '').toLowerCase();
          if (host !== d && !host.endsWith(`.${d}`)) continue; // a host cannot set cookies for others
          cookie.domain = d;
          cookie.hostOnly = false;
        } else if (key === 'path' && v) cookie.path = v;
        else if (key === 'max-age') cookie.expiresMs = nowMs + Number(v) * 1000;
        else if (key === 'expires' && cookie.expiresMs === null) cookie.expiresMs = Date.parse(v);
        else if (key === 'httponly') cookie.httpOnly = true;
        else if (key === 'secure') cookie.secure = true;
      }
      this.cookies = this.cookies.filter(
        (c) => !(c.name === cookie.name && c.domain === cookie.domain && c.path === cookie.path),
      );
      if (cookie.expiresMs === null || cookie.expiresMs > nowMs) this.cookies.push(cookie);
    }
  }

  /** Sets a cookie directly (e.g. from `/__emulator/accounts` credentials). */
  set(name: string, value: string, domain = 'wildberries.ru', hostOnly = false): void {
    this.cookies = this.cookies.filter((c) => !(c.name === name && c.domain === domain));
    this.cookies.push({
      name,
      value,
      domain,
      hostOnly,
      path: '/',
      expiresMs: null,
      httpOnly: false,
      secure: false,
    });
  }

  delete(name: string): void {
    this.cookies = this.cookies.filter((c) => c.name !== name);
  }

  /** The cookies a request to `host` + `path` carries. */
  matching(host: string, path = '/', nowMs = Date.now()): StoredCookie[] {
    return this.cookies.filter(
      (c) =>
        (c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`)) &&
        path.startsWith(c.path) &&
        (c.expiresMs === null || c.expiresMs > nowMs),
    );
  }

  header(host: string, path = '/'): string | undefined {
    const list = this.matching(host, path);
    return list.length ? list.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  get(name: string): StoredCookie | undefined {
    return this.cookies.find((c) => c.name === name);
  }

  all(): StoredCookie[] {
    return [...this.cookies];
  }
}
