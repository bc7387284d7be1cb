import { isAnswered, type Feedback, type Question } from '../../data/feedbacks.ts';
import { moscowWithOffset } from '../../util/moscow.ts';
import type { RequestOrigins } from '../http/origins.ts';
import { cardPhotos, localize } from './common.ts';

/**
 * Reviews and questions as the portal's seller-reviews service shows them. Reviews name the article as
 * `productInfo.wbArticle`; questions as `productDetails.nmId`.
 */

export interface FeedbackFilter {
  answered: boolean;
  valuations?: number[] | undefined;
  nmId?: number | undefined;
  search?: string | undefined;
}

export function filterFeedbacks(list: readonly Feedback[], f: FeedbackFilter, nowMs: number): Feedback[] {
  const q = f.search?.trim().toLowerCase();
  return list.filter(
    (x) =>
      isAnswered(x, nowMs) === f.answered &&
      (!f.valuations?.length || f.valuations.includes(x.valuation)) &&
      (f.nmId === undefined || x.card.nmID === f.nmId) &&
      (!q ||
        x.text.toLowerCase().includes(q) ||
        x.card.vendorCode.toLowerCase().includes(q) ||
        String(x.card.nmID) === q),
  );
}

export function feedbackView(f: Feedback, nowMs: number, o: RequestOrigins): Record<string, unknown> {
  const answered = isAnswered(f, nowMs);
  const nm = f.card.nmID;
  const basket = `https://feedback0${(nm % 9) + 1}.wbbasket.ru/vol${Math.floor(nm / 1e5)}/part${Math.floor(nm / 1e3)}/${f.id}/photos`;
  return {
    id: f.id,
    text: f.text,
    pros: f.pros,
    cons: f.cons,
    valuation: f.valuation,
    createdDate: moscowWithOffset(f.createdMs),
    userName: f.userName,
    state: answered ? 'answered' : 'new',
    answer: answered
      ? { text: f.answerText, createDate: moscowWithOffset(f.answeredMs as number), editable: false }
      : null,
    orderStatus: f.orderStatus,
    wasViewed: f.wasViewed,
    productInfo: {
      wbArticle: nm,
      imtId: f.card.imtID,
      supplierArticle: f.card.vendorCode,
      name: f.card.title,
      brand: f.card.brand,
      size: f.techSize,
      color: f.card.color,
      photo: cardPhotos(f.card, o).tm,
    },
    photos: Array.from({ length: f.photos }, (_, k) => ({
      fullSize: localize(`${basket}/fs${k + 1}.webp`, o),
      miniSize: localize(`${basket}/ms${k + 1}.webp`, o),
    })),
  };
}

export interface QuestionFilter {
  answered: boolean;
  nmId?: number | undefined;
  search?: string | undefined;
}

export function filterQuestions(list: readonly Question[], f: QuestionFilter, nowMs: number): Question[] {
  const q = f.search?.trim().toLowerCase();
  return list.filter(
    (x) =>
      isAnswered(x, nowMs) === f.answered &&
      (f.nmId === undefined || x.card.nmID === f.nmId) &&
      (!q || x.text.toLowerCase().includes(q) || String(x.card.nmID) === q),
  );
}

export function questionView(q: Question, nowMs: number, o: RequestOrigins): Record<string, unknown> {
  const answered = isAnswered(q, nowMs);
  return {
    id: q.id,
    text: q.text,
    createdDate: moscowWithOffset(q.createdMs),
    state: answered ? 'answered' : 'new',
    answer: answered ? { text: q.answerText, createDate: moscowWithOffset(q.answeredMs as number) } : null,
    wasViewed: q.wasViewed,
    productDetails: {
      nmId: q.card.nmID,
      imtId: q.card.imtID,
      productName: q.card.title,
      supplierArticle: q.card.vendorCode,
      brandName: q.card.brand,
      photo: cardPhotos(q.card, o).tm,
    },
  };
}
