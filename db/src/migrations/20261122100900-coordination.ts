import { sql, type Kysely } from 'kysely';

/**
 * Tables behind the PostgreSQL coordination adapter, used when no REDIS_URL is set: a shared cache, atomic
 * counters and token buckets. They are UNLOGGED: fast, and losing them in a crash only forgets caches and
 * rate-limit state. Pub/sub uses LISTEN/NOTIFY and locks use advisory locks, so neither needs a table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE coord_cache (
      key text PRIMARY KEY,
      value text NOT NULL,
      expires_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX coord_cache_expires_at_idx ON coord_cache (expires_at)`.execute(db);

  await sql`
    CREATE UNLOGGED TABLE coord_counters (
      key text PRIMARY KEY,
      value bigint NOT NULL,
      expires_at timestamptz NOT NULL
    )
  `.execute(db);
  await sql`CREATE INDEX coord_counters_expires_at_idx ON coord_counters (expires_at)`.execute(db);

  await sql`
    CREATE UNLOGGED TABLE coord_rate_buckets (
      key text PRIMARY KEY,
      tokens double precision NOT NULL,
      updated_at timestamptz NOT NULL
    )
  `.execute(db);

  // One round trip, one row lock: refill by elapsed time, then take `cost` tokens if there are enough.
  await sql`
    CREATE FUNCTION coord_take_tokens(p_key text, p_capacity double precision, p_refill_per_sec double precision,
                                      p_cost double precision)
    RETURNS TABLE (allowed boolean, remaining double precision, retry_after_ms bigint)
    LANGUAGE plpgsql AS $$
    DECLARE
      v_now timestamptz := clock_timestamp();
      v_tokens double precision;
      v_updated timestamptz;
    BEGIN
      INSERT INTO coord_rate_buckets AS b (key, tokens, updated_at) VALUES (p_key, p_capacity, v_now)
        ON CONFLICT (key) DO NOTHING;
      SELECT b.tokens, b.updated_at INTO v_tokens, v_updated FROM coord_rate_buckets b WHERE b.key = p_key FOR UPDATE;
      v_tokens := least(p_capacity, v_tokens + greatest(0, extract(epoch FROM v_now - v_updated)) * p_refill_per_sec);
      IF v_tokens >= p_cost THEN
        UPDATE coord_rate_buckets SET tokens = v_tokens - p_cost, updated_at = v_now WHERE key = p_key;
        RETURN QUERY SELECT true, v_tokens - p_cost, 0::bigint;
      ELSE
        UPDATE coord_rate_buckets SET tokens = v_tokens, updated_at = v_now WHERE key = p_key;
        RETURN QUERY SELECT false, v_tokens, ceil((p_cost - v_tokens) / p_refill_per_sec * 1000)::bigint;
      END IF;
    END
    $$
  `.execute(db);

  // Empties a bucket for `p_ms` (a 429's Retry header): one request is allowed again exactly when the wait is over.
  await sql`
    CREATE FUNCTION coord_penalize_bucket(p_key text, p_capacity double precision, p_refill_per_sec double precision,
                                          p_ms double precision)
    RETURNS void
    LANGUAGE plpgsql AS $$
    DECLARE
      v_now timestamptz := clock_timestamp();
      v_target double precision := 1 - (p_ms / 1000.0) * p_refill_per_sec;
    BEGIN
      INSERT INTO coord_rate_buckets AS b (key, tokens, updated_at) VALUES (p_key, v_target, v_now)
        ON CONFLICT (key) DO UPDATE SET
          tokens = least(
            least(p_capacity, b.tokens + greatest(0, extract(epoch FROM v_now - b.updated_at)) * p_refill_per_sec),
            v_target),
          updated_at = v_now;
    END
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION coord_penalize_bucket(text, double precision, double precision, double precision)`.execute(
    db,
  );
  await sql`DROP FUNCTION coord_take_tokens(text, double precision, double precision, double precision)`.execute(
    db,
  );
  await sql`DROP TABLE coord_rate_buckets`.execute(db);
  await sql`DROP TABLE coord_counters`.execute(db);
  await sql`DROP TABLE coord_cache`.execute(db);
}
