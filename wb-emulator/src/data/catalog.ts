import { COLORS, SUBJECTS, photoUrl, type Subject, type Warehouse } from './reference.ts';
import { DAY_MS } from '../util/moscow.ts';
import { Rng, hashInts } from '../util/random.ts';

/** One size of a card: the `chrtID` WB's stock methods use and its barcodes (`skus`). */
export interface CardSize {
  readonly chrtID: number;
  readonly techSize: string;
  readonly wbSize: string;
  readonly skus: readonly string[];
}

/** A product card (one nmID) as the generators and every API see it. */
export interface Card {
  /** Position within the account (0-based). */
  readonly index: number;
  readonly nmID: number;
  readonly imtID: number;
  readonly nmUUID: string;
  readonly subject: Subject;
  readonly vendorCode: string;
  readonly brand: string;
  readonly title: string;
  readonly description: string;
  readonly color: string;
  readonly photoCount: number;
  readonly sizes: readonly CardSize[];
  readonly createdAtMs: number;
  /** The card is edited every `editPeriodMs` after creation; `updatedAt` is the last edit before now. */
  readonly editPeriodMs: number;
  /** Price before discounts, whole rubles. */
  readonly priceRub: number;
  /** Seller's discount, %. */
  readonly discount: number;
  /** WB Club discount, %. */
  readonly clubDiscount: number;
  readonly needKiz: boolean;
  readonly dimensions: { length: number; width: number; height: number; weightBrutto: number };
  /** Warehouses that hold this card (a subset of the account's). */
  readonly warehouses: readonly Warehouse[];
  /** Relative sales popularity. */
  readonly popularity: number;
}

const TAG_CARD = 11;

/** EAN-13 check digit. */
function ean13(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(twelve[i]) * (i % 2 === 0 ? 1 : 3);
  return twelve + String((10 - (sum % 10)) % 10);
}

export interface CatalogInput {
  seed: number;
  accountIndex: number;
  count: number;
  brands: readonly string[];
  vendorPrefix: string;
  warehouses: readonly Warehouse[];
  /** Cards exist before this instant (history start). */
  historyStartMs: number;
}

/**
 * The account's cards. nmIDs are unique across accounts (each account owns a disjoint range), chrtIDs and
 * barcodes likewise; everything else is drawn per card from (seed, account, card index).
 */
export function generateCatalog(input: CatalogInput): Card[] {
  const { seed, accountIndex: a } = input;
  const cards: Card[] = [];
  let imtGroup = 0;
  let imtSubject: Subject | undefined;
  for (let i = 0; i < input.count; i++) {
    const rng = new Rng(hashInts(seed, TAG_CARD, a, i));
    const nmID = 200_000_000 + a * 5_000_000 + i * 37 + (hashInts(seed, a, i) % 37);
    // Cards of one subject next to each other are often merged (same imtID), as colour variants are.
    let subject = rng.pick(SUBJECTS);
    const joinGroup = imtSubject !== undefined && rng.chance(0.3);
    if (joinGroup && imtSubject) subject = imtSubject;
    else imtGroup++;
    imtSubject = subject;
    const imtID = 150_000_000 + a * 5_000_000 + imtGroup * 11 + (hashInts(seed, a, imtGroup, 1) % 11);
    const color = rng.pick(COLORS);
    const brand = rng.pick(input.brands);
    const title = `${rng.pick(subject.titles)}, ${color}`;
    const sizeCount = subject.sizes.techSizes.length === 1 ? 1 : rng.int(3, subject.sizes.techSizes.length);
    const firstSize = rng.int(0, subject.sizes.techSizes.length - sizeCount);
    const sizes: CardSize[] = [];
    for (let s = 0; s < sizeCount; s++) {
      const k = firstSize + s;
      const barcode = ean13(
        `20${String(a).padStart(2, '0')}${String(i).padStart(5, '0')}${s}${rng.int(10, 99)}`,
      );
      sizes.push({
        chrtID: 400_000_000 + a * 5_000_000 + i * 10 + s,
        techSize: subject.sizes.techSizes[k] as string,
        wbSize: subject.sizes.wbSizes[k] as string,
        skus: [barcode],
      });
    }
    const [minPrice, maxPrice] = subject.price;
    const priceRub = Math.round(rng.int(minPrice, maxPrice) / 10) * 10;
    const whCount = Math.max(1, Math.min(input.warehouses.length, rng.int(2, 5)));
    const start = rng.int(0, input.warehouses.length - 1);
    const warehouses = Array.from(
      { length: whCount },
      (_, k) => input.warehouses[(start + k) % input.warehouses.length] as Warehouse,
    );
    cards.push({
      index: i,
      nmID,
      imtID,
      nmUUID: rng.uuid(),
      subject,
      vendorCode: `${input.vendorPrefix}-${subject.subjectID}-${String(1000 + i)}`,
      brand,
      title,
      description: `${title}. ${subject.subjectName} от бренда ${brand}.`,
      color,
      photoCount: rng.int(1, 6),
      sizes,
      createdAtMs: input.historyStartMs - rng.int(30, 700) * DAY_MS - rng.int(0, DAY_MS - 1),
      editPeriodMs: rng.int(5, 60) * DAY_MS + rng.int(0, DAY_MS - 1),
      priceRub,
      discount: rng.int(0, 12) * 5,
      clubDiscount: rng.int(0, 10),
      needKiz: subject.category === 'Одежда' && rng.chance(0.5),
      dimensions: {
        length: rng.int(10, 60),
        width: rng.int(5, 40),
        height: rng.int(2, 30),
        weightBrutto: Math.round(subject.weightKg * rng.float(0.8, 1.2) * 1000) / 1000,
      },
      warehouses,
      // Zipf-like: a few cards sell most.
      popularity: 1 / Math.pow(1 + rng.int(0, input.count - 1), 0.8),
    });
  }
  return cards;
}

/** When the card was last edited as of `nowMs` (WB's `updatedAt`), never before creation. */
export function cardUpdatedAt(card: Card, nowMs: number): number {
  if (nowMs <= card.createdAtMs) return card.createdAtMs;
  const edits = Math.floor((nowMs - card.createdAtMs) / card.editPeriodMs);
  return card.createdAtMs + edits * card.editPeriodMs;
}

/** The card's photo URLs in the content API's shape. */
export function cardPhotos(
  card: Card,
): Array<Record<'big' | 'c246x328' | 'c516x688' | 'square' | 'tm', string>> {
  return Array.from({ length: card.photoCount }, (_, k) => ({
    big: photoUrl(card.nmID, 'big', k + 1),
    c246x328: photoUrl(card.nmID, 'c246x328', k + 1),
    c516x688: photoUrl(card.nmID, 'c516x688', k + 1),
    square: photoUrl(card.nmID, 'square', k + 1),
    tm: photoUrl(card.nmID, 'tm', k + 1),
  }));
}
