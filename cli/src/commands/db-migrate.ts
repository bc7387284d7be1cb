import { migrateToLatest, rollbackOne } from '@joycity/db/migrations';
import type { Command } from '../command.ts';

export const dbMigrate: Command = {
  name: 'db:migrate',
  summary: 'Apply every pending migration',
  usage: 'db:migrate',
  options: {},
  async run(ctx) {
    const results = await migrateToLatest((await ctx.db()).get('owner'));
    if (results.length === 0) ctx.out('Database is up to date.');
    for (const r of results) ctx.out(`${r.status === 'Success' ? 'applied' : r.status}  ${r.migrationName}`);
  },
};

export const dbRollback: Command = {
  name: 'db:rollback',
  summary: 'Undo the latest migration',
  usage: 'db:rollback',
  options: {},
  async run(ctx) {
    const results = await rollbackOne((await ctx.db()).get('owner'));
    if (results.length === 0) ctx.out('Nothing to roll back.');
    for (const r of results)
      ctx.out(`${r.status === 'Success' ? 'rolled back' : r.status}  ${r.migrationName}`);
  },
};
