import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '@joycity/shared/config';
import { portOf, type ServiceDefinition } from './services.ts';

export interface RunningService {
  definition: ServiceDefinition;
  child: ChildProcess;
  port: number;
}

/**
 * Starts a service as a child process that writes to our terminal. It runs in its own process group, so
 * Ctrl-C reaches only the launcher, which then stops services in order; the IPC channel lets the child
 * notice if the launcher itself dies (see onShutdown) instead of living on as an orphan.
 */
export function spawnService(definition: ServiceDefinition, env: NodeJS.ProcessEnv): RunningService {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, definition.entry)], {
    cwd: REPO_ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return { definition, child, port: portOf(definition, env) };
}

/** Polls the health endpoint until it answers 200, the child exits, or the time runs out. */
export async function waitHealthy(service: RunningService, timeoutMs = 90_000): Promise<void> {
  const url = `http://127.0.0.1:${service.port}${service.definition.healthPath}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) {
      throw new Error(
        `${service.definition.name} exited with code ${service.child.exitCode} during start-up`,
      );
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${service.definition.name} did not become healthy at ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the child is gone. */
export function stopService(service: RunningService, graceMs = 15_000): Promise<void> {
  const { child } = service;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
