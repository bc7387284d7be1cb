import { moscowMonthStart } from '@joycity/shared/time';

/**
 * What one manager may see in their current account: the nmIds assigned to them per Moscow month.
 *
 * Rules (proxy/README.md, "The visible set"):
 * - current data (cards, stocks, prices, campaigns, supplies) is filtered by the assignment of the current
 *   Moscow month (`has`);
 * - a dated row (an order, a review, a report line, a day of statistics) is visible when its nmId was assigned
 *   to the manager in the Moscow month of the row's date (`visibleAt`);
 * - a figure aggregated over a period is visible when the nmId is assigned in every month the period touches
 *   (`visibleThroughout`), so no month that belonged to someone else leaks into a sum.
 *
 * `isHiddenArticle` tells a search term naming another manager's article (an nmId or a vendor code of the
 * account's synced cards) from anything else, so such a search is refused before it reaches WB.
 */
export interface VisibleSet {
  readonly userId: string;
  readonly accountId: number;
  /** The current Moscow month, `'YYYY-MM-01'`. */
  readonly month: string;
  /** The nmIds of the current month. */
  readonly nmIds: ReadonlySet<number>;
  has(nmId: number): boolean;
  visibleAt(nmId: number, date: Date | string): boolean;
  visibleThroughout(nmId: number, from: Date | string, to: Date | string): boolean;
  isHiddenArticle(term: string): boolean;
}

export interface VisibleSetInit {
  userId: string;
  accountId: number;
  /** The instant the set is computed for (its current month). */
  at: Date;
  /** The manager's assignments in this account, `'YYYY-MM-01'` → nmIds. */
  months: ReadonlyMap<string, ReadonlySet<number>>;
  /** The account's synced cards (nmId → vendor code), to recognise other managers' articles in searches. */
  cards?: ReadonlyMap<number, string | null>;
}

const EMPTY: ReadonlySet<number> = new Set();
const DATE_ONLY = /^(\d{4})-(\d{2})-\d{2}(?:$|[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$)/;

/**
 * The Moscow month of a row date: WB's offset-less date-times are Moscow time already; dates with an offset or
 * `Z` are instants. Returns null for anything that is not a date (the caller then hides the row).
 */
export function monthOfRowDate(date: Date | string): string | null {
  if (date instanceof Date) return Number.isNaN(date.getTime()) ? null : moscowMonthStart(date);
  const plain = DATE_ONLY.exec(date);
  if (plain) return `${plain[1]}-${plain[2]}-01`;
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? null : moscowMonthStart(new Date(ms));
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while ((y < ty || (y === ty && m <= tm)) && out.length < 240) {
    out.push(`${y}-${String(m).padStart(2, '0')}-01`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Builds a {@link VisibleSet} from loaded assignments (pure: the provider does the loading and caching). */
export function createVisibleSet(init: VisibleSetInit): VisibleSet {
  const month = moscowMonthStart(init.at);
  const current = init.months.get(month) ?? EMPTY;
  const vendorToNm = new Map<string, number>();
  for (const [nm, code] of init.cards ?? []) if (code) vendorToNm.set(code.trim().toLowerCase(), nm);
  const inMonth = (nmId: number, m: string | null) => m !== null && (init.months.get(m)?.has(nmId) ?? false);
  return {
    userId: init.userId,
    accountId: init.accountId,
    month,
    nmIds: current,
    has: (nmId) => current.has(nmId),
    visibleAt: (nmId, date) => inMonth(nmId, monthOfRowDate(date)),
    visibleThroughout(nmId, from, to) {
      const a = monthOfRowDate(from);
      const b = monthOfRowDate(to);
      if (a === null || b === null) return false;
      const list = a <= b ? monthsBetween(a, b) : monthsBetween(b, a);
      return list.length > 0 && list.every((m) => inMonth(nmId, m));
    },
    isHiddenArticle(term) {
      const t = term.trim().toLowerCase();
      if (!t) return false;
      if (/^\d{1,15}$/.test(t)) {
        const nm = Number(t);
        return !current.has(nm) && (init.cards ? init.cards.has(nm) : t.length >= 6);
      }
      const nm = vendorToNm.get(t);
      return nm !== undefined && !current.has(nm);
    },
  };
}
