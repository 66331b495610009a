/*
 * test_ext_flags.c — end-to-end: compliance flags and 批而未供 (issue 18 §3-§5) on
 * testdata/e2e/flags (scripts/make_flags_testdata.py, where every figure below is derived by
 * hand), read back from the GeoPackage, the CSV, the QGIS project, the report and explain:
 *
 *   F01 admin share 700 / 10000 = 0.070 = admin_land_share_max → no flag (不得超过)
 *   F02 710 / 10000 = 0.071 > 0.070 → CHK_ADMIN(land:0.071>0.070)
 *   F03 commitment reviewed on its 3rd anniversary = the reference date 2025-12-31:
 *       tax 30 / 15 mu = 2.00 < 10 → CHK_CONTRACT_TAX_PER_MU(2.00<10.00)
 *   F04 the same, finish one day later: due 2026-01-01 → not checked, no flag
 *   F05 finish 2020-02-29 → due 2023-02-28; FAR 8000 / 10000 = 0.80 < 1.5 → CHK_CONTRACT_FAR
 *   unsupplied: A1 21000 − 2500 (F02) − 3000 (F03) = 15500 m2 = 23.25 mu, 10 years, block B2
 *       (8000 m2 there vs 7500 in B1); A4 10000 m2 = 15 mu, no date → age NULL; A2 (inside
 *       F01) and A3 (a 0.5 m2 sliver ≤ overlap_tolerance_m2) leave nothing.
 *   blocks.unsupplied_mu B1 0, B2 38.25; districts 38.25.
 *   data_quality: '配套用房' (2 buildings) and '车棚' (1 building), one row per value.
 * With the flags switched off (RUN-off.yaml) every status, action and reason is the same.
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

static char *g_dir;

static GDALDatasetH run(const char *run_file, const char *tag)
{
    GDALDatasetH g = e2e_run_open(g_dir, run_file, tag);
    return g;
}

static int setup(void **state)
{
    (void)state;
    g_dir = e2e_copy_case("flags");
    return g_dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    e2e_rm_rf(g_dir);
    free(g_dir);
    return 0;
}

static void count_is(GDALDatasetH g, const char *sql, double expected, const char *what)
{
    double v = -1;
    assert_int_equal(e2e_sql_double(g, sql, &v), 0);
    e2e_assert_near(v, expected, what);
}

/* The outcome of `code` in the parcel's rule_checks.checks (lines "code<TAB>outcome<TAB>…"). */
static void outcome_is(GDALDatasetH g, const char *pid, const char *code, const char *expected)
{
    char sql[256], *s = NULL;
    snprintf(sql, sizeof(sql), "SELECT checks FROM rule_checks WHERE parcel_id = '%s'", pid);
    assert_int_equal(e2e_sql_string(g, sql, &s), 0);
    size_t n = strlen(code);
    const char *line = s;
    while (line && !(strncmp(line, code, n) == 0 && line[n] == '\t')) {
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    if (!line)
        fail_msg("%s: no check %s", pid, code);
    const char *o = line + n + 1;
    size_t len = strcspn(o, "\t\n");
    if (strlen(expected) != len || strncmp(o, expected, len) != 0)
        fail_msg("%s %s: outcome %.*s, expected %s", pid, code, (int)len, o, expected);
    free(s);
}

/* `landscan explain` of a parcel contains `needle`. */
static void explain_has(const char *pid, const char *needle)
{
    char *gpkg = e2e_join(g_dir, "out/landscan.gpkg");
    const char *args[] = {"explain", gpkg, pid, NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    assert_int_equal(r.exit_code, 0);
    if (!strstr(r.out, needle))
        fail_msg("explain %s lacks '%s':\n%s", pid, needle, r.out);
    e2e_result_free(&r);
    free(gpkg);
}

static void test_ext_flags__flags(void **state)
{
    (void)state;
    GDALDatasetH g = run("RUN.yaml", "out");
    e2e_assert_field_str(g, "parcels", "parcel_id", "F01", "flags", NULL);
    e2e_assert_field_str(g, "parcels", "parcel_id", "F02", "flags", "CHK_ADMIN(land:0.071>0.070)");
    e2e_assert_field_str(g, "parcels", "parcel_id", "F03", "flags",
                         "CHK_CONTRACT_TAX_PER_MU(2.00<10.00)");
    e2e_assert_field_str(g, "parcels", "parcel_id", "F04", "flags", NULL);
    e2e_assert_field_str(g, "parcels", "parcel_id", "F05", "flags", "CHK_CONTRACT_FAR(0.80<1.50)");
    /* the check list explain reads */
    outcome_is(g, "F01", "CHK_ADMIN", "not_fired");
    outcome_is(g, "F02", "CHK_ADMIN", "fired");
    outcome_is(g, "F03", "CHK_ADMIN", "not_fired"); /* unknown uses: at most 0.02 */
    outcome_is(g, "F03", "CHK_CONTRACT_TAX_PER_MU", "fired");
    outcome_is(g, "F04", "CHK_CONTRACT_TAX_PER_MU", "not_applicable");
    outcome_is(g, "F05", "CHK_CONTRACT_FAR", "fired");
    outcome_is(g, "F05", "CHK_CONTRACT_TAX_PER_MU", "not_applicable"); /* no commitment */
    GDALClose(g);
    explain_has("F04", "reviewed from 2026-01-01");
    explain_has("F05", "2023-02-28"); /* 29 February → 28 February */
    g = run("RUN.yaml", "out2");
    /* unknown uses: one data_quality row per value */
    count_is(g,
             "SELECT COUNT(*) FROM data_quality WHERE layer = 'buildings' AND problem = "
             "'unknown building use ''配套用房'' (2 buildings)'",
             1, "配套用房 row");
    count_is(g,
             "SELECT COUNT(*) FROM data_quality WHERE layer = 'buildings' AND problem = "
             "'unknown building use ''车棚'' (1 building)'",
             1, "车棚 row");
    count_is(g, "SELECT COUNT(*) FROM data_quality WHERE problem LIKE 'unknown building use%'", 2,
             "no other use rows");
    GDALClose(g);

    /* CSV and explain */
    char *csv_path = e2e_join(g_dir, "out/parcels.csv");
    char *csv = e2e_read_file(csv_path, NULL);
    assert_non_null(csv);
    assert_non_null(strstr(csv, ",transition_share,flags\r\n"));
    assert_non_null(strstr(csv, ",CHK_ADMIN(land:0.071>0.070)\r\n"));
    free(csv);
    free(csv_path);
    char *gpkg = e2e_join(g_dir, "out/landscan.gpkg");
    const char *args[] = {"explain", gpkg, "F02", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "CHK_ADMIN 行政办公及生活服务设施超标"));
    assert_non_null(strstr(r.out, "触发 fired"));
    assert_non_null(strstr(r.out, "CHK_ADMIN(land:0.071>0.070)"));
    e2e_result_free(&r);
    free(gpkg);
}

static void test_ext_flags__unsupplied(void **state)
{
    (void)state;
    char *gpkg = e2e_join(g_dir, "out/landscan.gpkg");
    GDALDatasetH g = e2e_gpkg_open(gpkg);
    if (!g)
        g = run("RUN.yaml", "out");
    free(gpkg);
    assert_int_equal(e2e_layer_count(g, "unsupplied"), 2);
    e2e_assert_field_near(g, "unsupplied", "approval_id", "A1", "area_m2", 15500.0);
    e2e_assert_field_near(g, "unsupplied", "approval_id", "A1", "area_mu", 23.25);
    e2e_assert_field_near(g, "unsupplied", "approval_id", "A1", "age_years", 10.0);
    e2e_assert_field_str(g, "unsupplied", "approval_id", "A1", "approval_date", "2015-03-01");
    e2e_assert_field_str(g, "unsupplied", "approval_id", "A1", "block_id", "B2");
    e2e_assert_field_str(g, "unsupplied", "approval_id", "A1", "district", "甲区");
    e2e_assert_field_near(g, "unsupplied", "approval_id", "A4", "area_mu", 15.0);
    e2e_assert_field_null(g, "unsupplied", "approval_id", "A4", "age_years");
    e2e_assert_field_null(g, "unsupplied", "approval_id", "A4", "approval_date");
    /* the polygon itself, measured by SpatiaLite */
    count_is(g, "SELECT ST_Area(geom) FROM unsupplied WHERE approval_id = 'A1'", 15500.0,
             "A1 polygon area");
    e2e_assert_field_near(g, "blocks", "block_id", "B1", "unsupplied_mu", 0.0);
    e2e_assert_field_near(g, "blocks", "block_id", "B2", "unsupplied_mu", 38.25);
    e2e_assert_field_near(g, "districts", "name", "甲区", "unsupplied_mu", 38.25);
    count_is(g,
             "SELECT COUNT(*) FROM data_quality WHERE layer = 'approvals' AND feature = 'A4' "
             "AND problem = 'approval date missing'",
             1, "A4 without a date");
    count_is(g, "SELECT COUNT(*) FROM layer_styles WHERE f_table_name = 'unsupplied'", 1,
             "a style for unsupplied");
    count_is(g,
             "SELECT COUNT(*) FROM gpkg_data_columns WHERE table_name = 'unsupplied' AND "
             "column_name = 'age_years' AND name = '批准年限(年)'",
             1, "alias of age_years");
    GDALClose(g);
    char *qgs_path = e2e_join(g_dir, "out/landscan.qgs");
    char *qgs = e2e_read_file(qgs_path, NULL);
    assert_non_null(qgs);
    assert_non_null(strstr(qgs, "layername=unsupplied"));
    free(qgs);
    free(qgs_path);
    char *html_path = e2e_join(g_dir, "out/reports/甲区.html");
    char *html = e2e_read_file(html_path, NULL);
    assert_non_null(html);
    int paths = 0;
    for (const char *q = html; (q = strstr(q, "<path class=\"unsupplied\"")); q++)
        paths++;
    assert_int_equal(paths, 2);
    assert_non_null(strstr(html, "<title>A1 批而未供 23.25亩</title>"));
    assert_non_null(strstr(html, "批而未供土地"));
    assert_non_null(strstr(html, "<td class=\"n\">38.25</td>")); /* the 合计 row */
    assert_non_null(strstr(html, "F02"));                        /* the flagged parcels */
    free(html);
    free(html_path);
}

/* Flags never change status, action or reasons. */
static void test_ext_flags__off_changes_nothing_else(void **state)
{
    (void)state;
    GDALDatasetH on = run("RUN.yaml", "on");
    GDALDatasetH off = run("RUN-off.yaml", "off");
    static const char *const cols[] = {"parcel_id", "status",         "action",
                                       "reasons",   "reclaimable_mu", NULL};
    char *a = e2e_table_dump(on, "parcels", cols);
    char *b = e2e_table_dump(off, "parcels", cols);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a, b);
    free(a);
    free(b);
    count_is(off, "SELECT COUNT(*) FROM parcels WHERE flags <> ''", 0, "no flags when off");
    count_is(on, "SELECT COUNT(*) FROM parcels WHERE flags <> ''", 3, "three flagged parcels");
    outcome_is(off, "F02", "CHK_ADMIN", "off");
    GDALClose(on);
    GDALClose(off);
}

