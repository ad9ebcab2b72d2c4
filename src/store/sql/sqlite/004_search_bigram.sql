-- 004: name search by pairs of characters. FTS5's trigram tokenizer
-- (003) cannot answer texts of fewer than three characters, yet
-- two-character searches are the common ones (personal names, brands),
-- and they scanned every name. xy_bigram (src/store/fts_bigram.c, which
-- every connection registers) cuts a name into overlapping pairs of code
-- points, ASCII case folded, so a query of two characters is one term
-- and a longer one a phrase of pairs: the index answers any text of two
-- characters or more. Only a connection that registered it can read or
-- write subject_fts (the sqlite3 shell cannot); other tables are as
-- before.
--
-- The index is rebuilt from every name, and the watermark set past the
-- last subject: search_state then says, as 003 left it, that every
-- subject up to last_subject has all its names in subject_fts.

DROP TABLE subject_fts;

CREATE VIRTUAL TABLE subject_fts USING fts5 (
	name,
	subject_id UNINDEXED,
	tokenize = 'xy_bigram'
);

INSERT INTO subject_fts (name, subject_id)
	SELECT name, subject_id FROM subject_names ORDER BY subject_id;
UPDATE search_state SET last_subject =
	(SELECT COALESCE(MAX(id), 0) FROM subjects);
