import type { SellerAccount } from './accounts.ts';
import type { Card, CardSize } from './catalog.ts';
import {
  BUYER_REGIONS,
  PICKUP_OFFICES,
  type BuyerRegion,
  type PickupOffice,
  type Warehouse,
} from './reference.ts';
import { percentOf } from '../util/money.ts';
import { dayStartMs, weekday, weekStartDayNo } from '../util/moscow.ts';
import { Rng, WeightedPicker, hashInts } from '../util/random.ts';
import { LruCache } from '../util/lru.ts';

/**
 * Orders are the root of all money. An order is identified by (account, order day, index) and everything
 * about it — when it was placed, which card, and its fate (cancelled, bought, refused at pick-up, returned
 * after purchase) — is drawn from that identity. Sales, returns, statistics rows and finance rows are all
 * views of orders, so they agree by construction.
 *
 * To answer "what happened on day X" without keeping every order in memory, each order day has compact
 * *fates* (event times as seconds from the order day's start, in typed arrays, cached LRU); only the orders
 * a response actually contains are materialised into full records.
 */

/** No event after an order spans more than this many days (return ≤ sale + 14 d ≤ order + 23 d). */
export const LAG_MAX_DAYS = 24;
/** Statistics keeps orders and sales this long. */
export const RETENTION_DAYS = 90;

const P_CANCEL = 0.07;
const P_REFUSE = 0.06;
/** The value of an absent event in `DayFates`. */
export const FATE_NONE = -1;
const NONE = FATE_NONE;
const TAG_ORDER = 21;
const TAG_COUNT = 22;

/** Busier in the evening, quiet at night (Moscow hours). */
const HOUR_PICKER = new WeightedPicker([
  2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 7, 7, 7, 7, 8, 9, 10, 10, 9, 7, 4,
]);
const WEEKDAY_FACTOR = [1.0, 0.95, 0.95, 1.0, 1.05, 1.15, 1.2];
const REGION_PICKER = new WeightedPicker(BUYER_REGIONS.map((r) => r.weight));

/** Event times of one order day's orders, seconds from the day's start (NONE when absent). */
export interface DayFates {
  readonly dayNo: number;
  readonly count: number;
  readonly card: Int32Array;
  readonly t0: Int32Array;
  readonly orderLcd: Int32Array;
  readonly cancelAt: Int32Array;
  readonly cancelLcd: Int32Array;
  readonly saleAt: Int32Array;
  readonly saleLcd: Int32Array;
  readonly returnAt: Int32Array;
  readonly returnLcd: Int32Array;
  readonly refuseAt: Int32Array;
}

/** Everything about one order, as every view needs it. Times are epoch milliseconds. */
export interface OrderRecord {
  readonly accountIndex: number;
  readonly dayNo: number;
  readonly index: number;
  readonly card: Card;
  readonly size: CardSize;
  readonly barcode: string;
  /** The WB warehouse the order ships from (undefined for FBS orders from the seller's own stock). */
  readonly warehouse: Warehouse | undefined;
  readonly warehouseName: string;
  readonly warehouseType: 'Склад WB' | 'Склад продавца';
  readonly region: BuyerRegion;
  readonly office: PickupOffice;
  readonly orderedAt: number;
  readonly orderLcd: number;
  readonly cancelAt: number | null;
  readonly cancelLcd: number | null;
  readonly saleAt: number | null;
  readonly saleLcd: number | null;
  readonly returnAt: number | null;
  readonly returnLcd: number | null;
  readonly refuseAt: number | null;
  /** Money in kopecks. */
  readonly totalPrice: number;
  readonly discountPercent: number;
  readonly spp: number;
  /** Price after the seller's discount (retailPriceWithDisc, statistics priceWithDisc). */
  readonly priceWithDisc: number;
  /** What the buyer paid (retailAmount, statistics finishedPrice). */
  readonly finishedPrice: number;
  /** WB Wallet discount, whole rubles (statistics paymentSaleAmount). */
  readonly paymentSaleAmount: number;
  readonly commissionPercent: number;
  readonly kvwBase: number;
  readonly vw: number;
  readonly vwNds: number;
  readonly acquiringPercent: number;
  readonly acquiringFee: number;
  /** What WB owes the seller for the sale (finance forPay = statistics forPay). */
  readonly forPay: number;
  /** Delivery tariff for one trip (finance deliveryService), kopecks. */
  readonly delivery: number;
  readonly srid: string;
  readonly gNumber: string;
  readonly sticker: string;
  readonly incomeID: number;
  readonly saleIdSale: string;
  readonly saleIdReturn: string;
  readonly orderUid: string;
  readonly shkId: number;
  readonly assemblyId: number;
}

