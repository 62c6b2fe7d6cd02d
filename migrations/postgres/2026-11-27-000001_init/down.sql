DROP TABLE write_lock;
DROP TABLE audit_log;
DROP TABLE paragraph_numbers;
DROP TABLE meetings;
DROP TABLE mandates;
DROP TABLE persons;
DROP TABLE bodies;
DROP TABLE organizations;
