/*
 * geodesic_area.c — ellipsoidal areas (geodesic_area.h).
 *
 * Algorithm: each ring's vertices (GEOS, working CRS) are inverse-projected in one
 * proj_trans_generic() call through a transformation from the working CRS to its own
 * geodetic CRS (proj_crs_get_geodetic_crs), normalised to longitude/latitude order; the ring's
 * area is then geod_polygon_compute() on the ellipsoid of that CRS (semi-major axis and
 * inverse flattening from proj_ellipsoid_get_parameters). A polygon's area is |exterior|
 * minus Σ |holes|; a MultiPolygon's is the sum of its polygons'. The closing vertex is not
 * repeated to PROJ's polygon (it closes rings itself).
 *
 * The parcels' areas are computed on ds->jobs threads (ls__geod_measure_parcels: one PROJ
 * and GEOS handle per thread, each parcel by one thread), then recorded in parcel order.
 *
 * Tolerance: Karney's series are accurate to a few nm² per m² on these sizes; the planar
 * area differs from it by the projection's scale distortion (on a 3° Gauss-Krüger zone up to
 * ~±0.1 % at the zone's edge).
 * Not done here: areas of geographic CRSs (the working CRS is projected by contract).
 */
#include <geodesic.h>
#include <math.h>
#include <proj.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "geodesic_area.h"

struct ls__geod {
    PJ_CONTEXT *pc;
    PJ *to_ll; /* working CRS → its geodetic CRS, longitude/latitude order */
    struct geod_geodesic g;
    double *x, *y;
    size_t cap;
};

void ls__geod_free(ls__geod *gd)
{
    if (!gd)
        return;
    if (gd->to_ll)
        proj_destroy(gd->to_ll);
    if (gd->pc)
        proj_context_destroy(gd->pc);
    free(gd->x);
    free(gd->y);
    free(gd);
}

int ls__geod_new(ls_context *ctx, const char *crs_text, ls__geod **out)
{
    int error = LS_OK;
    PJ *crs = NULL, *geo = NULL, *ell = NULL, *t = NULL;
    ls__geod *gd = calloc(1, sizeof(*gd));
    if (!gd)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (!(gd->pc = proj_context_create())) {
        error = ls__error_set(ctx, LS_ENOMEM, "PROJ: cannot create a context");
        goto cleanup;
    }
    double a = 0, invf = 0;
    int computed = 0;
    if (!crs_text || !(crs = proj_create(gd->pc, crs_text)) ||
        !(geo = proj_crs_get_geodetic_crs(gd->pc, crs)) ||
        !(ell = proj_get_ellipsoid(gd->pc, crs)) ||
        !proj_ellipsoid_get_parameters(gd->pc, ell, &a, NULL, &computed, &invf) || !(a > 0)) {
        error = ls__error_set(ctx, LS_ECRS, "working CRS: no ellipsoid for geodesic areas (%s)",
                              proj_context_errno_string(gd->pc, proj_context_errno(gd->pc)));
        goto cleanup;
    }
    if (!(t = proj_create_crs_to_crs_from_pj(gd->pc, crs, geo, NULL, NULL)) ||
        !(gd->to_ll = proj_normalize_for_visualization(gd->pc, t))) {
        error = ls__error_set(ctx, LS_ECRS,
                              "working CRS: no inverse projection to its geodetic CRS (%s)",
                              proj_context_errno_string(gd->pc, proj_context_errno(gd->pc)));
        goto cleanup;
    }
    geod_init(&gd->g, a, invf > 0 ? 1.0 / invf : 0.0);

cleanup:
    if (t)
        proj_destroy(t);
    if (ell)
        proj_destroy(ell);
    if (geo)
        proj_destroy(geo);
    if (crs)
        proj_destroy(crs);
    if (error != LS_OK) {
        ls__geod_free(gd);
        return error;
    }
    *out = gd;
    return LS_OK;
}

