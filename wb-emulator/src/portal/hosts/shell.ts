import { Hono, type Context } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { dayNoToDate, moscowDayNo } from '../../util/moscow.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail, nsOk, PortalParamError } from '../http/envelope.ts';
import { RpcError, handleJsonRpc } from '../http/json-rpc.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, jsonObject, portalErrors } from '../http/params.ts';
import { loginRedirect, refuse, requireSession, sessionFrom } from '../session/guard.ts';
import {
  clearedSessionCookies,
  sessionCookies,
  sessionOf,
  setCookieValue,
  signSellerLk,
  signSessionToken,
  withCookies,
  type PortalSession,
} from '../session/session.ts';
import { PortalState, type TeamMember } from '../session/state.ts';
import { periodFigures } from '../views/analytics.ts';
import { cardPhotos, rub } from '../views/common.ts';
import { htmlPage } from '../web/pages.ts';
import { portalBundle } from '../web/build.ts';
import { bundleResponse, serveBundleFiles } from '../web/serve.ts';
import { isAnswered } from '../../data/feedbacks.ts';

/**
 * seller.wildberries.ru: the SPA shell (every page route answers the same HTML; the bundle routes), and the
 * core `/ns/*` services: the session (upgrade-cookie-authv3, the `wb-seller-lk` token, validate), the
 * legal entities (getUserSuppliers, switching), the dashboard, user access management, and logout.
 */

/** Page routes of the SPA (anything else that is not an API or a file is the SPA's own 404). */
export const SHELL_ROUTES = {
  dashboard: '/',
  orders: '/orders',
  stocks: '/stocks',
  supplies: '/supplies-management/all-supplies',
  analytics: '/analytics',
  feedbacks: '/feedbacks',
  questions: '/questions',
  prices: '/discount-and-prices',
  reports: '/suppliers-mutual-settlements/reports-implementations/reports-weekly-new',
  balance: '/balance',
  tokens: '/supplier-settings/access-to-api',
  users: '/supplier-settings/users',
  requisites: '/supplier-settings/requisites',
  suppliers: '/suppliers',
  diagnostics: '/diagnostics',
} as const;

function supplierView(emu: Emulator, index: number, current: number): Record<string, unknown> {
  const a = emu.world.data[index]?.account;
  if (!a) return {};
  return {
    id: a.supplierId,
    oldID: a.oid,
    name: a.name,
    fullName: a.name,
    tradeMark: a.tradeMark,
    inn: a.tin,
    legalForm: a.legalForm,
    isActive: true,
    isCurrent: index === current,
  };
}

function menu(c: Context<HostEnv>) {
  const o = originsOf(c);
  return [
    { id: 'dashboard', title: 'Главная', path: SHELL_ROUTES.dashboard },
    { id: 'orders', title: 'Заказы', path: SHELL_ROUTES.orders },
    { id: 'stocks', title: 'Остатки', path: SHELL_ROUTES.stocks },
    { id: 'supplies', title: 'Поставки', path: SHELL_ROUTES.supplies },
    { id: 'analytics', title: 'Аналитика', path: SHELL_ROUTES.analytics },
    { id: 'feedbacks', title: 'Отзывы', path: SHELL_ROUTES.feedbacks },
    { id: 'questions', title: 'Вопросы', path: SHELL_ROUTES.questions },
    { id: 'prices', title: 'Цены и скидки', path: SHELL_ROUTES.prices },
    { id: 'reports', title: 'Финансовые отчёты', path: SHELL_ROUTES.reports },
    { id: 'balance', title: 'Баланс', path: SHELL_ROUTES.balance },
    { id: 'advert', title: 'Реклама', href: `${o.of('cmp')}/campaigns/list/active`, external: true },
    { id: 'tokens', title: 'Доступ к API', path: SHELL_ROUTES.tokens, group: 'settings' },
    { id: 'users', title: 'Пользователи', path: SHELL_ROUTES.users, group: 'settings' },
    { id: 'requisites', title: 'Реквизиты', path: SHELL_ROUTES.requisites, group: 'settings' },
    { id: 'suppliers', title: 'Сменить организацию', path: SHELL_ROUTES.suppliers, group: 'settings' },
    { id: 'diagnostics', title: 'Диагностика', path: SHELL_ROUTES.diagnostics, group: 'settings' },
  ];
}

