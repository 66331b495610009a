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

static void sum_nan(double *sum, double v)
{
    if (isnan(v))
        return;
    *sum = isnan(*sum) ? v : *sum + v;
}

static void free_record(ls__enterprise *e)
{
    free(e->enterprise_id);
    free(e->name);
    free(e->parcel_id);
    free(e->role);
    free(e->scale);
    free(e->status);
    free(e->eval_class);
    free(e->parcels);
    free(e->class_final);
    free(e->eval_note);
}

static void take_str(char **dst, char **src)
{
    if (!*dst && *src) {
        *dst = *src;
        *src = NULL;
    }
}

/* Fold record b into a (same enterprise id): figures summed, parcels united, the first
 * non-empty attribute kept; halted since the earliest date; arrears the largest; flags any. */
static int fold(ls__enterprise *a, ls__enterprise *b)
{
    sum_nan(&a->tax_10k, b->tax_10k);
    sum_nan(&a->value_added_10k, b->value_added_10k);
    sum_nan(&a->revenue_10k, b->revenue_10k);
    sum_nan(&a->energy_tce, b->energy_tce);
    sum_nan(&a->employees, b->employees);
    sum_nan(&a->rd_10k, b->rd_10k);
    sum_nan(&a->electricity_10k_kwh, b->electricity_10k_kwh);
    take_str(&a->name, &b->name);
    take_str(&a->scale, &b->scale);
    take_str(&a->status, &b->status);
    take_str(&a->eval_class, &b->eval_class);
    if (b->role && strcmp(b->role, "owner") == 0 && (!a->role || strcmp(a->role, "owner") != 0)) {
        free(a->role);
        a->role = b->role;
        b->role = NULL;
    }
    take_str(&a->role, &b->role);
    if (b->halted_since != LS_NO_DATE &&
        (a->halted_since == LS_NO_DATE || b->halted_since < a->halted_since))
        a->halted_since = b->halted_since;
    if (b->founded != LS_NO_DATE && (a->founded == LS_NO_DATE || b->founded < a->founded))
        a->founded = b->founded;
    if (b->land_tax_arrears_since != LS_NO_DATE &&
        (a->land_tax_arrears_since == LS_NO_DATE ||
         b->land_tax_arrears_since < a->land_tax_arrears_since))
        a->land_tax_arrears_since = b->land_tax_arrears_since;
    if (!isnan(b->land_tax_arrears_years) &&
        (isnan(a->land_tax_arrears_years) || b->land_tax_arrears_years > a->land_tax_arrears_years))
        a->land_tax_arrears_years = b->land_tax_arrears_years;
    if (b->mortgaged > a->mortgaged)
        a->mortgaged = b->mortgaged;
    if (b->veto > a->veto)
        a->veto = b->veto;
    for (size_t k = 0; k < b->nparcels; k++) {
        int seen = 0;
        for (size_t j = 0; j < a->nparcels && !seen; j++)
            seen = a->parcels[j] == b->parcels[k];
        if (!seen && add_index(&a->parcels, &a->nparcels, b->parcels[k]) != LS_OK)
            return LS_ENOMEM;
    }
    return LS_OK;
}

static int cmp_record(const void *x, const void *y)
{
    const ls__enterprise *a = *(ls__enterprise *const *)x, *b = *(ls__enterprise *const *)y;
    int c = strcmp(a->enterprise_id, b->enterprise_id);
    return c ? c : (a->row < b->row ? -1 : a->row > b->row);
}

/* Records with the same enterprise id (one per parcel, as planners often deliver them)
 * become one enterprise, kept in the order of its first record. */
static int merge_records(ls_context *ctx, ls__dataset *ds)
{
    size_t n = ds->nenterprises;
    ls__enterprise **order = malloc(n * sizeof(*order));
    unsigned char *head = calloc(n, 1);
    int error = LS_OK;
    if (!order || !head) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &ds->enterprises[i];
    qsort(order, n, sizeof(*order), cmp_record);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && strcmp(order[j]->enterprise_id, order[i]->enterprise_id) == 0) {
            if (fold(order[i], order[j]) != LS_OK) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            free_record(order[j]);
            memset(order[j], 0, sizeof(*order[j]));
            j++;
        }
        head[order[i] - ds->enterprises] = 1;
        i = j;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (head[i])
            ds->enterprises[k++] = ds->enterprises[i];
    ds->nenterprises = k;
cleanup:
    free(order);
    free(head);
    return error;
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

    /* sums per parcel, record by record */
    for (size_t e = 0; e < ds->nenterprises; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        double total = 0.0;
        for (size_t k = 0; k < en->nparcels; k++)
            total += ds->parcels[en->parcels[k]].area_m2;
        for (size_t k = 0; k < en->nparcels; k++) {
            ls__parcel *p = &ds->parcels[en->parcels[k]];
            double share =
                en->nparcels == 1 || !(total > 0) ? 1.0 / (double)en->nparcels : p->area_m2 / total;
            add_share(&p->tax_10k, en->tax_10k, share);
            add_share(&p->value_added_10k, en->value_added_10k, share);
            add_share(&p->revenue_10k, en->revenue_10k, share);
            add_share(&p->energy_tce, en->energy_tce, share);
        }
    }
    /* one enterprise per id from here on (per-parcel records merged), then its land */
    if ((error = merge_records(ctx, ds)) != LS_OK)
        goto cleanup;
    for (size_t e = 0; e < ds->nenterprises; e++) {
        ls__enterprise *en = &ds->enterprises[e];
        double total = 0.0;
        for (size_t k = 0; k < en->nparcels; k++) {
            ls__parcel *p = &ds->parcels[en->parcels[k]];
            total += p->area_m2;
            if (add_index(&p->ents, &p->nent, e) != LS_OK) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
        }
        en->land_mu = total * 15.0 / 10000.0;
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
