import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { HostMap } from '../hosts/host-map.ts';
import { buildRuntimeConfig, inlineJson, RUNTIME_SCRIPT_PATH, type RuntimeConfig } from './config.ts';

/** The injected runtime, ready to inline or serve, with what CSP needs to allow it. */
export interface RuntimeScript {
  /** The whole script: the runtime function applied to its inline JSON config. */
  readonly text: string;
  /** base64 SHA-256 of `text` (UTF-8). */
  readonly sha256: string;
  /** `'sha256-…'`: the CSP source allowing the script (inline, or `<script src integrity>`). */
  readonly cspSource: string;
  /** `sha256-…`: the `integrity` value for `<script src>`. */
  readonly integrity: string;
  /** The path the transport serves `text` at (`application/javascript`), for `src` mode. */
  readonly path: string;
  readonly config: RuntimeConfig;
}

const SOURCE_FILE = new URL('./browser/runtime.js', import.meta.url);
let functionSource: string | undefined;

/** The runtime's function text (the browser file minus its header comments). */
function runtimeFunctionSource(): string {
  if (functionSource === undefined) {
    const file = readFileSync(SOURCE_FILE, 'utf8');
    const start = file.indexOf('function _joycityRuntime(');
    if (start === -1) throw new Error(`${SOURCE_FILE.pathname} does not define _joycityRuntime`);
    // Whole-line comments go (JSDoc is for the type checker, not the browser); code is left as written.
    functionSource = file
      .slice(start)
      .replace(/^[ \t]*\/\*\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\n/gm, '')
      .replace(/\/\*\* @type \{[^}]*\} \*\/ ?/g, '')
      .replace(/^[ \t]*\/\/.*\n/gm, '')
      .replace(/^[ \t]+/gm, '') // indentation (the file has no multi-line strings)
      .trimEnd();
  }
  return functionSource;
}

const cache = new WeakMap<HostMap, RuntimeScript>();

/**
 * The runtime script for a host map (built once per map). The text is constant for a running proxy, so one
 * hash allows it in every page's CSP.
 *
 * @example
 * const rt = createRuntimeScript(hostMap);
 * app.get(rt.path, (c) => c.body(rt.text, 200, { 'content-type': 'application/javascript; charset=utf-8' }));
 */
export function createRuntimeScript(hostMap: HostMap): RuntimeScript {
  const cached = cache.get(hostMap);
  if (cached) return cached;
  const config = buildRuntimeConfig(hostMap);
  // Dots as \u002e: JSON.parse reads the same strings, and no WB host name appears literally in pages
  // (the final check `findUnmappedWbUrls` stays exact). JSON numbers here are integers, so every dot is in a string.
  const json = inlineJson(config).replaceAll('.', '\\u002e');
  const text = `(${runtimeFunctionSource()})(${json});\n`;
  const sha256 = createHash('sha256').update(text, 'utf8').digest('base64');
  const script: RuntimeScript = {
    text,
    sha256,
    cspSource: `'sha256-${sha256}'`,
    integrity: `sha256-${sha256}`,
    path: RUNTIME_SCRIPT_PATH,
    config,
  };
  cache.set(hostMap, script);
  return script;
}
