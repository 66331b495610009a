/*
 * evaluate.h — per-mu comprehensive evaluation (亩均效益综合评价, domain.md §3).
 *
 * Fills every enterprise's indicators (tax_per_mu … tax_per_electricity), eval_score,
 * class_final and eval_note, then sets each parcel's eval_score / eval_class from its
 * owner (or its only/first enterprise). Records that carry eval_class keep it.
 * Requires enterprises joined to parcels (land_mu set) — run after measure.
 */
#ifndef LANDSCAN_EVALUATE_H
#define LANDSCAN_EVALUATE_H
#include "model.h"

int ls__evaluate(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days);

#endif
