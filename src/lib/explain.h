/*
 * explain.h — helpers of the public ls_explain() (include/landscan/explain.h). Its evidence,
 * the rule_checks / rule_check_texts tables, is written and read by rule_checks.h.
 */
#ifndef LANDSCAN_EXPLAIN_INTERNAL_H
#define LANDSCAN_EXPLAIN_INTERNAL_H
#include <gdal.h>

#include "model.h"

/* explain_supply.c: "供地限制 / supply screening" lines for the supply-restricted firms on
 * the parcel (enterprises.supply_restricted), nothing when there is none. */
void ls__explain_supply(ls__buf *b, GDALDatasetH gds, const char *parcel_id);

#endif
