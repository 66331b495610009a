/*
 * test_far_floor.c — FAR floors by industry (far_floor.c): the shipped national-2008 table,
 * code forms with and without a section letter, the 2002 ↔ 2017 crosswalk where the two
 * readings differ, unknown codes, and the error paths of the loader.
 *
 * Expected floors come from domain.md §5 and research-domain.md §4.3 (2002 table; 2017
 * divisions shifted from 29 upward), not from the data file.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "far_floor.h"

static const char *preset_dir(void)
{
    const char *d = getenv("LANDSCAN_PRESET_DIR");
    return d && *d ? d : LS_TEST_PRESET_DIR;
}

typedef struct fx {
    ls_context *ctx;
    ls__far_table *t;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    assert_int_equal(ls_context_new(&f->ctx), LS_OK);
    assert_int_equal(ls__far_table_load(f->ctx, preset_dir(), "national-2008", &f->t), LS_OK);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    ls__far_table_free(f->t);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

#define FLOOR(f, std, code) ls__far_table_floor((f)->t, (std), (code))

static void test_far_floor__code_forms_same_division(void **state)
{
    fx *f = *state;
    /* 2017 division 34 = 通用设备 ← 2002 35 通用设备 = 0.7, in every spelling. */
    assert_float_equal(FLOOR(f, "gbt4754-2017", "C3411"), 0.7, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "3411"), 0.7, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "34"), 0.7, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", " c 3411 "), 0.7, 1e-12);
    /* Standard names compare case-insensitively. */
    assert_float_equal(FLOOR(f, "GBT4754-2017", "C13"), 1.0, 1e-12);
}

static void test_far_floor__crosswalk_2002_vs_2017(void **state)
{
    fx *f = *state;
    /* 31: 2002 非金属矿物 0.7; 2017 黑色金属 (2002 32) 0.6. */
    assert_float_equal(FLOOR(f, "gbt4754-2002", "3110"), 0.7, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "C3110"), 0.6, 1e-12);
    /* 30: 2002 塑料 1.0; 2017 非金属矿物 (2002 31) 0.7. */
    assert_float_equal(FLOOR(f, "gbt4754-2002", "30"), 1.0, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "30"), 0.7, 1e-12);
    /* 33: 2002 有色金属 0.6; 2017 金属制品 (2002 34) 0.7. */
    assert_float_equal(FLOOR(f, "gbt4754-2002", "33"), 0.6, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "33"), 0.7, 1e-12);
    /* 39: 2002 电气机械 0.7; 2017 计算机通信电子 (2002 40) 1.0. */
    assert_float_equal(FLOOR(f, "gbt4754-2002", "C3911"), 0.7, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "C3911"), 1.0, 1e-12);
    /* 42: 2002 工艺品及其他 1.0; 2017 废弃资源 (2002 43) 0.7. */
    assert_float_equal(FLOOR(f, "gbt4754-2002", "42"), 1.0, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "42"), 0.7, 1e-12);
    /* 38: not used in 2002 (NAN); 2017 电气机械 (2002 39) 0.7. */
    assert_true(isnan(FLOOR(f, "gbt4754-2002", "38")));
    assert_float_equal(FLOOR(f, "gbt4754-2017", "38"), 0.7, 1e-12);
    /* Below 29 the two readings agree: 25 石油加工 0.5, 26 化学原料 0.6. */
    assert_float_equal(FLOOR(f, "gbt4754-2002", "25"), 0.5, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "25"), 0.5, 1e-12);
    assert_float_equal(FLOOR(f, "gbt4754-2017", "2614"), 0.6, 1e-12);
}

static void test_far_floor__null_standard_means_2017(void **state)
{
    fx *f = *state;
    assert_float_equal(FLOOR(f, NULL, "31"), 0.6, 1e-12);
    assert_float_equal(FLOOR(f, "", "31"), 0.6, 1e-12);
}

static void test_far_floor__unknown_is_nan(void **state)
{
    fx *f = *state;
    assert_true(isnan(FLOOR(f, "gbt4754-2017", "44"))); /* electricity: no floor */
    assert_true(isnan(FLOOR(f, "gbt4754-2017", "99")));
    assert_true(isnan(FLOOR(f, "gbt4754-2017", "3"))); /* one digit */
    assert_true(isnan(FLOOR(f, "gbt4754-2017", "C")));
    assert_true(isnan(FLOOR(f, "gbt4754-2017", "CC34"))); /* two letters */
    assert_true(isnan(FLOOR(f, "gbt4754-2017", "")));
    assert_true(isnan(FLOOR(f, "gbt4754-2017", NULL)));
    assert_true(isnan(FLOOR(f, "isic-4", "34"))); /* unknown standard */
    assert_true(isnan(ls__far_table_floor(NULL, "gbt4754-2017", "34")));
}

static void test_far_floor__missing_table_not_found(void **state)
{
    fx *f = *state;
    ls__far_table *t = NULL;
    assert_int_equal(ls__far_table_load(f->ctx, preset_dir(), "no-such-table", &t), LS_ENOTFOUND);
    assert_null(t);
    assert_non_null(strstr(ls_context_error(f->ctx), "no-such-table.far.csv"));
}

static void test_far_floor__bad_line_names_line(void **state)
{
    fx *f = *state;
    char dir[] = "/tmp/ls_far_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof(path), "%s/bad.far.csv", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("standard,code,floor\ngbt4754-2017,34,zero\n", fp);
    fclose(fp);
    ls__far_table *t = NULL;
    assert_int_equal(ls__far_table_load(f->ctx, dir, "bad", &t), LS_EINVAL);
    assert_null(t);
    assert_non_null(strstr(ls_context_error(f->ctx), "line 2"));
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_far_floor__code_forms_same_division, setup, teardown),
        cmocka_unit_test_setup_teardown(test_far_floor__crosswalk_2002_vs_2017, setup, teardown),
        cmocka_unit_test_setup_teardown(test_far_floor__null_standard_means_2017, setup, teardown),
        cmocka_unit_test_setup_teardown(test_far_floor__unknown_is_nan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_far_floor__missing_table_not_found, setup, teardown),
        cmocka_unit_test_setup_teardown(test_far_floor__bad_line_names_line, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
