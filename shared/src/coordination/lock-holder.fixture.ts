// Test fixture: takes a lock, tells the parent, and holds it until killed. Used by the contract's crash test.
import { createPostgresCoordinator } from './postgres-coordinator.ts';
import { createRedisCoordinator } from './redis-coordinator.ts';

const [kind, url, namespace] = process.argv.slice(2) as ['redis' | 'postgres', string, string];
const coordinator =
  kind === 'redis'
    ? await createRedisCoordinator({ url, namespace })
    : await createPostgresCoordinator({ connectionString: url, namespace });
await coordinator.withLock('orphan', { waitMs: 5_000, ttlMs: 1_000 }, async () => {
  process.send?.('locked');
  await new Promise(() => undefined);
});
