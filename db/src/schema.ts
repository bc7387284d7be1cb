import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The database as Kysely sees it. Kept by hand beside the migrations: when a migration changes a table,
 * this file changes in the same commit. Value types follow `pg-type-parsers.ts`: int8 → number,
 * numeric → string, date → 'YYYY-MM-DD' string, timestamptz → Date.
 */

/** A timestamp column with a database default. */
type CreatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** A nullable timestamp. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** JSONB: read as parsed JSON, written as a JSON string (or a value pg serialises). */
type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** Exact decimals: read as string, written as string or number. */
type Numeric = ColumnType<string, string | number, string | number>;

export type RoleCode =
  | 'ADMIN'
  | 'DIRECTOR'
  | 'HEAD_OF_SALES'
  | 'MANAGER'
  | 'LOGISTICIAN'
  | 'ACCOUNTANT'
  | 'ANALYST'
  | 'CONTENT_MANAGER'
  | 'SUPPORT'
  | 'AUDITOR'
  | 'SWAGGER'
  | 'BACKUP_OPERATOR';

export const ROLE_CODES: readonly RoleCode[] = [
  'ADMIN',
  'DIRECTOR',
  'HEAD_OF_SALES',
  'MANAGER',
  'LOGISTICIAN',
  'ACCOUNTANT',
  'ANALYST',
  'CONTENT_MANAGER',
  'SUPPORT',
  'AUDITOR',
  'SWAGGER',
  'BACKUP_OPERATOR',
];

export type Dataset = 'orders' | 'sales' | 'finance' | 'stocks' | 'cards';
export const DATASETS: readonly Dataset[] = ['orders', 'sales', 'finance', 'stocks', 'cards'];

export interface RolesTable {
  code: string;
  description: string;
}

export interface PermissionsTable {
  code: string;
  description: string;
}

