import { Hono, type Context } from 'hono';
import type { OrderRecord } from '../../data/orders.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { dayNoToDate, moscowLocal } from '../../util/moscow.ts';
import { CSV_TYPE, toCsv, type CsvColumn } from '../exports/csv.ts';
import { MONEY_FORMAT, XLSX_TYPE, attachment, buildXlsx, type XlsxColumn } from '../exports/xlsx.ts';
import { zipOne } from '../exports/zip.ts';
import { portalCors } from '../http/cors.ts';
import { nsOk, nsFail, PortalParamError } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, dayRange, intQuery, jsonObject, pageOf, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import {
  figuresView,
  goodsRow,
  periodFigures,
  regionView,
  sumFigures,
  type NmFigures,
} from '../views/analytics.ts';
import { rub } from '../views/common.ts';
import {
  ORDER_STATUS_NAMES,
  orderStatus,
  orderTotals,
  orderView,
  ordersInRange,
  type OrderStatus,
} from '../views/orders.ts';
import { stocksByCard } from '../views/stocks.ts';
import { responseBytes } from '../../util/body.ts';

/**
 * seller-weekly-report.wildberries.ru: the analytics back-end. Orders (`nmId`, with totals and a CSV/xlsx
 * export), the supplier-goods report per article (`nm`; export as base64 in `data`, or a ZIP), and sales by
 * region (articles as nmId-keyed maps).
 */

const ORDERS = '/ns/orders/analytics-back/api/v1/orders';
const GOODS = '/ns/supplier-goods/analytics-back/api/v2/report';
const REGIONS = '/ns/region-sales/analytics-back/api/v1/region-sales';

const STATUSES = Object.keys(ORDER_STATUS_NAMES) as OrderStatus[];

function ordersQuery(c: Context<HostEnv>, nowMs: number) {
  const { fromDay, toDay } = dayRange(c.req.query('dateFrom'), c.req.query('dateTo'), nowMs, 7);
  const status = c.req.query('status') || undefined;
  if (status && !STATUSES.includes(status as OrderStatus))
    throw new PortalParamError(`status: one of ${STATUSES.join(', ')}`);
  const nm = c.req.query('nmId');
  return {
    fromDay,
    toDay,
    search: c.req.query('search') || undefined,
    status: status as OrderStatus | undefined,
    nmId: nm ? checkInt(nm, 'nmId', { min: 1 }) : undefined,
    warehouse: c.req.query('warehouse') || undefined,
  };
}

const ORDER_EXPORT: ReadonlyArray<
  CsvColumn<{ o: OrderRecord; nowMs: number }> & XlsxColumn<{ o: OrderRecord; nowMs: number }>
> = [
  { header: 'Дата заказа', value: ({ o }) => moscowLocal(o.orderedAt).replace('T', ' '), width: 20 },
  { header: 'Артикул WB', value: ({ o }) => o.card.nmID, width: 14 },
  { header: 'Артикул продавца', value: ({ o }) => o.card.vendorCode, width: 18 },
  { header: 'Бренд', value: ({ o }) => o.card.brand },
  { header: 'Предмет', value: ({ o }) => o.card.subject.subjectName },
  { header: 'Размер', value: ({ o }) => o.size.techSize },
  { header: 'Баркод', value: ({ o }) => o.barcode, width: 16 },
  { header: 'Склад', value: ({ o }) => o.warehouseName, width: 18 },
  { header: 'Регион', value: ({ o }) => o.region.regionName, width: 22 },
  {
    header: 'Цена с учетом скидки',
    value: ({ o }) => rub(o.priceWithDisc),
    numFmt: MONEY_FORMAT,
    total: true,
  },
  { header: 'Сумма заказа', value: ({ o }) => rub(o.finishedPrice), numFmt: MONEY_FORMAT, total: true },
  { header: 'Статус', value: ({ o, nowMs }) => ORDER_STATUS_NAMES[orderStatus(o, nowMs)] },
  { header: 'Srid', value: ({ o }) => o.srid, width: 42 },
];

