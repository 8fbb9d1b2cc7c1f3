-- Mobile credentials (issue 6): invitations redeemed by the wallet, lifecycle, door checks.

-- Invitations name a device credential by id: find its device without a scan.
CREATE INDEX devices_credentials ON devices USING gin ((data -> 'credentials') jsonb_path_ops);

-- One row per device credential that has had a mobile invitation; `data` is the
-- MobileCredential as published to stations (src/shared/domain/mobile-credential.ts).
CREATE TABLE mobile_credentials (
  credential_id   text PRIMARY KEY,
  employee_number text NOT NULL,
  status          text NOT NULL CHECK (status IN ('PENDING', 'ISSUED', 'ACTIVE', 'SUSPENDED', 'REVOKED')),
  -- The wallet's ECDSA P-256 public key (SPKI DER, base64) once redeemed.
  public_key      text,
  data            jsonb NOT NULL
);

-- Invitation codes exist only as their SHA-256 hash (80 random bits: see src/server/mobile/invitation-code.ts).
CREATE TABLE invitations (
  id            uuid PRIMARY KEY,
  credential_id text NOT NULL REFERENCES mobile_credentials (credential_id),
  code_hash     text NOT NULL UNIQUE,
  state         text NOT NULL CHECK (state IN ('open', 'redeemed', 'replaced', 'revoked')),
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  created_by    text NOT NULL,
  station_id    uuid NOT NULL REFERENCES stations (id)
);
-- At most one open invitation per credential (a new one replaces it in the same transaction).
CREATE UNIQUE INDEX invitations_open ON invitations (credential_id) WHERE state = 'open';

-- Failed redemption guesses, per phone ("device:<id>") and per source ("source:<ip>"): the throttle's window.
CREATE TABLE redeem_failures (
  subject text NOT NULL,
  at      timestamptz NOT NULL
);
CREATE INDEX redeem_failures_subject ON redeem_failures (subject, at);
CREATE INDEX redeem_failures_at ON redeem_failures (at);

CREATE TABLE door_challenges (
  id         uuid PRIMARY KEY,
  door_id    text NOT NULL,
  nonce      text NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX door_challenges_expires_at ON door_challenges (expires_at);

-- Every access decision a door asked for.
CREATE TABLE access_decisions (
  id            bigserial PRIMARY KEY,
  at            timestamptz NOT NULL,
  door_id       text NOT NULL,
  credential_id text,
  decision      text NOT NULL CHECK (decision IN ('GRANTED', 'DENIED')),
  reason        text NOT NULL
);
CREATE INDEX access_decisions_credential ON access_decisions (credential_id, at);
