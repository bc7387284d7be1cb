import { setTimeout as sleep } from 'node:timers/promises';
import { claimDueSync, ensureSyncStates } from '@joycity/db';
import { runLeasedPass, type PassResult, type SyncDeps } from './run-pass.ts';

/**
 * The continuous loop: every poll it creates the sync rows of new accounts (their backfill is due at once),
 * then claims due (account, dataset) leases (`FOR UPDATE SKIP LOCKED`) up to `concurrency` and runs them.
 * N replicas share the work; a crashed replica's leases expire and are claimed again. Stops when `signal`
 * aborts, after the passes in flight end.
 */
export async function runWorkerLoop(
  deps: SyncDeps,
  options: { concurrency: number; pollMs: number; signal: AbortSignal; onPass?: (r: PassResult) => void },
): Promise<void> {
  const running = new Set<Promise<void>>();
  while (!options.signal.aborted) {
    try {
      await ensureSyncStates(deps.db);
      while (running.size < options.concurrency && !options.signal.aborted) {
        const lease = await claimDueSync(deps.db, { owner: deps.workerId, leaseMs: deps.leaseMs });
        if (!lease) break;
        const p: Promise<void> = runLeasedPass(
          deps,
          lease,
          lease.backfillCompletedAt ? 'schedule' : 'backfill',
        )
          .then((r) => options.onPass?.(r))
          .catch((err: unknown) => deps.logger.error({ err }, 'sync pass crashed'))
          .finally(() => running.delete(p));
        running.add(p);
      }
    } catch (err) {
      deps.logger.error({ err }, 'sync scheduling failed');
    }
    await Promise.race([
      sleep(options.pollMs, undefined, { signal: options.signal }).catch(() => undefined),
      ...(running.size >= options.concurrency ? [Promise.race(running)] : []),
    ]);
  }
  await Promise.allSettled([...running]);
}
