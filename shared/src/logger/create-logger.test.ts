import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.ts';
import { registerSecretValue } from './scrub.ts';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'test', destination, level: 'debug' }) };
}

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJhY2MiOjMsInMiOjEwNzM3NDE4MjJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';

describe('logger', () => {
  it('writes JSON lines with the service name and level', () => {
    const { lines, logger } = capture();
    logger.info({ userId: 'u1' }, 'hello');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', service: 'test', userId: 'u1', msg: 'hello' });
  });

  it('redacts secret-named fields at any depth', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        password: 'hunter2hunter2',
        req: { headers: { authorization: 'Bearer abc', cookie: 'WBTokenV3=zzz', 'x-request-id': 'r1' } },
        account: { apiKey: 'k', portal_session_enc: 'v1:abc', name: 'ООО' },
      },
      'request',
    );
    const text = lines.join('');
    expect(text).not.toMatch(/hunter2|Bearer abc|WBTokenV3=zzz|v1:abc/);
    expect(text).toContain('r1');
    expect(text).toContain('ООО');
  });

  it('removes JWTs and registered secrets wherever they appear, including messages and errors', () => {
    const { lines, logger } = capture();
    registerSecretValue('s3cr3t-portal-cookie-value');
    logger.warn(`upstream said: token=${JWT}`);
    logger.error({ err: new Error('failed with s3cr3t-portal-cookie-value in URL') }, 'boom');
    logger.info({ url: 'https://x/?a=s3cr3t-portal-cookie-value' }, 'u');
    const text = lines.join('');
    expect(text).not.toContain(JWT);
    expect(text).not.toContain('s3cr3t-portal-cookie-value');
    expect(text).toContain('[REDACTED_JWT]');
    expect(text).toContain('failed with [REDACTED] in URL');
  });
});
