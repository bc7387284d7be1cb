import type { z } from 'zod';
import type { PortalSession } from '../credentials/portal-session.ts';
import { AppError } from '../errors/app-error.ts';
import { registerSecretValue } from '../logger/scrub.ts';
import {
  errorBodySchema,
  INTERNAL_API_PREFIX,
  INTERNAL_CLIENT_HEADER,
  portalSessionEnvelopeSchema,
  sessionStatusResponseSchema,
  tokenPairSchema,
  type PatchPortalSessionBody,
  type PortalSessionEnvelope,
  type RefreshBody,
  type SessionStatusResponse,
  type TokenPair,
} from './schemas.ts';

/**
 * An answer of the internal API that is not a success, or no answer at all. `code` is the API's stable error
 * code (`REFRESH_REUSED`, `REFRESH_INVALID`, `ACCOUNT_NOT_FOUND`, `PORTAL_SESSION_VERSION_CONFLICT`, …), or
 * `INTERNAL_API_UNAVAILABLE` when the admin could not be reached.
 */
export class InternalApiError extends AppError {
  constructor(code: string, message: string, status: number, details?: Record<string, unknown>) {
    super(code, message, { status, ...(details ? { details } : {}) });
  }
}

export interface InternalApiClientOptions {
  /** The admin's internal address, e.g. `http://admin:3000` (ADMIN_INTERNAL_URL). Never a public URL. */
  baseUrl: string;
  /** INTERNAL_API_SECRET. */
  secret: string;
  /** Recorded in the audit log as the caller, e.g. `proxy`. */
  clientName: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A typed client for the admin's internal API, for the proxy: the account's decrypted portal session, its
 * updates, the session status, and renewing a user's tokens from a refresh token. Refreshes of one token are
 * single-flight in this process (the admin makes them single-flight across processes), so a burst of
 * requests carrying the same expired access token renews it once.
 *
 * @example
 * const internal = createInternalApiClient({ baseUrl: config.ADMIN_INTERNAL_URL, secret: config.INTERNAL_API_SECRET, clientName: 'proxy' });
 * const session = await internal.getPortalSession(principal.currentAccountId);
 * const tokens = await internal.refreshTokens({ refreshToken, ip, userAgent });
 */
export function createInternalApiClient(options: InternalApiClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const refreshing = new Map<string, Promise<TokenPair>>();
  registerSecretValue(options.secret);

  async function call<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${INTERNAL_API_PREFIX}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.secret}`,
          [INTERNAL_CLIENT_HEADER]: options.clientName,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new InternalApiError(
        'INTERNAL_API_UNAVAILABLE',
        `internal API ${method} ${path} failed: ${(err as Error).message}`,
        503,
      );
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      if (parsed.success) {
        const { code, message, details } = parsed.data.error;
        throw new InternalApiError(code, message, response.status, details);
      }
      throw new InternalApiError(
        'INTERNAL_API_FAILED',
        `internal API answered ${response.status}`,
        response.status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new InternalApiError(
        'INTERNAL_API_BAD_RESPONSE',
        `internal API ${method} ${path}: unexpected answer`,
        502,
      );
    }
    return parsed.data;
  }

  const registerSession = (envelope: PortalSessionEnvelope) => {
    for (const value of Object.values(envelope.cookies)) registerSecretValue(value);
    registerSecretValue(envelope.authorizev3);
    for (const token of Object.values(envelope.tokens ?? {})) registerSecretValue(token.value);
    return envelope;
  };

  return {
    /** The account's decrypted portal session (cookies, authorizev3, tokens) and its version and status. */
    async getPortalSession(accountId: number): Promise<PortalSessionEnvelope> {
      return registerSession(
        await call('GET', `/accounts/${accountId}/portal-session`, portalSessionEnvelopeSchema),
      );
    },

    /** Replaces the whole session. With `expectedVersion`, only if nobody changed it since that version. */
    async replacePortalSession(
      accountId: number,
      session: PortalSession,
      expectedVersion?: number,
    ): Promise<PortalSessionEnvelope> {
      return registerSession(
        await call('PUT', `/accounts/${accountId}/portal-session`, portalSessionEnvelopeSchema, {
          session,
          ...(expectedVersion === undefined ? {} : { expectedVersion }),
        }),
      );
    },

    /** Applies what WB changed (cookies set or removed, authorizev3, tokens) atomically on the server. */
    async updatePortalSession(
      accountId: number,
      patch: PatchPortalSessionBody,
    ): Promise<PortalSessionEnvelope> {
      return registerSession(
        await call('PATCH', `/accounts/${accountId}/portal-session`, portalSessionEnvelopeSchema, patch),
      );
    },

    /** Marks the account's WB session as working (`ok`) or rejected by WB (`needs_relogin`). */
    async setSessionStatus(
      accountId: number,
      status: 'ok' | 'needs_relogin',
      reason?: string,
    ): Promise<SessionStatusResponse> {
      return call('POST', `/accounts/${accountId}/session-status`, sessionStatusResponseSchema, {
        status,
        ...(reason ? { reason } : {}),
      });
    },

    /**
     * Renews a user's tokens from their refresh token (rotating it). Throws `REFRESH_INVALID` (expired,
     * revoked, unknown) or `REFRESH_REUSED` (a spent token: the whole session family has been revoked); in
     * both cases clear the cookies and send the user to the login.
     */
    refreshTokens(input: RefreshBody): Promise<TokenPair> {
      let pending = refreshing.get(input.refreshToken);
      if (!pending) {
        pending = call('POST', '/auth/refresh', tokenPairSchema, input)
          .then((pair) => {
            registerSecretValue(pair.accessToken);
            registerSecretValue(pair.refreshToken);
            return pair;
          })
          .finally(() => refreshing.delete(input.refreshToken));
        refreshing.set(input.refreshToken, pending);
      }
      return pending;
    },
  };
}

export type InternalApiClient = ReturnType<typeof createInternalApiClient>;
