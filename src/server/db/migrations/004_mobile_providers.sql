-- Mobile-credential providers (issue 16): the reference wallet or HID Origo.

-- Which provider issued an invitation: only the reference provider's codes are redeemed at
-- /v1/wallet/redeem (HID Mobile Access redeems Origo's codes inside HID's cloud).
ALTER TABLE invitations ADD COLUMN provider text NOT NULL DEFAULT 'reference';

-- A credential's records at the provider (HID Origo's user, invitation and credential ids).
CREATE TABLE provider_links (
  credential_id          text PRIMARY KEY REFERENCES mobile_credentials (credential_id),
  provider               text NOT NULL,
  external_user_id       text NOT NULL,
  external_invitation_id text,
  external_credential_id text,
  updated_at             timestamptz NOT NULL
);
CREATE INDEX provider_links_user ON provider_links (provider, external_user_id);

-- Callback events already taken (a replayed or re-delivered event changes nothing).
CREATE TABLE provider_events (
  provider    text NOT NULL,
  event_id    text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (provider, event_id)
);
CREATE INDEX provider_events_received ON provider_events (received_at);
