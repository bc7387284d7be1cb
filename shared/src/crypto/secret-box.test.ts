import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scrubText } from '../logger/scrub.ts';
import { createSecretBox, SecretBoxError } from './secret-box.ts';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('secret box (AES-256-GCM envelopes)', () => {
  const k1 = key('k2026a');
  const k2 = key('k2026b');

  it('round-trips text, names its key, and never repeats a ciphertext', () => {
    const box = createSecretBox([k1]);
    const secret = 'WBTokenV3=eyJhbGciOi… ключ сессии';
    const a = box.encrypt(secret, 'account.portal_session');
    const b = box.encrypt(secret, 'account.portal_session');
    expect(a).toMatch(/^jc1\.k2026a\.[\w-]{16}\.[\w-]+\.[\w-]{22}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('WBTokenV3');
    expect(box.decrypt(a, 'account.portal_session')).toBe(secret);
    expect(box.keyIdOf(a)).toBe('k2026a');
    expect(box.decrypt(box.encrypt('', 'x'), 'x')).toBe('');
  });

  it('refuses an altered envelope, a different context and a relabelled key id', () => {
    const box = createSecretBox([k1, { id: 'other', key: k1.key }]);
    const env = box.encrypt('api-key-value-123', 'account.api_key');
    const parts = env.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0]! ^= 1;
    const tampered = [...parts.slice(0, 3), flipped.toString('base64url'), parts[4]].join('.');
    const expectCode = (fn: () => unknown, code: string) => {
      try {
        fn();
      } catch (err) {
        expect(err).toBeInstanceOf(SecretBoxError);
        expect((err as SecretBoxError).code).toBe(code);
        expect((err as Error).message).not.toContain('api-key-value-123');
        return;
      }
      throw new Error('expected a SecretBoxError');
    };
    expectCode(() => box.decrypt(tampered, 'account.api_key'), 'SECRET_UNDECRYPTABLE');
    expectCode(() => box.decrypt(env, 'account.portal_session'), 'SECRET_UNDECRYPTABLE');
    // Same key bytes under another id: the id is authenticated, so relabelling fails.
    expectCode(
      () => box.decrypt(env.replace('.k2026a.', '.other.'), 'account.api_key'),
      'SECRET_UNDECRYPTABLE',
    );
    expectCode(() => box.decrypt('plain text', 'account.api_key'), 'SECRET_MALFORMED');
    expectCode(() => box.decrypt('jc1.k2026a.AA.AA.AA', 'account.api_key'), 'SECRET_MALFORMED');
  });

  it('rotates keys: old envelopes still open, new ones use the first key, unknown keys are named', () => {
    const old = createSecretBox([k1]);
    const stored = old.encrypt('portal-cookie-value', 'c');
    const rotated = createSecretBox([k2, k1]);
    expect(rotated.currentKeyId).toBe('k2026b');
    expect(rotated.needsReencryption(stored)).toBe(true);
    const again = rotated.encrypt(rotated.decrypt(stored, 'c'), 'c');
    expect(rotated.needsReencryption(again)).toBe(false);
    expect(rotated.keyIdOf(again)).toBe('k2026b');

    const withoutOld = createSecretBox([k2]);
    expect(withoutOld.decrypt(again, 'c')).toBe('portal-cookie-value');
    expect(() => withoutOld.decrypt(stored, 'c')).toThrow(
      /key 'k2026a', which APP_ENCRYPTION_KEY does not list/,
    );
  });

  it('registers what it handles with the log scrubber', () => {
    const box = createSecretBox([k1]);
    const env = box.encrypt('super-secret-portal-cookie', 'c');
    expect(scrubText('cookie=super-secret-portal-cookie')).toBe('cookie=[REDACTED]');
    expect(box.decrypt(env, 'c')).toBe('super-secret-portal-cookie');
  });

  it('rejects a bad keyring at construction', () => {
    expect(() => createSecretBox([])).toThrow(/empty/);
    expect(() => createSecretBox([{ id: 'a', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => createSecretBox([k1, k1])).toThrow(/twice/);
  });
});
