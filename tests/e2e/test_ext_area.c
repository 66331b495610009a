/*
 * test_ext_area.c — end-to-end: area_ellipsoidal_m2 and area_basis on testdata/e2e/ext
 * (scripts/make_ext_testdata.py: EPSG:4549, 140 km east of the central meridian; E01, E02
 * 100 × 100 m squares, E03 100 × 100 m with a 40 × 40 m hole = 8400 m²).
 *
 * Expected geodesic areas come from pyproj (Debian python3-pyproj 3.4.1), independently of
 * landscan: vertices transformed EPSG:4549 → EPSG:4490 (CGCS2000 geographic), area on the
 * CGCS2000 ellipsoid with Geod(a, rf).polygon_area_perimeter, holes subtracted:
 *   python3 - <<'PY'
 *   import json; from pyproj import Transformer, Geod, CRS
 *   t = Transformer.from_crs("EPSG:4549", "EPSG:4490", always_xy=True)
 *   e = CRS("EPSG:4490").ellipsoid; g = Geod(a=e.semi_major_metre, rf=e.inverse_flattening)
 *   for f in json.load(open("testdata/e2e/ext/parcels.geojson"))["features"]:
 *       s = 0
 *       for k, ring in enumerate(f["geometry"]["coordinates"]):
 *           lon, lat = zip(*[t.transform(x, y) for x, y in ring])
 *           a, _ = g.polygon_area_perimeter(lon, lat); s += abs(a) if k == 0 else -abs(a)
 *       print(f["properties"]["ZDDM"], "%.6f" % s)
 *   PY
 * → E01 9995.163659, E02 9995.156751, E03 8395.920057.
 * Largest relative difference: E03, (8400 − 8395.920057) / 8400 = 0.0004857075 (stored with 9
 * decimals). With area_basis: ellipsoidal, area_mu = area_ellipsoidal_m2 × 15 / 10000
 * (E01 14.992745) and E01, idle, reclaims all of it; area_m2 stays the planar 10000.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gdal.h>

#include "e2e_helpers.h"

static GDALDatasetH run(const char *run_file, char **dir_out)
{
    char *dir = e2e_copy_case("ext");
    assert_non_null(dir);
    GDALDatasetH g = e2e_run_open(dir, run_file, "out");
    *dir_out = dir;
    return g;
}

static void expect_info(GDALDatasetH g, const char *key, const char *expected)
{
    char *v = NULL;
    assert_int_equal(e2e_get_string(g, "run_info", "key", key, "value", &v), E2E_OK);
    if (strcmp(v, expected) != 0)
        fail_msg("run_info %s = '%s', expected '%s'", key, v, expected);
    free(v);
}

static void ell_near(GDALDatasetH g, const char *id, double expected, const char *file, int line)
{
    double v = 0;
    if (e2e_get_double(g, "parcels", "parcel_id", id, "area_ellipsoidal_m2", &v) != E2E_OK)
        fail_msg("%s:%d: parcels[%s].area_ellipsoidal_m2 missing", file, line, id);
    e2e_assert_near_impl(v, expected, 0, 1e-3, id, file, line); /* 1 mm² */
}

static void test_ext_area__planar_basis_records_ellipsoidal(void **state)
{
    (void)state;
    char *dir = NULL;
    GDALDatasetH g = run("RUN.yaml", &dir);
    ell_near(g, "E01", 9995.163659, __FILE__, __LINE__);
    ell_near(g, "E02", 9995.156751, __FILE__, __LINE__);
    ell_near(g, "E03", 8395.920057, __FILE__, __LINE__);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "area_m2", 10000.0);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "area_mu", 15.0);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E03", "area_mu", 12.6); /* 8400 × 15e-4 */
    expect_info(g, "area_basis", "planar");
    expect_info(g, "area_max_relative_difference_parcel", "E03");
    double rel = 0;
    assert_int_equal(e2e_sql_double(g,
                                    "SELECT CAST(value AS REAL) FROM run_info WHERE key = "
                                    "'area_max_relative_difference'",
                                    &rel),
                     0);
    e2e_assert_near_impl(rel, 0.0004857075, 0, 2e-9, "largest relative difference", __FILE__,
                         __LINE__);
    GDALClose(g);
    e2e_rm_rf(dir);
    free(dir);
}

static void test_ext_area__ellipsoidal_basis_drives_mu(void **state)
{
    (void)state;
    char *dir = NULL;
    GDALDatasetH g = run("RUN-ellipsoidal.yaml", &dir);
    expect_info(g, "area_basis", "ellipsoidal");
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "area_m2", 10000.0);
    double mu = 0;
    assert_int_equal(e2e_get_double(g, "parcels", "parcel_id", "E01", "area_mu", &mu), E2E_OK);
    e2e_assert_near_impl(mu, 9995.163659 * 15 / 10000, 0, 1e-6, "E01 area_mu", __FILE__, __LINE__);
    assert_int_equal(e2e_get_double(g, "parcels", "parcel_id", "E01", "reclaimable_mu", &mu),
                     E2E_OK);
    e2e_assert_near_impl(mu, 9995.163659 * 15 / 10000, 0, 1e-6, "E01 reclaimable_mu", __FILE__,
                         __LINE__);
    /* districts: industrial mu = E01 + E02 on the ellipsoid */
    assert_int_equal(e2e_sql_double(g, "SELECT industrial_mu FROM districts", &mu), 0);
    e2e_assert_near_impl(mu, (9995.163659 + 9995.156751) * 15 / 10000, 0, 1e-6,
                         "districts.industrial_mu", __FILE__, __LINE__);
    GDALClose(g);
    e2e_rm_rf(dir);
    free(dir);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ext_area__planar_basis_records_ellipsoidal),
        cmocka_unit_test(test_ext_area__ellipsoidal_basis_drives_mu),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
