-- The central server's first schema. Runs unchanged on PGlite and on PostgreSQL 15+.
-- Records are kept whole as jsonb (`data`, exactly the protocol's shape); the columns
-- beside them exist only to find, order and constrain.

-- Stations that exchanged an enrollment token for their own secret (only its SHA-256 is kept).
CREATE TABLE stations (
  id               uuid PRIMARY KEY,
  name             text NOT NULL,
  secret_hash      text NOT NULL,
  registered_at    timestamptz NOT NULL,
  revoked_at       timestamptz,
  -- The station's outbox position: updated in the same transaction as the changes it applied.
  last_applied_seq bigint NOT NULL DEFAULT 0,
  last_seen_at     timestamptz
);

-- One-time station enrollment tokens an administrator created (only their SHA-256 is kept).
CREATE TABLE enrollment_tokens (
  token_hash   text PRIMARY KEY,
  station_name text,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  used_at      timestamptz,
  used_by      uuid REFERENCES stations (id)
);

-- Every mutation applied, with its answer: a retry gets the same answer, never a second effect.
CREATE TABLE mutations (
  mutation_id  uuid PRIMARY KEY,
  station_id   uuid NOT NULL REFERENCES stations (id),
  seq          bigint NOT NULL,
  kind         text NOT NULL,
  content_hash text NOT NULL,
  result       jsonb NOT NULL,
  applied_at   timestamptz NOT NULL,
  UNIQUE (station_id, seq)
);

CREATE TABLE applicants (
  employee_number text PRIMARY KEY,
  -- Identity keys as duplicates.ts compares them (linking key exact, email and UPN lower-cased).
  linking_key     text,
  email_key       text,
  upn_key         text,
  merged_into     text,
  data            jsonb NOT NULL,
  pushed_by       uuid NOT NULL REFERENCES stations (id),
  received_at     timestamptz NOT NULL
);
CREATE INDEX applicants_linking_key ON applicants (linking_key) WHERE linking_key IS NOT NULL;
CREATE INDEX applicants_email_key ON applicants (email_key) WHERE email_key IS NOT NULL;
CREATE INDEX applicants_upn_key ON applicants (upn_key) WHERE upn_key IS NOT NULL;

CREATE TABLE devices (
  id              text PRIMARY KEY,
  employee_number text NOT NULL,
  data            jsonb NOT NULL,
  pushed_by       uuid NOT NULL REFERENCES stations (id),
  received_at     timestamptz NOT NULL
);
CREATE INDEX devices_employee_number ON devices (employee_number);

-- Possible duplicates found only when the second record reached the server.
CREATE TABLE reviews (
  id        uuid PRIMARY KEY,
  status    text NOT NULL CHECK (status IN ('open', 'merged', 'kept-both')),
  data      jsonb NOT NULL,
  opened_at timestamptz NOT NULL
);
CREATE INDEX reviews_open ON reviews (opened_at) WHERE status = 'open';

-- Employee Number blocks leased to stations. Allocation is serialized (advisory lock), so
-- blocks are contiguous and never overlap; the request id makes a retry return the same block.
CREATE TABLE employee_number_blocks (
  request_id uuid PRIMARY KEY,
  station_id uuid NOT NULL REFERENCES stations (id),
  first      bigint NOT NULL UNIQUE,
  last       bigint NOT NULL,
  leased_at  timestamptz NOT NULL,
  CHECK (first <= last)
);

-- Server-wide settings, e.g. the credential types in force ('credential-types').
CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

-- The change feed stations pull. Rows are inserted only while holding the feed advisory
-- lock (see src/server/sync/feed.ts), so server_seq order is commit order.
CREATE TABLE feed (
  server_seq bigserial PRIMARY KEY,
  at         timestamptz NOT NULL,
  kind       text NOT NULL,
  payload    jsonb NOT NULL
);
