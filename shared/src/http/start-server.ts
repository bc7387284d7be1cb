import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from 'pino';

export interface StartServerOptions {
  /** Usually `app.fetch` of a Hono app. */
  fetch: (request: Request, env: never) => Response | Promise<Response>;
  port: number;
  /** Defaults to all interfaces. */
  hostname?: string;
  logger?: Logger;
  /** How long in-flight requests may take to finish after a shutdown begins. Defaults to 10 s. */
  drainMs?: number;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish (up to `drainMs`), then cuts what remains. */
  close(): Promise<void>;
}

/**
 * Serves a fetch handler over HTTP with graceful shutdown. Port 0 picks a free port (tests do).
 *
 * @example
 * const running = await startServer({ fetch: app.fetch, port: env.PROXY_PORT, logger });
 * process.once('SIGTERM', () => void running.close());
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const server = createAdaptorServer({ fetch: options.fetch as never }) as Server;
  // Idle keep-alive connections must outlive the client's (Traefik keeps backend connections 90 s, undici
  // 4 s): if the server closed first, a client could send on a socket at the instant it closes and see
  // ECONNRESET. Node's default of 5 s is too close to undici's.
  server.keepAliveTimeout = 95_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.hostname && options.hostname !== '0.0.0.0' ? options.hostname : '127.0.0.1';
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          options.logger?.warn('drain timeout reached; closing remaining connections');
          server.closeAllConnections();
        }, options.drainMs ?? 10_000);
        timer.unref();
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
