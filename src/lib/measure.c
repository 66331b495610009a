/*
 * measure.c — building floor areas, the enterprise ↔ parcel join and the per-parcel
 * measures (domain.md §1).
 *
 * Floor area: a building's `floor_area_m2` when given is taken as is; otherwise
 * area(b) × floors, floors doubled when height_m / floors > tall_storey_m (strictly).
 * A building without floors counts as one storey (recorded in data_quality).
 *
 * Enterprise join, per enterprise record, first that applies:
 *  1. the record's parcel_id names a parcel → that parcel (the record's figures are that
 *     parcel's: per-parcel records are never split);
 *  2. the parcels' own enterprise_id field names the enterprise → all those parcels, the
 *     figures split by parcel area;
 *  3. its point lies in a parcel (smallest parcel id if on a shared boundary);
 *  4. otherwise it is on no parcel: a data_quality row.
 * Per parcel, sums over every enterprise on it (owner and tenants). A sum is NAN (NULL)
 * when no enterprise on the parcel carries that figure; per-mu figures follow.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

int ls__measure_buildings(ls_context *ctx, ls__dataset *ds, const ls_rules *rules)
{
    for (size_t i = 0; i < ds->nbuildings; i++) {
        ls__building *b = &ds->buildings[i];
        char label[32];
        snprintf(label, sizeof(label), "fid %ld", b->fid);
        if (!isnan(b->given_floor_m2)) {
            b->floor_area_m2 = b->given_floor_m2;
            continue;
        }
        double floors = b->floors;
        if (isnan(floors)) {
            floors = 1.0;
            if (ls__dq_add(&ds->dq, "buildings", label, "number of floors missing",
                           "counted as one storey") != LS_OK)
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        double eff = floors;
        if (floors > 0 && !isnan(b->height_m) && !isnan(rules->tall_storey_m) &&
            b->height_m / floors > rules->tall_storey_m)
            eff = floors * 2.0;
        b->floor_area_m2 = b->area_m2 * eff;
    }
    return LS_OK;
}

typedef struct id_entry {
    const char *id;
    size_t index;
} id_entry;

static int cmp_entry(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->index < y->index ? -1 : x->index > y->index);
}

/* First entry whose id is >= id (n when none). */
static size_t lower_bound(const id_entry *arr, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(arr[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int add_index(size_t **arr, size_t *n, size_t value)
{
    size_t *a = realloc(*arr, (*n + 1) * sizeof(**arr));
    if (!a)
        return LS_ENOMEM;
    a[(*n)++] = value;
    *arr = a;
    return LS_OK;
}

typedef struct hit_search {
    const ls__dataset *ds;
    GEOSContextHandle_t g;
    const GEOSGeometry *pt;
    long best;
} hit_search;

static void point_hit(void *item, void *userdata)
{
    hit_search *h = userdata;
    size_t i = (size_t)(uintptr_t)item - 1;
    const ls__parcel *p = &h->ds->parcels[i];
    if (GEOSIntersects_r(h->g, p->geom, h->pt) != 1)
        return;
    if (h->best < 0 || strcmp(p->parcel_id, h->ds->parcels[h->best].parcel_id) < 0)
        h->best = (long)i;
}

static void add_share(double *sum, double value, double share)
{
    if (isnan(value))
        return;
    if (isnan(*sum))
        *sum = 0.0;
    *sum += value * share;
}

int ls__measure_parcels(ls_context *ctx, ls__dataset *ds)
{
    int error = LS_OK;
    GEOSContextHandle_t g = ds->geos;
    id_entry *by_id = NULL, *by_ent = NULL;
    size_t nby_ent = 0;
    GEOSSTRtree *tree = NULL;

    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        p->far = p->area_m2 > 0 ? p->floor_area_m2 / p->area_m2 : 0.0;
        p->coverage = p->area_m2 > 0 ? p->footprint_m2 / p->area_m2 : 0.0;
        p->tax_10k = p->value_added_10k = p->revenue_10k = p->energy_tce = NAN;
        p->tax_per_mu = p->value_added_per_mu = p->energy_per_va = NAN;
        p->eval_score = NAN;
    }
    if (ds->nenterprises == 0)
        return LS_OK;

    by_id = malloc(ds->nparcels * sizeof(*by_id));
    by_ent = malloc(ds->nparcels * sizeof(*by_ent));
    if (!by_id || !by_ent) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        by_id[i] = (id_entry){ds->parcels[i].parcel_id, i};
        if (ds->parcels[i].enterprise_id)
            by_ent[nby_ent++] = (id_entry){ds->parcels[i].enterprise_id, i};
    }
    qsort(by_id, ds->nparcels, sizeof(*by_id), cmp_entry);
    qsort(by_ent, nby_ent, sizeof(*by_ent), cmp_entry);

    for (size_t e = 0; e < ds->nenterprises && error == LS_OK; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        if (en->parcel_id) {
            size_t lo = lower_bound(by_id, ds->nparcels, en->parcel_id);
            if (lo < ds->nparcels && strcmp(by_id[lo].id, en->parcel_id) == 0) {
                if (add_index(&en->parcels, &en->nparcels, by_id[lo].index) != LS_OK)
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                continue;
            }
            char *msg = ls__sprintf("parcel id %s not found among parcels", en->parcel_id);
            if (!msg || ls__dq_add(&ds->dq, "enterprises", en->enterprise_id, msg,
                                   en->has_point ? "joined by location instead"
                                                 : "enterprise on no parcel") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            free(msg);
        } else if (nby_ent) {
            for (size_t k = lower_bound(by_ent, nby_ent, en->enterprise_id);
                 k < nby_ent && strcmp(by_ent[k].id, en->enterprise_id) == 0; k++)
                if (add_index(&en->parcels, &en->nparcels, by_ent[k].index) != LS_OK)
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            if (en->nparcels)
                continue;
        }
        if (error != LS_OK || en->nparcels)
            continue;
        if (en->has_point) {
            if (!tree) {
                tree = GEOSSTRtree_create_r(g, 10);
                for (size_t i = 0; tree && i < ds->nparcels; i++)
                    GEOSSTRtree_insert_r(g, tree, ds->parcels[i].geom, (void *)(uintptr_t)(i + 1));
                if (!tree) {
                    error = ls__error_set(ctx, LS_EDEP, "GEOS STRtree failed");
                    break;
                }
            }
            GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g, en->x, en->y);
            hit_search h = {ds, g, pt, -1};
            if (pt)
                GEOSSTRtree_query_r(g, tree, pt, point_hit, &h);
            GEOSGeom_destroy_r(g, pt);
            if (h.best >= 0) {
                if (add_index(&en->parcels, &en->nparcels, (size_t)h.best) != LS_OK)
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                continue;
            }
            if (ls__dq_add(&ds->dq, "enterprises", en->enterprise_id, "point lies on no parcel",
                           "enterprise on no parcel") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        } else if (!en->parcel_id) {
            if (ls__dq_add(&ds->dq, "enterprises", en->enterprise_id,
                           "no parcel id and no location", "enterprise on no parcel") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
    }
    if (error != LS_OK)
        goto cleanup;

    /* sums per parcel */
    for (size_t e = 0; e < ds->nenterprises; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        double total = 0.0;
        for (size_t k = 0; k < en->nparcels; k++)
            total += ds->parcels[en->parcels[k]].area_m2;
        en->land_mu = total * 15.0 / 10000.0;
        for (size_t k = 0; k < en->nparcels; k++) {
            ls__parcel *p = &ds->parcels[en->parcels[k]];
            double share = en->nparcels == 1 || !(total > 0) ? 1.0 / (double)en->nparcels
                                                            : p->area_m2 / total;
            add_share(&p->tax_10k, en->tax_10k, share);
            add_share(&p->value_added_10k, en->value_added_10k, share);
            add_share(&p->revenue_10k, en->revenue_10k, share);
            add_share(&p->energy_tce, en->energy_tce, share);
            if (add_index(&p->ents, &p->nent, e) != LS_OK) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        if (p->area_mu > 0) {
            if (!isnan(p->tax_10k))
                p->tax_per_mu = p->tax_10k / p->area_mu;
            if (!isnan(p->value_added_10k))
                p->value_added_per_mu = p->value_added_10k / p->area_mu;
        }
        if (!isnan(p->energy_tce) && !isnan(p->value_added_10k) && p->value_added_10k > 0)
            p->energy_per_va = p->energy_tce / p->value_added_10k;
    }
cleanup:
    free(by_id);
    free(by_ent);
    if (tree)
        GEOSSTRtree_destroy_r(g, tree);
    return error;
}
