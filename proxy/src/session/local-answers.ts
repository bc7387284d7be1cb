import type { PortalSessionEnvelope } from '@joycity/shared/internal-api';
import type { Logger } from '@joycity/shared/logger';
import { callUpstream } from '../upstream/call.ts';
import type { Upstream } from '../upstream/upstream.ts';
import type { PortalSessionStore } from './portal-sessions.ts';
import { tokenExpiry, type SessionRefresher } from './refresher.ts';
import { cookieHeaderFor } from './wb-cookies.ts';

/**
 * The two token endpoints the SPA calls are answered by the proxy: the browser gets placeholders (it sends
 * them back as `authorizev3` / `wb-seller-lk`, and the proxy puts the real tokens in), the server keeps the
 * real ones. One `wb-seller-lk` per account is shared by every manager until shortly before it expires.
 */
export const AUTHORIZEV3_PLACEHOLDER = 'joycity-proxy-authorizev3';
export const SELLER_LK_PLACEHOLDER = 'joycity-proxy-wb-seller-lk';
export const SELLER_LK_TOKEN = 'wb-seller-lk';
export const UPGRADE_PATH = '/upgrade-cookie-authv3';
export const SELLER_LK_PATH = '/ns/suppliers-auth/suppliers-portal-core/auth/token';

const LK_MIN_REMAINING_MS = 60_000;

export class SessionRejectedError extends Error {
  readonly code = 'WB_SESSION_NEEDS_RELOGIN';
}

export function createLocalAnswers(options: {
  store: PortalSessionStore;
  refresher: SessionRefresher;
  upstream: Upstream;
  logger: Logger;
  now?: () => number;
}) {
  const now = options.now ?? Date.now;
  const lkInFlight = new Map<number, Promise<{ exp: number; userID: unknown }>>();

  function userIdOf(session: PortalSessionEnvelope): number | undefined {
    const payload = (session.cookies.WBTokenV3 ?? session.authorizev3)?.split('.')[1];
    if (!payload) return undefined;
    try {
      const uid = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { uid?: unknown }).uid;
      return typeof uid === 'number' ? uid : undefined;
    } catch {
      return undefined;
    }
  }

  async function fetchSellerLk(
    accountId: number,
    retried = false,
  ): Promise<{ exp: number; userID: unknown }> {
    const session = await options.store.get(accountId);
    const cached = session.tokens?.[SELLER_LK_TOKEN];
    const cachedExp = cached?.expiresAt ? Date.parse(cached.expiresAt) : 0;
    if (cached && cachedExp - now() > LK_MIN_REMAINING_MS) {
      return { exp: Math.floor(cachedExp / 1000), userID: userIdOf(session) };
    }
    const cookie = cookieHeaderFor('seller.wildberries.ru', session.cookies);
    const res = await callUpstream(options.upstream, {
      wbHost: 'seller.wildberries.ru',
      method: 'POST',
      path: SELLER_LK_PATH,
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(session.authorizev3 ? { authorizev3: session.authorizev3 } : {}),
      },
      body: JSON.stringify({ params: {}, jsonrpc: '2.0', id: 'json-rpc_1' }),
    });
    if (res.status === 401 && !retried) {
      const outcome = await options.refresher.refresh(accountId, session.version, 'auth/token answered 401');
      if (outcome === 'needs_relogin') throw new SessionRejectedError('WB refused the session');
      return fetchSellerLk(accountId, true);
    }
    const data = (() => {
      try {
        return (
          JSON.parse(res.text) as { result?: { data?: { token?: string; exp?: number; userID?: unknown } } }
        ).result?.data;
      } catch {
        return undefined;
      }
    })();
    if (res.status !== 200 || !data?.token || typeof data.exp !== 'number') {
      if (res.status === 401) throw new SessionRejectedError('WB refused the session');
      throw new Error(`WB answered ${res.status} to auth/token`);
    }
    await options.store.apply(accountId, {
      setTokens: {
        [SELLER_LK_TOKEN]: { value: data.token, expiresAt: new Date(data.exp * 1000).toISOString() },
      },
    });
    return { exp: data.exp, userID: data.userID };
  }

  return {
    /** `POST seller/upgrade-cookie-authv3`: WB's answer shape with a placeholder token. */
    async upgradeCookie(accountId: number) {
      let session = await options.store.get(accountId);
      if (tokenExpiry(session) <= now()) {
        const outcome = await options.refresher.refresh(
          accountId,
          session.version,
          'upgrade-cookie: expired',
        );
        if (outcome === 'needs_relogin') throw new SessionRejectedError('WB refused the session');
        session = await options.store.get(accountId);
      }
      const exp = tokenExpiry(session);
      return {
        data: {
          token: AUTHORIZEV3_PLACEHOLDER,
          expiresAt: new Date(Number.isFinite(exp) ? exp : now() + 86_400_000).toISOString(),
          userID: userIdOf(session),
        },
        error: false,
        errorText: '',
        additionalErrors: null,
      };
    },

    /** `POST seller/…/auth/token` (JSON-RPC): the shared real token stays here; the browser gets a placeholder. */
    async sellerLk(accountId: number, requestBody: Uint8Array | undefined) {
      let id: unknown = 'json-rpc_1';
      try {
        id = (JSON.parse(Buffer.from(requestBody ?? []).toString('utf8')) as { id?: unknown }).id ?? id;
      } catch {
        // not JSON: answer with the default id
      }
      let pending = lkInFlight.get(accountId);
      if (!pending) {
        pending = fetchSellerLk(accountId).finally(() => lkInFlight.delete(accountId));
        lkInFlight.set(accountId, pending);
      }
      const { exp, userID } = await pending;
      return { jsonrpc: '2.0', id, result: { data: { token: SELLER_LK_PLACEHOLDER, userID, exp } } };
    },

    /** Drops the shared `wb-seller-lk` after WB refused it, so the next auth/token fetches a new one. */
    async dropSellerLk(accountId: number) {
      await options.store.apply(accountId, { removeTokens: [SELLER_LK_TOKEN] });
    },
  };
}

