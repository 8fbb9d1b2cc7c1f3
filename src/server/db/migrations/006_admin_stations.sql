-- Station › Administration › Stations (issue 17): a site given with the registration token
-- and kept on the station; why an administrator revoked it; how many changes the station
-- said were still waiting in its outbox at its last pull.
ALTER TABLE enrollment_tokens ADD COLUMN site text;
ALTER TABLE stations ADD COLUMN site text;
ALTER TABLE stations ADD COLUMN revoked_reason text;
ALTER TABLE stations ADD COLUMN waiting_changes integer;
