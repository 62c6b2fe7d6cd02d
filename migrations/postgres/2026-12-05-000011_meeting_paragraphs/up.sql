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
    SELECT m.id, (p.ordinality - 1)::INTEGER, p.value::TEXT
    FROM meetings m, json_array_elements(m.content::json -> 'paragraphs') WITH ORDINALITY AS p(value, ordinality);
UPDATE meetings SET content = jsonb_set(content::jsonb, '{paragraphs}', '[]'::jsonb)::TEXT;
ALTER TABLE meetings ADD COLUMN digest TEXT;
