/*
 * check.h — what `landscan check` adds to the read stage: per mapped field the number of
 * missing and unparseable values, and the coverage of the enterprise ↔ parcel join.
 */
#ifndef LANDSCAN_CHECK_H
#define LANDSCAN_CHECK_H
#include "model.h"

/* Fill the `fields` of every layer in sum (layers as filled from ds, matched by role) by
 * re-reading each mapped field of the inputs of cfg with OGR, read-only. */
int ls__check_fields(ls_context *ctx, const ls_config *cfg, ls_run_summary *sum);

/* Fill the join coverage of sum from ds after read (ds is not changed): each enterprise
 * record is joined by the run's rules (measure.c) without touching the dataset. */
int ls__check_join(ls_context *ctx, const ls__dataset *ds, ls_run_summary *sum);

/* Fill buildings_by_use and the commitment counts of sum from ds after read (ds unchanged). */
void ls__check_flags(const ls__dataset *ds, ls_run_summary *sum);

#endif
