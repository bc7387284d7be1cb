import { commonEnvShape as env, loadConfig, portSchema } from '@joycity/shared/config';
import { z } from 'zod';

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

/** Everything the sync worker reads from the environment, validated at start-up. */
export const syncWorkerEnvShape = {
  NODE_ENV: env.NODE_ENV,
  LOG_LEVEL: env.LOG_LEVEL,
  DATABASE_URL: env.DATABASE_URL,
  REDIS_URL: env.REDIS_URL,
  WB_UPSTREAM_OVERRIDE: env.WB_UPSTREAM_OVERRIDE,
  APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY,
  /** Health and metrics only; the worker serves no users. */
  SYNC_WORKER_PORT: portSchema(8090),
  /** Divides every WB interval the worker waits for (rate limits, Retry headers, backoff): the emulator's time scale. */
  WB_TIME_SCALE: z.coerce.number().positive().max(1_000_000).default(1),
  /** First day of finance history a new account gets. */
  SYNC_FINANCE_START: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .default('2025-01-01'),
  /** Report periods synced from finance-api. */
  SYNC_FINANCE_PERIODS: z
    .string()
    .default('weekly,daily')
    .transform((v) => v.split(',').map((p) => p.trim()))
    .pipe(z.array(z.enum(['weekly', 'daily'])).min(1)),
  /** Fall back to statistics-api v5 reportDetailByPeriod when finance-api answers 404 (off: WB switched v5 off). */
  SYNC_FINANCE_V5_FALLBACK: bool(false),
  /** Days of orders and sales history a new account gets (WB keeps 90). */
  SYNC_BACKFILL_DAYS: z.coerce.number().int().min(1).max(90).default(90),
  /** How far back an incremental orders/sales pass re-reads before its cursor (late rows, clock skew). */
  SYNC_STATS_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Rows per INSERT batch. */
  SYNC_BATCH_ROWS: z.coerce.number().int().min(1).max(50_000).default(2_000),
  /**
   * Connections per finance pass that parse batches into JSONB in parallel with the page's transaction (the
   * parse is most of the ingest's database CPU); 0 parses inside the transaction.
   */
  SYNC_PARSE_CONNECTIONS: z.coerce.number().int().min(0).max(8).default(2),
  /** Page sizes asked of WB (their maxima by default; smaller pages mean more, shorter transactions). */
  SYNC_FINANCE_PAGE_ROWS: z.coerce.number().int().min(1).max(100_000).default(100_000),
  SYNC_STOCKS_PAGE_ROWS: z.coerce.number().int().min(1).max(250_000).default(250_000),
  SYNC_CARDS_PAGE_ROWS: z.coerce.number().int().min(1).max(100).default(100),
  /** Lease length; a heartbeat renews it every third of it. A crashed worker's lease expires after this. */
  SYNC_LEASE_SECONDS: z.coerce.number().positive().default(60),
  /** How often an idle worker looks for due work. */
  SYNC_POLL_MS: z.coerce.number().int().min(10).default(2_000),
  /** (account, dataset) pairs one worker runs at once. */
  SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Identifies this replica in leases and runs (default: host name and pid). */
  SYNC_WORKER_ID: z.string().min(1).max(200).optional(),
};

export function loadSyncWorkerConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(syncWorkerEnvShape, source);
}

export type SyncWorkerConfig = ReturnType<typeof loadSyncWorkerConfig>;
