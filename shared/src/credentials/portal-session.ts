import { z } from 'zod';
import { registerSecretValue } from '../logger/scrub.ts';

/**
 * A WB seller-portal session as we store it: the portal's cookies (`WBTokenV3`, `wbx-validation-key`,
 * `x-supplier-id`, …) by name, the `authorizev3` token the SPA sends as a header, and any further tokens the
 * proxy keeps server-side (such as the short-lived `wb-seller-lk` token), each with an optional expiry.
 * Whoever holds it has the whole seller cabinet, so it is only ever stored encrypted and only ever
 * decrypted in the backend.
 */

// RFC 6265 token characters for names; values may be anything printable except ';' and control characters.
const cookieName = z
  .string()
  .regex(
    /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,200}$/,
    "must be a cookie name (letters, digits and !#$%&'*+-.^_`|~)",
  );
const cookieValue = z
  .string()
  .max(8_192, 'must be at most 8192 characters')
  .refine(
    (v) => ![...v].some((ch) => ch === ';' || ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f),
    'must not contain ";" or control characters',
  );
const tokenName = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a token name (letters, digits, _ . -)');

export const portalTokenSchema = z.object({
  value: z.string().min(1).max(16_384),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const portalSessionSchema = z.strictObject({
  cookies: z
    .record(cookieName, cookieValue)
    .refine((c) => Object.keys(c).length > 0, 'must hold at least one cookie')
    .refine((c) => Object.keys(c).length <= 200, 'must hold at most 200 cookies'),
  authorizev3: z.string().min(1).max(16_384).optional(),
  tokens: z.record(tokenName, portalTokenSchema).optional(),
});

export type PortalSession = z.infer<typeof portalSessionSchema>;
export type PortalToken = z.infer<typeof portalTokenSchema>;

/**
 * A change to a stored session, applied atomically on the server: the proxy sends what WB's `Set-Cookie`
 * headers and token endpoints changed, never the whole jar, so two replicas never overwrite each other.
 * `authorizev3: null` removes it.
 */
export const portalSessionPatchSchema = z.strictObject({
  setCookies: z.record(cookieName, cookieValue).optional(),
  removeCookies: z.array(cookieName).max(200).optional(),
  authorizev3: z.string().min(1).max(16_384).nullable().optional(),
  setTokens: z.record(tokenName, portalTokenSchema).optional(),
  removeTokens: z.array(tokenName).max(100).optional(),
});

export type PortalSessionPatch = z.infer<typeof portalSessionPatchSchema>;

export function applyPortalSessionPatch(session: PortalSession, patch: PortalSessionPatch): PortalSession {
  const cookies = { ...session.cookies };
  for (const name of patch.removeCookies ?? []) delete cookies[name];
  Object.assign(cookies, patch.setCookies ?? {});
  const tokens = { ...session.tokens };
  for (const name of patch.removeTokens ?? []) delete tokens[name];
  Object.assign(tokens, patch.setTokens ?? {});
  const authorizev3 =
    patch.authorizev3 === undefined ? session.authorizev3 : (patch.authorizev3 ?? undefined);
  return {
    cookies,
    ...(authorizev3 ? { authorizev3 } : {}),
    ...(Object.keys(tokens).length > 0 ? { tokens } : {}),
  };
}

/** Registers every value of a session with the log scrubber. */
export function registerPortalSessionSecrets(session: PortalSession): void {
  for (const value of Object.values(session.cookies)) registerSecretValue(value);
  registerSecretValue(session.authorizev3);
  for (const token of Object.values(session.tokens ?? {})) registerSecretValue(token.value);
}

/**
 * Reads the session formats operators actually have: our own `{cookies: {name: value}, authorizev3?}`, a
 * browser extension's cookie export (`[{name, value, domain, …}]` or `{cookies: [...]}`), or a raw
 * `Cookie:` header string. Returns our format; zod errors name what is wrong.
 *
 * @example
 * normalizePortalSessionInput('WBTokenV3=ey…; x-supplier-id-external=abc')
 * // { cookies: { WBTokenV3: 'ey…', 'x-supplier-id-external': 'abc' } }
 */
export function normalizePortalSessionInput(input: unknown): PortalSession {
  const fromList = (list: unknown[]) =>
    Object.fromEntries(
      list.map((item, index) => {
        const parsed = z.object({ name: z.string(), value: z.string() }).safeParse(item);
        if (!parsed.success) throw new Error(`cookies[${index}] must have a string name and value`);
        return [parsed.data.name, parsed.data.value];
      }),
    );
  let candidate: unknown = input;
  if (typeof input === 'string') {
    const cookies: Record<string, string> = {};
    for (const part of input.replace(/^cookie:\s*/i, '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) cookies[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
    }
    candidate = { cookies };
  } else if (Array.isArray(input)) {
    candidate = { cookies: fromList(input) };
  } else if (input && typeof input === 'object' && Array.isArray((input as { cookies?: unknown }).cookies)) {
    candidate = { ...input, cookies: fromList((input as { cookies: unknown[] }).cookies) };
  }
  return portalSessionSchema.parse(candidate);
}
