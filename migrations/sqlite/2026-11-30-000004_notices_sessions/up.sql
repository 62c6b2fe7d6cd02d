-- Notices on the official notice board, one per adjustment (ordinary or immediate), kept in
-- step with the meetings' content in the same transaction; and web sessions and API tokens.
-- Keep in step with ../../postgres. Dates are ISO text (YYYY-MM-DD), compared as text.
CREATE TABLE notices (
    id TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    kind TEXT NOT NULL,
    body_name TEXT NOT NULL,
    meeting_date TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    adjusted_on TEXT NOT NULL,
    posted_on TEXT NOT NULL,
    last_appeal_day TEXT NOT NULL,
    takedown_on TEXT NOT NULL,
    storage_place TEXT NOT NULL,
    search_text TEXT NOT NULL
);
CREATE INDEX notices_board ON notices (organization_id, takedown_on, posted_on);
CREATE INDEX notices_meeting ON notices (meeting_id);

-- A web session: the cookie holds a random token, the table its SHA-256 (a leaked database does
-- not hand out sessions). Deleting a user's rows logs them out everywhere.
CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
