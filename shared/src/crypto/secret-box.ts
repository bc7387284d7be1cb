import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from '../config/encryption-keyring.ts';
import { AppError } from '../errors/app-error.ts';
import { registerSecretValue } from '../logger/scrub.ts';

/**
 * Envelope encryption for credentials at rest: AES-256-GCM with a fresh 96-bit nonce per message. The
 * envelope is one printable string that names the key it was made with, so keys rotate without downtime
 * (the first key of `APP_ENCRYPTION_KEY` encrypts, every listed key decrypts):
 *
 *     jc1.<keyId>.<nonce>.<ciphertext>.<tag>        (base64url parts)
 *
 * The version, the key id and a caller-chosen `context` (such as `account.api_key`) are authenticated as
 * additional data: an envelope copied into another column, or relabelled with another key id, fails to
 * decrypt instead of yielding a credential where it does not belong.
 *
 * Every plaintext that passes through is registered with the logger's scrubber, so a decrypted credential
 * can never reach a log line.
 *
 * @example
 * const box = createSecretBox(config.APP_ENCRYPTION_KEY);
 * const stored = box.encrypt(apiKey, 'account.api_key');
 * box.decrypt(stored, 'account.api_key'); // === apiKey
 */
export interface SecretBox {
  /** The id of the key new envelopes are made with. */
  readonly currentKeyId: string;
  encrypt(plaintext: string, context: string): string;
  /** Throws {@link SecretBoxError} for an unknown key, a malformed envelope, or a tampered one. */
  decrypt(envelope: string, context: string): string;
  /** The key id an envelope names, without decrypting it. */
  keyIdOf(envelope: string): string;
  /** True when the envelope was made with a key other than the current one. */
  needsReencryption(envelope: string): boolean;
}

const VERSION = 'jc1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const PART = /^[A-Za-z0-9_-]*$/;

export type SecretBoxErrorCode = 'SECRET_MALFORMED' | 'SECRET_UNKNOWN_KEY' | 'SECRET_UNDECRYPTABLE';

/** Raised when an envelope cannot be opened. The message never contains the envelope or the plaintext. */
export class SecretBoxError extends AppError {
  declare readonly code: SecretBoxErrorCode;
  constructor(code: SecretBoxErrorCode, message: string) {
    super(code, message, { status: 500 });
  }
}

interface ParsedEnvelope {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parse(envelope: string): ParsedEnvelope {
  const parts = envelope.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION || !parts.every((p) => PART.test(p))) {
    throw new SecretBoxError('SECRET_MALFORMED', `not a ${VERSION} envelope`);
  }
  const [, keyId, nonce, ciphertext, tag] = parts as [string, string, string, string, string];
  const parsed = {
    keyId,
    nonce: Buffer.from(nonce, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  if (!keyId || parsed.nonce.length !== NONCE_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SecretBoxError('SECRET_MALFORMED', `malformed ${VERSION} envelope`);
  }
  return parsed;
}

const additionalData = (keyId: string, context: string) => Buffer.from(`${VERSION}.${keyId}.${context}`);

export function createSecretBox(keyring: readonly EncryptionKey[]): SecretBox {
  const current = keyring[0];
  if (!current) throw new RangeError('the encryption keyring is empty');
  const keys = new Map<string, Buffer>();
  for (const { id, key } of keyring) {
    if (key.length !== 32) throw new RangeError(`encryption key '${id}' must be 32 bytes`);
    if (keys.has(id)) throw new RangeError(`encryption key id '${id}' appears twice`);
    keys.set(id, key);
  }

  return {
    currentKeyId: current.id,

    encrypt(plaintext, context) {
      registerSecretValue(plaintext);
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.key, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(current.id, context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        current.id,
        nonce.toString('base64url'),
        ciphertext.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },

    decrypt(envelope, context) {
      const parsed = parse(envelope);
      const key = keys.get(parsed.keyId);
      if (!key) {
        throw new SecretBoxError(
          'SECRET_UNKNOWN_KEY',
          `encrypted with key '${parsed.keyId}', which APP_ENCRYPTION_KEY does not list`,
        );
      }
      let plaintext: string;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, parsed.nonce, { authTagLength: TAG_BYTES });
        decipher.setAAD(additionalData(parsed.keyId, context));
        decipher.setAuthTag(parsed.tag);
        plaintext = Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretBoxError(
          'SECRET_UNDECRYPTABLE',
          `cannot decrypt a '${context}' envelope made with key '${parsed.keyId}': altered, or stored under another context`,
        );
      }
      registerSecretValue(plaintext);
      return plaintext;
    },

    keyIdOf(envelope) {
      return parse(envelope).keyId;
    },

    needsReencryption(envelope) {
      return parse(envelope).keyId !== current.id;
    },
  };
}
