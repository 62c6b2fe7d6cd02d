DROP INDEX meetings_status_date;
