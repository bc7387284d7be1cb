import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '@joycity/shared/config';

export interface ServiceDefinition {
  name: string;
  /** The entry point, relative to the repository root. */
  entry: string;
  /** The environment variable holding its port, and that port's default. */
  portVariable: string;
  defaultPort: number;
  /** The path probed until the service answers 200. */
  healthPath: string;
  /** The public URL printed for people, if the service has one. */
  publicUrl?: (env: NodeJS.ProcessEnv, port: number) => string;
  /** Work before the first start, such as building a UI; `say` reports what it does. */
  prepare?: (say: (line: string) => void) => Promise<void>;
}

const domain = (env: NodeJS.ProcessEnv) => env.APP_DOMAIN ?? 'joycity.localhost';

/** Every service `npm start` can run. Ones whose entry point does not exist yet are skipped. */
export const SERVICES: ServiceDefinition[] = [
  {
    name: 'admin',
    entry: 'admin/src/main.ts',
    portVariable: 'ADMIN_PORT',
    defaultPort: 3000,
    healthPath: '/healthz',
    publicUrl: (env, port) => `http://admin.${domain(env)}:${port}`,
    // The admin UI is a Next.js production build: built here when missing or older than its sources (and
    // skipped when current), so a fresh clone needs only `npm install && npm start`.
    prepare: async (say) => {
      const module = (await import(
        pathToFileURL(path.join(REPO_ROOT, 'admin/src/server/ui-build.ts')).href
      )) as {
        ensureUiBuild: (say: (line: string) => void) => Promise<unknown>;
      };
      await module.ensureUiBuild(say);
    },
  },
  {
    name: 'proxy',
    entry: 'proxy/src/main.ts',
    portVariable: 'PROXY_PORT',
    defaultPort: 8080,
    healthPath: '/healthz',
    publicUrl: (env, port) => `http://wb-seller.${domain(env)}:${port}`,
  },
  {
    name: 'sync-worker',
    entry: 'sync-worker/src/main.ts',
    portVariable: 'SYNC_WORKER_PORT',
    defaultPort: 8090,
    healthPath: '/healthz',
  },
];

export function availableServices(): ServiceDefinition[] {
  return SERVICES.filter((s) => existsSync(path.join(REPO_ROOT, s.entry)));
}

export function portOf(service: ServiceDefinition, env: NodeJS.ProcessEnv): number {
  return Number(env[service.portVariable] ?? service.defaultPort);
}
