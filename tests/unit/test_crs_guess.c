/*
 * test_crs_guess.c — CRS proposals only where the coordinates fit (src/lib/crs_guess.c,
 * issue 13 §3).
 *
 * Expected codes from the EPSG registry: 4528 = CGCS2000 / 3-degree Gauss-Kruger zone 40
 * (CM 120°E), 4550 = … CM 123E, 4499 = CGCS2000 / Gauss-Kruger zone 21 (6°, CM 123°E), 4549 =
 * CGCS2000 / 3-degree Gauss-Kruger CM 120E, 4490 = CGCS2000 geographic. The extents of the no-guess
 * cases are real places: Kotka, Finland (26.95°E), Honolulu (157.9°W), a zone-40 easting
 * 450 km from its CM (impossible in a 3° zone), a prefix 24 (no Chinese zone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "crs_guess.h"

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    return 0;
}

static void expect_guess(double minx, double miny, double maxx, double maxy, int code,
                         const char *fragment)
{
    int epsg = -5;
    char *t = ls__crs_guess(minx, miny, maxx, maxy, &epsg);
    assert_non_null(t);
    if (epsg != code || !strstr(t, fragment))
        fail_msg("(%.1f %.1f %.1f %.1f): EPSG %d (expected %d), '%s' lacks '%s'", minx, miny, maxx,
                 maxy, epsg, code, t, fragment);
    free(t);
}

static void test_crs_guess__coordinates(void **state)
{
    (void)state;
    expect_guess(40500000, 3300000, 40500300, 3300300, 4528, "zone prefix 40");
    expect_guess(21500000, 3300000, 21500100, 3300100, 4499, "CM 123°E");
    expect_guess(121.5, 29.9, 121.6, 30.0, 4490, "degrees");
    /* no guess */
    expect_guess(40950000, 3300000, 40950200, 3300200, 0, "450 km from the false easting");
    expect_guess(40500000, 3300000, 41500000, 3300300, 0, "two zone prefixes");
    expect_guess(24500000, 3300000, 24500100, 3300100, 0, "no Chinese Gauss-Krüger zone");
    expect_guess(26.93, 60.52, 26.97, 60.54, 0, "outside China");
    expect_guess(500123, 3300000, 500300, 3300300, 0, "the CM is unknown");
    /* zone 40 eastings, but a northing far north of China (8000 km: 72°N) */
    expect_guess(40500000, 8000000, 40500300, 8000300, 0, "outside China");
}

static void expect_working(int srs_code, double minx, double miny, double maxx, double maxy,
                           int code, const char *fragment)
{
    OGRSpatialReferenceH s = OSRNewSpatialReference(NULL);
    assert_int_equal(OSRImportFromEPSG(s, srs_code), OGRERR_NONE);
    int epsg = -5;
    char *t = ls__crs_working_guess(s, "X", minx, miny, maxx, maxy, &epsg);
    assert_non_null(t);
    if (epsg != code || !strstr(t, fragment))
        fail_msg("EPSG:%d: working %d (expected %d), '%s' lacks '%s'", srs_code, epsg, code, t,
                 fragment);
    free(t);
    OSRDestroySpatialReference(s);
}

static void test_crs_guess__working(void **state)
{
    (void)state;
    expect_working(4490, 120.6, 29.8, 121.2, 30.0, 4549, "CM 120°E"); /* Shaoxing–Yuyao */
    expect_working(4326, 121.6, 29.8, 121.9, 30.0, 4550, "CM 123°E"); /* Ningbo, east of 121.5°E */
    expect_working(4549, 600000, 3300000, 610000, 3310000, -1, "projected and in metres");
    /* Finland and Hawaii: in degrees outside China; NAD83 (4269) is not CGCS2000 either */
    expect_working(4326, 26.93, 60.52, 26.97, 60.54, 0, "outside China");
    expect_working(4269, -157.9, 21.2, -157.6, 21.5, 0, "outside China");
    /* degrees of Xi'an 1980 (EPSG:4610) in China: not the datum of the CGCS2000 codes */
    expect_working(4610, 121.4, 29.8, 121.7, 30.0, 0, "not CGCS2000 or WGS 84");
    /* spanning 3° zones */
    expect_working(4490, 118.0, 29.8, 122.9, 30.0, 0, "more than one 3° Gauss-Krüger zone");
    /* US feet (EPSG:2263, NY State Plane Long Island ftUS) */
    expect_working(2263, 900000, 100000, 910000, 110000, 0, "not metres");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_crs_guess__coordinates),
        cmocka_unit_test(test_crs_guess__working),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
