/*
 * rule_checks.h — the compact rule_checks / rule_check_texts tables of the GeoPackage
 * (format in rule_checks.c): written once per run after ls__write_gpkg, read back by
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
