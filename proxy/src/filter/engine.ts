import {
  appendAudit,
  balanceForUser,
  orderDayFigures,
  recordRouteObservation,
  reportFiguresForUser,
  type Database,
} from '@joycity/db';
import type { Logger } from '@joycity/shared/logger';
import { moscowDate } from '@joycity/shared/time';
import { Counter, type Registry } from 'prom-client';
import { filterExport, type ExportKind } from '../excel/export-filter.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';
import { deepFilter, sampleShape, type EmbeddedFile, type FilterStats } from './deep-filter.ts';
import { FilterError } from './errors.ts';
import { encodeJson, isJsonContentType, isRecord, parseJson } from './json-codec.ts';
import { clientPage, guardRequestSync, requestJson, type GuardDecision } from './request-guard.ts';
import { FILTERED_HOSTS, findRoute, pathPattern, type RouteRule } from './route-table.ts';
import { sumsView } from './strategies/finance.ts';
import { StatusAnswer, type FinanceSource, type PageRequest, type RequestContext } from './types.ts';

/** How one answer will be filtered: decided from the request alone (before WB answers). */
export interface FilterPlan {
  ctx: RequestContext;
  /** The specific rule, or undefined for the generic deep filter. */
  route: RouteRule | undefined;
  routeId: string;
  page: PageRequest | undefined;
  request: unknown;
}

export interface UpstreamAnswer {
  status: number;
  contentType: string | undefined;
  /** Already decompressed. */
  body: Uint8Array;
}

export interface FilteredAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
  stats: FilterStats;
}

export interface FilterEngineOptions {
  db: Database;
  logger: Logger;
  /** Registers `joycity_proxy_*` metrics there (default: none registered). */
  registry?: Registry;
  /** Clock for the balance's "today" (tests). */
  now?: () => Date;
}

export interface FilterEngine {
  guardRequest(ctx: RequestContext, visible: VisibleSet): Promise<GuardDecision>;
  planResponse(ctx: RequestContext): FilterPlan | null;
  applyResponseFilter(plan: FilterPlan, answer: UpstreamAnswer, visible: VisibleSet): Promise<FilteredAnswer>;
  /** Audit: every export and every denial, with user, route and counts. */
  audit(event: FilterAuditEvent): Promise<void>;
  readonly finance: FinanceSource;
}

export interface FilterAuditEvent {
  kind: 'export' | 'deny' | 'filter-error';
  userId: string;
  userEmail?: string | null;
  accountId: number;
  host: string;
  method: string;
  path: string;
  code?: string;
  stats?: FilterStats;
  ip?: string | null;
}

const STATIC_TYPES =
  /^(text\/(html|css|javascript|plain|event-stream)|application\/(javascript|manifest\+json)|image\/|font\/|application\/font|application\/wasm)/i;
const EXPORT_TYPES = /(spreadsheetml|ms-excel|application\/zip|application\/x-zip|octet-stream|text\/csv)/i;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function exportType(kind: ExportKind): string {
  return kind === 'xlsx' ? XLSX_TYPE : kind === 'zip' ? 'application/zip' : 'text/csv; charset=utf-8';
}

/**
 * The filtering engine the proxy pipeline calls per request, after auth (README "Filtering"):
 * `guardRequest` before forwarding, `planResponse` to know whether the answer must be buffered and filtered,
 * `applyResponseFilter` on the decompressed answer. It fails closed: an answer it cannot understand on a
 * filtered route throws {@link FilterError}; the pipeline answers with `filterErrorBody(err)`.
 *
 * @example
 * const engine = createFilterEngine({ db, logger, registry });
 * const decision = await engine.guardRequest(ctx, visible);
 * const plan = engine.planResponse(ctx);
 * const out = plan ? await engine.applyResponseFilter(plan, upstream, visible) : null;
 */
