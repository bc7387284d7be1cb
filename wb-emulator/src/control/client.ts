import type { IssuedKey } from '../auth/api-keys.ts';
import type { Truth } from '../data/truth.ts';
import type { AccountCredentials, EmulatorOptions } from '../runtime/emulator.ts';
import type { FaultRule, FaultRuleInput } from '../runtime/faults.ts';
import type { LegacyMode, LegacyName } from '../runtime/legacy.ts';
import type { RequestLogEntry } from '../runtime/request-log.ts';

/**
 * A typed client for `/__emulator/*`, usable against any running emulator (in-process or
 * `npm run emulator`). Errors throw `EmulatorControlError` with the emulator's message.
 *
 * @example
 * const control = createControlClient('http://127.0.0.1:9090');
 * const [account] = await control.accounts();
 * await control.addFault({ host: 'finance-api.wildberries.ru', kind: 'status', status: 502, count: 2 });
 */
export class EmulatorControlError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'EmulatorControlError';
    this.status = status;
  }
}

export interface ClockState {
  now: string;
  frozen: boolean;
  timeScale: number;
  start: string;
}

export interface EmulatorDescription {
  seed: number;
  accounts: number;
  days: number;
  cards: number;
  volume: number;
  start: string;
  historyFirstDay: string;
  now: string;
  frozen: boolean;
  timeScale: number;
}

export type LegacyState = Record<
  LegacyName,
  { path: string; switchOff: string; mode: LegacyMode; active: boolean }
>;

export interface MintKeyRequest {
  account: number;
  acc?: 1 | 2 | 3 | 4;
  s?: number;
  /** Category codes instead of a bitmask: `['statistics', 'finance']`. */
  scopes?: string[];
  t?: boolean;
  validDays?: number;
  issuedAt?: string | number;
}

export interface ControlClient {
  readonly url: string;
  describe(): Promise<EmulatorDescription>;
  accounts(): Promise<AccountCredentials[]>;
  truth(accountId: number): Promise<Truth>;
  seed(
    options: Omit<EmulatorOptions, 'requestLogSize' | 'now'> & { now?: string | number },
  ): Promise<AccountCredentials[]>;
  reset(): Promise<void>;
  faults(): Promise<FaultRule[]>;
  addFault(rule: FaultRuleInput): Promise<FaultRule>;
  removeFault(id: string): Promise<void>;
  clearFaults(): Promise<void>;
  mintKey(request: MintKeyRequest): Promise<IssuedKey>;
  withdrawKeys(target: { account?: number; keyId?: string }): Promise<void>;
  restoreKeys(target?: { account?: number; keyId?: string }): Promise<void>;
  legacy(): Promise<LegacyState>;
  setLegacy(modes: Partial<Record<LegacyName, LegacyMode | boolean>>): Promise<LegacyState>;
  requests(filter?: {
    host?: string;
    path?: string;
    since?: number;
    limit?: number;
  }): Promise<RequestLogEntry[]>;
  clearRequests(): Promise<void>;
  clock(): Promise<ClockState>;
  /** Sets the data clock (ISO or epoch ms), advances it (ms or '90s'/'15m'/'3h'/'2d'), freezes or runs it. */
  setClock(change: {
    set?: string | number;
    advance?: number | string;
    frozen?: boolean;
  }): Promise<ClockState>;
  setTimeScale(timeScale: number): Promise<void>;
  resetRateLimits(): Promise<void>;
  /** The portal's users, sessions, SMS codes sent, beacons. */
  portal(): Promise<PortalControlState>;
  /** Closes every portal session (and refresh token) of an account, or of all: WB logging the cabinet out. */
  revokePortalSessions(account?: number): Promise<number>;
}

export interface PortalControlState {
  users: Array<{
    userId: number;
    name: string;
    phone: string;
    smsCode: string;
    account: number;
    accounts: number[];
  }>;
  sessions: Array<{ sessionId: string; userId: number; createdAt: string; revokedAt: string | null }>;
  sms: Array<{ phone: string; code: string; sentAt: string }>;
  beacons: Array<{ id: string; receivedAt: string; host: string; body: string }>;
  requestedReports: Array<{ account: number; dateFrom: string; dateTo: string; at: string }>;
  now: string;
}

export function createControlClient(baseUrl: string): ControlClient {
  const root = `${baseUrl.replace(/\/+$/, '')}/__emulator`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${root}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    const parsed = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) {
      const message = (parsed as { error?: string } | undefined)?.error ?? `HTTP ${res.status}`;
      throw new EmulatorControlError(res.status, `${method} ${path}: ${message}`);
    }
    return parsed as T;
  }
  return {
    url: baseUrl,
    describe: async () => (await call<{ emulator: EmulatorDescription }>('GET', '/')).emulator,
    accounts: async () => (await call<{ accounts: AccountCredentials[] }>('GET', '/accounts')).accounts,
    truth: (id) => call<Truth>('GET', `/truth?account=${id}`),
    seed: async (options) =>
      (await call<{ accounts: AccountCredentials[] }>('POST', '/seed', options)).accounts,
    reset: async () => void (await call('POST', '/reset')),
    faults: async () => (await call<{ faults: FaultRule[] }>('GET', '/faults')).faults,
    addFault: async (rule) =>
      (await call<{ faults: FaultRule[] }>('POST', '/faults', rule)).faults[0] as FaultRule,
    removeFault: async (id) => void (await call('DELETE', `/faults/${encodeURIComponent(id)}`)),
    clearFaults: async () => void (await call('DELETE', '/faults')),
    mintKey: async (request) => (await call<{ key: IssuedKey }>('POST', '/keys', request)).key,
    withdrawKeys: async (target) => void (await call('POST', '/keys/withdraw', target)),
    restoreKeys: async (target = {}) => void (await call('POST', '/keys/restore', target)),
    legacy: async () => (await call<{ legacy: LegacyState }>('GET', '/legacy')).legacy,
    setLegacy: async (modes) => (await call<{ legacy: LegacyState }>('POST', '/legacy', modes)).legacy,
    requests: async (filter = {}) => {
      const qs = new URLSearchParams(
        Object.entries(filter)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]): [string, string] => [k, String(v)]),
      ).toString();
      return (await call<{ requests: RequestLogEntry[] }>('GET', `/requests${qs ? `?${qs}` : ''}`)).requests;
    },
    clearRequests: async () => void (await call('DELETE', '/requests')),
    clock: () => call<ClockState>('GET', '/clock'),
    setClock: (change) => call<ClockState>('POST', '/clock', change),
    setTimeScale: async (timeScale) => void (await call('POST', '/time-scale', { timeScale })),
    resetRateLimits: async () => void (await call('POST', '/rate-limits/reset')),
    portal: () => call<PortalControlState>('GET', '/portal'),
    revokePortalSessions: async (account) =>
      (
        await call<{ revoked: number }>(
          'POST',
          '/portal/sessions/revoke',
          account === undefined ? {} : { account },
        )
      ).revoked,
  };
}
