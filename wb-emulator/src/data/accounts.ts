import { generateCatalog, type Card } from './catalog.ts';
import { ACQUIRING_BANKS, BRAND_PARTS, LEGAL_FORMS, WAREHOUSES, type Warehouse } from './reference.ts';
import { Rng, WeightedPicker, hashInts } from '../util/random.ts';

/**
 * A legal entity selling on WB (a "seller account"): identity as WB knows it, its cards, the warehouses
 * it ships from and how busy it is. Everything time-dependent (orders, reports…) is generated from this.
 */
export interface SellerAccount {
  readonly index: number;
  /** The emulator's account id (1-based), used by the control API: `/__emulator/truth?account=1`. */
  readonly id: number;
  /** WB's numeric seller id (the key's `oid`). */
  readonly oid: number;
  /** WB's seller uuid (the key's `sid`, seller-info's `sid`). */
  readonly sid: string;
  /** The portal's supplier id (`x-supplier-id` cookie). */
  readonly supplierId: string;
  readonly legalForm: (typeof LEGAL_FORMS)[number];
  readonly name: string;
  readonly tradeMark: string;
  /** ИНН: 10 digits for organisations, 12 for sole traders; valid check digits. */
  readonly tin: string;
  readonly brands: readonly string[];
  readonly warehouses: readonly Warehouse[];
  readonly cards: readonly Card[];
  readonly cardByNm: ReadonlyMap<number, Card>;
  readonly popularity: WeightedPicker;
  /** Mean orders per day. */
  readonly ordersPerDay: number;
  readonly acquiringBank: string;
  /** Acquiring fee, % of the buyer's payment. */
  readonly acquiringPercent: number;
}

const TAG_ACCOUNT = 7;

function innCheck(digits: string, weights: number[]): string {
  let sum = 0;
  weights.forEach((w, i) => (sum += w * Number(digits[i])));
  return String((sum % 11) % 10);
}

function makeInn(rng: Rng, personal: boolean): string {
  const region = String(rng.int(1, 99)).padStart(2, '0');
  if (!personal) {
    const nine = region + rng.digits(7);
    return nine + innCheck(nine, [2, 4, 10, 3, 5, 9, 4, 6, 8]);
  }
  const ten = region + rng.digits(8);
  const eleven = ten + innCheck(ten, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  return eleven + innCheck(eleven, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
}

const SURNAMES = ['Кружинин В. Р.', 'Соколова А. Д.', 'Петров И. С.', 'Лебедева М. К.', 'Орлов Д. А.'];

export interface AccountInput {
  seed: number;
  index: number;
  cards: number;
  volume: number;
  historyStartMs: number;
}

/** Builds one seller account with its catalogue. */
export function generateAccount(input: AccountInput): SellerAccount {
  const { seed, index } = input;
  const rng = new Rng(hashInts(seed, TAG_ACCOUNT, index));
  const legalForm = LEGAL_FORMS[index % LEGAL_FORMS.length] as (typeof LEGAL_FORMS)[number];
  const first = BRAND_PARTS.first[(hashInts(seed, index) + index) % BRAND_PARTS.first.length] as string;
  const second = rng.pick(BRAND_PARTS.second);
  const tradeMark = `${first}${second.toLowerCase()}`;
  const name =
    legalForm === 'ИП' ? `ИП ${SURNAMES[rng.int(0, SURNAMES.length - 1)]}` : `${legalForm} «${tradeMark}»`;
  const brands = [
    tradeMark,
    `${first} ${rng.pick(BRAND_PARTS.second)}`,
    rng.pick(BRAND_PARTS.first) + ' Home',
  ];
  // Each account ships from 4–8 warehouses; Коледино almost always among them.
  const whCount = rng.int(4, 8);
  const shuffled = [...WAREHOUSES].sort((x, y) => hashInts(seed, index, x.id) - hashInts(seed, index, y.id));
  const warehouses = shuffled.slice(0, whCount);
  if (!warehouses.some((w) => w.id === 507) && rng.chance(0.8)) warehouses[0] = WAREHOUSES[0] as Warehouse;
  const cards = generateCatalog({
    seed,
    accountIndex: index,
    count: input.cards,
    brands,
    vendorPrefix: tradeMark.slice(0, 3).toUpperCase(),
    warehouses,
    historyStartMs: input.historyStartMs,
  });
  const bank = rng.pick(ACQUIRING_BANKS);
  return {
    index,
    id: index + 1,
    oid: 4_000_000 + index * 100_003 + (hashInts(seed, index, 3) % 100_000),
    sid: rng.uuid(),
    supplierId: rng.uuid(),
    legalForm,
    name,
    tradeMark,
    tin: makeInn(rng, legalForm === 'ИП'),
    brands,
    warehouses,
    cards,
    cardByNm: new Map(cards.map((c) => [c.nmID, c])),
    popularity: new WeightedPicker(cards.map((c) => c.popularity)),
    ordersPerDay: input.cards * 1.2 * input.volume * rng.float(0.8, 1.25),
    acquiringBank: bank,
    acquiringPercent: Math.round(rng.float(1.5, 2.7) * 100) / 100,
  };
}
