import { generateAccount, type SellerAccount } from './accounts.ts';
import { generateAdverts, type Advert } from './adverts.ts';
import { FeedbackBook } from './feedbacks.ts';
import { FinanceBook } from './finance.ts';
import { worldOptionsSchema, type WorldOptions, type WorldOptionsInput } from './options.ts';
import { OrderBook } from './orders.ts';
import { dayStartMs, moscowDayNo } from '../util/moscow.ts';

/** The generated data of one account, each part lazy where it can be large. */
export interface AccountData {
  readonly account: SellerAccount;
  readonly orders: OrderBook;
  readonly finance: FinanceBook;
  readonly feedbacks: FeedbackBook;
  readonly adverts: readonly Advert[];
}

/**
 * Everything the emulator serves, generated from the options and the start instant. History covers
 * `days` Moscow days up to and including the start day, and keeps going day by day as the clock moves on
 * (rows after "now" are simply not visible yet).
 *
 * Building a world is cheap (cards and campaigns only); orders, sales and report rows are produced on
 * request from (seed, account, day, index).
 */
export class World {
  readonly options: WorldOptions;
  /** The instant the world was generated for (the clock's initial "now"). */
  readonly startMs: number;
  /** First Moscow day with orders. */
  readonly firstDay: number;
  readonly historyStartMs: number;
  readonly data: readonly AccountData[];

  constructor(options: WorldOptionsInput, startMs: number) {
    this.options = worldOptionsSchema.parse(options);
    this.startMs = startMs;
    this.firstDay = moscowDayNo(startMs) - this.options.days + 1;
    this.historyStartMs = dayStartMs(this.firstDay);
    const { seed } = this.options;
    this.data = Array.from({ length: this.options.accounts }, (_, index) => {
      const account = generateAccount({
        seed,
        index,
        cards: this.options.cards,
        volume: this.options.volume,
        historyStartMs: this.historyStartMs,
      });
      const orders = new OrderBook(seed, account, this.firstDay);
      return {
        account,
        orders,
        finance: new FinanceBook(seed, orders),
        feedbacks: new FeedbackBook(seed, account, this.firstDay),
        adverts: generateAdverts(seed, account, this.historyStartMs),
      };
    });
  }

  get seed(): number {
    return this.options.seed;
  }

  get accounts(): SellerAccount[] {
    return this.data.map((d) => d.account);
  }

  /** An account's data by the emulator's account id (1-based). */
  byId(id: number): AccountData | undefined {
    return this.data[id - 1];
  }

  /** An account's data by WB's seller id (`oid`). */
  byOid(oid: number): AccountData | undefined {
    return this.data.find((d) => d.account.oid === oid);
  }
}
