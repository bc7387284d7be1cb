import { commonEnvShape as env, loadConfig } from '@joycity/shared/config';

/** Everything the proxy reads from the environment, validated at start-up. */
export function loadProxyConfig(source: NodeJS.ProcessEnv = process.env) {
  return loadConfig(
    {
      NODE_ENV: env.NODE_ENV,
      LOG_LEVEL: env.LOG_LEVEL,
      DATABASE_URL: env.DATABASE_URL,
      REDIS_URL: env.REDIS_URL,
      APP_DOMAIN: env.APP_DOMAIN,
      PUBLIC_SCHEME: env.PUBLIC_SCHEME,
      PROXY_PORT: env.PROXY_PORT,
      ADMIN_PORT: env.ADMIN_PORT,
      WB_UPSTREAM_OVERRIDE: env.WB_UPSTREAM_OVERRIDE,
      INTERNAL_API_SECRET: env.INTERNAL_API_SECRET,
      JWT_ACCESS_SECRET: env.JWT_ACCESS_SECRET,
    },
    source,
  );
}

export type ProxyConfig = ReturnType<typeof loadProxyConfig>;
