-- 004: on SQLite, name search by pairs of characters (the xy_bigram
-- FTS5 tokenizer). Nothing changes here: pg_trgm's index keeps serving
-- LIKE '%…%'. The version is taken so that both engines number their
-- schema alike.

SELECT 1;