const toMs = (dayNo: number, sec: number) => (sec === NONE ? null : dayStartMs(dayNo) + sec * 1000);

/** The supply (`incomeID`) goods of a warehouse came in with: one per warehouse per week. */
export function incomeIdFor(accountIndex: number, warehouseId: number, weekStartDay: number): number {
  const week = Math.floor(weekStartDay / 7) % 10_000;
  return 20_000_000 + accountIndex * 1_000_000 + week * 97 + (warehouseId % 97);
}

/** Orders of one account, generated on demand. */
export class OrderBook {
  readonly account: SellerAccount;
  private readonly seed: number;
  private readonly firstDay: number;
  private readonly fatesCache = new LruCache<number, DayFates>(64);

  constructor(seed: number, account: SellerAccount, firstDay: number) {
    this.seed = seed;
    this.account = account;
    this.firstDay = firstDay;
  }

  /** How many orders were placed on a Moscow day (0 before the history starts). */
  countOn(dayNo: number): number {
    if (dayNo < this.firstDay) return 0;
    const rng = new Rng(hashInts(this.seed, TAG_COUNT, this.account.index, dayNo));
    const mean =
      this.account.ordersPerDay *
      (WEEKDAY_FACTOR[weekday(dayNo)] as number) *
      (1 + 0.15 * Math.sin(dayNo / 11)) *
      rng.float(0.85, 1.15);
    // Round stochastically so small volumes still give the right average.
    const whole = Math.floor(mean);
    return whole + (rng.next() < mean - whole ? 1 : 0);
  }

  /** The fates of a day's orders (cached). */
  fates(dayNo: number): DayFates {
    const cached = this.fatesCache.get(dayNo);
    if (cached) return cached;
    const count = this.countOn(dayNo);
    const f: DayFates = {
      dayNo,
      count,
      card: new Int32Array(count),
      t0: new Int32Array(count),
      orderLcd: new Int32Array(count),
      cancelAt: new Int32Array(count),
      cancelLcd: new Int32Array(count),
      saleAt: new Int32Array(count),
      saleLcd: new Int32Array(count),
      returnAt: new Int32Array(count),
      returnLcd: new Int32Array(count),
      refuseAt: new Int32Array(count),
    };
    for (let i = 0; i < count; i++)
      this.drawFate(new Rng(hashInts(this.seed, TAG_ORDER, this.account.index, dayNo, i)), f, i);
    this.fatesCache.set(dayNo, f);
    return f;
  }

  /**
   * The fixed prefix of draws every order makes (13 of them, always, whatever the fate), so that
   * materialising an order replays exactly the same stream.
   */
  private drawFate(rng: Rng, f: DayFates, i: number): void {
    const hour = HOUR_PICKER.pick(rng.next());
    const t0 = hour * 3600 + Math.floor(rng.next() * 3600);
    const cardIndex = this.account.popularity.pick(rng.next());
    const card = this.account.cards[cardIndex] as Card;
    const uFate = rng.next();
    const uCancel = rng.next();
    const uSale = rng.next();
    const uRefuse = rng.next();
    const uReturn = rng.next();
    const uReturnDelay = rng.next();
    const lagOrder = 60 + Math.floor(rng.next() * 2340);
    const lagCancel = 60 + Math.floor(rng.next() * 1740);
    const lagSale = 60 + Math.floor(rng.next() * 3540);
    const lagReturn = 60 + Math.floor(rng.next() * 3540);
    f.card[i] = cardIndex;
    f.t0[i] = t0;
    f.orderLcd[i] = t0 + lagOrder;
    f.cancelAt[i] = f.cancelLcd[i] = f.saleAt[i] = f.saleLcd[i] = NONE;
    f.returnAt[i] = f.returnLcd[i] = f.refuseAt[i] = NONE;
    if (uFate < P_CANCEL) {
      const at = t0 + 300 + Math.floor(uCancel * 36 * 3600);
      f.cancelAt[i] = at;
      f.cancelLcd[i] = at + lagCancel;
    } else if (uFate < P_CANCEL + P_REFUSE) {
      f.refuseAt[i] = t0 + 3 * 86_400 + Math.floor(uRefuse * 6 * 86_400);
    } else {
      const sale = t0 + 20 * 3600 + Math.floor(uSale * 7 * 86_400);
      f.saleAt[i] = sale;
      f.saleLcd[i] = sale + lagSale;
      if (uReturn < card.subject.returnRate) {
        const ret = sale + 86_400 + Math.floor(uReturnDelay * 13 * 86_400);
        f.returnAt[i] = ret;
        f.returnLcd[i] = ret + lagReturn;
      }
    }
  }

