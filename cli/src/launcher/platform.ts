import { createDb } from '@joycity/db';
import { migrateToLatest } from '@joycity/db/migrations';
import type { Logger } from '@joycity/shared/logger';
import { resolveDatabase } from '../database.ts';
import { availableServices } from './services.ts';
import { spawnService, stopService, waitHealthy, type RunningService } from './supervisor.ts';

export interface PlatformRun {
  /** The environment every service gets (DATABASE_URL and NODE_ENV filled in). */
  env: NodeJS.ProcessEnv;
  services: RunningService[];
  databaseUrl: string;
  embedded: boolean;
}

export interface PlatformOptions {
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** Runs after the migrations, before any service starts (the demo seeds its data here). */
  beforeServices?: (databaseUrl: string, env: NodeJS.ProcessEnv) => Promise<void>;
  /** Stops what the caller started besides the services (the demo's emulator); runs before the database stops. */
  onStop?: () => Promise<void>;
  /** The lines printed once every service is healthy. */
  banner: (run: PlatformRun) => string[];
}

/**
 * Runs the platform on this machine: the database (the embedded PostgreSQL in DATA_DIR when there is no
 * DATABASE_URL), migrations, then every service as a child process; Ctrl-C (or SIGTERM) stops the services,
 * then what the caller started, then the database. `npm start` and `npm run demo` both run through here.
 *
 * @example
 * await runPlatform({ env: process.env, logger, banner: (run) => ['running'] });
 */
export async function runPlatform(options: PlatformOptions): Promise<void> {
  const { logger } = options;
  const running: RunningService[] = [];
  let embeddedStop: (() => Promise<void>) | undefined;
  let stopping = false;

  async function shutdown(code: number): Promise<never> {
    if (!stopping) {
      stopping = true;
      logger.info('stopping services');
      await Promise.all(running.map((s) => stopService(s)));
      await options.onStop?.().catch((err: unknown) => logger.error({ err }, 'stopping failed'));
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
    const database = await resolveDatabase(options.env);
    embeddedStop = database.embedded?.stop;
    logger.info(database.embedded ? 'embedded PostgreSQL ready' : 'using DATABASE_URL');

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

    const env = {
      ...options.env,
      DATABASE_URL: database.url,
      NODE_ENV: options.env.NODE_ENV ?? 'development',
      // The admin checks pasted portal sessions live through the proxy (POST /internal/validate-session);
      // the proxy reaches the admin's internal API on its own (ADMIN_INTERNAL_URL, default: the local admin).
      PROXY_INTERNAL_URL:
        options.env.PROXY_INTERNAL_URL ?? `http://127.0.0.1:${options.env.PROXY_PORT ?? 8080}`,
    };
    await options.beforeServices?.(database.url, env);
    // Builds that must exist before a service starts (the admin's Next.js build when missing or stale).
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
    process.stdout.write(
      `${options.banner({ env, services: running, databaseUrl: database.url, embedded: Boolean(database.embedded) }).join('\n')}\n`,
    );
  } catch (err) {
    logger.error({ err }, (err as Error).message);
    await shutdown(1);
  }
}

/** `  name   http://127.0.0.1:port   (public URL)` for each running service. */
export function serviceLines(run: PlatformRun): string[] {
  return run.services.map((s) => {
    const url = s.definition.publicUrl?.(run.env, s.port);
    return `  ${s.definition.name.padEnd(12)} http://127.0.0.1:${s.port}${url ? `   (${url})` : ''}`;
  });
}
