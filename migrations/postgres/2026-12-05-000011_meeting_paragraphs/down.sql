UPDATE meetings SET content = jsonb_set(content::jsonb, '{paragraphs}', COALESCE((
    SELECT jsonb_agg(p.content::jsonb ORDER BY p.position) FROM meeting_paragraphs p WHERE p.meeting_id = meetings.id
), '[]'::jsonb))::TEXT;
ALTER TABLE meetings DROP COLUMN digest;
DROP TABLE meeting_paragraphs;