type GoodsRow = {
  nm: number;
  f: NmFigures;
  stock: number;
  vendorCode: string;
  brand: string;
  subject: string;
  title: string;
};

const GOODS_EXPORT: ReadonlyArray<XlsxColumn<GoodsRow>> = [
  { header: 'Артикул WB', value: (r) => r.nm, width: 14 },
  { header: 'Артикул продавца', value: (r) => r.vendorCode, width: 18 },
  { header: 'Бренд', value: (r) => r.brand },
  { header: 'Предмет', value: (r) => r.subject },
  { header: 'Наименование', value: (r) => r.title, width: 30 },
  { header: 'Заказано, шт', value: (r) => r.f.ordersCount, total: true },
  { header: 'Заказано на сумму, ₽', value: (r) => rub(r.f.ordersSum), numFmt: MONEY_FORMAT, total: true },
  { header: 'Отмены, шт', value: (r) => r.f.cancelCount, total: true },
  { header: 'Выкупили, шт', value: (r) => r.f.buyoutsCount, total: true },
  { header: 'Выкупили на сумму, ₽', value: (r) => rub(r.f.buyoutsSum), numFmt: MONEY_FORMAT, total: true },
  { header: 'Возвраты, шт', value: (r) => r.f.returnsCount, total: true },
  { header: 'Остаток, шт', value: (r) => r.stock, total: true },
];

