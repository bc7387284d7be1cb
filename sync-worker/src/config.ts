import { commonEnvShape as env, loadConfig, portSchema } from '@joycity/shared/config';

/** Everything the sync worker reads from the environment, validated at start-up. */
export function loadSyncWorkerConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      NODE_ENV: env.NODE_ENV,
      LOG_LEVEL: env.LOG_LEVEL,
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      WB_UPSTREAM_OVERRIDE: env.WB_UPSTREAM_OVERRIDE,
      APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY,
      /** Health and metrics only; the worker serves no users. */
      SYNC_WORKER_PORT: portSchema(8090),
    },
    source,
  );
}

export type SyncWorkerConfig = ReturnType<typeof loadSyncWorkerConfig>;
