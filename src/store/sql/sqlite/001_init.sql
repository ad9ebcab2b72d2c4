-- 001: catalog, departments, subjects, records with history, imports,
-- rejected rows. Dates are day numbers since 1970-01-01 (core/date.h).
-- Personal data (ID numbers) never appears here in plain text: a keyed
-- blind index (blind), an encrypted copy (secret) and a masked form.

CREATE TABLE catalog_items (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,         -- xzxk, xzcf, ...
	name TEXT NOT NULL,
	version TEXT NOT NULL,
	definition TEXT NOT NULL           -- the catalog JSON as loaded
);

CREATE TABLE departments (
	id INTEGER PRIMARY KEY,
	uscc TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL
);

-- A subject is found by its key: 'U' + USCC, 'R' + 工商注册号 (a
-- business reported with the placeholder USCC), 'P' + the keyed blind
-- index of a person's ID type and number. Records refer to its id: ids
-- of new subjects grow, so the records_subject index is mostly appended
-- to during an import.
CREATE TABLE subjects (
	id INTEGER PRIMARY KEY,
	key BLOB NOT NULL UNIQUE,
	kind INTEGER NOT NULL,              -- enum xy_subject_kind
	uscc TEXT,                         -- organisations, businesses
	regno TEXT,                        -- 工商注册号 with the placeholder
	secret BLOB,                       -- persons: encrypted ID number
	masked TEXT,                       -- persons: 370104********1234
	name TEXT NOT NULL,                -- latest name reported
	created_at INTEGER NOT NULL
);

CREATE TABLE subject_names (
	subject_id INTEGER NOT NULL,
	name TEXT NOT NULL,
	first_seen INTEGER NOT NULL,
	PRIMARY KEY (subject_id, name)
) WITHOUT ROWID;

CREATE TABLE records (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL,
	dept_id INTEGER NOT NULL,
	doc_no TEXT NOT NULL,
	subject_id INTEGER NOT NULL,
	decision_date INTEGER NOT NULL,
	reported_date INTEGER NOT NULL,    -- first received
	late INTEGER NOT NULL,             -- 1 when past the item's deadline
	status INTEGER NOT NULL,           -- 1 valid, 2 revoked
	version INTEGER NOT NULL,          -- 1, 2, ... one per change
	hash BLOB NOT NULL,                -- keyed hash of the full content
	payload BLOB NOT NULL,             -- values, personal ones masked
	secret BLOB,                       -- encrypted personal values
	updated_at INTEGER NOT NULL,
	UNIQUE (dept_id, item_id, doc_no)
);
CREATE INDEX records_subject ON records (subject_id);

CREATE TABLE record_history (
	record_id INTEGER NOT NULL,
	version INTEGER NOT NULL,
	status INTEGER NOT NULL,
	hash BLOB NOT NULL,
	payload BLOB NOT NULL,
	secret BLOB,
	replaced_at INTEGER NOT NULL,      -- day the next version arrived
	PRIMARY KEY (record_id, version)
) WITHOUT ROWID;

CREATE TABLE imports (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL,
	source TEXT NOT NULL,              -- file name or "api"
	reported_date INTEGER NOT NULL,
	started_at INTEGER NOT NULL,       -- unix seconds
	finished_at INTEGER,
	rows INTEGER NOT NULL DEFAULT 0,
	accepted INTEGER NOT NULL DEFAULT 0,
	rejected INTEGER NOT NULL DEFAULT 0,
	new INTEGER NOT NULL DEFAULT 0,
	updated INTEGER NOT NULL DEFAULT 0,
	unchanged INTEGER NOT NULL DEFAULT 0,
	late INTEGER NOT NULL DEFAULT 0,
	warnings INTEGER NOT NULL DEFAULT 0
);

-- Rejected rows, kept for correction; one per distinct content.
CREATE TABLE rejects (
	id INTEGER PRIMARY KEY,
	item_id INTEGER NOT NULL,
	dept_uscc TEXT NOT NULL,           -- as reported, '' when missing
	doc_no TEXT NOT NULL,              -- as reported, '' when missing
	hash BLOB NOT NULL,                -- keyed hash of the raw row
	reported_date INTEGER NOT NULL,
	line INTEGER NOT NULL,
	errors TEXT NOT NULL,              -- JSON [{field, code, message}]
	secret BLOB NOT NULL,              -- the encrypted raw row
	UNIQUE (item_id, hash)
);
CREATE INDEX rejects_dept ON rejects (dept_uscc, item_id);
