/*
 * test_ext_corrections.c — end-to-end: RUN.yaml `corrections:` on testdata/e2e/ext
 * (scripts/make_ext_testdata.py), then `landscan diff` of the plain run against the corrected
 * one.
 *
 * corrections.csv: line 2 enterprise 91330200C2 tax_10k 30 → 150 (税务证明 2025-001); line 3
 * parcel E03 landuse 0702 → 0601 (不动产登记 2026-007). By hand:
 *   E02 (15 mu, FAR 16000 / 10000 = 1.6 ≥ floor 1.0, coverage 0.4 ≥ 0.3): tax 150 / 15 = 10.00
 *       万元/亩 > 5 → LE_TAX no longer fires → efficient / retain (it was low_efficiency).
 *   E03 (8400 m² = 12.6 mu): industrial now, no enterprise and no building → IDLE_VACANT →
 *       idle / reclaim, reclaimable 12.6 (it was non_industrial).
 *   E01 untouched: corrected 0. The inputs stay byte-identical.
 * diff plain → corrected: E02 and E03 changed, cause correction only (same rules and inputs),
 * with the documents; listed mu 30 (E01 + E02) → 27.6 (E01 + E03).
 * Bad CSVs (each a one-line change of the shipped file) exit 1 naming corrections.csv:LINE.
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

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int run_case(const char *dir, const char *run_file, const char *out, e2e_result *r)
{
    char *run = e2e_join(dir, run_file);
    const char *args[] = {"run", run, "-o", out, "--quiet", "--no-ledger", "--force", NULL};
    int rc = e2e_run(r, args);
    free(run);
    return rc;
}

static void test_ext_corrections__applied_recorded_explained(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("ext");
    assert_non_null(dir);
    char *plain = e2e_join(dir, "plain"), *corr = e2e_join(dir, "corr");
    e2e_result r;
    assert_int_equal(run_case(dir, "RUN.yaml", plain, &r), 0);
    assert_int_equal(r.exit_code, 0);
    e2e_result_free(&r);
    assert_int_equal(run_case(dir, "RUN-corrections.yaml", corr, &r), 0);
    if (r.exit_code != 0)
        fail_msg("corrected run exited %d: %s", r.exit_code, r.err);
    e2e_result_free(&r);

    char *gpkg = e2e_join(corr, "landscan.gpkg");
    GDALDatasetH g = e2e_gpkg_open(gpkg);
    assert_non_null(g);
    e2e_assert_field_str(g, "parcels", "parcel_id", "E02", "status", "efficient");
    e2e_assert_field_str(g, "parcels", "parcel_id", "E02", "action", "retain");
    e2e_assert_field_near(g, "parcels", "parcel_id", "E02", "tax_per_mu", 10.0);
    e2e_assert_field_str(g, "parcels", "parcel_id", "E03", "status", "idle");
    e2e_assert_field_near(g, "parcels", "parcel_id", "E03", "reclaimable_mu", 12.6);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E02", "corrected", 1);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E03", "corrected", 1);
    e2e_assert_field_near(g, "parcels", "parcel_id", "E01", "corrected", 0);
    static const char *const cols[] = {"line",      "target",     "id",     "field",
                                       "old_value", "new_value",  "reason", "document",
                                       "date",      "parcel_ids", NULL};
    char *dump = e2e_table_dump(g, "corrections", cols);
    assert_non_null(dump);
    assert_string_equal(dump, "2|enterprise|91330200C2|tax_10k|30|150|复核税收|税务证明 "
                              "2025-001|2026-01-15|E02\n"
                              "3|parcel|E03|landuse|0702|0601|地类更正|不动产登记 "
                              "2026-007|2026-01-20|E03\n");
    free(dump);
    GDALClose(g);

    /* the inputs are untouched */
    char *src = e2e_case_src("ext");
    char why[512] = "";
    if (!e2e_tree_contains_same(src, dir, why, sizeof(why)))
        fail_msg("input changed: %s", why);
    free(src);

    /* explain names the correction and its document */
    const char *args_x[] = {"explain", gpkg, "E02", NULL};
    assert_int_equal(e2e_run(&r, args_x), 0);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "corrected: enterprise 91330200C2 tax_10k: 30 -> 150"));
    assert_non_null(strstr(r.out, "税务证明 2025-001"));
    e2e_result_free(&r);

    /* diff: the corrections are the cause */
    char *ga = e2e_join(plain, "landscan.gpkg");
    char *dd = e2e_join(dir, "diff");
    const char *args_d[] = {"diff", ga, gpkg, "-o", dd, NULL};
    assert_int_equal(e2e_run(&r, args_d), 0);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "rules changed: none"));
    assert_non_null(strstr(r.out, "2 changed, 0 added, 0 removed, 1 unchanged"));
    e2e_result_free(&r);
    char *csv_path = e2e_join(dd, "diff.csv");
    char *csv = e2e_read_file(csv_path, NULL);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "E02,甲区,changed,status;action;reasons,low_efficiency,efficient,"
                                "upgrade,retain,"));
    assert_non_null(strstr(csv, ",correction,correction line 2: enterprise 91330200C2 tax_10k 30 → "
                                "150 (税务证明 2025-001)\r\n"));
    assert_non_null(strstr(csv, "E03,甲区,changed,"));
    assert_non_null(strstr(csv, "(不动产登记 2026-007)\r\n"));
    char *html_path = e2e_join(dd, "diff.html");
    char *html = e2e_read_file(html_path, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "<td>合计</td><td class=n>30.00</td><td class=n>27.60</td>"));
    free(html);
    free(html_path);
    free(csv);
    free(csv_path);
    free(dd);
    free(ga);
    free(gpkg);
    free(plain);
    free(corr);
    e2e_rm_rf(dir);
    free(dir);
}

