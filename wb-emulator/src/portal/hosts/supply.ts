import { Hono, type Context } from 'hono';
import type { IncomeLine } from '../../data/stocks.ts';
import type { HostEnv } from '../../http/types.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { moscowLocal } from '../../util/moscow.ts';
import { CSV_TYPE, toCsv, type CsvColumn } from '../exports/csv.ts';
import { attachment } from '../exports/xlsx.ts';
import { portalCors } from '../http/cors.ts';
import { nsFail } from '../http/envelope.ts';
import { RpcError, handleJsonRpc, type RpcMethod } from '../http/json-rpc.ts';
import { originsOf } from '../http/origins.ts';
import { checkInt, portalErrors } from '../http/params.ts';
import { requireSession, sessionFrom } from '../session/guard.ts';
import { suppliesOf, supplyLineView, supplyView, type Supply } from '../views/supplies.ts';

/**
 * seller-supply.wildberries.ru: FBW supplies over JSON-RPC 2.0. Per-method URLs (`…/supply/listSupplies`,
 * `…/supply/supplyDetails`) take `{"params":…,"jsonrpc":"2.0","id":…}`; `…/supply` takes a batch array naming
 * each method. List items carry `nmIDs` (an array of ids); detail lines `nmID`; counts in `totalCount`.
 */

const BASE = '/ns/sm-supply/supply-manager/api/v1/supply';

const DETAILS_CSV: ReadonlyArray<CsvColumn<IncomeLine>> = [
  { header: 'Артикул WB', value: (l) => l.card.nmID },
  { header: 'Артикул продавца', value: (l) => l.card.vendorCode },
  { header: 'Баркод', value: (l) => l.size.skus[0] },
  { header: 'Размер', value: (l) => l.size.techSize },
  { header: 'Предмет', value: (l) => l.card.subject.subjectName },
  { header: 'Количество, шт', value: (l) => l.quantity },
  { header: 'Принято, шт', value: (l) => l.quantity },
  { header: 'Дата приемки', value: (l) => moscowLocal(l.closeMs).replace('T', ' ') },
];

const page = (params: Record<string, unknown>) => {
  const pageNumber =
    params.pageNumber === undefined ? 1 : checkInt(params.pageNumber, 'pageNumber', { min: 1 });
  const pageSize =
    params.pageSize === undefined ? 20 : checkInt(params.pageSize, 'pageSize', { min: 1, max: 1000 });
  return { pageNumber, pageSize, offset: (pageNumber - 1) * pageSize };
};

export function supplyHost(emu: Emulator): Hono<HostEnv> {
  const app = new Hono<HostEnv>({ strict: false });
  app.use('*', portalCors());
  portalErrors(app);
  app.use('/ns/*', requireSession(emu, { mode: 'jsonrpc' }));

  const supplies = (c: Context<HostEnv>): Supply[] =>
    suppliesOf(emu.world.seed, emu.world.firstDay, sessionFrom(c).data, emu.clock.now());

  const methods = (c: Context<HostEnv>): Record<string, RpcMethod> => ({
    listSupplies: (params) => {
      const { pageNumber, pageSize, offset } = page(params);
      const filter = (params.filter ?? {}) as Record<string, unknown>;
      const search = typeof filter.search === 'string' ? filter.search.trim() : '';
      const list = supplies(c).filter(
        (s) =>
          !search ||
          String(s.supplyId) === search ||
          s.lines.some((l) => String(l.card.nmID) === search || l.card.vendorCode === search),
      );
      return {
        data: list.slice(offset, offset + pageSize).map(supplyView),
        totalCount: list.length,
        pageNumber,
        pageSize,
      };
    },
    supplyDetails: (params) => {
      const id = checkInt(params.supplyID, 'supplyID');
      const supply = supplies(c).find((s) => s.supplyId === id);
      if (!supply) throw new RpcError(404, `supply ${id} not found`);
      const { pageNumber, pageSize, offset } = page(params);
      const o = originsOf(c);
      return {
        data: supply.lines.slice(offset, offset + pageSize).map((l) => supplyLineView(l, o)),
        totalCount: supply.lines.length,
        totalQuantity: supply.lines.reduce((n, l) => n + l.quantity, 0),
        supply: supplyView(supply),
        pageNumber,
        pageSize,
      };
    },
  });

  app.post(`${BASE}/listSupplies`, (c) => handleJsonRpc(c, methods(c), 'listSupplies'));
  app.post(`${BASE}/supplyDetails`, (c) => handleJsonRpc(c, methods(c), 'supplyDetails'));
  app.post(BASE, (c) => handleJsonRpc(c, methods(c)));

  app.get(`${BASE}/export`, (c) => {
    const id = checkInt(c.req.query('supplyID'), 'supplyID');
    const supply = supplies(c).find((s) => s.supplyId === id);
    if (!supply) return nsFail(404, `supply ${id} not found`);
    return new Response(toCsv(DETAILS_CSV, supply.lines), {
      headers: { 'content-type': CSV_TYPE, 'content-disposition': attachment(`Поставка ${id}.csv`) },
    });
  });

  app.all('*', (c) => nsFail(404, `no such service: ${new URL(c.req.url).pathname}`));
  return app;
}
