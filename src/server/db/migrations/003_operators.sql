-- Operators, roles, supervisor approvals and the audit trail (issue 7).

-- CA certificates trusted to issue operator certificates. Sign-in is "configured" once
-- there is at least one.
CREATE TABLE trusted_cas (
  fingerprint text PRIMARY KEY,           -- lower-case hex SHA-256 of the DER
  pem         text NOT NULL,
  subject     text NOT NULL,
  added_at    timestamptz NOT NULL
);

-- Operators, by the fingerprint of their certificate (computed here from the PEM, never taken from a client).
CREATE TABLE operators (
  fingerprint        text PRIMARY KEY,
  name               text NOT NULL,
  roles              jsonb NOT NULL,      -- ["clerk", "supervisor", …]
  disabled           boolean NOT NULL DEFAULT false,
  certificate_pem    text NOT NULL,
  issuer_fingerprint text NOT NULL,
  added_at           timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);

-- Revoked operator certificates (need not belong to a known operator).
CREATE TABLE revoked_certificates (
  fingerprint text PRIMARY KEY,
  revoked_at  timestamptz NOT NULL,
  reason      text NOT NULL
);

-- The server's own record of administrative actions: registry changes, every use of the
-- admin key (break-glass), audit chains refused. Append only.
CREATE TABLE server_audit_log (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL,
  -- 'admin-key': the server's administrator key (break-glass); 'operator': a signed-in
  -- operator through a station; 'station': a station itself (e.g. an audit push).
  actor_kind text NOT NULL CHECK (actor_kind IN ('admin-key', 'operator', 'station')),
  actor      text NOT NULL,               -- 'admin-key', an operator fingerprint or a station id
  actor_name text,
  station_id uuid,
  action     text NOT NULL,
  details    jsonb NOT NULL
);
CREATE INDEX server_audit_log_action ON server_audit_log (action, id);

-- Each station's audit chain as delivered: the entries (whole, as jsonb) and the head.
CREATE TABLE audit_chains (
  station_id uuid PRIMARY KEY REFERENCES stations (id),
  public_key text NOT NULL,               -- the station's Ed25519 audit key (hex), fixed by its first push
  head_seq   bigint NOT NULL,
  head_hash  text NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE audit_entries (
  station_id  uuid NOT NULL REFERENCES stations (id),
  seq         bigint NOT NULL,
  hash        text NOT NULL,
  entry       jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (station_id, seq)
);

-- A supervisor may reject a Pending credential: REJECTED is final.
ALTER TABLE mobile_credentials DROP CONSTRAINT mobile_credentials_status_check;
ALTER TABLE mobile_credentials ADD CONSTRAINT mobile_credentials_status_check
  CHECK (status IN ('PENDING', 'ISSUED', 'ACTIVE', 'SUSPENDED', 'REVOKED', 'REJECTED'));