export type LocalAnswers = ReturnType<typeof createLocalAnswers>;

/**
 * `getUserSuppliers` lists every legal entity the WB user may enter: the manager sees only the current one.
 * Works on single calls and batches; other results pass unchanged. Returns undefined when the body is not
 * the JSON-RPC it should be (the caller then refuses to pass it on).
 */
export function filterUserSuppliers(
  responseText: string,
  requestBody: Uint8Array | undefined,
  currentSupplierId: string | undefined,
): string | undefined {
  let request: unknown;
  let response: unknown;
  try {
    request = JSON.parse(Buffer.from(requestBody ?? []).toString('utf8'));
    response = JSON.parse(responseText);
  } catch {
    return undefined;
  }
  const calls = (Array.isArray(request) ? request : [request]) as Array<{ id?: unknown; method?: unknown }>;
  const listIds = new Set(
    calls.filter((c) => c?.method === 'getUserSuppliers').map((c) => JSON.stringify(c.id)),
  );
  const answers = (Array.isArray(response) ? response : [response]) as Array<Record<string, unknown>>;
  for (const answer of answers) {
    if (!answer || typeof answer !== 'object' || !listIds.has(JSON.stringify(answer.id))) continue;
    const result = answer.result as
      { suppliers?: Array<{ id?: unknown }>; countSuppliers?: number } | undefined;
    if (!result || !Array.isArray(result.suppliers)) continue;
    result.suppliers = result.suppliers.filter(
      (s) => currentSupplierId !== undefined && s.id === currentSupplierId,
    );
    result.countSuppliers = result.suppliers.length;
  }
  return JSON.stringify(Array.isArray(response) ? answers : answers[0]);
}
