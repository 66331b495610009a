/*
 * explain.h — the `rule_checks` table of the GeoPackage (written after ls__write_gpkg) and,
 * through the public ls_explain() (include/landscan/explain.h), its bilingual reading.
 */
#ifndef LANDSCAN_EXPLAIN_INTERNAL_H
#define LANDSCAN_EXPLAIN_INTERNAL_H
#include <gdal.h>

#include "model.h"

/* Add the table rule_checks (parcel_id, seq, code, value, comparison, threshold, outcome,
 * note; one row per parcel.checks record, seq from 1 per parcel) to the finished GeoPackage
 * at gpkg_path, in one transaction. Parcels without a check list are skipped. */
int ls__explain_write(ls_context *ctx, const ls__dataset *ds, const char *gpkg_path);

/* explain_supply.c: "供地限制 / supply screening" lines for the supply-restricted firms on
 * the parcel (enterprises.supply_restricted), nothing when there is none. */
void ls__explain_supply(ls__buf *b, GDALDatasetH gds, const char *parcel_id);

#endif
