import {
  issueKey,
  issueStandardKeys,
  type IssuedKey,
  type KeySpec,
  type KeyVariant,
} from '../auth/api-keys.ts';
import { KeyAuthority } from '../auth/key-authority.ts';
import { issuePortalCredentials, type PortalCredentials } from '../auth/portal-credentials.ts';
import type { WorldOptionsInput } from '../data/options.ts';
import { computeTruth, type Truth } from '../data/truth.ts';
import { World, type AccountData } from '../data/world.ts';
import { LruCache } from '../util/lru.ts';
import { EmulatorClock } from './clock.ts';
import { FaultInjector } from './faults.ts';
import {
  LEGACY_ENDPOINTS,
  LegacySwitches,
  legacyModeSchema,
  type LegacyMode,
  type LegacyName,
} from './legacy.ts';
import { RateLimiter } from './rate-limiter.ts';
import { RequestLog } from './request-log.ts';

/** Everything `startEmulator` and `createEmulator` accept. All optional. */
export interface EmulatorOptions extends WorldOptionsInput {
  /**
   * The emulator's initial "now" (a Date, an ISO string or epoch ms). Default: the real time. Data is
   * generated relative to it (`days` of history up to this day).
   */
  now?: Date | string | number;
  /** Whether the data clock stands still. Default: frozen when `now` is given, running otherwise. */
  frozen?: boolean;
  /** Rate-limit time scale: 1000 makes a 1-per-minute limit refill every 60 ms. Default 1. */
  timeScale?: number;
  /** Legacy methods: `auto` (by switch-off date, the default), `on`/`off` or true/false. */
  legacy?: Partial<Record<LegacyName, LegacyMode | boolean>>;
  /** How many requests the request log keeps. Default 10000. */
  requestLogSize?: number;
}

/** What `GET /__emulator/accounts` lists per account. */
export interface AccountCredentials {
  id: number;
  oid: number;
  sid: string;
  supplierId: string;
  name: string;
  tradeMark: string;
  tin: string;
  /** The standard keys by variant (`personal` is the one to use). */
  keys: Record<string, IssuedKey>;
  /** Keys minted later through the control API. */
  extraKeys: IssuedKey[];
  portal: PortalCredentials;
  cards: number;
  nmIds: number[];
}

function toMs(value: Date | string | number): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms))
    throw new RangeError(`now must be a date, an ISO string or epoch ms, got '${String(value)}'`);
  return ms;
}

/**
 * The emulator's state: the generated world, the key authority, the clock, and everything tests steer
 * through the control API (faults, legacy switches, withdrawn keys, buckets, the request log).
 */
export class Emulator {
  world!: World;
  authority!: KeyAuthority;
  clock!: EmulatorClock;
  readonly limiter = new RateLimiter();
  faults!: FaultInjector;
  readonly legacy = new LegacySwitches();
  readonly log: RequestLog;
  private options!: EmulatorOptions;
  private keys: IssuedKey[][] = [];
  private extraKeys: IssuedKey[][] = [];
  private portal: PortalCredentials[] = [];
  private readonly withdrawnKeyIds = new Set<string>();
  private readonly withdrawnOids = new Set<number>();
  private truthCache = new LruCache<string, Truth>(16);
  private keySerial = 0;
  private readonly scopes = new Map<string, unknown>();
  private readonly disposers = new Set<() => void>();

  private constructor(requestLogSize: number) {
    this.log = new RequestLog(requestLogSize);
  }

  /** Builds an emulator (generates the world and signs the seeded keys). */
  static async create(options: EmulatorOptions = {}): Promise<Emulator> {
    const emu = new Emulator(options.requestLogSize ?? 10_000);
    await emu.seed(options);
    return emu;
  }

  /** Regenerates everything from new options (merged over the current ones) and resets runtime state. */
  async seed(options: EmulatorOptions): Promise<void> {
    const merged: EmulatorOptions = { ...this.options, ...options };
    const startMs = merged.now === undefined ? Date.now() : toMs(merged.now);
    const world = new World(merged, startMs);
    const authority = new KeyAuthority(world.seed);
    const keys = await Promise.all(
      world.accounts.map((a) => issueStandardKeys(authority, world.seed, a, startMs)),
    );
    const portal = await Promise.all(
      world.accounts.map((a) => issuePortalCredentials(authority, world.seed, a, startMs)),
    );
    this.options = merged;
    this.world = world;
    this.authority = authority;
    this.keys = keys;
    this.portal = portal;
    this.extraKeys = world.accounts.map(() => []);
    this.faults = new FaultInjector(world.seed);
    this.reset();
  }

  /** Back to the state right after seeding: clock, faults, buckets, log, withdrawals, legacy modes. */
  reset(): void {
    const o = this.options;
    this.clock = new EmulatorClock({
      nowMs: this.world.startMs,
      frozen: o.frozen ?? o.now !== undefined,
      timeScale: o.timeScale ?? 1,
    });
    this.faults.clear();
    this.limiter.reset();
    this.log.clear();
    this.withdrawnKeyIds.clear();
    this.withdrawnOids.clear();
    this.legacy.reset();
    this.scopes.clear();
    for (const [name, mode] of Object.entries(o.legacy ?? {})) {
      if (!(name in LEGACY_ENDPOINTS)) throw new RangeError(`unknown legacy endpoint '${name}'`);
      this.legacy.set(name as LegacyName, legacyModeSchema.parse(mode));
    }
    this.truthCache.clear();
  }

