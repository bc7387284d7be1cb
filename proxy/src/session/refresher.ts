import type { Coordinator } from '@joycity/shared/coordination';
import type { PortalSessionEnvelope } from '@joycity/shared/internal-api';
import type { Logger } from '@joycity/shared/logger';
import { callUpstream } from '../upstream/call.ts';
import type { Upstream } from '../upstream/upstream.ts';
import type { PortalSessionStore } from './portal-sessions.ts';
import { cookieHeaderFor, splitSetCookies } from './wb-cookies.ts';

const SHELL = 'seller.wildberries.ru';
const AUTH = 'seller-auth.wildberries.ru';
/** A cheap authenticated call that says whether WB still accepts the session. */
export const VALIDATE_PATH = '/ns/passport-portal/suppliers-portal-ru/validate';
/** Refresh this long before the session token expires. */
const REFRESH_AHEAD_MS = 24 * 60 * 60 * 1000;

export type RefreshOutcome = 'refreshed' | 'valid' | 'needs_relogin';

/**
 * Keeps an account's WB session alive, driven by the proxy (never by a manager's browser): before expiry
 * (from the token's `exp`) and whenever WB answers 401. One refresh per account at a time across every
 * replica (a coordinator lock, then a re-read: whoever waited finds the work done). The ladder: is the
 * session still valid? → `upgrade-cookie-authv3` → `slide-v3` with `wbx-refresh` → give up: the account is
 * marked `needs_relogin` (admins see it, managers get a clear page).
 */
export function createSessionRefresher(options: {
  store: PortalSessionStore;
  coordinator: Coordinator;
  upstream: Upstream;
  logger: Logger;
  now?: () => number;
}) {
  const { store, upstream, logger } = options;
  const now = options.now ?? Date.now;
  const inFlight = new Map<number, Promise<RefreshOutcome>>();
  const lastAhead = new Map<number, number>();

  const headersFor = (host: string, session: PortalSessionEnvelope) => {
    const cookie = cookieHeaderFor(host, session.cookies);
    return {
      ...(cookie ? { cookie } : {}),
      ...(session.authorizev3 ? { authorizev3: session.authorizev3 } : {}),
    };
  };

  async function ladder(
    accountId: number,
    usedVersion: number | undefined,
    why: string,
  ): Promise<RefreshOutcome> {
    const session = await store.reload(accountId);
    if (usedVersion !== undefined && session.version !== usedVersion) return 'refreshed';
    if (session.status === 'needs_relogin') return 'needs_relogin';

    const probe = await callUpstream(upstream, {
      wbHost: SHELL,
      method: 'GET',
      path: VALIDATE_PATH,
      headers: headersFor(SHELL, session),
    });
    const expiresSoon = tokenExpiry(session) - now() < REFRESH_AHEAD_MS;
    if (probe.status === 200 && !expiresSoon) return 'valid';
    if (probe.status >= 500 || probe.status === 429) {
      throw new Error(`WB answered ${probe.status} to the session check`);
    }

    const upgrade = await callUpstream(upstream, {
      wbHost: SHELL,
      method: 'POST',
      path: '/upgrade-cookie-authv3',
      headers: headersFor(SHELL, session),
      body: '{}',
    });
    if (upgrade.status === 200) {
      const token = readPath(upgrade.text, ['data', 'token']);
      await store.apply(accountId, patchFrom(upgrade.setCookies, token));
      logger.info({ accountId, why }, 'WB session upgraded');
      return 'refreshed';
    }

    const slide = await callUpstream(upstream, {
      wbHost: AUTH,
      method: 'POST',
      path: '/auth/v2/auth/slide-v3',
      headers: headersFor(AUTH, session),
    });
    const sticker = slide.status === 200 ? readPath(slide.text, ['payload', 'sticker']) : undefined;
    if (sticker) {
      const confirm = await callUpstream(upstream, {
        wbHost: AUTH,
        method: 'POST',
        path: '/auth/v2/auth/slide-v3-confirm',
        headers: headersFor(AUTH, session),
        body: JSON.stringify({ sticker }),
      });
      if (confirm.status === 200) {
        const token = readPath(confirm.text, ['payload', 'access_token']);
        await store.apply(accountId, patchFrom(confirm.setCookies, token));
        logger.info({ accountId, why }, 'WB session renewed by slide-v3');
        return 'refreshed';
      }
    }
    const reason = `WB refused the session (${why}; check ${probe.status}, upgrade ${upgrade.status}, slide ${slide.status})`;
    await store.setStatus(accountId, 'needs_relogin', reason);
    logger.warn({ accountId, reason }, 'WB session needs a new login');
    return 'needs_relogin';
  }

  return {
    /**
     * Refreshes after WB refused a request made with session version `usedVersion` (or ahead of expiry).
     * Resolves once this or another replica finished.
     */
    refresh(accountId: number, usedVersion: number | undefined, why: string): Promise<RefreshOutcome> {
      let pending = inFlight.get(accountId);
      if (!pending) {
        pending = options.coordinator
          .withLock(`proxy:portal-refresh:${accountId}`, { waitMs: 30_000, ttlMs: 30_000 }, () =>
            ladder(accountId, usedVersion, why),
          )
          .finally(() => inFlight.delete(accountId));
        inFlight.set(accountId, pending);
      }
      return pending;
    },
    /**
     * Starts a background refresh when the session token expires within a day (at most once every 5 minutes
     * per account, so clocks that disagree cannot make it loop). A 401 refreshes at once, whatever this says.
     */
    refreshAhead(accountId: number, session: PortalSessionEnvelope): void {
      if (session.status === 'needs_relogin' || tokenExpiry(session) - now() >= REFRESH_AHEAD_MS) return;
      const last = lastAhead.get(accountId) ?? 0;
      if (now() - last < 5 * 60_000) return;
      lastAhead.set(accountId, now());
      this.refresh(accountId, session.version, 'ahead of expiry').catch((err: unknown) =>
        logger.warn({ err, accountId }, 'refreshing the WB session ahead of expiry failed'),
      );
    },
  };
}

export type SessionRefresher = ReturnType<typeof createSessionRefresher>;

function patchFrom(setCookies: string[], token: string | undefined) {
  const { setCookies: set, removeCookies } = splitSetCookies(setCookies);
  return {
    setCookies: set,
    removeCookies: removeCookies.filter((n) => !(n in set)),
    ...(token ? { authorizev3: token } : {}),
  };
}

function readPath(text: string, path: string[]): string | undefined {
  try {
    let value: unknown = JSON.parse(text);
    for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
    return typeof value === 'string' && value ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The session token's `exp` in ms (from WBTokenV3, unverified: only WB verifies it); +∞ when unknown. */
export function tokenExpiry(session: Pick<PortalSessionEnvelope, 'cookies' | 'authorizev3'>): number {
  const token = session.cookies.WBTokenV3 ?? session.authorizev3;
  const payload = token?.split('.')[1];
  if (!payload) return Number.POSITIVE_INFINITY;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
