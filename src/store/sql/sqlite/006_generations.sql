-- 006: generations, numbers that only grow, one per kind of data a
-- server keeps answers of (util/rcache.h). A server reads the row once a
-- request: a kept answer of generation n is up to date while the number
-- is still n.
--   archive: what an archive shows (records, their history, subjects,
--            names, departments' names). Raised by the triggers below
--            on every UPDATE or DELETE, whoever writes (a correction by
--            hand included), and by the program once per batch that
--            inserts (store/repo.h xy_repo_archive_touch): a trigger
--            per inserted row would cost the import a write per record.
--   auth:    what an API key check answers (api_keys, accounts). Raised
--            by the triggers below on every UPDATE or DELETE; an
--            inserted key is not kept by anyone yet.
CREATE TABLE generations (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	archive INTEGER NOT NULL,
	auth INTEGER NOT NULL
);
INSERT INTO generations (id, archive, auth) VALUES (1, 0, 0);

CREATE TRIGGER records_changed AFTER UPDATE ON records
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER records_deleted AFTER DELETE ON records
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER history_changed AFTER UPDATE ON record_history
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER history_deleted AFTER DELETE ON record_history
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER subjects_changed AFTER UPDATE ON subjects
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER subjects_deleted AFTER DELETE ON subjects
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER names_changed AFTER UPDATE ON subject_names
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER names_deleted AFTER DELETE ON subject_names
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER departments_changed AFTER UPDATE ON departments
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER departments_deleted AFTER DELETE ON departments
BEGIN UPDATE generations SET archive = archive + 1 WHERE id = 1; END;
CREATE TRIGGER keys_changed AFTER UPDATE ON api_keys
BEGIN UPDATE generations SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER keys_deleted AFTER DELETE ON api_keys
BEGIN UPDATE generations SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER accounts_changed AFTER UPDATE ON accounts
BEGIN UPDATE generations SET auth = auth + 1 WHERE id = 1; END;
CREATE TRIGGER accounts_deleted AFTER DELETE ON accounts
BEGIN UPDATE generations SET auth = auth + 1 WHERE id = 1; END;
