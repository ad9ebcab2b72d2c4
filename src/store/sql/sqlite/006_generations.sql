-- 006: generations, numbers that only grow, one per kind of data a
-- server keeps answers of (util/rcache.h): every transaction that
-- changes what an archive shows (records, subjects, names) raises
-- archive before it commits, every one that changes what an API key
-- check answers (a revocation) raises auth (store/repo.h
-- xy_repo_touch). A server reads the row once a request: a kept answer
-- of generation n is up to date while the number is still n.
CREATE TABLE generations (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	archive INTEGER NOT NULL,
	auth INTEGER NOT NULL
);
INSERT INTO generations (id, archive, auth) VALUES (1, 0, 0);
