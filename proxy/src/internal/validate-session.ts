import { timingSafeEqual } from 'node:crypto';
import {
  portalSessionCheckRequestSchema,
  type PortalSessionCheckResponse,
} from '@joycity/shared/credentials';
import type { Context } from 'hono';
import { callUpstream } from '../upstream/call.ts';
import type { Upstream } from '../upstream/upstream.ts';
import { VALIDATE_PATH } from '../session/refresher.ts';
import { cookieHeaderFor } from '../session/wb-cookies.ts';

const SHELL = 'seller.wildberries.ru';

/**
 * `POST /internal/validate-session` (INTERNAL_API_SECRET bearer): the admin asks whether a pasted portal
 * session works, before saving it. One authenticated call to WB's session check through the same upstream
 * path as the portal traffic; each failure has its own code (`PORTAL_SESSION_FAILURE_CODES`).
 */
export function validateSessionHandler(options: { upstream: Upstream; secret: string }) {
  const expected = Buffer.from(`Bearer ${options.secret}`);
  return async function validateSession(c: Context) {
    const given = Buffer.from(c.req.header('authorization') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return c.json(
        { error: { code: 'INTERNAL_UNAUTHORIZED', message: 'a valid internal secret is required' } },
        401,
      );
    }
    const parsed = portalSessionCheckRequestSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) {
      return c.json(
        {
          error: {
            code: 'VALIDATION_FAILED',
            message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          },
        },
        400,
      );
    }
    const { session, expectedSupplierId } = parsed.data;
    const answer = (body: PortalSessionCheckResponse) => c.json(body, 200);
    if (!session.cookies.WBTokenV3 && !session.authorizev3) {
      return answer({
        ok: false,
        code: 'WB_SESSION_INCOMPLETE',
        message: 'The session has no WBTokenV3 cookie',
      });
    }
    const cookie = cookieHeaderFor(SHELL, session.cookies);
    let res;
    try {
      res = await callUpstream(options.upstream, {
        wbHost: SHELL,
        method: 'GET',
        path: VALIDATE_PATH,
        headers: {
          ...(cookie ? { cookie } : {}),
          ...((session.authorizev3 ?? session.cookies.WBTokenV3)
            ? { authorizev3: (session.authorizev3 ?? session.cookies.WBTokenV3)! }
            : {}),
        },
      });
    } catch (err) {
      return answer({
        ok: false,
        code: 'WB_UNREACHABLE',
        message: `WB could not be reached: ${(err as Error).message}`.slice(0, 500),
      });
    }
    if (res.status === 401 || res.status === 403) {
      return answer({
        ok: false,
        code: 'WB_SESSION_EXPIRED',
        message: `WB refused the session (${res.status}): log in again and export it anew`,
      });
    }
    if (res.status === 429)
      return answer({
        ok: false,
        code: 'WB_RATE_LIMITED',
        message: 'WB is rate-limiting; try again in a minute',
      });
    if (res.status !== 200)
      return answer({ ok: false, code: 'WB_UNREACHABLE', message: `WB answered ${res.status}` });
    let data: { supplierID?: unknown; valid?: unknown } | undefined;
    try {
      data = (JSON.parse(res.text) as { data?: typeof data }).data;
    } catch {
      data = undefined;
    }
    if (!data || data.valid === false) {
      return answer({
        ok: false,
        code: 'WB_SESSION_CHALLENGE',
        message: 'WB did not confirm the session; open the cabinet in a browser',
      });
    }
    const supplierId = typeof data.supplierID === 'string' ? data.supplierID : undefined;
    if (expectedSupplierId && supplierId && expectedSupplierId !== supplierId) {
      return answer({
        ok: false,
        code: 'WB_SUPPLIER_MISMATCH',
        message: 'The session belongs to another seller than the API key',
      });
    }
    return answer({ ok: true, ...(supplierId ? { supplierId } : {}) });
  };
}
