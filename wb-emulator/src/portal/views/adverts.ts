import type { Advert } from '../../data/adverts.ts';
import type { AccountData } from '../../data/world.ts';
import { DAY_MS, dayNoToDate, moscowDayNo, moscowWithOffset } from '../../util/moscow.ts';
import { Rng, hashInts } from '../../util/random.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos, rub } from './common.ts';

/**
 * The advertising cabinet (cmp.wildberries.ru): campaigns with their articles (`nms: [{nm}]`, bids as
 * `nmCPM: [{nm, cpm}]`) and daily statistics per article (fullstat: `days[].apps[].nm[].nmId`). Statistics
 * are drawn per (campaign, day, article); every total is the sum of its parts.
 */

export const ADVERT_STATUS_NAMES: Record<number, string> = {
  [-1]: 'Удалена',
  4: 'Готова к запуску',
  7: 'Завершена',
  8: 'Отказана',
  9: 'Активна',
  11: 'Приостановлена',
};

export type AdvertTab = 'all' | 'active' | 'paused' | 'finished' | 'ready' | 'archived';

export function inTab(a: Advert, tab: AdvertTab): boolean {
  switch (tab) {
    case 'all':
      return true;
    case 'active':
      return a.status === 9;
    case 'paused':
      return a.status === 11;
    case 'finished':
      return a.status === 7;
    case 'ready':
      return a.status === 4;
    case 'archived':
      return a.status === -1 || a.status === 8;
  }
}

export interface Stat {
  views: number;
  clicks: number;
  /** Kopecks. */
  sum: number;
  atbs: number;
  orders: number;
  shks: number;
  /** Kopecks. */
  sumPrice: number;
}

const zero = (): Stat => ({ views: 0, clicks: 0, sum: 0, atbs: 0, orders: 0, shks: 0, sumPrice: 0 });

export function addStat(into: Stat, s: Stat): void {
  for (const k of Object.keys(into) as Array<keyof Stat>) into[k] += s[k];
}

/** The days a campaign ran (Moscow day numbers), clipped to [fromDay, toDay] and to now. */
function runningDays(a: Advert, fromDay: number, toDay: number, nowMs: number): number[] {
  if (a.startedMs === null) return [];
  const start = moscowDayNo(a.startedMs);
  const endMs =
    a.status === 9
      ? nowMs
      : a.status === 11
        ? Math.min(nowMs, a.updatedMs + 2 * DAY_MS)
        : (a.deletedMs ?? a.updatedMs);
  const end = Math.min(moscowDayNo(Math.min(endMs, nowMs)), moscowDayNo(nowMs));
  const days: number[] = [];
  for (let d = Math.max(start, fromDay); d <= Math.min(end, toDay); d++) days.push(d);
  return days;
}

export function statOf(
  seed: number,
  a: Advert,
  day: number,
  nm: { card: { nmID: number; priceRub: number }; search: number },
): Stat {
  const rng = new Rng(hashInts(seed, 0xad5, a.id, day, nm.card.nmID));
  const views = rng.int(40, 2400);
  const clicks = Math.floor(views * rng.float(0.01, 0.06));
  const atbs = Math.floor(clicks * rng.float(0.05, 0.25));
  const orders = Math.floor(atbs * rng.float(0.2, 0.7));
  const sum = a.paymentType === 'cpm' ? Math.round((views * nm.search) / 1000) : clicks * rng.int(300, 1500);
  return { views, clicks, sum, atbs, orders, shks: orders, sumPrice: orders * nm.card.priceRub * 100 };
}

function ratios(s: Stat): Record<string, number> {
  return {
    views: s.views,
    clicks: s.clicks,
    ctr: s.views ? Math.round((s.clicks / s.views) * 10_000) / 100 : 0,
    cpc: s.clicks ? Math.round(s.sum / s.clicks) / 100 : 0,
    sum: rub(s.sum),
    atbs: s.atbs,
    orders: s.orders,
    cr: s.clicks ? Math.round((s.orders / s.clicks) * 10_000) / 100 : 0,
    shks: s.shks,
    sum_price: rub(s.sumPrice),
  };
}

