import { coordinatorContract } from './coordinator-contract.ts';
import { createRedisCoordinator } from './redis-coordinator.ts';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

coordinatorContract('redis', {
  async setup() {
    return {
      open: (namespace) => createRedisCoordinator({ url, namespace }),
      backend: { kind: 'redis', url },
    };
  },
});
