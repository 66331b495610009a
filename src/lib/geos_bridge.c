/*
 * geos_bridge.c — OGR ↔ GEOS conversion (through little-endian WKB, 2D) and polygon
 * clean-up.
 *
 * Repair uses GEOSMakeValid_r, whose default is the "linework" method: a bow-tie becomes
 * two triangles, both kept. buffer(0) is never used (it drops half of a bow-tie). After
 * repair only polygonal parts are kept (MakeValid may return lines or points for collapsed
 * rings); those parts are dropped and the caller records it.
 *
 * GEOS handles are made here too (ls__geos_new), so every handle reports the same way: GEOS's
 * error messages go to the context's one-line message ("GEOS: ..."); a stage that fails
 * because of GEOS then overwrites it with its own message naming the feature, or leaves
 * it when it has nothing better. GEOS notices are not forwarded: the one GEOS gives often
 * is IsValid's reason for every invalid polygon, which read.c reports itself (repaired
 * geometries in data_quality).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "geos_bridge.h"
#include "internal.h"

/* GEOS error → the context's message. GEOS formats the text before calling. */
static void on_geos_error(const char *message, void *userdata)
{
    ls_context *ctx = userdata;
    if (ctx)
        ls__error_set(ctx, LS_EGEOM, "GEOS: %s", message ? message : "unknown error");
}

GEOSContextHandle_t ls__geos_new(ls_context *ctx)
{
    GEOSContextHandle_t g = GEOS_init_r();
    if (g)
        GEOSContext_setErrorMessageHandler_r(g, on_geos_error, ctx);
    return g;
}

GEOSGeometry *ls__geos_from_ogr(GEOSContextHandle_t g, OGRGeometryH geom)
{
    if (!geom)
        return NULL;
    OGRGeometryH lin = NULL;
    if (OGR_G_HasCurveGeometry(geom, 0)) {
        lin = OGR_G_GetLinearGeometry(geom, 0, NULL);
        if (!lin)
            return NULL;
        geom = lin;
    }
    OGR_G_FlattenTo2D(geom);
    size_t n = (size_t)OGR_G_WkbSizeEx(geom);
    unsigned char *wkb = malloc(n ? n : 1);
    GEOSGeometry *out = NULL;
    if (wkb && OGR_G_ExportToIsoWkb(geom, wkbNDR, wkb) == OGRERR_NONE) {
        GEOSWKBReader *r = GEOSWKBReader_create_r(g);
        if (r) {
            out = GEOSWKBReader_read_r(g, r, wkb, n);
            GEOSWKBReader_destroy_r(g, r);
        }
    }
    free(wkb);
    if (lin)
        OGR_G_DestroyGeometry(lin);
    return out;
}

OGRGeometryH ls__geos_to_ogr(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    GEOSWKBWriter *w = GEOSWKBWriter_create_r(g);
    if (!w)
        return NULL;
    GEOSWKBWriter_setByteOrder_r(g, w, GEOS_WKB_NDR);
    GEOSWKBWriter_setOutputDimension_r(g, w, 2);
    size_t n = 0;
    unsigned char *wkb = GEOSWKBWriter_write_r(g, w, geom, &n);
    GEOSWKBWriter_destroy_r(g, w);
    if (!wkb)
        return NULL;
    OGRGeometryH out = NULL;
    if (OGR_G_CreateFromWkbEx(wkb, NULL, &out, n) != OGRERR_NONE)
        out = NULL;
    GEOSFree_r(g, wkb);
    return out;
}

OGRGeometryH ls__geos_to_ogr_multipolygon(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    OGRGeometryH o = ls__geos_to_ogr(g, geom);
    return o ? OGR_G_ForceToMultiPolygon(o) : NULL;
}

static int seq_finite(GEOSContextHandle_t g, const GEOSCoordSequence *seq)
{
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(g, seq, &n))
        return 0;
    for (unsigned i = 0; i < n; i++) {
        double x, y;
        if (!GEOSCoordSeq_getXY_r(g, seq, i, &x, &y) || !isfinite(x) || !isfinite(y))
            return 0;
    }
    return 1;
}

/* Every coordinate finite (the envelope alone would skip NaN vertices). */
static int coords_finite(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    int type = GEOSGeomTypeId_r(g, geom);
    if (type == GEOS_POLYGON) {
        const GEOSGeometry *ring = GEOSGetExteriorRing_r(g, geom);
        if (!ring || !seq_finite(g, GEOSGeom_getCoordSeq_r(g, ring)))
            return 0;
        int nholes = GEOSGetNumInteriorRings_r(g, geom);
        for (int i = 0; i < nholes; i++) {
            ring = GEOSGetInteriorRingN_r(g, geom, i);
            if (!ring || !seq_finite(g, GEOSGeom_getCoordSeq_r(g, ring)))
                return 0;
        }
        return 1;
    }
    if (type == GEOS_POINT || type == GEOS_LINESTRING || type == GEOS_LINEARRING)
        return GEOSisEmpty_r(g, geom) || seq_finite(g, GEOSGeom_getCoordSeq_r(g, geom));
    int n = GEOSGetNumGeometries_r(g, geom);
    for (int i = 0; i < n; i++)
        if (!coords_finite(g, GEOSGetGeometryN_r(g, geom, i)))
            return 0;
    return 1;
}

