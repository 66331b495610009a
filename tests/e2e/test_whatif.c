/*
 * test_whatif.c — end-to-end: `landscan whatif` on testdata/e2e/classify (fixture described in
 * test_run_classify.c: five parcels of 15 mu; Q01 idle (vacant), Q03 relocatable, Q04 not
 * industrial, Q02 tax 10.00 万元/亩 FAR 1.6, Q05 tax 2.00 万元/亩 FAR 0.8 < floor 1.0).
 *
 * By hand, tax_per_mu_min 5 → 12: Q02 becomes low_efficiency (10.00 <= 12), nothing else
 * changes status. listed mu 45 → 60; reclaimable 15 (Q01) + 15 (Q03) + 15 × (1 − 0.8) (Q05)
 * = 33 at both (Q02's upgrade reclaims 15 × max(0, 1 − 1.6) = 0).
 * tall_storey_m 3: both buildings have 4 m storeys (16 m / 4, 8 m / 2) > 3 → floors doubled:
 * Q05 FAR 1.6, LE_FAR stops firing, reclaimable 15 × max(0, 1 − 1.6) = 0 → total 30.
 * Each combination is also checked against a full `landscan run` whose rules file extends
 * the case's rules and sets the value: the totals read back from that run's GeoPackage must
 * equal whatif.csv's row.
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

static char *dir; /* a copy of the classify case */

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    dir = e2e_copy_case("classify");
    return dir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    e2e_rm_rf(dir);
    free(dir);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Cell `col` (0-based) of data row `row` (0-based, after the header) of a CSV without quotes. */
static double csv_cell(const char *csv, int row, int col)
{
    const char *p = strstr(csv, "\r\n");
    for (int r = 0; p && r < row; r++)
        p = strstr(p + 2, "\r\n");
    if (!p)
        fail_msg("whatif.csv: no row %d", row);
    p += 2;
    for (int c = 0; c < col; c++) {
        p = strchr(p, ',');
        if (!p)
            fail_msg("whatif.csv: no column %d", col);
        p++;
    }
    return strtod(p, NULL);
}

/* whatif.csv columns with one varied key: 0 value, then per status (idle, relocatable,
 * low_efficiency, efficient, non_industrial) count and mu (1..10), 11 reclaimable_mu,
 * 12 listed_mu, 13 sites, 14 site_mu, 15 flipping_parcels. */
enum {
    C_LOW_COUNT = 5,
    C_EFF_COUNT = 7,
    C_RECLAIM = 11,
    C_LISTED = 12,
    C_SITES = 13,
    C_SITE_MU = 14
};

static char *whatif(const char *out, const char *const *vary, int *exit_code, char **err)
{
    char *run = e2e_join(dir, "RUN.yaml");
    const char *args[16] = {"whatif", run, "-o", out, "--quiet", "--force"};
    size_t k = 6;
    for (size_t i = 0; vary[i] && k < 14; i++) {
        args[k++] = "--vary";
        args[k++] = vary[i];
    }
    args[k] = NULL;
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    *exit_code = r.exit_code;
    if (err)
        *err = strdup(r.err);
    char *csv_path = e2e_join(out, "whatif.csv");
    char *csv = r.exit_code == 0 ? e2e_read_file(csv_path, NULL) : NULL;
    if (r.exit_code == 0 && !csv)
        fail_msg("no whatif.csv: %s", r.err);
    e2e_result_free(&r);
    free(csv_path);
    free(run);
    return csv;
}

