import { commonEnvShape as env, loadConfig } from '@joycity/shared/config';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), 'must be an http(s):// URL')
  .optional();

/**
 * Everything the admin app and its API read from the environment, validated at start-up.
 *
 * Avatars go to S3-compatible storage when `S3_BUCKET` is set (with `S3_ENDPOINT` for MinIO and the like),
 * else to `<DATA_DIR>/avatars`. `PROXY_INTERNAL_URL` enables the live portal-session check through the proxy.
 */
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
      /** The API-key check's live /ping goes there instead of WB (the emulator), Host header kept. */
      WB_UPSTREAM_OVERRIDE: env.WB_UPSTREAM_OVERRIDE,
      INTERNAL_API_SECRET: env.INTERNAL_API_SECRET,
      JWT_ACCESS_SECRET: env.JWT_ACCESS_SECRET,
      JWT_REFRESH_SECRET: env.JWT_REFRESH_SECRET,
      TRUSTED_PROXY_HOPS: env.TRUSTED_PROXY_HOPS,
      /** Where the admin listens; 127.0.0.1 in tests, all interfaces by default. */
      ADMIN_HOST: z.string().min(1).optional(),
      /** `dev` runs the UI with `next dev` (hot reload) instead of the production build. */
      ADMIN_UI: z.enum(['build', 'dev']).default('build'),
      PROXY_INTERNAL_URL: optionalUrl,
      S3_ENDPOINT: optionalUrl,
      S3_BUCKET: z.string().min(3).max(63).optional(),
      S3_REGION: z.string().min(1).default('us-east-1'),
      S3_ACCESS_KEY_ID: z.string().min(1).optional(),
      S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
      S3_FORCE_PATH_STYLE: z
        .enum(['true', 'false'])
        .default('true')
        .transform((v) => v === 'true'),
    },
    source,
  );
}

export type AdminConfig = ReturnType<typeof loadAdminConfig>;