  /** The full record of one order. */
  materialize(dayNo: number, i: number): OrderRecord {
    const a = this.account;
    const f = this.fates(dayNo);
    const rng = new Rng(hashInts(this.seed, TAG_ORDER, a.index, dayNo, i));
    for (let k = 0; k < 13; k++) rng.next(); // the fate prefix, already in `f`
    const card = a.cards[f.card[i] as number] as Card;
    const size = card.sizes[rng.int(0, card.sizes.length - 1)] as CardSize;
    const fbs = rng.chance(0.05);
    const warehouse = fbs
      ? undefined
      : (card.warehouses[rng.int(0, card.warehouses.length - 1)] as Warehouse);
    const region = BUYER_REGIONS[REGION_PICKER.pick(rng.next())] as BuyerRegion;
    const office = rng.pick(PICKUP_OFFICES);
    const spp = rng.int(0, 30);
    const walletShare = rng.chance(0.2) ? rng.float(0.01, 0.03) : 0;
    const totalPrice = card.priceRub * 100;
    const priceWithDisc = percentOf(totalPrice, 100 - card.discount);
    const finishedPrice = percentOf(priceWithDisc, 100 - spp);
    const commissionPercent = card.subject.commissionPercent;
    const kvwBase = Math.round((commissionPercent / 1.2) * 100) / 100;
    const vw = percentOf(priceWithDisc, kvwBase);
    const vwNds = percentOf(vw, 20);
    const acquiringFee = percentOf(finishedPrice, a.acquiringPercent);
    const coefficient = warehouse?.coefficient ?? 100;
    const delivery = Math.round((38 + card.dimensions.weightBrutto * 9) * coefficient);
    const idPart = a.index * 2 ** 45 + (dayNo % 131_072) * 2 ** 28 + i;
    const tail = `${String(a.index).padStart(2, '0')}${String(dayNo % 100_000).padStart(5, '0')}${String(i).padStart(7, '0')}`;
    const ordered = dayStartMs(dayNo) + (f.t0[i] as number) * 1000;
    return {
      accountIndex: a.index,
      dayNo,
      index: i,
      card,
      size,
      barcode: size.skus[0] as string,
      warehouse,
      warehouseName: warehouse ? warehouse.name : 'Склад продавца Москва',
      warehouseType: warehouse ? 'Склад WB' : 'Склад продавца',
      region,
      office,
      orderedAt: ordered,
      orderLcd: dayStartMs(dayNo) + (f.orderLcd[i] as number) * 1000,
      cancelAt: toMs(dayNo, f.cancelAt[i] as number),
      cancelLcd: toMs(dayNo, f.cancelLcd[i] as number),
      saleAt: toMs(dayNo, f.saleAt[i] as number),
      saleLcd: toMs(dayNo, f.saleLcd[i] as number),
      returnAt: toMs(dayNo, f.returnAt[i] as number),
      returnLcd: toMs(dayNo, f.returnLcd[i] as number),
      refuseAt: toMs(dayNo, f.refuseAt[i] as number),
      totalPrice,
      discountPercent: card.discount,
      spp,
      priceWithDisc,
      finishedPrice,
      paymentSaleAmount: Math.round((finishedPrice / 100) * walletShare),
      commissionPercent,
      kvwBase,
      vw,
      vwNds,
      acquiringPercent: a.acquiringPercent,
      acquiringFee,
      forPay: priceWithDisc - vw - vwNds - acquiringFee,
      delivery,
      srid: rng.hex(27) + idPart.toString(16).padStart(13, '0'),
      gNumber: rng.digits(20),
      sticker: rng.digits(10),
      incomeID: incomeIdFor(a.index, warehouse?.id ?? 0, weekStartDayNo(dayNo - 7)),
      saleIdSale: `S${tail}`,
      saleIdReturn: `R${tail}`,
      orderUid: `id${rng.hex(31)}`,
      shkId: a.index * 1e13 + dayNo * 1e8 + i,
      assemblyId: 1e14 + a.index * 1e12 + dayNo * 1e7 + i,
    };
  }

  /** The first day orders exist. */
  get historyFirstDay(): number {
    return this.firstDay;
  }
}

/** Milliseconds → the order day's relative seconds test helpers and feeds use. */
export function fateMs(f: DayFates, arr: Int32Array, i: number): number | null {
  const v = arr[i] as number;
  return v === NONE ? null : dayStartMs(f.dayNo) + v * 1000;
}
