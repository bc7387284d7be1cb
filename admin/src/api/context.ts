import type { Database } from '@joycity/db';
import type { Principal } from '@joycity/shared/auth';
import type { EncryptionKey } from '@joycity/shared/config';
import type { Coordinator } from '@joycity/shared/coordination';
import type { AccountValidators } from '@joycity/shared/credentials';
import type { Logger } from '@joycity/shared/logger';
import type { Access } from './access.ts';
import type { LoginLimits } from './auth/login-guard.ts';
import type { AvatarStore } from './storage/avatar-store.ts';

/** The settings the API reads; `loadAdminConfig()` provides them all. */
export interface ApiConfig {
  NODE_ENV: 'development' | 'production' | 'test';
  APP_DOMAIN: string;
  PUBLIC_SCHEME: 'http' | 'https';
  ADMIN_PORT: number;
  PROXY_PORT: number;
  /** Set false when the public origins carry no port although the scheme is http (see publicOrigins). */
  PUBLIC_PORTS?: boolean;
  APP_ENCRYPTION_KEY: EncryptionKey[];
  INTERNAL_API_SECRET: string;
  JWT_ACCESS_SECRET: string;
  JWT_REFRESH_SECRET: string;
  TRUSTED_PROXY_HOPS: number;
}

/** Everything the API needs from outside, injected, so tests and the Next.js mount build it the same way. */
export interface ApiDeps {
  db: Database;
  coordinator: Coordinator;
  config: ApiConfig;
  logger: Logger;
  /** Live checks of new WB credentials (later issues inject them); without them credentials are unchecked. */
  accountValidators?: AccountValidators;
  /** Where avatars are kept; defaults to local disk under `<DATA_DIR>/avatars`. */
  avatarStore?: AvatarStore;
  /** Login rate limits; the defaults suit production, tests shorten them. */
  loginLimits?: Partial<LoginLimits>;
  /** How long a spent refresh token still yields its successor (parallel requests). Defaults to 30 s. */
  refreshGraceMs?: number;
}

export interface ApiVariables {
  requestId: string;
  /** The access policy of the matched route, set by the access-control middleware. */
  access: Access;
  /** The signed-in user, set by the access-control middleware on every route that needs one. */
  principal: Principal | undefined;
  /** The caller's address as far as we can tell (see client-ip.ts). */
  clientIp: string | null;
}

export interface ApiEnv {
  Variables: ApiVariables;
}
