import type { Coordinator } from '@joycity/shared/coordination';
import type { PortalSessionPatch } from '@joycity/shared/credentials';
import type { SecretBox } from '@joycity/shared/crypto';
import type { InternalApiClient, PortalSessionEnvelope } from '@joycity/shared/internal-api';

/**
 * The accounts' WB portal sessions as the proxy uses them. The admin's internal API is the source of truth
 * (decrypted there, encrypted at rest); the proxy keeps a short-lived copy, sealed with the secret box, in
 * the coordinator's shared cache (Redis or PostgreSQL) and in process, so a request costs no round trip.
 * `accounts.changed` (a new session pasted by an admin, a refresh by another replica) drops the copies.
 *
 * Changes WB makes (`Set-Cookie`, tokens) go back with `expectedVersion`; a version conflict re-reads and
 * re-applies, so two replicas never overwrite each other.
 */
export interface PortalSessionStore {
  get(accountId: number): Promise<PortalSessionEnvelope>;
  /** Reads the admin's copy, bypassing every cache. */
  reload(accountId: number): Promise<PortalSessionEnvelope>;
  /** Applies a change WB made; no-op when nothing differs from what we hold. */
  apply(accountId: number, patch: PortalSessionPatch): Promise<PortalSessionEnvelope>;
  setStatus(accountId: number, status: 'ok' | 'needs_relogin', reason?: string): Promise<void>;
  forget(accountId: number): Promise<void>;
}

export interface PortalSessionStoreOptions {
  internal: InternalApiClient;
  coordinator: Coordinator;
  box: SecretBox;
  ttlMs: number;
  now?: () => number;
}

const CONTEXT = 'proxy.portal-session-cache';
const key = (accountId: number) => `proxy:portal-session:${accountId}`;

export function createPortalSessionStore(options: PortalSessionStoreOptions): PortalSessionStore {
  const now = options.now ?? Date.now;
  const local = new Map<
    number,
    { sealed: string; at: number; opened?: { envelope: PortalSessionEnvelope; at: number } }
  >();
  const loading = new Map<number, Promise<PortalSessionEnvelope>>();

  const seal = (envelope: PortalSessionEnvelope) => options.box.encrypt(JSON.stringify(envelope), CONTEXT);
  const open = (sealed: string) => JSON.parse(options.box.decrypt(sealed, CONTEXT)) as PortalSessionEnvelope;

  async function remember(accountId: number, envelope: PortalSessionEnvelope) {
    const sealed = seal(envelope);
    local.set(accountId, { sealed, at: now() });
    await options.coordinator.cacheSet(key(accountId), sealed, options.ttlMs);
    return envelope;
  }

  async function reload(accountId: number) {
    return remember(accountId, await options.internal.getPortalSession(accountId));
  }

  async function load(accountId: number): Promise<PortalSessionEnvelope> {
    const shared = await options.coordinator.cacheGet(key(accountId));
    if (shared) {
      try {
        const envelope = open(shared);
        local.set(accountId, { sealed: shared, at: now() });
        return envelope;
      } catch {
        // sealed with a key we no longer hold: read it anew
      }
    }
    return reload(accountId);
  }

  function differs(current: PortalSessionEnvelope, patch: PortalSessionPatch): boolean {
    for (const [name, value] of Object.entries(patch.setCookies ?? {}))
      if (current.cookies[name] !== value) return true;
    for (const name of patch.removeCookies ?? []) if (name in current.cookies) return true;
    if (patch.authorizev3 !== undefined && (patch.authorizev3 ?? undefined) !== current.authorizev3)
      return true;
    for (const [name, token] of Object.entries(patch.setTokens ?? {})) {
      if (current.tokens?.[name]?.value !== token.value) return true;
    }
    for (const name of patch.removeTokens ?? []) if (current.tokens?.[name]) return true;
    return false;
  }

  return {
    async get(accountId) {
      const hit = local.get(accountId);
      if (hit && now() - hit.at < Math.min(options.ttlMs, 5_000)) {
        // Opened at most once a second: the hot path of every request of the account's managers.
        if (!hit.opened || now() - hit.opened.at > 1_000)
          hit.opened = { envelope: open(hit.sealed), at: now() };
        return hit.opened.envelope;
      }
      let pending = loading.get(accountId);
      if (!pending) {
        pending = load(accountId).finally(() => loading.delete(accountId));
        loading.set(accountId, pending);
      }
      return pending;
    },
    reload,
    async apply(accountId, patch) {
      let current = await this.get(accountId);
      if (!differs(current, patch)) return current;
      for (let attempt = 0; ; attempt++) {
        try {
          return await remember(
            accountId,
            await options.internal.updatePortalSession(accountId, {
              ...patch,
              expectedVersion: current.version,
            }),
          );
        } catch (err) {
          if ((err as { code?: string }).code !== 'PORTAL_SESSION_VERSION_CONFLICT' || attempt >= 3)
            throw err;
          current = await reload(accountId);
          if (!differs(current, patch)) return current;
        }
      }
    },
    async setStatus(accountId, status, reason) {
      await options.internal.setSessionStatus(accountId, status, reason);
      await this.forget(accountId);
    },
    async forget(accountId) {
      local.delete(accountId);
      await options.coordinator.cacheDelete(key(accountId));
    },
  };
}
