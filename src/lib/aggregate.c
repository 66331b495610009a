/*
 * aggregate.c — totals per block, district and town.
 *
 * Each parcel is added once to the area it was assigned to (largest overlap), so totals
 * never double count a parcel across reason codes or areas. Definitions:
 *  - parcel_count: every parcel assigned, industrial or not; industrial_count / _mu;
 *  - <status>_count / _mu for the five statuses, <action>_count / _mu for the six actions;
 *  - reclaimable_mu, far_uplift_m2: sums over parcels;
 *  - far: area-weighted over industrial parcels = Σ floor area / Σ area;
 *  - tax_per_mu, value_added_per_mu: Σ figure / Σ mu over the industrial parcels that carry
 *    the figure (NULL when none does);
 *  - inside_control_mu: industrial land inside the control lines (Σ inside_control_m2 as mu);
 *  - masked_mu: industrial land under the exclusion masks (Σ area_mu × masked_m2 / area_m2);
 *  - site_count / site_mu: a district counts the sites of its district with their polygons'
 *    area (a site never spans districts); a block or a town counts the sites with a member
 *    parcel assigned to it and only those members' area_mu (domain.md §7: a block's site_mu
 *    counts only its own member parcels);
 *  - unsupplied_mu: the area_mu of the `unsupplied` features assigned to it (unsupplied.c);
 *  - with a ledger: new_listed_mu (area of parcels whose change is `new`), resolved_mu (the
 *    listed area that left the lists: ls__resolved.old_area_mu, counted where the parcel is
 *    now, or where it was when it no longer exists), net_listed_mu = new − resolved.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "aggregate.h"
#include "unsupplied.h"

void ls__totals_add(ls__totals *t, const ls__parcel *p)
{
    ls__totals_item it = {.status = p->status,
                          .action = p->action,
                          .industrial = p->industrial,
                          .newly_listed = p->change == LS_CHANGE_NEW,
                          .area_m2 = p->area_m2,
                          .area_mu = p->area_mu,
                          .inside_control_m2 = p->inside_control_m2,
                          .floor_area_m2 = p->floor_area_m2,
                          .reclaimable_mu = p->reclaimable_mu,
                          .far_uplift_m2 = p->far_uplift_m2,
                          .masked_m2 = p->masked_m2,
                          .tax_10k = p->tax_10k,
                          .value_added_10k = p->value_added_10k};
    ls__totals_add_item(t, &it);
}

void ls__totals_add_item(ls__totals *t, const ls__totals_item *p)
{
    t->parcel_count++;
    t->status_count[p->status]++;
    t->status_mu[p->status] += p->area_mu;
    t->action_count[p->action]++;
    t->action_mu[p->action] += p->area_mu;
    if (!isnan(p->reclaimable_mu))
        t->reclaimable_mu += p->reclaimable_mu;
    if (!isnan(p->far_uplift_m2))
        t->far_uplift_m2 += p->far_uplift_m2;
    if (p->newly_listed)
        t->new_listed_mu += p->area_mu;
    if (!p->industrial)
        return;
    t->industrial_count++;
    t->industrial_mu += p->area_mu;
    t->inside_control_mu += LS_M2_TO_MU(p->inside_control_m2);
    if (p->masked_m2 > 0 && p->area_m2 > 0) /* on the run's area basis, like area_mu */
        t->masked_mu += p->area_mu * p->masked_m2 / p->area_m2;
    if (!isnan(p->floor_area_m2)) { /* FAR over the parcels whose floor area is known */
        t->floor_sum_m2 += p->floor_area_m2;
        t->area_sum_m2 += p->area_m2;
    }
    if (!isnan(p->tax_10k)) {
        t->tax_sum += p->tax_10k;
        t->tax_mu += p->area_mu;
    }
    if (!isnan(p->value_added_10k)) {
        t->va_sum += p->value_added_10k;
        t->va_mu += p->area_mu;
    }
}

