import { createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';

/**
 * Signs and checks the emulator's API keys: ES256 JWTs with the claims WB's keys carry (REFERENCE.md §1).
 *
 * The signing key is derived from the seed, so keys issued by one run stay valid in the next run with the
 * same seed (the demo can keep them encrypted in its database across restarts). ECDSA signatures are
 * randomised, so the token *strings* differ between runs; their claims do not.
 */

/** WB's key id format (a date and a version). */
export const KEY_ID = '20250217v1';

/** Claims of a WB API key. */
export const apiKeyClaimsSchema = z.object({
  exp: z.number().int(),
  id: z.string().min(1),
  iid: z.number().int(),
  oid: z.number().int(),
  uid: z.number().int(),
  sid: z.string().min(1),
  s: z.number().int().min(0),
  t: z.boolean(),
  ent: z.number().int(),
  acc: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  for: z.string().optional(),
});

export type ApiKeyClaims = z.infer<typeof apiKeyClaimsSchema>;

/** Why a key was refused, with the detail WB writes (golang-jwt's wording, prefixed "token problem; "). */
export type KeyProblem =
  | { kind: 'missing'; detail: string }
  | { kind: 'malformed'; detail: string }
  | { kind: 'signature'; detail: string }
  | { kind: 'expired'; detail: string };

export type VerifyResult = { ok: true; claims: ApiKeyClaims } | { ok: false; problem: KeyProblem };

// P-256 group order: a private scalar must be in [1, n-1].
const P256_N = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');

function deriveKeyPair(seed: number): { privateKey: KeyObject; publicKey: KeyObject } {
  let material = createHash('sha256').update(`wb-emulator/es256/${seed}`).digest();
  while (BigInt(`0x${material.toString('hex')}`) >= P256_N || material.every((b) => b === 0)) {
    material = createHash('sha256').update(material).digest();
  }
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(material);
  const pub = ecdh.getPublicKey(); // 0x04 || X || Y
  const jwk = {
    kty: 'EC',
    crv: 'P-256',
    d: material.toString('base64url'),
    x: pub.subarray(1, 33).toString('base64url'),
    y: pub.subarray(33, 65).toString('base64url'),
  };
  const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export class KeyAuthority {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(seed: number) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = deriveKeyPair(seed));
  }

  /** The public key (JWK), e.g. for a test that wants to check signatures itself. */
  publicJwk(): Record<string, unknown> {
    return { ...this.publicKey.export({ format: 'jwk' }), kid: KEY_ID, alg: 'ES256', use: 'sig' };
  }

  /** Signs claims as a WB API key. */
  async sign(claims: ApiKeyClaims): Promise<string> {
    const { exp, ...rest } = apiKeyClaimsSchema.parse(claims);
    return new SignJWT({ ...rest })
      .setProtectedHeader({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' })
      .setExpirationTime(exp)
      .sign(this.privateKey);
  }

  /** Signs any other payload (portal session tokens) with the same key. */
  async signPayload(payload: Record<string, unknown>, expSeconds: number): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' })
      .setExpirationTime(expSeconds)
      .sign(this.privateKey);
  }

  /** Verifies a signed payload against the emulator clock (portal tokens). */
  async verifyPayload(token: string, nowMs: number): Promise<Record<string, unknown> | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        algorithms: ['ES256'],
        currentDate: new Date(nowMs),
      });
      return payload;
    } catch {
      return undefined;
    }
  }

  /**
   * Checks an `Authorization` header value (raw JWT or `Bearer <jwt>`) against the emulator clock.
   * Withdrawal and scope are the caller's business (they need the request's context).
   */
  async verify(header: string | undefined, nowMs: number): Promise<VerifyResult> {
    const raw = header
      ?.trim()
      .replace(/^Bearer\s+/i, '')
      .trim();
    if (!raw) return { ok: false, problem: { kind: 'missing', detail: 'empty Authorization header' } };
    const segments = raw.split('.');
    if (segments.length !== 3) {
      return {
        ok: false,
        problem: {
          kind: 'malformed',
          detail: 'token problem; token is malformed: token contains an invalid number of segments',
        },
      };
    }
    try {
      const { payload } = await jwtVerify(raw, this.publicKey, {
        algorithms: ['ES256'],
        currentDate: new Date(nowMs),
      });
      const claims = apiKeyClaimsSchema.safeParse(payload);
      if (!claims.success) {
        return {
          ok: false,
          problem: {
            kind: 'malformed',
            detail: 'token problem; token has invalid claims: token claims are incomplete',
          },
        };
      }
      return { ok: true, claims: claims.data };
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        return {
          ok: false,
          problem: { kind: 'expired', detail: 'token problem; token has invalid claims: token is expired' },
        };
      }
      if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
        return {
          ok: false,
          problem: {
            kind: 'signature',
            detail: 'token problem; token signature is invalid: crypto/ecdsa: verification error',
          },
        };
      }
      if (err instanceof joseErrors.JOSEAlgNotAllowed) {
        return {
          ok: false,
          problem: {
            kind: 'signature',
            detail: 'token problem; token signature is invalid: signing method is invalid',
          },
        };
      }
      return {
        ok: false,
        problem: {
          kind: 'malformed',
          detail: `token problem; token is malformed: ${(err as Error).message}`,
        },
      };
    }
  }
}