export function createFilterEngine(options: FilterEngineOptions): FilterEngine {
  const { db, logger } = options;
  const now = options.now ?? (() => new Date());
  const metrics = {
    filtered: new Counter({
      name: 'joycity_proxy_filtered_answers_total',
      help: 'Answers filtered, by route id (generic = the deep filter)',
      labelNames: ['route'],
      registers: options.registry ? [options.registry] : [],
    }),
    unmapped: new Counter({
      name: 'joycity_proxy_unmapped_route_answers_total',
      help: 'Answers on routes without a specific rule (the generic deep filter handled them)',
      labelNames: ['host'],
      registers: options.registry ? [options.registry] : [],
    }),
    refused: new Counter({
      name: 'joycity_proxy_filter_refusals_total',
      help: 'Answers replaced because the filter could not decide, by code',
      labelNames: ['code'],
      registers: options.registry ? [options.registry] : [],
    }),
  };

  const finance: FinanceSource = {
    reportFigures: (visible, reportIds) =>
      reportFiguresForUser(db, { accountId: visible.accountId, userId: visible.userId, reportIds }),
    async orderDays(visible, days) {
      const out = new Map(days.map((d) => [d, { ordersCount: 0, ordersSum: 0, cancelCount: 0 }]));
      const kop = new Map<string, number>();
      for (const f of await orderDayFigures(db, { accountId: visible.accountId, days })) {
        const day = out.get(f.day);
        if (!day || !visible.visibleAt(f.nmId, f.day)) continue;
        day.ordersCount += f.orders;
        day.cancelCount += f.cancels;
        kop.set(f.day, (kop.get(f.day) ?? 0) + Math.round(Number(f.ordersSum) * 100));
      }
      for (const [d, k] of kop) out.get(d)!.ordersSum = k / 100;
      return out;
    },
  };

  const observed = new Map<string, number>();
  function observe(ctx: RequestContext, value: unknown): void {
    const pattern = pathPattern(ctx.path);
    const key = `${ctx.host} ${ctx.method} ${pattern}`;
    const last = observed.get(key) ?? 0;
    metrics.unmapped.inc({ host: ctx.host });
    if (Date.now() - last < 60_000) return;
    observed.set(key, Date.now());
    const shape = sampleShape(value);
    recordRouteObservation(db, {
      host: ctx.host,
      method: ctx.method,
      pathPattern: pattern,
      sampleShape: isRecord(shape) ? shape : { root: shape },
    }).catch((err: unknown) => logger.warn({ err, route: key }, 'could not record an unmapped route'));
  }

  async function balanceAnswer(visible: VisibleSet): Promise<GuardDecision> {
    const b = await balanceForUser(db, {
      accountId: visible.accountId,
      userId: visible.userId,
      today: moscowDate(now()),
    });
    const data = {
      currency: 'RUB',
      current: Number(b.current),
      forWithdraw: Number(b.forWithdraw),
      currentPeriod: {
        dateFrom: b.since,
        dateTo: b.today,
        reports: b.dailyReports,
        ...sumsView(b.currentPeriod),
      },
      lastReport: b.lastReport
        ? {
            id: Number(b.lastReport.id),
            dateFrom: b.lastReport.dateFrom,
            dateTo: b.lastReport.dateTo,
            bankPaymentSum: Number(b.lastReport.bankPayment),
          }
        : null,
    };
    return {
      action: 'answer',
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      body: encodeJson({ data, error: false, errorText: '', additionalErrors: null }),
    };
  }

  async function filterFiles(files: EmbeddedFile[], visible: VisibleSet, stats: FilterStats): Promise<void> {
    for (const f of files) {
      const r = await filterExport(f.bytes, visible);
      stats.kept += r.stats.kept;
      stats.removed += r.stats.removed;
      (f.holder as Record<string | number, unknown>)[f.key] = r.bytes.toString('base64');
    }
  }

  async function genericJson(
    plan: FilterPlan,
    answer: UpstreamAnswer,
    visible: VisibleSet,
  ): Promise<FilteredAnswer> {
    const value = parseJson(answer.body, plan.routeId);
    const stats: FilterStats = { kept: 0, removed: 0 };
    const files: EmbeddedFile[] = [];
    const out = deepFilter(value, visible, stats, { files });
    await filterFiles(files, visible, stats);
    return {
      status: answer.status,
      contentType: answer.contentType ?? 'application/json',
      body: encodeJson(out),
      stats,
    };
  }

  async function apply(
    plan: FilterPlan,
    answer: UpstreamAnswer,
    visible: VisibleSet,
  ): Promise<FilteredAnswer> {
    const route = plan.route;
    const type = answer.contentType ?? '';
    const ok = answer.status >= 200 && answer.status < 300;
    if (answer.body.length === 0 && (answer.status === 204 || !ok))
      return { status: answer.status, contentType: type, body: answer.body, stats: { kept: 0, removed: 0 } };
    if (!ok) {
      // Error answers: JSON goes through the deep filter; anything else is not passed on.
      if (isJsonContentType(type)) return genericJson(plan, answer, visible);
      throw new FilterError(
        'FILTER_UPSTREAM_ERROR',
        `${plan.routeId}: WB answered ${answer.status} with ${type || 'no content type'}`,
      );
    }
    if (!route) {
      if (isJsonContentType(type)) {
        const r = await genericJson(plan, answer, visible);
        observe(plan.ctx, parseJson(answer.body, plan.routeId));
        metrics.filtered.inc({ route: 'generic' });
        return r;
      }
      if (EXPORT_TYPES.test(type)) {
        const r = await filterExport(answer.body, visible);
        return { status: answer.status, contentType: exportType(r.kind), body: r.bytes, stats: r.stats };
      }
      if (STATIC_TYPES.test(type))
        return {
          status: answer.status,
          contentType: type,
          body: answer.body,
          stats: { kept: 0, removed: 0 },
        };
      throw new FilterError(
        'FILTER_WRONG_CONTENT_TYPE',
        `${plan.routeId}: cannot filter ${type || 'an answer without a content type'}`,
      );
    }
    metrics.filtered.inc({ route: route.id });
    switch (route.kind) {
      case 'json': {
        if (!isJsonContentType(type))
          throw new FilterError(
            'FILTER_WRONG_CONTENT_TYPE',
            `${route.id}: expected JSON, got ${type || 'nothing'}`,
          );
        const body = parseJson(answer.body, route.id);
        const stats: FilterStats = { kept: 0, removed: 0 };
        const result = await route.filter({
          body,
          visible,
          stats,
          ctx: plan.ctx,
          page: plan.page,
          request: plan.request,
          finance,
        });
        if (result instanceof StatusAnswer)
          return { status: result.status, contentType: type, body: encodeJson(result.body), stats };
        return { status: answer.status, contentType: type, body: encodeJson(result), stats };
      }
      case 'export': {
        if (isJsonContentType(type)) return genericJson(plan, answer, visible);
        if (!EXPORT_TYPES.test(type))
          throw new FilterError(
            'FILTER_WRONG_CONTENT_TYPE',
            `${route.id}: expected a file, got ${type || 'nothing'}`,
          );
        const expected = route.format === 'auto' ? undefined : route.format;
        const r = await filterExport(answer.body, visible, expected === 'zip' ? undefined : expected);
        return { status: answer.status, contentType: type, body: r.bytes, stats: r.stats };
      }
      case 'base64-export': {
        if (EXPORT_TYPES.test(type)) {
          const r = await filterExport(answer.body, visible);
          return { status: answer.status, contentType: type, body: r.bytes, stats: r.stats };
        }
        if (!isJsonContentType(type))
          throw new FilterError(
            'FILTER_WRONG_CONTENT_TYPE',
            `${route.id}: expected JSON, got ${type || 'nothing'}`,
          );
        const body = parseJson(answer.body, route.id);
        let holder: unknown = body;
        for (const k of route.path.slice(0, -1)) holder = isRecord(holder) ? holder[k] : undefined;
        const last = route.path[route.path.length - 1]!;
        const b64 = isRecord(holder) ? holder[last] : undefined;
        if (!isRecord(holder) || typeof b64 !== 'string' || b64.length === 0)
          throw new FilterError('FILTER_UNEXPECTED_SHAPE', `${route.id}: no file at ${route.path.join('.')}`);
        const r = await filterExport(Buffer.from(b64, 'base64'), visible);
        holder[last] = r.bytes.toString('base64');
        return { status: answer.status, contentType: type, body: encodeJson(body), stats: r.stats };
      }
      default:
        return {
          status: answer.status,
          contentType: type,
          body: answer.body,
          stats: { kept: 0, removed: 0 },
        };
    }
  }

  return {
    finance,
    async guardRequest(ctx, visible) {
      const decision = guardRequestSync(ctx, visible);
      if (decision.action === 'forward' && decision.route?.kind === 'balance') return balanceAnswer(visible);
      if (decision.action !== 'forward') return decision;
      return decision.rewrite ? { action: 'forward', rewrite: decision.rewrite } : { action: 'forward' };
    },
    planResponse(ctx) {
      const host = ctx.host.toLowerCase();
      if (!FILTERED_HOSTS.has(host)) return null;
      const route = findRoute(host, ctx.method, ctx.path);
      if (route && (route.kind === 'pass' || route.kind === 'deny' || route.kind === 'balance')) return null;
      const request = requestJson(ctx);
      const page =
        route?.kind === 'json' && route.paging && route.paging.in !== 'rpc'
          ? clientPage(route.paging, ctx, request)
          : undefined;
      return {
        ctx,
        route,
        routeId: route?.id ?? `generic ${ctx.method} ${host}${pathPattern(ctx.path)}`,
        page,
        request,
      };
    },
    async applyResponseFilter(plan, answer, visible) {
      try {
        return await apply(plan, answer, visible);
      } catch (err) {
        if (err instanceof FilterError) metrics.refused.inc({ code: err.code });
        throw err;
      }
    },
    async audit(event) {
      await appendAudit(db, {
        action:
          event.kind === 'export'
            ? 'proxy.export'
            : event.kind === 'deny'
              ? 'proxy.deny'
              : 'proxy.filter_error',
        outcome: event.kind === 'export' ? 'success' : event.kind === 'deny' ? 'denied' : 'failure',
        actor_user_id: event.userId,
        actor_email: event.userEmail ?? null,
        target_type: 'wb_route',
        target_id: `${event.method} ${event.host}${pathPattern(event.path)}`,
        ip: event.ip ?? null,
        details: {
          accountId: event.accountId,
          ...(event.code ? { code: event.code } : {}),
          ...(event.stats ? { kept: event.stats.kept, removed: event.stats.removed } : {}),
        },
      });
    },
  };
}

/** Whether a plan's answer is an export (the pipeline audits those with {@link FilterEngine.audit}). */
export function isExportPlan(plan: FilterPlan): boolean {
  return plan.route?.kind === 'export' || plan.route?.kind === 'base64-export';
}