void ls__totals_finish(ls__totals *t)
{
    t->far = t->area_sum_m2 > 0 ? t->floor_sum_m2 / t->area_sum_m2 : 0.0;
    t->tax_per_mu = t->tax_mu > 0 ? t->tax_sum / t->tax_mu : NAN;
    t->value_added_per_mu = t->va_mu > 0 ? t->va_sum / t->va_mu : NAN;
    t->net_listed_mu = t->new_listed_mu - t->resolved_mu;
}

static long find_area(const ls__area *areas, size_t n, const char *key, int by_name)
{
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(by_name ? areas[i].name : areas[i].id, key) == 0)
            return (long)i;
    return -1;
}

int ls__aggregate(ls_context *ctx, ls__dataset *ds)
{
    ds->block_totals = calloc(ds->nblocks ? ds->nblocks : 1, sizeof(ls__totals));
    ds->district_totals = calloc(ds->ndistricts ? ds->ndistricts : 1, sizeof(ls__totals));
    ds->town_totals = calloc(ds->ntowns ? ds->ntowns : 1, sizeof(ls__totals));
    if (!ds->block_totals || !ds->district_totals || !ds->town_totals)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if (p->block_ix >= 0)
            ls__totals_add(&ds->block_totals[p->block_ix], p);
        if (p->district_ix >= 0)
            ls__totals_add(&ds->district_totals[p->district_ix], p);
        if (p->town_ix >= 0)
            ls__totals_add(&ds->town_totals[p->town_ix], p);
    }
    for (size_t i = 0; i < ds->nresolved; i++) {
        const ls__resolved *r = &ds->resolved[i];
        if (r->block_ix >= 0)
            ds->block_totals[r->block_ix].resolved_mu += r->old_area_mu;
        if (r->district_ix >= 0)
            ds->district_totals[r->district_ix].resolved_mu += r->old_area_mu;
        if (r->town_ix >= 0)
            ds->town_totals[r->town_ix].resolved_mu += r->old_area_mu;
    }
    ls__unsupplied_aggregate(ds);
    long *last_block = ds->nblocks ? malloc(ds->nblocks * sizeof(long)) : NULL;
    long *last_town = ds->ntowns ? malloc(ds->ntowns * sizeof(long)) : NULL;
    if ((ds->nblocks && !last_block) || (ds->ntowns && !last_town)) {
        free(last_block);
        free(last_town);
        return ls__error_set(ctx, LS_ENOMEM, "aggregate: out of memory");
    }
    for (size_t i = 0; i < ds->nblocks; i++)
        last_block[i] = -1;
    for (size_t i = 0; i < ds->ntowns; i++)
        last_town[i] = -1;
    for (size_t s = 0; s < ds->nsites; s++) {
        const ls__site *site = &ds->sites[s];
        long d = find_area(ds->districts, ds->ndistricts, site->district, 1);
        for (size_t k = 0; k < site->nparcels; k++) {
            const ls__parcel *p = &ds->parcels[site->parcels[k]];
            double mu = isfinite(p->area_mu) ? p->area_mu : 0.0;
            if (p->block_ix >= 0) {
                ls__totals *t = &ds->block_totals[p->block_ix];
                if (last_block[p->block_ix] != (long)s) {
                    last_block[p->block_ix] = (long)s;
                    t->site_count++;
                }
                t->site_mu += mu;
            }
            if (p->town_ix >= 0) {
                ls__totals *t = &ds->town_totals[p->town_ix];
                if (last_town[p->town_ix] != (long)s) {
                    last_town[p->town_ix] = (long)s;
                    t->site_count++;
                }
                t->site_mu += mu;
            }
        }
        if (d >= 0) {
            ds->district_totals[d].site_count++;
            ds->district_totals[d].site_mu += site->area_mu;
        }
    }
    free(last_block);
    free(last_town);
    for (size_t i = 0; i < ds->nblocks; i++)
        ls__totals_finish(&ds->block_totals[i]);
    for (size_t i = 0; i < ds->ndistricts; i++)
        ls__totals_finish(&ds->district_totals[i]);
    for (size_t i = 0; i < ds->ntowns; i++)
        ls__totals_finish(&ds->town_totals[i]);
    return LS_OK;
}
