import type { Context, Hono } from 'hono';
import { ParamError, boolParam, intParam } from './params.ts';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { feedbackItem, isAnswered, questionItem, type Feedback, type Question } from '../data/feedbacks.ts';
import { JSON_TYPE, json } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { dayStartMs, moscowDayNo } from '../util/moscow.ts';

/**
 * feedbacks-api: reviews and questions with their filters and skip/take paging. Every method of the
 * category shares one rate-limit bucket, as WB's table says.
 */

const envelope = (data: unknown) => ({ data, error: false, errorText: '', additionalErrors: null });

function fail(c: Context<HostEnv>, errorText: string): Response {
  return new Response(
    JSON.stringify({
      data: null,
      error: true,
      errorText,
      additionalErrors: null,
      requestId: c.env.wb.requestId,
    }),
    { status: 400, headers: { 'content-type': JSON_TYPE } },
  );
}

interface ListQuery {
  isAnswered: boolean;
  nmId: number | undefined;
  take: number;
  skip: number;
  order: 'dateAsc' | 'dateDesc';
  dateFrom: number | undefined;
  dateTo: number | undefined;
}

function readQuery(c: Context<HostEnv>, maxTake: number, maxSkip: number, sumLimit?: number): ListQuery {
  const q = (n: string) => c.req.query(n);
  const answered = boolParam(q('isAnswered'), 'isAnswered');
  if (answered === undefined) throw new ParamError('Плохой формат isAnswered');
  const take = intParam(q('take'), 'take');
  const skip = intParam(q('skip'), 'skip');
  if (take === undefined || take < 1 || take > maxTake)
    throw new ParamError(`Плохой формат take (1…${maxTake})`);
  if (skip === undefined || skip < 0 || skip > maxSkip)
    throw new ParamError(`Плохой формат skip (0…${maxSkip})`);
  if (sumLimit !== undefined && take + skip > sumLimit)
    throw new ParamError(`take + skip must not exceed ${sumLimit}`);
  const order = q('order') ?? 'dateDesc';
  if (order !== 'dateAsc' && order !== 'dateDesc') throw new ParamError('Плохой формат order');
  let dateFrom: number | undefined;
  let dateTo: number | undefined;
  try {
    dateFrom = intParam(q('dateFrom'), 'dateFrom');
  } catch {
    throw new ParamError('Плохой формат dateFrom');
  }
  try {
    dateTo = intParam(q('dateTo'), 'dateTo');
  } catch {
    throw new ParamError('Плохой формат dateTo');
  }
  return { isAnswered: answered, nmId: intParam(q('nmId'), 'nmId'), take, skip, order, dateFrom, dateTo };
}

function select<T extends Feedback | Question>(all: T[], query: ListQuery, nowMs: number): T[] {
  const from = query.dateFrom === undefined ? Number.NEGATIVE_INFINITY : query.dateFrom * 1000;
  const to = query.dateTo === undefined ? Number.POSITIVE_INFINITY : query.dateTo * 1000;
  const hits = all.filter(
    (f) =>
      isAnswered(f, nowMs) === query.isAnswered &&
      (query.nmId === undefined || f.card.nmID === query.nmId) &&
      f.createdMs >= from &&
      f.createdMs <= to,
  );
  if (query.order === 'dateAsc') hits.reverse();
  return hits.slice(query.skip, query.skip + query.take);
}

function feedbacks(c: Context<HostEnv>, call: CallContext): Response {
  let query: ListQuery;
  try {
    query = readQuery(c, 5_000, 199_990);
  } catch (err) {
    return fail(c, (err as Error).message);
  }
  const all = call.data.feedbacks.feedbacks(call.nowMs);
  const page = select(all, query, call.nowMs);
  call.setRows(page.length);
  const unanswered = all.filter((f) => !isAnswered(f, call.nowMs)).length;
  return json(
    envelope({
      countUnanswered: unanswered,
      countArchive: all.length - unanswered,
      feedbacks: page.map((f) => feedbackItem(f, call.data.account, call.nowMs)),
    }),
  );
}

function questions(c: Context<HostEnv>, call: CallContext): Response {
  let query: ListQuery;
  try {
    query = readQuery(c, 10_000, 10_000, 10_000);
  } catch (err) {
    return fail(c, (err as Error).message);
  }
  const all = call.data.feedbacks.questions(call.nowMs);
  const page = select(all, query, call.nowMs);
  call.setRows(page.length);
  const unanswered = all.filter((q) => !isAnswered(q, call.nowMs)).length;
  return json(
    envelope({
      countUnanswered: unanswered,
      countArchive: all.length - unanswered,
      questions: page.map((q) => questionItem(q, call.data.account, call.nowMs)),
    }),
  );
}

function countUnanswered(kind: 'feedbacks' | 'questions') {
  return function count(_c: Context<HostEnv>, call: CallContext): Response {
    const all =
      kind === 'feedbacks'
        ? call.data.feedbacks.feedbacks(call.nowMs)
        : call.data.feedbacks.questions(call.nowMs);
    const todayStart = dayStartMs(moscowDayNo(call.nowMs));
    const open = all.filter((f) => !isAnswered(f, call.nowMs));
    return json(
      envelope({
        countUnanswered: open.length,
        countUnansweredToday: open.filter((f) => f.createdMs >= todayStart).length,
      }),
    );
  };
}

const spec = (path: string) => ({ file: '09-communications.yaml', path, method: 'get' as const });

const common = { method: 'GET' as const, limit: 'feedbacks' as const, bucket: 'feedbacks-category' };
/** The methods this host serves (data: the limit-table test reads them too). */
export const feedbacksMethods: readonly MethodDefinition[] = [
  method(
    { ...common, id: 'feedbacks.list', path: '/api/v1/feedbacks', spec: spec('/api/v1/feedbacks') },
    feedbacks,
  ),
  method(
    { ...common, id: 'questions.list', path: '/api/v1/questions', spec: spec('/api/v1/questions') },
    questions,
  ),
  method(
    {
      ...common,
      id: 'feedbacks.countUnanswered',
      path: '/api/v1/feedbacks/count-unanswered',
      spec: spec('/api/v1/feedbacks/count-unanswered'),
    },
    countUnanswered('feedbacks'),
  ),
  method(
    {
      ...common,
      id: 'questions.countUnanswered',
      path: '/api/v1/questions/count-unanswered',
      spec: spec('/api/v1/questions/count-unanswered'),
    },
    countUnanswered('questions'),
  ),
];

export function feedbacksApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, feedbacksMethods);
}
