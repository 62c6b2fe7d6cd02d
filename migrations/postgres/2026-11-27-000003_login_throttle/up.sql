-- Failed logins, per account ("user:ORG:NAME") and per address ("addr:IP"), for throttling.
CREATE TABLE login_failures (
    id TEXT PRIMARY KEY NOT NULL,
    throttle_key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (throttle_key, failed_at);