/* `landscan check` reports what the flags can use. */
static void test_ext_flags__check(void **state)
{
    (void)state;
    char *run_path = e2e_join(g_dir, "RUN.yaml");
    const char *args[] = {"check", run_path, "--quiet", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    assert_int_equal(r.exit_code, 0);
    /* 10 buildings: 办公 1, 宿舍 1, 厂房 5, 配套用房 2 + 车棚 1 unknown */
    assert_non_null(strstr(r.out, "admin 行政办公 1 (10.0%)"));
    assert_non_null(strstr(r.out, "living 生活服务 1 (10.0%)"));
    assert_non_null(strstr(r.out, "production 生产 5 (50.0%)"));
    assert_non_null(strstr(r.out, "unknown value 未知 3 (30.0%)"));
    assert_non_null(strstr(r.out, "承诺指标: 3, of which with agreed_finish_date 3"));
    assert_non_null(strstr(r.out, "committed_tax_per_mu"));
    assert_non_null(strstr(r.out, "approvals"));
    e2e_result_free(&r);
    free(run_path);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ext_flags__flags),
        cmocka_unit_test(test_ext_flags__unsupplied),
        cmocka_unit_test(test_ext_flags__off_changes_nothing_else),
        cmocka_unit_test(test_ext_flags__check),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
