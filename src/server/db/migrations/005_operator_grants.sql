-- Station › Administration (issue 17): granting Administrator waits for a second
-- Administrator (four eyes). A pending grant either adds a new operator (certificate_pem
-- set, checked when requested and again when approved) or gives an existing one new roles.
CREATE TABLE operator_grants (
  id                 uuid PRIMARY KEY,
  fingerprint        text NOT NULL,
  name               text NOT NULL,
  roles              jsonb NOT NULL,      -- the roles held once approved
  certificate_pem    text,                -- a new operator's certificate; NULL for a role change
  requested_by       text NOT NULL,       -- the requesting operator's fingerprint
  requested_by_name  text NOT NULL,
  requested_at       timestamptz NOT NULL,
  status             text NOT NULL CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED')),
  decided_by         text,
  decided_by_name    text,
  decided_at         timestamptz,
  reason             text
);
-- At most one grant waits per certificate.
CREATE UNIQUE INDEX operator_grants_pending ON operator_grants (fingerprint) WHERE status = 'PENDING';
