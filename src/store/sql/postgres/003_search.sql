-- 003: name search (B1). pg_trgm indexes every name a subject was
-- reported under, so LIKE '%…%' on three or more characters uses the
-- index (Chinese names included). SQLite does the same with FTS5.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX subject_names_trgm ON subject_names USING gin (name gin_trgm_ops);
