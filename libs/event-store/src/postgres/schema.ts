import type { Migration } from '#sql';

/**
 * One schema for PostgreSQL and PGlite. Positions come from an identity column, which hands them
 * out at insert time, not at commit; so every row also carries its writer's transaction id (xid8),
 * and readers take only rows below the snapshot's xmin horizon, ordered by (tx_id, position).
 */
export const EVENT_STORE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, stream heads, append function, immutability triggers',
    sql: `
CREATE TABLE lrr_streams (
  stream     text PRIMARY KEY,
  revision   bigint NOT NULL,            -- last revision; -1 only inside the creating transaction
  head_hash  char(64) NOT NULL
);

CREATE TABLE lrr_events (
  position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx_id       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream      text NOT NULL,
  category    text NOT NULL,
  revision    bigint NOT NULL,
  event_id    uuid NOT NULL,
  type        text NOT NULL,
  recorded_at timestamptz NOT NULL,
  canonical   text NOT NULL,              -- RFC 8785 text, hashed as stored
  prev_hash   char(64) NOT NULL,
  hash        char(64) NOT NULL,
  CONSTRAINT lrr_events_stream_revision UNIQUE (stream, revision),
  CONSTRAINT lrr_events_event_id UNIQUE (event_id)
);
CREATE INDEX lrr_events_commit_order ON lrr_events (tx_id, position);
CREATE INDEX lrr_events_category_order ON lrr_events (category, tx_id, position);

CREATE FUNCTION lrr_reject_mutation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'lrr_events is append-only: % is not allowed; record a correction event instead', TG_OP
    USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER lrr_events_no_update_delete BEFORE UPDATE OR DELETE ON lrr_events
  FOR EACH ROW EXECUTE FUNCTION lrr_reject_mutation();
CREATE TRIGGER lrr_events_no_truncate BEFORE TRUNCATE ON lrr_events
  FOR EACH STATEMENT EXECUTE FUNCTION lrr_reject_mutation();

-- One round trip per append: check the expectation under the stream head's row lock (the
-- compare-and-set), chain the hashes, insert the batch, move the head, notify subscribers.
CREATE FUNCTION lrr_append(
  p_stream text, p_category text, p_expected_kind text, p_expected bigint,
  p_event_ids uuid[], p_types text[], p_canonical text[], p_recorded_at timestamptz[]
) RETURNS TABLE (outcome text, actual bigint, tx text, positions bigint[], prev_hashes text[], hashes text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_rev bigint;
  v_hash text;
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
  v_positions bigint[];
  n int := cardinality(p_event_ids);
BEGIN
  IF EXISTS (SELECT 1 FROM lrr_events WHERE event_id = ANY (p_event_ids)) THEN
    RETURN QUERY SELECT 'duplicate'::text, NULL::bigint, NULL::text, NULL::bigint[], NULL::text[], NULL::text[];
    RETURN;
  END IF;
  IF p_expected_kind IN ('any', 'no_stream') THEN
    INSERT INTO lrr_streams (stream, revision, head_hash) VALUES (p_stream, -1, repeat('0', 64))
      ON CONFLICT (stream) DO NOTHING;
  END IF;
  SELECT s.revision, s.head_hash INTO v_rev, v_hash FROM lrr_streams s WHERE s.stream = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'conflict'::text, -1::bigint, NULL::text, NULL::bigint[], NULL::text[], NULL::text[];
    RETURN;
  END IF;
  IF (p_expected_kind = 'no_stream' AND v_rev <> -1)
     OR (p_expected_kind = 'stream_exists' AND v_rev = -1)
     OR (p_expected_kind = 'exact' AND v_rev <> p_expected) THEN
    RETURN QUERY SELECT 'conflict'::text, v_rev, NULL::text, NULL::bigint[], NULL::text[], NULL::text[];
    RETURN;
  END IF;
  FOR i IN 1..n LOOP
    v_prevs := v_prevs || v_hash;
    v_hash := encode(sha256(convert_to(v_hash || E'\\n' || p_canonical[i], 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  END LOOP;
  WITH inserted AS (
    INSERT INTO lrr_events (stream, category, revision, event_id, type, recorded_at, canonical, prev_hash, hash)
    SELECT p_stream, p_category, v_rev + u.ord, u.id, u.type, u.rec, u.canon, u.prev, u.hash
      FROM unnest(p_event_ids, p_types, p_canonical, p_recorded_at, v_prevs, v_hashes)
           WITH ORDINALITY AS u(id, type, canon, rec, prev, hash, ord)
    RETURNING lrr_events.position, lrr_events.revision
  )
  SELECT array_agg(inserted.position ORDER BY inserted.revision) INTO v_positions FROM inserted;
  UPDATE lrr_streams SET revision = v_rev + n, head_hash = v_hash WHERE stream = p_stream;
  PERFORM pg_notify('lrr_events', p_category);
  RETURN QUERY SELECT 'ok'::text, v_rev + n, pg_current_xact_id()::text, v_positions, v_prevs, v_hashes;
END $$;
`,
  },
  {
    version: 2,
    name: 'append without an up-front duplicate scan or notify',
    // v1 checked `event_id = ANY (ids)` before every append: a cached generic plan made that a
    // full scan that grew with the table. Duplicates are now looked for only when the expectation
    // fails (a retry after success) or when the unique constraint fires (the adapter replays).
    // NOTIFY moved out of the append: it serialises commits on a database-wide lock.
    sql: `
CREATE OR REPLACE FUNCTION lrr_append(
  p_stream text, p_category text, p_expected_kind text, p_expected bigint,
  p_event_ids uuid[], p_types text[], p_canonical text[], p_recorded_at timestamptz[]
) RETURNS TABLE (outcome text, actual bigint, tx text, positions bigint[], prev_hashes text[], hashes text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_rev bigint;
  v_hash text;
  v_prevs text[] := '{}';
  v_hashes text[] := '{}';
  v_positions bigint[];
  n int := cardinality(p_event_ids);
BEGIN
  IF p_expected_kind IN ('any', 'no_stream') THEN
    INSERT INTO lrr_streams (stream, revision, head_hash) VALUES (p_stream, -1, repeat('0', 64))
      ON CONFLICT (stream) DO NOTHING;
  END IF;
  SELECT s.revision, s.head_hash INTO v_rev, v_hash FROM lrr_streams s WHERE s.stream = p_stream FOR UPDATE;
  IF NOT FOUND
     OR (p_expected_kind = 'no_stream' AND v_rev <> -1)
     OR (p_expected_kind = 'stream_exists' AND v_rev = -1)
     OR (p_expected_kind = 'exact' AND v_rev <> p_expected) THEN
    IF EXISTS (SELECT 1 FROM lrr_events e WHERE e.event_id = p_event_ids[1]) THEN
      RETURN QUERY SELECT 'duplicate'::text, NULL::bigint, NULL::text, NULL::bigint[], NULL::text[], NULL::text[];
    ELSE
      RETURN QUERY SELECT 'conflict'::text, COALESCE(v_rev, -1), NULL::text, NULL::bigint[], NULL::text[], NULL::text[];
    END IF;
    RETURN;
  END IF;
  FOR i IN 1..n LOOP
    v_prevs := v_prevs || v_hash;
    v_hash := encode(sha256(convert_to(v_hash || E'\\n' || p_canonical[i], 'UTF8')), 'hex');
    v_hashes := v_hashes || v_hash;
  END LOOP;
  WITH inserted AS (
    INSERT INTO lrr_events (stream, category, revision, event_id, type, recorded_at, canonical, prev_hash, hash)
    SELECT p_stream, p_category, v_rev + u.ord, u.id, u.type, u.rec, u.canon, u.prev, u.hash
      FROM unnest(p_event_ids, p_types, p_canonical, p_recorded_at, v_prevs, v_hashes)
           WITH ORDINALITY AS u(id, type, canon, rec, prev, hash, ord)
    RETURNING lrr_events.position, lrr_events.revision
  )
  SELECT array_agg(inserted.position ORDER BY inserted.revision) INTO v_positions FROM inserted;
  UPDATE lrr_streams SET revision = v_rev + n, head_hash = v_hash WHERE stream = p_stream;
  RETURN QUERY SELECT 'ok'::text, v_rev + n, pg_current_xact_id()::text, v_positions, v_prevs, v_hashes;
END $$;
`,
  },
  {
    version: 3,
    name: 'appends of several streams in one transaction',
    // Group commit: appends that arrive while earlier ones are being written go to the server
    // together, one round trip and one commit (one WAL flush) for all of them. Each is checked and
    // written exactly as lrr_append does it, in the order given; the caller orders them by stream,
    // so two batches lock stream heads in one order and cannot deadlock.
    sql: `
CREATE FUNCTION lrr_append_batch(
  p_streams text[], p_categories text[], p_kinds text[], p_expected bigint[], p_counts int[],
  p_event_ids uuid[], p_types text[], p_canonical text[], p_recorded_at timestamptz[]
) RETURNS TABLE (item int, outcome text, actual bigint, tx text, positions bigint[], prev_hashes text[], hashes text[])
LANGUAGE plpgsql AS $$
DECLARE
  v_from int := 1;
  v_to int;
  r record;
BEGIN
  FOR i IN 1..cardinality(p_streams) LOOP
    v_to := v_from + p_counts[i] - 1;
    FOR r IN SELECT * FROM lrr_append(p_streams[i], p_categories[i], p_kinds[i], p_expected[i],
        p_event_ids[v_from:v_to], p_types[v_from:v_to], p_canonical[v_from:v_to], p_recorded_at[v_from:v_to]) LOOP
      item := i;
      outcome := r.outcome;
      actual := r.actual;
      tx := r.tx;
      positions := r.positions;
      prev_hashes := r.prev_hashes;
      hashes := r.hashes;
      RETURN NEXT;
    END LOOP;
    v_from := v_to + 1;
  END LOOP;
END $$;
`,
  },
  {
    version: 4,
    name: 'stream heads protected; appends through security-definer functions only',
    // With DATABASE_OWNER_URL the processes run as a role that may only SELECT events and heads and
    // EXECUTE these two functions, which write as their owner. lrr_streams gets triggers like
    // lrr_events': no DELETE or TRUNCATE, and an UPDATE may only move a head forward to the stream's
    // latest event (what lrr_append does, after inserting that event in the same transaction).
    sql: `
CREATE FUNCTION lrr_guard_stream_head() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_revision bigint;
  v_hash text;
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'lrr_streams keeps every stream head: % is not allowed', TG_OP USING ERRCODE = 'restrict_violation';
  END IF;
  SELECT e.revision, e.hash INTO v_revision, v_hash FROM lrr_events e WHERE e.stream = NEW.stream ORDER BY e.revision DESC LIMIT 1;
  IF NEW.stream <> OLD.stream OR v_revision IS NULL OR NEW.revision <= OLD.revision OR NEW.revision <> v_revision OR NEW.head_hash <> v_hash THEN
    RAISE EXCEPTION 'the head of stream % may only move forward to its latest event', OLD.stream USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER lrr_streams_forward_only BEFORE UPDATE OR DELETE ON lrr_streams
  FOR EACH ROW EXECUTE FUNCTION lrr_guard_stream_head();
CREATE TRIGGER lrr_streams_no_truncate BEFORE TRUNCATE ON lrr_streams
  FOR EACH STATEMENT EXECUTE FUNCTION lrr_guard_stream_head();

DO $$
BEGIN
  -- Definer's rights with a fixed search path (the schema they were created in, pg_temp last),
  -- so a caller cannot slip its own tables in front of the store's.
  EXECUTE format('ALTER FUNCTION lrr_append(text, text, text, bigint, uuid[], text[], text[], timestamptz[]) SECURITY DEFINER SET search_path = %I, pg_temp', current_schema());
  EXECUTE format('ALTER FUNCTION lrr_append_batch(text[], text[], text[], bigint[], int[], uuid[], text[], text[], timestamptz[]) SECURITY DEFINER SET search_path = %I, pg_temp', current_schema());
END $$;
REVOKE ALL ON FUNCTION lrr_append(text, text, text, bigint, uuid[], text[], text[], timestamptz[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION lrr_append_batch(text[], text[], text[], bigint[], int[], uuid[], text[], text[], timestamptz[]) FROM PUBLIC;
REVOKE ALL ON lrr_events, lrr_streams FROM PUBLIC;
`,
  },
];
