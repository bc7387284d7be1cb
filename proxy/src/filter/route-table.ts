import * as analytics from './strategies/analytics.ts';
import * as catalog from './strategies/catalog.ts';
import * as cmp from './strategies/cmp.ts';
import * as finance from './strategies/finance.ts';
import { supplyRpcFilter } from './strategies/supply.ts';
import type { JsonFilter } from './types.ts';

/**
 * The route table: real WB host + method + path pattern → how an answer is filtered. Every portal section the
 * emulator documents is here (wb-emulator/README.md, "The seller portal"). Routes of the portal's API hosts
 * that match nothing get the generic deep filter and are reported (proxy_route_observations).
 */

/** Where a list's paging lives, so the proxy can ask WB for a wide window and page the visible rows itself. */
export interface PagingSpec {
  in: 'query' | 'body' | 'rpc';
  /** `offset` paging (offset/limit names) or `page` paging (page number, page size). */
  style: 'offset' | 'page' | 'cursor';
  limit: string;
  offset: string;
  defaultLimit: number;
  /** The widest window WB allows. */
  max: number;
}

export type ExportFormat = 'xlsx' | 'zip' | 'csv' | 'auto';

export type RouteKind =
  | { kind: 'json'; filter: JsonFilter; paging?: PagingSpec; rewrite?: Record<string, string> }
  | { kind: 'export'; format: ExportFormat }
  /** base64 of a file inside JSON, at `path` (keys from the root), e.g. `['data', 'file']`. */
  | { kind: 'base64-export'; path: readonly string[] }
  | { kind: 'balance' }
  | { kind: 'deny'; status: 403 | 404; code: string; reason: string }
  | { kind: 'pass' };

export type RouteRule = RouteKind & {
  id: string;
  host: string;
  method: string;
  pattern: RegExp;
};

const WEEKLY = 'seller-weekly-report.wildberries.ru';
const SERVICES = 'seller-services.wildberries.ru';
const CONTENT = 'seller-content.wildberries.ru';
const REVIEWS = 'seller-reviews.wildberries.ru';
const PRICES = 'discounts-prices.wildberries.ru';
const SUPPLY = 'seller-supply.wildberries.ru';
const CMP = 'cmp.wildberries.ru';
const SHELL = 'seller.wildberries.ru';
const COMMS = 'seller-communications.wildberries.ru';

const BAL = '/ns/reports/seller-wb-balance/api/v1';
const SM = '/ns/sm-supply/supply-manager/api/v1/supply';
const q = (limit: string, offset: string, defaultLimit: number, max: number): PagingSpec => ({
  in: 'query',
  style: 'offset',
  limit,
  offset,
  defaultLimit,
  max,
});
const b = (defaultLimit: number, max: number): PagingSpec => ({
  in: 'body',
  style: 'offset',
  limit: 'limit',
  offset: 'offset',
  defaultLimit,
  max,
});
const deny = (reason: string) => ({
  kind: 'deny' as const,
  status: 403 as const,
  code: 'SENSITIVE_ENDPOINT',
  reason,
});

