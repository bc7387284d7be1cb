// `npm start`: runs the whole platform on this machine. Without DATABASE_URL it starts the embedded
// PostgreSQL in .data/postgres; then it migrates and starts every service, and stops them all on Ctrl-C.
import { createDb } from '@joycity/db';
import { migrateToLatest } from '@joycity/db/migrations';
import { createLogger } from '@joycity/shared/logger';
import { resolveDatabase } from './database.ts';
import { availableServices } from './launcher/services.ts';
import { spawnService, stopService, waitHealthy, type RunningService } from './launcher/supervisor.ts';

const logger = createLogger({
  service: 'launcher',
  level: process.env.LOG_LEVEL ?? 'info',
  pretty: process.env.NODE_ENV !== 'production',
});

const running: RunningService[] = [];
let embeddedStop: (() => Promise<void>) | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    logger.info('stopping services');
    await Promise.all(running.map((s) => stopService(s)));
    if (embeddedStop) {
      logger.info('stopping embedded PostgreSQL');
      await embeddedStop();
    }
  }
  process.exit(code);
}

process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  const database = await resolveDatabase(process.env);
  embeddedStop = database.embedded?.stop;
  logger.info(database.embedded ? 'embedded PostgreSQL ready (.data/postgres)' : 'using DATABASE_URL');

  const ownerDb = createDb({
    connectionString: database.url,
    role: 'owner',
    max: 1,
    applicationName: 'joycity-migrate',
  });
  try {
    const applied = await migrateToLatest(ownerDb);
    logger.info({ applied: applied.map((m) => m.migrationName) }, `migrations applied: ${applied.length}`);
  } finally {
    await ownerDb.destroy();
  }

  const env = { ...process.env, DATABASE_URL: database.url, NODE_ENV: process.env.NODE_ENV ?? 'development' };
  for (const definition of availableServices()) {
    await definition.prepare?.((line) => logger.info(line));
  }
  for (const definition of availableServices()) {
    const service = spawnService(definition, env);
    running.push(service);
    service.child.once('exit', (code, signal) => {
      if (stopping) return;
      logger.error(
        { service: definition.name, code, signal },
        'service stopped unexpectedly; stopping the platform',
      );
      void shutdown(1);
    });
  }
  await Promise.all(running.map((s) => waitHealthy(s)));

  const lines = running.map((s) => {
    const url = s.definition.publicUrl?.(env, s.port);
    return `  ${s.definition.name.padEnd(12)} http://127.0.0.1:${s.port}${url ? `   (${url})` : ''}`;
  });
  process.stdout.write(
    [
      '',
      'JoyCity Platform is running:',
      ...lines,
      '',
      'Create the first administrator (in another terminal):',
      '  npm run cli -- admin:create --email admin@example.com --password "a-long-password" --name "Admin"',
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
} catch (err) {
  logger.error({ err }, (err as Error).message);
  await shutdown(1);
}
