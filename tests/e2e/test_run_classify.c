/*
 * test_run_classify.c — end-to-end: status, action, reasons, reclaimable land (domain.md §4, §6)
 * and the block / district aggregates, on testdata/e2e/classify.
 *
 * Fixture (scripts/make_e2e_testdata.py; offsets in metres from (500000, 3300000), EPSG:4549):
 * rules.yaml = national-2008 + tax_per_mu_min 5. Every parcel is 100 x 100 = 10000 m2 = 15 mu,
 * industry code 1311 (GB/T 4754 major group 13 → FAR floor 1.0 in the 2008 table).
 *   control line K1 (tier 1) [-10,560]x[-10,110]: Q01, Q02, Q05 wholly inside; Q03, Q04 outside.
 *   Q01 [0,100]x[0,100]     0601, no building, no enterprise
 *   Q02 [200,300]x[0,100]   0601, building 80 x 50 = 4000 m2 x 4 floors (16 m) = 16000 m2,
 *                           enterprise C2 tax 150, VA 600, class A
 *   Q03 [0,100]x[300,400]   0601, same building (16000 m2), enterprise C3 tax 150, class B
 *   Q04 [200,300]x[300,400] 0702 (not industrial)
 *   Q05 [400,500]x[0,100]   0601, building 4000 m2 x 2 floors (8 m) = 8000 m2, enterprise C5
 *                           tax 30, class C
 *   blocks (a GBK shapefile): BK1 一号区块 [-50,550]x[-50,150] (Q01, Q02, Q05),
 *                             BK2 二号区块 [-50,550]x[250,450] (Q03, Q04)
 *   districts: one polygon 丙区 over everything, no town field.
 * Reason strings are asserted by code only (the numeric format is not fixed yet).
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

typedef struct {
    e2e_result res;
    char *case_dir, *out_dir, *gpkg_path;
    GDALDatasetH out;
} fixture;

static fixture F;

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    e2e_run_case("classify", NULL, &F.res, &F.case_dir, &F.out_dir);
    if (F.out_dir) {
        F.gpkg_path = e2e_join(F.out_dir, "landscan.gpkg");
        F.out = e2e_gpkg_open(F.gpkg_path);
    }
    if (F.res.exit_code != 0)
        fprintf(stderr, "landscan run (classify) exit %d\nstdout:\n%s\nstderr:\n%s\n",
                F.res.exit_code, F.res.out, F.res.err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (F.out)
        GDALClose(F.out);
    e2e_rm_rf(F.out_dir);
    e2e_rm_rf(F.case_dir);
    free(F.out_dir);
    free(F.case_dir);
    free(F.gpkg_path);
    e2e_result_free(&F.res);
    return 0;
}

static void require_run(void)
{
    if (F.res.exit_code != 0)
        fail_msg("landscan exited %d: %s", F.res.exit_code, F.res.err);
    if (!F.out)
        fail_msg("cannot open %s", F.gpkg_path ? F.gpkg_path : "(no output)");
}

#define NEAR(id, field, expected)                                                                  \
    e2e_assert_field_near(F.out, "parcels", "parcel_id", id, field, expected)
#define STR(id, field, expected)                                                                   \
    e2e_assert_field_str(F.out, "parcels", "parcel_id", id, field, expected)

/* 1 when the ';'-separated reasons hold a token that starts with `code` followed by '(' or the
 * end of the token (so NO_DATA_LE_TAX does not count as LE_TAX). */
static int has_code(const char *reasons, const char *code)
{
    size_t n = strlen(code);
    const char *p = reasons;
    while (p && *p) {
        while (*p == ';' || *p == ' ')
            p++;
        if (strncmp(p, code, n) == 0 && (p[n] == '\0' || p[n] == '(' || p[n] == ';' || p[n] == ' '))
            return 1;
        p = strchr(p, ';');
    }
    return 0;
}

static char *reasons_of(const char *id)
{
    char *r = NULL;
    int rc = e2e_get_string(F.out, "parcels", "parcel_id", id, "reasons", &r);
    if (rc < 0)
        fail_msg("parcels[%s].reasons: cannot read (%d)", id, rc);
    return r ? r : strdup("");
}

static void expect_code(const char *id, const char *code, int present)
{
    char *r = reasons_of(id);
    int has = has_code(r, code);
    if (has != present)
        fail_msg("parcels[%s].reasons = '%s': expected %s %s", id, r, code,
                 present ? "present" : "absent");
    free(r);
}

