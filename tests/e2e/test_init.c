/*
 * test_init.c — end-to-end: `landscan init DIR` (product.md) on a copy of testdata/init/
 * (scripts/make_init_testdata.py: GBK shapefiles with Chinese cadastral field names, one of
 * them with an undeclared encoding, a Chinese file name, a GeoJSON, a GeoPackage layer and
 * a UTF-8 CSV with LON/LAT). The written RUN.yaml must hold the expected guesses, run with
 * `landscan run`, and a second init must refuse to overwrite it.
 *
 * Hand-calculated numbers: parcel ...GB00001 is a 100 m square holding one 60 m x 60 m
 * building of 3 floors without JZMJ → 3600 × 3 = 10800 m² of floor area (GD 12 m / 3 floors
 * is not a tall storey); ...GB00002 holds one building with JZMJ 4000 → 4000 m².
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

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    return 0;
}

static void dump_result(const char *what, const e2e_result *r)
{
    fprintf(stderr, "%s: exit %d\nstdout:\n%s\nstderr:\n%s\n", what, r->exit_code, r->out, r->err);
}

static void expect_in(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("RUN.yaml lacks '%s':\n%s", needle, text);
}

/* The YAML block of one input role: from "  <role>:" to the next role or the end. */
static char *role_block(const char *yaml, const char *role)
{
    char key[64];
    snprintf(key, sizeof key, "\n  %s:", role);
    const char *p = strstr(yaml, key);
    if (!p)
        return NULL;
    p++;
    const char *end = p + 1;
    while ((end = strstr(end, "\n  ")) && (end[3] == ' ' || end[3] == '#'))
        end++;
    size_t n = end ? (size_t)(end - p) : strlen(p);
    char *s = malloc(n + 1);
    memcpy(s, p, n);
    s[n] = '\0';
    return s;
}

static void test_init__writes_run_file_that_runs(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("../init");
    assert_non_null(dir);
    char *run_yaml = e2e_join(dir, "RUN.yaml");
    assert_false(e2e_file_exists(run_yaml));

    e2e_result r;
    const char *init[] = {"init", dir, NULL};
    e2e_run(&r, init);
    if (r.exit_code != 0)
        dump_result("init", &r);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);

    char *yaml = e2e_read_file(run_yaml, NULL);
    assert_non_null(yaml);
    char *b;
    b = role_block(yaml, "parcels");
    assert_non_null(b);
    expect_in(b, "path: zd.shp");
    expect_in(b, "parcel_id: ZDDM");
    expect_in(b, "landuse: TDYT");
    expect_in(b, "owner: QLR");
    expect_in(b, "enterprise_id: TYSHXYDM");
    expect_in(b, "grant_date: CRRQ");
    expect_in(b, "started: SFKG");
    expect_in(b, "unmatched fields: ZDMJ");
    free(b);
    b = role_block(yaml, "buildings");
    assert_non_null(b);
    expect_in(b, "path: jzw.shp");
    expect_in(b, "encoding: GBK"); /* no .cpg, LDID 0: detected from the bytes */
    expect_in(b, "floors: CS");
    expect_in(b, "floor_area_m2: JZMJ");
    expect_in(b, "height_m: GD");
    expect_in(b, "unmatched fields: 备注");
    free(b);
    b = role_block(yaml, "blocks");
    assert_non_null(b);
    expect_in(b, "path: 区块.shp");
    expect_in(b, "block_id: 区块编号");
    expect_in(b, "name: 区块名称");
    free(b);
    b = role_block(yaml, "control_lines");
    assert_non_null(b);
    expect_in(b, "path: kzx.geojson");
    expect_in(b, "tier: JB");
    free(b);
    b = role_block(yaml, "districts");
    assert_non_null(b);
    expect_in(b, "path: xzq.gpkg");
    expect_in(b, "layer: towns");
    expect_in(b, "name: XZQMC");
    expect_in(b, "town: XZMC");
    free(b);
    b = role_block(yaml, "enterprises");
    assert_non_null(b);
    expect_in(b, "path: qy.csv");
    expect_in(b, "x: LON");
    expect_in(b, "y: LAT");
    expect_in(b, "coord_sys: wgs84");
    expect_in(b, "tax_10k: 税收");
    expect_in(b, "name: 企业名称");
    free(b);
    if (strstr(yaml, "notes.txt"))
        fail_msg("notes.txt is not a data file:\n%s", yaml);

    /* the written file runs */
    char *out = e2e_join(dir, "out");
    const char *run[] = {"run", run_yaml, "-o", out, "--quiet", NULL};
    e2e_run(&r, run);
    if (r.exit_code != 0)
        dump_result("run on the written RUN.yaml", &r);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    char *gpkg = e2e_join(out, "landscan.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(gpkg);
    assert_non_null(ds);
    assert_int_equal(e2e_layer_count(ds, "parcels"), 4);
    e2e_assert_field_near(ds, "parcels", "parcel_id", "330203001001GB00001", "floor_area_m2",
                          10800.0);
    e2e_assert_field_near(ds, "parcels", "parcel_id", "330203001001GB00002", "floor_area_m2",
                          4000.0);
    e2e_assert_field_str(ds, "parcels", "parcel_id", "330203001001GB00001", "block_name",
                         "测试工业区块");
    e2e_assert_field_str(ds, "parcels", "parcel_id", "330203001001GB00001", "town", "测试镇");
    GDALClose(ds);

    /* a second init refuses and leaves the file as it was */
    e2e_run(&r, init);
    if (r.exit_code != 1)
        dump_result("second init", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "RUN.yaml") || !strstr(r.err, "exists"))
        fail_msg("stderr does not say RUN.yaml exists: %s", r.err);
    e2e_result_free(&r);
    char *again = e2e_read_file(run_yaml, NULL);
    assert_non_null(again);
    assert_string_equal(again, yaml);

    free(again);
    free(gpkg);
    free(out);
    free(yaml);
    free(run_yaml);
    e2e_rm_rf(dir);
    free(dir);
}

/* --print writes the run file to stdout and nothing into the folder. */
static void test_init__print_writes_nothing(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("../init");
    e2e_result r;
    const char *args[] = {"init", dir, "--print", "--quiet", NULL};
    e2e_run(&r, args);
    if (r.exit_code != 0)
        dump_result("init --print", &r);
    assert_int_equal(r.exit_code, 0);
    expect_in(r.out, "parcel_id: ZDDM");
    char *run_yaml = e2e_join(dir, "RUN.yaml");
    assert_false(e2e_file_exists(run_yaml));
    e2e_result_free(&r);
    free(run_yaml);
    e2e_rm_rf(dir);
    free(dir);
}

/* A folder without data files: exit 1 with the folder named; no folder: exit 1. */
static void test_init__no_data(void **state)
{
    (void)state;
    char *dir = e2e_tmpdir();
    e2e_result r;
    const char *args[] = {"init", dir, NULL};
    e2e_run(&r, args);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, dir))
        fail_msg("stderr does not name the folder: %s", r.err);
    e2e_result_free(&r);
    char *missing = e2e_join(dir, "no-such-folder");
    const char *args2[] = {"init", missing, NULL};
    e2e_run(&r, args2);
    assert_int_equal(r.exit_code, 1);
    e2e_result_free(&r);
    const char *none[] = {"init", NULL};
    e2e_run(&r, none);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);
    free(missing);
    e2e_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init__writes_run_file_that_runs),
        cmocka_unit_test(test_init__print_writes_nothing),
        cmocka_unit_test(test_init__no_data),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