/* A full run with rules `extends: rules.yaml` + `line`; compares its totals with row `row`. */
static void compare_with_run(const char *csv, int row, int nkeys, const char *line, const char *tag)
{
    int o = nkeys - 1; /* the columns after the values move with the number of keys */
    char *rules = e2e_join(dir, "rules-whatif.yaml");
    char text[256];
    snprintf(text, sizeof(text), "extends: rules.yaml\n%s\n", line);
    write_file(rules, text);
    char *run_yaml = e2e_join(dir, "RUN.yaml");
    char *run2 = e2e_join(dir, "RUN-whatif.yaml");
    size_t len = 0;
    char *yaml = e2e_read_file(run_yaml, &len);
    assert_non_null(yaml);
    char *at = strstr(yaml, "rules: rules.yaml");
    assert_non_null(at);
    FILE *f = fopen(run2, "w");
    assert_non_null(f);
    fwrite(yaml, 1, (size_t)(at - yaml), f);
    fputs("rules: rules-whatif.yaml", f);
    fputs(at + strlen("rules: rules.yaml"), f);
    fclose(f);
    char *out = e2e_join(dir, tag);
    const char *args[] = {"run", run2, "-o", out, "--quiet", "--no-ledger", "--force", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    if (r.exit_code != 0)
        fail_msg("landscan run (%s) exited %d: %s", line, r.exit_code, r.err);
    e2e_result_free(&r);
    char *gpkg_path = e2e_join(out, "landscan.gpkg");
    GDALDatasetH g = e2e_gpkg_open(gpkg_path);
    assert_non_null(g);
    double v = 0;
    assert_int_equal(e2e_sql_double(g, "SELECT SUM(reclaimable_mu) FROM parcels", &v), 0);
    e2e_assert_near(csv_cell(csv, row, o + C_RECLAIM), v, "reclaimable_mu vs full run");
    assert_int_equal(e2e_sql_double(g,
                                    "SELECT SUM(area_mu) FROM parcels WHERE status IN ('idle', "
                                    "'relocatable', 'low_efficiency')",
                                    &v),
                     0);
    e2e_assert_near(csv_cell(csv, row, o + C_LISTED), v, "listed_mu vs full run");
    assert_int_equal(
        e2e_sql_double(g, "SELECT COUNT(*) FROM parcels WHERE status = 'low_efficiency'", &v), 0);
    e2e_assert_near(csv_cell(csv, row, o + C_LOW_COUNT), v, "low_efficiency_count vs full run");
    assert_int_equal(e2e_sql_double(g, "SELECT COUNT(*) FROM sites", &v), 0);
    e2e_assert_near(csv_cell(csv, row, o + C_SITES), v, "sites vs full run");
    if (v > 0) {
        assert_int_equal(e2e_sql_double(g, "SELECT SUM(area_mu) FROM sites", &v), 0);
        e2e_assert_near(csv_cell(csv, row, o + C_SITE_MU), v, "site mu vs full run");
    }
    GDALClose(g);
    free(gpkg_path);
    free(out);
    free(yaml);
    free(run2);
    free(run_yaml);
    free(rules);
}

static void test_whatif__tax_bar_matches_full_runs(void **state)
{
    (void)state;
    char *out = e2e_join(dir, "w-tax");
    const char *vary[] = {"tax_per_mu_min=5,12", NULL};
    int code = -1;
    char *csv = whatif(out, vary, &code, NULL);
    assert_int_equal(code, 0);
    /* by hand (header comment) */
    e2e_assert_near(csv_cell(csv, 0, C_LISTED), 45.0, "listed mu at 5");
    e2e_assert_near(csv_cell(csv, 1, C_LISTED), 60.0, "listed mu at 12");
    e2e_assert_near(csv_cell(csv, 0, C_RECLAIM), 33.0, "reclaimable at 5");
    e2e_assert_near(csv_cell(csv, 1, C_RECLAIM), 33.0, "reclaimable at 12");
    e2e_assert_near(csv_cell(csv, 0, C_EFF_COUNT), 1.0, "efficient count at 5");
    e2e_assert_near(csv_cell(csv, 1, C_EFF_COUNT), 0.0, "efficient count at 12");
    compare_with_run(csv, 0, 1, "tax_per_mu_min: 5", "run-5");
    compare_with_run(csv, 1, 1, "tax_per_mu_min: 12", "run-12");
    char *pp = e2e_join(out, "whatif_parcels.csv");
    char *parcels = e2e_read_file(pp, NULL);
    assert_non_null(parcels);
    assert_true(e2e_file_has_bom(pp));
    assert_non_null(strstr(parcels, "parcel_id,district,status@tax_per_mu_min=5,"
                                    "action@tax_per_mu_min=5,status@tax_per_mu_min=12,"
                                    "action@tax_per_mu_min=12\r\n"));
    assert_non_null(strstr(parcels, "Q02,丙区,efficient,retain,low_efficiency,upgrade\r\n"));
    assert_null(strstr(parcels, "Q05"));
    char *hp = e2e_join(out, "whatif.html");
    char *html = e2e_read_file(hp, NULL);
    assert_non_null(html);
    assert_non_null(strstr(html, "<svg"));
    assert_non_null(strstr(html, "<polyline"));
    assert_non_null(strstr(html, "<td>Q02</td>"));
    assert_null(strstr(html, "http://") ? strstr(strstr(html, "http://") + 1, "http://") : NULL);
    free(html);
    free(hp);
    free(parcels);
    free(pp);
    free(csv);
    free(out);
}

static void test_whatif__tall_storey_rereads(void **state)
{
    (void)state;
    char *out = e2e_join(dir, "w-storey");
    const char *vary[] = {"tall_storey_m=3,8", NULL};
    int code = -1;
    char *csv = whatif(out, vary, &code, NULL);
    assert_int_equal(code, 0);
    e2e_assert_near(csv_cell(csv, 0, C_RECLAIM), 30.0, "reclaimable at tall_storey_m 3");
    e2e_assert_near(csv_cell(csv, 1, C_RECLAIM), 33.0, "reclaimable at tall_storey_m 8");
    compare_with_run(csv, 0, 1, "tall_storey_m: 3", "run-storey-3");
    free(csv);
    free(out);
}

static void test_whatif__range_and_nested_key(void **state)
{
    (void)state;
    char *out = e2e_join(dir, "w-range");
    const char *vary[] = {"tax_per_mu_min=4:6:0.5", "evaluation.classes.D=0.05,0.2", NULL};
    int code = -1;
    char *csv = whatif(out, vary, &code, NULL);
    assert_int_equal(code, 0);
    /* 5 × 2 rows; the first key varies slowest: values 4,4,4.5,4.5,…; D 0.05,0.2,… */
    assert_non_null(strstr(csv, "\r\n4,0.05,"));
    assert_non_null(strstr(csv, "\r\n4.5,0.2,"));
    assert_non_null(strstr(csv, "\r\n6,0.2,"));
    assert_null(strstr(csv, "\r\n6.5,"));
    /* C takes the difference: a full run with the whole classes map gives the same figures */
    compare_with_run(csv, 9, 2,
                     "tax_per_mu_min: 6\nevaluation:\n  classes: {method: percentile, "
                     "A: 0.25, B: 0.45, C: 0.1, D: 0.2}",
                     "run-range");
    free(csv);
    free(out);
}

static void expect_error(const char *arg, const char *needle)
{
    char *out = e2e_join(dir, "w-bad");
    const char *vary[] = {arg, NULL};
    int code = -1;
    char *err = NULL;
    char *csv = whatif(out, vary, &code, &err);
    if (code != 1 || !strstr(err, needle))
        fail_msg("--vary %s: exit %d, stderr '%s' (expected 1 and '%s')", arg, code, err, needle);
    char *f = e2e_join(out, "whatif.csv");
    assert_false(e2e_file_exists(f));
    free(f);
    free(csv);
    free(err);
    free(out);
}

static void test_whatif__bad_vary_exit_1(void **state)
{
    (void)state;
    expect_error("tax_per_mu_mni=4,5", "no such rules key");
    expect_error("far_table=4", "not a numeric rules key");
    expect_error("tax_per_mu_min=4,five", "'five' is not a number");
    expect_error("tax_per_mu_min=1:300:1", "more than 200");
    expect_error("site_min_mu", "expected KEY=");
    expect_error("evaluation.classes.D=0.9", "class C");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_whatif__tax_bar_matches_full_runs),
        cmocka_unit_test(test_whatif__tall_storey_rereads),
        cmocka_unit_test(test_whatif__range_and_nested_key),
        cmocka_unit_test(test_whatif__bad_vary_exit_1),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