function memberView(m: TeamMember): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    phone: m.phone.replace(/^(\+7\d{3})\d{4}(\d{3})$/, '$1****$2'),
    email: m.email,
    role: m.role,
    sections: m.sections,
    invitedAt: new Date(m.invitedMs).toISOString(),
    active: m.active,
  };
}

function dashboard(emu: Emulator, s: PortalSession, c: Context<HostEnv>): Record<string, unknown> {
  const now = emu.clock.now();
  const today = moscowDayNo(now);
  const o = originsOf(c);
  const d = s.data;
  const dayFig = (day: number) => {
    const f = periodFigures(d, day, day, now);
    let ordersCount = 0;
    let ordersSum = 0;
    let cancelCount = 0;
    for (const x of f.byNm.values()) {
      ordersCount += x.ordersCount;
      ordersSum += x.ordersSum;
      cancelCount += x.cancelCount;
    }
    return { date: dayNoToDate(day), ordersCount, ordersSum: rub(ordersSum), cancelCount };
  };
  const week = periodFigures(d, today - 6, today, now);
  const top = [...week.byNm.entries()]
    .sort((x, y) => y[1].ordersSum - x[1].ordersSum || x[0] - y[0])
    .slice(0, 5)
    .map(([nm, f]) => {
      const card = d.account.cardByNm.get(nm);
      return card
        ? {
            nmId: nm,
            vendorCode: card.vendorCode,
            title: card.title,
            photo: cardPhotos(card, o),
            ordersCount: f.ordersCount,
            ordersSum: rub(f.ordersSum),
          }
        : null;
    })
    .filter(Boolean);
  return {
    today: dayFig(today),
    yesterday: dayFig(today - 1),
    topProducts: top,
    unansweredFeedbacks: d.feedbacks.feedbacks(now).filter((f) => !isAnswered(f, now)).length,
    unansweredQuestions: d.feedbacks.questions(now).filter((q) => !isAnswered(q, now)).length,
    cards: d.account.cards.length,
  };
}

