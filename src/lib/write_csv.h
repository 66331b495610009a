/*
 * write_csv.h — parcels.csv and blocks.csv: UTF-8 with BOM (so Excel opens Chinese right),
 * fixed number formats (mu 2 decimals, ratios 3, money 2), byte-identical for the same
 * inputs.
 */
#ifndef LANDSCAN_WRITE_CSV_H
#define LANDSCAN_WRITE_CSV_H
#include "model.h"

int ls__write_parcels_csv(ls_context *ctx, const ls__dataset *ds, const char *path);
int ls__write_blocks_csv(ls_context *ctx, const ls__dataset *ds, const char *path);

#endif