static void expect_bool(const char *id, const char *field, int expected)
{
    char *v = NULL;
    int rc = e2e_get_string(F.out, "parcels", "parcel_id", id, field, &v);
    if (rc != E2E_OK)
        fail_msg("parcels[%s].%s: cannot read (%d)", id, field, rc);
    int truthy = strcmp(v, "1") == 0 || e2e_contains_ci(v, "true") || e2e_contains_ci(v, "yes");
    int falsy = strcmp(v, "0") == 0 || e2e_contains_ci(v, "false") || e2e_contains_ci(v, "no");
    if (!(expected ? truthy : falsy))
        fail_msg("parcels[%s].%s = '%s', expected %s", id, field, v, expected ? "true" : "false");
    free(v);
}

static void test_run__exit_zero(void **state)
{
    (void)state;
    assert_int_equal(F.res.exit_code, 0);
    assert_non_null(F.out);
}

/* Q01: inside the lines (share 1), no building and no enterprise → IDLE_VACANT → idle, reclaim,
 * reclaimable = area_mu = 15, uplift 0; tax_per_mu NULL (no enterprise data). */
static void test_classify__vacant_parcel_is_idle(void **state)
{
    (void)state;
    require_run();
    STR("Q01", "status", "idle");
    STR("Q01", "action", "reclaim");
    expect_code("Q01", "IDLE_VACANT", 1);
    NEAR("Q01", "reclaimable_mu", 15.0);
    NEAR("Q01", "far_uplift_m2", 0.0);
    NEAR("Q01", "inside_control_m2", 10000.0);
    NEAR("Q01", "control_share", 1.0);
    STR("Q01", "control_tier", "1");
    NEAR("Q01", "floor_area_m2", 0.0);
    NEAR("Q01", "enterprise_count", 0);
    e2e_assert_field_null(F.out, "parcels", "parcel_id", "Q01", "tax_per_mu");
    expect_bool("Q01", "industrial", 1);
}

/* Q02: far 16000 / 10000 = 1.6 ≥ 1.0, coverage 4000 / 10000 = 0.4 ≥ 0.30, tax 150 / 15 = 10
 * ≥ 5, class A, share 1 → efficient, retain, reclaimable 0,
 * uplift max(0, 1.0 x 10000 - 16000) = 0. */
static void test_classify__well_built_high_tax_is_efficient(void **state)
{
    (void)state;
    require_run();
    NEAR("Q02", "far", 1.6);
    NEAR("Q02", "coverage", 0.4);
    NEAR("Q02", "far_floor", 1.0);
    NEAR("Q02", "tax_per_mu", 10.0);
    NEAR("Q02", "value_added_per_mu", 40.0);
    STR("Q02", "status", "efficient");
    STR("Q02", "action", "retain");
    NEAR("Q02", "reclaimable_mu", 0.0);
    NEAR("Q02", "far_uplift_m2", 0.0);
    expect_code("Q02", "LE_TAX", 0);
    expect_code("Q02", "LE_FAR", 0);
    expect_code("Q02", "LE_COVERAGE", 0);
    expect_code("Q02", "REL_OUTSIDE", 0);
    expect_code("Q02", "IDLE_VACANT", 0);
}

/* Q03: outside the lines (share 0 < 0.5), enterprise (class B, 15 mu < 50, so no AB50
 * exception) and a building → relocatable, relocate, reclaimable = 15. */
static void test_classify__outside_control_is_relocatable(void **state)
{
    (void)state;
    require_run();
    NEAR("Q03", "inside_control_m2", 0.0);
    NEAR("Q03", "control_share", 0.0);
    STR("Q03", "status", "relocatable");
    STR("Q03", "action", "relocate");
    expect_code("Q03", "REL_OUTSIDE", 1);
    expect_code("Q03", "REL_RETAIN_AB50", 0);
    NEAR("Q03", "reclaimable_mu", 15.0);
    NEAR("Q03", "far_uplift_m2", 0.0);
}

/* Q04: landuse 0702 (urban housing) → non_industrial, none, reclaimable 0. */
static void test_classify__non_industrial_landuse(void **state)
{
    (void)state;
    require_run();
    STR("Q04", "landuse", "0702");
    expect_bool("Q04", "industrial", 0);
    STR("Q04", "status", "non_industrial");
    STR("Q04", "action", "none");
    NEAR("Q04", "reclaimable_mu", 0.0);
    NEAR("Q04", "far_uplift_m2", 0.0);
}

