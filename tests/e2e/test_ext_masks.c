/*
 * test_ext_masks.c — end-to-end: RUN.yaml `inputs.masks` on testdata/e2e/ext
 * (scripts/make_ext_testdata.py): water [50,150]x[50,150] (水域) and a red line
 * [80,120]x[0,60] (生态保护红线), overlapping in [80,120]x[50,60].
 *
 * By hand (m², offsets from the case origin):
 *   E01 [0,100]x[0,100]: water 50×50 = 2500, red line 20×60 = 1200, both 20×10 = 200 →
 *       masked_m2 = 2500 + 1200 − 200 = 3500 (the union, not 3700); idle → reclaimable
 *       15 × (1 − 3500/10000) = 9.75 mu.
 *   E02 [100,200]x[0,100]: the same shapes mirrored → 3500; low efficiency, reclaimable 0.
 *   E03: 0.
 *   districts.masked_mu (industrial parcels E01, E02) = 7000 m² = 10.5 mu.
 *   Sites: E01 alone is the only reclaim candidate; minus the masks it keeps 6500 m² =
 *       9.75 mu < site_min_mu 10 → no site (without masks: one site of 15 mu). With
 *       site_min_mu 5 the site is kept with area_mu 9.75, and SpatiaLite's ST_Area of its
 *       polygon is 6500.
 *   Layer masks: 水域 10000 m², 生态保护红线 2400 m²; a style for it in layer_styles, and a
 *   layer of the QGIS project.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gdal.h>

#include "e2e_helpers.h"

static GDALDatasetH run(const char *dir, const char *run_file, const char *tag)
{
    GDALDatasetH g = e2e_run_open(dir, run_file, tag);
    return g;
}

static void test_ext_masks__masked_area_reclaimable_sites(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("ext");
    assert_non_null(dir);
    GDALDatasetH g = run(dir, "RUN-masks.yaml", "out");
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "masked_m2", 3500.0);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E02", "masked_m2", 3500.0);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E03", "masked_m2", 0.0);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "reclaimable_mu", 9.75);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "area_mu", 15.0);
    double v = 0;
    assert_int_equal(e2e_sql_double(g, "SELECT masked_mu FROM districts", &v), 0);
    e2e_assert_near(v, 10.5, "districts.masked_mu");
    assert_int_equal(e2e_sql_double(g, "SELECT reclaimable_mu FROM districts", &v), 0);
    e2e_assert_near(v, 9.75, "districts.reclaimable_mu");
    assert_int_equal(e2e_layer_count(g, "sites"), 0);
    assert_int_equal(e2e_layer_count(g, "masks"), 2);
    e2e_assert_field_near(g, "masks", "name", "水域", "area_m2", 10000.0);
    e2e_assert_field_near(g, "masks", "name", "生态保护红线", "area_m2", 2400.0);
    assert_int_equal(
        e2e_sql_double(g, "SELECT COUNT(*) FROM layer_styles WHERE f_table_name = 'masks'", &v), 0);
    e2e_assert_near(v, 1.0, "a style for masks");
    GDALClose(g);
    char *qgs_path = e2e_join(dir, "out/landscan.qgs");
    char *qgs = e2e_read_file(qgs_path, NULL);
    assert_non_null(qgs);
    assert_non_null(strstr(qgs, "layername=masks")); /* drawn in the QGIS project */
    free(qgs);
    free(qgs_path);
    /* and on the report map: one hatched path per mask, with its name, and a legend entry */
    char *html_path = e2e_join(dir, "out/reports/甲区.html");
    char *html = e2e_read_file(html_path, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "<title>水域 扣除区域(不可盘活)</title>"));
    assert_non_null(strstr(html, "<title>生态保护红线 扣除区域(不可盘活)</title>"));
    int paths = 0;
    for (const char *q = html; (q = strstr(q, "<path class=\"mask\"")); q++)
        paths++;
    assert_int_equal(paths, 2);
    assert_non_null(strstr(html, "class=\"mask\"/><text x=\"30\" y=\"64\">扣除区域"));
    free(html);
    free(html_path);

    /* without masks the same parcel is one 15 mu site */
    g = run(dir, "RUN.yaml", "plain");
    assert_int_equal(e2e_layer_count(g, "sites"), 1);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "masked_m2", 0.0);
    GDALClose(g);
    html_path = e2e_join(dir, "plain/reports/甲区.html");
    html = e2e_read_file(html_path, NULL);
    assert_non_null(html);
    assert_null(strstr(html, "class=\"mask\"")); /* no masks, nothing drawn */
    free(html);
    free(html_path);

    /* site_min_mu 5: the site is E01 minus the masks */
    char *rules = e2e_join(dir, "rules.yaml");
    FILE *f = fopen(rules, "w");
    assert_non_null(f);
    fputs("extends: national-2008\ntax_per_mu_min: 5\nsite_min_mu: 5\n", f);
    fclose(f);
    g = run(dir, "RUN-masks.yaml", "small-sites");
    assert_int_equal(e2e_layer_count(g, "sites"), 1);
    assert_int_equal(e2e_sql_double(g, "SELECT area_mu FROM sites", &v), 0);
    e2e_assert_near(v, 9.75, "site area_mu");
    assert_int_equal(e2e_sql_double(g, "SELECT ST_Area(geom) FROM sites", &v), 0);
    e2e_assert_near(v, 6500.0, "site polygon area (SpatiaLite)");
    GDALClose(g);
    free(rules);
    e2e_rm_rf(dir);
    free(dir);
}

static void test_ext_masks__missing_mask_exit_1(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("ext");
    assert_non_null(dir);
    char *water = e2e_join(dir, "water.geojson");
    assert_int_equal(unlink(water), 0);
    char *run_path = e2e_join(dir, "RUN-masks.yaml");
    char *out = e2e_join(dir, "out");
    const char *args[] = {"run", run_path, "-o", out, "--quiet", "--no-ledger", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    assert_int_equal(r.exit_code, 1);
    assert_non_null(strstr(r.err, "water.geojson"));
    assert_false(e2e_file_exists(out));
    e2e_result_free(&r);
    free(out);
    free(run_path);
    free(water);
    e2e_rm_rf(dir);
    free(dir);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ext_masks__masked_area_reclaimable_sites),
        cmocka_unit_test(test_ext_masks__missing_mask_exit_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
