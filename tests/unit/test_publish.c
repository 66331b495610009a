/*
 * test_publish.c — the parts of `landscan publish` (src/lib/publish.c) that need no server:
 * the default schema name (slug of the run name + reference date, expected names written by
 * hand, the 8 hex digits from Python's hashlib.sha256 of the name), and the errors before
 * any connection: a missing file, a GeoPackage that is not a run, a refused connection whose
 * message names the target without its password. Publishing to a real server is tested in
 * tests/pg/test_pg_publish.py.
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

#include "geom_asserts.h"
#include "landscan/publish.h"

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    return 0;
}

static void expect_schema(const char *name, const char *date, const char *expected)
{
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char *schema = NULL;
    assert_int_equal(ls_publish_default_schema(ctx, name, date, &schema), LS_OK);
    assert_string_equal(schema, expected);
    assert_true(strlen(schema) <= 63);
    free(schema);
    ls_context_free(ctx);
}

static void test_publish__default_schema_names(void **state)
{
    (void)state;
    /* already a slug: kept as it is, the date appended */
    expect_schema("haishu_2025", "2025-12-31", "haishu_2025_20251231");
    /* capitals and a space: slugged, so the name's hash is added */
    expect_schema("Haishu 2025", "2025-12-31", "haishu_2025_20251231_h408d71c5");
    /* Chinese: only the digits survive; a slug starting with a digit gets run_ */
    expect_schema("海曙区 2025 低效用地", "2025-12-31", "run_2025_20251231_ha86289fa");
    expect_schema("海曙区", "2025-12-31", "run_20251231_h5f884e4e");
    expect_schema("江北区", "2025-12-31", "run_20251231_hf4972889"); /* distinct from 海曙区 */
    /* PostgreSQL reserves pg_ for its own schemas */
    expect_schema("pg classify", "2025-12-31", "run_pg_classify_20251231_hbb34c5e8");
    /* 100 letters: 44 kept + _20251231 (9) + _h28165978 (10) = 63 bytes */
    char longname[101];
    memset(longname, 'a', 100);
    longname[100] = '\0';
    expect_schema(longname, "2025-12-31",
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_20251231_h28165978");
}

static void test_publish__default_schema_bad_date(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char *schema = NULL;
    assert_int_equal(ls_publish_default_schema(ctx, "x", "31.12.2025", &schema), LS_EINVAL);
    assert_null(schema);
    tgeom_assert_contains_impl(ls_context_error(ctx), "'31.12.2025' is not yyyy-mm-dd", __FILE__,
                               __LINE__);
    ls_context_free(ctx);
}

static void test_publish__errors_before_any_write(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_publish_summary *sum = NULL;
    const char *target = "PG:host=/nonexistent port=1 dbname=x user=y password=sekrit";
    assert_int_equal(ls_publish(ctx, "/nonexistent/landscan.gpkg", target, NULL, &sum),
                     LS_ENOTFOUND);
    assert_null(sum);
    /* a GeoPackage without run_info */
    char path[512];
    snprintf(path, sizeof(path), "%s/testdata/e2e/measure/inputs.gpkg", LS_TEST_SOURCE_DIR);
    assert_int_equal(ls_publish(ctx, path, target, NULL, &sum), LS_EINVAL);
    tgeom_assert_contains_impl(ls_context_error(ctx), "not a finished landscan run", __FILE__,
                               __LINE__);
    ls_publish_options opts = LS_PUBLISH_OPTIONS_INIT;
    opts.version = 99;
    assert_int_equal(ls_publish(ctx, path, target, &opts, &sum), LS_EINVAL);
    assert_null(sum);
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_publish__default_schema_names),
        cmocka_unit_test(test_publish__default_schema_bad_date),
        cmocka_unit_test(test_publish__errors_before_any_write),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
