import type { Coordinator, Unsubscribe } from './types.ts';

/**
 * The pub/sub channels services use to tell each other that something changed, with their message shapes.
 * Messages are hints to drop caches: a subscriber that missed one (a restart, a dropped connection) still
 * converges, because every cache entry also has a time to live.
 *
 * @example
 * await publishEvent(coordinator, 'assignments.changed', { accountId: 1, month: '2026-11-01', userIds: [id] });
 * await subscribeEvent(coordinator, 'assignments.changed', (event) => visibleSets.invalidate(event.userIds));
 */
export interface ChannelMessages {
  /** A login session was revoked (logout, admin action, refresh-token reuse, password change, user disabled). */
  'sessions.revoked': { sessionIds: string[]; userId: string };
  /** A user's assignments changed for an account and month; `userIds` lists everyone affected. */
  'assignments.changed': { accountId: number; month: string; userIds: string[] };
  /** A user's roles, current account or disabled flag changed. */
  'users.changed': { userIds: string[] };
  /** An account's credentials or status changed (new portal session, new API key, needs re-login). */
  'accounts.changed': { accountId: number };
}

export type Channel = keyof ChannelMessages;

export async function publishEvent<C extends Channel>(
  coordinator: Coordinator,
  channel: C,
  message: ChannelMessages[C],
): Promise<void> {
  await coordinator.publish(channel, JSON.stringify(message));
}

/** Subscribes with JSON decoding; a message that does not parse is dropped (it cannot be ours). */
export async function subscribeEvent<C extends Channel>(
  coordinator: Coordinator,
  channel: C,
  handler: (message: ChannelMessages[C]) => void,
): Promise<Unsubscribe> {
  return coordinator.subscribe(channel, (raw) => {
    let parsed: ChannelMessages[C];
    try {
      parsed = JSON.parse(raw) as ChannelMessages[C];
    } catch {
      return;
    }
    handler(parsed);
  });
}
