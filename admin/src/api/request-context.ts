import { appendAudit, type NewAuditEntry } from '@joycity/db';
import type { Principal } from '@joycity/shared/auth';
import type { Actor } from '@joycity/shared/credentials';
import type { Context } from 'hono';
import type { ApiEnv } from './context.ts';
import { apiError } from './errors.ts';
import type { Services } from './services.ts';

/** The signed-in user of a route whose policy requires one (the access-control middleware set it). */
export function principalOf(c: Context<ApiEnv>): Principal {
  const principal = c.get('principal');
  if (!principal) throw apiError(401, 'AUTH_REQUIRED', 'Please sign in');
  return principal;
}

export function userAgentOf(c: Context<ApiEnv>): string | null {
  return c.req.header('user-agent')?.slice(0, 1000) ?? null;
}

/** Who is acting, for the credential service's audit entries. */
export function actorOf(c: Context<ApiEnv>, via: Actor['via'] = 'api'): Actor {
  const principal = c.get('principal');
  return {
    userId: principal?.userId ?? null,
    email: principal?.email ?? null,
    ip: c.get('clientIp'),
    userAgent: userAgentOf(c),
    via,
  };
}

/** Appends an audit entry with the request's actor, address and agent filled in. */
export async function audit(
  c: Context<ApiEnv>,
  services: Services,
  entry: Omit<NewAuditEntry, 'ip' | 'user_agent'>,
): Promise<void> {
  const principal = c.get('principal');
  await appendAudit(services.db, {
    actor_user_id: principal?.userId ?? null,
    actor_email: principal?.email ?? null,
    ...entry,
    ip: c.get('clientIp'),
    user_agent: userAgentOf(c),
  });
}
