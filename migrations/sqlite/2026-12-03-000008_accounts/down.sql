DROP TABLE account_links;
ALTER TABLE users DROP COLUMN disabled_at;
