import {
  authCookieSettings,
  createAuthenticator,
  createSessionCache,
  createTokenService,
  type SessionCache,
} from '@joycity/shared/auth';
import { publicOrigins } from '@joycity/shared/config';
import { publishEvent } from '@joycity/shared/coordination';
import { createAccountService } from '@joycity/shared/credentials';
import { createSecretBox } from '@joycity/shared/crypto';
import { registerSecretValue } from '@joycity/shared/logger';
import path from 'node:path';
import { dataDir } from '@joycity/shared/config';
import { createLocalAvatarStore } from './storage/avatar-store.ts';
import type { ApiDeps } from './context.ts';
import { createCsrfTokens } from './auth/csrf.ts';
import { createLoginGuard } from './auth/login-guard.ts';
import { createSessionService } from './auth/session-service.ts';

/**
 * The API's collaborators, built once per app from its dependencies. The session cache subscribes to pub/sub
 * asynchronously; requests that need it wait for the subscription, so the app factory itself stays
 * synchronous (the Next.js route handler can build it at module load).
 */
export function createServices(deps: ApiDeps) {
  const { config, db, coordinator } = deps;
  for (const secret of [config.INTERNAL_API_SECRET, config.JWT_ACCESS_SECRET, config.JWT_REFRESH_SECRET]) {
    registerSecretValue(secret);
  }
  const box = createSecretBox(config.APP_ENCRYPTION_KEY);
  const tokens = createTokenService({
    accessSecret: config.JWT_ACCESS_SECRET,
    refreshSecret: config.JWT_REFRESH_SECRET,
  });
  const sessionCachePromise = createSessionCache({
    db,
    coordinator,
    onError: (err) => deps.logger.warn({ err }, 'session bookkeeping failed'),
  });
  // Surfaces on first use rather than as an unhandled rejection at start-up.
  sessionCachePromise.catch(() => undefined);
  const sessionCache = (): Promise<SessionCache> => sessionCachePromise;
  const authenticatorPromise = sessionCachePromise.then((sessions) =>
    createAuthenticator({ accessSecret: config.JWT_ACCESS_SECRET, sessions }),
  );
  authenticatorPromise.catch(() => undefined);

  const loginGuard = createLoginGuard(coordinator, deps.loginLimits);
  const sessions = createSessionService({
    db,
    coordinator,
    box,
    tokens,
    sessions: sessionCache,
    loginGuard,
    logger: deps.logger,
    ...(deps.refreshGraceMs !== undefined ? { graceMs: deps.refreshGraceMs } : {}),
  });
  const accounts = createAccountService({
    db,
    box,
    ...(deps.accountValidators ? { validators: deps.accountValidators } : {}),
    onChanged: (accountId) => publishEvent(coordinator, 'accounts.changed', { accountId }),
  });
  const origins = publicOrigins(config);

  return {
    db,
    coordinator,
    logger: deps.logger,
    config,
    internalSecret: config.INTERNAL_API_SECRET,
    box,
    tokens,
    sessionCache,
    authenticator: () => authenticatorPromise,
    loginGuard,
    sessions,
    accounts,
    avatars: deps.avatarStore ?? createLocalAvatarStore(path.join(dataDir(), 'avatars')),
    csrf: createCsrfTokens(config.JWT_ACCESS_SECRET),
    cookies: authCookieSettings(config),
    origins,
    async close() {
      await (await sessionCachePromise.catch(() => undefined))?.close();
    },
  };
}

export type Services = ReturnType<typeof createServices>;