/* Q05: tax 30 / 15 = 2 < 5 → LE_TAX; far 8000 / 10000 = 0.8 < 1.0 → LE_FAR; coverage 0.4 ≥ 0.3.
 * → low_efficiency, upgrade; reclaimable = 15 x max(0, 1 - 0.8 / 1.0) = 3.0;
 * uplift = 1.0 x 10000 - 8000 = 2000 m2. */
static void test_classify__low_tax_low_far_is_low_efficiency(void **state)
{
    (void)state;
    require_run();
    NEAR("Q05", "far", 0.8);
    NEAR("Q05", "tax_per_mu", 2.0);
    STR("Q05", "status", "low_efficiency");
    STR("Q05", "action", "upgrade");
    expect_code("Q05", "LE_TAX", 1);
    expect_code("Q05", "LE_FAR", 1);
    expect_code("Q05", "LE_COVERAGE", 0);
    NEAR("Q05", "reclaimable_mu", 3.0);
    NEAR("Q05", "far_uplift_m2", 2000.0);
}

/* Block names come from a GBK shapefile and must arrive as UTF-8. */
static void test_read__gbk_block_names(void **state)
{
    (void)state;
    require_run();
    STR("Q01", "block_id", "BK1");
    STR("Q01", "block_name", "一号区块");
    STR("Q03", "block_id", "BK2");
    STR("Q04", "block_name", "二号区块");
    STR("Q05", "district", "丙区");
}

/* BK1 = Q01 (idle), Q02 (efficient), Q05 (low_efficiency): 3 parcels, 3 industrial, 45 mu;
 * reclaimable 15 + 0 + 3 = 18; area-weighted far (0 + 16000 + 8000) / 30000 = 0.8;
 * uplift 0 + 0 + 2000; inside_control 45 mu.
 * BK2 = Q03 (relocatable), Q04 (non_industrial): 2 parcels, 1 industrial, 15 mu; reclaimable 15. */
static void test_aggregate__block_sums(void **state)
{
    (void)state;
    require_run();
    assert_int_equal(e2e_layer_count(F.out, "blocks"), 2);
#define B(id, field, v) e2e_assert_field_near(F.out, "blocks", "block_id", id, field, v)
    B("BK1", "parcel_count", 3);
    B("BK1", "industrial_count", 3);
    B("BK1", "industrial_mu", 45.0);
    B("BK1", "idle_count", 1);
    B("BK1", "idle_mu", 15.0);
    B("BK1", "low_efficiency_count", 1);
    B("BK1", "low_efficiency_mu", 15.0);
    B("BK1", "efficient_count", 1);
    B("BK1", "efficient_mu", 15.0);
    B("BK1", "relocatable_count", 0);
    B("BK1", "relocatable_mu", 0.0);
    B("BK1", "reclaimable_mu", 18.0);
    B("BK1", "far", 0.8);
    B("BK1", "far_uplift_m2", 2000.0);
    B("BK1", "inside_control_mu", 45.0);
    B("BK2", "parcel_count", 2);
    B("BK2", "industrial_count", 1);
    B("BK2", "industrial_mu", 15.0);
    B("BK2", "relocatable_count", 1);
    B("BK2", "relocatable_mu", 15.0);
    B("BK2", "idle_count", 0);
    B("BK2", "reclaimable_mu", 15.0);
    B("BK2", "far_uplift_m2", 0.0);
    B("BK2", "inside_control_mu", 0.0);
#undef B
}

/* One district 丙区 with all five parcels: 4 industrial (60 mu), one of each status,
 * reclaimable 15 + 15 + 3 = 33, uplift 2000. No town field → no towns layer. */
static void test_aggregate__district_sums_and_no_towns(void **state)
{
    (void)state;
    require_run();
    assert_int_equal(e2e_layer_count(F.out, "districts"), 1);
    const char *key = e2e_layer_has_field(F.out, "districts", "district") ? "district" : "name";
#define D(field, v) e2e_assert_field_near(F.out, "districts", key, "丙区", field, v)
    D("parcel_count", 5);
    D("industrial_count", 4);
    D("industrial_mu", 60.0);
    D("idle_count", 1);
    D("relocatable_count", 1);
    D("low_efficiency_count", 1);
    D("efficient_count", 1);
    D("reclaimable_mu", 33.0);
    D("far_uplift_m2", 2000.0);
#undef D
    long towns = e2e_layer_count(F.out, "towns");
    if (towns > 0)
        fail_msg("towns layer has %ld features without a town field", towns);
}

