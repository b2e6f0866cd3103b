-- A report may list up to 10,000 image ids (about 60,000 characters of JSON); 8,000 refused the
-- insert of a request the API accepts. SET DATA TYPE keeps NOT NULL on both H2 and PostgreSQL.
ALTER TABLE faithfulness_report ALTER COLUMN request_json SET DATA TYPE VARCHAR(200000);
