-- The archive search from an index (issue 15): a trigram index over the notices' search text,
-- so LIKE '%taxa%' is answered from it (pg_trgm, shipped with PostgreSQL; a trusted extension
-- the database owner may create). The extension lives in `public` whatever the search path
-- (several schemas of one database may migrate at once: a concurrent creation is not an
-- error). Keep in step with ../../sqlite (FTS5 trigram there).
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
EXCEPTION WHEN unique_violation OR duplicate_object THEN
    NULL;
END
$$;
CREATE INDEX notices_search_trgm ON notices USING gin (search_text public.gin_trgm_ops);
-- The archive's order (newest meeting first) from an index, so a page of 20 stops after 20.
CREATE INDEX notices_archive ON notices (organization_id, meeting_date DESC, id);
