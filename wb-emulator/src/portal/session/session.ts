import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import type { AccountData } from '../../data/world.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { isHttps } from '../http/origins.ts';
import { LIFETIMES, PortalState, type PortalUser, type SessionRecord } from './state.ts';

/**
 * The portal session, as WB's hosts check it:
 * - the `WBTokenV3` JWT, from the `authorizev3` header (the SPA reads it from localStorage) or the cookie;
 *   signed by the emulator's key, unexpired by the emulator clock, its session neither unknown-and-revoked
 *   nor logged out;
 * - the `wbx-validation-key` cookie, equal to the token's `validation_key`;
 * - the active legal entity: `x-supplier-id` header, else the `x-supplier-id-external` / `x-supplier-id`
 *   cookie, else the user's own — one the user may see (`getUserSuppliers`).
 * Some hosts also want the short-lived `wb-seller-lk` token (from auth/token) for the same session and entity.
 */

export type SessionProblem =
  | 'missing'
  | 'invalid'
  | 'expired'
  | 'revoked'
  | 'validation-key'
  | 'supplier'
  | 'seller-lk-missing'
  | 'seller-lk-invalid';

export interface PortalSession {
  readonly user: PortalUser;
  readonly record: SessionRecord;
  /** The account the request acts for. */
  readonly data: AccountData;
  readonly token: string;
  readonly claims: Record<string, unknown>;
  readonly state: PortalState;
}

export type SessionResult = { ok: true; session: PortalSession } | { ok: false; problem: SessionProblem };

/** Cookie name → value from a raw `Cookie` header (the WebSocket handshake has no Hono context). */
export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it raw
    }
    if (!(name in out)) out[name] = value;
  }
  return out;
}

export interface SessionInput {
  authorizev3?: string | undefined;
  cookies: Record<string, string>;
  supplierHeader?: string | undefined;
}

/** Checks a session from raw inputs (headers and cookies). */
export async function checkSession(emu: Emulator, input: SessionInput): Promise<SessionResult> {
  const state = PortalState.of(emu);
  const token = input.authorizev3?.trim() || input.cookies.WBTokenV3;
  if (!token) return { ok: false, problem: 'missing' };
  const now = emu.clock.now();
  const claims = await emu.authority.verifyPayload(token, now);
  if (!claims) {
    try {
      const raw = decodeJwt(token);
      if (typeof raw.exp === 'number' && raw.exp * 1000 <= now && raw.typ === 'WBTokenV3') {
        // Expired, but is it ours? (A forged expired token is still just invalid.)
        const relaxed = await emu.authority.verifyPayload(token, (raw.exp - 1) * 1000);
        if (relaxed) return { ok: false, problem: 'expired' };
      }
    } catch {
      // not a JWT at all
    }
    return { ok: false, problem: 'invalid' };
  }
  if (claims.typ !== 'WBTokenV3' || typeof claims.sessionId !== 'string' || typeof claims.uid !== 'number')
    return { ok: false, problem: 'invalid' };
  const user = state.userById(claims.uid);
  if (!user) return { ok: false, problem: 'invalid' };
  let record = state.sessions.get(claims.sessionId);
  if (!record) {
    // Signed by us with the same seed in an earlier run (the demo keeps its credentials): accept it.
    record = {
      sessionId: claims.sessionId,
      userId: user.userId,
      validationKey: typeof claims.validation_key === 'string' ? claims.validation_key : '',
      createdMs: now,
    };
    state.sessions.set(record.sessionId, record);
  }
  if (record.revokedMs !== undefined) return { ok: false, problem: 'revoked' };
  if (input.cookies['wbx-validation-key'] !== claims.validation_key)
    return { ok: false, problem: 'validation-key' };
  const wanted =
    input.supplierHeader?.trim() || input.cookies['x-supplier-id-external'] || input.cookies['x-supplier-id'];
  let data: AccountData | undefined;
  if (wanted) {
    data = emu.world.data.find((d) => d.account.supplierId === wanted);
    if (!data || !user.accounts.includes(data.account.index)) return { ok: false, problem: 'supplier' };
  } else {
    data = emu.world.data[user.ownAccount];
  }
  if (!data) return { ok: false, problem: 'supplier' };
  return { ok: true, session: { user, record, data, token, claims, state } };
}

/** Checks the session of a Hono request. */
export function sessionOf(c: Context<HostEnv>, emu: Emulator): Promise<SessionResult> {
  return checkSession(emu, {
    authorizev3: c.req.header('authorizev3'),
    cookies: getCookie(c),
    supplierHeader: c.req.header('x-supplier-id'),
  });
}

