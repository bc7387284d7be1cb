import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Where avatars live. Keys are content addresses (`<sha256>.jpg`), so a stored object never changes and
 * its URL can be cached forever (`immutable`); a new picture is a new key.
 */
export interface AvatarStore {
  readonly kind: 's3' | 'local';
  /** Stores the bytes and returns their key. Storing the same bytes twice is harmless. */
  put(jpeg: Buffer): Promise<string>;
  /** The bytes of a key, or null when there is no such avatar. */
  get(key: string): Promise<Buffer | null>;
}

export const AVATAR_KEY = /^[0-9a-f]{64}\.jpg$/;

export function avatarKeyOf(jpeg: Buffer): string {
  return `${createHash('sha256').update(jpeg).digest('hex')}.jpg`;
}

export interface S3AvatarOptions {
  endpoint?: string | undefined;
  region: string;
  bucket: string;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Path-style URLs (`endpoint/bucket/key`): what MinIO, s3rver and most self-hosted stores need. */
  forcePathStyle: boolean;
  /** A prefix inside the bucket, e.g. `avatars/`. */
  prefix?: string;
}

/**
 * Avatars in S3-compatible storage (AWS, MinIO, Yandex Object Storage, s3rver in tests).
 *
 * @example
 * const store = createS3AvatarStore({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', bucket: 'joycity', forcePathStyle: true });
 */
export function createS3AvatarStore(options: S3AvatarOptions): AvatarStore {
  const client = new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.accessKeyId && options.secretAccessKey
      ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
      : {}),
  });
  const prefix = options.prefix ?? 'avatars/';
  return {
    kind: 's3',
    async put(jpeg) {
      const key = avatarKeyOf(jpeg);
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: `${prefix}${key}`,
          Body: jpeg,
          ContentType: 'image/jpeg',
          CacheControl: 'private, max-age=31536000, immutable',
        }),
      );
      return key;
    },
    async get(key) {
      if (!AVATAR_KEY.test(key)) return null;
      try {
        const out = await client.send(
          new GetObjectCommand({ Bucket: options.bucket, Key: `${prefix}${key}` }),
        );
        if (!out.Body) return null;
        return Buffer.from(await out.Body.transformToByteArray());
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'NoSuchKey' || name === 'NotFound') return null;
        throw err;
      }
    },
  };
}

/** Avatars on local disk under `<dir>` (DATA_DIR/avatars), written atomically. */
export function createLocalAvatarStore(dir: string): AvatarStore {
  return {
    kind: 'local',
    async put(jpeg) {
      const key = avatarKeyOf(jpeg);
      await mkdir(dir, { recursive: true });
      const target = path.join(dir, key);
      const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temp, jpeg);
      await rename(temp, target);
      return key;
    },
    async get(key) {
      if (!AVATAR_KEY.test(key)) return null;
      try {
        return await readFile(path.join(dir, key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
  };
}

/**
 * Reads the pixel size of a baseline or progressive JPEG from its SOF marker, or null when the bytes are not a
 * JPEG. The server checks what the browser claims: an avatar is exactly 512×512.
 */
export function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    offset += 2 + length;
  }
  return null;
}