static void expect_bad(const char *csv_text, const char *needle)
{
    char *dir = e2e_copy_case("ext");
    assert_non_null(dir);
    char *csv = e2e_join(dir, "corrections.csv");
    write_file(csv, csv_text);
    char *out = e2e_join(dir, "out");
    e2e_result r;
    assert_int_equal(run_case(dir, "RUN-corrections.yaml", out, &r), 0);
    if (r.exit_code != 1 || !strstr(r.err, needle))
        fail_msg("exit %d, stderr '%s' (expected 1 and '%s')", r.exit_code, r.err, needle);
    assert_false(e2e_file_exists(out));
    e2e_result_free(&r);
    free(out);
    free(csv);
    e2e_rm_rf(dir);
    free(dir);
}

#define HEAD "target,id,field,value,reason,document,date\n"

static void test_ext_corrections__bad_lines_exit_1(void **state)
{
    (void)state;
    expect_bad(HEAD "parcel,E01,landuse,0601,,,\nparcel,E99,landuse,0601,,,\n",
               "corrections.csv:3: no parcel with parcel_id 'E99'");
    expect_bad(HEAD "enterprise,91330200C2,taxes,1,,,\n",
               "corrections.csv:2: enterprise field 'taxes' is not a canonical field");
    expect_bad(HEAD "enterprise,91330200C2,tax_10k,lots,,,\n",
               "corrections.csv:2: tax_10k value 'lots' is not a number");
    expect_bad(HEAD "parcel,E01,grant_date,2025-13-45,,,\n",
               "corrections.csv:2: grant_date value '2025-13-45' is not a date");
    expect_bad(HEAD "parcel,E01,landuse,0601,,,\nparcel,E01,landuse,0602,,,\n",
               "corrections.csv:3: parcel E01 landuse is already corrected on line 2");
    expect_bad(HEAD "building,7,floors,3,,,\n",
               "corrections.csv:2: no building with feature id (FID) '7'");
    expect_bad("target,id,field\nparcel,E01,landuse\n", "corrections.csv:1: no column 'value'");
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ext_corrections__applied_recorded_explained),
        cmocka_unit_test(test_ext_corrections__bad_lines_exit_1),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
