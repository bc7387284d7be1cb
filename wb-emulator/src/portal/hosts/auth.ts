import { Hono, type Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { JSON_TYPE } from '../../http/responses.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { portalCors } from '../http/cors.ts';
import { isWbOrigin, originsOf } from '../http/origins.ts';
import { text } from '../http/params.ts';
import { htmlPage } from '../web/pages.ts';
import { serveBundleFiles } from '../web/serve.ts';
import {
  clearedSessionCookies,
  sessionCookies,
  sessionOf,
  setCookieValue,
  signSessionToken,
  withCookies,
} from '../session/session.ts';
import { LIFETIMES, PortalState, type PortalUser, type SessionRecord } from '../session/state.ts';

/**
 * seller-auth.wildberries.ru: WB's phone + SMS login, and the session refresh.
 *
 * - `GET /ru/` — the login page (`?redirect_url=` back to the portal). A browser that still has a valid
 *   session is sent straight back; one with only a valid `wbx-refresh` is slid (new session cookies) and sent
 *   back: the cross-subdomain redirect chain seller → seller-auth → seller.
 * - `POST /auth/v2/code` `{phone_number}` (+ `x-pow-token` from pow.wb.ru) → `{result:0, payload:{sticker,
 *   code_length, ttl}}`; the code goes to the "SMS log" (`GET /__emulator/portal`).
 * - `POST /auth/v2/auth` `{sticker, code}` → session cookies (`Domain=.wildberries.ru`), `wbx-refresh`
 *   (this host only) and `{result:0, payload:{access_token}}`.
 * - `POST /auth/v2/auth/slide-v3` (cookie `wbx-refresh`) → `{result:0, payload:{sticker}}`, then
 *   `POST /auth/v2/auth/slide-v3-confirm` `{sticker}` → new session cookies and `{payload:{access_token}}`.
 * - `POST /auth/v2/auth/logout` — closes the session and clears every session cookie.
 */

const authJson = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': JSON_TYPE, 'cache-control': 'no-store' },
  });

const authError = (status: number, result: number, error: string) =>
  authJson({ result, error, payload: null }, status);

function refreshCookie(c: Context<HostEnv>, value: string, maxAge: number): string {
  // Host-only (no Domain): only seller-auth.wildberries.ru ever sees it.
  return setCookieValue(c, { name: 'wbx-refresh', value, maxAge, httpOnly: true });
}

/** A safe way back: a portal URL on a WB host, or the portal's start page. */
export function safeRedirect(c: Context<HostEnv>, raw: string | undefined): string {
  const fallback = `${originsOf(c).of('shell')}/`;
  if (!raw) return fallback;
  try {
    const url = new URL(raw);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && isWbOrigin(url.origin))
      return url.toString();
  } catch {
    // fall through
  }
  return fallback;
}

async function openSession(
  c: Context<HostEnv>,
  emu: Emulator,
  user: PortalUser,
  record: SessionRecord,
  refresh: string,
): Promise<{ token: string; cookies: string[] }> {
  const state = PortalState.of(emu);
  const now = emu.clock.now();
  const { token, expMs } = await signSessionToken(emu, user, record);
  const rec = state.refresh.get(refresh);
  if (rec) rec.expMs = now + LIFETIMES.refreshMs;
  else
    state.refresh.set(refresh, {
      sessionId: record.sessionId,
      userId: user.userId,
      expMs: now + LIFETIMES.refreshMs,
    });
  const own = emu.world.data[user.ownAccount];
  const supplier = getCookie(c, 'x-supplier-id-external') ?? own?.account.supplierId ?? '';
  const cookies = [
    ...sessionCookies(c, {
      token,
      expMs,
      validationKey: record.validationKey,
      supplierId: supplier,
      nowMs: now,
    }),
    refreshCookie(c, refresh, Math.floor(LIFETIMES.refreshMs / 1000)),
  ];
  return { token, cookies };
}

/** The refresh record of the request's `wbx-refresh` cookie, if it still stands. */
function liveRefresh(c: Context<HostEnv>, emu: Emulator) {
  const state = PortalState.of(emu);
  const value = getCookie(c, 'wbx-refresh');
  if (!value) return undefined;
  const rec = state.refresh.get(value);
  const session = rec ? state.sessions.get(rec.sessionId) : undefined;
  const user = rec ? state.userById(rec.userId) : undefined;
  if (!rec || !session || !user || session.revokedMs !== undefined || rec.expMs <= emu.clock.now())
    return undefined;
  return { value, rec, session, user };
}

