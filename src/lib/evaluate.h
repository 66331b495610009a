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

/* Index (into ents) of the parcel's owner: among its enterprises with role owner (all when
 * none has it), the one whose id is parcel.enterprise_id, else the only one, else the
 * largest land_mu, ties smallest id. -1 when the parcel has no enterprise. Shared by the
 * evaluation (parcel class = owner's) and classification (LE_CLASS, REL_RETAIN_AB50). */
long ls__evaluate_owner(const ls__parcel *p, const ls__enterprise *ents);

#endif
