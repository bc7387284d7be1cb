import { commitSyncCursor, type Database, type Dataset, type Executor } from '@joycity/db';
import { AppError } from '@joycity/shared/errors';
import type { MethodGroup } from '../wb/method-limits.ts';
import type { KeyContext, WbCaller } from '../wb/wb-caller.ts';

/** Another worker holds the lease now (ours expired): this pass stops and its open transaction rolls back. */
export class LeaseLostError extends AppError {
  constructor(accountId: number, dataset: Dataset) {
    super('SYNC_LEASE_LOST', `lost the lease of account ${accountId} / ${dataset}`, { status: 409 });
  }
}

export interface DatasetSettings {
  financeStart: string;
  financePeriods: ReadonlyArray<'weekly' | 'daily'>;
  financeV5Fallback: boolean;
  backfillDays: number;
  statsOverlapSeconds: number;
  batchRows: number;
  /**
   * Extra connections that parse finance batches in parallel with the page transaction (staged ingest);
   * 0 parses in the page transaction itself.
   */
  parseConnections: number;
  /** Page sizes (WB's maxima by default; tests make them small to exercise paging). */
  pageSizes?: Partial<Record<'finance' | 'stocks' | 'cards', number>>;
}

/** What a dataset's pass gets: the account's key, the WB caller, the cursor and how to commit a page. */
export interface DatasetContext {
  db: Database;
  accountId: number;
  dataset: Dataset;
  cursor: Record<string, unknown>;
  /** No pass has completed yet: this one is the history backfill. */
  backfill: boolean;
  key: KeyContext;
  callWb: WbCaller;
  settings: DatasetSettings;
  now: () => Date;
  counts: { rowsReceived: number; rowsWritten: number; pages: number };
  /** Writes the cursor in the page's transaction; throws {@link LeaseLostError} when the lease is gone. */
  commit(trx: Executor, cursor: Record<string, unknown>): Promise<void>;
}

export function committer(db: { owner: string; accountId: number; dataset: Dataset }) {
  return async (trx: Executor, cursor: Record<string, unknown>) => {
    const ok = await commitSyncCursor(trx, { ...db, cursor });
    if (!ok) throw new LeaseLostError(db.accountId, db.dataset);
  };
}

export type DatasetSync = (ctx: DatasetContext) => Promise<void>;

export const groupOf: Record<Dataset, MethodGroup> = {
  orders: 'orders',
  sales: 'sales',
  finance: 'finance',
  stocks: 'stocks',
  cards: 'cards',
};