export function weeklyReportHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  app.use('/ns/*', requireSession(emu, { mode: 'ns' }));

  app.get(ORDERS, (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const q = ordersQuery(c, now);
    const limit = intQuery(c, 'limit', { min: 1, max: 1000, fallback: 50 });
    const offset = intQuery(c, 'offset', { min: 0, fallback: 0 });
    const orders = ordersInRange(d, q, now);
    c.env.wb.log.rows = Math.min(limit, Math.max(0, orders.length - offset));
    const o = originsOf(c);
    return nsOk({
      orders: pageOf(orders, offset, limit).map((x) => orderView(x, now, o)),
      total: orders.length,
      totals: orderTotals(orders, now),
      period: { dateFrom: dayNoToDate(q.fromDay), dateTo: dayNoToDate(q.toDay) },
      warehouses: [...new Set(d.account.warehouses.map((w) => w.name))].sort(),
    });
  });

  app.get(`${ORDERS}/export`, async (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const q = ordersQuery(c, now);
    const rows = ordersInRange(d, q, now).map((o) => ({ o, nowMs: now }));
    const name = `Заказы ${dayNoToDate(q.fromDay)} — ${dayNoToDate(q.toDay)}`;
    if ((c.req.query('format') ?? 'csv') === 'xlsx') {
      const xlsx = await buildXlsx({ sheetName: 'Заказы', columns: ORDER_EXPORT, rows });
      return new Response(responseBytes(xlsx), {
        headers: { 'content-type': XLSX_TYPE, 'content-disposition': attachment(`${name}.xlsx`) },
      });
    }
    return new Response(toCsv(ORDER_EXPORT, rows), {
      headers: { 'content-type': CSV_TYPE, 'content-disposition': attachment(`${name}.csv`) },
    });
  });

  function goods(c: Context<HostEnv>, body: Record<string, unknown>) {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const { fromDay, toDay } = dayRange(body.dateFrom, body.dateTo, now, 7);
    const figures = periodFigures(d, fromDay, toDay, now);
    const stocks = new Map(stocksByCard(emu.world.seed, d, now).map((s) => [s.card.nmID, s.quantity]));
    const q = typeof body.search === 'string' ? body.search.trim().toLowerCase() : '';
    const rows: GoodsRow[] = d.account.cards
      .filter(
        (card) =>
          !q ||
          String(card.nmID) === q ||
          card.vendorCode.toLowerCase().includes(q) ||
          card.title.toLowerCase().includes(q),
      )
      .map((card) => ({
        nm: card.nmID,
        f: figures.byNm.get(card.nmID) ?? sumFigures([]),
        stock: stocks.get(card.nmID) ?? 0,
        vendorCode: card.vendorCode,
        brand: card.brand,
        subject: card.subject.subjectName,
        title: card.title,
      }));
    const order = (body.orderBy ?? {}) as Record<string, unknown>;
    const field = typeof order.field === 'string' ? order.field : 'ordersSum';
    const dir = order.mode === 'asc' ? 1 : -1;
    const key = (r: GoodsRow): number =>
      field === 'nm'
        ? r.nm
        : field === 'stock'
          ? r.stock
          : ((r.f as unknown as Record<string, number>)[field] ?? r.f.ordersSum);
    rows.sort((x, y) => dir * (key(x) - key(y)) || x.nm - y.nm);
    return { d, rows, fromDay, toDay };
  }

  app.post(GOODS, async (c) => {
    const body = await jsonObject(c);
    const { d, rows, fromDay, toDay } = goods(c, body);
    const limit = body.limit === undefined ? 20 : checkInt(body.limit, 'limit', { min: 1, max: 1000 });
    const offset = body.offset === undefined ? 0 : checkInt(body.offset, 'offset', { min: 0 });
    const o = originsOf(c);
    return nsOk({
      cards: pageOf(rows, offset, limit).map((r) => goodsRow(d.account.cardByNm.get(r.nm)!, r.f, r.stock, o)),
      count: rows.length,
      page: Math.floor(offset / limit) + 1,
      pages: Math.max(1, Math.ceil(rows.length / limit)),
      total: figuresView(sumFigures(rows.map((r) => r.f))),
      period: { dateFrom: dayNoToDate(fromDay), dateTo: dayNoToDate(toDay) },
    });
  });

  // The report as Excel: base64 of the xlsx in `data`, or a ZIP holding it with ?format=binary.
  app.get(`${GOODS}/excel`, async (c) => {
    const { rows, fromDay, toDay } = goods(c, {
      dateFrom: c.req.query('dateFrom'),
      dateTo: c.req.query('dateTo'),
      search: c.req.query('search'),
    });
    const name = `Отчет по товарам ${dayNoToDate(fromDay)} — ${dayNoToDate(toDay)}.xlsx`;
    const xlsx = await buildXlsx({ sheetName: 'Товары', columns: GOODS_EXPORT, rows });
    if (c.req.query('format') === 'binary')
      return new Response(responseBytes(zipOne(name, xlsx)), {
        headers: {
          'content-type': 'application/zip',
          'content-disposition': attachment(name.replace(/\.xlsx$/, '.zip')),
        },
      });
    return nsOk(xlsx.toString('base64'));
  });

  app.get(REGIONS, (c) => {
    const { data: d } = sessionFrom(c);
    const now = emu.clock.now();
    const { fromDay, toDay } = dayRange(c.req.query('dateFrom'), c.req.query('dateTo'), now, 7);
    const figures = periodFigures(d, fromDay, toDay, now);
    const regions = [...figures.regions.values()].sort(
      (x, y) => y.ordersSum - x.ordersSum || x.regionName.localeCompare(y.regionName),
    );
    const byNm = new Map<number, { ordersCount: number; ordersSum: number }>();
    for (const r of regions)
      for (const [nm, v] of r.byNm) {
        const t = byNm.get(nm) ?? { ordersCount: 0, ordersSum: 0 };
        t.ordersCount += v.ordersCount;
        t.ordersSum += v.ordersSum;
        byNm.set(nm, t);
      }
    return nsOk({
      regions: regions.map(regionView),
      count: regions.length,
      total: {
        ordersCount: regions.reduce((n, r) => n + r.ordersCount, 0),
        ordersSum: rub(regions.reduce((n, r) => n + r.ordersSum, 0)),
      },
      nmsTotal: Object.fromEntries(
        [...byNm.entries()]
          .sort((x, y) => x[0] - y[0])
          .map(([nm, v]) => [String(nm), { ordersCount: v.ordersCount, ordersSum: rub(v.ordersSum) }]),
      ),
      period: { dateFrom: dayNoToDate(fromDay), dateTo: dayNoToDate(toDay) },
    });
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}
