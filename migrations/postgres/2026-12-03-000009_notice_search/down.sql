DROP INDEX notices_search_trgm;
