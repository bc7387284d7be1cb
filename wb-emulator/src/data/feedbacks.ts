import type { SellerAccount } from './accounts.ts';
import type { Card } from './catalog.ts';
import { FEEDBACK_TEXTS, QUESTION_TEXTS } from './reference.ts';
import { LruCache } from '../util/lru.ts';
import { DAY_MS, HOUR_MS, dayStartMs, floorSecond, moscowDayNo, moscowWithOffset } from '../util/moscow.ts';
import { Rng, hashInts } from '../util/random.ts';

/**
 * Reviews and questions. Each appears at its creation time and gets its seller answer later (or never), so
 * "unanswered" changes as the clock moves.
 */

const TAG_FEEDBACK = 51;
const TAG_QUESTION = 52;

export interface Feedback {
  readonly id: string;
  readonly card: Card;
  readonly techSize: string;
  readonly createdMs: number;
  readonly valuation: number;
  readonly text: string;
  readonly pros: string;
  readonly cons: string;
  readonly userName: string;
  readonly answerText: string;
  /** When the seller answers (null: never). */
  readonly answeredMs: number | null;
  readonly photos: number;
  readonly orderStatus: 'buyout' | 'rejected' | 'returned' | 'notSpecified';
  readonly wasViewed: boolean;
}

export interface Question {
  readonly id: string;
  readonly card: Card;
  readonly createdMs: number;
  readonly text: string;
  readonly answerText: string;
  readonly answeredMs: number | null;
  readonly wasViewed: boolean;
}

export class FeedbackBook {
  private readonly seed: number;
  private readonly account: SellerAccount;
  private readonly firstDay: number;
  private readonly feedbackDays = new LruCache<number, Feedback[]>(800);
  private readonly questionDays = new LruCache<number, Question[]>(800);

  constructor(seed: number, account: SellerAccount, firstDay: number) {
    this.seed = seed;
    this.account = account;
    this.firstDay = firstDay;
  }

  private feedbacksOfDay(day: number): Feedback[] {
    const cached = this.feedbackDays.get(day);
    if (cached) return cached;
    const a = this.account;
    const rng = new Rng(hashInts(this.seed, TAG_FEEDBACK, a.index, day));
    const mean = Math.max(0.2, a.ordersPerDay * 0.08);
    const count = Math.floor(mean) + (rng.next() < mean - Math.floor(mean) ? 1 : 0);
    const list: Feedback[] = [];
    for (let k = 0; k < count; k++) {
      const card = a.cards[a.popularity.pick(rng.next())] as Card;
      const valuation = rng.chance(0.6) ? 5 : rng.chance(0.5) ? 4 : rng.int(1, 3);
      const good = valuation >= 4;
      const createdMs = floorSecond(dayStartMs(day) + rng.int(0, DAY_MS - 1));
      const answers = rng.chance(0.75);
      list.push({
        id: rng.base62(20),
        card,
        techSize: (card.sizes[rng.int(0, card.sizes.length - 1)] ?? card.sizes[0])?.techSize ?? '0',
        createdMs,
        valuation,
        text: rng.pick(good ? FEEDBACK_TEXTS.good : FEEDBACK_TEXTS.bad),
        pros: rng.pick(FEEDBACK_TEXTS.pros),
        cons: rng.pick(FEEDBACK_TEXTS.cons),
        userName: rng.pick(FEEDBACK_TEXTS.names),
        answerText: rng.pick(FEEDBACK_TEXTS.answers),
        answeredMs: answers ? floorSecond(createdMs + rng.int(1, 96) * HOUR_MS) : null,
        photos: rng.chance(0.3) ? rng.int(1, 3) : 0,
        orderStatus: good ? 'buyout' : rng.pick(['buyout', 'returned', 'rejected'] as const),
        wasViewed: rng.chance(0.8),
      });
    }
    this.feedbackDays.set(day, list);
    return list;
  }

  private questionsOfDay(day: number): Question[] {
    const cached = this.questionDays.get(day);
    if (cached) return cached;
    const a = this.account;
    const rng = new Rng(hashInts(this.seed, TAG_QUESTION, a.index, day));
    const mean = Math.max(0.1, a.ordersPerDay * 0.03);
    const count = Math.floor(mean) + (rng.next() < mean - Math.floor(mean) ? 1 : 0);
    const list: Question[] = [];
    for (let k = 0; k < count; k++) {
      const card = a.cards[a.popularity.pick(rng.next())] as Card;
      const createdMs = floorSecond(dayStartMs(day) + rng.int(0, DAY_MS - 1));
      list.push({
        id: rng.base62(20),
        card,
        createdMs,
        text: rng.pick(QUESTION_TEXTS),
        answerText: 'Здравствуйте! Спасибо за вопрос, ответили в описании товара.',
        answeredMs: rng.chance(0.7) ? floorSecond(createdMs + rng.int(1, 72) * HOUR_MS) : null,
        wasViewed: rng.chance(0.7),
      });
    }
    this.questionDays.set(day, list);
    return list;
  }

