-- An administrator can disable an account (a member who has left, a secretary who changed
-- jobs) without deleting it: the audit log and the signatures keep pointing at it.
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
-- One-time links: an invitation to set the first password, or a password reset. The link holds
-- a random token, stored here hashed; it is used once, before it expires.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX account_links_user ON account_links (user_id);