static void test_run__csv_with_bom_and_utf8_names(void **state)
{
    (void)state;
    require_run();
    char *pcsv = e2e_join(F.out_dir, "parcels.csv");
    char *bcsv = e2e_join(F.out_dir, "blocks.csv");
    assert_true(e2e_file_has_bom(pcsv));
    assert_true(e2e_file_has_bom(bcsv));
    char *text = e2e_read_file(bcsv, NULL);
    assert_non_null(text);
    if (!strstr(text, "一号区块"))
        fail_msg("blocks.csv does not hold the UTF-8 name 一号区块");
    free(text);
    text = e2e_read_file(pcsv, NULL);
    assert_non_null(text);
    if (!strstr(text, "parcel_id"))
        fail_msg("parcels.csv has no parcel_id header");
    if (!strstr(text, "Q05"))
        fail_msg("parcels.csv has no row for Q05");
    free(text);
    free(pcsv);
    free(bcsv);
}

/* classify_no_control: the same inputs without control_lines. Nothing is relocatable:
 * Q03 (far 1.6, coverage 0.4, tax 10 per mu, class B) is then efficient / retain with no
 * REL_OUTSIDE; Q01 stays idle; the run says in run_info that there were no control lines. */
static void test_classify__no_control_lines_nothing_relocatable(void **state)
{
    (void)state;
    e2e_result r;
    char *case_dir = NULL, *out_dir = NULL;
    e2e_run_case("classify_no_control", NULL, &r, &case_dir, &out_dir);
    if (r.exit_code != 0)
        fail_msg("landscan exited %d: %s", r.exit_code, r.err);
    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(gpkg);
    if (!ds)
        fail_msg("cannot open %s", gpkg);
    e2e_assert_field_str(ds, "parcels", "parcel_id", "Q03", "status", "efficient");
    e2e_assert_field_str(ds, "parcels", "parcel_id", "Q03", "action", "retain");
    e2e_assert_field_near(ds, "parcels", "parcel_id", "Q03", "reclaimable_mu", 0.0);
    char *reasons = NULL;
    e2e_get_string(ds, "parcels", "parcel_id", "Q03", "reasons", &reasons);
    if (reasons && has_code(reasons, "REL_OUTSIDE"))
        fail_msg("Q03 has REL_OUTSIDE without control lines: %s", reasons);
    free(reasons);
    e2e_assert_field_str(ds, "parcels", "parcel_id", "Q01", "status", "idle");
    e2e_assert_field_near(ds, "parcels", "parcel_id", "Q01", "inside_control_m2", 0.0);
    e2e_assert_field_near(ds, "blocks", "block_id", "BK2", "relocatable_count", 0);
    const char *cols[] = {"key", "value", "name", "item", NULL};
    char *info = e2e_table_dump(ds, "run_info", cols);
    if (!info)
        fail_msg("no run_info table");
    if (!e2e_contains_ci(info, "control"))
        fail_msg("run_info does not mention the missing control lines");
    free(info);
    GDALClose(ds);
    free(gpkg);
    e2e_result_free(&r);
    e2e_rm_rf(out_dir);
    e2e_rm_rf(case_dir);
    free(out_dir);
    free(case_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run__exit_zero),
        cmocka_unit_test(test_classify__vacant_parcel_is_idle),
        cmocka_unit_test(test_classify__well_built_high_tax_is_efficient),
        cmocka_unit_test(test_classify__outside_control_is_relocatable),
        cmocka_unit_test(test_classify__non_industrial_landuse),
        cmocka_unit_test(test_classify__low_tax_low_far_is_low_efficiency),
        cmocka_unit_test(test_read__gbk_block_names),
        cmocka_unit_test(test_aggregate__block_sums),
        cmocka_unit_test(test_aggregate__district_sums_and_no_towns),
        cmocka_unit_test(test_run__csv_with_bom_and_utf8_names),
        cmocka_unit_test(test_classify__no_control_lines_nothing_relocatable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
