-- Accounts, the organization's certificate authority, signing keys and stored documents.
-- Keep in step with ../../postgres (BLOB here is BYTEA there).
CREATE TABLE certificate_authorities (
    organization_id TEXT PRIMARY KEY NOT NULL REFERENCES organizations (id),
    certificate BLOB NOT NULL,
    sealed_key BLOB NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    roles TEXT NOT NULL,
    person_id TEXT,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (organization_id, username)
);

CREATE TABLE signing_keys (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    certificate BLOB NOT NULL,
    sealed_key BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP
);
CREATE INDEX signing_keys_user ON signing_keys (user_id);

-- Every version of a document kept: the unsigned original and each signed revision. Rows are
-- never updated except to mark them discarded when an adjustment is rejected or withdrawn.
CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    content BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    discarded_at TIMESTAMP
);
CREATE INDEX documents_meeting ON documents (meeting_id, kind);
CREATE INDEX documents_sha256 ON documents (sha256);