  /** Every review created by now, newest first. */
  feedbacks(nowMs: number): Feedback[] {
    const out: Feedback[] = [];
    for (let d = moscowDayNo(nowMs); d >= this.firstDay; d--) {
      for (const f of this.feedbacksOfDay(d)) if (f.createdMs <= nowMs) out.push(f);
    }
    return out.sort((x, y) => y.createdMs - x.createdMs || (x.id < y.id ? -1 : 1));
  }

  /** Every question created by now, newest first. */
  questions(nowMs: number): Question[] {
    const out: Question[] = [];
    for (let d = moscowDayNo(nowMs); d >= this.firstDay; d--) {
      for (const q of this.questionsOfDay(d)) if (q.createdMs <= nowMs) out.push(q);
    }
    return out.sort((x, y) => y.createdMs - x.createdMs || (x.id < y.id ? -1 : 1));
  }
}

export const isAnswered = (item: { answeredMs: number | null }, nowMs: number) =>
  item.answeredMs !== null && item.answeredMs <= nowMs;

/** feedbacks-api review (responseFeedback item). */
export function feedbackItem(f: Feedback, account: SellerAccount, nowMs: number): Record<string, unknown> {
  const answered = isAnswered(f, nowMs);
  const nm = f.card.nmID;
  return {
    id: f.id,
    text: f.text,
    pros: f.pros,
    cons: f.cons,
    productValuation: f.valuation,
    createdDate: moscowWithOffset(f.createdMs),
    answer: answered ? { text: f.answerText, state: 'wbRu', editable: false } : null,
    state: answered ? 'wbRu' : 'none',
    productDetails: {
      imtId: f.card.imtID,
      nmId: nm,
      productName: f.card.title,
      supplierArticle: f.card.vendorCode,
      supplierName: account.name,
      brandName: f.card.brand,
      size: f.techSize,
    },
    video: null,
    wasViewed: f.wasViewed,
    photoLinks: f.photos
      ? Array.from({ length: f.photos }, (_, k) => ({
          fullSize: `https://feedback0${(nm % 9) + 1}.wbbasket.ru/vol${Math.floor(nm / 1e5)}/part${Math.floor(nm / 1e3)}/${f.id}/photos/fs${k + 1}.webp`,
          miniSize: `https://feedback0${(nm % 9) + 1}.wbbasket.ru/vol${Math.floor(nm / 1e5)}/part${Math.floor(nm / 1e3)}/${f.id}/photos/ms${k + 1}.webp`,
        }))
      : null,
    userName: f.userName,
    orderStatus: f.orderStatus,
    matchingSize: f.techSize === '0' ? '' : 'ok',
    isAbleSupplierFeedbackValuation: !answered,
    supplierFeedbackValuation: 0,
    isAbleSupplierProductValuation: !answered,
    supplierProductValuation: 0,
    isAbleReturnProductOrders: false,
    returnProductOrdersDate: null,
    bables: f.valuation >= 4 ? ['качество'] : ['размер'],
    lastOrderShkId: 0,
    lastOrderCreatedAt: moscowWithOffset(f.createdMs - 5 * DAY_MS),
    color: f.card.color,
    subjectId: f.card.subject.subjectID,
    subjectName: f.card.subject.subjectName,
    parentFeedbackId: null,
    childFeedbackId: null,
  };
}

/** feedbacks-api question item. */
export function questionItem(q: Question, account: SellerAccount, nowMs: number): Record<string, unknown> {
  const answered = isAnswered(q, nowMs);
  return {
    id: q.id,
    text: q.text,
    createdDate: moscowWithOffset(q.createdMs),
    state: answered ? 'wbRu' : 'suppliersPortalSynch',
    answer: answered
      ? { text: q.answerText, editable: true, createDate: moscowWithOffset(q.answeredMs as number) }
      : null,
    productDetails: {
      nmId: q.card.nmID,
      imtId: q.card.imtID,
      productName: q.card.title,
      supplierArticle: q.card.vendorCode,
      supplierName: account.name,
      brandName: q.card.brand,
    },
    wasViewed: q.wasViewed,
    isWarned: false,
  };
}
