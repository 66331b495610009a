/*
 * far_floor.h — FAR floors by industry (domain.md §5): the 2008 national table keyed by
 * (standard, code) with the GB/T 4754-2002 ↔ 2017 crosswalk, loaded from a data file in the
 * preset folder.
 */
#ifndef LANDSCAN_FAR_FLOOR_H
#define LANDSCAN_FAR_FLOOR_H
#include "internal.h"

typedef struct ls__far_table ls__far_table;

/* Load table `name` (e.g. "national-2008") from preset_dir/<name>.far.csv. */
int ls__far_table_load(ls_context *ctx, const char *preset_dir, const char *name,
                       ls__far_table **out);
void ls__far_table_free(ls__far_table *t);
/* FAR floor for an industry code (C3411 / 3411 / 34) read under `standard`
 * ("gbt4754-2017" or "gbt4754-2002"); NAN when the table has no floor for it. */
double ls__far_table_floor(const ls__far_table *t, const char *standard, const char *code);

#endif
