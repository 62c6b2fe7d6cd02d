UPDATE meetings SET content = json_set(content, '$.paragraphs', (
    SELECT json_group_array(json(content)) FROM (
        SELECT content FROM meeting_paragraphs p WHERE p.meeting_id = meetings.id ORDER BY position
    )
));
ALTER TABLE meetings DROP COLUMN digest;
DROP TABLE meeting_paragraphs;
