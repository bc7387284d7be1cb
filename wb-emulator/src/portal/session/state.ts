import { decodeJwt } from 'jose';
import type { SellerAccount } from '../../data/accounts.ts';
import type { Emulator } from '../../runtime/emulator.ts';
import { Rng, hashInts } from '../../util/random.ts';

/**
 * What the emulated seller portal remembers between requests: who may log in (one portal user per legal
 * entity, seeing its own entity and the next one), open sessions, refresh tokens, pending SMS codes and
 * anti-bot challenges, and the things the settings pages change (API tokens, users, bank details).
 * It lives in `emu.scoped`, so `/__emulator/reset` and reseeds start it afresh.
 */

/** How long things last, in emulator-clock milliseconds. */
export const LIFETIMES = {
  /** WBTokenV3 (the session token; also `authorizev3`). */
  sessionMs: 14 * 86_400_000,
  /** wbx-refresh (the seller-auth cookie slide-v3 uses). */
  refreshMs: 60 * 86_400_000,
  /** The short-lived `wb-seller-lk` token from auth/token. */
  sellerLkMs: 300_000,
  /** An SMS code (and the sticker naming it). */
  smsMs: 180_000,
  /** A slide-v3 sticker until slide-v3-confirm. */
  slideMs: 60_000,
  /** A proof-of-work challenge and the token it earns. */
  powMs: 300_000,
} as const;

export interface PortalUser {
  readonly userId: number;
  readonly phone: string;
  readonly smsCode: string;
  readonly name: string;
  /** The legal entity the user belongs to (0-based account index). */
  readonly ownAccount: number;
  /** Every legal entity the user can switch to (`getUserSuppliers`), own first. */
  readonly accounts: readonly number[];
}

export interface SessionRecord {
  readonly sessionId: string;
  readonly userId: number;
  readonly validationKey: string;
  readonly createdMs: number;
  revokedMs?: number;
}

export interface RefreshRecord {
  readonly sessionId: string;
  readonly userId: number;
  expMs: number;
}

export interface ApiTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly scopes: string[];
  readonly readOnly: boolean;
  readonly type: 'personal' | 'service' | 'basic' | 'test';
  readonly createdMs: number;
  readonly expiresMs: number;
  /** The emulator key id (the JWT's `id`), to withdraw it on delete. */
  readonly keyId: string;
  revokedMs?: number;
}

export interface TeamMember {
  readonly id: number;
  name: string;
  phone: string;
  email: string;
  role: 'owner' | 'admin' | 'manager' | 'accountant';
  sections: string[];
  readonly invitedMs: number;
  active: boolean;
}

export interface BankAccount {
  id: number;
  bankName: string;
  bik: string;
  account: string;
  correspondentAccount: string;
  isMain: boolean;
  updatedMs: number;
}

export interface BeaconRecord {
  readonly id: string;
  readonly receivedAt: string;
  readonly host: string;
  readonly body: string;
}

const PEOPLE = [
  'Алексей Смирнов',
  'Мария Иванова',
  'Дмитрий Кузнецов',
  'Екатерина Попова',
  'Игорь Соколов',
  'Ольга Лебедева',
  'Сергей Козлов',
  'Анна Новикова',
  'Павел Морозов',
  'Наталья Волкова',
];
const BANKS = [
  { name: 'ПАО Сбербанк', bik: '044525225', corr: '30101810400000000225' },
  { name: 'АО «Т-Банк»', bik: '044525974', corr: '30101810145250000974' },
  { name: 'АО «Альфа-Банк»', bik: '044525593', corr: '30101810200000000593' },
  { name: 'Банк ВТБ (ПАО)', bik: '044525187', corr: '30101810700000000187' },
];

export class PortalState {
  readonly users: readonly PortalUser[];
  readonly sessions = new Map<string, SessionRecord>();
  readonly refresh = new Map<string, RefreshRecord>();
  readonly sms = new Map<string, { phone: string; code: string; expMs: number; attempts: number }>();
  readonly smsLog: Array<{ phone: string; code: string; sentAt: string }> = [];
  readonly slides = new Map<string, { sessionId: string; userId: number; expMs: number }>();
  readonly pow = new Map<string, { prefix: string; difficulty: number; expMs: number }>();
  readonly powTokens = new Map<string, number>();
  readonly beacons: BeaconRecord[] = [];
  readonly apiTokens = new Map<number, ApiTokenRecord[]>();
  readonly team = new Map<number, TeamMember[]>();
  readonly bankAccounts = new Map<number, BankAccount[]>();
  /** Weekly reports requested through the "report for a period" form. */
  readonly requestedReports: Array<{ account: number; dateFrom: string; dateTo: string; at: string }> = [];
  private readonly rng: Rng;
  private serial = 0;

