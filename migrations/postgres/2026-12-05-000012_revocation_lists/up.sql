-- The latest revocation list of each organization's CA (issue 16), served at its stable address.
CREATE TABLE revocation_lists (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id),
    content BYTEA NOT NULL,
    number BIGINT NOT NULL,
    this_update TIMESTAMP NOT NULL,
    next_update TIMESTAMP NOT NULL
);
-- A disabled account's key is retired (and so revoked) from now on; retire those disabled before.
UPDATE signing_keys SET retired_at = (SELECT disabled_at FROM users WHERE users.id = signing_keys.user_id)
    WHERE retired_at IS NULL AND user_id IN (SELECT id FROM users WHERE disabled_at IS NOT NULL);
