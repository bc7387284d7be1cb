import { z } from 'zod';
import { encryptionKeyringSchema } from './encryption-keyring.ts';

/**
 * The building blocks of every service's configuration, keyed by the environment variable they read, so a
 * validation error names the variable itself. Each service picks what it needs (see `loadConfig`).
 */

export const portSchema = (fallback: number) => z.coerce.number().int().min(1).max(65_535).default(fallback);

const secretString = (minLength: number) =>
  z
    .string()
    .min(minLength, `must be at least ${minLength} characters (generate with: openssl rand -base64 48)`);

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'must be a postgres:// URL');

const redisUrl = z
  .string()
  .refine((v) => /^rediss?:\/\//.test(v) && URL.canParse(v), 'must be a redis:// or rediss:// URL');

const httpOrigin = z
  .string()
  .refine(
    (v) => /^https?:\/\/[^/]+\/?$/.test(v) && URL.canParse(v),
    'must be http(s)://host[:port] with no path',
  );

/** A DNS name made of labels (no scheme, no port). */
const domainName = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, {
    message: 'must be a lower-case DNS name such as joycity.localhost or example.com',
  });

export const commonEnvShape = {
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: postgresUrl,
  REDIS_URL: redisUrl.optional(),
  APP_DOMAIN: domainName.default('joycity.localhost'),
  /** The scheme browsers use to reach our hosts: https in production, http on a laptop. */
  PUBLIC_SCHEME: z.enum(['http', 'https']).default('http'),
  ADMIN_PORT: portSchema(3000),
  PROXY_PORT: portSchema(8080),
  EMULATOR_PORT: portSchema(9090),
  WB_UPSTREAM_OVERRIDE: httpOrigin.optional(),
  /**
   * Where the proxy reaches the admin's internal API (`/api/internal`, never routed by Traefik). Defaults to
   * `http://127.0.0.1:<ADMIN_PORT>`; `http://admin:3000` in the Swarm stack.
   */
  ADMIN_INTERNAL_URL: httpOrigin.optional(),
  /**
   * How many reverse proxies in front of a service append to `X-Forwarded-For` (Traefik: 1). The client's
   * address is the entry that many hops from the right; with 0 the header is ignored (it could be forged).
   */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  APP_ENCRYPTION_KEY: encryptionKeyringSchema,
  INTERNAL_API_SECRET: secretString(32),
  JWT_ACCESS_SECRET: secretString(32),
  JWT_REFRESH_SECRET: secretString(32),
};

export type CommonEnvShape = typeof commonEnvShape;
