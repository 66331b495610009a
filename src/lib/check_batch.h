/*
 * check_batch.h — run a per-parcel stage that records check lines on several threads, with
 * the same p->checks and ds->check_texts as on one (check_batch.c).
 */
#ifndef LANDSCAN_CHECK_BATCH_H
#define LANDSCAN_CHECK_BATCH_H

#include "model.h"

/* The stage on parcel i: may change ds->parcels[i] only (and read the rest); appends the
 * parcel's check lines in rule_checks.c's stored form to `lines`, their text ids from
 * `texts`. Returns LS_OK or an error code; never touches the context. */
typedef int (*ls__check_fn)(void *arg, size_t i, ls__check_texts *texts, ls__buf *lines);

/* fn over every parcel on `jobs` threads (<= 1: this one), each parcel's lines appended to
 * p->checks in the end. The message names `stage`. */
int ls__check_batch(ls_context *ctx, ls__dataset *ds, int jobs, const char *stage, ls__check_fn fn,
                    void *arg);

#endif
