import { createTestDatabase, type TestDatabase } from '@joycity/db/testing';
import { coordinatorContract } from './coordinator-contract.ts';
import { createPostgresCoordinator } from './postgres-coordinator.ts';

let tdb: TestDatabase;

coordinatorContract('postgres', {
  async setup() {
    tdb = await createTestDatabase();
    return {
      open: (namespace) => createPostgresCoordinator({ connectionString: tdb.url, namespace }),
      backend: { kind: 'postgres', url: tdb.url },
    };
  },
  async teardown() {
    await tdb.drop();
  },
});
