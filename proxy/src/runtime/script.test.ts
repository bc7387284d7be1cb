import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createHostMap } from '../hosts/host-map.ts';
import { findUnmappedWbUrls } from '../rewrite/url-text.ts';
import { buildRuntimeConfig, inlineJson } from './config.ts';
import { createRuntimeScript } from './script.ts';

const hostMap = createHostMap({
  appDomain: 'joycity.test',
  publicOrigin: 'http://wb-seller.joycity.test:8080',
});

describe('createRuntimeScript', () => {
  const rt = createRuntimeScript(hostMap);

  it('is valid JavaScript applying the runtime to its inline config, with the hash of exactly that text', async () => {
    expect(() => new vm.Script(rt.text)).not.toThrow();
    const { createHash } = await import('node:crypto');
    expect(rt.sha256).toBe(createHash('sha256').update(rt.text).digest('base64'));
    expect(rt.cspSource).toBe(`'sha256-${rt.sha256}'`);
    expect(rt.integrity).toBe(`sha256-${rt.sha256}`);
    expect(rt.path).toBe('/__joycity/runtime.js');
    expect(createRuntimeScript(hostMap)).toBe(rt);
  });

  it('cannot end its <script> and names no WB host literally', () => {
    expect(rt.text).not.toMatch(/<\/script|<!--|\u2028|\u2029/i);
    expect(findUnmappedWbUrls(rt.text, hostMap)).toEqual([]);
  });

  it('installs itself once in a worker-like global and maps like the server', () => {
    const g: Record<string, unknown> = { location: { href: 'http://wb-seller.joycity.test:8080/x' }, URL };
    g.globalThis = g;
    vm.runInNewContext(rt.text, g);
    const j = g.__joycity as { toPublic(u: string): string; originToWb(o: string): string };
    expect(j.toPublic('https://cmp.wildberries.ru/a')).toBe('http://cmp.wb-seller.joycity.test:8080/a');
    expect(j.toPublic('wss://seller-communications.wildberries.ru/ws')).toBe(
      'ws://seller-communications.wb-seller.joycity.test:8080/ws',
    );
    expect(j.toPublic('https://feedback07.wbbasket.ru/p.webp')).toBe(
      'http://feedback07--wbbasket--ru.wb-seller.joycity.test:8080/p.webp',
    );
    expect(j.toPublic('https://www.wildberries.ru/c')).toBe(
      'http://wb-seller.joycity.test:8080/__joycity/unmapped-host/www.wildberries.ru/c',
    );
    expect(j.toPublic('/relative')).toBe('/relative');
    expect(j.toPublic('https://example.com/')).toBe('https://example.com/');
    expect(j.originToWb('http://cmp.wb-seller.joycity.test:8080')).toBe('http://cmp.wildberries.ru:8080');
    expect(j.originToWb('https://evil.example')).toBe('https://evil.example');
  });
});

describe('the runtime config', () => {
  it('lists host pairs and positional patterns consistent with the host map', () => {
    const c = buildRuntimeConfig(hostMap);
    expect(c.hosts).toContainEqual(['seller.wildberries.ru', 'wb-seller.joycity.test']);
    expect(c.hosts).toContainEqual(['pow.wb.ru', 'pow--wb--ru.wb-seller.joycity.test']);
    expect(c.hosts.some(([h]) => h.endsWith('-api.wildberries.ru'))).toBe(false);
    expect(c.patterns).toContainEqual([
      'basket-',
      '.wbbasket.ru',
      1,
      40,
      'basket-',
      '--wbbasket--ru.wb-seller.joycity.test',
    ]);
    expect(c).toMatchObject({
      base: 'wb-seller.joycity.test',
      scheme: 'http:',
      port: '8080',
      event: '/__joycity/runtime-event',
    });
  });

  it('inlines JSON escaped against </script>, <!--, U+2028 and U+2029', () => {
    const s = inlineJson({ a: '</script><!-- & \u2028\u2029' });
    expect(s).toBe('{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029"}');
    expect(JSON.parse(s)).toEqual({ a: '</script><!-- & \u2028\u2029' });
  });
});
