import { z } from 'zod';
import { hashInts, hashString } from '../util/random.ts';

/**
 * Fault injection: rules that match requests by host, path prefix and method, and break them in one way.
 * Deterministic: `skip` lets the first K matches through, `count` limits how many are hit, and
 * `probability` draws from a PRNG seeded by (seed, rule, match number), so the same request sequence
 * always meets the same faults.
 *
 * Kinds:
 * - `latency`: delay the answer by `latencyMs` real milliseconds (combines with the others);
 * - `status`: answer `status` (default 503) with WB's problem body, without calling the API;
 * - `reset`: destroy the connection; with `afterBytes`, after sending that many body bytes;
 * - `truncate`: send a gzip body cut at `fraction` (default 0.5) of its length (valid HTTP framing, so the
 *   client's gunzip fails, not its HTTP parser);
 * - `corrupt`: send a gzip body with bytes flipped in the middle (gunzip fails);
 * - `rate-limit`: answer 429 with WB's body and headers (`retrySeconds`, default 60) — a 429 storm;
 * - `unauthorized`: answer 401 as WB does for withdrawn keys.
 */
export const faultRuleSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    /** Exact host (`statistics-api.wildberries.ru`) or `*` (every emulated host). */
    host: z.string().min(1).default('*'),
    /** Path prefix (`/api/v1/supplier/`), `*` for any. */
    path: z.string().min(1).default('*'),
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .optional(),
    kind: z.enum(['latency', 'status', 'reset', 'truncate', 'corrupt', 'rate-limit', 'unauthorized']),
    status: z.number().int().min(400).max(599).optional(),
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    afterBytes: z.number().int().min(0).optional(),
    fraction: z.number().gt(0).lt(1).optional(),
    retrySeconds: z.number().int().min(0).max(86_400).optional(),
    /** Apply to at most this many matching requests (then the rule is spent). */
    count: z.number().int().min(1).optional(),
    /** Let this many matching requests through first. */
    skip: z.number().int().min(0).default(0),
    probability: z.number().min(0).max(1).default(1),
  })
  .strict();

export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultRuleSpec = z.output<typeof faultRuleSchema>;

export interface FaultRule extends FaultRuleSpec {
  readonly id: string;
  matched: number;
  applied: number;
}

export interface RequestFacts {
  readonly host: string;
  readonly path: string;
  readonly method: string;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private serial = 0;
  private readonly seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  add(input: FaultRuleInput): FaultRule {
    const spec = faultRuleSchema.parse(input);
    const id = spec.id ?? `fault-${++this.serial}`;
    if (this.rules.some((r) => r.id === id)) throw new RangeError(`a fault with id '${id}' exists already`);
    const rule: FaultRule = { ...spec, id, matched: 0, applied: 0 };
    this.rules.push(rule);
    return rule;
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  /** The rules that hit this request, in the order they were added (counters updated). */
  match(req: RequestFacts): FaultRule[] {
    const hits: FaultRule[] = [];
    for (const rule of this.rules) {
      if (rule.host !== '*' && rule.host !== req.host) continue;
      if (rule.path !== '*' && !req.path.startsWith(rule.path)) continue;
      if (rule.method && rule.method !== req.method) continue;
      if (rule.count !== undefined && rule.applied >= rule.count) continue;
      const n = rule.matched++;
      if (n < rule.skip) continue;
      if (rule.probability < 1) {
        const u = hashInts(this.seed, hashString(rule.id), n) / 4294967296;
        if (u >= rule.probability) continue;
      }
      rule.applied++;
      hits.push(rule);
    }
    return hits;
  }
}
