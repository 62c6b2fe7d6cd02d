-- The archive search from an index (issue 15): a trigram full-text index over the notices'
-- search text, kept in step by triggers, so "taxa" finds "bygglovstaxa" without reading every
-- notice. Keep in step with ../../postgres (pg_trgm there).
CREATE VIRTUAL TABLE notices_fts USING fts5(
    search_text,
    content = 'notices',
    content_rowid = 'rowid',
    tokenize = 'trigram'
);
CREATE TRIGGER notices_fts_insert AFTER INSERT ON notices BEGIN
    INSERT INTO notices_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
CREATE TRIGGER notices_fts_delete AFTER DELETE ON notices BEGIN
    INSERT INTO notices_fts (notices_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
END;
CREATE TRIGGER notices_fts_update AFTER UPDATE ON notices BEGIN
    INSERT INTO notices_fts (notices_fts, rowid, search_text)
        VALUES ('delete', old.rowid, old.search_text);
    INSERT INTO notices_fts (rowid, search_text) VALUES (new.rowid, new.search_text);
END;
INSERT INTO notices_fts (notices_fts) VALUES ('rebuild');
-- The archive's order (newest meeting first) from an index, so a page of 20 stops after 20.
CREATE INDEX notices_archive ON notices (organization_id, meeting_date DESC, id);
