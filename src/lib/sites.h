/*
 * sites.h — contiguous consolidation sites (连片开发, domain.md §7): reclaim/relocate parcels
 * that touch or lie within site_gap_m of each other in the same district, unioned, kept
 * when larger than site_min_mu (union area). Fills ds->sites and parcel.site_id (1-based, ordered
 * deterministically).
 */
#ifndef LANDSCAN_SITES_H
#define LANDSCAN_SITES_H
#include "model.h"

int ls__sites_build(ls_context *ctx, ls__dataset *ds, const ls_rules *rules);
/* Free ds->sites (geometries and member lists) and empty it. */
void ls__sites_free(ls__dataset *ds);

#endif
