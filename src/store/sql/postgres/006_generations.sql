-- 006: generations, numbers that only grow, one per kind of data a
-- server keeps answers of (util/rcache.h). A server reads the row once a
-- request: a kept answer of generation n is up to date while the number
-- is still n.
--   archive: what an archive shows (records, their history, subjects,
--            names, departments' names). Raised by the triggers below
--            on every UPDATE or DELETE that changes a row, whoever
--            writes (a correction by hand included), and by the program
--            once per batch that inserts (store/repo.h
--            xy_repo_archive_touch), on both engines alike (SQLite's
--            triggers fire per row: one write more per record).
--   auth:    what an API key check answers (api_keys, accounts). Raised
--            by the triggers below on every UPDATE or DELETE; an
--            inserted key is not kept by anyone yet.
CREATE TABLE generations (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	archive BIGINT NOT NULL,
	auth BIGINT NOT NULL
);
INSERT INTO generations (id, archive, auth) VALUES (1, 0, 0);

-- Statement triggers that raise a number only when the statement changed
-- a row (as SQLite's row triggers do): an import of unchanged records
-- runs its UPDATE on no rows and keeps what servers keep.
-- The generation to raise is the trigger's argument: a column of
-- generations (a wrong name fails the statement, it raises nothing).
CREATE FUNCTION xy_generation_changed() RETURNS trigger LANGUAGE plpgsql
AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM changed) THEN
		EXECUTE format('UPDATE generations SET %1$I = %1$I + 1 '
			       'WHERE id = 1', TG_ARGV[0]);
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER records_changed AFTER UPDATE ON records
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER records_deleted AFTER DELETE ON records
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER history_changed AFTER UPDATE ON record_history
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER history_deleted AFTER DELETE ON record_history
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER subjects_changed AFTER UPDATE ON subjects
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER subjects_deleted AFTER DELETE ON subjects
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER names_changed AFTER UPDATE ON subject_names
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER names_deleted AFTER DELETE ON subject_names
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER departments_changed AFTER UPDATE ON departments
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER departments_deleted AFTER DELETE ON departments
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('archive');
CREATE TRIGGER keys_changed AFTER UPDATE ON api_keys
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('auth');
CREATE TRIGGER keys_deleted AFTER DELETE ON api_keys
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('auth');
CREATE TRIGGER accounts_changed AFTER UPDATE ON accounts
	REFERENCING NEW TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('auth');
CREATE TRIGGER accounts_deleted AFTER DELETE ON accounts
	REFERENCING OLD TABLE AS changed
	FOR EACH STATEMENT EXECUTE FUNCTION xy_generation_changed('auth');
