import { sumInt } from '../money.ts';
import { rowNmId, toNmId } from '../nm-keys.ts';
import { filterLiveMessage } from '../live-messages.ts';
import type { JsonFilterInput } from '../types.ts';
import { shapeError } from '../errors.ts';
import { nsData, pageOf, rows, withData } from './common.ts';

/**
 * Current-state sections (stocks, prices, the dashboard, notifications, reviews and questions): rows filtered
 * by the assignment of the current month, or of the row's month where the row is dated.
 */

function keepRows(
  list: Record<string, unknown>[],
  stats: JsonFilterInput['stats'],
  test: (row: Record<string, unknown>, nm: number) => boolean,
): Record<string, unknown>[] {
  return list.filter((r) => {
    const nm = rowNmId(r);
    const ok = typeof nm === 'number' && test(r, nm);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
}

export function stocksFilter({ body, visible, stats, page }: JsonFilterInput): unknown {
  const data = nsData(body, 'stocks report');
  const kept = keepRows(rows(data, 'items', 'stocks report'), stats, (_r, nm) => visible.has(nm));
  const subjects = new Map<unknown, unknown>();
  for (const r of kept) if (r.subjectID !== undefined) subjects.set(r.subjectID, r.subjectName);
  return withData(body, {
    ...data,
    items: pageOf(kept, page),
    total: kept.length,
    totals: {
      cards: kept.length,
      quantity: sumInt(kept, (r) => r.quantity),
      inWayToClient: sumInt(kept, (r) => r.inWayToClient),
      inWayFromClient: sumInt(kept, (r) => r.inWayFromClient),
    },
    subjects: [...subjects].map(([id, name]) => ({ id, name })),
  });
}

export function pricesFilter({ body, visible, stats, page }: JsonFilterInput): unknown {
  const data = nsData(body, 'prices');
  const kept = keepRows(rows(data, 'listGoods', 'prices'), stats, (_r, nm) => visible.has(nm));
  return withData(body, { ...data, listGoods: pageOf(kept, page), countGoods: kept.length });
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

/** Reviews: dated by `createdDate`; the counters of the other answered-state cannot be known: null. */
export function feedbacksFilter({ body, visible, stats, page, ctx }: JsonFilterInput): unknown {
  const data = nsData(body, 'feedbacks');
  const kept = keepRows(rows(data, 'feedbacks', 'feedbacks'), stats, (r, nm) =>
    typeof r.createdDate === 'string' ? visible.visibleAt(nm, r.createdDate) : false,
  );
  const answered = ctx.search.get('isAnswered') === 'true';
  const offset = page?.offset ?? 0;
  const limit = page?.limit ?? kept.length;
  return withData(body, {
    ...data,
    feedbacks: pageOf(kept, page),
    total: kept.length,
    countUnanswered: answered ? null : kept.length,
    countArchive: answered ? kept.length : null,
    pages: {
      next: offset + limit < kept.length ? encodeCursor(offset + limit) : null,
      last: offset + limit >= kept.length,
    },
  });
}

export function questionsFilter({ body, visible, stats, page, ctx }: JsonFilterInput): unknown {
  const data = nsData(body, 'questions');
  const kept = keepRows(rows(data, 'questions', 'questions'), stats, (r, nm) =>
    typeof r.createdDate === 'string' ? visible.visibleAt(nm, r.createdDate) : false,
  );
  const answered = ctx.search.get('isAnswered') === 'true';
  return withData(body, {
    ...data,
    questions: pageOf(kept, page),
    total: kept.length,
    countUnanswered: answered ? null : kept.length,
    countArchive: answered ? kept.length : null,
  });
}

/** Review counters over every article: nothing here can be recomputed from the answer, so nothing is shown. */
export function feedbackCountsFilter({ body }: JsonFilterInput): unknown {
  const data = nsData(body, 'feedback counts');
  return withData(body, {
    ...data,
    countUnanswered: null,
    countArchive: null,
    valuations: {},
    averageValuation: null,
  });
}

export function notificationsFilter({ body, visible, stats, page }: JsonFilterInput): unknown {
  const data = nsData(body, 'notifications');
  const list = rows(data, 'notifications', 'notifications');
  const kept = list.filter((n) => {
    if (n.nmId === undefined || n.nmId === null) return true;
    const nm = toNmId(n.nmId);
    const ok = nm !== null && visible.has(nm);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  return withData(body, {
    ...data,
    notifications: pageOf(kept, page),
    total: kept.length,
    unread: kept.filter((n) => n.read === false).length,
  });
}

/**
 * Marking notifications read answers the cabinet-wide counters (`unreadNotifications`, `unansweredFeedbacks`,
 * `unansweredQuestions`): removed, as on the live channels (`live-messages.ts`); only allow-listed keys stay.
 */
export function notificationsReadFilter({ body, visible }: JsonFilterInput): unknown {
  const data = nsData(body, 'notifications-read');
  const verdict = filterLiveMessage('counters', { ...data, type: 'counters' }, visible);
  if (verdict.action === 'drop') throw shapeError('notifications-read', 'the counters cannot be filtered');
  const out = { ...verdict.message };
  delete out.type;
  return withData(body, out);
}

/**
 * The dashboard: top articles filtered; the day figures (orders, their sum, cancellations) are the manager's,
 * computed from the synced orders of the articles visible on that day (`finance.orderDays`); the unanswered
 * review/question counters cover every article and reviews are not synced: not shown (null).
 */
export async function dashboardFilter({ body, visible, stats, finance }: JsonFilterInput): Promise<unknown> {
  const data = nsData(body, 'dashboard');
  const top = keepRows(rows(data, 'topProducts', 'dashboard'), stats, (_r, nm) => visible.has(nm));
  const dateOf = (d: unknown) => {
    const v = typeof d === 'object' && d !== null ? (d as Record<string, unknown>).date : undefined;
    return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null;
  };
  const days = [dateOf(data.today), dateOf(data.yesterday)].filter((d): d is string => d !== null);
  const figures = finance && days.length ? await finance.orderDays(visible, days) : undefined;
  const day = (d: unknown) => {
    if (typeof d !== 'object' || d === null) return null;
    const date = dateOf(d);
    const f = date ? figures?.get(date) : undefined;
    return {
      date: (d as Record<string, unknown>).date ?? null,
      ordersCount: f ? f.ordersCount : null,
      ordersSum: f ? f.ordersSum : null,
      cancelCount: f ? f.cancelCount : null,
    };
  };
  return withData(body, {
    ...data,
    today: day(data.today),
    yesterday: day(data.yesterday),
    topProducts: top,
    unansweredFeedbacks: null,
    unansweredQuestions: null,
    cards: visible.nmIds.size,
  });
}
