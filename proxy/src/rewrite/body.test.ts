import { describe, expect, it } from 'vitest';
import { createRuntimeScript } from '../runtime/script.ts';
import { bodyKindFor, rewriteBody } from './body.ts';
import { hostMap, PUB } from './test-host-map.fixture.ts';
import { findUnmappedWbUrls } from './url-text.ts';

const runtime = createRuntimeScript(hostMap);
const wbUrl = 'https://seller.wildberries.ru/';

describe('bodyKindFor', () => {
  it('chooses by content type, ignoring parameters and case', () => {
    expect(bodyKindFor('text/html; charset=utf-8')).toBe('html');
    expect(bodyKindFor('application/xhtml+xml')).toBe('html');
    expect(bodyKindFor('application/javascript')).toBe('js');
    expect(bodyKindFor('Text/JavaScript;charset=UTF-8')).toBe('js');
    expect(bodyKindFor('application/x-javascript')).toBe('js');
    expect(bodyKindFor('text/css')).toBe('css');
    expect(bodyKindFor('application/json')).toBe('json');
    expect(bodyKindFor('application/problem+json')).toBe('json');
    expect(bodyKindFor('application/manifest+json')).toBe('json');
    expect(bodyKindFor('text/plain')).toBe('text');
    expect(bodyKindFor('image/svg+xml')).toBe('text');
    expect(bodyKindFor('text/csv')).toBe('text');
    expect(bodyKindFor('text/event-stream')).toBe('binary');
    expect(bodyKindFor('image/webp')).toBe('binary');
    expect(bodyKindFor('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('binary');
    expect(bodyKindFor(undefined)).toBe('binary');
  });
});

describe('rewriteBody', () => {
  it('dispatches to the HTML rewriter and injects the runtime', () => {
    const r = rewriteBody({
      contentType: 'text/html',
      body: '<!doctype html><a href="https://cmp.wildberries.ru/">c</a>',
      wbUrl,
      hostMap,
      runtime,
    });
    expect(r.kind).toBe('html');
    expect(r.changed).toBe(true);
    expect(r.body).toContain(runtime.text);
    expect(r.body).toContain('href="http://cmp.wb-seller.joycity.test:8080/"');
    expect(findUnmappedWbUrls(r.body)).toEqual([]);
  });

  it('dispatches JS, CSS and JSON, and reports unchanged bodies', () => {
    expect(
      rewriteBody({
        contentType: 'application/javascript',
        body: 'f("https://seller.wildberries.ru/x")',
        wbUrl,
        hostMap,
      }),
    ).toEqual({
      body: `f("${PUB}/x")`,
      changed: true,
      kind: 'js',
      clean: true,
    });
    expect(rewriteBody({ contentType: 'text/css', body: 'a{color:red}', wbUrl, hostMap })).toEqual({
      body: 'a{color:red}',
      changed: false,
      kind: 'css',
      clean: true,
    });
    expect(
      rewriteBody({ contentType: 'application/json', body: '{"u":"//cmp.wildberries.ru/a"}', wbUrl, hostMap })
        .body,
    ).toBe('{"u":"//cmp.wb-seller.joycity.test:8080/a"}');
    const bin = 'PK\u0003\u0004 https://seller.wildberries.ru/';
    expect(rewriteBody({ contentType: 'application/zip', body: bin, wbUrl, hostMap })).toEqual({
      body: bin,
      changed: false,
      kind: 'binary',
      clean: false,
    });
    // Prose naming WB stays, so the body is not proven clean (the transport scans it).
    expect(
      rewriteBody({ contentType: 'text/plain', body: 'see seller.wildberries.ru', wbUrl, hostMap }).clean,
    ).toBe(false);
  });

  it('prepends the runtime to worker scripts', () => {
    const r = rewriteBody({
      contentType: 'text/javascript',
      body: 'onmessage = () => {};',
      wbUrl,
      hostMap,
      runtime,
      workerScript: true,
    });
    expect(r.body).toBe(`${runtime.text}onmessage = () => {};`);
  });
});
