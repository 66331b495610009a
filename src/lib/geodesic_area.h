/*
 * geodesic_area.h — ellipsoidal (geodesic) areas of polygons in the working CRS
 * (product.md "Contract extensions": area_ellipsoidal_m2, area_basis).
 *
 * The working CRS's vertices are inverse-projected with PROJ to longitude / latitude on its
 * own geodetic CRS, and the area is computed on that CRS's ellipsoid with PROJ's geodesic
 * routines (geodesic.h: geod_polygon_*, Karney's algorithm) — the area on the ellipsoid
 * itself, not a planar area in an equal-area projection.
 *
 * Ownership: ls__geod_new() gives the caller a handle to free with ls__geod_free(). A handle
 * is used by one thread at a time (its PROJ context and scratch buffer are its own).
 */
#ifndef LANDSCAN_GEODESIC_AREA_H
#define LANDSCAN_GEODESIC_AREA_H
#include "model.h"

typedef struct ls__geod ls__geod;

/* A handle for the CRS given as WKT (or any PROJ string). LS_ECRS when the CRS has no
 * ellipsoid or no inverse. */
int ls__geod_new(ls_context *ctx, const char *crs, ls__geod **out);
void ls__geod_free(ls__geod *gd);
/* Geodesic area in m² of a polygonal geometry (holes subtracted); NAN when a vertex cannot
 * be transformed. */
double ls__geod_area(ls__geod *gd, GEOSContextHandle_t geos, const GEOSGeometry *g);
/* Geodesic area in m² of one ring given as x/y pairs in the CRS (absolute value). */
double ls__geod_ring_area(ls__geod *gd, const double *xy, size_t n);

/* The measure: area_ellipsoidal_m2 of every parcel (ds->geod is created here and kept for
 * the sites); with ds->area_ellipsoidal, area_mu = area_ellipsoidal_m2 × 15 / 10000. Records
 * the largest relative difference |ellipsoidal − planar| / planar in ds. */
int ls__geod_measure_parcels(ls_context *ctx, ls__dataset *ds);
/* The area of a derived polygon (a site) on the run's basis: geodesic when
 * ds->area_ellipsoidal, else GEOS's planar area. NAN on failure. */
double ls__geod_basis_area(ls__dataset *ds, const GEOSGeometry *g);
#endif
