/*
 * test_run_facts_order.c — end-to-end: facts an enterprise record states for one parcel
 * belong to that parcel, and nothing depends on the order of the input rows (domain.md §1),
 * on testdata/e2e/facts_order (see its README.txt).
 *
 * Enterprise 91330200E1 has a halted record on P01 (since 2020-01-01) and a producing record
 * on P02 with tax 150 万元. By hand, reference date 2025-12-31: P01 is idle (halted ≥ 2 years:
 * the 2-year anniversary 2022-01-01 has passed) and P02 efficient (150 / 15 mu = 10 万元/亩,
 * above the 5 of zhejiang-ningbo); the firm itself is `partial`. The run is repeated with the
 * enterprise CSV's rows reversed: parcels.csv and blocks.csv must be byte-identical, and so
 * must the enterprises table.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>

#include "e2e_helpers.h"

static void reverse_rows(const char *csv)
{
    size_t len = 0;
    char *text = e2e_read_file(csv, &len);
    assert_non_null(text);
    char *lines[64];
    int n = 0;
    for (char *s = strtok(text, "\n"); s && n < 64; s = strtok(NULL, "\n"))
        lines[n++] = s;
    FILE *f = fopen(csv, "wb");
    assert_non_null(f);
    fprintf(f, "%s\n", lines[0]); /* header */
    for (int i = n - 1; i >= 1; i--)
        fprintf(f, "%s\n", lines[i]);
    fclose(f);
    free(text);
}

static char *dump_enterprises(const char *out_dir)
{
    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(gpkg);
    assert_non_null(ds);
    static const char *const cols[] = {"enterprise_id", "status",     "land_mu",
                                       "tax_per_mu",    "eval_class", NULL};
    char *dump = e2e_table_dump(ds, "enterprises", cols);
    GDALClose(ds);
    free(gpkg);
    return dump;
}

static void test_run_facts_order__per_parcel_and_row_order(void **state)
{
    (void)state;
    GDALAllRegister();
    e2e_result r1 = {0}, r2 = {0};
    char *case_dir = NULL, *out1 = NULL;
    const char *extra[] = {"--no-ledger", NULL};
    e2e_run_case("facts_order", extra, &r1, &case_dir, &out1);
    if (r1.exit_code != 0)
        fail_msg("landscan exited %d: %s", r1.exit_code, r1.err);

    char *gpkg = e2e_join(out1, "landscan.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(gpkg);
    assert_non_null(ds);
    e2e_assert_field_str(ds, "parcels", "parcel_id", "P01", "status", "idle");
    e2e_assert_field_str(ds, "parcels", "parcel_id", "P01", "action", "reclaim");
    e2e_assert_field_str(ds, "parcels", "parcel_id", "P02", "status", "efficient");
    e2e_assert_field_near(ds, "parcels", "parcel_id", "P02", "tax_per_mu", 10.0);
    e2e_assert_field_str(ds, "enterprises", "enterprise_id", "91330200E1", "status", "partial");
    e2e_assert_field_near(ds, "enterprises", "enterprise_id", "91330200E1", "land_mu", 30.0);
    /* Supply screening (domain.md §10). All five firms are 规下 (no scale) on ≥ 3 mu, scored on
     * tax per mu alone (no electricity: that weight is dropped): E1 150 / 30 = 5.00, E2 6.67,
     * E3 8.00, E4 5.33, E5 6.00. n = 5: kA = ⌊1.25 + ½⌋ = 1, kAB = ⌊3.5 + ½⌋ = 4, kABC =
     * ⌊4.75 + ½⌋ = 5 → E3 A; E2, E5, E4 B; E1 C → E1 is barred from new land (C ∈ [C, D]). */
    e2e_assert_field_str(ds, "enterprises", "enterprise_id", "91330200E3", "eval_class", "A");
    e2e_assert_field_str(ds, "enterprises", "enterprise_id", "91330200E1", "eval_class", "C");
    e2e_assert_field_near(ds, "enterprises", "enterprise_id", "91330200E1", "supply_restricted",
                          1.0);
    e2e_assert_field_near(ds, "enterprises", "enterprise_id", "91330200E4", "supply_restricted",
                          0.0);
    GDALClose(ds);
    free(gpkg);

    /* the same delivery with the enterprise rows reversed */
    char *csv = e2e_join(case_dir, "qy.csv");
    reverse_rows(csv);
    char *run_yaml = e2e_join(case_dir, "RUN.yaml");
    char *out2 = e2e_join(case_dir, "out-reversed");
    const char *args[] = {"run", run_yaml, "-o", out2, "--quiet", "--no-ledger", NULL};
    e2e_run(&r2, args);
    if (r2.exit_code != 0)
        fail_msg("landscan (reversed rows) exited %d: %s", r2.exit_code, r2.err);
    static const char *const csvs[] = {"parcels.csv", "blocks.csv"};
    for (size_t i = 0; i < 2; i++) {
        char *a = e2e_join(out1, csvs[i]), *b = e2e_join(out2, csvs[i]);
        if (e2e_file_exists(a) || e2e_file_exists(b))
            if (!e2e_files_equal(a, b))
                fail_msg("%s differs when the enterprise rows are reversed", csvs[i]);
        free(a);
        free(b);
    }
    char *d1 = dump_enterprises(out1), *d2 = dump_enterprises(out2);
    assert_string_equal(d1, d2);
    free(d1);
    free(d2);

    free(csv);
    free(run_yaml);
    e2e_rm_rf(out2);
    free(out2);
    e2e_rm_rf(out1);
    e2e_rm_rf(case_dir);
    free(out1);
    free(case_dir);
    e2e_result_free(&r1);
    e2e_result_free(&r2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_facts_order__per_parcel_and_row_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
