/*
 * geom_asserts.h — geometry-domain asserts and small dataset builders for the unit tests of
 * the geometry stages (geos_bridge, read, overlay, measure, aggregate, write_csv).
 *
 * Asserts print both numbers and, for geometries, the WKT of what was measured, so a failure
 * shows what the library actually produced (PostGIS liblwgeom habit). Builders make parcels,
 * areas, buildings and enterprises from WKT directly in C, so each test states only the
 * geometry and numbers it is about; expected values in the tests are worked out by hand.
 *
 * Ownership: everything added to a dataset is owned by it and freed by ls__dataset_free();
 * strings returned by tgeom_wkt_of() and tgeom_mkdtemp() belong to the caller (free()).
 * Allocation failures abort the test process (helpers, not library code).
 */
#ifndef LS_TEST_GEOM_ASSERTS_H
#define LS_TEST_GEOM_ASSERTS_H

#include <geos_c.h>
#include <stddef.h>

#include "model.h"

/* A geometry from WKT in context g; aborts on a WKT the test author got wrong. */
GEOSGeometry *tgeom_from_wkt(GEOSContextHandle_t g, const char *wkt);
/* WKT of a geometry (caller frees), "(null)" copies for NULL. */
char *tgeom_wkt_of(GEOSContextHandle_t g, const GEOSGeometry *geom);

/* |actual − expected| <= tol, else fail naming what was compared. NAN == NAN passes. */
void tgeom_assert_near_impl(double actual, double expected, double tol, const char *what,
                            const char *file, int line);
#define tgeom_assert_near(actual, expected, tol)                                                   \
    tgeom_assert_near_impl((actual), (expected), (tol), #actual, __FILE__, __LINE__)

/* The geometry's area is expected ± tol; the failure message carries its WKT. */
void tgeom_assert_area_near_impl(GEOSContextHandle_t g, const GEOSGeometry *geom, double expected,
                                 double tol, const char *file, int line);
#define tgeom_assert_area_near(g, geom, expected, tol)                                             \
    tgeom_assert_area_near_impl((g), (geom), (expected), (tol), __FILE__, __LINE__)

/* The two geometries cover the same ground: area of their symmetric difference <= tol.
 * The failure message carries both WKTs. */
void tgeom_assert_same_impl(GEOSContextHandle_t g, const GEOSGeometry *actual,
                            const char *expected_wkt, double tol, const char *file, int line);
#define tgeom_assert_same(g, actual, expected_wkt, tol)                                            \
    tgeom_assert_same_impl((g), (actual), (expected_wkt), (tol), __FILE__, __LINE__)

/* text contains fragment (fails with both). */
void tgeom_assert_contains_impl(const char *text, const char *fragment, const char *file, int line);
#define tgeom_assert_contains(text, fragment)                                                      \
    tgeom_assert_contains_impl((text), (fragment), __FILE__, __LINE__)

/* --- dataset builders (ds owns everything added) --- */

/* Zero the dataset and give it a fresh GEOS context. */
void tgeom_ds_init(ls__dataset *ds);
/* Append a parcel with this id and polygon: block/district/town indexes -1, money NAN,
 * far_floor NAN, dates absent, tri-states unknown. Area fields are NOT set (overlay does). */
size_t tgeom_add_parcel(ls__dataset *ds, const char *parcel_id, const char *wkt);
/* Append an area polygon (control line, block, district, town) to *arr / *n; area_m2 set. */
size_t tgeom_add_area(ls__dataset *ds, ls__area **arr, size_t *n, const char *id, const char *name,
                      const char *town, const char *tier, const char *wkt);
/* Append a building: area_m2 set, floors / height / given floor area as passed (NAN absent),
 * floor_area_m2 = given when given, else area × floors (or 0 when floors is NAN). */
size_t tgeom_add_building(ls__dataset *ds, const char *wkt, double floors, double height_m,
                          double given_floor_m2);
/* Append an enterprise with all figures NAN, dates absent, tri-states unknown. */
size_t tgeom_add_enterprise(ls__dataset *ds, const char *enterprise_id);

/* Number of data_quality rows whose layer and feature equal the given ones (NULL = any)
 * and whose problem contains problem_fragment (NULL = any). */
size_t tgeom_dq_count(const ls__dataset *ds, const char *layer, const char *feature,
                      const char *problem_fragment);
/* Fail (listing every data_quality row) unless tgeom_dq_count(...) == expected. */
void tgeom_assert_dq_impl(const ls__dataset *ds, const char *layer, const char *feature,
                          const char *problem_fragment, size_t expected, const char *file,
                          int line);
#define tgeom_assert_dq(ds, layer, feature, fragment, expected)                                    \
    tgeom_assert_dq_impl((ds), (layer), (feature), (fragment), (expected), __FILE__, __LINE__)

/* --- temporary folders (other test processes share /tmp: always unique) --- */

/* mkdtemp("/tmp/landscan-<tag>-XXXXXX"); caller frees the path. Aborts on failure. */
char *tgeom_mkdtemp(const char *tag);
/* Remove a folder and everything under it (best effort). */
void tgeom_rm_rf(const char *path);
/* Write text to dir/name (aborts on failure); returns the joined path (caller frees). */
char *tgeom_write_file(const char *dir, const char *name, const char *text, size_t len);

#endif
