/*
 * flags.h — compliance flags (parcels.flags, domain.md §10): CHK_ADMIN and the 标准地
 * commitments CHK_CONTRACT_<indicator>. They never change status, action or reasons; each
 * evaluation is recorded in the parcel's check list for `explain` (flags.c explains the rules).
 */
#ifndef LANDSCAN_FLAGS_H
#define LANDSCAN_FLAGS_H
#include "model.h"

/* Set parcel.flags ("" none) of every parcel and append its CHK_* rows to parcel.checks;
 * after classify (control_share, the owner's class and land_mu are known). One run-level
 * data_quality row when CHK_ADMIN is on but buildings carry no `use`. */
int ls__flags_assess(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days);

/* The flags of one parcel (as ls__flags_assess, without the data_quality row); has_use: the
 * buildings carry `use`; has_control: control lines were given. */
int ls__flags_parcel(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                     const ls_rules *rules, int reference_days, int has_control, int has_use);
#endif
