import { shapeError } from '../errors.ts';
import { isRecord } from '../json-codec.ts';
import { toNmId } from '../nm-keys.ts';
import { StatusAnswer, type JsonFilterInput } from '../types.ts';
import type { VisibleSet } from '../../visibility/visible-set.ts';
import { rows } from './common.ts';

/**
 * cmp.wildberries.ru, the advertising cabinet. A campaign is visible only when it has articles and ALL of them
 * are assigned to the manager in the current month: a campaign shared with another manager's article would
 * show its spend and statistics, which are not split per article everywhere (budget, stat7d). Documented in
 * proxy/README.md, "Campaigns".
 */

const TAB_STATUSES: Record<string, readonly number[] | null> = {
  all: null,
  active: [9],
  paused: [11],
  finished: [7],
  ready: [4],
  archived: [-1, 8],
};

export function campaignVisible(campaign: Record<string, unknown>, visible: VisibleSet): boolean {
  const ids: unknown[] = [];
  if (Array.isArray(campaign.nms)) {
    for (const n of campaign.nms) ids.push(isRecord(n) ? (n.nm ?? n.nmId) : n);
  }
  if (Array.isArray(campaign.products)) for (const p of campaign.products) if (isRecord(p)) ids.push(p.nm);
  if (Array.isArray(campaign.nmCPM)) for (const p of campaign.nmCPM) if (isRecord(p)) ids.push(p.nm);
  if (Array.isArray(campaign.params))
    for (const g of campaign.params)
      if (isRecord(g) && Array.isArray(g.nms)) for (const n of g.nms) ids.push(isRecord(n) ? n.nm : n);
  if (ids.length === 0) return false;
  return ids.every((x) => {
    const nm = toNmId(x);
    return nm !== null && visible.has(nm);
  });
}

export function advertsListFilter({ body, visible, stats, ctx }: JsonFilterInput): unknown {
  if (!isRecord(body)) throw shapeError('adverts', 'the answer is not an object');
  const all = rows(body, 'content', 'adverts').filter((a) => {
    const ok = campaignVisible(a, visible);
    if (ok) stats.kept++;
    else stats.removed++;
    return ok;
  });
  const inTab = (a: Record<string, unknown>, tab: string) => {
    const statuses = TAB_STATUSES[tab];
    return statuses === null || (statuses !== undefined && statuses.includes(Number(a.status)));
  };
  const tab = ctx.search.get('status') ?? 'all';
  const list = all.filter((a) => inTab(a, tab));
  const page = Math.max(1, Number(ctx.search.get('page') ?? '1') || 1);
  const pageSize = Math.max(1, Number(ctx.search.get('pageSize') ?? '10') || 10);
  return {
    ...body,
    content: list.slice((page - 1) * pageSize, page * pageSize),
    total: list.length,
    pageCount: Math.max(1, Math.ceil(list.length / pageSize)),
    counts: Object.fromEntries(
      Object.keys(TAB_STATUSES).map((t) => [t, all.filter((a) => inTab(a, t)).length]),
    ),
  };
}

export function advertFilter({ body, visible, stats }: JsonFilterInput): unknown {
  if (!isRecord(body)) throw shapeError('advert', 'the answer is not an object');
  if (!campaignVisible(body, visible)) {
    stats.removed++;
    return new StatusAnswer(404, { error: 'campaign not found' });
  }
  stats.kept++;
  return body;
}

/** Statistics: a campaign stays only when every article of every day was the manager's in that day's month. */
export function fullstatFilter({ body, visible, stats }: JsonFilterInput): unknown {
  if (!Array.isArray(body)) throw shapeError('fullstat', 'the answer is not an array');
  return body.filter((c) => {
    if (!isRecord(c) || !Array.isArray(c.days)) throw shapeError('fullstat', 'days is not an array');
    let seen = 0;
    const ok = c.days.every(
      (d) =>
        isRecord(d) &&
        typeof d.date === 'string' &&
        Array.isArray(d.apps) &&
        d.apps.every(
          (app) =>
            isRecord(app) &&
            Array.isArray(app.nm) &&
            app.nm.every((n) => {
              const nm = isRecord(n) ? toNmId(n.nmId) : null;
              seen++;
              return nm !== null && visible.visibleAt(nm, d.date as string);
            }),
        ),
    );
    const keep = ok && (seen > 0 || c.days.length === 0);
    if (keep) stats.kept++;
    else stats.removed++;
    return keep;
  });
}
