import type { Logger } from '@joycity/shared/logger';
import type { FilterAuditEvent, FilterEngine, FilterPlan } from '../filter/engine.ts';
import { isExportPlan } from '../filter/engine.ts';
import { FilterError } from '../filter/errors.ts';
import { FILTERED_HOSTS } from '../filter/route-table.ts';
import type { RequestContext } from '../filter/types.ts';
import type { VisibleSetProvider } from '../visibility/provider.ts';
import type { VisibleSet } from '../visibility/visible-set.ts';
import {
  FilterFailedError,
  type FilterExtension,
  type FilterRequestContext,
  type GuardDecision,
  type LiveFilter,
} from './extension.ts';
import { filterLiveEvent, filterLiveFrame } from '../filter/live-messages.ts';

export interface NmFilterOptions {
  engine: FilterEngine;
  visibleSets: VisibleSetProvider;
  logger: Logger;
  /** Clock for the visible set's month (tests). */
  now?: () => Date;
}

/** A plan of the engine with the visible set it was made for (one set per request: no mid-request change). */
export interface NmPlan {
  plan: FilterPlan;
  visible: VisibleSet;
  ctx: FilterRequestContext;
}

/** Answers that are files: audited as exports even on routes without a specific rule. */
const FILE_TYPES = /(spreadsheetml|ms-excel|application\/(zip|x-zip|octet-stream)|text\/csv)/i;

/** The engine's view of a request: the real WB host, the path, the query and body as they go upstream. */
export function engineContext(ctx: FilterRequestContext): RequestContext {
  return {
    host: ctx.wbHost,
    method: ctx.method,
    path: ctx.path,
    search: new URLSearchParams(ctx.search),
    body: ctx.body,
    contentType: ctx.headers['content-type'],
  };
}

/**
 * The filtering engine (issue 6) behind the pipeline's extension point: every request of a manager is guarded
 * with their visible set (articles assigned in the current account, cached, dropped on `assignments.changed`),
 * every answer of a filtered route is buffered and cut to that set; whatever the engine cannot decide is
 * refused with its code (fail closed). Every denial, export and refusal is written to the audit log.
 *
 * @example
 * const filter = createNmFilter({ engine: createFilterEngine({ db, logger }), visibleSets, logger });
 * await startProxyServer({ config, db, coordinator, logger, filter }, { port });
 */
export function createNmFilter(options: NmFilterOptions): FilterExtension<NmPlan> {
  const { engine, visibleSets, logger } = options;
  const now = options.now ?? (() => new Date());

  const visibleFor = (ctx: FilterRequestContext) => visibleSets.get(ctx.userId, ctx.accountId, now());

  async function audit(ctx: FilterRequestContext, event: Omit<FilterAuditEvent, keyof AuditBase>) {
    try {
      await engine.audit({
        userId: ctx.userId,
        userEmail: ctx.userEmail,
        accountId: ctx.accountId,
        host: ctx.wbHost,
        method: ctx.method,
        path: ctx.path,
        ip: ctx.ip ?? null,
        ...event,
      });
    } catch (err) {
      // The decision stands (a denial is still refused, an export still filtered); the failure is loud.
      logger.error({ err, kind: event.kind, path: ctx.path }, 'could not audit a filter decision');
    }
  }

  return {
    // Event streams of filtered hosts are forwarded: the pipeline filters them event by event (liveFilter).
    async guardRequest(ctx): Promise<GuardDecision> {
      const decision = await engine.guardRequest(engineContext(ctx), await visibleFor(ctx));
      switch (decision.action) {
        case 'deny':
          await audit(ctx, { kind: 'deny', code: decision.code });
          return { action: 'deny', status: decision.status, code: decision.code, message: decision.reason };
        case 'answer':
          return {
            action: 'answer',
            status: decision.status,
            headers: decision.headers,
            body: decision.body,
          };
        case 'forward': {
          const r = decision.rewrite;
          if (!r) return { action: 'forward' };
          return {
            action: 'forward',
            rewrite: {
              ...(r.search ? { search: r.search.size > 0 ? `?${r.search.toString()}` : '' } : {}),
              ...(r.body ? { body: r.body } : {}),
            },
          };
        }
      }
    },
    async planResponse(ctx) {
      // The plan reads the client's request (its page), not the widened one sent upstream.
      const plan = engine.planResponse(engineContext(ctx));
      if (plan === null) return null;
      return { plan, visible: await visibleFor(ctx), ctx };
    },
    async applyResponseFilter({ plan, visible, ctx }, input) {
      let out;
      try {
        out = await engine.applyResponseFilter(
          plan,
          { status: input.status, contentType: input.contentType || undefined, body: input.body },
          visible,
        );
      } catch (err) {
        if (err instanceof FilterError) {
          await audit(ctx, { kind: 'filter-error', code: err.code });
          throw new FilterFailedError(err.code, err.message, { cause: err });
        }
        throw err;
      }
      if (isExportPlan(plan) || FILE_TYPES.test(out.contentType))
        await audit(ctx, { kind: 'export', stats: out.stats });
      return { body: out.body, contentType: out.contentType, status: out.status };
    },
    liveFilter(ctx): LiveFilter | null {
      if (!FILTERED_HOSTS.has(ctx.wbHost.toLowerCase())) return null;
      // The set is asked for per message (it is cached): an assignment change applies to open channels too.
      return {
        async frame(text) {
          return filterLiveFrame(text, await visibleFor(ctx));
        },
        async event(event, data) {
          const d = filterLiveEvent(event, data, await visibleFor(ctx));
          return d.action === 'pass' ? { action: 'pass', text: d.data } : d;
        },
      };
    },
  };
}

type AuditBase = Pick<
  FilterAuditEvent,
  'userId' | 'userEmail' | 'accountId' | 'host' | 'method' | 'path' | 'ip'
>;
