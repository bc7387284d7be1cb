import { WB_TOKEN_TYPES, scopeCodes, scopeMask, type WbTokenType } from '@joycity/shared/wb';
import type { KeyAuthority, ApiKeyClaims } from './key-authority.ts';
import type { SellerAccount } from '../data/accounts.ts';
import { DAY_MS } from '../util/moscow.ts';
import { Rng, hashInts, hashString } from '../util/random.ts';

/** Every category a seller can grant (all but users and read-only). */
export const FULL_SCOPE = scopeMask([
  'content',
  'analytics',
  'prices',
  'marketplace',
  'statistics',
  'promotion',
  'feedbacks',
  'buyer_chat',
  'supplies',
  'returns',
  'documents',
  'finance',
]);

/** WB keys live 180 days. */
export const KEY_LIFETIME_DAYS = 180;

/**
 * The keys seeded for every account. `personal` is the one to use; the others exist so tests can exercise
 * every refusal: `expired` (past its exp), `test` (t:true, sandbox hosts only), `noFinance` (no bit 13),
 * `basic` (acc:1: far lower limits, refused by personal/service-only methods), `readOnly` (bit 30).
 */
export const KEY_VARIANTS = [
  'personal',
  'service',
  'basic',
  'test',
  'noFinance',
  'readOnly',
  'expired',
] as const;
export type KeyVariant = (typeof KEY_VARIANTS)[number] | 'custom';

export interface IssuedKey {
  readonly variant: KeyVariant;
  /** The value for the `Authorization` header. */
  readonly token: string;
  /** The key's `id` claim (withdrawal works by it). */
  readonly id: string;
  readonly type: WbTokenType;
  readonly acc: 1 | 2 | 3 | 4;
  readonly s: number;
  readonly scopes: string[];
  readonly test: boolean;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

export interface KeySpec {
  variant?: KeyVariant;
  acc?: 1 | 2 | 3 | 4;
  s?: number;
  t?: boolean;
  issuedAtMs: number;
  validDays?: number;
  /** Distinguishes several custom keys of one account (a new id each). */
  serial?: number;
}

/** Signs one key for an account. Same (account, variant, serial) → same `id` claim. */
export async function issueKey(
  authority: KeyAuthority,
  seed: number,
  account: SellerAccount,
  spec: KeySpec,
): Promise<IssuedKey> {
  const variant = spec.variant ?? 'custom';
  const acc = spec.acc ?? 3;
  const rng = new Rng(hashInts(seed, 71, account.index, hashString(variant), spec.serial ?? 0));
  const exp = Math.floor((spec.issuedAtMs + (spec.validDays ?? KEY_LIFETIME_DAYS) * DAY_MS) / 1000);
  const claims: ApiKeyClaims = {
    exp,
    id: rng.uuid(),
    iid: 10_000_000 + (hashInts(seed, account.index, 5) % 90_000_000),
    oid: account.oid,
    uid: 20_000_000 + (hashInts(seed, account.index, 6) % 80_000_000),
    sid: account.sid,
    s: (spec.s ?? FULL_SCOPE) >>> 0,
    t: spec.t ?? acc === 2,
    ent: 1,
    acc,
    ...(acc === 3 ? { for: 'self' } : acc === 4 ? { for: `asid:${rng.int(100_000, 999_999)}` } : {}),
  };
  return {
    variant,
    token: await authority.sign(claims),
    id: claims.id,
    type: WB_TOKEN_TYPES[acc],
    acc,
    s: claims.s,
    scopes: scopeCodes(claims.s),
    test: claims.t,
    issuedAt: new Date(spec.issuedAtMs).toISOString(),
    expiresAt: new Date(exp * 1000).toISOString(),
  };
}

/** The standard set for one account, issued 10 days before the emulator's start (the expired one 200). */
export async function issueStandardKeys(
  authority: KeyAuthority,
  seed: number,
  account: SellerAccount,
  startMs: number,
): Promise<IssuedKey[]> {
  const issued = startMs - 10 * DAY_MS;
  const specs: Record<(typeof KEY_VARIANTS)[number], KeySpec> = {
    personal: { acc: 3, issuedAtMs: issued },
    service: { acc: 4, issuedAtMs: issued },
    basic: { acc: 1, issuedAtMs: issued },
    test: { acc: 2, t: true, issuedAtMs: issued },
    noFinance: { acc: 3, s: FULL_SCOPE & ~(1 << 13), issuedAtMs: issued },
    readOnly: { acc: 3, s: (FULL_SCOPE | (1 << 30)) >>> 0, issuedAtMs: issued },
    expired: { acc: 3, issuedAtMs: startMs - 200 * DAY_MS },
  };
  return Promise.all(
    KEY_VARIANTS.map((variant) => issueKey(authority, seed, account, { ...specs[variant], variant })),
  );
}
