/*
 * test_report.c — the public report API (landscan/report.h): file stems of district names,
 * ls_report_write() on a finished run (every format, one district, no overwrite without
 * force) and its error paths (missing GeoPackage, bad options, unknown district), each
 * checking the code and the one-line message. The workbook and page contents are checked
 * with independent readers in tests/report/test_reports.py.
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
#include <landscan/landscan.h>

#include "e2e_helpers.h"

static void test_report__file_stem(void **state)
{
    (void)state;
    char *s = ls_report_file_stem("乙/区");
    assert_string_equal(s, "乙_区");
    free(s);
    s = ls_report_file_stem("a\\b:c*d?e\"f<g>h|i\tj");
    assert_string_equal(s, "a_b_c_d_e_f_g_h_i_j");
    free(s);
    s = ls_report_file_stem("");
    assert_string_equal(s, "未命名");
    free(s);
    s = ls_report_file_stem("..");
    assert_string_equal(s, "_..");
    free(s);
    s = ls_report_file_stem("海曙区");
    assert_string_equal(s, "海曙区");
    free(s);
}

static void test_report__missing_gpkg(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    int rc = ls_report_write(ctx, "/nonexistent/landscan.gpkg", NULL);
    assert_int_equal(rc, LS_ENOTFOUND);
    assert_non_null(strstr(ls_context_error(ctx), "/nonexistent/landscan.gpkg"));
    ls_context_free(ctx);
}

static void test_report__bad_options(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_report_options o = LS_REPORT_OPTIONS_INIT;
    o.version = 99;
    assert_int_equal(ls_report_write(ctx, "x.gpkg", &o), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(ctx), "bad options"));
    o.version = LS_REPORT_OPTIONS_VERSION;
    o.formats = 1 << 8;
    assert_int_equal(ls_report_write(ctx, "x.gpkg", &o), LS_EINVAL);
    ls_context_free(ctx);
}

/* On the classify case (one district, 丙区): every format for that district, an unknown
 * district is refused naming the districts, an existing report needs force. */
static void test_report__write_district(void **state)
{
    (void)state;
    e2e_result r;
    char *case_dir = NULL, *out_dir = NULL;
    e2e_run_case("classify", NULL, &r, &case_dir, &out_dir);
    assert_int_equal(r.exit_code, 0);
    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    char *dir = e2e_join(case_dir, "rebuilt");

    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_report_options o = LS_REPORT_OPTIONS_INIT;
    o.output_dir = dir;
    o.district = "丙区";
    o.formats = LS_REPORT_XLSX | LS_REPORT_HTML | LS_REPORT_CSV;
    assert_int_equal(ls_report_write(ctx, gpkg, &o), LS_OK);
    const char *const files[] = {"rebuilt/reports/丙区.xlsx", "rebuilt/reports/丙区.html",
                                 "rebuilt/reports/丙区.csv"};
    for (size_t i = 0; i < 3; i++) {
        char *f = e2e_join(case_dir, files[i]);
        assert_true(e2e_file_exists(f));
        free(f);
    }
    /* the run wrote the same page: rebuilding gives the same bytes */
    char *a = e2e_join(out_dir, "reports/丙区.html");
    char *b = e2e_join(dir, "reports/丙区.html");
    assert_true(e2e_files_equal(a, b));
    free(a);
    free(b);

    assert_int_equal(ls_report_write(ctx, gpkg, &o), LS_EEXIST);
    assert_non_null(strstr(ls_context_error(ctx), "丙区.xlsx"));
    o.force = 1;
    assert_int_equal(ls_report_write(ctx, gpkg, &o), LS_OK);

    o.district = "无此区";
    assert_int_equal(ls_report_write(ctx, gpkg, &o), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(ctx), "无此区"));
    assert_non_null(strstr(ls_context_error(ctx), "丙区"));

    ls_context_free(ctx);
    e2e_rm_rf(case_dir);
    free(gpkg);
    free(dir);
    free(case_dir);
    free(out_dir);
    e2e_result_free(&r);
}

int main(void)
{
    GDALAllRegister();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report__file_stem),
        cmocka_unit_test(test_report__missing_gpkg),
        cmocka_unit_test(test_report__bad_options),
        cmocka_unit_test(test_report__write_district),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
