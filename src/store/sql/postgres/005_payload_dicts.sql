-- 005: the dictionaries of packed payloads (util/zpack.h): zstd
-- dictionaries trained on records of an item. A packed payload names
-- its dictionary by zstd's id; payloads stored before stay as they are.
CREATE TABLE payload_dicts (
	id BIGINT PRIMARY KEY,             -- zstd's dictionary id
	item_id BIGINT NOT NULL,
	dict BYTEA NOT NULL,
	created_at INTEGER NOT NULL        -- day number
);
CREATE INDEX payload_dicts_item ON payload_dicts (item_id, created_at);
