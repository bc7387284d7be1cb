import {
  appendAudit,
  findAccountById,
  findAccountCredentials,
  sql,
  type AccountSummary,
  type AccountUpdate,
  type Database,
  type Executor,
} from '@joycity/db';
import type { SecretBox } from '../crypto/secret-box.ts';
import { AppError } from '../errors/app-error.ts';
import { registerSecretValue } from '../logger/scrub.ts';
import {
  apiKeyProblems,
  decodeApiKeyClaims,
  normalizeApiKey,
  type ApiKeyClaims,
} from '../wb/api-key-claims.ts';
import { innProblem } from './inn.ts';
import { maskSecret } from './mask.ts';
import {
  applyPortalSessionPatch,
  portalSessionSchema,
  registerPortalSessionSecrets,
  type PortalSession,
  type PortalSessionPatch,
} from './portal-session.ts';

/** The additional data each credential is encrypted under: an envelope only opens in its own column. */
export const CREDENTIAL_CONTEXTS = {
  apiKey: 'account.api_key',
  portalSession: 'account.portal_session',
} as const;

export type AccountErrorCode =
  | 'ACCOUNT_NOT_FOUND'
  | 'ACCOUNT_INVALID'
  | 'ACCOUNT_INN_TAKEN'
  | 'ACCOUNT_SELLER_TAKEN'
  | 'ACCOUNT_NO_PORTAL_SESSION'
  | 'ACCOUNT_NO_API_KEY'
  | 'API_KEY_EXPIRED'
  | 'PORTAL_SESSION_VERSION_CONFLICT'
  | 'CREDENTIAL_CHECK_FAILED';

const STATUS: Record<AccountErrorCode, number> = {
  ACCOUNT_NOT_FOUND: 404,
  ACCOUNT_INVALID: 400,
  ACCOUNT_INN_TAKEN: 409,
  ACCOUNT_SELLER_TAKEN: 409,
  ACCOUNT_NO_PORTAL_SESSION: 404,
  ACCOUNT_NO_API_KEY: 404,
  API_KEY_EXPIRED: 400,
  PORTAL_SESSION_VERSION_CONFLICT: 409,
  CREDENTIAL_CHECK_FAILED: 422,
};

/** Account and credential errors. Messages name the problem and never contain a credential. */
export class AccountError extends AppError {
  declare readonly code: AccountErrorCode;
  constructor(code: AccountErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, { status: STATUS[code], ...(details ? { details } : {}) });
  }
}

/** The verdict of a live check against WB. `code` is specific (e.g. `WB_SESSION_EXPIRED`, `WB_KEY_401`). */
export type CredentialCheck =
  { ok: true } | { ok: false; code: string; message: string; details?: Record<string, unknown> };

/**
 * Live checks of new credentials against WB, injected by whoever can make them: the proxy's validation
 * endpoint for portal sessions, the sync worker's key check for API keys (later issues). Without a validator
 * a credential is stored unchecked, with status `unknown`.
 */
export interface AccountValidators {
  apiKey?: (apiKey: string, claims: ApiKeyClaims) => Promise<CredentialCheck>;
  portalSession?: (session: PortalSession) => Promise<CredentialCheck>;
}

export type CheckOutcome = 'ok' | 'skipped';

/** Who did it, for the audit log. */
export interface Actor {
  userId: string | null;
  email: string | null;
  ip?: string | null;
  userAgent?: string | null;
  via: 'api' | 'cli' | 'internal';
}

export interface NewAccountInput {
  name: string;
  inn: string;
  apiKey: string;
  portalSession: PortalSession;
}

export interface AccountServiceDeps {
  db: Database;
  box: SecretBox;
  validators?: AccountValidators;
  /** Called after a change is committed (the API publishes `accounts.changed`). */
  onChanged?: (accountId: number) => Promise<void>;
}

interface ApiKeyFacts {
  enc: string;
  claims: ApiKeyClaims;
  columns: AccountUpdate;
}

/**
 * Creates accounts and keeps their credentials: encrypts on the way in, decrypts only for backend callers
 * (the internal API for the proxy, the sync worker), and records every change in the audit log. The admin
 * API and the CLI both go through it, so an account created either way is the same.
 *
 * @example
 * const accounts = createAccountService({ db, box: createSecretBox(config.APP_ENCRYPTION_KEY) });
 * const { account } = await accounts.create({ name, inn, apiKey, portalSession }, { actor, validate: true });
 */
