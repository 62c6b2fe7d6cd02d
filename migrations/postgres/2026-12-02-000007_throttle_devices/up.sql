-- Devices a user has logged in from: the cookie holds a random token, stored here hashed. Login
-- attempts from such a device are throttled apart from everyone else's (see docs/operations.md).
CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX trusted_devices_user ON trusted_devices (user_id);
-- The last TOTP time step accepted for the user: a code is accepted once.
ALTER TABLE user_totp ADD COLUMN last_step BIGINT NOT NULL DEFAULT 0;
-- API tokens expire; tokens made before this get 90 days from when they were made.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMP;
UPDATE api_tokens SET expires_at = created_at + INTERVAL '90 days';
