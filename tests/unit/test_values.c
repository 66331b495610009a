/*
 * test_values.c — dates, numbers and booleans as they appear in cadastral tables
 * (src/lib/values.c). Expected day counts are computed by hand from 1970-01-01.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "internal.h"

/* cmocka's float assert works in float; compare doubles with a message instead. */
#define assert_dbl_equal(a, b, eps) dbl_equal((a), (b), (eps), __FILE__, __LINE__)
static void dbl_equal(double a, double b, double eps, const char *file, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("%s:%d: %.17g != %.17g", file, line, a, b);
}

static int parse_date(const char *text)
{
    int days = 12345;
    if (ls__date_parse(text, &days) != 0)
        return LS_NO_DATE;
    return days;
}

static void test_values__date_epoch_and_known_days(void **state)
{
    (void)state;
    assert_int_equal(ls__date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(ls__date_from_ymd(1969, 12, 31), -1);
    /* 2000-03-01: 30 years incl. 7 leap days (72..96, 2000 not yet) + Jan 31 + Feb 29. */
    assert_int_equal(ls__date_from_ymd(2000, 3, 1), 30 * 365 + 7 + 31 + 29);
    assert_int_equal(ls__date_from_ymd(2021, 3, 5), 18691);
}

static void test_values__date_round_trip(void **state)
{
    (void)state;
    for (int days = -800000; days <= 800000; days += 97) {
        int y, m, d;
        ls__date_to_ymd(days, &y, &m, &d);
        assert_int_equal(ls__date_from_ymd(y, m, d), days);
    }
    int y, m, d;
    ls__date_to_ymd(ls__date_from_ymd(2024, 2, 29), &y, &m, &d);
    assert_int_equal(y, 2024);
    assert_int_equal(m, 2);
    assert_int_equal(d, 29);
}

static void test_values__date_forms(void **state)
{
    (void)state;
    const int want = ls__date_from_ymd(2021, 3, 5);
    const char *forms[] = {"2021-03-05",
                           "2021-3-5",
                           "2021/03/05",
                           "2021/3/5",
                           "2021.3.5",
                           "20210305",
                           "2021年3月5日",
                           "2021-03-05 00:00:00",
                           "2021-03-05T08:30:00Z",
                           "  2021-03-05  ",
                           "2021年03月05日"};
    for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
        if (parse_date(forms[i]) != want)
            fail_msg("date form '%s' not parsed", forms[i]);
    }
}

static void test_values__date_leap_years(void **state)
{
    (void)state;
    assert_int_equal(parse_date("2020-02-29"), ls__date_from_ymd(2020, 2, 29));
    assert_int_equal(parse_date("2000-02-29"), ls__date_from_ymd(2000, 2, 29));
    assert_int_equal(parse_date("2021-02-29"), LS_NO_DATE);
    assert_int_equal(parse_date("1900-02-29"), LS_NO_DATE);
}

static void test_values__date_rejects_bad_text(void **state)
{
    (void)state;
    const char *bad[] = {"",           "   ",       "abc",          "2021-13-01", "2021-00-10",
                         "2021-04-31", "2021-3",    "2021-03-05x",  "2021/03-05", "202103051",
                         "210305",     "2021年3月", "2021-03-05 x", "0000-01-01", "2021--3-5"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (parse_date(bad[i]) != LS_NO_DATE)
            fail_msg("bad date '%s' accepted", bad[i]);
    }
    int days = 7;
    assert_int_equal(ls__date_parse(NULL, &days), -1);
    assert_int_equal(days, 7);
}

#define YMD ls__date_from_ymd

/* Calendar years (domain.md §1): ≥ N years from the N-th anniversary on, never days / 365. */
static void test_values__date_years(void **state)
{
    (void)state;
    int a = YMD(2020, 1, 1);
    assert_dbl_equal(ls__date_years(a, a), 0.0, 0);
    /* the case: halted since 2024-06-30 is 2 years on 2026-06-30, exactly */
    assert_dbl_equal(ls__date_years(YMD(2024, 6, 30), YMD(2026, 6, 30)), 2.0, 0);
    /* the day before: 1 anniversary (2025-06-30) + 364 of the 365 days to the next */
    assert_dbl_equal(ls__date_years(YMD(2024, 6, 30), YMD(2026, 6, 29)), 1.0 + 364.0 / 365.0,
                     1e-12);
    /* a span with a 29 February: 2022-06-30 → 2024-06-30 is 731 days, still exactly 2 */
    assert_dbl_equal(ls__date_years(YMD(2022, 6, 30), YMD(2024, 6, 30)), 2.0, 0);
    /* its day before: 1 + 365 of the 366 days from 2023-06-30 to 2024-06-30 */
    assert_dbl_equal(ls__date_years(YMD(2022, 6, 30), YMD(2024, 6, 29)), 1.0 + 365.0 / 366.0,
                     1e-12);
    /* agreed start 2024-12-31: 1 year on 2025-12-31, not before */
    assert_dbl_equal(ls__date_years(YMD(2024, 12, 31), YMD(2025, 12, 31)), 1.0, 0);
    assert_true(ls__date_years(YMD(2024, 12, 31), YMD(2025, 12, 30)) < 1.0);
    /* from a 29 February: the anniversary in a common year is 28 February */
    assert_dbl_equal(ls__date_years(YMD(2024, 2, 29), YMD(2025, 2, 28)), 1.0, 0);
    assert_true(ls__date_years(YMD(2024, 2, 29), YMD(2025, 2, 27)) < 1.0);
    /* … and 29 February again in a leap year: 4 years on 2028-02-29, not on 02-28 */
    assert_dbl_equal(ls__date_years(YMD(2024, 2, 29), YMD(2028, 2, 29)), 4.0, 0);
    assert_true(ls__date_years(YMD(2024, 2, 29), YMD(2028, 2, 28)) < 4.0);
    /* reversed spans are negative */
    assert_dbl_equal(ls__date_years(YMD(2026, 6, 30), YMD(2024, 6, 30)), -2.0, 0);
}

