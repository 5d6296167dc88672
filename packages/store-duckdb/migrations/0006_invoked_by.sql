-- TokenEvent.invoked_by: the service that acted for the token's holder (CloudTrail invokedBy), never an IP.
ALTER TABLE events ADD COLUMN IF NOT EXISTS invoked_by VARCHAR;