static int reserve(ls__geod *gd, size_t n)
{
    if (n <= gd->cap)
        return 0;
    size_t c = gd->cap ? gd->cap : 64;
    while (c < n)
        c *= 2;
    double *x = realloc(gd->x, c * sizeof(double));
    if (!x)
        return -1;
    gd->x = x;
    double *y = realloc(gd->y, c * sizeof(double));
    if (!y)
        return -1;
    gd->y = y;
    gd->cap = c;
    return 0;
}

/* Area of the ring now in gd->x / gd->y (n vertices, closing one included or not). */
static double ring_from_buffers(ls__geod *gd, size_t n)
{
    if (n > 1 && gd->x[0] == gd->x[n - 1] && gd->y[0] == gd->y[n - 1])
        n--;
    if (n < 3)
        return 0.0;
    proj_trans_generic(gd->to_ll, PJ_FWD, gd->x, sizeof(double), n, gd->y, sizeof(double), n, NULL,
                       0, 0, NULL, 0, 0);
    struct geod_polygon poly;
    geod_polygon_init(&poly, 0);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(gd->x[i]) || !isfinite(gd->y[i]) || fabs(gd->x[i]) == HUGE_VAL)
            return NAN;
        geod_polygon_addpoint(&gd->g, &poly, gd->y[i], gd->x[i]); /* lat, lon */
    }
    double area = 0, perimeter = 0;
    geod_polygon_compute(&gd->g, &poly, 0, 1, &area, &perimeter);
    return fabs(area);
}

double ls__geod_ring_area(ls__geod *gd, const double *xy, size_t n)
{
    if (reserve(gd, n) != 0)
        return NAN;
    for (size_t i = 0; i < n; i++) {
        gd->x[i] = xy[2 * i];
        gd->y[i] = xy[2 * i + 1];
    }
    return ring_from_buffers(gd, n);
}

static double ring_area(ls__geod *gd, GEOSContextHandle_t geos, const GEOSGeometry *ring)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(geos, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(geos, cs, &n) || reserve(gd, n) != 0)
        return NAN;
    for (unsigned int i = 0; i < n; i++)
        if (!GEOSCoordSeq_getXY_r(geos, cs, i, &gd->x[i], &gd->y[i]))
            return NAN;
    return ring_from_buffers(gd, n);
}

static double polygon_area(ls__geod *gd, GEOSContextHandle_t geos, const GEOSGeometry *p)
{
    const GEOSGeometry *ext = GEOSGetExteriorRing_r(geos, p);
    if (!ext)
        return NAN;
    double a = ring_area(gd, geos, ext);
    int nholes = GEOSGetNumInteriorRings_r(geos, p);
    for (int i = 0; i < nholes; i++)
        a -= ring_area(gd, geos, GEOSGetInteriorRingN_r(geos, p, i));
    return a;
}

double ls__geod_area(ls__geod *gd, GEOSContextHandle_t geos, const GEOSGeometry *g)
{
    if (!gd || !g)
        return NAN;
    int type = GEOSGeomTypeId_r(geos, g);
    if (type == GEOS_POLYGON)
        return GEOSisEmpty_r(geos, g) == 1 ? 0.0 : polygon_area(gd, geos, g);
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        double a = 0;
        int n = GEOSGetNumGeometries_r(geos, g);
        for (int i = 0; i < n; i++)
            a += ls__geod_area(gd, geos, GEOSGetGeometryN_r(geos, g, i));
        return a;
    }
    return 0.0; /* points and lines have no area */
}

/* One thread's share of the parcels' geodesic areas (parcels next, next + step, …): its own
 * PROJ handle and GEOS handle; each parcel written by one thread only. */
typedef struct geod_part {
    ls_context *ctx;
    ls__dataset *ds;
    ls__geod *gd;
    GEOSContextHandle_t geos;
    size_t first, step;
} geod_part;

