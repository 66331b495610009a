/*
 * corrections.h — RUN.yaml `corrections:`: field corrections of parcels, enterprises and
 * buildings applied to the dataset after read (corrections.c explains the rules).
 */
#ifndef LANDSCAN_CORRECTIONS_H
#define LANDSCAN_CORRECTIONS_H
#include "model.h"
/* Read cfg->corrections (nothing when NULL) and apply every line to ds (just read, nothing
 * computed yet); fills ds->corrections. LS_EINVAL naming the CSV line on a bad line. */
int ls__corrections_apply(ls_context *ctx, const ls_config *cfg, ls__dataset *ds);
/* After the measures: each correction's parcel_ids, and parcel.corrected. */
int ls__corrections_link(ls_context *ctx, ls__dataset *ds);
void ls__corrections_free(ls__dataset *ds);
#endif
