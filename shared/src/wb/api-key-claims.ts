import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { WB_TOKEN_SCOPES, WB_TOKEN_TYPES, type WbTokenType } from './token-scopes.ts';

/**
 * What a WB API key says about itself. WB API keys are ES256 JWTs whose claims describe the key: expiry,
 * the API categories it may call (the `s` bitmask), its type (`acc`) and whether it is a sandbox key (`t`).
 * We cannot verify WB's signature (their public key is not published) and do not need to: these facts only
 * inform the admin ("expires in 12 days", "no finance access"); WB itself decides whether the key works.
 * So the claims are decoded WITHOUT verification and never trusted for anything else.
 */

/**
 * The categories a key's `s` bits grant, derived from the one scope table (token-scopes.ts). The read-only bit
 * is a flag, not a category, and bit 16 ('users') is too uncertain to name to an admin: it is reported among
 * the unknown bits instead.
 */
const CATEGORY_SCOPES = WB_TOKEN_SCOPES.filter((s) => s.code !== 'read-only' && s.code !== 'users');
export const API_KEY_CATEGORIES = CATEGORY_SCOPES.map((s) => s.code);
export type ApiKeyCategory = string;

/** Bit 30 marks a key that can only read. */
export const API_KEY_READ_ONLY_BIT = WB_TOKEN_SCOPES.find((s) => s.code === 'read-only')!.bit;

export type ApiKeyType = WbTokenType | 'unknown';

export interface ApiKeyClaims {
  /** From `exp`; null when the key carries no expiry. */
  expiresAt: Date | null;
  categories: ApiKeyCategory[];
  readOnly: boolean;
  type: ApiKeyType;
  /** `t`: a sandbox key, useless against production hosts. */
  test: boolean;
  /** `sid`: the seller's uuid (equals `sid` from seller-info). */
  sellerId: string | null;
  /** `oid`: the seller's numeric id. */
  sellerOid: number | null;
  /** `id`: the key's own uuid. */
  keyId: string | null;
  /** Bits of `s` we have no name for, so an admin sees that the key can do more than we list. */
  unknownBits: number[];
}

export class ApiKeyFormatError extends AppError {
  constructor(message: string) {
    super('API_KEY_MALFORMED', `The API key is not a WB API key: ${message}`, { status: 400 });
  }
}

const claimsSchema = z.looseObject({
  exp: z.number().int().positive().optional(),
  s: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 53 - 1),
  acc: z.number().int().optional(),
  t: z.boolean().optional(),
  sid: z.string().max(100).optional(),
  oid: z.number().int().nonnegative().optional(),
  id: z.string().max(100).optional(),
});

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Removes what people paste around a key: whitespace, quotes, a `Bearer ` prefix. */
export function normalizeApiKey(raw: string): string {
  return raw
    .trim()
    .replace(/^["']|["']$/g, '')
    .replace(/^Bearer\s+/i, '')
    .trim();
}

/**
 * Reads a WB API key's claims without verifying its signature (see the module comment for why).
 * Throws {@link ApiKeyFormatError} (code `API_KEY_MALFORMED`) when it is not a JWT with WB's claims; the
 * message never repeats the key.
 *
 * @example
 * const claims = decodeApiKeyClaims(apiKey);
 * claims.categories; // ['content', 'statistics', 'finance']
 * claims.expiresAt;  // 2026-05-01T10:00:00.000Z
 */
export function decodeApiKeyClaims(apiKey: string): ApiKeyClaims {
  const parts = normalizeApiKey(apiKey).split('.');
  if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) {
    throw new ApiKeyFormatError('expected three base64url parts separated by dots (a JWT)');
  }
  let header: unknown;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new ApiKeyFormatError('its header or claims are not JSON');
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof (header as { alg?: unknown }).alg !== 'string'
  ) {
    throw new ApiKeyFormatError('its header names no algorithm');
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiKeyFormatError(`claim '${issue.path.join('.') || '(root)'}' ${issue.message.toLowerCase()}`);
  }
  const claims = parsed.data;
  const bits = bitsOf(claims.s);
  const named = new Set<number>([...CATEGORY_SCOPES.map((s) => s.bit), API_KEY_READ_ONLY_BIT]);
  return {
    expiresAt: claims.exp === undefined ? null : new Date(claims.exp * 1000),
    categories: CATEGORY_SCOPES.filter((scope) => bits.has(scope.bit)).map((scope) => scope.code),
    readOnly: bits.has(API_KEY_READ_ONLY_BIT),
    type:
      claims.acc !== undefined && claims.acc in WB_TOKEN_TYPES
        ? WB_TOKEN_TYPES[claims.acc as keyof typeof WB_TOKEN_TYPES]
        : 'unknown',
    test: claims.t === true,
    sellerId: claims.sid ?? null,
    sellerOid: claims.oid ?? null,
    keyId: claims.id ?? null,
    unknownBits: [...bits].filter((b) => !named.has(b)).sort((a, b) => a - b),
  };
}

