export { createCoordinator } from './create-coordinator.ts';
export { createRedisCoordinator, type RedisCoordinatorOptions } from './redis-coordinator.ts';
export { createPostgresCoordinator, type PostgresCoordinatorOptions } from './postgres-coordinator.ts';
export {
  assertTokenBucket,
  CoordinationError,
  LockTimeoutError,
  type Coordinator,
  type LockOptions,
  type TakeResult,
  type TokenBucket,
  type Unsubscribe,
} from './types.ts';
export { publishEvent, subscribeEvent, type Channel, type ChannelMessages } from './channels.ts';
