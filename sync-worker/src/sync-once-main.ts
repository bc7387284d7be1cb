// A pass in its own process: `node src/sync-once-main.ts --account 1 [--dataset finance]`. The crash tests
// kill it with SIGKILL at random points; operators use `npm run cli -- sync:once`, which runs the same code.
import { parseArgs } from 'node:util';
import { createLogger } from '@joycity/shared/logger';
import type { Dataset } from '@joycity/db';
import { loadSyncWorkerConfig } from './config.ts';
import { syncOnce } from './sync-once.ts';

const { values } = parseArgs({ options: { account: { type: 'string' }, dataset: { type: 'string' } } });
const config = loadSyncWorkerConfig();
const logger = createLogger({ service: 'sync-once', level: config.LOG_LEVEL });
const results = await syncOnce(config, logger, {
  accountId: Number(values.account),
  ...(values.dataset ? { dataset: values.dataset as Dataset } : {}),
});
process.stdout.write(`${JSON.stringify(results)}\n`);
process.exitCode = results.every((r) => r.status === 'succeeded') ? 0 : 1;