  constructor(emu: Emulator) {
    const seed = emu.world.seed;
    this.rng = new Rng(hashInts(seed, 0x907a1));
    const accounts = emu.accounts();
    const n = accounts.length;
    this.users = accounts.map((a, i) => {
      const name = PEOPLE[hashInts(seed, i, 91) % PEOPLE.length] as string;
      return {
        userId: a.portal.userId,
        phone: a.portal.phone,
        smsCode: a.portal.smsCode,
        name,
        ownAccount: i,
        accounts: n > 1 ? [i, (i + 1) % n] : [i],
      };
    });
    // The seeded sessions (what `/__emulator/accounts` hands out) are open from the start.
    accounts.forEach((a, i) => {
      const claims = decodeJwt(a.portal.cookies.WBTokenV3 as string);
      const sessionId = String(claims.sessionId);
      const user = this.users[i] as PortalUser;
      this.sessions.set(sessionId, {
        sessionId,
        userId: user.userId,
        validationKey: a.portal.cookies['wbx-validation-key'] as string,
        createdMs: emu.world.startMs,
      });
      this.refresh.set(a.portal.refreshCookie['wbx-refresh'] as string, {
        sessionId,
        userId: user.userId,
        expMs: emu.world.startMs + LIFETIMES.refreshMs,
      });
    });
    emu.world.data.forEach((d, i) => {
      this.team.set(d.account.index, this.seedTeam(seed, d.account, this.users[i] as PortalUser));
      this.bankAccounts.set(d.account.index, this.seedBank(seed, d.account));
      this.apiTokens.set(
        d.account.index,
        Object.values(accounts[i]?.keys ?? {})
          .filter((k) => k.variant === 'personal' || k.variant === 'service')
          .map((k) => ({
            id: `tok-${k.id.slice(0, 8)}`,
            name: k.variant === 'personal' ? 'Интеграция 1С' : 'Сервис аналитики',
            scopes: k.scopes,
            readOnly: false,
            type: k.type === 'service' ? ('service' as const) : ('personal' as const),
            createdMs: Date.parse(k.issuedAt),
            expiresMs: Date.parse(k.expiresAt),
            keyId: k.id,
          })),
      );
    });
  }

  /** The state of an emulator (created on first use; reset with the emulator). */
  static of(emu: Emulator): PortalState {
    return emu.scoped('portal.state', () => new PortalState(emu));
  }

  userById(userId: number): PortalUser | undefined {
    return this.users.find((u) => u.userId === userId);
  }

  userByPhone(phone: string): PortalUser | undefined {
    const digits = phone.replace(/\D/g, '');
    const normalized = digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits;
    return this.users.find((u) => u.phone.replace(/\D/g, '') === normalized);
  }

  /** A fresh opaque id (hex), deterministic per emulator run. */
  id(length = 32): string {
    this.serial++;
    return this.rng.hex(length);
  }

  base62(length: number): string {
    return this.rng.base62(length);
  }

  nextSerial(): number {
    return ++this.serial;
  }

  private seedTeam(seed: number, account: SellerAccount, owner: PortalUser): TeamMember[] {
    const rng = new Rng(hashInts(seed, 0x7ea, account.index));
    const members: TeamMember[] = [
      {
        id: owner.userId,
        name: owner.name,
        phone: owner.phone,
        email: `owner@${account.tradeMark.toLowerCase().replace(/[^a-zа-я0-9]/g, '')}.ru`,
        role: 'owner',
        sections: ['all'],
        invitedMs: account.cards[0]?.createdAtMs ?? 0,
        active: true,
      },
    ];
    const roles: TeamMember['role'][] = ['admin', 'manager', 'manager', 'accountant'];
    for (let k = 0; k < roles.length; k++) {
      members.push({
        id: 40_000_000 + account.index * 1000 + k,
        name: rng.pick(PEOPLE),
        phone: `+79${rng.digits(9)}`,
        email: `user${k + 1}@example.ru`,
        role: roles[k] as TeamMember['role'],
        sections:
          roles[k] === 'accountant' ? ['finance', 'documents'] : ['orders', 'stocks', 'prices', 'feedbacks'],
        invitedMs: (account.cards[0]?.createdAtMs ?? 0) + rng.int(1, 300) * 86_400_000,
        active: rng.chance(0.85),
      });
    }
    return members;
  }

  private seedBank(seed: number, account: SellerAccount): BankAccount[] {
    const rng = new Rng(hashInts(seed, 0xba4c, account.index));
    const bank = rng.pick(BANKS);
    return [
      {
        id: 1,
        bankName: bank.name,
        bik: bank.bik,
        account: `40702810${rng.digits(12)}`,
        correspondentAccount: bank.corr,
        isMain: true,
        updatedMs: account.cards[0]?.createdAtMs ?? 0,
      },
    ];
  }
}
