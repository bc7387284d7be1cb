import { parseArgs } from 'node:util';
import { CommandError, UsageError, type CommandContext } from './command.ts';
import { COMMANDS } from './commands/index.ts';
import { DatabaseConnections, resolveDatabase } from './database.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

function help(io: CliIo): void {
  io.out('Usage: npm run cli -- <command> [options]\n\nCommands:');
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  for (const c of COMMANDS) io.out(`  ${c.name.padEnd(width)}  ${c.summary}`);
  io.out('\nRun a command with --help for its options.');
}

/**
 * Runs one CLI command and returns the exit code: 0 on success, 1 when the command failed, 2 when it was
 * called wrongly. Every error message names what is wrong.
 *
 * @example
 * const code = await runCli(['assign', '--email', 'm@x.ru', '--month', '2026-11', '--nm', '1,2'], process.env, io);
 */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help(io);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command '${name}'.`);
    help(io);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(`Usage: npm run cli -- ${command.usage}\n\n${command.summary}`);
    return 0;
  }

  let connections: DatabaseConnections | undefined;
  let stopEmbedded: (() => Promise<void>) | undefined;
  const ctx: CommandContext = {
    out: io.out,
    env,
    async db() {
      if (!connections) {
        const resolved = await resolveDatabase(env);
        stopEmbedded = resolved.embedded?.stop;
        connections = new DatabaseConnections(resolved.url);
      }
      return connections;
    },
  };

  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    await command.run(ctx, values as Record<string, string | boolean | string[] | undefined>);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${command.name}: ${(err as Error).message}`);
      io.err(`Usage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (err instanceof CommandError) {
      io.err(`${command.name}: ${err.message}`);
      return 1;
    }
    io.err(`${command.name} failed: ${describe(err)}`);
    return 1;
  } finally {
    await connections?.close();
    await stopEmbedded?.();
  }
}

/** Database errors carry the useful part in `detail` and `hint`. */
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const pgErr = err as Error & { detail?: string; hint?: string };
  return [pgErr.message, pgErr.detail, pgErr.hint].filter(Boolean).join(' — ');
}