static void test_values__date_add_and_after_years(void **state)
{
    (void)state;
    assert_int_equal(ls__date_add_years(YMD(2024, 2, 29), 1), YMD(2025, 2, 28));
    assert_int_equal(ls__date_add_years(YMD(2024, 2, 29), 4), YMD(2028, 2, 29));
    assert_int_equal(ls__date_add_years(YMD(2024, 6, 30), 2), YMD(2026, 6, 30));
    assert_int_equal(ls__date_after_years(YMD(2024, 6, 30), 2.0), YMD(2026, 6, 30));
    assert_int_equal(ls__date_after_years(YMD(2024, 6, 30), 0.0), YMD(2024, 6, 30));
    /* 1.5 years: 2025-06-30 + ceil(0.5 × 365) = 183 days = 2025-12-30
     * (1 + 183/365 = 1.5014 ≥ 1.5; the day before 1 + 182/365 = 1.4986) */
    assert_int_equal(ls__date_after_years(YMD(2024, 6, 30), 1.5), YMD(2025, 12, 30));
}

static void test_values__number_accepts(void **state)
{
    (void)state;
    double v = 0;
    assert_int_equal(ls__number_parse("12.5", &v), 0);
    assert_dbl_equal(v, 12.5, 0);
    assert_int_equal(ls__number_parse("  -3 ", &v), 0);
    assert_dbl_equal(v, -3, 0);
    assert_int_equal(ls__number_parse("1,234,567.25", &v), 0);
    assert_dbl_equal(v, 1234567.25, 0);
    assert_int_equal(ls__number_parse("+1e3", &v), 0);
    assert_dbl_equal(v, 1000, 0);
    assert_int_equal(ls__number_parse(".5", &v), 0);
    assert_dbl_equal(v, 0.5, 0);
}

static void test_values__number_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"",     "  ",  "abc",   "1.2.3", "nan",  "NaN",      "inf",   "-Infinity",
                         "0x10", "1,2", "12abc", "1 000", ",123", "1,23,456", "1e999", "-"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        double v = 42;
        if (ls__number_parse(bad[i], &v) != -1 || v != 42)
            fail_msg("bad number '%s' accepted", bad[i]);
    }
    double v = 1;
    assert_int_equal(ls__number_parse(NULL, &v), -1);
}

static void test_values__bool_forms(void **state)
{
    (void)state;
    const char *yes[] = {"1", "true", "TRUE", "yes", "Y", "y", "T", "是", " True "};
    const char *no[] = {"0", "false", "False", "no", "N", "n", "f", "否"};
    int v;
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        v = -1;
        assert_int_equal(ls__bool_parse(yes[i], &v), 0);
        assert_int_equal(v, 1);
    }
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
        v = -1;
        assert_int_equal(ls__bool_parse(no[i], &v), 0);
        assert_int_equal(v, 0);
    }
}

static void test_values__bool_rejects(void **state)
{
    (void)state;
    const char *bad[] = {"", "2", "maybe", "yess", "是的", "-1"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int v = 7;
        assert_int_equal(ls__bool_parse(bad[i], &v), -1);
        assert_int_equal(v, 7);
    }
    int v = 7;
    assert_int_equal(ls__bool_parse(NULL, &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values__date_epoch_and_known_days),
        cmocka_unit_test(test_values__date_round_trip),
        cmocka_unit_test(test_values__date_forms),
        cmocka_unit_test(test_values__date_leap_years),
        cmocka_unit_test(test_values__date_rejects_bad_text),
        cmocka_unit_test(test_values__date_years),
        cmocka_unit_test(test_values__date_add_and_after_years),
        cmocka_unit_test(test_values__number_accepts),
        cmocka_unit_test(test_values__number_rejects),
        cmocka_unit_test(test_values__bool_forms),
        cmocka_unit_test(test_values__bool_rejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
