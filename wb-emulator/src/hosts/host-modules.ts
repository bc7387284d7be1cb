import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hono } from 'hono';
import { WB_HOSTS, WB_HOST_PATTERNS } from '@joycity/shared/wb';
import { advertApi } from '../apis/advert.ts';
import { analyticsApi } from '../apis/analytics.ts';
import { commonApi } from '../apis/common.ts';
import { contentApi } from '../apis/content.ts';
import { feedbacksApi } from '../apis/feedbacks.ts';
import { financeApi } from '../apis/finance.ts';
import { pricesApi } from '../apis/prices.ts';
import { sellerApiApp } from '../apis/seller-api.ts';
import { statisticsApi } from '../apis/statistics.ts';
import type { HostEnv, WbRequestContext } from '../http/types.ts';
import type { Emulator } from '../runtime/emulator.ts';
import { PORTAL_MODULES } from '../portal/index.ts';
import { basketHost } from './static-basket.ts';

/**
 * The host-dispatch table. Every catalogue host (`@joycity/shared/wb`) has a `role`; a HostModule serves
 * one or more roles with a Hono app. To add hosts or routes, add a module here (or pass extra modules to
 * `createEmulatorApp`/`startEmulator`): the portal SPA plugs in the same way, with roles such as
 * `portal-shell`, `portal-auth`, `portal-finance`, `portal-cmp`.
 */
export interface HostModule {
  /** Catalogue roles served (see WB_HOSTS / WB_HOST_PATTERNS). */
  readonly roles: readonly string[];
  /** Builds the app once per emulator (and again after a reseed). */
  create(emu: Emulator): Hono<HostEnv>;
  /** WebSocket handshakes for these roles (absent: 404). Built like `create`. */
  upgrade?(emu: Emulator): UpgradeHandler;
}

/**
 * Takes over a WebSocket handshake (`server.on('upgrade')`) on a host of the module's roles: the dispatcher
 * has resolved the host and logged the request; the handler completes the upgrade or refuses it (it owns
 * the socket from here on and sets `wb.log.status`).
 */
export type UpgradeHandler = (
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  wb: WbRequestContext,
) => void;

/** Role → WebSocket handler. */
export type UpgradeTable = Map<string, UpgradeHandler>;

export function buildUpgradeTable(emu: Emulator, modules: readonly HostModule[]): UpgradeTable {
  const table: UpgradeTable = new Map();
  for (const module of modules) {
    if (!module.upgrade) continue;
    const handler = module.upgrade(emu);
    for (const role of module.roles) table.set(role, handler);
  }
  return table;
}

export const SELLER_API_MODULES: readonly HostModule[] = [
  { roles: ['statistics'], create: statisticsApi },
  { roles: ['finance'], create: financeApi },
  { roles: ['analytics'], create: analyticsApi },
  { roles: ['content'], create: contentApi },
  { roles: ['feedbacks'], create: feedbacksApi },
  { roles: ['advert'], create: advertApi },
  { roles: ['common'], create: commonApi },
  { roles: ['prices'], create: pricesApi },
];

export const STATIC_MODULES: readonly HostModule[] = [{ roles: ['static-basket'], create: basketHost }];

/** Everything: the seller APIs, the photo hosts and the seller portal (its bundle is built on first use). */
export const DEFAULT_MODULES: readonly HostModule[] = [
  ...SELLER_API_MODULES,
  ...STATIC_MODULES,
  ...PORTAL_MODULES,
];

/** Role → app, for every role of the catalogue that some module (or the generic seller API) serves. */
export type HostTable = Map<string, Hono<HostEnv>>;

export function buildHostTable(emu: Emulator, modules: readonly HostModule[]): HostTable {
  const table: HostTable = new Map();
  for (const module of modules) {
    const app = module.create(emu);
    for (const role of module.roles) {
      if (table.has(role)) throw new Error(`two host modules serve role '${role}'`);
      table.set(role, app);
    }
  }
  // Every seller API host answers at least /ping (and WB's 404 elsewhere).
  const generic = sellerApiApp(emu, []);
  for (const h of WB_HOSTS) if (h.kind === 'seller-api' && !table.has(h.role)) table.set(h.role, generic);
  return table;
}

/** The catalogue with what the emulator does for each host (for `GET /__emulator/hosts`). */
export function describeHosts(table: HostTable) {
  return {
    hosts: WB_HOSTS.map((h) => ({ ...h, served: table.has(h.role) })),
    patterns: WB_HOST_PATTERNS.map((p) => ({ ...p, served: table.has(p.role) })),
  };
}
