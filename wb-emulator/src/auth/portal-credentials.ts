import type { KeyAuthority } from './key-authority.ts';
import type { SellerAccount } from '../data/accounts.ts';
import { DAY_MS } from '../util/moscow.ts';
import { Rng, hashInts } from '../util/random.ts';

/**
 * What a logged-in seller-portal browser holds for an account (REFERENCE.md §2): the `WBTokenV3` session
 * cookie (also sent as the `authorizev3` header), `wbx-validation-key`, the supplier cookies, and the
 * `wbx-refresh` cookie scoped to seller-auth. The emulator issues them; the portal hosts (built on this
 * core) accept them. The admin stores them encrypted as the account's "portal session".
 */
export interface PortalCredentials {
  readonly userId: number;
  /** The login: phone number and the SMS code the emulated seller-auth accepts. */
  readonly phone: string;
  readonly smsCode: string;
  /** Cookies for `Domain=.wildberries.ru` (name → value). */
  readonly cookies: Readonly<Record<string, string>>;
  /** Cookie for seller-auth.wildberries.ru only. */
  readonly refreshCookie: Readonly<Record<string, string>>;
  /** The value the SPA reads from localStorage and sends as `authorizev3`. */
  readonly authorizev3: string;
  readonly expiresAt: string;
}

/** Sessions last 14 days unless refreshed (uncertain at WB; long enough for any test or demo). */
export const PORTAL_SESSION_DAYS = 14;

export async function issuePortalCredentials(
  authority: KeyAuthority,
  seed: number,
  account: SellerAccount,
  issuedAtMs: number,
): Promise<PortalCredentials> {
  const rng = new Rng(hashInts(seed, 81, account.index));
  const userId = 30_000_000 + (hashInts(seed, account.index, 8) % 60_000_000);
  const exp = Math.floor((issuedAtMs + PORTAL_SESSION_DAYS * DAY_MS) / 1000);
  const sessionId = rng.hex(32);
  const validationKey = rng.uuid();
  // The token names its validation key (WB's carries `validation_key` too): the cookie must match it.
  const session = await authority.signPayload(
    {
      typ: 'WBTokenV3',
      uid: userId,
      sid: account.sid,
      oid: account.oid,
      sessionId,
      validation_key: validationKey,
      client_id: 'seller-portal',
    },
    exp,
  );
  const phone = `+79${String(100_000_000 + (hashInts(seed, account.index, 9) % 900_000_000))}`;
  return {
    userId,
    phone,
    smsCode: String(100_000 + (hashInts(seed, account.index, 10) % 900_000)),
    cookies: {
      WBTokenV3: session,
      'wbx-validation-key': validationKey,
      'x-supplier-id': account.supplierId,
      'x-supplier-id-external': account.supplierId,
    },
    refreshCookie: { 'wbx-refresh': rng.base62(64) },
    authorizev3: session,
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}