/** Checks the `wb-seller-lk` header against the session (same session, same entity, unexpired). */
export async function checkSellerLk(
  emu: Emulator,
  session: PortalSession,
  header: string | undefined,
): Promise<SessionProblem | undefined> {
  if (!header) return 'seller-lk-missing';
  const claims = await emu.authority.verifyPayload(header, emu.clock.now());
  if (
    !claims ||
    claims.typ !== 'wb-seller-lk' ||
    claims.sessionId !== session.record.sessionId ||
    claims.supplierId !== session.data.account.supplierId
  )
    return 'seller-lk-invalid';
  return undefined;
}

/** Signs a new WBTokenV3 for a session. */
export async function signSessionToken(
  emu: Emulator,
  user: PortalUser,
  record: SessionRecord,
): Promise<{
  token: string;
  expMs: number;
}> {
  const data = emu.world.data[user.ownAccount] as AccountData;
  const expMs = emu.clock.now() + LIFETIMES.sessionMs;
  const token = await emu.authority.signPayload(
    {
      typ: 'WBTokenV3',
      uid: user.userId,
      sid: data.account.sid,
      oid: data.account.oid,
      sessionId: record.sessionId,
      validation_key: record.validationKey,
      client_id: 'seller-portal',
      iat: Math.floor(emu.clock.now() / 1000),
    },
    Math.floor(expMs / 1000),
  );
  return { token, expMs };
}

/** Signs a `wb-seller-lk` token (300 s) for a session and its active entity. */
export async function signSellerLk(
  emu: Emulator,
  session: PortalSession,
): Promise<{ token: string; expMs: number }> {
  const expMs = emu.clock.now() + LIFETIMES.sellerLkMs;
  const token = await emu.authority.signPayload(
    {
      typ: 'wb-seller-lk',
      uid: session.user.userId,
      sessionId: session.record.sessionId,
      supplierId: session.data.account.supplierId,
      oid: session.data.account.oid,
    },
    Math.floor(expMs / 1000),
  );
  return { token, expMs };
}

export interface CookieSpec {
  name: string;
  value: string;
  /** Seconds; 0 deletes. */
  maxAge: number;
  httpOnly: boolean;
  /** `.wildberries.ru` (every portal host) or host-only. */
  domain?: '.wildberries.ru';
  path?: string;
}

/**
 * A `Set-Cookie` value as WB writes it: `Domain=.wildberries.ru` for the shared session cookies, `Secure`
 * only over https (so plain-http direct browsing keeps its cookies), `SameSite=Lax`.
 */
export function setCookieValue(c: Context<HostEnv>, spec: CookieSpec): string {
  const parts = [`${spec.name}=${spec.value}`, `Path=${spec.path ?? '/'}`];
  if (spec.domain) parts.push(`Domain=${spec.domain}`);
  parts.push(`Max-Age=${spec.maxAge}`);
  if (spec.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (spec.httpOnly) parts.push('HttpOnly');
  if (isHttps(c)) parts.push('Secure');
  parts.push('SameSite=Lax');
  return parts.join('; ');
}

/** The cookies a logged-in browser gets (login, upgrade-cookie-authv3, slide-v3-confirm). */
export function sessionCookies(
  c: Context<HostEnv>,
  input: { token: string; expMs: number; validationKey: string; supplierId: string; nowMs: number },
): string[] {
  const maxAge = Math.max(0, Math.floor((input.expMs - input.nowMs) / 1000));
  const domain = '.wildberries.ru' as const;
  return [
    setCookieValue(c, { name: 'WBTokenV3', value: input.token, maxAge, httpOnly: true, domain }),
    setCookieValue(c, {
      name: 'wbx-validation-key',
      value: input.validationKey,
      maxAge,
      httpOnly: true,
      domain,
    }),
    setCookieValue(c, {
      name: 'x-supplier-id',
      value: input.supplierId,
      maxAge: 31_536_000,
      httpOnly: false,
      domain,
    }),
    setCookieValue(c, {
      name: 'x-supplier-id-external',
      value: input.supplierId,
      maxAge: 31_536_000,
      httpOnly: false,
      domain,
    }),
  ];
}

/** Cookies that end a session in the browser. */
export function clearedSessionCookies(c: Context<HostEnv>): string[] {
  const domain = '.wildberries.ru' as const;
  return ['WBTokenV3', 'wbx-validation-key', 'x-supplier-id', 'x-supplier-id-external'].map((name) =>
    setCookieValue(c, {
      name,
      value: '',
      maxAge: 0,
      httpOnly: name !== 'x-supplier-id' && name !== 'x-supplier-id-external',
      domain,
    }),
  );
}

/** Appends several Set-Cookie headers to a response. */
export function withCookies(res: Response, cookies: readonly string[]): Response {
  for (const cookie of cookies) res.headers.append('set-cookie', cookie);
  return res;
}
