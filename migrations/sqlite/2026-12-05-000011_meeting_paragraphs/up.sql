-- Each paragraph of a meeting in a row of its own (issue 15, ADR 0013): a save writes the
-- paragraphs that changed, not the whole meeting. `meetings.content` keeps the frame (all but
-- the paragraphs); `meetings.digest` is the SHA-256 over the frame and every paragraph, set by
-- the first save after this migration.
CREATE TABLE meeting_paragraphs (
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    position INTEGER NOT NULL,
    content TEXT NOT NULL,
    PRIMARY KEY (meeting_id, position)
);
INSERT INTO meeting_paragraphs (meeting_id, position, content)
    SELECT m.id, CAST(p.key AS INTEGER), p.value
    FROM meetings m, json_each(m.content, '$.paragraphs') p;
UPDATE meetings SET content = json_set(content, '$.paragraphs', json('[]'));
ALTER TABLE meetings ADD COLUMN digest TEXT;
