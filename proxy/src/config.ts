import { commonEnvShape as env, loadConfig, portSchema } from '@joycity/shared/config';
import { z } from 'zod';

const ms = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

/** Everything the proxy reads from the environment, validated at start-up (documented in proxy/README.md). */
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
      ADMIN_INTERNAL_URL: env.ADMIN_INTERNAL_URL,
      WB_UPSTREAM_OVERRIDE: env.WB_UPSTREAM_OVERRIDE,
      TRUSTED_PROXY_HOPS: env.TRUSTED_PROXY_HOPS,
      APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY,
      INTERNAL_API_SECRET: env.INTERNAL_API_SECRET,
      JWT_ACCESS_SECRET: env.JWT_ACCESS_SECRET,
      /** Where the proxy listens (all interfaces by default). */
      PROXY_HOST: z.string().min(1).optional(),
      /** The public port browsers use when it differs from PROXY_PORT (behind a local forwarder). */
      PROXY_PUBLIC_PORT: portSchema(0).optional(),
      /** Upstream: connect and response-headers timeout, and the idle time allowed between body chunks. */
      PROXY_UPSTREAM_CONNECT_TIMEOUT_MS: ms(5_000),
      PROXY_UPSTREAM_HEADERS_TIMEOUT_MS: ms(30_000),
      PROXY_UPSTREAM_BODY_TIMEOUT_MS: ms(60_000),
      /** The largest body the proxy buffers to rewrite or filter; a larger one fails closed with 502. */
      PROXY_MAX_BUFFERED_BYTES: z.coerce
        .number()
        .int()
        .min(1024)
        .default(64 * 1024 * 1024),
      /** Static asset cache on disk (`<DATA_DIR>/proxy-cache` by default) and its size bound. */
      PROXY_CACHE_DIR: z.string().min(1).optional(),
      PROXY_CACHE_MAX_BYTES: z.coerce
        .number()
        .int()
        .min(0)
        .default(512 * 1024 * 1024),
      /** How long a decrypted-on-use portal session stays cached (encrypted) before the admin is asked again. */
      PROXY_SESSION_CACHE_MS: ms(30_000),
    },
    source,
  );
}

export type ProxyConfig = ReturnType<typeof loadProxyConfig>;
