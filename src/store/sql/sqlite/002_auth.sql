-- 002: accounts, API keys, browser sessions and the audit trail (H2).
-- Times are unix seconds. No secret is stored in plain text: passwords
-- as argon2id strings, API keys, session and CSRF tokens as keyed
-- BLAKE2b hashes (service/auth.c). See docs/internals/auth.md.

CREATE TABLE accounts (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	role TEXT NOT NULL,                -- admin, reporter, checker, ...
	dept TEXT NOT NULL,                -- department USCC scope, '' none
	pwhash TEXT NOT NULL,              -- crypto_pwhash_str (argon2id)
	created_at INTEGER NOT NULL,
	disabled INTEGER NOT NULL DEFAULT 0 -- 1: no key or login works
);

CREATE TABLE api_keys (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL,
	hash BLOB NOT NULL UNIQUE,         -- keyed hash of the key text
	created_at INTEGER NOT NULL,
	expires_at INTEGER,                -- NULL: no expiry
	revoked_at INTEGER                 -- NULL: in force
);
CREATE INDEX api_keys_account ON api_keys (account_id);

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	account_id INTEGER NOT NULL,
	hash BLOB NOT NULL UNIQUE,         -- keyed hash of the cookie value
	csrf_hash BLOB NOT NULL,           -- keyed hash of the CSRF token
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The audit trail, hash-chained: hash = SHA-256(prev ‖ the canonical
-- bytes of the entry), prev = the hash of entry id - 1 (32 zero bytes
-- for entry 1). Ids are given by xy_audit_log() as the last id + 1, not
-- generated, so that they have no gaps: a gap is a deleted entry.
CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,               -- unix seconds
	account_id INTEGER NOT NULL,       -- accounts.id, 0 for none
	name TEXT NOT NULL,                -- who, as at the time
	role TEXT NOT NULL,
	dept TEXT NOT NULL,                -- '' for none
	action TEXT NOT NULL,              -- read, write, login, admin, ...
	route TEXT NOT NULL,               -- HTTP route or "cli ..."
	subject_id INTEGER NOT NULL,       -- subjects.id, 0 for none
	purpose TEXT,                      -- why
	detail TEXT,                       -- short text, no personal data
	prev BLOB NOT NULL,
	hash BLOB NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, id);
