-- The board's upcoming meetings and the signing lists look meetings up by status and date.
CREATE INDEX meetings_status_date ON meetings (status, meeting_date);
