DROP INDEX notices_archive;
DROP TRIGGER notices_fts_update;
DROP TRIGGER notices_fts_delete;
DROP TRIGGER notices_fts_insert;
DROP TABLE notices_fts;
