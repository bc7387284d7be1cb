import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/app-error.ts';
import { commonEnvShape } from './env-schema.ts';
import { loadConfig } from './load-config.ts';

const shape = {
  NODE_ENV: commonEnvShape.NODE_ENV,
  DATABASE_URL: commonEnvShape.DATABASE_URL,
  APP_DOMAIN: commonEnvShape.APP_DOMAIN,
  PROXY_PORT: commonEnvShape.PROXY_PORT,
  APP_ENCRYPTION_KEY: commonEnvShape.APP_ENCRYPTION_KEY,
  JWT_ACCESS_SECRET: commonEnvShape.JWT_ACCESS_SECRET,
};
const tmpData = () => mkdtempSync(path.join(os.tmpdir(), 'jc-config-'));
const key = (id: string) => `${id}:${Buffer.alloc(32, 7).toString('base64')}`;

describe('loadConfig', () => {
  it('applies defaults and coerces types', () => {
    const config = loadConfig(shape, { DATABASE_URL: 'postgres://u@h/db', DATA_DIR: tmpData() });
    expect(config.APP_DOMAIN).toBe('joycity.localhost');
    expect(config.PROXY_PORT).toBe(8080);
    expect(config.NODE_ENV).toBe('development');
  });

  it('names every missing or malformed variable', () => {
    let error: unknown;
    try {
      loadConfig(shape, {
        NODE_ENV: 'production',
        PROXY_PORT: 'eighty',
        APP_DOMAIN: 'Bad_Domain',
        DATA_DIR: tmpData(),
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    const byVariable = Object.fromEntries(issues.map((i) => [i.variable, i.message]));
    expect(byVariable.DATABASE_URL).toBe('is required but not set');
    expect(byVariable.APP_ENCRYPTION_KEY).toBe('is required but not set');
    expect(byVariable.JWT_ACCESS_SECRET).toBe('is required but not set');
    expect(byVariable.PROXY_PORT).toMatch(/number/i);
    expect(byVariable.APP_DOMAIN).toMatch(/DNS name/);
    expect((error as Error).message).toContain('DATABASE_URL: is required but not set');
  });

  it('generates development secrets once, privately, and reuses them', () => {
    const DATA_DIR = tmpData();
    const first = loadConfig(shape, { DATABASE_URL: 'postgres://u@h/db', DATA_DIR });
    const second = loadConfig(shape, { DATABASE_URL: 'postgres://u@h/db', DATA_DIR });
    expect(first.JWT_ACCESS_SECRET).toHaveLength(64);
    expect(second.JWT_ACCESS_SECRET).toBe(first.JWT_ACCESS_SECRET);
    expect(first.APP_ENCRYPTION_KEY[0]!.key).toHaveLength(32);
    const file = path.join(DATA_DIR, 'secrets', 'dev-secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>).JWT_ACCESS_SECRET).toBe(
      first.JWT_ACCESS_SECRET,
    );
  });

  it('parses an encryption keyring and rejects a bad one', () => {
    const env = { DATABASE_URL: 'postgres://u@h/db', JWT_ACCESS_SECRET: 'x'.repeat(32), DATA_DIR: tmpData() };
    const config = loadConfig(shape, { ...env, APP_ENCRYPTION_KEY: `${key('new')},${key('old')}` });
    expect(config.APP_ENCRYPTION_KEY.map((k) => k.id)).toEqual(['new', 'old']);
    expect(() => loadConfig(shape, { ...env, APP_ENCRYPTION_KEY: 'k1:c2hvcnQ=' })).toThrow(
      /APP_ENCRYPTION_KEY: entry 1 must be/,
    );
    expect(() => loadConfig(shape, { ...env, APP_ENCRYPTION_KEY: `${key('a')},${key('a')}` })).toThrow(
      /appears twice/,
    );
  });

  it('reads NAME_FILE for secrets handed out as files, and names a missing file', () => {
    const DATA_DIR = tmpData();
    const file = path.join(DATA_DIR, 'jwt');
    writeFileSync(file, `${'s'.repeat(40)}\n`);
    const env = {
      DATABASE_URL: 'postgres://u@h/db',
      DATA_DIR,
      NODE_ENV: 'production',
      APP_ENCRYPTION_KEY: key('a'),
    };
    expect(loadConfig(shape, { ...env, JWT_ACCESS_SECRET_FILE: file }).JWT_ACCESS_SECRET).toBe(
      's'.repeat(40),
    );
    expect(() => loadConfig(shape, { ...env, JWT_ACCESS_SECRET_FILE: '/nonexistent' })).toThrow(
      /JWT_ACCESS_SECRET_FILE: cannot read \/nonexistent/,
    );
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig(shape, {
      DATABASE_URL: 'postgres://u@h/db',
      PROXY_PORT: '',
      DATA_DIR: tmpData(),
    });
    expect(config.PROXY_PORT).toBe(8080);
  });
});
