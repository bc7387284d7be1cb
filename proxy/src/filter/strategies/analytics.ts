import { isRecord } from '../json-codec.ts';
import { sumInt, sumRub } from '../money.ts';
import { toNmId } from '../nm-keys.ts';
import type { JsonFilterInput } from '../types.ts';
import { nsData, pageOf, rows, withData } from './common.ts';

/**
 * seller-weekly-report: orders (dated rows: visible by the month of `orderDate`), the supplier-goods report
 * and sales by region (figures over a period: visible when assigned in every month of the period).
 */

export function ordersFilter({ body, visible, stats, page }: JsonFilterInput): unknown {
  const route = 'orders';
  const data = nsData(body, route);
  const all = rows(data, 'orders', route);
  const kept = all.filter((o) => {
    const nm = toNmId(o.nmId);
    const ok = nm !== null && typeof o.orderDate === 'string' && visible.visibleAt(nm, o.orderDate);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  const cancelled = kept.filter((o) => o.status === 'cancelled');
  return withData(body, {
    ...data,
    orders: pageOf(kept, page),
    total: kept.length,
    totals: {
      count: kept.length,
      sum: sumRub(kept, (o) => o.finishedPrice),
      cancelledCount: cancelled.length,
      cancelledSum: sumRub(cancelled, (o) => o.finishedPrice),
      soldCount: kept.filter((o) => o.status === 'sold').length,
    },
  });
}

function period(data: Record<string, unknown>): { from: string; to: string } | null {
  const p = data.period;
  if (isRecord(p) && typeof p.dateFrom === 'string' && typeof p.dateTo === 'string')
    return { from: p.dateFrom, to: p.dateTo };
  return null;
}

const GOODS_FIGURES = ['ordersCount', 'cancelCount', 'buyoutsCount', 'returnsCount'] as const;
const GOODS_MONEY = ['ordersSum', 'buyoutsSum', 'returnsSum'] as const;

export function goodsReportFilter({ body, visible, stats, page }: JsonFilterInput): unknown {
  const route = 'supplier-goods report';
  const data = nsData(body, route);
  const p = period(data);
  const kept = rows(data, 'cards', route).filter((c) => {
    const nm = toNmId(c.nm);
    const ok = nm !== null && p !== null && visible.visibleThroughout(nm, p.from, p.to);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  const total: Record<string, number> = {};
  for (const k of GOODS_FIGURES) total[k] = sumInt(kept, (c) => c[k]);
  for (const k of GOODS_MONEY) total[k] = sumRub(kept, (c) => c[k]);
  const limit = page?.limit ?? Math.max(1, kept.length);
  const offset = page?.offset ?? 0;
  return withData(body, {
    ...data,
    cards: pageOf(kept, page),
    count: kept.length,
    page: Math.floor(offset / limit) + 1,
    pages: Math.max(1, Math.ceil(kept.length / limit)),
    total: {
      ordersCount: total.ordersCount,
      ordersSum: total.ordersSum,
      cancelCount: total.cancelCount,
      buyoutsCount: total.buyoutsCount,
      buyoutsSum: total.buyoutsSum,
      returnsCount: total.returnsCount,
      returnsSum: total.returnsSum,
    },
  });
}

const regionName = (r: object): string => {
  const v = (r as Record<string, unknown>).regionName;
  return typeof v === 'string' ? v : '';
};

export function regionSalesFilter({ body, visible, stats }: JsonFilterInput): unknown {
  const route = 'region sales';
  const data = nsData(body, route);
  const p = period(data);
  const ok = (key: string) => {
    const nm = toNmId(key);
    return nm !== null && p !== null && visible.visibleThroughout(nm, p.from, p.to);
  };
  const keepMap = (m: unknown) => {
    if (!isRecord(m)) return {};
    const out: Record<string, Record<string, unknown>> = {};
    for (const [k, v] of Object.entries(m)) {
      if (ok(k) && isRecord(v)) {
        stats.kept++;
        out[k] = v;
      } else stats.removed++;
    }
    return out;
  };
  const regions = rows(data, 'regions', route)
    .map((r) => {
      const nms = keepMap(r.nms);
      const list = Object.values(nms);
      return {
        ...r,
        ordersCount: sumInt(list, (x) => x.ordersCount),
        ordersSum: sumRub(list, (x) => x.ordersSum),
        nms,
      };
    })
    .filter((r) => Object.keys(r.nms).length > 0)
    .sort((x, y) => y.ordersSum - x.ordersSum || regionName(x).localeCompare(regionName(y)));
  const nmsTotal = keepMap(data.nmsTotal);
  return withData(body, {
    ...data,
    regions,
    count: regions.length,
    total: {
      ordersCount: sumInt(regions, (r) => r.ordersCount),
      ordersSum: sumRub(regions, (r) => r.ordersSum),
    },
    nmsTotal,
  });
}
