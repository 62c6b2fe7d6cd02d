DROP INDEX notices_archive;
DROP INDEX notices_search_trgm;
