import { Hono, type Context } from 'hono';
import type { Card } from '../../data/catalog.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { MONEY_FORMAT, buildXlsx, type XlsxColumn } from '../exports/xlsx.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail, nsOk } from '../http/envelope.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, jsonObject, pageOf, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import { matchesCard } from '../views/common.ts';
import { priceView } from '../views/prices.ts';
import { stocksByCard } from '../views/stocks.ts';

/**
 * discounts-prices.wildberries.ru: the prices and discounts table (`listGoods[].nmID`, `countGoods`) and its
 * Excel export, base64 inside JSON at `data.listGoodsExcel`.
 */

const BASE = '/ns/dp-api/discounts-prices/suppliers/api/v1/list/goods';

type Row = { card: Card; stock: number };

const EXPORT: ReadonlyArray<XlsxColumn<Row>> = [
  { header: 'Бренд', value: (r) => r.card.brand },
  { header: 'Категория', value: (r) => r.card.subject.subjectName },
  { header: 'Артикул WB', value: (r) => r.card.nmID, width: 14 },
  { header: 'Артикул продавца', value: (r) => r.card.vendorCode, width: 18 },
  { header: 'Последний баркод', value: (r) => r.card.sizes.at(-1)?.skus[0] ?? '', width: 16 },
  { header: 'Остатки WB', value: (r) => r.stock, total: true },
  { header: 'Текущая цена', value: (r) => r.card.priceRub, numFmt: MONEY_FORMAT },
  { header: 'Текущая скидка', value: (r) => r.card.discount },
  { header: 'Новая цена', value: () => null },
  { header: 'Новая скидка', value: () => null },
];

export function pricesHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  app.use('/ns/*', requireSession(emu, { mode: 'ns' }));

  function rows(c: Context<HostEnv>, body: Record<string, unknown>): Row[] {
    const { data: d } = sessionFrom(c);
    const stocks = new Map(
      stocksByCard(emu.world.seed, d, emu.clock.now()).map((s) => [s.card.nmID, s.quantity]),
    );
    const search = typeof body.search === 'string' ? body.search : undefined;
    const list = d.account.cards
      .filter((card) => matchesCard(card, search))
      .map((card) => ({ card, stock: stocks.get(card.nmID) ?? 0 }))
      .filter((r) => body.filterWithLeftovers !== true || r.stock > 0)
      .filter((r) => body.filterWithDiscount !== true || r.card.discount > 0);
    const dir = body.sortOrder === 'asc' ? 1 : -1;
    const field = typeof body.sort === 'string' ? body.sort : 'nmID';
    const key = (r: Row) =>
      field === 'price'
        ? r.card.priceRub
        : field === 'discount'
          ? r.card.discount
          : field === 'quantity'
            ? r.stock
            : r.card.nmID;
    return list.sort((x, y) => dir * (key(x) - key(y)) || x.card.nmID - y.card.nmID);
  }

  app.post(`${BASE}/filter`, async (c) => {
    const body = await jsonObject(c);
    const list = rows(c, body);
    const limit = body.limit === undefined ? 20 : checkInt(body.limit, 'limit', { min: 1, max: 1000 });
    const offset = body.offset === undefined ? 0 : checkInt(body.offset, 'offset', { min: 0 });
    const o = originsOf(c);
    return nsOk({
      listGoods: pageOf(list, offset, limit).map((r) => priceView(r.card, r.stock, o)),
      countGoods: list.length,
    });
  });

  app.post(`${BASE}/excel`, async (c) => {
    const xlsx = await buildXlsx({
      sheetName: 'Цены и скидки',
      columns: EXPORT,
      rows: rows(c, await jsonObject(c)),
      totalsLabel: false,
    });
    return nsOk({ listGoodsExcel: xlsx.toString('base64'), fileName: 'Цены и скидки.xlsx' });
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}
