-- Back to one chain: only possible while every entry is on the installation's chain.
CREATE TABLE audit_log_single (
    seq BIGINT PRIMARY KEY NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
INSERT INTO audit_log_single SELECT seq, recorded_at, actor, action, subject, payload, prev_hash, hash
    FROM audit_log WHERE chain = '';
DROP TABLE audit_log;
ALTER TABLE audit_log_single RENAME TO audit_log;