export function createAccountService(deps: AccountServiceDeps) {
  const { db, box } = deps;
  const changed = async (accountId: number) => {
    await deps.onChanged?.(accountId);
  };

  function prepareApiKey(raw: string, now = new Date()): ApiKeyFacts {
    const apiKey = normalizeApiKey(raw);
    registerSecretValue(apiKey);
    const claims = decodeApiKeyClaims(apiKey);
    if (claims.expiresAt && claims.expiresAt.getTime() <= now.getTime()) {
      throw new AccountError(
        'API_KEY_EXPIRED',
        `The API key expired on ${claims.expiresAt.toISOString().slice(0, 10)}; create a new one in the WB seller portal`,
      );
    }
    return {
      enc: box.encrypt(apiKey, CREDENTIAL_CONTEXTS.apiKey),
      claims,
      columns: {
        api_key_expires_at: claims.expiresAt,
        api_key_categories: claims.categories,
        api_key_type: claims.type,
        api_key_read_only: claims.readOnly,
        api_key_test: claims.test,
        api_key_mask: maskSecret(apiKey),
        api_key_updated_at: now,
        ...(claims.sellerOid !== null ? { wb_supplier_oid: claims.sellerOid } : {}),
        ...(claims.sellerId !== null ? { wb_supplier_id: claims.sellerId } : {}),
      },
    };
  }

  function preparePortalSession(input: PortalSession) {
    const session = portalSessionSchema.parse(input);
    registerPortalSessionSecrets(session);
    return {
      session,
      enc: box.encrypt(JSON.stringify(session), CREDENTIAL_CONTEXTS.portalSession),
      cookieNames: Object.keys(session.cookies).sort(),
    };
  }

  async function check(
    apiKey: { raw: string; claims: ApiKeyClaims } | undefined,
    session: PortalSession | undefined,
    validate: boolean,
  ): Promise<{ apiKey?: CheckOutcome; portalSession?: CheckOutcome }> {
    const result: { apiKey?: CheckOutcome; portalSession?: CheckOutcome } = {};
    const failures: Array<{
      credential: string;
      code: string;
      message: string;
      details?: Record<string, unknown>;
    }> = [];
    await Promise.all([
      (async () => {
        if (!apiKey) return;
        if (validate) {
          // What the key says about itself is checked before anything goes to WB: each problem by its code.
          const problems = apiKeyProblems(apiKey.claims);
          if (problems.length > 0) {
            for (const p of problems) {
              failures.push({
                credential: 'apiKey',
                code: p.code,
                message: p.message,
                ...(p.details ? { details: p.details } : {}),
              });
            }
            return;
          }
        }
        if (!validate || !deps.validators?.apiKey) return void (result.apiKey = 'skipped');
        const verdict = await deps.validators.apiKey(normalizeApiKey(apiKey.raw), apiKey.claims);
        if (verdict.ok) result.apiKey = 'ok';
        else failures.push({ credential: 'apiKey', ...verdict });
      })(),
      (async () => {
        if (!session) return;
        if (!validate || !deps.validators?.portalSession) return void (result.portalSession = 'skipped');
        const verdict = await deps.validators.portalSession(session);
        if (verdict.ok) result.portalSession = 'ok';
        else failures.push({ credential: 'portalSession', ...verdict });
      })(),
    ]);
    if (failures.length > 0) {
      throw new AccountError(
        'CREDENTIAL_CHECK_FAILED',
        failures.map((f) => `${f.credential}: ${f.message}`).join('; '),
        { failures },
      );
    }
    return result;
  }

  const statusColumns = (checks: { apiKey?: CheckOutcome; portalSession?: CheckOutcome }, now: Date) => ({
    ...(checks.apiKey
      ? {
          key_status: checks.apiKey === 'ok' ? ('ok' as const) : ('unknown' as const),
          key_status_reason: null,
          key_checked_at: checks.apiKey === 'ok' ? now : null,
        }
      : {}),
    ...(checks.portalSession
      ? {
          session_status: checks.portalSession === 'ok' ? ('ok' as const) : ('unknown' as const),
          session_status_reason: null,
          session_checked_at: checks.portalSession === 'ok' ? now : null,
        }
      : {}),
  });

  const audit = (exec: Executor, actor: Actor, action: string, accountId: number, details: object) =>
    appendAudit(exec, {
      action,
      actor_user_id: actor.userId,
      actor_email: actor.email,
      ip: actor.ip ?? null,
      user_agent: actor.userAgent ?? null,
      target_type: 'account',
      target_id: String(accountId),
      details: { via: actor.via, ...details },
    });

  async function requireAccount(accountId: number): Promise<AccountSummary> {
    const account = await findAccountById(db, accountId);
    if (!account) throw new AccountError('ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
    return account;
  }

  return {
    /**
     * Validates (when asked and a validator exists), encrypts and stores a new account. Refuses a malformed
     * or expired API key, an invalid INN, an INN or WB seller another account already has.
     */
    async create(
      input: NewAccountInput,
      options: { actor: Actor; validate: boolean },
    ): Promise<{ account: AccountSummary; checks: { apiKey: CheckOutcome; portalSession: CheckOutcome } }> {
      const name = input.name.trim();
      if (!name || name.length > 200) {
        throw new AccountError('ACCOUNT_INVALID', 'name must be 1 to 200 characters');
      }
      const inn = input.inn.trim();
      const problem = innProblem(inn);
      if (problem) throw new AccountError('ACCOUNT_INVALID', `inn ${problem}`);
      const key = prepareApiKey(input.apiKey);
      const portal = preparePortalSession(input.portalSession);
      const checks = await check({ raw: input.apiKey, claims: key.claims }, portal.session, options.validate);
      const now = new Date();
      const account = await db
        .transaction()
        .execute(async (trx) => {
          const { id } = await trx
            .insertInto('accounts')
            .values({
              name,
              inn,
              api_key_enc: key.enc,
              portal_session_enc: portal.enc,
              portal_cookie_names: portal.cookieNames,
              portal_session_version: 1,
              portal_session_updated_at: now,
              ...key.columns,
              ...statusColumns(checks, now),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit(trx, options.actor, 'account.created', id, {
            name,
            inn,
            apiKey: {
              mask: key.columns.api_key_mask,
              categories: key.claims.categories,
              type: key.claims.type,
            },
            cookieNames: portal.cookieNames,
            checks,
          });
          return id;
        })
        .catch(mapUniqueViolation);
      await changed(account);
      return {
        account: await requireAccount(account),
        checks: { apiKey: checks.apiKey ?? 'skipped', portalSession: checks.portalSession ?? 'skipped' },
      };
    },

    /** Changes an account's name or status (not its credentials). */
    async update(
      accountId: number,
      changes: { name?: string; status?: 'active' | 'disabled' },
      actor: Actor,
    ): Promise<AccountSummary> {
      const set: AccountUpdate = {};
      if (changes.name !== undefined) {
        const name = changes.name.trim();
        if (!name || name.length > 200)
          throw new AccountError('ACCOUNT_INVALID', 'name must be 1 to 200 characters');
        set.name = name;
      }
      if (changes.status !== undefined) set.status = changes.status;
      if (Object.keys(set).length === 0) return requireAccount(accountId);
      await db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable('accounts')
          .set({ ...set, updated_at: sql<Date>`now()` })
          .where('id', '=', accountId)
          .returning('id')
          .executeTakeFirst();
        if (!updated) throw new AccountError('ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
        await audit(trx, actor, 'account.updated', accountId, { changes: set });
      });
      await changed(accountId);
      return requireAccount(accountId);
    },

    /** Replaces the API key and/or the portal session. The old values are gone; nothing is shown back. */
    async replaceCredentials(
      accountId: number,
      input: { apiKey?: string; portalSession?: PortalSession },
      options: { actor: Actor; validate: boolean },
    ): Promise<{ account: AccountSummary; checks: { apiKey?: CheckOutcome; portalSession?: CheckOutcome } }> {
      await requireAccount(accountId);
      const key = input.apiKey !== undefined ? prepareApiKey(input.apiKey) : undefined;
      const portal =
        input.portalSession !== undefined ? preparePortalSession(input.portalSession) : undefined;
      if (!key && !portal) throw new AccountError('ACCOUNT_INVALID', 'give apiKey, portalSession or both');
      const checks = await check(
        key && input.apiKey !== undefined ? { raw: input.apiKey, claims: key.claims } : undefined,
        portal?.session,
        options.validate,
      );
      const now = new Date();
      await db
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('accounts')
            .set((eb) => ({
              ...(key ? { api_key_enc: key.enc, ...key.columns } : {}),
              ...(portal
                ? {
                    portal_session_enc: portal.enc,
                    portal_cookie_names: portal.cookieNames,
                    portal_session_version: eb('portal_session_version', '+', 1),
                    portal_session_updated_at: now,
                  }
                : {}),
              ...statusColumns(checks, now),
              updated_at: now,
            }))
            .where('id', '=', accountId)
            .execute();
          await audit(trx, options.actor, 'account.credentials_updated', accountId, {
            ...(key ? { apiKey: { mask: key.columns.api_key_mask, categories: key.claims.categories } } : {}),
            ...(portal ? { cookieNames: portal.cookieNames } : {}),
            checks,
          });
        })
        .catch(mapUniqueViolation);
      await changed(accountId);
      return { account: await requireAccount(accountId), checks };
    },

    /** Decrypts the portal session for a backend caller. Every value is registered with the log scrubber. */
    async readPortalSession(accountId: number): Promise<{
      session: PortalSession;
      version: number;
      status: AccountSummary['session_status'];
      updatedAt: Date | null;
    }> {
      const row = await findAccountCredentials(db, accountId);
      if (!row) throw new AccountError('ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
      if (!row.portal_session_enc) {
        throw new AccountError('ACCOUNT_NO_PORTAL_SESSION', `Account ${accountId} has no portal session`);
      }
      const session = decryptSession(row.portal_session_enc);
      const account = await requireAccount(accountId);
      return {
        session,
        version: row.portal_session_version,
        status: row.session_status,
        updatedAt: account.portal_session_updated_at,
      };
    },

    /** Decrypts the API key for a backend caller (the sync worker). */
    async readApiKey(accountId: number): Promise<string> {
      const row = await findAccountCredentials(db, accountId);
      if (!row) throw new AccountError('ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
      if (!row.api_key_enc)
        throw new AccountError('ACCOUNT_NO_API_KEY', `Account ${accountId} has no API key`);
      return box.decrypt(row.api_key_enc, CREDENTIAL_CONTEXTS.apiKey);
    },

    /**
     * Applies a change to the stored portal session atomically (row lock), optionally only if the stored
     * version is still `expectedVersion`. Returns the new version and session.
     */
    async patchPortalSession(
      accountId: number,
      patch: PortalSessionPatch | { replace: PortalSession },
      options: { actor: Actor; expectedVersion?: number | undefined },
    ): Promise<{ session: PortalSession; version: number }> {
      const result = await db.transaction().execute(async (trx) => {
        const row = await findAccountCredentials(trx, accountId, { forUpdate: true });
        if (!row) throw new AccountError('ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
        if (options.expectedVersion !== undefined && options.expectedVersion !== row.portal_session_version) {
          throw new AccountError(
            'PORTAL_SESSION_VERSION_CONFLICT',
            `The portal session is at version ${row.portal_session_version}, not ${options.expectedVersion}; re-read it`,
            { version: row.portal_session_version },
          );
        }
        let next: PortalSession;
        if ('replace' in patch) {
          next = patch.replace;
        } else {
          if (!row.portal_session_enc) {
            throw new AccountError('ACCOUNT_NO_PORTAL_SESSION', `Account ${accountId} has no portal session`);
          }
          next = applyPortalSessionPatch(decryptSession(row.portal_session_enc), patch);
        }
        const prepared = preparePortalSession(next);
        const version = row.portal_session_version + 1;
        await trx
          .updateTable('accounts')
          .set({
            portal_session_enc: prepared.enc,
            portal_cookie_names: prepared.cookieNames,
            portal_session_version: version,
            portal_session_updated_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', accountId)
          .execute();
        await audit(trx, options.actor, 'account.portal_session_updated', accountId, {
          version,
          ...('replace' in patch
            ? { replaced: true, cookieNames: prepared.cookieNames }
            : {
                setCookies: Object.keys(patch.setCookies ?? {}).sort(),
                removeCookies: patch.removeCookies ?? [],
                authorizev3: patch.authorizev3 === undefined ? 'kept' : patch.authorizev3 ? 'set' : 'removed',
                setTokens: Object.keys(patch.setTokens ?? {}).sort(),
                removeTokens: patch.removeTokens ?? [],
              }),
        });
        return { session: prepared.session, version };
      });
      await changed(accountId);
      return result;
    },

    /** Records whether WB still accepts the portal session. Audited when it changes. */
    async setSessionStatus(
      accountId: number,
      status: 'ok' | 'needs_relogin',
      reason: string | null,
      actor: Actor,
    ): Promise<AccountSummary> {
      const previous = await db.transaction().execute(async (trx) => {
        const row = await findAccountCredentials(trx, accountId, { forUpdate: true });
        if (!row) throw new AccountError('ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
        await trx
          .updateTable('accounts')
          .set({
            session_status: status,
            session_status_reason: reason,
            session_checked_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', accountId)
          .execute();
        if (row.session_status !== status) {
          await audit(trx, actor, 'account.session_status_changed', accountId, {
            from: row.session_status,
            to: status,
            reason,
          });
        }
        return row.session_status;
      });
      if (previous !== status) await changed(accountId);
      return requireAccount(accountId);
    },
  };

  function decryptSession(envelope: string): PortalSession {
    const session = portalSessionSchema.parse(
      JSON.parse(box.decrypt(envelope, CREDENTIAL_CONTEXTS.portalSession)),
    );
    registerPortalSessionSecrets(session);
    return session;
  }
}

export type AccountService = ReturnType<typeof createAccountService>;

function mapUniqueViolation(err: unknown): never {
  const pgErr = err as { code?: string; constraint?: string };
  if (pgErr.code === '23505' && pgErr.constraint === 'accounts_inn_key') {
    throw new AccountError('ACCOUNT_INN_TAKEN', 'Another account already has this INN');
  }
  if (pgErr.code === '23505' && pgErr.constraint === 'accounts_wb_supplier_id_key') {
    throw new AccountError(
      'ACCOUNT_SELLER_TAKEN',
      'Another account already belongs to the WB seller this API key was issued for',
    );
  }
  throw err;
}