export function authHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  serveBundleFiles(app);

  async function loginPage(c: Context<HostEnv>): Promise<Response> {
    const back = safeRedirect(c, c.req.query('redirect_url'));
    const current = await sessionOf(c, emu);
    if (current.ok) return c.redirect(back, 302);
    const refresh = liveRefresh(c, emu);
    if (refresh) {
      const { cookies } = await openSession(c, emu, refresh.user, refresh.session, refresh.value);
      return withCookies(
        new Response(null, { status: 302, headers: { location: back, 'cache-control': 'no-store' } }),
        cookies,
      );
    }
    return htmlPage(c, {
      title: 'Вход — Портал продавцов Wildberries',
      entry: 'login',
      config: { redirectUrl: back },
      body: `<main class="auth" id="login-root"><div class="auth-card"><div class="auth-logo"></div><h1>Вход в личный кабинет продавца</h1><p class="muted">Загрузка…</p></div></main>`,
    });
  }
  app.get('/', loginPage);
  app.get('/ru', loginPage);
  app.get('/ru/', loginPage);
  app.get('/ru/login', loginPage);

  app.post('/auth/v2/code', async (c) => {
    const state = PortalState.of(emu);
    const now = emu.clock.now();
    const powToken = c.req.header('x-pow-token') ?? '';
    const powExp = state.powTokens.get(powToken);
    if (powExp === undefined || powExp <= now)
      return authError(403, 5, 'anti-bot check required (pow.wb.ru)');
    state.powTokens.delete(powToken);
    let body: Record<string, unknown>;
    try {
      body = await c.req.json<Record<string, unknown>>();
    } catch {
      return authError(400, 1, 'request body is not valid JSON');
    }
    const phone = typeof body.phone_number === 'string' ? body.phone_number : '';
    if (!/^\+?\d[\d\s()-]{9,16}$/.test(phone)) return authError(400, 2, 'phone_number: not a phone number');
    const user = state.userByPhone(phone);
    if (!user) return authError(404, 3, 'Пользователь с таким номером не найден');
    const sticker = state.id(24);
    state.sms.set(sticker, {
      phone: user.phone,
      code: user.smsCode,
      expMs: now + LIFETIMES.smsMs,
      attempts: 0,
    });
    state.smsLog.push({ phone: user.phone, code: user.smsCode, sentAt: new Date(now).toISOString() });
    if (state.smsLog.length > 50) state.smsLog.shift();
    return authJson({
      result: 0,
      payload: { sticker, code_length: user.smsCode.length, ttl: LIFETIMES.smsMs / 1000 },
    });
  });

  app.post('/auth/v2/auth', async (c) => {
    const state = PortalState.of(emu);
    let body: Record<string, unknown>;
    try {
      body = await c.req.json<Record<string, unknown>>();
    } catch {
      return authError(400, 1, 'request body is not valid JSON');
    }
    const sticker = typeof body.sticker === 'string' ? body.sticker : '';
    const code = text(body.code);
    const pending = state.sms.get(sticker);
    if (!pending || pending.expMs <= emu.clock.now())
      return authError(400, 6, 'Код устарел, запросите новый');
    if (pending.code !== code) {
      pending.attempts++;
      if (pending.attempts >= 5) state.sms.delete(sticker);
      return authError(400, 7, 'Неверный код');
    }
    state.sms.delete(sticker);
    const user = state.userByPhone(pending.phone) as PortalUser;
    const record: SessionRecord = {
      sessionId: state.id(32),
      userId: user.userId,
      validationKey: state.id(32),
      createdMs: emu.clock.now(),
    };
    state.sessions.set(record.sessionId, record);
    const { token, cookies } = await openSession(c, emu, user, record, state.base62(64));
    return withCookies(authJson({ result: 0, payload: { access_token: token } }), cookies);
  });

  app.post('/auth/v2/auth/slide-v3', (c) => {
    const refresh = liveRefresh(c, emu);
    if (!refresh) return authError(401, 8, 'refresh token is missing or expired');
    const state = PortalState.of(emu);
    const sticker = state.id(24);
    state.slides.set(sticker, {
      sessionId: refresh.session.sessionId,
      userId: refresh.user.userId,
      expMs: emu.clock.now() + LIFETIMES.slideMs,
    });
    return authJson({ result: 0, payload: { sticker } });
  });

  app.post('/auth/v2/auth/slide-v3-confirm', async (c) => {
    const refresh = liveRefresh(c, emu);
    if (!refresh) return authError(401, 8, 'refresh token is missing or expired');
    const state = PortalState.of(emu);
    let sticker: string;
    try {
      sticker = text((await c.req.json<Record<string, unknown>>()).sticker);
    } catch {
      return authError(400, 1, 'request body is not valid JSON');
    }
    const slide = state.slides.get(sticker);
    state.slides.delete(sticker);
    if (!slide || slide.expMs <= emu.clock.now() || slide.sessionId !== refresh.session.sessionId)
      return authError(400, 9, 'slide sticker is invalid or expired');
    const { token, cookies } = await openSession(c, emu, refresh.user, refresh.session, refresh.value);
    return withCookies(authJson({ result: 0, payload: { access_token: token } }), cookies);
  });

  app.post('/auth/v2/auth/logout', async (c) => {
    const state = PortalState.of(emu);
    const refresh = liveRefresh(c, emu);
    const current = await sessionOf(c, emu);
    const sessionId =
      refresh?.session.sessionId ?? (current.ok ? current.session.record.sessionId : undefined);
    if (sessionId) {
      const rec = state.sessions.get(sessionId);
      if (rec) rec.revokedMs = emu.clock.now();
    }
    if (refresh) state.refresh.delete(refresh.value);
    return withCookies(authJson({ result: 0, payload: null }), [
      ...clearedSessionCookies(c),
      refreshCookie(c, '', 0),
    ]);
  });

  app.notFound((c) => c.text('Not Found', 404));
  return app;
}
