import { commonEnvShape as env, loadConfig } from '@joycity/shared/config';

/** Everything the admin app and its API read from the environment, validated at start-up. */
export function loadAdminConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      NODE_ENV: env.NODE_ENV,
      LOG_LEVEL: env.LOG_LEVEL,
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      APP_DOMAIN: env.APP_DOMAIN,
      PUBLIC_SCHEME: env.PUBLIC_SCHEME,
      ADMIN_PORT: env.ADMIN_PORT,
      PROXY_PORT: env.PROXY_PORT,
      APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY,
      INTERNAL_API_SECRET: env.INTERNAL_API_SECRET,
      JWT_ACCESS_SECRET: env.JWT_ACCESS_SECRET,
      JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET,
      TRUSTED_PROXY_HOPS: env.TRUSTED_PROXY_HOPS,
    },
    source,
  );
}

export type AdminConfig = ReturnType<typeof loadAdminConfig>;