static void *geod_part_run(void *arg)
{
    geod_part *w = arg;
    for (size_t i = w->first; i < w->ds->nparcels; i += w->step) {
        ls__parcel *p = &w->ds->parcels[i];
        p->area_ellipsoidal_m2 = ls__geod_area(w->gd, w->geos, p->geom);
        if ((i & 1023) == w->first && ls_context_interrupted(w->ctx))
            break;
    }
    return NULL;
}

#define GEOD_MAX_THREADS 8

int ls__geod_measure_parcels(ls_context *ctx, ls__dataset *ds)
{
    if (!ds->geod) {
        int error = ls__geod_new(ctx, ds->crs_wkt, &ds->geod);
        if (error != LS_OK)
            return error;
    }
    /* the areas on ds->jobs threads (from 4096 parcels; the same figures for any count) */
    geod_part parts[GEOD_MAX_THREADS];
    pthread_t threads[GEOD_MAX_THREADS];
    int n = ds->nparcels >= 4096 && ds->jobs > 1 ? ds->jobs : 1;
    if (n > GEOD_MAX_THREADS)
        n = GEOD_MAX_THREADS;
    int nparts = 0;
    for (int t = 0; t < n; t++) {
        geod_part *w = &parts[nparts];
        memset(w, 0, sizeof(*w));
        w->ctx = ctx;
        w->ds = ds;
        w->gd = t == 0 ? ds->geod : NULL;
        w->geos = t == 0 ? ds->geos : GEOS_init_r();
        if (t > 0 && (!w->geos || ls__geod_new(NULL, ds->crs_wkt, &w->gd) != LS_OK)) {
            if (w->geos)
                GEOS_finish_r(w->geos);
            break; /* fewer threads */
        }
        nparts++;
    }
    int started = 0;
    for (int t = 0; t < nparts; t++) {
        parts[t].first = (size_t)t;
        parts[t].step = (size_t)nparts;
    }
    for (int t = 1; t < nparts; t++) {
        if (pthread_create(&threads[t], NULL, geod_part_run, &parts[t]) != 0)
            break;
        started = t;
    }
    if (started + 1 < nparts) { /* a thread could not start: this one takes every parcel */
        for (int t = 1; t <= started; t++)
            pthread_join(threads[t], NULL);
        started = 0;
        parts[0].step = 1;
    }
    geod_part_run(&parts[0]);
    for (int t = 1; t <= started; t++)
        pthread_join(threads[t], NULL);
    for (int t = 1; t < nparts; t++) {
        ls__geod_free(parts[t].gd);
        GEOS_finish_r(parts[t].geos);
    }
    if (ls_context_interrupted(ctx))
        return ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
    /* in parcel order: data_quality rows, the largest difference, area_mu */
    ds->area_max_rel_diff = 0;
    ds->area_max_rel_parcel = NULL;
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        if (isnan(p->area_ellipsoidal_m2)) {
            if (ls__dq_add(&ds->dq, "parcels", p->parcel_id,
                           "a vertex cannot be inverse-projected: no ellipsoidal area",
                           ds->area_ellipsoidal ? "the planar area used" : "left empty") != LS_OK)
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
            continue;
        }
        if (p->area_m2 > 0) {
            double rel = fabs(p->area_ellipsoidal_m2 - p->area_m2) / p->area_m2;
            if (rel > ds->area_max_rel_diff) {
                ds->area_max_rel_diff = rel;
                ds->area_max_rel_parcel = p->parcel_id;
            }
        }
        if (ds->area_ellipsoidal)
            p->area_mu = LS_M2_TO_MU(p->area_ellipsoidal_m2);
    }
    return LS_OK;
}

double ls__geod_basis_area(ls__dataset *ds, const GEOSGeometry *g)
{
    if (ds->area_ellipsoidal && ds->geod)
        return ls__geod_area(ds->geod, ds->geos, g);
    double a = NAN;
    return GEOSArea_r(ds->geos, g, &a) ? a : NAN;
}
