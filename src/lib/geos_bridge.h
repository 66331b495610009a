/*
 * geos_bridge.h — the only place that converts between OGR and GEOS geometries, and the
 * polygon clean-up every polygon layer goes through (MakeValid, keep polygonal parts).
 */
#ifndef LANDSCAN_GEOS_BRIDGE_H
#define LANDSCAN_GEOS_BRIDGE_H

#include <geos_c.h>
#include <ogr_api.h>

#include "landscan/context.h"

/* A new GEOS handle whose error messages feed ctx's message (ctx may be NULL: messages are
 * dropped). One handle per thread, and ctx must belong to that thread: a worker passes its
 * own child context or NULL. Free with GEOS_finish_r. NULL when GEOS cannot start. */
GEOSContextHandle_t ls__geos_new(ls_context *ctx);

/* OGR → GEOS via WKB (2D). NULL on failure. Caller owns the result. */
GEOSGeometry *ls__geos_from_ogr(GEOSContextHandle_t g, OGRGeometryH geom);
/* GEOS → OGR via WKB. NULL on failure. Caller owns the result (OGR_G_DestroyGeometry). */
OGRGeometryH ls__geos_to_ogr(GEOSContextHandle_t g, const GEOSGeometry *geom);
/* OGR → GEOS forced to MultiPolygon on the OGR side first (for output). */
OGRGeometryH ls__geos_to_ogr_multipolygon(GEOSContextHandle_t g, const GEOSGeometry *geom);

/* Outcome of ls__geos_clean_polygon. */
typedef enum {
    LS_GEOM_OK = 0,      /* valid polygonal geometry, unchanged */
    LS_GEOM_REPAIRED,    /* was invalid, repaired with MakeValid */
    LS_GEOM_EMPTY,       /* empty (or nothing polygonal left after repair) */
    LS_GEOM_NOT_POLYGON, /* not a polygon type */
    LS_GEOM_NOT_FINITE,  /* NaN or infinite coordinates */
    LS_GEOM_FAILED       /* GEOS could not process it */
} ls__geom_outcome;

/* Take ownership of *geom and make it a valid polygonal geometry (Polygon or
 * MultiPolygon): MakeValid when invalid (linework method, every piece of a bow-tie kept),
 * then only the polygonal parts. On LS_GEOM_OK / LS_GEOM_REPAIRED *geom is the result;
 * otherwise *geom has been destroyed and set to NULL. *reason (static text) explains. */
ls__geom_outcome ls__geos_clean_polygon(GEOSContextHandle_t g, GEOSGeometry **geom,
                                        const char **reason);

/* Area of the intersection of a and b (0 when disjoint, -1 on GEOS failure). */
double ls__geos_overlap_area(GEOSContextHandle_t g, const GEOSGeometry *a, const GEOSGeometry *b);

#endif
