/*
 * rule_checks.h — the compact rule_checks / rule_check_texts tables of the GeoPackage
 * (format in rule_checks.c): written once per run into the GeoPackage that
 * ls__write_gpkg_create made, before its layers (ls__write_gpkg); read back by
 * `landscan explain` (explain.c).
 */
#ifndef LANDSCAN_RULE_CHECKS_H
#define LANDSCAN_RULE_CHECKS_H
#include "model.h"

/* One check of one parcel as explain shows it; every string owned, never NULL. */
typedef struct ls__check_row {
    int seq; /* from 1, evaluation order */
    char *code, *value, *comparison, *threshold, *outcome, *note;
} ls__check_row;

/* Replace p->checks (model.h's six-field form, as ls__classify_parcel_checks records it) by
 * the stored form of rule_checks.c, its texts interned in ds->check_texts. */
int ls__rule_checks_compact(ls_context *ctx, ls__dataset *ds, ls__parcel *p);
void ls__check_texts_free(ls__check_texts *t);
/* An empty table (NULL when out of memory). */
ls__check_texts *ls__check_texts_new(void);
/* The id (from 1, first-seen order) of key[0..n) ("comparison\tthreshold\tnote"), added
 * when new; 0 when out of memory. */
size_t ls__check_texts_intern(ls__check_texts *t, const char *key, size_t n);
size_t ls__check_texts_count(const ls__check_texts *t);
/* Intern every text of `from` into `into` in from's id order: map[id of from] = id in into
 * (map holds count(from) + 1 entries). */
int ls__check_texts_merge(ls__check_texts *into, const ls__check_texts *from, size_t *map);
/* Stored lines (len bytes) with their text ids passed through map, into out (replaced). */
int ls__rule_checks_remap(const char *lines, size_t len, const size_t *map, ls__buf *out);
/* Append stored lines (len bytes) to p->checks. LS_ENOMEM on failure. */
int ls__rule_checks_append(ls__parcel *p, const char *lines, size_t len);

/* Add rule_checks (one row per parcel with a check list, p->checks compacted) and
 * rule_check_texts (ds->check_texts) to the finished GeoPackage at gpkg_path, in one
 * transaction. */
int ls__rule_checks_write(ls_context *ctx, const ls__dataset *ds, const char *gpkg_path);

/* The checks of parcel_id in evaluation order (*nout = 0 when none are recorded). The
 * caller frees with ls__rule_checks_free. */
int ls__rule_checks_read(ls_context *ctx, const char *gpkg_path, const char *parcel_id,
                         ls__check_row **out, size_t *nout);
void ls__rule_checks_free(ls__check_row *rows, size_t n);

#endif
