-- One audit chain per organization (issue 15): organizations on a shared PostgreSQL append in
-- parallel, each to its own chain. The entries written so far form the installation's chain
-- (named ''), unchanged, so their hashes still verify.
CREATE TABLE audit_log_chains (
    chain TEXT NOT NULL,
    seq BIGINT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    PRIMARY KEY (chain, seq)
);
INSERT INTO audit_log_chains (chain, seq, recorded_at, actor, action, subject, payload, prev_hash, hash)
    SELECT '', seq, recorded_at, actor, action, subject, payload, prev_hash, hash FROM audit_log;
DROP TABLE audit_log;
ALTER TABLE audit_log_chains RENAME TO audit_log;
