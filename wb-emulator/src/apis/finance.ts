import type { Context, Hono } from 'hono';
import { ParamError, isRecord, jsonBody, parseWbDay } from './params.ts';
import { method, sellerApiApp, type CallContext, type MethodDefinition } from './seller-api.ts';
import { financeRow, jsonBigInt, pickFields } from '../data/finance-rows.ts';
import type { FinancePeriod, Report } from '../data/finance.ts';
import { balanceOf } from '../data/truth.ts';
import { PROBLEM_TYPE, json, jsonArray, mapIter, take } from '../http/responses.ts';
import type { HostEnv } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { wbMoneyNumber, wbMoneyString } from '../util/money.ts';
import { dayNoToDate } from '../util/moscow.ts';

/**
 * finance-api: realization reports (list, detailed by period, detailed by report id) and the balance.
 * Rows page by rrdId until 204; money is sent as strings; daily report ids exceed 2^53.
 */

const MAX_DETAILED_LIMIT = 100_000;
const MAX_LIST_LIMIT = 1_000;

/** A report bound (`dateFrom`/`dateTo`): a date or date-time, Moscow; → its Moscow day. */
export function financeReportDay(value: string): number {
  return parseWbDay(value);
}

/** response400FinancialReports. */
function badRequest(c: Context<HostEnv>, operation: string, detail: string): Response {
  return new Response(
    JSON.stringify({
      status: 400,
      title: `${operation} decode error`,
      detail: `${operation} decode error: ${detail}`,
      requestId: c.env.wb.requestId,
      origin: 'open-api-finreports',
    }),
    { status: 400, headers: { 'content-type': PROBLEM_TYPE } },
  );
}

interface DetailedParams {
  limit: number;
  rrdId: number;
  fields: Set<string> | undefined;
}

function readPaging(body: Record<string, unknown>): DetailedParams {
  const limit = body.limit ?? MAX_DETAILED_LIMIT;
  const rrdId = body.rrdId ?? 0;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_DETAILED_LIMIT) {
    throw new ParamError(`limit must be an integer between 1 and ${MAX_DETAILED_LIMIT}`);
  }
  if (typeof rrdId !== 'number' || !Number.isInteger(rrdId) || rrdId < 0) {
    throw new ParamError('rrdId must be a non-negative integer');
  }
  let fields: Set<string> | undefined;
  if (body.fields !== undefined) {
    if (!Array.isArray(body.fields) || !body.fields.every((f) => typeof f === 'string')) {
      throw new ParamError('fields must be an array of strings');
    }
    if (body.fields.length) fields = new Set(body.fields);
  }
  return { limit, rrdId, fields };
}

function readPeriod(body: Record<string, unknown>): FinancePeriod {
  const period = body.period ?? 'weekly';
  if (period !== 'weekly' && period !== 'daily') throw new ParamError(`period must be weekly or daily`);
  return period;
}

function readRange(body: Record<string, unknown>): { fromDay: number; toDay: number } {
  if (typeof body.dateFrom !== 'string' || !body.dateFrom) throw new ParamError('missing dateFrom params');
  if (typeof body.dateTo !== 'string' || !body.dateTo) throw new ParamError('missing dateTo params');
  return { fromDay: financeReportDay(body.dateFrom), toDay: financeReportDay(body.dateTo) };
}

async function readBody(c: Context<HostEnv>): Promise<Record<string, unknown>> {
  const body = await jsonBody(c.req);
  if (!isRecord(body)) throw new ParamError('request body must be a JSON object');
  return body;
}

function detailedRows(
  call: CallContext,
  period: FinancePeriod,
  reports: Report[],
  p: DetailedParams,
): Response {
  const book = call.data.finance;
  const rows = take(book.rows(period, reports, p.rrdId), p.limit);
  return jsonArray(
    mapIter(rows, (r) => {
      const row = financeRow(call.data.account, r.report, r.op, r.rrdId);
      return p.fields ? pickFields(row, p.fields) : row;
    }),
    { emptyStatus: 204, onEnd: call.setRows },
  );
}

async function detailed(c: Context<HostEnv>, call: CallContext): Promise<Response> {
  let body: Record<string, unknown>;
  let range: { fromDay: number; toDay: number };
  let paging: DetailedParams;
  let period: FinancePeriod;
  try {
    body = await readBody(c);
    range = readRange(body);
    paging = readPaging(body);
    period = readPeriod(body);
  } catch (err) {
    return badRequest(
      c,
      'GetReportDetailByPeriodNB',
      err instanceof ParamError ? err.message : 'bad request',
    );
  }
  const reports = call.data.finance.reportsOverlapping(period, range.fromDay, range.toDay, call.nowMs);
  return detailedRows(call, period, reports, paging);
}

