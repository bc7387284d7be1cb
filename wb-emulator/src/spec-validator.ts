import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { specsDir } from './specs-dir.ts';

/**
 * Validates JSON answers against WB's official OpenAPI specs (`../shared/wb/openapi/<version>/*.yaml`).
 * Each spec file is registered with Ajv as a whole document, so `$ref`s resolve inside it; a response's
 * schema is addressed by JSON pointer. OpenAPI 3.0's `nullable` is Ajv's own keyword; WB's custom formats
 * (`int64`, `uint32`, `UUID`, `ISO 4217`…) are checked for what they mean, and `date-time` also accepts
 * WB's offset-less Moscow times ("2022-03-04T18:08:31"), which WB's own specs declare as date-time.
 *
 * @example
 * const specs = new SpecValidator();
 * const result = specs.validate({ file: '12-reports.yaml', path: '/api/v1/supplier/orders', method: 'get', status: 200 }, rows);
 * expect(result.errors).toEqual([]);
 */
export interface ResponseRef {
  file: string;
  path: string;
  method: 'get' | 'post';
  status: number;
  /** Default application/json (falls back to application/problem+json when that is what the spec has). */
  contentType?: string;
  /** Spec version folder, default 2026-07. */
  version?: string;
}

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validDate(s: string): boolean {
  if (!DATE.test(s.slice(0, 10))) return false;
  const [y, m, d] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d); // not Date.UTC: it maps years 0–99 to 1900–1999
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export class SpecValidator {
  private readonly dir: string;
  private readonly ajv: Ajv;
  private readonly docs = new Map<string, Record<string, unknown>>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(dir: string = specsDir()) {
    this.dir = dir;
    this.ajv = new Ajv({ strict: false, validateSchema: false, allErrors: true, discriminator: true });
    const integer = (min: number, max: number) => ({
      type: 'number' as const,
      validate: (n: number) => Number.isInteger(n) && n >= min && n <= max,
    });
    this.ajv.addFormat('date', { type: 'string', validate: (s: string) => DATE.test(s) && validDate(s) });
    this.ajv.addFormat('date-time', {
      type: 'string',
      validate: (s: string) => DATE_TIME.test(s) && validDate(s),
    });
    this.ajv.addFormat('UUID', { type: 'string', validate: (s: string) => UUID.test(s) });
    this.ajv.addFormat('uuid', { type: 'string', validate: (s: string) => UUID.test(s) });
    this.ajv.addFormat('ISO 4217', { type: 'string', validate: (s: string) => /^[A-Z]{3}$/.test(s) });
    this.ajv.addFormat('int32', integer(-(2 ** 31), 2 ** 31 - 1));
    this.ajv.addFormat('int64', integer(-(2 ** 63), 2 ** 63));
    this.ajv.addFormat('uint', integer(0, 2 ** 64));
    this.ajv.addFormat('uint32', integer(0, 2 ** 32 - 1));
    this.ajv.addFormat('uint64', integer(0, 2 ** 64));
    for (const f of ['decimal', 'double', 'float'])
      this.ajv.addFormat(f, { type: 'number', validate: () => true });
    for (const f of ['binary', 'byte', 'email', 'uri', 'url', 'password']) {
      this.ajv.addFormat(f, { type: 'string', validate: () => true });
    }
  }

  /** The parsed spec document (cached). */
  document(file: string, version = '2026-07'): Record<string, unknown> {
    const key = `${version}/${file}`;
    let doc = this.docs.get(key);
    if (!doc) {
      const full = path.join(this.dir, version, file);
      doc = parse(readFileSync(full, 'utf8')) as Record<string, unknown>;
      this.docs.set(key, doc);
      this.ajv.addSchema(doc, `wb:${key}`);
    }
    return doc;
  }

  /** The JSON pointer of a response schema, following `$ref`s to components/responses. */
  private responsePointer(ref: ResponseRef): string {
    const version = ref.version ?? '2026-07';
    const doc = this.document(ref.file, version);
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    const operation = paths[ref.path]?.[ref.method] as { responses?: Record<string, unknown> } | undefined;
    if (!operation) throw new Error(`${version}/${ref.file}: no ${ref.method.toUpperCase()} ${ref.path}`);
    let pointer = `#/paths/${escapePointer(ref.path)}/${ref.method}/responses/${ref.status}`;
    let response = operation.responses?.[String(ref.status)] as Record<string, unknown> | undefined;
    if (!response)
      throw new Error(
        `${version}/${ref.file}: ${ref.method.toUpperCase()} ${ref.path} has no ${ref.status} response`,
      );
    if (typeof response.$ref === 'string') {
      pointer = response.$ref;
      response = this.resolve(doc, response.$ref);
    }
    const content = response.content as Record<string, { schema?: unknown }> | undefined;
    const wanted = ref.contentType ?? 'application/json';
    const type = content?.[wanted]
      ? wanted
      : content?.['application/problem+json']
        ? 'application/problem+json'
        : undefined;
    if (!type || !content?.[type]?.schema) {
      throw new Error(`${version}/${ref.file}: ${ref.path} ${ref.status} has no ${wanted} schema`);
    }
    return `${pointer}/content/${escapePointer(type)}/schema`;
  }

  private resolve(doc: Record<string, unknown>, ref: string): Record<string, unknown> {
    let node: unknown = doc;
    for (const part of ref.replace(/^#\//, '').split('/')) {
      node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node as Record<string, unknown>;
  }

  /** Validates a parsed JSON body against the spec's schema for that response. */
  validate(ref: ResponseRef, body: unknown): ValidationResult {
    const version = ref.version ?? '2026-07';
    const pointer = this.responsePointer(ref);
    const id = `wb:${version}/${ref.file}${pointer}`;
    let fn = this.compiled.get(id);
    if (!fn) {
      fn = this.ajv.getSchema(id);
      if (!fn) throw new Error(`cannot compile ${id}`);
      this.compiled.set(id, fn);
    }
    const valid = fn(body);
    return { valid, errors: valid ? [] : (fn.errors ?? []).slice(0, 20).map(describe) };
  }
}

function describe(e: ErrorObject): string {
  return `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`;
}
