/*
 * classify.h — industrial land (§2), status and reason codes (§4), action, reclaimable mu
 * and FAR uplift (§6) for every parcel.
 *
 * Needs overlay, measure and evaluate done. has_control tells whether control lines were
 * given (without them REL_OUTSIDE never fires). Writes parcel.industrial, status, action,
 * reasons, no_data, checks, reclaimable_mu, far_uplift_m2 and adds data_quality rows for tests that
 * could not be evaluated.
 */
#ifndef LANDSCAN_CLASSIFY_H
#define LANDSCAN_CLASSIFY_H
#include "model.h"

int ls__classify(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days,
                 int has_control);

/* Classify one parcel (pure; used by ls__classify and the unit tests). enterprises is the
 * dataset's enterprise array. Sets the classification fields of *p. */
int ls__classify_parcel(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                        const ls_rules *rules, int reference_days, int has_control,
                        int has_buildings, int has_enterprises, int parcel_fields,
                        int enterprise_fields);

/* The same, and also records every test evaluated in p->checks (format in model.h, order and
 * outcomes in classify.c), replacing any earlier list. */
int ls__classify_parcel_checks(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                               const ls_rules *rules, int reference_days, int has_control,
                               int has_buildings, int has_enterprises);

#endif
