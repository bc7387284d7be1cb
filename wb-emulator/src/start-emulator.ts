import { startServer } from '@joycity/shared/http';
import type { Logger } from '@joycity/shared/logger';
import { createEmulatorHandlers } from './app.ts';
import { createWbClient, type WbClient } from './client/wb-client.ts';
import { createControlClient, type ControlClient } from './control/client.ts';
import type { HostModule } from './hosts/host-modules.ts';
import { Emulator, type EmulatorOptions } from './runtime/emulator.ts';

export interface StartEmulatorOptions extends EmulatorOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  port?: number;
  /** Interface; default 127.0.0.1. */
  hostname?: string;
  /** Host modules (default: every seller API and the basket photo hosts); add portal modules here. */
  modules?: readonly HostModule[];
  logger?: Logger;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>`: what WB_UPSTREAM_OVERRIDE points at. */
  readonly url: string;
  readonly port: number;
  /** The in-process state (same as what the control API steers). */
  readonly emulator: Emulator;
  /** Typed client for /__emulator. */
  readonly control: ControlClient;
  /** Calls WB URLs through this emulator with the real Host header. */
  readonly wb: WbClient;
  close(): Promise<void>;
}

/**
 * Starts an emulator on a port (0 = free port). Fast: a test-sized world is generated in milliseconds and
 * every row is produced on request.
 *
 * @example
 * const emu = await startEmulator({ seed: 42, accounts: 2, days: 30, now: '2026-11-20T12:00:00Z' });
 * const key = emu.emulator.key(1).token;
 * // …point the code under test at emu.url (WB_UPSTREAM_OVERRIDE)…
 * await emu.close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const emulator = await Emulator.create(options);
  const { app, upgrade } = createEmulatorHandlers(
    emulator,
    options.modules ? { modules: options.modules } : {},
  );
  const server = await startServer({
    fetch: (request, env) => app.fetch(request, env),
    port: options.port ?? 0,
    hostname: options.hostname ?? '127.0.0.1',
    drainMs: 1_000,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  server.server.on('upgrade', upgrade);
  return {
    url: server.url,
    port: server.port,
    emulator,
    control: createControlClient(server.url),
    wb: createWbClient(server.url),
    close: async () => {
      emulator.dispose();
      await server.close();
    },
  };
}