export interface RolePermissionsTable {
  role_code: string;
  permission_code: string;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string;
  avatar_key: string | null;
  locale: ColumnType<'ru' | 'en', 'ru' | 'en' | undefined, 'ru' | 'en'>;
  theme: ColumnType<
    'light' | 'dark' | 'system',
    'light' | 'dark' | 'system' | undefined,
    'light' | 'dark' | 'system'
  >;
  disabled: Generated<boolean>;
  current_account_id: number | null;
  password_changed_at: CreatedAt;
  last_login_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface UserRolesTable {
  user_id: string;
  role_code: string;
  granted_by: string | null;
  granted_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  family_id: Generated<string>;
  refresh_token_hash: Buffer;
  generation: Generated<number>;
  device: string | null;
  user_agent: string | null;
  ip: string | null;
  created_at: CreatedAt;
  last_used_at: CreatedAt;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  revoked_reason: 'logout' | 'user' | 'admin' | 'reuse_detected' | 'password_changed' | 'disabled' | null;
}

export interface SessionSpentTokensTable {
  token_hash: Buffer;
  session_id: string;
  spent_at: CreatedAt;
}

export interface AccountsTable {
  id: Generated<number>;
  name: string;
  inn: string;
  wb_supplier_id: string | null;
  wb_supplier_oid: number | null;
  portal_session_enc: string | null;
  api_key_enc: string | null;
  api_key_expires_at: Timestamp | null;
  api_key_categories: ColumnType<string[], string[] | undefined, string[]>;
  api_key_type: string | null;
  /** The key's last characters behind an ellipsis: enough to recognise it, useless to use it. */
  api_key_mask: string | null;
  api_key_read_only: boolean | null;
  api_key_test: Generated<boolean>;
  api_key_updated_at: Timestamp | null;
  /** Names of the stored portal cookies (names are not secret; values are). */
  portal_cookie_names: ColumnType<string[], string[] | undefined, string[]>;
  /** Bumped on every change of the portal session, so readers can tell a stale copy. */
  portal_session_version: Generated<number>;
  portal_session_updated_at: Timestamp | null;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
  session_status: ColumnType<
    'unknown' | 'ok' | 'needs_relogin',
    'unknown' | 'ok' | 'needs_relogin' | undefined,
    'unknown' | 'ok' | 'needs_relogin'
  >;
  session_checked_at: Timestamp | null;
  session_status_reason: string | null;
  key_status: ColumnType<
    'unknown' | 'ok' | 'invalid' | 'expired',
    'unknown' | 'ok' | 'invalid' | 'expired' | undefined,
    'unknown' | 'ok' | 'invalid' | 'expired'
  >;
  key_status_reason: string | null;
  key_checked_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AssignmentsTable {
  id: Generated<number>;
  account_id: number;
  user_id: string;
  /** First day of the Moscow month, 'YYYY-MM-01'. */
  month: string;
  nm_id: number;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface WbOrdersTable {
  account_id: number;
  srid: string;
  nm_id: number;
  order_date: Timestamp;
  last_change_date: Timestamp;
  is_cancel: Generated<boolean>;
  raw: Json<Record<string, unknown>>;
  first_synced_at: CreatedAt;
  synced_at: CreatedAt;
}

export interface WbSalesTable {
  account_id: number;
  sale_id: string;
  srid: string;
  nm_id: number;
  sale_date: Timestamp;
  last_change_date: Timestamp;
  raw: Json<Record<string, unknown>>;
  first_synced_at: CreatedAt;
  synced_at: CreatedAt;
}

/** Maintained by triggers on wb_report_rows (migration 20261122150100); returns already negative. */
export interface WbReportRollupTable {
  account_id: number;
  report_id: Numeric;
  period: 'weekly' | 'daily';
  date_from: string;
  date_to: string;
  /** 0 for cabinet-wide rows (nm_id null or 0 in the raw row). */
  nm_id: number;
  /** First day of the Moscow month of the row's rr_date (date_from when rr_date is null). */
  month: string;
  rows: Numeric;
  sales: Numeric;
  returns: Numeric;
  retail_amount: Numeric;
  for_pay: Numeric;
  delivery_service: Numeric;
  paid_storage: Numeric;
  penalty: Numeric;
  deduction: Numeric;
  paid_acceptance: Numeric;
  additional_payment: Numeric;
  rebill_logistic_cost: Numeric;
}

/** One row per synced report, maintained by triggers on wb_report_rows (migration 20261122150100). */
export interface WbReportPeriodsTable {
  account_id: number;
  report_id: Numeric;
  period: 'weekly' | 'daily';
  date_from: string;
  date_to: string;
  rows: Numeric;
}

export interface WbReportRowsTable {
  account_id: number;
  rrd_id: number;
  /** numeric(20,0): may exceed 2^53. */
  report_id: Numeric;
  period: 'weekly' | 'daily';
  nm_id: number | null;
  doc_type_name: string | null;
  supplier_oper_name: string | null;
  date_from: string;
  date_to: string;
  rr_date: string | null;
  sale_dt: Timestamp | null;
  order_dt: Timestamp | null;
  quantity: number | null;
  retail_amount: Numeric | null;
  for_pay: Numeric | null;
  delivery_service: Numeric | null;
  paid_storage: Numeric | null;
  penalty: Numeric | null;
  deduction: Numeric | null;
  paid_acceptance: Numeric | null;
  additional_payment: Numeric | null;
  rebill_logistic_cost: Numeric | null;
  raw: Json<Record<string, unknown>>;
  synced_at: CreatedAt;
}

/** UNLOGGED scratch of the finance ingest's parallel parse (rows of one batch share a token). */
export interface WbReportRowsStageTable extends Omit<WbReportRowsTable, 'synced_at'> {
  token: string;
  staged_at: CreatedAt;
}

export interface WbStocksTable {
  account_id: number;
  snapshot_at: Timestamp;
  nm_id: number;
  chrt_id: number;
  warehouse_id: number;
  warehouse_name: string | null;
  quantity: number;
  raw: Json<Record<string, unknown>>;
}

export interface WbCardsTable {
  account_id: number;
  nm_id: number;
  imt_id: number | null;
  vendor_code: string | null;
  title: string | null;
  brand: string | null;
  subject_name: string | null;
  photo_url: string | null;
  card_updated_at: Timestamp | null;
  raw: Json<Record<string, unknown>>;
  synced_at: CreatedAt;
}

export interface SyncStateTable {
  account_id: number;
  dataset: Dataset;
  cursor: Json<Record<string, unknown>>;
  enabled: Generated<boolean>;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  heartbeat_at: Timestamp | null;
  next_run_at: CreatedAt;
  last_started_at: Timestamp | null;
  last_success_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  consecutive_failures: Generated<number>;
  backfill_completed_at: Timestamp | null;
  updated_at: CreatedAt;
}

export interface SyncRunsTable {
  id: Generated<number>;
  account_id: number;
  dataset: Dataset;
  worker_id: string;
  trigger: ColumnType<'schedule' | 'manual' | 'backfill', 'schedule' | 'manual' | 'backfill' | undefined>;
  status: ColumnType<
    'running' | 'succeeded' | 'failed' | 'aborted',
    'running' | 'succeeded' | 'failed' | 'aborted' | undefined
  >;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
  requests: Generated<number>;
  rows_received: Generated<number>;
  rows_written: Generated<number>;
  error: string | null;
  details: Json<Record<string, unknown>> | undefined;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: CreatedAt;
  actor_user_id: string | null;
  actor_email: string | null;
  action: string;
  outcome: ColumnType<'success' | 'failure' | 'denied', 'success' | 'failure' | 'denied' | undefined, never>;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  details: ColumnType<Record<string, unknown>, string | Record<string, unknown> | undefined, never>;
}

export interface BackupsTable {
  id: Generated<string>;
  requested_by: string | null;
  status: ColumnType<
    'pending' | 'running' | 'succeeded' | 'failed',
    'pending' | 'running' | 'succeeded' | 'failed' | undefined
  >;
  storage: 's3' | 'local';
  object_key: string | null;
  size_bytes: number | null;
  sha256: string | null;
  error: string | null;
  created_at: CreatedAt;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface OfficeStockTable {
  id: Generated<number>;
  account_id: number;
  nm_id: number;
  chrt_id: Generated<number>;
  tech_size: string | null;
  barcode: string | null;
  quantity: number;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface SettingsTable {
  key: string;
  value: Json;
  updated_by: string | null;
  updated_at: CreatedAt;
}

export interface CoordCacheTable {
  key: string;
  value: string;
  expires_at: Timestamp;
}

export interface CoordCountersTable {
  key: string;
  value: number;
  expires_at: Timestamp;
}

export interface CoordRateBucketsTable {
  key: string;
  tokens: number;
  updated_at: Timestamp;
}

export interface ProxyRouteObservationsTable {
  host: string;
  method: string;
  /** The path with ids replaced by placeholders, e.g. `/ns/orders/api/v1/orders/{id}`. */
  path_pattern: string;
  /** Keys and value types of one answer, never values. */
  sample_shape: Json<Record<string, unknown>>;
  hits: ColumnType<number, number | undefined, number>;
  first_seen_at: CreatedAt;
  last_seen_at: CreatedAt;
}

export type ImportRowVerdict =
  | 'ok'
  | 'already_assigned'
  | 'unknown_user'
  | 'user_disabled'
  | 'unknown_nm'
  | 'conflict_in_file'
  | 'conflict_existing'
  | 'malformed'
  | 'duplicate';

export interface ImportRow {
  /** The row number in the sheet (1-based, as Excel shows it). */
  row: number;
  email: string | null;
  nmId: number | null;
  userId: string | null;
  verdict: ImportRowVerdict;
  /** Details for people: which cell is malformed, who already holds the nmId, … */
  detail?: Record<string, string | number>;
}

export interface AssignmentImportsTable {
  id: Generated<string>;
  account_id: number;
  month: string;
  mode: 'add' | 'replace';
  file_name: string | null;
  status: ColumnType<
    'previewed' | 'applied' | 'failed',
    'previewed' | 'applied' | 'failed' | undefined,
    'previewed' | 'applied' | 'failed'
  >;
  rows: Json<ImportRow[]>;
  summary: Json<Record<string, number>>;
  result: Json<Record<string, unknown>> | null;
  created_by: string | null;
  created_at: CreatedAt;
  applied_at: Timestamp | null;
}

export interface DB {
  roles: RolesTable;
  permissions: PermissionsTable;
  role_permissions: RolePermissionsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  session_spent_tokens: SessionSpentTokensTable;
  accounts: AccountsTable;
  assignments: AssignmentsTable;
  wb_orders: WbOrdersTable;
  wb_sales: WbSalesTable;
  wb_report_rows: WbReportRowsTable;
  wb_report_rollup: WbReportRollupTable;
  wb_report_periods: WbReportPeriodsTable;
  wb_report_rows_stage: WbReportRowsStageTable;
  wb_stocks: WbStocksTable;
  wb_cards: WbCardsTable;
  sync_state: SyncStateTable;
  sync_runs: SyncRunsTable;
  audit_log: AuditLogTable;
  backups: BackupsTable;
  office_stock: OfficeStockTable;
  settings: SettingsTable;
  coord_cache: CoordCacheTable;
  coord_counters: CoordCountersTable;
  coord_rate_buckets: CoordRateBucketsTable;
  proxy_route_observations: ProxyRouteObservationsTable;
  assignment_imports: AssignmentImportsTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Account = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type Session = Selectable<SessionsTable>;
export type Assignment = Selectable<AssignmentsTable>;
export type AuditEntry = Selectable<AuditLogTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
