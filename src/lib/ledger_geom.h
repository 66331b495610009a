/*
 * ledger_geom.h (private to the ledger_*.c files) — a parcel's geometry as the ledger stores
 * it: a SpatiaLite BLOB-Geometry MULTIPOLYGON XY written straight from GEOS coordinates (no
 * SQL function per row), its bounding box for the spatial index, a 128-bit hash of the BLOB
 * by which a later run recognises an unchanged geometry, and the way back to WKB for GEOS
 * (ledger_geom.c).
 */
#ifndef LANDSCAN_LEDGER_GEOM_H
#define LANDSCAN_LEDGER_GEOM_H

#include <stddef.h>
#include <stdint.h>

#include <geos_c.h>

/* A reusable output buffer (grows, never shrinks). */
typedef struct ls__lgeom {
    unsigned char *data;
    size_t len, cap;
    double minx, miny, maxx, maxy; /* bounding box of the last geometry written */
    double *xy;                    /* scratch: one ring's coordinates */
    size_t xycap;
} ls__lgeom;

/* The hash of a stored geometry: equal BLOBs, equal hashes. */
typedef struct ls__lgeom_hash {
    uint64_t a, b;
} ls__lgeom_hash;

/* Write g (Polygon, MultiPolygon or a collection of polygons; empty parts skipped) into out
 * as a SpatiaLite MULTIPOLYGON with srid. Returns 1 written, 0 nothing polygonal (store NULL),
 * -1 out of memory or a GEOS failure. Only reads g: safe beside other readers of g. */
int ls__lgeom_write(GEOSContextHandle_t h, const GEOSGeometry *g, int srid, ls__lgeom *out);
void ls__lgeom_free(ls__lgeom *b);

ls__lgeom_hash ls__lgeom_hash_of(const unsigned char *blob, size_t len);
int ls__lgeom_hash_cmp(const ls__lgeom_hash *x, const ls__lgeom_hash *y);

/* The ISO WKB of a SpatiaLite MULTIPOLYGON XY BLOB (as ls__lgeom_write or SpatiaLite's own
 * CastToMulti write it) into out; 0 on success, -1 when the BLOB is another kind. */
int ls__lgeom_to_wkb(const unsigned char *blob, size_t len, ls__lgeom *out);

#endif