async function detailedById(c: Context<HostEnv>, call: CallContext): Promise<Response> {
  const raw = c.req.param('reportId') ?? '';
  if (!/^\d{1,20}$/.test(raw))
    return badRequest(c, 'GetReportDetailByIDNB', `reportId: '${raw}' is not an integer`);
  let paging: DetailedParams;
  try {
    paging = readPaging(await readBody(c));
  } catch (err) {
    return badRequest(c, 'GetReportDetailByIDNB', err instanceof ParamError ? err.message : 'bad request');
  }
  const book = call.data.finance;
  const report = book.reportById(BigInt(raw));
  if (!report || !book.isAvailable(report, call.nowMs)) {
    call.setRows(0);
    return new Response(null, { status: 204 });
  }
  return detailedRows(call, report.period, [report], paging);
}

/** SalesReportListRes for one report. */
function listItem(call: CallContext, report: Report): Record<string, unknown> {
  const s = call.data.finance.sums(report);
  const m = wbMoneyString;
  const delivery = s.deliveryService + s.rebillLogisticCost;
  return {
    reportId: jsonBigInt(report.reportId),
    sellerFinanceName: call.data.account.name,
    dateFrom: dayNoToDate(report.firstDay),
    dateTo: dayNoToDate(report.lastDay),
    createDate: dayNoToDate(report.createDay),
    currency: 'RUB',
    reportType: 1,
    retailAmountSum: m(s.retailAmount),
    forPaySum: m(s.forPay),
    avgSalePercent: s.sales ? Math.round((s.salePercentSum / s.sales) * 100) / 100 : 0,
    deliveryServiceSum: m(delivery),
    paidStorageSum: m(s.paidStorage),
    paidAcceptanceSum: m(s.paidAcceptance),
    deductionSum: m(s.deduction),
    penaltySum: m(s.penalty),
    additionalPaymentSum: m(s.additionalPayment),
    cashbackAmountSum: '0',
    cashbackDiscountSum: '0',
    cashbackCommissionChangeSum: '0',
    paymentSchedule: '0',
    bankPaymentSum: m(s.bankPayment),
  };
}

async function list(c: Context<HostEnv>, call: CallContext): Promise<Response> {
  let range: { fromDay: number; toDay: number };
  let period: FinancePeriod;
  let limit: number;
  let offset: number;
  try {
    const body = await readBody(c);
    range = readRange(body);
    period = readPeriod(body);
    const l = body.limit ?? MAX_LIST_LIMIT;
    const o = body.offset ?? 0;
    if (typeof l !== 'number' || !Number.isInteger(l) || l < 1 || l > MAX_LIST_LIMIT) {
      throw new ParamError(`limit must be an integer between 1 and ${MAX_LIST_LIMIT}`);
    }
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0)
      throw new ParamError('offset must be a non-negative integer');
    limit = l;
    offset = o;
  } catch (err) {
    return badRequest(c, 'GetReportsListNB', err instanceof ParamError ? err.message : 'bad request');
  }
  const reports = call.data.finance
    .reportsOverlapping(period, range.fromDay, range.toDay, call.nowMs)
    .slice(offset, offset + limit);
  return jsonArray(
    mapIter(reports, (r) => listItem(call, r)),
    { emptyStatus: 204, onEnd: call.setRows },
  );
}

function balance(_c: Context<HostEnv>, call: CallContext): Response {
  const b = balanceOf(call.data, call.nowMs);
  return json({
    currency: 'RUB',
    current: wbMoneyNumber(b.current),
    for_withdraw: wbMoneyNumber(b.forWithdraw),
  });
}

const spec = (path: string, m: 'get' | 'post' = 'post') => ({ file: '13-finances.yaml', path, method: m });

/** The methods this host serves (data: the limit-table test reads them too). */
export const financeMethods: readonly MethodDefinition[] = [
  method(
    {
      id: 'finance.salesReportsList',
      method: 'POST',
      path: '/api/finance/v1/sales-reports/list',
      limit: 'financeList',
      tokenTypes: ['personal', 'service'],
      origin: 's2s-finance',
      spec: spec('/api/finance/v1/sales-reports/list'),
    },
    list,
  ),
  method(
    {
      id: 'finance.salesReportsDetailedById',
      method: 'POST',
      path: '/api/finance/v1/sales-reports/detailed/:reportId',
      limit: 'financeDetailedById',
      tokenTypes: ['personal', 'service'],
      origin: 's2s-finance',
      spec: spec('/api/finance/v1/sales-reports/detailed/{reportId}'),
    },
    detailedById,
  ),
  method(
    {
      id: 'finance.salesReportsDetailed',
      method: 'POST',
      path: '/api/finance/v1/sales-reports/detailed',
      limit: 'financeDetailed',
      spec: spec('/api/finance/v1/sales-reports/detailed'),
    },
    detailed,
  ),
  method(
    {
      id: 'finance.balance',
      method: 'GET',
      path: '/api/v1/account/balance',
      limit: 'balance',
      spec: spec('/api/v1/account/balance', 'get'),
    },
    balance,
  ),
];

export function financeApi(emu: Emulator): Hono<HostEnv> {
  return sellerApiApp(emu, financeMethods);
}