  /**
   * State a host module keeps between requests (portal sessions, beacons…), created on first use and
   * dropped on reset and reseed, so "back to just-seeded" covers modules too.
   *
   * @example
   * const sessions = emu.scoped('portal.sessions', () => new SessionStore());
   */
  scoped<T>(key: string, create: () => T): T {
    if (!this.scopes.has(key)) this.scopes.set(key, create());
    return this.scopes.get(key) as T;
  }

  /**
   * Registers cleanup for long-lived things a module holds (WebSockets, event streams), run by `dispose()`
   * when the emulator stops. Returns a function that unregisters it.
   */
  onDispose(fn: () => void): () => void {
    this.disposers.add(fn);
    return () => this.disposers.delete(fn);
  }

  /** Runs every registered cleanup (the server calls it before closing). */
  dispose(): void {
    for (const fn of [...this.disposers]) {
      this.disposers.delete(fn);
      try {
        fn();
      } catch {
        // cleanup is best effort
      }
    }
  }

  /** The options the world was generated with (seed, accounts, days, cards, volume) and the start. */
  describe() {
    return {
      ...this.world.options,
      start: new Date(this.world.startMs).toISOString(),
      historyFirstDay: new Date(this.world.historyStartMs).toISOString(),
      now: new Date(this.clock.now()).toISOString(),
      frozen: this.clock.frozen,
      timeScale: this.clock.timeScale,
    };
  }

  accountData(id: number): AccountData | undefined {
    return this.world.byId(id);
  }

  accounts(): AccountCredentials[] {
    return this.world.data.map((d, i) => ({
      id: d.account.id,
      oid: d.account.oid,
      sid: d.account.sid,
      supplierId: d.account.supplierId,
      name: d.account.name,
      tradeMark: d.account.tradeMark,
      tin: d.account.tin,
      keys: Object.fromEntries((this.keys[i] ?? []).map((k) => [k.variant, k])),
      extraKeys: [...(this.extraKeys[i] ?? [])],
      portal: this.portal[i] as PortalCredentials,
      cards: d.account.cards.length,
      nmIds: d.account.cards.map((c) => c.nmID),
    }));
  }

  /** A key of an account by variant (throws when the account does not exist). */
  key(accountId: number, variant: Exclude<KeyVariant, 'custom'> = 'personal'): IssuedKey {
    const key = this.keys[accountId - 1]?.find((k) => k.variant === variant);
    if (!key) throw new RangeError(`no account ${accountId}`);
    return key;
  }

  /** Signs an extra key for an account (any claims), e.g. a statistics-only key. */
  async mintKey(
    accountId: number,
    spec: Omit<KeySpec, 'issuedAtMs'> & { issuedAtMs?: number },
  ): Promise<IssuedKey> {
    const d = this.world.byId(accountId);
    if (!d) throw new RangeError(`no account ${accountId}`);
    const key = await issueKey(this.authority, this.world.seed, d.account, {
      ...spec,
      issuedAtMs: spec.issuedAtMs ?? this.clock.now(),
      serial: spec.serial ?? ++this.keySerial,
    });
    this.extraKeys[accountId - 1]?.push(key);
    return key;
  }

  /** WB withdraws keys wholesale: unexpired, but every call answers 401. */
  withdraw(target: { keyId?: string; accountId?: number }): void {
    if (target.keyId) this.withdrawnKeyIds.add(target.keyId);
    if (target.accountId !== undefined) {
      const d = this.world.byId(target.accountId);
      if (!d) throw new RangeError(`no account ${target.accountId}`);
      this.withdrawnOids.add(d.account.oid);
    }
  }

  restore(target: { keyId?: string; accountId?: number } = {}): void {
    if (!target.keyId && target.accountId === undefined) {
      this.withdrawnKeyIds.clear();
      this.withdrawnOids.clear();
      return;
    }
    if (target.keyId) this.withdrawnKeyIds.delete(target.keyId);
    if (target.accountId !== undefined) {
      const d = this.world.byId(target.accountId);
      if (d) this.withdrawnOids.delete(d.account.oid);
    }
  }

  isWithdrawn(keyId: string, oid: number): boolean {
    return this.withdrawnKeyIds.has(keyId) || this.withdrawnOids.has(oid);
  }

  withdrawals() {
    return {
      keyIds: [...this.withdrawnKeyIds],
      accounts: [...this.withdrawnOids].map((oid) => this.world.byOid(oid)?.account.id),
    };
  }

  /** The truth for an account at the current data clock (cached per instant). */
  truth(accountId: number): Truth {
    const d = this.world.byId(accountId);
    if (!d) throw new RangeError(`no account ${accountId}`);
    const now = this.clock.now();
    const key = `${accountId}:${now}`;
    const cached = this.truthCache.get(key);
    if (cached) return cached;
    const truth = computeTruth(this.world, d, now);
    this.truthCache.set(key, truth);
    return truth;
  }
}
