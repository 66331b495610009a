/*
 * join.c — the enterprise ↔ parcel join, per enterprise record, first rule that applies:
 *  1. the record's parcel_id names a parcel → that parcel;
 *  2. (records without parcel_id) the parcels' own enterprise_id field names the
 *     enterprise → all those parcels;
 *  3. its point lies in a parcel → that parcel (the smallest parcel id when the point is on
 *     a boundary shared by several);
 *  4. otherwise on no parcel.
 * Parcel ids and enterprise ids are looked up in sorted copies (id_index.c, ties in parcel
 * order); points in an STRtree of the parcels, built when the first record needs
 * it. What a join means for the figures (shares by area, facts per parcel) stays with
 * measure.c; check.c only counts.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "id_index.h"
#include "join.h"

struct ls__join {
    ls_context *ctx;
    const ls__dataset *ds;
    ls__id_ref *by_id, *by_ent; /* parcel ids; parcels' enterprise ids */
    size_t nby_ent;
    GEOSSTRtree *tree;
};

typedef struct hit_search {
    const ls__dataset *ds;
    const GEOSGeometry *pt;
    long best;
} hit_search;

static void point_hit(void *item, void *userdata)
{
    hit_search *h = userdata;
    size_t i = (size_t)(uintptr_t)item - 1;
    const ls__parcel *p = &h->ds->parcels[i];
    if (GEOSIntersects_r(h->ds->geos, p->geom, h->pt) != 1)
        return;
    if (h->best < 0 || strcmp(p->parcel_id, h->ds->parcels[h->best].parcel_id) < 0)
        h->best = (long)i;
}

int ls__index_append(size_t **arr, size_t *n, size_t value)
{
    size_t *a = realloc(*arr, (*n + 1) * sizeof(**arr));
    if (!a)
        return LS_ENOMEM;
    a[(*n)++] = value;
    *arr = a;
    return LS_OK;
}

int ls__join_new(ls_context *ctx, const ls__dataset *ds, ls__join **out)
{
    size_t np = ds->nparcels ? ds->nparcels : 1;
    ls__join *j = calloc(1, sizeof(*j));
    if (!j || !(j->by_id = malloc(np * sizeof(*j->by_id))) ||
        !(j->by_ent = malloc(np * sizeof(*j->by_ent)))) {
        ls__join_free(j);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    j->ctx = ctx;
    j->ds = ds;
    for (size_t i = 0; i < ds->nparcels; i++) {
        j->by_id[i] = (ls__id_ref){ds->parcels[i].parcel_id, i};
        if (ds->parcels[i].enterprise_id)
            j->by_ent[j->nby_ent++] = (ls__id_ref){ds->parcels[i].enterprise_id, i};
    }
    ls__id_refs_sort(j->by_id, ds->nparcels);
    ls__id_refs_sort(j->by_ent, j->nby_ent);
    *out = j;
    return LS_OK;
}

void ls__join_free(ls__join *j)
{
    if (!j)
        return;
    if (j->tree)
        GEOSSTRtree_destroy_r(j->ds->geos, j->tree);
    free(j->by_id);
    free(j->by_ent);
    free(j);
}

int ls__join_record(ls__join *j, const ls__enterprise *en, size_t **parcels, size_t *n,
                    ls__join_how *how)
{
    const ls__dataset *ds = j->ds;
    GEOSContextHandle_t g = ds->geos;
    *how = LS_JOIN_NONE;
    if (en->parcel_id) {
        size_t lo = ls__id_refs_lower_bound(j->by_id, ds->nparcels, en->parcel_id);
        if (lo < ds->nparcels && strcmp(j->by_id[lo].id, en->parcel_id) == 0) {
            *how = LS_JOIN_PARCEL_ID;
            if (ls__index_append(parcels, n, j->by_id[lo].ix) != LS_OK)
                return ls__error_set(j->ctx, LS_ENOMEM, "out of memory");
            return LS_OK;
        }
    } else if (j->nby_ent) {
        for (size_t k = ls__id_refs_lower_bound(j->by_ent, j->nby_ent, en->enterprise_id);
             k < j->nby_ent && strcmp(j->by_ent[k].id, en->enterprise_id) == 0; k++) {
            *how = LS_JOIN_ENTERPRISE_ID;
            if (ls__index_append(parcels, n, j->by_ent[k].ix) != LS_OK)
                return ls__error_set(j->ctx, LS_ENOMEM, "out of memory");
        }
        if (*how)
            return LS_OK;
    }
    if (!en->has_point)
        return LS_OK;
    if (!j->tree) {
        j->tree = GEOSSTRtree_create_r(g, 10);
        for (size_t i = 0; j->tree && i < ds->nparcels; i++)
            GEOSSTRtree_insert_r(g, j->tree, ds->parcels[i].geom, (void *)(uintptr_t)(i + 1));
        if (!j->tree)
            return ls__error_set(j->ctx, LS_EDEP, "GEOS STRtree failed");
    }
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g, en->x, en->y);
    hit_search h = {ds, pt, -1};
    if (pt)
        GEOSSTRtree_query_r(g, j->tree, pt, point_hit, &h);
    GEOSGeom_destroy_r(g, pt);
    if (h.best < 0)
        return LS_OK;
    *how = LS_JOIN_LOCATION;
    if (ls__index_append(parcels, n, (size_t)h.best) != LS_OK)
        return ls__error_set(j->ctx, LS_ENOMEM, "out of memory");
    return LS_OK;
}