/* Collect the polygonal parts of geom into a new Polygon/MultiPolygon (NULL when none). */
static GEOSGeometry *polygonal_parts(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    int type = GEOSGeomTypeId_r(g, geom);
    if (type == GEOS_POLYGON || type == GEOS_MULTIPOLYGON)
        return GEOSGeom_clone_r(g, geom);
    if (type != GEOS_GEOMETRYCOLLECTION)
        return NULL;
    int n = GEOSGetNumGeometries_r(g, geom);
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(g, geom, i);
        int t = GEOSGeomTypeId_r(g, part);
        if (t == GEOS_POLYGON)
            total++;
        else if (t == GEOS_MULTIPOLYGON)
            total += (size_t)GEOSGetNumGeometries_r(g, part);
    }
    if (total == 0)
        return NULL;
    GEOSGeometry **parts = calloc(total, sizeof(*parts));
    if (!parts)
        return NULL;
    unsigned count = 0;
    for (int i = 0; i < n; i++) {
        const GEOSGeometry *part = GEOSGetGeometryN_r(g, geom, i);
        int t = GEOSGeomTypeId_r(g, part);
        if (t == GEOS_POLYGON)
            parts[count++] = GEOSGeom_clone_r(g, part);
        else if (t == GEOS_MULTIPOLYGON)
            for (int j = 0; j < GEOSGetNumGeometries_r(g, part); j++)
                parts[count++] = GEOSGeom_clone_r(g, GEOSGetGeometryN_r(g, part, j));
    }
    GEOSGeometry *out = NULL;
    if (count == 1) {
        out = parts[0];
    } else {
        out = GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, parts, count);
        if (!out)
            for (unsigned i = 0; i < count; i++)
                GEOSGeom_destroy_r(g, parts[i]);
    }
    free(parts);
    return out;
}

ls__geom_outcome ls__geos_clean_polygon(GEOSContextHandle_t g, GEOSGeometry **geom,
                                        const char **reason)
{
    GEOSGeometry *in = *geom;
    *geom = NULL;
    *reason = "";
    if (!in) {
        *reason = "no geometry";
        return LS_GEOM_EMPTY;
    }
    int type = GEOSGeomTypeId_r(g, in);
    if (type != GEOS_POLYGON && type != GEOS_MULTIPOLYGON && type != GEOS_GEOMETRYCOLLECTION) {
        *reason = "not a polygon";
        GEOSGeom_destroy_r(g, in);
        return LS_GEOM_NOT_POLYGON;
    }
    if (GEOSisEmpty_r(g, in)) {
        *reason = "empty geometry";
        GEOSGeom_destroy_r(g, in);
        return LS_GEOM_EMPTY;
    }
    if (!coords_finite(g, in)) {
        *reason = "NaN or infinite coordinates";
        GEOSGeom_destroy_r(g, in);
        return LS_GEOM_NOT_FINITE;
    }
    ls__geom_outcome outcome = LS_GEOM_OK;
    GEOSGeometry *work = in;
    char valid = GEOSisValid_r(g, in);
    if (valid == 2) {
        *reason = "GEOS could not test validity";
        GEOSGeom_destroy_r(g, in);
        return LS_GEOM_FAILED;
    }
    if (!valid) {
        work = GEOSMakeValid_r(g, in);
        GEOSGeom_destroy_r(g, in);
        if (!work) {
            *reason = "MakeValid failed";
            return LS_GEOM_FAILED;
        }
        outcome = LS_GEOM_REPAIRED;
        *reason = "invalid polygon repaired with MakeValid (linework, all pieces kept)";
    }
    int wtype = GEOSGeomTypeId_r(g, work);
    /* a (multi)polygon is its own polygonal part: kept as is rather than cloned */
    GEOSGeometry *poly =
        wtype == GEOS_POLYGON || wtype == GEOS_MULTIPOLYGON ? work : polygonal_parts(g, work);
    if (poly && outcome == LS_GEOM_OK && type == GEOS_GEOMETRYCOLLECTION &&
        GEOSGetNumGeometries_r(g, work) != GEOSGetNumGeometries_r(g, poly)) {
        outcome = LS_GEOM_REPAIRED;
        *reason = "non-polygon parts of a geometry collection dropped";
    }
    if (poly != work)
        GEOSGeom_destroy_r(g, work);
    if (!poly || GEOSisEmpty_r(g, poly)) {
        if (poly)
            GEOSGeom_destroy_r(g, poly);
        *reason = outcome == LS_GEOM_REPAIRED ? "invalid polygon collapsed to nothing when repaired"
                                              : "no polygonal part";
        return type == GEOS_GEOMETRYCOLLECTION && outcome == LS_GEOM_OK ? LS_GEOM_NOT_POLYGON
                                                                        : LS_GEOM_EMPTY;
    }
    *geom = poly;
    return outcome;
}

double ls__geos_overlap_area(GEOSContextHandle_t g, const GEOSGeometry *a, const GEOSGeometry *b)
{
    GEOSGeometry *x = GEOSIntersection_r(g, a, b);
    if (!x)
        return -1.0;
    double area = 0.0;
    if (!GEOSArea_r(g, x, &area))
        area = -1.0;
    GEOSGeom_destroy_r(g, x);
    return area;
}
