import { createPostgresCoordinator } from './postgres-coordinator.ts';
import { createRedisCoordinator } from './redis-coordinator.ts';
import type { Coordinator } from './types.ts';

/**
 * Picks the adapter from the configuration: Redis when `REDIS_URL` is set, PostgreSQL otherwise.
 *
 * @example
 * const coordinator = await createCoordinator({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
 */
export async function createCoordinator(options: {
  databaseUrl: string;
  redisUrl?: string | undefined;
  namespace?: string;
}): Promise<Coordinator> {
  const namespace = options.namespace ?? 'joycity';
  return options.redisUrl
    ? createRedisCoordinator({ url: options.redisUrl, namespace })
    : createPostgresCoordinator({ connectionString: options.databaseUrl, namespace });
}
