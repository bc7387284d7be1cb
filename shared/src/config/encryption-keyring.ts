import { z } from 'zod';

export interface EncryptionKey {
  /** Stored in every ciphertext, so a key can be found again after rotation. */
  id: string;
  key: Buffer;
}

/**
 * `APP_ENCRYPTION_KEY` holds one or more AES-256 keys: `id:base64[,id:base64…]`. The first is current and
 * encrypts; the others still decrypt, so keys rotate without downtime (`npm run cli -- secrets:rotate`).
 *
 * @example
 * APP_ENCRYPTION_KEY=k2026b:3q2+7w…=,k2026a:q83v…=
 */
export const encryptionKeyringSchema = z
  .string()
  .min(1, 'is empty')
  .transform((value, ctx): EncryptionKey[] => {
    const keys: EncryptionKey[] = [];
    for (const [index, part] of value.split(',').entries()) {
      const match = /^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(part.trim());
      const key = match ? Buffer.from(match[2]!, 'base64') : undefined;
      if (!match || !key || key.length !== 32) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${index + 1} must be 'id:base64' with a 32-byte key (openssl rand -base64 32)`,
        });
        return z.NEVER;
      }
      if (keys.some((k) => k.id === match[1])) {
        ctx.addIssue({ code: 'custom', message: `key id '${match[1]}' appears twice` });
        return z.NEVER;
      }
      keys.push({ id: match[1]!, key });
    }
    return keys;
  });