export function advertTotals(seed: number, a: Advert, fromDay: number, toDay: number, nowMs: number): Stat {
  const total = zero();
  for (const day of runningDays(a, fromDay, toDay, nowMs))
    for (const nm of a.nms) addStat(total, statOf(seed, a, day, nm));
  return total;
}

/** A campaign in the list. */
export function advertListItem(
  seed: number,
  a: Advert,
  nowMs: number,
  o: RequestOrigins,
): Record<string, unknown> {
  const today = moscowDayNo(nowMs);
  return {
    id: a.id,
    name: a.name,
    status: a.status,
    statusName: ADVERT_STATUS_NAMES[a.status],
    type: a.bidType === 'manual' ? 'search' : 'unified',
    typeName: a.bidType === 'manual' ? 'Поиск, ручная ставка' : 'Единая ставка',
    paymentType: a.paymentType,
    createTime: moscowWithOffset(a.createdMs),
    changeTime: moscowWithOffset(a.updatedMs),
    startTime: a.startedMs === null ? null : moscowWithOffset(a.startedMs),
    budget: rub(50_000_00 + (a.id % 17) * 1_000_00),
    dailyBudget: rub(5_000_00),
    nmCount: a.nms.length,
    nms: a.nms.map((n) => n.card.nmID),
    products: a.nms.map((n) => ({
      nm: n.card.nmID,
      name: n.card.title,
      vendorCode: n.card.vendorCode,
      photo: cardPhotos(n.card, o).tm,
      active: a.status !== -1,
    })),
    stat7d: ratios(advertTotals(seed, a, today - 6, today, nowMs)),
  };
}

/** A campaign's settings page: subject groups of articles and the bids per article. */
export function advertDetails(
  seed: number,
  a: Advert,
  nowMs: number,
  o: RequestOrigins,
): Record<string, unknown> {
  const bySubject = new Map<
    number,
    { subjectId: number; subjectName: string; nms: Array<{ nm: number; active: boolean }> }
  >();
  for (const n of a.nms) {
    const s = bySubject.get(n.card.subject.subjectID) ?? {
      subjectId: n.card.subject.subjectID,
      subjectName: n.card.subject.subjectName,
      nms: [],
    };
    s.nms.push({ nm: n.card.nmID, active: a.status !== -1 });
    bySubject.set(s.subjectId, s);
  }
  return {
    ...advertListItem(seed, a, nowMs, o),
    placements: a.placements,
    params: [...bySubject.values()],
    nmCPM: a.nms.map((n) => ({
      nm: n.card.nmID,
      cpm: n.search / 100,
      recommendationsCpm: n.recommendations / 100,
    })),
  };
}

/** advert fullstat for campaigns over a period: totals ← days ← apps ← articles. */
export function fullstat(
  seed: number,
  d: AccountData,
  ids: readonly number[],
  fromDay: number,
  toDay: number,
  nowMs: number,
): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const id of ids) {
    const a = d.adverts.find((x) => x.id === id);
    if (!a) continue;
    const total = zero();
    const days = runningDays(a, fromDay, toDay, nowMs).map((day) => {
      const dayTotal = zero();
      const nm = a.nms.map((n) => {
        const s = statOf(seed, a, day, n);
        addStat(dayTotal, s);
        return { nmId: n.card.nmID, name: n.card.title, ...ratios(s) };
      });
      addStat(total, dayTotal);
      return {
        date: `${dayNoToDate(day)}T00:00:00+03:00`,
        ...ratios(dayTotal),
        apps: [{ appType: 1, ...ratios(dayTotal), nm }],
      };
    });
    out.push({
      advertId: a.id,
      ...ratios(total),
      dates: [dayNoToDate(fromDay), dayNoToDate(toDay)],
      days,
    });
  }
  return out;
}
