import type { AccountData } from '../../data/world.ts';
import { dayNoToDate, dayStartMs, moscowDayNo, moscowWithOffset } from '../../util/moscow.ts';
import { stocksByCard } from './stocks.ts';

/**
 * The bell's notifications, derived from the account's own events: new reviews (naming the article by
 * `nmId`), formed weekly reports, low stocks. Newest first; older than three days count as read.
 */
export interface Notification {
  id: string;
  type: 'feedback' | 'report' | 'stock';
  title: string;
  text: string;
  createdMs: number;
  nmId?: number;
}

export function notificationsOf(seed: number, d: AccountData, nowMs: number): Notification[] {
  const out: Notification[] = [];
  const since = nowMs - 10 * 86_400_000;
  for (const f of d.feedbacks.feedbacks(nowMs)) {
    if (f.createdMs < since) break;
    out.push({
      id: `fb-${f.id}`,
      type: 'feedback',
      title: `Новый отзыв ${'★'.repeat(f.valuation)}`,
      text: `Покупатель оставил отзыв на товар «${f.card.title}», артикул ${f.card.nmID}.`,
      createdMs: f.createdMs,
      nmId: f.card.nmID,
    });
  }
  for (const r of d.finance
    .reportsOverlapping('weekly', d.finance.firstDay, moscowDayNo(nowMs), nowMs)
    .slice(-4)) {
    out.push({
      id: `rep-${r.reportId}`,
      type: 'report',
      title: 'Сформирован отчёт о реализации',
      text: `Еженедельный отчёт №${r.reportId} за ${dayNoToDate(r.firstDay)} — ${dayNoToDate(r.lastDay)} готов.`,
      createdMs: dayStartMs(r.createDay) + 6 * 3_600_000,
    });
  }
  const snapshotMs = Math.floor(nowMs / 86_400_000) * 86_400_000;
  for (const s of stocksByCard(seed, d, nowMs)) {
    if (s.quantity >= 30) continue;
    out.push({
      id: `stk-${s.card.nmID}-${moscowDayNo(nowMs)}`,
      type: 'stock',
      title: 'Товар заканчивается',
      text: `На складах осталось ${s.quantity} шт. товара «${s.card.title}», артикул ${s.card.nmID}.`,
      createdMs: Math.min(nowMs, snapshotMs + 5 * 3_600_000),
      nmId: s.card.nmID,
    });
  }
  return out.sort((x, y) => y.createdMs - x.createdMs || (x.id < y.id ? -1 : 1));
}

export function notificationView(
  n: Notification,
  nowMs: number,
  read: ReadonlySet<string>,
): Record<string, unknown> {
  return {
    id: n.id,
    type: n.type,
    title: n.title,
    text: n.text,
    createdAt: moscowWithOffset(n.createdMs),
    read: read.has(n.id) || n.createdMs < nowMs - 3 * 86_400_000,
    ...(n.nmId === undefined ? {} : { nmId: n.nmId }),
  };
}
