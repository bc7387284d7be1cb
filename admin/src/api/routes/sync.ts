import { z, type OpenAPIHono } from '@hono/zod-openapi';
import { DATASETS, listAccounts, listSyncStatus, requestSyncNow, type Dataset } from '@joycity/db';
import { apiRoute, requires } from '../access.ts';
import type { ApiEnv } from '../context.ts';
import { apiError } from '../errors.ts';
import { audit } from '../request-context.ts';
import type { Services } from '../services.ts';
import { errorResponses, json } from '../views.ts';

const tags = ['sync'];
const DatasetSchema = z.enum(DATASETS as [Dataset, ...Dataset[]]);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Warn this long before an API key expires. */
export const KEY_EXPIRY_WARNING_DAYS = 30;

const DatasetStatus = z
  .object({
    dataset: DatasetSchema,
    enabled: z.boolean(),
    running: z.boolean(),
    nextRunAt: z.string().nullable(),
    lastStartedAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lagSeconds: z.number().int().nullable().openapi({ description: 'Seconds since the last success' }),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    consecutiveFailures: z.number().int(),
    backfillCompletedAt: z.string().nullable(),
    lastRun: z
      .object({
        status: z.enum(['running', 'succeeded', 'failed', 'aborted']),
        trigger: z.enum(['schedule', 'manual', 'backfill']),
        startedAt: z.string(),
        finishedAt: z.string().nullable(),
        durationMs: z.number().int().nullable(),
        rowsWritten: z.number().int(),
        requests: z.number().int(),
        error: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('DatasetSyncStatus');

const AccountSyncStatus = z
  .object({
    accountId: z.number().int(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    key: z.object({
      status: z.enum(['unknown', 'ok', 'invalid', 'expired']),
      statusReason: z.string().nullable(),
      expiresAt: z.string().nullable(),
      daysLeft: z.number().int().nullable(),
      expiringSoon: z.boolean().openapi({ description: `Expires within ${KEY_EXPIRY_WARNING_DAYS} days` }),
      categories: z.array(z.string()),
      type: z.string().nullable(),
      test: z.boolean(),
      readOnly: z.boolean().nullable(),
    }),
    datasets: z.array(DatasetStatus),
  })
  .openapi('AccountSyncStatus');

const status = apiRoute(requires('sync.read'), {
  method: 'get',
  path: '/sync/status',
  tags,
  summary: 'Sync status per account and dataset: last success, lag, next run, last error, key health',
  request: { query: z.object({ accountId: z.coerce.number().int().positive().optional() }) },
  responses: {
    200: json(z.object({ items: z.array(AccountSyncStatus), now: z.string() }), 'Sync status'),
    ...errorResponses(401, 403),
  },
});

const runNow = apiRoute(requires('sync.run'), {
  method: 'post',
  path: '/sync/{accountId}/{dataset}/run',
  tags,
  summary: 'Sync now: makes this (account, dataset) due at once; the next free worker takes it',
  request: { params: z.object({ accountId: z.coerce.number().int().positive(), dataset: DatasetSchema }) },
  responses: { 202: json(z.object({ queued: z.literal(true) }), 'Queued'), ...errorResponses(401, 403, 404) },
});

export function registerSyncRoutes(api: OpenAPIHono<ApiEnv>, services: Services): void {
  api.openapi(status, async (c) => {
    const { accountId } = c.req.valid('query');
    const [accounts, states] = await Promise.all([
      listAccounts(services.db),
      listSyncStatus(services.db, accountId),
    ]);
    const now = Date.now();
    const items = accounts
      .filter((a) => accountId === undefined || a.id === accountId)
      .map((a) => {
        const expiresAt = a.api_key_expires_at;
        const daysLeft = expiresAt ? Math.floor((expiresAt.getTime() - now) / 86_400_000) : null;
        const expired = expiresAt !== null && expiresAt.getTime() <= now;
        const own = new Map(states.filter((s) => s.account_id === a.id).map((s) => [s.dataset, s]));
        return {
          accountId: a.id,
          name: a.name,
          status: a.status,
          key: {
            status: expired ? ('expired' as const) : a.key_status,
            statusReason: expired ? 'The key has expired' : a.key_status_reason,
            expiresAt: iso(expiresAt),
            daysLeft,
            expiringSoon: daysLeft !== null && daysLeft < KEY_EXPIRY_WARNING_DAYS,
            categories: a.api_key_categories,
            type: a.api_key_type,
            test: a.api_key_test,
            readOnly: a.api_key_read_only,
          },
          datasets: DATASETS.map((dataset) => {
            const s = own.get(dataset);
            const run = s?.last_run ?? null;
            return {
              dataset,
              enabled: s?.enabled ?? true,
              running: (s?.leased ?? false) || run?.status === 'running',
              nextRunAt: iso(s?.next_run_at ?? null),
              lastStartedAt: iso(s?.last_started_at ?? null),
              lastSuccessAt: iso(s?.last_success_at ?? null),
              lagSeconds: s?.last_success_at
                ? Math.max(0, Math.round((now - s.last_success_at.getTime()) / 1000))
                : null,
              lastError: s?.last_error ?? null,
              lastErrorAt: iso(s?.last_error_at ?? null),
              consecutiveFailures: s?.consecutive_failures ?? 0,
              backfillCompletedAt: iso(s?.backfill_completed_at ?? null),
              lastRun: run
                ? {
                    status: run.status,
                    trigger: run.trigger,
                    startedAt: run.started_at.toISOString(),
                    finishedAt: iso(run.finished_at),
                    durationMs: run.finished_at ? run.finished_at.getTime() - run.started_at.getTime() : null,
                    rowsWritten: run.rows_written,
                    requests: run.requests,
                    error: run.error,
                  }
                : null,
            };
          }),
        };
      });
    return c.json({ items, now: new Date(now).toISOString() }, 200);
  });

  api.openapi(runNow, async (c) => {
    const { accountId, dataset } = c.req.valid('param');
    if (!(await requestSyncNow(services.db, { accountId, dataset }))) {
      throw apiError(404, 'ACCOUNT_NOT_FOUND', `No account with id ${accountId}`);
    }
    await audit(c, services, {
      action: 'sync.requested',
      target_type: 'account',
      target_id: String(accountId),
      details: { dataset },
    });
    return c.json({ queued: true as const }, 202);
  });
}
