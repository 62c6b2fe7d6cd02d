-- Justera schema, PostgreSQL. Keep in step with ../../sqlite (same tables, same columns).
CREATE TABLE organizations (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL
);

CREATE TABLE bodies (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    short_name TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX bodies_organization ON bodies (organization_id);

CREATE TABLE persons (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX persons_organization ON persons (organization_id);

CREATE TABLE mandates (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies (id),
    person_id TEXT NOT NULL REFERENCES persons (id),
    data TEXT NOT NULL
);
CREATE INDEX mandates_body ON mandates (body_id);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies (id),
    meeting_date TEXT NOT NULL,
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    revision BIGINT NOT NULL,
    content TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX meetings_body_date ON meetings (body_id, meeting_date);

CREATE TABLE paragraph_numbers (
    body_id TEXT NOT NULL REFERENCES bodies (id),
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    PRIMARY KEY (body_id, year, number)
);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

-- One row. Every write transaction updates it first, which takes the write lock at once on
-- SQLite (no deferred-transaction upgrade failures) and orders writers on PostgreSQL, so the
-- audit chain is appended by one writer at a time.
CREATE TABLE write_lock (
    id INTEGER PRIMARY KEY NOT NULL,
    counter BIGINT NOT NULL
);
INSERT INTO write_lock (id, counter) VALUES (1, 0);
