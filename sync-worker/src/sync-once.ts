import { DATASETS, type Dataset } from '@joycity/db';
import type { Logger } from '@joycity/shared/logger';
import { openSyncDeps } from './build-deps.ts';
import type { SyncWorkerConfig } from './config.ts';
import { runOnce, type PassResult } from './run-pass.ts';

export class SyncOnceError extends Error {
  readonly code = 'SYNC_ONCE_FAILED';
}

/**
 * One pass by hand over an account's datasets (all, or one), in this process: what `npm run cli -- sync:once`
 * runs. Each dataset is leased like the worker's own passes, so it never runs beside a worker on the same
 * (account, dataset); a dataset another worker holds is reported as `busy`.
 */
export async function syncOnce(
  config: SyncWorkerConfig,
  logger: Logger,
  target: { accountId: number; dataset?: Dataset },
): Promise<Array<PassResult | { accountId: number; dataset: Dataset; status: 'busy' }>> {
  if (target.dataset !== undefined && !DATASETS.includes(target.dataset)) {
    throw new SyncOnceError(`unknown dataset '${String(target.dataset)}'; one of ${DATASETS.join(', ')}`);
  }
  const deps = await openSyncDeps(config, logger, 'sync-once');
  try {
    const account = await deps.db
      .selectFrom('accounts')
      .select(['id', 'key_status'])
      .where('id', '=', target.accountId)
      .executeTakeFirst();
    if (!account) throw new SyncOnceError(`no account with id ${target.accountId}`);
    const results = [];
    for (const dataset of target.dataset ? [target.dataset] : DATASETS) {
      const result = await runOnce(deps, { accountId: target.accountId, dataset });
      results.push(result ?? { accountId: target.accountId, dataset, status: 'busy' as const });
    }
    return results;
  } finally {
    await deps.close();
  }
}
