import type { ParseArgsConfig } from 'node:util';
import type { DatabaseConnections } from './database.ts';

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  readonly code = 'CLI_USAGE';
}

/** The command ran but could not do its job: printed, exit code 1. */
export class CommandError extends Error {
  readonly code = 'CLI_FAILED';
}

export interface CommandContext {
  /** Database clients, opened on first use. Only commands that need a database touch it. */
  db(): Promise<DatabaseConnections>;
  out: (line: string) => void;
  /** The environment the CLI runs with (settings such as APP_ENCRYPTION_KEY are read from it). */
  env: NodeJS.ProcessEnv;
}

/**
 * One CLI command. `options` feed node:util parseArgs (strict: unknown flags are refused); `run` validates
 * values with zod or by hand and throws UsageError or CommandError with a message that names the problem.
 */
export interface Command<Values = Record<string, string | boolean | string[] | boolean[] | undefined>> {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(ctx: CommandContext, values: Values): Promise<void>;
}

/** Reads a required string flag or throws a UsageError naming it. */
export function requireString(values: Record<string, unknown>, flag: string): string {
  const value = values[flag];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${flag} is required`);
  return value;
}
