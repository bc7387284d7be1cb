import { listAccounts } from '@joycity/db';
import type { Command } from '../command.ts';

export const accountList: Command = {
  name: 'account:list',
  summary: 'List legal-entity accounts and their status (never their credentials)',
  usage: 'account:list [--json]',
  options: { json: { type: 'boolean' } },
  async run(ctx, values) {
    const accounts = await listAccounts((await ctx.db()).get('app'));
    if (values.json) {
      ctx.out(JSON.stringify(accounts, null, 2));
      return;
    }
    if (accounts.length === 0) {
      ctx.out('No accounts yet.');
      return;
    }
    const rows = accounts.map((a) => [
      String(a.id),
      a.name,
      a.inn,
      a.status,
      a.session_status,
      a.key_status,
      a.api_key_expires_at ? a.api_key_expires_at.toISOString().slice(0, 10) : '-',
    ]);
    const header = ['ID', 'NAME', 'INN', 'STATUS', 'SESSION', 'KEY', 'KEY EXPIRES'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const row of [header, ...rows])
      ctx.out(
        row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      );
  },
};
