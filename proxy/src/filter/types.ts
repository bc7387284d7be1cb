import type { VisibleSet } from '../visibility/visible-set.ts';
import type { FilterStats } from './deep-filter.ts';

/** One request as the pipeline knows it after auth: the real WB host and the client's path and query. */
export interface RequestContext {
  host: string;
  method: string;
  path: string;
  search: URLSearchParams;
  body?: Uint8Array | undefined;
  contentType?: string | undefined;
}

/** The page the client asked for, served locally from a widened upstream window. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** Figures of one realization report for one manager, from the synced finance rows (numeric strings). */
export interface ReportFigures {
  retailAmount: string;
  forPay: string;
  deliveryService: string;
  paidStorage: string;
  penalty: string;
  deduction: string;
  paidAcceptance: string;
  additionalPayment: string;
  rebillLogisticCost: string;
  bankPayment: string;
  sales: number;
  returns: number;
  rows: number;
}

/** What the response filters read from our synced data (the per-manager finance figures). */
export interface FinanceSource {
  reportFigures(visible: VisibleSet, reportIds: readonly string[]): Promise<Map<string, ReportFigures>>;
  /** The manager's orders of each Moscow day (from synced wb_orders, articles visible on that day only). */
  orderDays(
    visible: VisibleSet,
    days: readonly string[],
  ): Promise<Map<string, { ordersCount: number; ordersSum: number; cancelCount: number }>>;
}

export interface JsonFilterInput {
  /** The whole parsed answer. */
  body: unknown;
  visible: VisibleSet;
  stats: FilterStats;
  ctx: RequestContext;
  page: PageRequest | undefined;
  /** The parsed JSON request body, if any. */
  request: unknown;
  finance: FinanceSource | undefined;
}

/** A route-specific JSON filter: returns the new answer (and optionally a new status). */
export type JsonFilter = (input: JsonFilterInput) => unknown;

/** A filter's answer with a status of its own (e.g. 404 for a campaign the manager may not see). */
export class StatusAnswer {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    this.status = status;
    this.body = body;
  }
}
