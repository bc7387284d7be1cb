import { readFileSync } from 'node:fs';
import {
  AccountError,
  createAccountService,
  normalizePortalSessionInput,
  type PortalSession,
} from '@joycity/shared/credentials';
import { AppError } from '@joycity/shared/errors';
import { ZodError } from 'zod';
import { accountValidators } from '../account-validators.ts';
import { CommandError, requireString, UsageError, type Command } from '../command.ts';
import { secretBoxFrom } from './secrets.ts';

/**
 * Stores a legal-entity account with its WB API key and portal session, encrypted, exactly as the admin API
 * does (same service, same checks, same audit). Credentials are never printed.
 */
export const accountCreate: Command = {
  name: 'account:create',
  summary: 'Create an account with its WB API key and portal session (stored encrypted)',
  usage:
    'account:create --name N --inn I (--api-key K | --api-key-file F) --portal-session FILE.json [--no-validate]',
  options: {
    name: { type: 'string' },
    inn: { type: 'string' },
    'api-key': { type: 'string' },
    'api-key-file': { type: 'string' },
    'portal-session': { type: 'string' },
    'no-validate': { type: 'boolean' },
  },
  async run(ctx, values) {
    const name = requireString(values, 'name');
    const inn = requireString(values, 'inn');
    const apiKey = readApiKey(values);
    const portalSession = readPortalSession(requireString(values, 'portal-session'));
    const validate = values['no-validate'] !== true;
    const box = secretBoxFrom(ctx.env);
    const accounts = createAccountService({
      db: (await ctx.db()).get('app'),
      box,
      validators: accountValidators(ctx.env),
    });
    let result;
    try {
      result = await accounts.create(
        { name, inn, apiKey, portalSession },
        { actor: { userId: null, email: null, via: 'cli' }, validate },
      );
    } catch (err) {
      if (err instanceof AppError) {
        const flag =
          err.code === 'API_KEY_MALFORMED' || err.code === 'API_KEY_EXPIRED'
            ? '--api-key'
            : err.code === 'ACCOUNT_INVALID'
              ? err.message.startsWith('inn')
                ? '--inn'
                : '--name'
              : undefined;
        if (flag) throw new UsageError(`${flag}: ${err.message}`);
        if (err instanceof AccountError) throw new CommandError(err.message);
      }
      throw err;
    }
    const { account, checks } = result;
    const describeCheck = (outcome: string) =>
      outcome === 'ok'
        ? 'checked with WB'
        : validate
          ? 'not checked (no validator configured)'
          : 'not checked (--no-validate)';
    ctx.out(`Account ${account.id} "${account.name}" (INN ${account.inn}) created.`);
    ctx.out(
      `  API key ${account.api_key_mask}: ${account.api_key_type}${account.api_key_test ? ', test' : ''}, ` +
        `expires ${account.api_key_expires_at ? account.api_key_expires_at.toISOString().slice(0, 10) : 'never'}, ` +
        `categories ${account.api_key_categories.join(', ') || 'none'}${account.api_key_read_only ? ' (read-only)' : ''}; ${describeCheck(checks.apiKey)}.`,
    );
    ctx.out(
      `  Portal session: ${account.portal_cookie_names.length} cookie(s) (${account.portal_cookie_names.join(', ')}); ${describeCheck(checks.portalSession)}.`,
    );
  },
};

function readApiKey(values: Record<string, unknown>): string {
  const inline = values['api-key'];
  const file = values['api-key-file'];
  if (typeof inline === 'string' && typeof file === 'string') {
    throw new UsageError('give either --api-key or --api-key-file, not both');
  }
  if (typeof file === 'string') {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new UsageError(
        `--api-key-file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
  }
  if (typeof inline !== 'string' || inline.trim() === '')
    throw new UsageError('--api-key (or --api-key-file) is required');
  return inline;
}

/**
 * Reads the session file: our `{cookies: {name: value}, authorizev3?}`, a browser extension's cookie export
 * (`[{name, value, …}]`), or a raw `Cookie:` header line. Messages never quote the file's content.
 */
function readPortalSession(file: string): PortalSession {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `--portal-session: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    if (!/^\s*(cookie:\s*)?[^\s=;]+=/i.test(text)) {
      throw new UsageError(`--portal-session: ${file} is neither JSON nor a Cookie header line`);
    }
    input = text.trim();
  }
  try {
    return normalizePortalSessionInput(input);
  } catch (err) {
    if (err instanceof ZodError) {
      const issue = err.issues[0]!;
      throw new UsageError(`--portal-session: ${file}: ${issue.path.join('.') || '(root)'} ${issue.message}`);
    }
    throw new UsageError(`--portal-session: ${file}: ${(err as Error).message}`);
  }
}
