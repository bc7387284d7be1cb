import { Hono, type Context } from 'hono';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { moscowDayNo } from '../../util/moscow.ts';
import { portalCors } from '../http/cors.ts';
import { PortalParamError } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, dayRange, intQuery, jsonObject } from '../http/params.ts';
import { loginRedirect, requireSession, sessionFrom } from '../session/guard.ts';
import { sessionOf } from '../session/session.ts';
import {
  ADVERT_STATUS_NAMES,
  advertDetails,
  advertListItem,
  fullstat,
  inTab,
  type AdvertTab,
} from '../views/adverts.ts';
import { htmlPage } from '../web/pages.ts';
import { serveBundleFiles } from '../web/serve.ts';
import { JSON_TYPE } from '../../http/responses.ts';

/**
 * cmp.wildberries.ru: the advertising cabinet, a separate SPA (`/campaigns/list/<tab>`, `/campaigns/<id>`)
 * whose calls are root-relative (`/api/v1/adverts`, `/api/v1/adverts/<id>`, `/api/v3/fullstat`,
 * `/api/v1/balance`). Its answers are plain JSON (no `/ns` envelope): campaigns carry `nms: [{nm}]`,
 * bids `nmCPM: [{nm, cpm}]`, statistics `days[].apps[].nm[].nmId`; counts in `counts` and `total`.
 */

const TABS: AdvertTab[] = ['all', 'active', 'paused', 'finished', 'ready', 'archived'];

const cmpJson = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });

export function cmpHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  app.onError((err, c) => {
    if (err instanceof PortalParamError) return cmpJson({ error: err.message }, 400);
    c.env.wb.log.error = err.message;
    return cmpJson({ error: `internal error: ${err.message}` }, 500);
  });
  serveBundleFiles(app);
  app.use('/api/*', requireSession(emu, { mode: 'ns' }));

  app.get('/api/v1/adverts', (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const tab = (c.req.query('status') ?? 'all') as AdvertTab;
    if (!TABS.includes(tab)) throw new PortalParamError(`status: one of ${TABS.join(', ')}`);
    const search = c.req.query('search')?.trim().toLowerCase();
    const page = intQuery(c, 'page', { min: 1, fallback: 1 });
    const pageSize = intQuery(c, 'pageSize', { min: 1, max: 100, fallback: 10 });
    const list = d.adverts
      .filter((a) => inTab(a, tab))
      .filter(
        (a) =>
          !search ||
          a.name.toLowerCase().includes(search) ||
          String(a.id) === search ||
          a.nms.some((n) => String(n.card.nmID) === search),
      )
      .sort((x, y) => y.updatedMs - x.updatedMs || y.id - x.id);
    const o = originsOf(c);
    return cmpJson({
      content: list
        .slice((page - 1) * pageSize, page * pageSize)
        .map((a) => advertListItem(emu.world.seed, a, now, o)),
      total: list.length,
      pageCount: Math.max(1, Math.ceil(list.length / pageSize)),
      counts: Object.fromEntries(TABS.map((t) => [t, d.adverts.filter((a) => inTab(a, t)).length])),
      statuses: ADVERT_STATUS_NAMES,
    });
  });

  app.get('/api/v1/adverts/:id', (c) => {
    const { data: d } = sessionFrom(c);
    const id = checkInt(c.req.param('id'), 'id');
    const a = d.adverts.find((x) => x.id === id);
    if (!a) return cmpJson({ error: 'campaign not found' }, 404);
    return cmpJson(advertDetails(emu.world.seed, a, emu.clock.now(), originsOf(c)));
  });

  app.post('/api/v3/fullstat', async (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const body = await jsonObject(c);
    const ids = Array.isArray(body.ids) ? body.ids.map((x) => checkInt(x, 'ids[]')) : [];
    if (ids.length === 0 || ids.length > 100) throw new PortalParamError('ids: 1 to 100 campaign ids');
    const { fromDay, toDay } = dayRange(body.dateFrom, body.dateTo, now, 7);
    return cmpJson(fullstat(emu.world.seed, d, ids, fromDay, toDay, now));
  });

  app.get('/api/v1/balance', (c) => {
    const { data: d } = sessionFrom(c);
    const day = moscowDayNo(emu.clock.now());
    const base = 1_000_000 + (d.account.oid % 9_000) * 100 + (day % 30) * 1_000;
    return cmpJson({
      balance: base / 100,
      net: Math.round(base * 0.8) / 100,
      bonus: Math.round(base * 0.05) / 100,
      currency: 'RUB',
    });
  });

  app.all('/api/*', () => cmpJson({ error: 'not found' }, 404));

  const page = async (c: Context<HostEnv>) => {
    const result = await sessionOf(c, emu);
    if (!result.ok) return loginRedirect(c);
    const s = result.session;
    const o = originsOf(c);
    return htmlPage(c, {
      title: 'ВБ.Продвижение — рекламный кабинет',
      entry: 'cmp',
      config: { user: { id: s.user.userId, name: s.user.name } },
      state: {
        supplier: { id: s.data.account.supplierId, name: s.data.account.name },
        serverTime: new Date(emu.clock.now()).toISOString(),
        links: {
          portal: `${o.of('shell')}/`,
          reports: `${o.of('shell')}/suppliers-mutual-settlements/reports-implementations/reports-weekly-new`,
        },
      },
      body: '<div id="cmp-app" class="app cmp"><div class="boot">Загрузка рекламного кабинета…</div></div>',
    });
  };
  app.get('/', (c) => c.redirect('/campaigns/list/active', 302));
  app.get('/campaigns', (c) => c.redirect('/campaigns/list/active', 302));
  app.get('/campaigns/*', page);
  app.notFound((c) => c.text('Not Found', 404));
  return app;
}
