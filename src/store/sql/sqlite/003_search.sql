-- 003: name search (B1). Every name a subject was reported under is
-- indexed by FTS5's trigram tokenizer, so any substring of three or more
-- characters is found through the index (Chinese names included);
-- shorter queries scan subject_names. Full-text search is the engine's
-- own hook (PostgreSQL: pg_trgm, its 003).
--
-- The index is brought up to date at each commit of a writer, in bulk
-- (xy_repo_search_refresh: the names of subjects after search_state's
-- watermark, a few index pages per batch) rather than by a trigger per
-- name, which measured five times dearer during an import; a new name of
-- an older subject is indexed at once (xy_repo_search_add).

CREATE VIRTUAL TABLE subject_fts USING fts5 (
	name,
	subject_id UNINDEXED,
	tokenize = 'trigram'
);

CREATE TABLE search_state (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	last_subject INTEGER NOT NULL      -- subjects up to here are indexed
);

INSERT INTO subject_fts (name, subject_id)
	SELECT name, subject_id FROM subject_names;
INSERT INTO search_state (id, last_subject)
	SELECT 1, COALESCE(MAX(id), 0) FROM subjects;