function bitsOf(mask: number): Set<number> {
  const bits = new Set<number>();
  // Bitwise operators work on 32 bits; the mask may use more, so walk it arithmetically.
  let rest = mask;
  for (let bit = 0; rest > 0; bit++) {
    if (rest % 2 === 1) bits.add(bit);
    rest = Math.floor(rest / 2);
  }
  return bits;
}

/**
 * Builds a key-shaped JWT with the given claims and a random, meaningless signature: for tests and the emulator,
 * which need keys whose claims we choose.
 *
 * @example
 * const key = encodeApiKeyForTests({ s: (1 << 5) | (1 << 13), acc: 3, exp: 1_900_000_000 });
 */
export function encodeApiKeyForTests(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'ES256', kid: '20250217v1', typ: 'JWT' })}.${part(claims)}.${randomBytes(64).toString('base64url')}`;
}

/** What the platform needs a WB API key to be able to do: sync orders and sales, and finance reports. */
export const REQUIRED_API_KEY_CATEGORIES: readonly ApiKeyCategory[] = ['statistics', 'finance'];

export type ApiKeyProblemCode = 'API_KEY_EXPIRED' | 'API_KEY_TEST' | 'API_KEY_MISSING_CATEGORY';

export interface ApiKeyProblem {
  code: ApiKeyProblemCode;
  message: string;
  /** For `API_KEY_MISSING_CATEGORY`: the categories it lacks; for `API_KEY_EXPIRED`: the date. */
  details?: Record<string, unknown>;
}

/**
 * Why a decoded key cannot serve the platform, each reason separately (an admin fixes them all at once):
 * expired, a sandbox (test) key, or lacking a category the sync needs. Empty when it looks usable; WB still has
 * the last word (the live `/ping`).
 *
 * @example
 * apiKeyProblems(decodeApiKeyClaims(key)) // [{ code: 'API_KEY_MISSING_CATEGORY', details: { missing: ['finance'] }, … }]
 */
export function apiKeyProblems(claims: ApiKeyClaims, now = new Date()): ApiKeyProblem[] {
  const problems: ApiKeyProblem[] = [];
  if (claims.expiresAt && claims.expiresAt.getTime() <= now.getTime()) {
    const date = claims.expiresAt.toISOString().slice(0, 10);
    problems.push({
      code: 'API_KEY_EXPIRED',
      message: `The API key expired on ${date}; create a new one in the WB seller portal`,
      details: { expiresAt: claims.expiresAt.toISOString() },
    });
  }
  if (claims.test || claims.type === 'test') {
    problems.push({
      code: 'API_KEY_TEST',
      message: 'This is a test (sandbox) key; it cannot read real data. Create a production key',
    });
  }
  const missing = REQUIRED_API_KEY_CATEGORIES.filter((c) => !claims.categories.includes(c));
  if (missing.length > 0) {
    problems.push({
      code: 'API_KEY_MISSING_CATEGORY',
      message: `The API key lacks the ${missing.join(' and ')} ${missing.length > 1 ? 'categories' : 'category'}; create a key that includes ${REQUIRED_API_KEY_CATEGORIES.join(' and ')}`,
      details: { missing },
    });
  }
  return problems;
}
