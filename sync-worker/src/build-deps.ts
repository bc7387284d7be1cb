import { hostname } from 'node:os';
import { createDb } from '@joycity/db';
import { createCoordinator } from '@joycity/shared/coordination';
import { createSecretBox } from '@joycity/shared/crypto';
import type { Logger } from '@joycity/shared/logger';
import { createWbHttp } from '@joycity/shared/wb';
import type { SyncWorkerConfig } from './config.ts';
import type { DatasetSettings } from './datasets/context.ts';
import { DEFAULT_RETRY_POLICY } from './retry/retry-policy.ts';
import type { SyncDeps } from './run-pass.ts';

/** The dataset settings a configuration describes. */
export function settingsFrom(config: SyncWorkerConfig): DatasetSettings {
  return {
    financeStart: config.SYNC_FINANCE_START,
    financePeriods: config.SYNC_FINANCE_PERIODS,
    financeV5Fallback: config.SYNC_FINANCE_V5_FALLBACK,
    backfillDays: config.SYNC_BACKFILL_DAYS,
    statsOverlapSeconds: config.SYNC_STATS_OVERLAP_SECONDS,
    batchRows: config.SYNC_BATCH_ROWS,
    parseConnections: config.SYNC_PARSE_CONNECTIONS,
    pageSizes: {
      finance: config.SYNC_FINANCE_PAGE_ROWS,
      stocks: config.SYNC_STOCKS_PAGE_ROWS,
      cards: config.SYNC_CARDS_PAGE_ROWS,
    },
  };
}

/**
 * Opens what a sync process needs from its configuration (the worker's main and `sync:once`). `close()`
 * releases the database pool and the coordinator.
 */
export async function openSyncDeps(
  config: SyncWorkerConfig,
  logger: Logger,
  applicationName = 'sync-worker',
): Promise<SyncDeps & { close(): Promise<void> }> {
  // Each running pass holds its page transaction plus up to SYNC_PARSE_CONNECTIONS parsing connections.
  const max = config.SYNC_CONCURRENCY * (1 + config.SYNC_PARSE_CONNECTIONS) + 2;
  const db = createDb({ connectionString: config.DATABASE_URL, role: 'app', applicationName, max });
  const coordinator = await createCoordinator({
    databaseUrl: config.DATABASE_URL,
    redisUrl: config.REDIS_URL,
  });
  return {
    db,
    coordinator,
    box: createSecretBox(config.APP_ENCRYPTION_KEY),
    http: createWbHttp({ upstreamOverride: config.WB_UPSTREAM_OVERRIDE }),
    logger,
    workerId: config.SYNC_WORKER_ID ?? `${hostname()}:${process.pid}`,
    leaseMs: config.SYNC_LEASE_SECONDS * 1000,
    timeScale: config.WB_TIME_SCALE,
    policy: DEFAULT_RETRY_POLICY,
    settings: settingsFrom(config),
    close: async () => {
      await coordinator.close();
      await db.destroy();
    },
  };
}
