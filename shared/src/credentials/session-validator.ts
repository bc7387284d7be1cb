import { z } from 'zod';
import type { CredentialCheck } from './account-service.ts';
import type { PortalSession } from './portal-session.ts';

/**
 * The contract of the proxy's portal-session check, which makes one cheap authenticated call upstream with a
 * candidate session before an account is saved. The proxy serves it (it alone talks to the portal hosts);
 * the admin calls it through {@link createProxySessionValidator}. Each failure has its own code so the admin UI
 * can say precisely what is wrong.
 */
export const PORTAL_SESSION_CHECK_PATH = '/internal/validate-session';

export const PORTAL_SESSION_FAILURE_CODES = [
  /** WB answered 401/403: the session has ended (logged out, expired). Log in again and export anew. */
  'WB_SESSION_EXPIRED',
  /** Required cookies are missing or malformed (e.g. no WBTokenV3). */
  'WB_SESSION_INCOMPLETE',
  /** The session works but belongs to a different seller than the API key. */
  'WB_SUPPLIER_MISMATCH',
  /** WB asked for a confirmation (SMS code, captcha) that only a person in a browser can give. */
  'WB_SESSION_CHALLENGE',
  /** WB is rate-limiting us; try again in a minute. */
  'WB_RATE_LIMITED',
  /** WB could not be reached or answered 5xx. */
  'WB_UNREACHABLE',
  /** The proxy's check endpoint itself could not be reached. */
  'PROXY_UNAVAILABLE',
] as const;
export type PortalSessionFailureCode = (typeof PORTAL_SESSION_FAILURE_CODES)[number];

export const portalSessionCheckRequestSchema = z.strictObject({
  session: z.object({
    cookies: z.record(z.string(), z.string()),
    authorizev3: z.string().optional(),
  }),
  /** The seller the API key names (its `sid`), so a mismatch is caught. */
  expectedSupplierId: z.string().optional(),
});
export type PortalSessionCheckRequest = z.infer<typeof portalSessionCheckRequestSchema>;

export const portalSessionCheckResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), supplierId: z.string().optional(), supplierName: z.string().optional() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(PORTAL_SESSION_FAILURE_CODES),
    message: z.string().max(500),
  }),
]);
export type PortalSessionCheckResponse = z.infer<typeof portalSessionCheckResponseSchema>;

/**
 * A portal-session validator for `AccountValidators.portalSession` that asks the proxy. An unreachable proxy
 * or an answer we cannot read fails closed with `PROXY_UNAVAILABLE`: an unchecked session is not saved as
 * checked.
 *
 * @example
 * const validators = { portalSession: createProxySessionValidator({ baseUrl: 'http://127.0.0.1:8080', secret }) };
 */
export function createProxySessionValidator(options: {
  baseUrl: string;
  secret: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): (session: PortalSession) => Promise<CredentialCheck> {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}${PORTAL_SESSION_CHECK_PATH}`;
  return async function checkPortalSessionThroughProxy(session) {
    const body: PortalSessionCheckRequest = {
      session: {
        cookies: session.cookies,
        ...(session.authorizev3 ? { authorizev3: session.authorizev3 } : {}),
      },
    };
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch {
      return {
        ok: false,
        code: 'PROXY_UNAVAILABLE',
        message: 'The portal session check could not be reached',
      };
    }
    const parsed = portalSessionCheckResponseSchema.safeParse(await response.json().catch(() => null));
    if (!response.ok || !parsed.success) {
      return {
        ok: false,
        code: 'PROXY_UNAVAILABLE',
        message: `The portal session check answered ${response.status} without a verdict`,
      };
    }
    return parsed.data.ok ? { ok: true } : parsed.data;
  };
}
