import {
  claimSync,
  finishSyncRun,
  findAccountCredentials,
  heartbeatSync,
  markApiKeyInvalid,
  markApiKeyOk,
  releaseSync,
  startSyncRun,
  type Database,
  type Dataset,
  type SyncLease,
} from '@joycity/db';
import type { Coordinator } from '@joycity/shared/coordination';
import { CREDENTIAL_CONTEXTS } from '@joycity/shared/credentials';
import type { SecretBox } from '@joycity/shared/crypto';
import type { Logger } from '@joycity/shared/logger';
import { registerSecretValue } from '@joycity/shared/logger';
import type { WbHttp } from '@joycity/shared/wb';
import { committer, LeaseLostError, type DatasetSettings } from './datasets/context.ts';
import { DATASET_INTERVAL_MS, DATASET_SYNCS } from './datasets/index.ts';
import type { SyncMetrics } from './metrics.ts';
import type { RetryPolicy } from './retry/retry-policy.ts';
import { createWbCaller, WbKeyRejectedError, type CallCounters } from './wb/wb-caller.ts';

/** What a pass needs; built once per process (main.ts, the CLI, tests). */
export interface SyncDeps {
  db: Database;
  coordinator: Coordinator;
  box: SecretBox;
  http: WbHttp;
  logger: Logger;
  workerId: string;
  leaseMs: number;
  timeScale: number;
  policy: RetryPolicy;
  settings: DatasetSettings;
  metrics?: SyncMetrics;
  now?: () => Date;
  random?: () => number;
}

export interface PassResult {
  accountId: number;
  dataset: Dataset;
  status: 'succeeded' | 'failed';
  requests: number;
  rowsReceived: number;
  rowsWritten: number;
  durationMs: number;
  error?: string;
  errorCode?: string;
}

/**
 * Runs one pass of a leased (account, dataset): records a run, renews the lease while it works, syncs page
 * by page (each page's rows and cursor in one transaction), then releases the lease with the outcome. A 401
 * marks the account's key invalid (workers skip the account until the key is replaced); other failures back
 * off (`next_run_at`) by consecutive failures.
 */
export async function runLeasedPass(
  deps: SyncDeps,
  lease: SyncLease,
  trigger: 'schedule' | 'manual' | 'backfill',
): Promise<PassResult> {
  const now = deps.now ?? (() => new Date());
  const started = performance.now();
  const { accountId, dataset } = lease;
  const log = deps.logger.child({ accountId, dataset });
  const runId = await startSyncRun(deps.db, { accountId, dataset, workerId: deps.workerId, trigger });
  const counters: CallCounters = { requests: 0, rateLimited: 0, retries: 0 };
  const counts = { rowsReceived: 0, rowsWritten: 0, pages: 0 };
  const abort = new AbortController();
  const heartbeat = setInterval(
    () => {
      heartbeatSync(deps.db, { owner: deps.workerId, leaseMs: deps.leaseMs, accountId, dataset })
        .then((ours) => {
          if (!ours) abort.abort(new LeaseLostError(accountId, dataset));
        })
        .catch((err: unknown) => log.warn({ err }, 'lease heartbeat failed'));
    },
    Math.max(50, Math.floor(deps.leaseMs / 3)),
  );
  heartbeat.unref();
  let error: unknown;
  try {
    const account = await deps.db
      .selectFrom('accounts')
      .select(['api_key_type'])
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    const creds = await findAccountCredentials(deps.db, accountId);
    if (!creds?.api_key_enc) throw new Error(`account ${accountId} has no API key`);
    const apiKey = deps.box.decrypt(creds.api_key_enc, CREDENTIAL_CONTEXTS.apiKey);
    registerSecretValue(apiKey);
    const callWb = createWbCaller({
      http: deps.http,
      coordinator: deps.coordinator,
      policy: deps.policy,
      timeScale: deps.timeScale,
      ...(deps.random ? { random: deps.random } : {}),
      ...(deps.metrics ? { onResponse: deps.metrics.onResponse } : {}),
    });
    await DATASET_SYNCS[dataset]({
      db: deps.db,
      accountId,
      dataset,
      cursor: lease.cursor,
      backfill: lease.backfillCompletedAt === null,
      key: { accountId, apiKey, keyType: account.api_key_type, counters, signal: abort.signal },
      callWb,
      settings: deps.settings,
      now,
      counts,
      commit: committer({ owner: deps.workerId, accountId, dataset }),
    });
  } catch (err) {
    error = abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason : err;
  } finally {
    clearInterval(heartbeat);
  }

  const durationMs = Math.round(performance.now() - started);
  const base = {
    accountId,
    dataset,
    requests: counters.requests,
    rowsReceived: counts.rowsReceived,
    rowsWritten: counts.rowsWritten,
    durationMs,
  };
  const details = { pages: counts.pages, rateLimited: counters.rateLimited, retries: counters.retries };
  if (error === undefined) {
    await releaseSync(deps.db, {
      owner: deps.workerId,
      accountId,
      dataset,
      nextRunAt: new Date(Date.now() + DATASET_INTERVAL_MS[dataset]),
      outcome: { ok: true },
    });
    await finishSyncRun(deps.db, runId, { ...base, details, status: 'succeeded' });
    await markApiKeyOk(deps.db, accountId);
    deps.metrics?.onPass(dataset, 'succeeded', durationMs, counts.rowsWritten);
    log.info({ ...base, ...details }, 'sync pass succeeded');
    return { ...base, status: 'succeeded' };
  }

  const message = error instanceof Error ? error.message : JSON.stringify(error);
  const code = (error as { code?: unknown }).code;
  if (error instanceof WbKeyRejectedError) await markApiKeyInvalid(deps.db, accountId, message);
  const backoff = Math.min(
    DATASET_INTERVAL_MS[dataset],
    30_000 * 2 ** Math.min(lease.consecutiveFailures, 10),
  );
  if (!(error instanceof LeaseLostError)) {
    await releaseSync(deps.db, {
      owner: deps.workerId,
      accountId,
      dataset,
      nextRunAt: new Date(Date.now() + backoff / deps.timeScale),
      outcome: { ok: false, error: message },
    });
  }
  await finishSyncRun(deps.db, runId, { ...base, details, status: 'failed', error: message });
  deps.metrics?.onPass(dataset, 'failed', durationMs, counts.rowsWritten);
  log.warn({ ...base, err: error }, 'sync pass failed');
  return {
    ...base,
    status: 'failed',
    error: message,
    ...(typeof code === 'string' ? { errorCode: code } : {}),
  };
}

/** Claims one (account, dataset) by hand and runs a pass (`sync:once`). Undefined when another worker holds it. */
export async function runOnce(
  deps: SyncDeps,
  target: { accountId: number; dataset: Dataset },
): Promise<PassResult | undefined> {
  const lease = await claimSync(deps.db, { owner: deps.workerId, leaseMs: deps.leaseMs, ...target });
  if (!lease) return undefined;
  return runLeasedPass(deps, lease, lease.backfillCompletedAt === null ? 'backfill' : 'manual');
}
