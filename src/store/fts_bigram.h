/*
 * fts_bigram.h - "xy_bigram", the FTS5 tokenizer of the name search.
 *
 * A text is cut into overlapping pairs of code points, one token per
 * position: "槐荫区" gives "槐荫" (bytes 0-6) then "荫区" (bytes 3-9). A
 * text of one code point gives that code point, an empty text nothing.
 * ASCII letters are folded to lower case; every other code point, white
 * space included, is kept as it is. A byte that does not begin a
 * well-formed UTF-8 sequence counts as one code point.
 *
 * Queries are cut the same way, so the FTS5 phrase "abc" becomes "ab"
 * "bc" at consecutive positions, which holds in exactly the texts that
 * contain "abc": every text of two code points or more is answered by
 * the index. A query of one code point is not a substring search (it
 * matches the texts that are that code point); callers scan instead.
 *
 * FTS5 tokenizers belong to a connection: register it on each one before
 * anything reads a table declared with tokenize = 'xy_bigram'. A
 * connection without it (the sqlite3 shell) cannot read or write such a
 * table; other tables are unaffected.
 */
#ifndef XY_FTS_BIGRAM_H
#define XY_FTS_BIGRAM_H

struct sqlite3;

/*
 * Registers "xy_bigram" with FTS5 on the connection h. Returns 0, or
 * XY_EDB when the SQLite library has no FTS5 or refuses the tokenizer.
 */
int xy_fts_bigram_register(struct sqlite3 *h);

#endif
