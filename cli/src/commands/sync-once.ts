import { DATASETS, type Dataset } from '@joycity/db';
import { ConfigError } from '@joycity/shared/errors';
import { createLogger } from '@joycity/shared/logger';
import { loadSyncWorkerConfig, syncOnce, SyncOnceError } from '@joycity/sync-worker';
import { CommandError, requireString, UsageError, type Command } from '../command.ts';

/**
 * One sync pass by hand, in this process, through the worker's own code: leased like the worker's passes (a
 * dataset a running worker holds is reported busy), recorded in sync_runs with trigger `manual` (or
 * `backfill` for an account's first pass). Reads the worker's settings (WB_UPSTREAM_OVERRIDE, WB_TIME_SCALE,
 * SYNC_*) from the environment.
 */
export const syncOnceCommand: Command = {
  name: 'sync:once',
  summary: "Run one sync pass of an account's datasets now (all, or --dataset)",
  usage: `sync:once --account ID [--dataset ${DATASETS.join('|')}]`,
  options: { account: { type: 'string' }, dataset: { type: 'string' } },
  async run(ctx, values) {
    const accountId = Number(requireString(values, 'account'));
    if (!Number.isInteger(accountId) || accountId <= 0)
      throw new UsageError('--account must be a positive integer');
    const dataset = values.dataset as string | undefined;
    if (dataset !== undefined && !DATASETS.includes(dataset as Dataset)) {
      throw new UsageError(`--dataset must be one of ${DATASETS.join(', ')}`);
    }
    const url = (await ctx.db()).url;
    let config;
    try {
      config = loadSyncWorkerConfig({ ...ctx.env, DATABASE_URL: url });
    } catch (err) {
      if (err instanceof ConfigError) throw new UsageError(err.message);
      throw err;
    }
    const logger = createLogger({
      service: 'sync-once',
      level: ctx.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn',
    });
    let results;
    try {
      results = await syncOnce(config, logger, {
        accountId,
        ...(dataset ? { dataset: dataset as Dataset } : {}),
      });
    } catch (err) {
      if (err instanceof SyncOnceError) throw new CommandError(err.message);
      throw err;
    }
    const rows = results.map((r) =>
      'requests' in r
        ? [
            r.dataset,
            r.status,
            String(r.requests),
            String(r.rowsReceived),
            String(r.rowsWritten),
            `${r.durationMs} ms`,
            r.error ?? '',
          ]
        : [r.dataset, 'busy (another worker holds it)', '', '', '', '', ''],
    );
    const header = ['DATASET', 'STATUS', 'REQUESTS', 'RECEIVED', 'WRITTEN', 'DURATION', 'ERROR'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows])
      ctx.out(
        row
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
    const failed = results.filter((r) => r.status !== 'succeeded');
    if (failed.length > 0) throw new CommandError(`${failed.map((r) => r.dataset).join(', ')}: not synced`);
  },
};