export const ROUTES: readonly RouteRule[] = [
  // Orders, analytics and reports (seller-weekly-report).
  {
    id: 'orders',
    host: WEEKLY,
    method: 'GET',
    pattern: /^\/ns\/orders\/analytics-back\/api\/v1\/orders$/,
    kind: 'json',
    filter: analytics.ordersFilter,
    paging: q('limit', 'offset', 50, 1000),
  },
  {
    id: 'orders-export',
    host: WEEKLY,
    method: 'GET',
    pattern: /^\/ns\/orders\/analytics-back\/api\/v1\/orders\/export$/,
    kind: 'export',
    format: 'auto',
  },
  {
    id: 'goods-report',
    host: WEEKLY,
    method: 'POST',
    pattern: /^\/ns\/supplier-goods\/analytics-back\/api\/v2\/report$/,
    kind: 'json',
    filter: analytics.goodsReportFilter,
    paging: b(20, 1000),
  },
  {
    id: 'goods-report-excel',
    host: WEEKLY,
    method: 'GET',
    pattern: /^\/ns\/supplier-goods\/analytics-back\/api\/v2\/report\/excel$/,
    kind: 'base64-export',
    path: ['data'],
  },
  {
    id: 'region-sales',
    host: WEEKLY,
    method: 'GET',
    pattern: /^\/ns\/region-sales\/analytics-back\/api\/v1\/region-sales$/,
    kind: 'json',
    filter: analytics.regionSalesFilter,
  },
  // Stocks (seller-content) and the API-token management next to them.
  {
    id: 'stocks',
    host: CONTENT,
    method: 'POST',
    pattern: /^\/ns\/analytics-api\/content-analytics\/api\/v2\/stocks-report\/report$/,
    kind: 'json',
    filter: catalog.stocksFilter,
    paging: b(20, 1000),
  },
  {
    id: 'stocks-excel',
    host: CONTENT,
    method: 'GET',
    pattern: /^\/ns\/analytics-api\/content-analytics\/api\/v2\/stocks-report\/excel$/,
    kind: 'export',
    format: 'xlsx',
  },
  {
    id: 'api-tokens',
    host: CONTENT,
    method: '*',
    pattern: /^\/ns\/suppliers-auth-tokens\//,
    ...deny('API-token management is for the cabinet owner'),
  },
  // Reviews and questions.
  {
    id: 'feedbacks',
    host: REVIEWS,
    method: 'GET',
    pattern: /^\/ns\/fa-seller-api\/reviews-ext-seller-portal\/api\/v2\/feedbacks$/,
    kind: 'json',
    filter: catalog.feedbacksFilter,
    paging: { in: 'query', style: 'cursor', limit: 'limit', offset: 'cursor', defaultLimit: 20, max: 100 },
  },
  {
    id: 'feedback-counts',
    host: REVIEWS,
    method: 'GET',
    pattern: /^\/ns\/fa-seller-api\/reviews-ext-seller-portal\/api\/v1\/feedbacks\/count$/,
    kind: 'json',
    filter: catalog.feedbackCountsFilter,
  },
  {
    id: 'questions',
    host: REVIEWS,
    method: 'GET',
    pattern: /^\/ns\/fa-seller-api\/questions-ext-seller-portal\/api\/v1\/questions$/,
    kind: 'json',
    filter: catalog.questionsFilter,
    paging: q('limit', 'offset', 20, 100),
  },
  // Discounts and prices.
  {
    id: 'prices',
    host: PRICES,
    method: 'POST',
    pattern: /^\/ns\/dp-api\/discounts-prices\/suppliers\/api\/v1\/list\/goods\/filter$/,
    kind: 'json',
    filter: catalog.pricesFilter,
    paging: b(20, 1000),
  },
  {
    id: 'prices-excel',
    host: PRICES,
    method: 'POST',
    pattern: /^\/ns\/dp-api\/discounts-prices\/suppliers\/api\/v1\/list\/goods\/excel$/,
    kind: 'base64-export',
    path: ['data', 'listGoodsExcel'],
  },
  // Supplies (JSON-RPC, batches) and their CSV.
  {
    id: 'supply-rpc',
    host: SUPPLY,
    method: 'POST',
    pattern: /^\/ns\/sm-supply\/supply-manager\/api\/v1\/supply(\/listSupplies|\/supplyDetails)?$/,
    kind: 'json',
    filter: supplyRpcFilter,
    paging: {
      in: 'rpc',
      style: 'page',
      limit: 'pageSize',
      offset: 'pageNumber',
      defaultLimit: 20,
      max: 1000,
    },
  },
  {
    id: 'supply-export',
    host: SUPPLY,
    method: 'GET',
    pattern: new RegExp(`^${SM}/export$`),
    kind: 'export',
    format: 'csv',
  },
  // Weekly finance reports, their details, exports, balance (seller-services).
  { id: 'balance', host: SERVICES, method: 'GET', pattern: new RegExp(`^${BAL}/balance$`), kind: 'balance' },
  {
    id: 'payouts',
    host: SERVICES,
    method: 'GET',
    pattern: new RegExp(`^${BAL}/balance/payouts$`),
    kind: 'json',
    filter: finance.payoutsFilter,
    paging: q('limit', 'skip', 20, 500),
  },
  {
    id: 'reports-weekly',
    host: SERVICES,
    method: 'GET',
    pattern: new RegExp(`^${BAL}/reports(-weekly)?$`),
    kind: 'json',
    filter: finance.reportsListFilter,
    paging: q('limit', 'skip', 20, 1000),
  },
  {
    id: 'report',
    host: SERVICES,
    method: 'GET',
    pattern: new RegExp(`^${BAL}/reports-weekly/\\d+$`),
    kind: 'json',
    filter: finance.reportFilter,
  },
  {
    id: 'report-details',
    host: SERVICES,
    method: 'GET',
    pattern: new RegExp(`^${BAL}/reports/\\d+/details$`),
    kind: 'json',
    filter: finance.reportDetailsFilter,
    paging: q('limit', 'skip', 50, 10_000),
  },
  {
    id: 'report-excel',
    host: SERVICES,
    method: 'GET',
    pattern: new RegExp(`^${BAL}/reports-weekly/\\d+/details/excel$`),
    kind: 'export',
    format: 'xlsx',
  },
  {
    id: 'report-archived-excel',
    host: SERVICES,
    method: 'GET',
    pattern: new RegExp(`^${BAL}/reports/\\d+/details/archived-excel$`),
    kind: 'base64-export',
    path: ['data', 'file'],
  },
  {
    id: 'bank-details',
    host: SERVICES,
    method: '*',
    pattern: /^\/ns\/requisites\//,
    ...deny('bank details are for the cabinet owner'),
  },
  // Advertising (cmp).
  {
    id: 'adverts',
    host: CMP,
    method: 'GET',
    pattern: /^\/api\/v1\/adverts$/,
    kind: 'json',
    filter: cmp.advertsListFilter,
    rewrite: { status: 'all', page: '1', pageSize: '100' },
  },
  {
    id: 'advert',
    host: CMP,
    method: 'GET',
    pattern: /^\/api\/v1\/adverts\/\d+$/,
    kind: 'json',
    filter: cmp.advertFilter,
  },
  {
    id: 'fullstat',
    host: CMP,
    method: 'POST',
    pattern: /^\/api\/v3\/fullstat$/,
    kind: 'json',
    filter: cmp.fullstatFilter,
  },
  { id: 'cmp-balance', host: CMP, method: 'GET', pattern: /^\/api\/v1\/balance$/, kind: 'pass' },
  // The shell: dashboard, users (sensitive), identity.
  {
    id: 'dashboard',
    host: SHELL,
    method: 'GET',
    pattern: /^\/ns\/dashboard\/suppliers-portal-core\/api\/v1\/summary$/,
    kind: 'json',
    filter: catalog.dashboardFilter,
  },
  {
    id: 'users-management',
    host: SHELL,
    method: '*',
    pattern: /^\/ns\/users-management\//,
    ...deny('user access management is for the cabinet owner'),
  },
  {
    id: 'user-info',
    host: SHELL,
    method: 'GET',
    pattern: /^\/ns\/(user-info|passport-portal)\//,
    kind: 'pass',
  },
  {
    id: 'suppliers-rpc',
    host: SHELL,
    method: 'POST',
    pattern: /^\/ns\/(suppliers|suppliers-auth)\/suppliers-portal-core\//,
    kind: 'pass',
  },
  // Notifications and banners (seller-communications).
  {
    id: 'notifications',
    host: COMMS,
    method: 'GET',
    pattern: /^\/ns\/notifications\/api\/v1\/notifications$/,
    kind: 'json',
    filter: catalog.notificationsFilter,
    paging: q('limit', 'offset', 20, 100),
  },
  {
    id: 'notifications-read',
    host: COMMS,
    method: 'POST',
    pattern: /^\/ns\/notifications\/api\/v1\/notifications\/read$/,
    kind: 'json',
    filter: catalog.notificationsReadFilter,
  },
  { id: 'banners', host: COMMS, method: 'GET', pattern: /^\/ns\/banners\//, kind: 'pass' },
];

/** Hosts whose answers are data (filtered: specific rule or the generic deep filter). */
export const FILTERED_HOSTS: ReadonlySet<string> = new Set([
  WEEKLY,
  SERVICES,
  CONTENT,
  REVIEWS,
  PRICES,
  SUPPLY,
  CMP,
  SHELL,
  COMMS,
]);

export function findRoute(host: string, method: string, path: string): RouteRule | undefined {
  const h = host.toLowerCase();
  const m = method.toUpperCase();
  return ROUTES.find((r) => r.host === h && (r.method === '*' || r.method === m) && r.pattern.test(path));
}

/** Replaces ids in a path by placeholders: `/reports/300000357/details` → `/reports/{id}/details`. */
export function pathPattern(path: string): string {
  return path
    .split('/')
    .map((s) => (/^\d+$/.test(s) ? '{id}' : /^[0-9a-f-]{32,36}$/i.test(s) ? '{uuid}' : s))
    .join('/');
}
