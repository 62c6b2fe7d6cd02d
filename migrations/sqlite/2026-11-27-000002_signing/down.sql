DROP TABLE documents;
DROP TABLE signing_keys;
DROP TABLE users;
DROP TABLE certificate_authorities;
