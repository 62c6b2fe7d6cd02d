-- The optional second factor: a TOTP secret per user (base32).
CREATE TABLE user_totp (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id),
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
