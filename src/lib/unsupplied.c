/*
 * unsupplied.c — approved but unsupplied land (批而未供, domain.md §10, seed 002): what the
 * parcels leave of the approval batches (RUN.yaml inputs.approvals, read by read.c).
 *
 * One feature of the layer `unsupplied` per approval batch with land left: the batch polygon
 * minus the union of every parcel that intersects it (the cadastre's parcels are the land
 * supplied), without the pieces of at most overlap_tolerance_m2 (digitising slivers along
 * the parcel edges; with the tolerance null every piece of positive area stays). Its
 * area_m2 is on the run's area basis (ls__geod_basis_area), area_mu = LS_M2_TO_MU(area_m2);
 * age_years the completed calendar years from approval_date to the reference date
 * (ls__date_years, 29 February → 28 February), NULL (-1) without a date or for a date after
 * the reference date (a data_quality row each). block / district / town: the one with the
 * largest overlap of the remaining land, ties to the smallest id / name (domain.md §1).
 * With run --district the batches whose land lies in another district are left out.
 * Overlapping batches are not merged: each keeps its own remainder.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "geodesic_area.h"
#include "geos_bridge.h"
#include "overlay.h"
#include "unsupplied.h"

void ls__unsupplied_free(ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nunsupplied; i++)
        if (ds->unsupplied[i].geom)
            GEOSGeom_destroy_r(ds->geos, ds->unsupplied[i].geom);
    free(ds->unsupplied);
    ds->unsupplied = NULL;
    ds->nunsupplied = 0;
}

typedef struct hits {
    size_t n, cap;
    size_t *ix;
    int failed;
} hits;

static void on_hit(void *item, void *userdata)
{
    hits *h = userdata;
    if (h->n == h->cap) {
        size_t c = h->cap ? h->cap * 2 : 16;
        size_t *a = realloc(h->ix, c * sizeof(*a));
        if (!a) {
            h->failed = 1;
            return;
        }
        h->ix = a;
        h->cap = c;
    }
    h->ix[h->n++] = (size_t)(uintptr_t)item - 1;
}

/* The batch minus the parcels that touch it. NULL on GEOS failure (*failed set). */
static GEOSGeometry *batch_remainder(ls__dataset *ds, GEOSSTRtree *tree, const GEOSGeometry *batch,
                                     int *failed)
{
    GEOSContextHandle_t g = ds->geos;
    hits h = {0};
    GEOSSTRtree_query_r(g, tree, batch, on_hit, &h);
    if (h.failed) {
        free(h.ix);
        *failed = 1;
        return NULL;
    }
    if (h.n == 0) {
        free(h.ix);
        return GEOSGeom_clone_r(g, batch);
    }
    GEOSGeometry **parts = malloc(h.n * sizeof(*parts));
    size_t n = 0;
    for (size_t k = 0; parts && k < h.n; k++) {
        GEOSGeometry *c = GEOSGeom_clone_r(g, ds->parcels[h.ix[k]].geom);
        if (c)
            parts[n++] = c;
    }
    free(h.ix);
    if (!parts || n == 0) {
        free(parts);
        *failed = 1;
        return NULL;
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(g, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)n);
    if (!coll) {
        for (size_t k = 0; k < n; k++)
            GEOSGeom_destroy_r(g, parts[k]);
        free(parts);
        *failed = 1;
        return NULL;
    }
    free(parts);
    GEOSGeometry *u = GEOSUnaryUnion_r(g, coll);
    GEOSGeom_destroy_r(g, coll);
    GEOSGeometry *d = u ? GEOSDifference_r(g, batch, u) : NULL;
    if (u)
        GEOSGeom_destroy_r(g, u);
    if (!d)
        *failed = 1;
    return d;
}

/* The polygons of d larger than tol (NAN: > 0) as one geometry; NULL when none is. Takes d. */
static GEOSGeometry *keep_pieces(GEOSContextHandle_t g, GEOSGeometry *d, double tol, int *failed)
{
    const char *reason = NULL;
    if (ls__geos_clean_polygon(g, &d, &reason) > LS_GEOM_REPAIRED || !d)
        return NULL; /* nothing polygonal left */
    int n = GEOSGetNumGeometries_r(g, d);
    GEOSGeometry **keep = n > 0 ? malloc((size_t)n * sizeof(*keep)) : NULL;
    unsigned k = 0;
    for (int i = 0; keep && i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(g, d, i);
        double a = 0.0;
        if (!part || GEOSArea_r(g, part, &a) != 1)
            continue;
        if (isnan(tol) ? a > 0.0 : a > tol) {
            GEOSGeometry *c = GEOSGeom_clone_r(g, part);
            if (c)
                keep[k++] = c;
        }
    }
    GEOSGeom_destroy_r(g, d);
    if (!keep) {
        *failed = n > 0;
        return NULL;
    }
    GEOSGeometry *out = k ? GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, keep, k) : NULL;
    if (k && !out) {
        for (unsigned i = 0; i < k; i++)
            GEOSGeom_destroy_r(g, keep[i]);
        *failed = 1;
    }
    free(keep);
    return out;
}

