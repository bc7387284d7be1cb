export {
  createDb,
  createPool,
  type CreateDbOptions,
  type Database,
  type DbRole,
  type Executor,
  type Trx,
} from './client.ts';
export { typeParsers, parseSafeInteger } from './pg-type-parsers.ts';
export * from './schema.ts';
export * from './repositories/users.ts';
export * from './repositories/accounts.ts';
export * from './repositories/assignments.ts';
export * from './repositories/audit-log.ts';
export * from './repositories/settings.ts';
export * from './repositories/sessions.ts';
export { sql } from 'kysely';
export * from './repositories/sync.ts';
export * from './repositories/proxy-routes.ts';
export * from './repositories/sync-leases.ts';
export * from './repositories/wb-data.ts';
export * from './repositories/finance-balance.ts';
export * from './repositories/order-day-figures.ts';
export * from './repositories/visibility.ts';
export * from './repositories/wb-report-rows-stage.ts';
