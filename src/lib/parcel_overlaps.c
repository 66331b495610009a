/*
 * parcel_overlaps.c — reports parcels that overlap each other by more than a tolerance
 * (domain.md §1: "Parcels that overlap each other by more than overlap_tolerance_m2 get a
 * data_quality row per pair (both ids, overlap m²)").
 *
 * Algorithm: one STRtree over the parcels; for parcel i, the candidates j > i whose
 * envelopes intersect. Cheap filters first, so that the common case — neighbours sharing an
 * edge — costs no intersection: the area of the two envelopes' intersection bounds the
 * overlap from above, so a pair whose envelope overlap is ≤ the tolerance is skipped (two
 * axis-aligned neighbours share only a line); then GEOSIntersects; then the exact area of
 * the intersection. Rows come out in parcel order, then candidate order, so the table is
 * deterministic. Parcels without a valid geometry are skipped (read reported them).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geos_bridge.h"
#include "parcel_overlaps.h"

typedef struct bounds {
    double x0, y0, x1, y1;
} bounds;

typedef struct collect {
    size_t self;
    size_t *hits;
    size_t n, cap;
    int oom;
} collect;

static void on_hit(void *item, void *userdata)
{
    collect *c = userdata;
    size_t j = (size_t)(uintptr_t)item - 1;
    if (j <= c->self || c->oom)
        return;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        size_t *h = realloc(c->hits, cap * sizeof(*h));
        if (!h) {
            c->oom = 1;
            return;
        }
        c->hits = h;
        c->cap = cap;
    }
    c->hits[c->n++] = j;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static const char *id_of(const ls__parcel *p, char *buf, size_t size)
{
    if (p->parcel_id)
        return p->parcel_id;
    snprintf(buf, size, "fid %ld", p->fid);
    return buf;
}

int ls__parcel_overlaps_report(ls_context *ctx, ls__dataset *ds, double tolerance_m2)
{
    int error = LS_OK;
    GEOSContextHandle_t g = ds->geos;
    GEOSSTRtree *tree = NULL;
    bounds *bb = NULL;
    collect c = {0};

    if (isnan(tolerance_m2) || ds->nparcels < 2)
        return LS_OK;
    bb = malloc(ds->nparcels * sizeof(*bb));
    tree = GEOSSTRtree_create_r(g, 10);
    if (!bb || !tree) {
        error = bb ? ls__error_set(ctx, LS_EDEP, "parcel overlaps: GEOS STRtree failed")
                   : ls__error_set(ctx, LS_ENOMEM, "parcel overlaps: out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        const GEOSGeometry *pg = ds->parcels[i].geom;
        bounds *b = &bb[i];
        if (!pg || GEOSisEmpty_r(g, pg) != 0 || !GEOSGeom_getXMin_r(g, pg, &b->x0) ||
            !GEOSGeom_getYMin_r(g, pg, &b->y0) || !GEOSGeom_getXMax_r(g, pg, &b->x1) ||
            !GEOSGeom_getYMax_r(g, pg, &b->y1)) {
            b->x0 = b->y0 = b->x1 = b->y1 = NAN;
            continue;
        }
        GEOSSTRtree_insert_r(g, tree, pg, (void *)(uintptr_t)(i + 1));
    }
    for (size_t i = 0; i < ds->nparcels && error == LS_OK; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if (isnan(bb[i].x0))
            continue;
        if ((i & 1023) == 0 && ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            break;
        }
        c.self = i;
        c.n = 0;
        GEOSSTRtree_query_r(g, tree, p->geom, on_hit, &c);
        if (c.oom) {
            error = ls__error_set(ctx, LS_ENOMEM, "parcel overlaps: out of memory");
            break;
        }
        if (c.n > 1)
            qsort(c.hits, c.n, sizeof(*c.hits), cmp_size);
        for (size_t k = 0; k < c.n && error == LS_OK; k++) {
            size_t j = c.hits[k];
            const ls__parcel *q = &ds->parcels[j];
            double w = fmin(bb[i].x1, bb[j].x1) - fmax(bb[i].x0, bb[j].x0);
            double h = fmin(bb[i].y1, bb[j].y1) - fmax(bb[i].y0, bb[j].y0);
            if (!(w > 0 && h > 0 && w * h > tolerance_m2))
                continue; /* the envelopes' overlap bounds the parcels' overlap */
            if (GEOSIntersects_r(g, p->geom, q->geom) != 1)
                continue;
            double ov = ls__geos_overlap_area(g, p->geom, q->geom);
            if (!(ov > tolerance_m2))
                continue;
            char a[32], b[32];
            const char *ida = id_of(p, a, sizeof(a)), *idb = id_of(q, b, sizeof(b));
            char *feature = ls__sprintf("%s / %s", ida, idb);
            char *problem =
                ls__sprintf("parcels %s and %s overlap by %.2f m² (more than the %.2f m² "
                            "overlap_tolerance_m2)",
                            ida, idb, ov, tolerance_m2);
            if (!feature || !problem ||
                ls__dq_add(&ds->dq, "parcels", feature, problem,
                           "both kept as given; sites take their area from their union") != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "parcel overlaps: out of memory");
            free(feature);
            free(problem);
        }
    }
cleanup:
    free(c.hits);
    free(bb);
    if (tree)
        GEOSSTRtree_destroy_r(g, tree);
    return error;
}
