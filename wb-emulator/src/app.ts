import { Hono } from 'hono';
import { controlRoutes } from './control/routes.ts';
import { DEFAULT_MODULES, buildHostTable, type HostModule, type HostTable } from './hosts/host-modules.ts';
import { createDispatcher } from './http/dispatch.ts';
import type { AppEnv } from './http/types.ts';
import type { Emulator } from './runtime/emulator.ts';

/**
 * The emulator's Hono app: `/__emulator/*` (the control API) on every host, everything else dispatched by
 * the Host header to the module serving that host's role.
 *
 * @example
 * const emu = await Emulator.create({ seed: 42 });
 * const app = createEmulatorApp(emu, { modules: [...DEFAULT_MODULES, portalModule] });
 */
export function createEmulatorApp(
  emu: Emulator,
  options: { modules?: readonly HostModule[] } = {},
): Hono<AppEnv> {
  const modules = options.modules ?? DEFAULT_MODULES;
  let table: HostTable = buildHostTable(emu, modules);
  const getTable = () => table;
  const app = new Hono<AppEnv>({ strict: false });
  app.route(
    '/__emulator',
    controlRoutes(emu, getTable, () => {
      table = buildHostTable(emu, modules);
    }),
  );
  app.all('/__emulator/*', (c) =>
    c.json({ error: `no control endpoint ${c.req.method} ${new URL(c.req.url).pathname}` }, 404),
  );
  app.all('*', createDispatcher(emu, getTable));
  return app;
}
