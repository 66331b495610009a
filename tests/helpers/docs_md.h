/*
 * docs_md.h — reading the user documentation (README.md, docs/…md) for the documentation
 * tests (tests/docs/).
 *
 * The references mark each table a test reads with an HTML comment on its own line, invisible
 * when the Markdown is rendered:
 *
 *     <!-- keys: run -->
 *     | key | type | default | example | meaning |
 *     | --- | --- | --- | --- | --- |
 *     | `name` | text | … |
 *
 * docs_table_read() returns the rows after the header and separator of the table that follows the
 * marker (blank lines allowed in between), each row as its trimmed cells; a first cell
 * written `name` is returned without its backticks. `\|` inside a cell is a literal bar.
 * Fenced blocks (```lang … ```) are listed by docs_blocks() with the marker comment that
 * precedes them, if any.
 *
 * Ownership: everything returned belongs to the caller (docs_table_free, docs_blocks_free,
 * free()).
 */
#ifndef LS_DOCS_MD_H
#define LS_DOCS_MD_H

#include <stddef.h>

typedef struct docs_row {
    size_t ncells;
    char **cells;
} docs_row;

typedef struct docs_table {
    size_t nrows;
    docs_row *rows;
} docs_table;

/* A file of the source tree (relative to LS_TEST_SOURCE_DIR) in memory, NULL when absent. */
char *docs_read(const char *relpath);

/* The table after "<!-- marker -->" in text. Returns 0, or -1 when the marker is absent or
 * not followed by a table. */
int docs_table_read(const char *text, const char *marker, docs_table *out);
void docs_table_free(docs_table *t);
/* The row whose first cell is `key`, NULL when none. */
const docs_row *docs_table_row(const docs_table *t, const char *key);
/* Cell `i` of a row ("" when the row is shorter). */
const char *docs_cell(const docs_row *r, size_t i);

/* The markers of the form "<!-- prefix ... -->" in text: the text after the prefix, trimmed
 * (e.g. prefix "fields:" gives "parcels", "blocks", …), NULL-terminated. */
char **docs_markers(const char *text, const char *prefix);
void docs_strings_free(char **list);

typedef struct docs_block {
    char *lang;   /* info string after ``` ("yaml", "text", "" …) */
    char *marker; /* the content of an HTML comment on the line just before the fence (blank
                     lines allowed), trimmed; NULL when none */
    char *body;   /* the lines inside the fence, each ending in '\n' */
    int line;     /* 1-based line of the opening fence */
} docs_block;

/* Every fenced block of text, in order; *n gets their number. */
docs_block *docs_blocks(const char *text, size_t *n);
void docs_blocks_free(docs_block *b, size_t n);

/* Write the body of every block before blocks[upto] marked <!-- file: NAME --> to DIR/NAME.
 * Returns 0, or -1 when a file cannot be written. */
int docs_write_files(const char *dir, const docs_block *blocks, size_t upto);

/* Every file of docs/ ending in .md plus README.md (relative paths), NULL-terminated. */
char **docs_markdown_files(void);

#endif
