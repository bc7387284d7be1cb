import type { Card } from '../../data/catalog.ts';
import { photoUrl } from '../../data/reference.ts';
import { wbMoneyNumber } from '../../util/money.ts';
import type { RequestOrigins } from '../http/origins.ts';

/** WB's `https://host/…` as this request sees it (scheme and port of the request). */
export function localize(url: string, o: RequestOrigins): string {
  return url.replace(/^https:\/\/([^/]+)/, (_, host: string) => `${o.scheme}://${host}${o.port}`);
}

/** Kopecks → the portal's JSON number of rubles. */
export const rub = wbMoneyNumber;

/** The thumbnails the portal shows next to an article (`srcset` uses both). */
export function cardPhotos(card: Card, o: RequestOrigins): { tm: string; small: string; big: string } {
  return {
    tm: localize(photoUrl(card.nmID, 'tm', 1), o),
    small: localize(photoUrl(card.nmID, 'c246x328', 1), o),
    big: localize(photoUrl(card.nmID, 'c516x688', 1), o),
  };
}

/** Case-insensitive search over an article's texts and numbers. */
export function matchesCard(card: Card, search: string | undefined): boolean {
  if (!search) return true;
  const q = search.trim().toLowerCase();
  if (!q) return true;
  return (
    String(card.nmID) === q ||
    card.vendorCode.toLowerCase().includes(q) ||
    card.title.toLowerCase().includes(q) ||
    card.brand.toLowerCase().includes(q) ||
    card.sizes.some((s) => s.skus.includes(q))
  );
}
