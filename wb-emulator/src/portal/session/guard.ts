import type { Context, MiddlewareHandler } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { JSON_TYPE } from '../../http/responses.ts';
import { nsFail } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { checkSellerLk, sessionOf, type PortalSession, type SessionProblem } from './session.ts';

/**
 * Route guards. Pages without a valid session redirect to WB's login on seller-auth (with `redirect_url`
 * back); `/ns/*` REST answers 401 in the portal envelope; JSON-RPC answers 401 with a JSON-RPC error.
 */

export type GuardMode = 'page' | 'ns' | 'jsonrpc';

const sessions = new WeakMap<Request, PortalSession>();

/** The session a guard let through (throws if the route has no guard: a bug). */
export function sessionFrom(c: Context<HostEnv>): PortalSession {
  const s = sessions.get(c.req.raw);
  if (!s) throw new Error('no portal session on this request (route without requireSession)');
  return s;
}

const PROBLEM_TEXT: Record<SessionProblem, string> = {
  missing: 'unauthorized: no session',
  invalid: 'unauthorized: invalid session token',
  expired: 'unauthorized: session expired',
  revoked: 'unauthorized: session closed',
  'validation-key': 'unauthorized: validation key mismatch',
  supplier: 'forbidden: supplier is not available to this user',
  'seller-lk-missing': 'unauthorized: wb-seller-lk token required',
  'seller-lk-invalid': 'unauthorized: wb-seller-lk token expired or invalid',
};

/** WB's login page for this request, with the way back. */
export function loginRedirect(c: Context<HostEnv>): Response {
  const o = originsOf(c);
  const url = new URL(c.req.url);
  const back = `${o.of(c.env.wb.host.host)}${url.pathname}${url.search}`;
  return new Response(null, {
    status: 302,
    headers: {
      location: `${o.of('auth')}/ru/?redirect_url=${encodeURIComponent(back)}`,
      'cache-control': 'no-store',
    },
  });
}

export function refuse(c: Context<HostEnv>, mode: GuardMode, problem: SessionProblem): Response {
  const status = problem === 'supplier' ? 403 : 401;
  if (mode === 'page') return status === 401 ? loginRedirect(c) : nsFail(403, PROBLEM_TEXT[problem]);
  if (mode === 'jsonrpc') {
    return new Response(
      JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: status, message: PROBLEM_TEXT[problem] } }),
      { status, headers: { 'content-type': JSON_TYPE } },
    );
  }
  return nsFail(status, PROBLEM_TEXT[problem]);
}

/**
 * Lets a request through only with a valid session (and, with `sellerLk`, a valid `wb-seller-lk` token).
 *
 * @example
 * app.use('/ns/*', requireSession(emu, { mode: 'ns', sellerLk: true }));
 */
export function requireSession(
  emu: Emulator,
  options: { mode: GuardMode; sellerLk?: boolean },
): MiddlewareHandler<HostEnv> {
  return async function portalSessionGuard(c, next) {
    if (c.req.method === 'OPTIONS') return next();
    const result = await sessionOf(c, emu);
    if (!result.ok) return refuse(c, options.mode, result.problem);
    if (options.sellerLk) {
      const problem = await checkSellerLk(emu, result.session, c.req.header('wb-seller-lk'));
      if (problem) return refuse(c, options.mode, problem);
    }
    sessions.set(c.req.raw, result.session);
    c.env.wb.log.account = result.session.data.account.id;
    await next();
  };
}
