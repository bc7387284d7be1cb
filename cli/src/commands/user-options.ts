import { passwordProblem } from '@joycity/shared/crypto';
import { z } from 'zod';
import { UsageError } from '../command.ts';

const email = z.email();

/** Validates the flags every user-creating command shares, with messages that name the flag. */
export function parseUserFlags(values: Record<string, unknown>): {
  email: string;
  password: string;
  name: string;
} {
  const raw = {
    email: typeof values.email === 'string' ? values.email.trim().toLowerCase() : undefined,
    password: values.password,
    name: typeof values.name === 'string' ? values.name.trim() : undefined,
  };
  if (!raw.email) throw new UsageError('--email is required');
  if (!email.safeParse(raw.email).success)
    throw new UsageError(`--email: '${raw.email}' is not an email address`);
  if (typeof raw.password !== 'string') throw new UsageError('--password is required');
  const problem = passwordProblem(raw.password);
  if (problem) throw new UsageError(`--password ${problem}`);
  if (!raw.name) throw new UsageError('--name is required');
  if (raw.name.length > 200) throw new UsageError('--name must be at most 200 characters');
  return { email: raw.email, password: raw.password, name: raw.name };
}

/** Parses `--account ID` into a positive integer, or undefined when absent. */
export function parseAccountId(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const id = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError(
      `--account must be a positive account id (see account:list), got ${JSON.stringify(value)}`,
    );
  }
  return id;
}
