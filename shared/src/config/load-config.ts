import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors/app-error.ts';
import { loadDevSecrets, SECRET_VARIABLES } from './dev-secrets.ts';

/**
 * Validates the environment against a service's schema and returns the typed values. A missing or malformed
 * variable stops start-up with a `ConfigError` listing every problem by variable name. Outside production,
 * absent secrets come from `.data/secrets` (generated once); in production they are required.
 *
 * @example
 * const env = loadConfig({ DATABASE_URL: commonEnvShape.DATABASE_URL, PROXY_PORT: commonEnvShape.PROXY_PORT });
 * env.PROXY_PORT; // number, 8080 by default
 */
export function loadConfig<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: NodeJS.ProcessEnv = process.env,
): z.output<z.ZodObject<Shape>> {
  const input: Record<string, string | undefined> = { ...env };
  // Empty strings mean "unset" (compose files and shells produce them), so defaults still apply.
  for (const [key, value] of Object.entries(input)) if (value === '') delete input[key];
  // `NAME_FILE=/run/secrets/x` supplies NAME from a file: how Docker Swarm hands out secrets.
  for (const name of Object.keys(shape)) {
    const file = input[`${name}_FILE`];
    if (input[name] === undefined && file) input[name] = readSecretFile(name, file);
  }

  const wantedSecrets = SECRET_VARIABLES.filter((name) => name in shape && input[name] === undefined);
  if (wantedSecrets.length > 0 && input.NODE_ENV !== 'production') {
    const dev = loadDevSecrets(env);
    for (const name of wantedSecrets) input[name] = dev[name];
  }

  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(root)');
        const unset = issue.code === 'invalid_type' && input[variable] === undefined;
        return { variable, message: unset ? 'is required but not set' : issue.message };
      }),
    );
  }
  return result.data;
}

function readSecretFile(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new ConfigError([
      { variable: `${name}_FILE`, message: `cannot read ${file}: ${(err as Error).message}` },
    ]);
  }
}