/* The area with the largest overlap with geom (ties: smallest key), -1 none. */
static long largest(ls__dataset *ds, const ls__area *areas, size_t n, int key_kind,
                    const GEOSGeometry *geom, double area, int *failed)
{
    if (n == 0)
        return -1;
    double *ov = malloc(n * sizeof(*ov));
    const char **keys = malloc(n * sizeof(*keys));
    long *ix = malloc(n * sizeof(*ix));
    int m = 0;
    long best = -1;
    if (!ov || !keys || !ix) {
        *failed = 1;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (GEOSIntersects_r(ds->geos, areas[i].geom, geom) != 1)
            continue;
        double a = ls__geos_overlap_area(ds->geos, areas[i].geom, geom);
        if (a < 0) {
            *failed = 1;
            goto done;
        }
        ov[m] = a;
        keys[m] = key_kind == 0 ? areas[i].id : key_kind == 1 ? areas[i].name : areas[i].town;
        ix[m++] = (long)i;
    }
    int b = m ? ls__overlay_pick(ov, keys, m, 1e-9 * (area > 1 ? area : 1)) : -1;
    best = b >= 0 ? ix[b] : -1;
done:
    free(ov);
    free(keys);
    free(ix);
    return best;
}

static int dq_batch(ls_context *ctx, ls__dataset *ds, const char *id, const char *problem,
                    const char *action)
{
    if (ls__dq_add(&ds->dq, "approvals", id, problem, action) != LS_OK)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    return LS_OK;
}

int ls__unsupplied_build(ls_context *ctx, ls__dataset *ds, const ls_rules *rules,
                         int reference_days, const char *district)
{
    GEOSContextHandle_t g = ds->geos;
    int error = LS_OK;
    ls__unsupplied_free(ds);
    if (ds->napprovals == 0)
        return LS_OK;
    GEOSSTRtree *tree = GEOSSTRtree_create_r(g, 10);
    if (!tree)
        return ls__error_set(ctx, LS_EDEP, "GEOS STRtree failed");
    for (size_t i = 0; i < ds->nparcels; i++)
        GEOSSTRtree_insert_r(g, tree, ds->parcels[i].geom, (void *)(uintptr_t)(i + 1));
    ds->unsupplied = calloc(ds->napprovals, sizeof(*ds->unsupplied));
    if (!ds->unsupplied) {
        GEOSSTRtree_destroy_r(g, tree);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    for (size_t a = 0; a < ds->napprovals && error == LS_OK; a++) {
        const ls__area *batch = &ds->approvals[a];
        int failed = 0;
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            break;
        }
        GEOSGeometry *left = batch_remainder(ds, tree, batch->geom, &failed);
        if (left)
            left = keep_pieces(g, left, rules->overlap_tolerance_m2, &failed);
        if (failed) {
            if (left)
                GEOSGeom_destroy_r(g, left);
            error = ls__error_set(ctx, LS_EDEP, "approvals: GEOS failed on batch %s", batch->id);
            break;
        }
        if (!left)
            continue; /* fully supplied */
        double planar = 0.0;
        GEOSArea_r(g, left, &planar);
        ls__unsupplied u = {batch->id, batch->date, left, 0.0, 0.0, -1, -1, -1, -1};
        u.block_ix = largest(ds, ds->blocks, ds->nblocks, 0, left, planar, &failed);
        u.district_ix = largest(ds, ds->districts, ds->ndistricts, 1, left, planar, &failed);
        u.town_ix = largest(ds, ds->towns, ds->ntowns, 2, left, planar, &failed);
        u.area_m2 = ls__geod_basis_area(ds, left);
        if (failed || isnan(u.area_m2)) {
            GEOSGeom_destroy_r(g, left);
            error = ls__error_set(ctx, LS_EDEP, "approvals: cannot measure batch %s", batch->id);
            break;
        }
        if (district &&
            (u.district_ix < 0 || strcmp(ds->districts[u.district_ix].name, district) != 0)) {
            GEOSGeom_destroy_r(g, left);
            continue;
        }
        u.area_mu = LS_M2_TO_MU(u.area_m2);
        if (batch->date == LS_NO_DATE)
            error = dq_batch(ctx, ds, batch->id, "approval date missing", "age_years left NULL");
        else if (reference_days != LS_NO_DATE && batch->date > reference_days)
            error = dq_batch(ctx, ds, batch->id, "approval date after the reference date",
                             "age_years left NULL");
        else if (reference_days != LS_NO_DATE)
            u.age_years = (int)floor(ls__date_years(batch->date, reference_days));
        ds->unsupplied[ds->nunsupplied++] = u;
    }
    GEOSSTRtree_destroy_r(g, tree);
    return error;
}

void ls__unsupplied_aggregate(ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nunsupplied; i++) {
        const ls__unsupplied *u = &ds->unsupplied[i];
        if (u->block_ix >= 0 && ds->block_totals)
            ds->block_totals[u->block_ix].unsupplied_mu += u->area_mu;
        if (u->district_ix >= 0 && ds->district_totals)
            ds->district_totals[u->district_ix].unsupplied_mu += u->area_mu;
        if (u->town_ix >= 0 && ds->town_totals)
            ds->town_totals[u->town_ix].unsupplied_mu += u->area_mu;
    }
}