export function shellHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  serveBundleFiles(app);

  app.get('/sw.js', async (c) => {
    const bundle = await portalBundle();
    const res = bundleResponse(c, bundle.serviceWorker, false);
    res.headers.set('service-worker-allowed', '/');
    return res;
  });

  // Cross-subdomain redirects the portal has always had.
  app.get('/login', (c) =>
    c.redirect(
      `${originsOf(c).of('auth')}/ru/?redirect_url=${encodeURIComponent(`${originsOf(c).of('shell')}/`)}`,
      302,
    ),
  );
  app.get('/campaigns', (c) => c.redirect(`${originsOf(c).of('cmp')}/campaigns/list/active`, 302));
  app.get('/advert', (c) => c.redirect(`${originsOf(c).of('cmp')}/campaigns/list/active`, 302));

  // Logout: closes the session, clears the cookies, back to WB's login.
  app.get('/logout', async (c) => {
    const result = await sessionOf(c, emu);
    if (result.ok) result.session.record.revokedMs = emu.clock.now();
    const o = originsOf(c);
    return withCookies(
      new Response(null, {
        status: 302,
        headers: { location: `${o.of('auth')}/ru/`, 'cache-control': 'no-store' },
      }),
      clearedSessionCookies(c),
    );
  });

  // The session token for localStorage (`authorizev3`), refreshed: a new WBTokenV3 cookie and the token.
  app.post('/upgrade-cookie-authv3', async (c) => {
    const result = await sessionOf(c, emu);
    if (!result.ok) return refuse(c, 'ns', result.problem);
    const s = result.session;
    const now = emu.clock.now();
    const { token, expMs } = await signSessionToken(emu, s.user, s.record);
    return withCookies(
      nsOk({ token, expiresAt: new Date(expMs).toISOString(), userID: s.user.userId }),
      sessionCookies(c, {
        token,
        expMs,
        validationKey: s.record.validationKey,
        supplierId: s.data.account.supplierId,
        nowMs: now,
      }),
    );
  });

  app.use('/ns/suppliers-auth/*', requireSession(emu, { mode: 'jsonrpc' }));
  app.post('/ns/suppliers-auth/suppliers-portal-core/auth/token', (c) =>
    handleJsonRpc(
      c,
      {
        token: async () => {
          const s = sessionFrom(c);
          const { token, expMs } = await signSellerLk(emu, s);
          return { data: { token, userID: s.user.userId, exp: Math.floor(expMs / 1000) } };
        },
      },
      'token',
    ),
  );

  app.use('/ns/suppliers/*', requireSession(emu, { mode: 'jsonrpc' }));
  app.post('/ns/suppliers/suppliers-portal-core/suppliers', async (c) => {
    const s = sessionFrom(c);
    const current = s.data.account.index;
    const cookies: string[] = [];
    const res = await handleJsonRpc(c, {
      getUserSuppliers: () => ({
        suppliers: s.user.accounts.map((i) => supplierView(emu, i, current)),
        countSuppliers: s.user.accounts.length,
      }),
      getSupplierInfo: () => supplierView(emu, current, current),
      listCountries: () => ({ countries: [{ id: 1, name: 'Россия' }] }),
      changeSupplier: (params) => {
        const wanted = typeof params.supplierID === 'string' ? params.supplierID : '';
        const index = s.user.accounts.find((i) => emu.world.data[i]?.account.supplierId === wanted);
        if (index === undefined) throw new RpcError(403, 'supplier is not available to this user');
        for (const name of ['x-supplier-id', 'x-supplier-id-external'])
          cookies.push(
            setCookieValue(c, {
              name,
              value: wanted,
              maxAge: 31_536_000,
              httpOnly: false,
              domain: '.wildberries.ru',
            }),
          );
        return { supplier: supplierView(emu, index, index) };
      },
    });
    return withCookies(res, cookies);
  });

  app.use('/ns/passport-portal/*', requireSession(emu, { mode: 'ns' }));
  const validate = (c: Context<HostEnv>) => {
    const s = sessionFrom(c);
    const exp = typeof s.claims.exp === 'number' ? s.claims.exp * 1000 : 0;
    return nsOk({
      valid: true,
      userID: s.user.userId,
      supplierID: s.data.account.supplierId,
      sessionExpiresAt: new Date(exp).toISOString(),
    });
  };
  app.get('/ns/passport-portal/suppliers-portal-ru/validate', validate);
  app.post('/ns/passport-portal/suppliers-portal-ru/validate', validate);

  app.use('/ns/user-info/*', requireSession(emu, { mode: 'ns' }));
  app.get('/ns/user-info/suppliers-portal-core/user', (c) => {
    const s = sessionFrom(c);
    return nsOk({
      userID: s.user.userId,
      name: s.user.name,
      phone: s.user.phone.replace(/^(\+7\d{3})\d{4}(\d{3})$/, '$1****$2'),
      supplier: supplierView(emu, s.data.account.index, s.data.account.index),
      suppliersCount: s.user.accounts.length,
    });
  });

  app.use('/ns/dashboard/*', requireSession(emu, { mode: 'ns' }));
  app.get('/ns/dashboard/suppliers-portal-core/api/v1/summary', (c) =>
    nsOk(dashboard(emu, sessionFrom(c), c)),
  );

  // User access management (sensitive: who may enter the cabinet and what they see).
  const USERS = '/ns/users-management/suppliers-portal-core/api/v1/users';
  app.use('/ns/users-management/*', requireSession(emu, { mode: 'ns' }));
  app.get(USERS, (c) => {
    const s = sessionFrom(c);
    const members = PortalState.of(emu).team.get(s.data.account.index) ?? [];
    return nsOk({ users: members.map(memberView), total: members.length });
  });
  app.post(`${USERS}/invite`, async (c) => {
    const s = sessionFrom(c);
    const body = await jsonObject(c);
    const phone = typeof body.phone === 'string' ? body.phone.trim() : '';
    if (!/^\+7\d{10}$/.test(phone)) throw new PortalParamError('phone: must be +7 and 10 digits');
    const role = body.role === 'admin' || body.role === 'accountant' ? body.role : 'manager';
    const members = PortalState.of(emu).team.get(s.data.account.index) ?? [];
    const member: TeamMember = {
      id: 41_000_000 + PortalState.of(emu).nextSerial(),
      name: typeof body.name === 'string' && body.name.trim() ? body.name.trim() : 'Новый пользователь',
      phone,
      email: typeof body.email === 'string' ? body.email : '',
      role,
      sections: Array.isArray(body.sections) ? body.sections.map(String) : ['orders'],
      invitedMs: emu.clock.now(),
      active: true,
    };
    members.push(member);
    PortalState.of(emu).team.set(s.data.account.index, members);
    return nsOk({ user: memberView(member) });
  });
  app.patch(`${USERS}/:id`, async (c) => {
    const s = sessionFrom(c);
    const id = checkInt(c.req.param('id'), 'id');
    const member = PortalState.of(emu)
      .team.get(s.data.account.index)
      ?.find((m) => m.id === id);
    if (!member) return nsFail(404, 'user not found');
    if (member.role === 'owner') return nsFail(403, "the owner's access cannot be changed");
    const body = await jsonObject(c);
    if (Array.isArray(body.sections)) member.sections = body.sections.map(String);
    if (typeof body.active === 'boolean') member.active = body.active;
    if (body.role === 'admin' || body.role === 'manager' || body.role === 'accountant')
      member.role = body.role;
    return nsOk({ user: memberView(member) });
  });
  app.delete(`${USERS}/:id`, (c) => {
    const s = sessionFrom(c);
    const id = checkInt(c.req.param('id'), 'id');
    const state = PortalState.of(emu);
    const members = state.team.get(s.data.account.index) ?? [];
    const member = members.find((m) => m.id === id);
    if (!member) return nsFail(404, 'user not found');
    if (member.role === 'owner') return nsFail(403, 'the owner cannot be removed');
    state.team.set(
      s.data.account.index,
      members.filter((m) => m.id !== id),
    );
    return nsOk({ removed: id });
  });

  app.all('/ns/*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));

  // Every other GET is a page of the SPA: the shell, for a valid session; WB's login otherwise.
  app.get('*', async (c) => {
    const result = await sessionOf(c, emu);
    if (!result.ok) return result.problem === 'supplier' ? refuse(c, 'page', 'supplier') : loginRedirect(c);
    const s = result.session;
    const o = originsOf(c);
    return htmlPage(c, {
      title: 'Портал продавцов Wildberries',
      entry: 'shell',
      config: { user: { id: s.user.userId, name: s.user.name }, routes: SHELL_ROUTES },
      state: {
        supplier: supplierView(emu, s.data.account.index, s.data.account.index),
        menu: menu(c),
        links: {
          help: `${o.of('shell')}/help-center`,
          cmp: `${o.of('cmp')}/campaigns/list/active`,
          logout: `${o.of('shell')}/logout`,
          notificationsWidget: `${o.of('communications')}/widget/notifications`,
        },
        serverTime: new Date(emu.clock.now()).toISOString(),
      },
      body: '<div id="app" class="app"><div class="boot">Загрузка портала…</div></div>',
    });
  });
  return app;
}
