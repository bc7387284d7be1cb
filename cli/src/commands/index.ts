import type { Command } from '../command.ts';
import { accountCreate } from './account-create.ts';
import { accountList } from './account-list.ts';
import { adminCreate } from './admin-create.ts';
import { assign } from './assign.ts';
import { dbMigrate, dbRollback } from './db-migrate.ts';
import { secretsRotate } from './secrets-rotate.ts';
import { syncOnceCommand } from './sync-once.ts';
import { userCreate } from './user-create.ts';

/** Every command, in the order `help` lists them. Later features register theirs here. */
export const COMMANDS: Command[] = [
  dbMigrate,
  dbRollback,
  adminCreate,
  userCreate,
  accountCreate,
  accountList,
  assign,
  secretsRotate,
  syncOnceCommand,
];
