import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Hono } from 'hono';
import { controlRoutes } from './control/routes.ts';
import {
  DEFAULT_MODULES,
  buildHostTable,
  buildUpgradeTable,
  type HostModule,
  type HostTable,
  type UpgradeTable,
} from './hosts/host-modules.ts';
import { createDispatcher, createUpgradeDispatcher } from './http/dispatch.ts';
import type { AppEnv } from './http/types.ts';
import type { Emulator } from './runtime/emulator.ts';

/** The emulator's request handlers: the Hono app and the WebSocket upgrade handler. */
export interface EmulatorHandlers {
  app: Hono<AppEnv>;
  /** For `server.on('upgrade', …)`: hands WebSocket handshakes to the module serving the host. */
  upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
}

/**
 * The emulator's handlers: `/__emulator/*` (the control API) on every host, everything else dispatched by
 * the Host header to the module serving that host's role; WebSocket upgrades likewise.
 *
 * @example
 * const { app, upgrade } = createEmulatorHandlers(emu, { modules: DEFAULT_MODULES });
 * server.on('upgrade', upgrade);
 */
export function createEmulatorHandlers(
  emu: Emulator,
  options: { modules?: readonly HostModule[] } = {},
): EmulatorHandlers {
  const modules = options.modules ?? DEFAULT_MODULES;
  let table: HostTable = buildHostTable(emu, modules);
  let upgrades: UpgradeTable = buildUpgradeTable(emu, modules);
  const getTable = () => table;
  const app = new Hono<AppEnv>({ strict: false });
  app.route(
    '/__emulator',
    controlRoutes(emu, getTable, () => {
      table = buildHostTable(emu, modules);
      upgrades = buildUpgradeTable(emu, modules);
    }),
  );
  app.all('/__emulator/*', (c) =>
    c.json({ error: `no control endpoint ${c.req.method} ${new URL(c.req.url).pathname}` }, 404),
  );
  app.all('*', createDispatcher(emu, getTable));
  return { app, upgrade: createUpgradeDispatcher(emu, () => upgrades) };
}

/**
 * The emulator's Hono app (without WebSocket upgrades; `createEmulatorHandlers` has both).
 *
 * @example
 * const emu = await Emulator.create({ seed: 42 });
 * const app = createEmulatorApp(emu, { modules: [...DEFAULT_MODULES, myModule] });
 */
export function createEmulatorApp(
  emu: Emulator,
  options: { modules?: readonly HostModule[] } = {},
): Hono<AppEnv> {
  return createEmulatorHandlers(emu, options).app;
}
