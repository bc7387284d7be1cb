import type { Card } from '../../data/catalog.ts';
import { ordersOnDay, salesOnDay } from '../../data/statistics.ts';
import type { AccountData } from '../../data/world.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos, rub } from './common.ts';

/**
 * The analytics back-end's figures over a period, from the same orders and sales the statistics API sends:
 * per article (the "supplier goods" report) and per buyer region (with nmId-keyed maps inside).
 */

export interface NmFigures {
  ordersCount: number;
  ordersSum: number;
  cancelCount: number;
  buyoutsCount: number;
  buyoutsSum: number;
  returnsCount: number;
  returnsSum: number;
}

const zero = (): NmFigures => ({
  ordersCount: 0,
  ordersSum: 0,
  cancelCount: 0,
  buyoutsCount: 0,
  buyoutsSum: 0,
  returnsCount: 0,
  returnsSum: 0,
});

export interface RegionFigures {
  regionName: string;
  oblastOkrugName: string;
  ordersCount: number;
  ordersSum: number;
  byNm: Map<number, { ordersCount: number; ordersSum: number }>;
}

export interface PeriodFigures {
  byNm: Map<number, NmFigures>;
  regions: Map<string, RegionFigures>;
}

/** Aggregates a period (kopecks inside). */
export function periodFigures(d: AccountData, fromDay: number, toDay: number, nowMs: number): PeriodFigures {
  const byNm = new Map<number, NmFigures>();
  const regions = new Map<string, RegionFigures>();
  const of = (nm: number) => {
    let f = byNm.get(nm);
    if (!f) byNm.set(nm, (f = zero()));
    return f;
  };
  for (let day = fromDay; day <= toDay; day++) {
    for (const o of ordersOnDay(d.orders, day, nowMs)) {
      if (o.orderedAt > nowMs) continue;
      const f = of(o.card.nmID);
      f.ordersCount++;
      f.ordersSum += o.finishedPrice;
      if (o.cancelAt !== null && o.cancelAt <= nowMs) f.cancelCount++;
      const key = o.region.regionName;
      let r = regions.get(key);
      if (!r) {
        r = {
          regionName: o.region.regionName,
          oblastOkrugName: o.region.oblastOkrugName,
          ordersCount: 0,
          ordersSum: 0,
          byNm: new Map(),
        };
        regions.set(key, r);
      }
      r.ordersCount++;
      r.ordersSum += o.finishedPrice;
      const rn = r.byNm.get(o.card.nmID) ?? { ordersCount: 0, ordersSum: 0 };
      rn.ordersCount++;
      rn.ordersSum += o.finishedPrice;
      r.byNm.set(o.card.nmID, rn);
    }
    for (const e of salesOnDay(d.orders, day, nowMs)) {
      const f = of(e.order.card.nmID);
      if (e.kind === 'sale') {
        f.buyoutsCount++;
        f.buyoutsSum += e.order.finishedPrice;
      } else {
        f.returnsCount++;
        f.returnsSum += e.order.finishedPrice;
      }
    }
  }
  return { byNm, regions };
}

/** One row of the supplier-goods report (nmId spelled `nm`). */
export function goodsRow(
  card: Card,
  f: NmFigures,
  stock: number,
  o: RequestOrigins,
): Record<string, unknown> {
  return {
    nm: card.nmID,
    vendorCode: card.vendorCode,
    brandName: card.brand,
    subjectName: card.subject.subjectName,
    title: card.title,
    photo: cardPhotos(card, o).tm,
    ordersCount: f.ordersCount,
    ordersSum: rub(f.ordersSum),
    cancelCount: f.cancelCount,
    buyoutsCount: f.buyoutsCount,
    buyoutsSum: rub(f.buyoutsSum),
    returnsCount: f.returnsCount,
    returnsSum: rub(f.returnsSum),
    buyoutPercent: f.ordersCount ? Math.round((f.buyoutsCount / f.ordersCount) * 1000) / 10 : 0,
    avgPrice: f.ordersCount ? Math.round(f.ordersSum / f.ordersCount) / 100 : 0,
    stock,
  };
}

export function sumFigures(list: Iterable<NmFigures>): NmFigures {
  const s = zero();
  for (const f of list) for (const k of Object.keys(s) as Array<keyof NmFigures>) s[k] += f[k];
  return s;
}

export function figuresView(f: NmFigures): Record<string, number> {
  return {
    ordersCount: f.ordersCount,
    ordersSum: rub(f.ordersSum),
    cancelCount: f.cancelCount,
    buyoutsCount: f.buyoutsCount,
    buyoutsSum: rub(f.buyoutsSum),
    returnsCount: f.returnsCount,
    returnsSum: rub(f.returnsSum),
  };
}

/** A region row: its articles as a map keyed by nmId (`nms: {"204000123": {…}}`). */
export function regionView(r: RegionFigures): Record<string, unknown> {
  return {
    regionName: r.regionName,
    oblastOkrugName: r.oblastOkrugName,
    ordersCount: r.ordersCount,
    ordersSum: rub(r.ordersSum),
    nms: Object.fromEntries(
      [...r.byNm.entries()]
        .sort((x, y) => x[0] - y[0])
        .map(([nm, v]) => [String(nm), { ordersCount: v.ordersCount, ordersSum: rub(v.ordersSum) }]),
    ),
  };
}
