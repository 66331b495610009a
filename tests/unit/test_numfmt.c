/*
 * test_numfmt.c — ls__fmt_fixed / ls__buf_add_fixed (src/lib/numfmt.c) against the C
 * library's printf("%.*f"): hand-picked edges (exact ties 0.125 / 2.5 / 0.5, values just
 * beside a tie such as 2.675 and 1.005, -0.0, tiny negatives, 2^53 after scaling, NaN,
 * infinities, decimals 0…9 and outside) and a million pseudo-random values of the
 * magnitudes a run prints, every one compared byte for byte; truncation like snprintf.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "numfmt.h"

static void same_as_printf(double v, int decimals)
{
    char want[512], got[512];
    int n = snprintf(want, sizeof(want), "%.*f", decimals, v);
    size_t len = ls__fmt_fixed(got, sizeof(got), v, decimals);
    if (strcmp(want, got) != 0 || len != (size_t)n)
        fail_msg("%.17g with %d decimals: printf \"%s\", ls__fmt_fixed \"%s\" (%zu)", v, decimals,
                 want, got, len);
    ls__buf b = {0};
    ls__buf_add(&b, "x");
    ls__buf_add_fixed(&b, v, decimals);
    assert_false(b.failed);
    assert_string_equal(b.data + 1, want);
    ls__buf_free(&b);
}

static void test_numfmt__edges(void **state)
{
    (void)state;
    static const double values[] = {0.0,
                                    -0.0,
                                    0.5,
                                    1.5,
                                    2.5,
                                    -2.5,
                                    0.125,
                                    0.375,
                                    2.675,
                                    1.005,
                                    1.015,
                                    0.045,
                                    -0.001,
                                    -0.004999,
                                    0.0049999999999999,
                                    666.666666666666,
                                    1234567.891,
                                    99.995,
                                    9.9999999999,
                                    1e15,
                                    4503599627370495.5,
                                    9007199254740991.0,
                                    9007199254740993.0,
                                    1e22,
                                    1e300,
                                    -1e300,
                                    5e-324,
                                    2.2250738585072014e-308,
                                    0.1,
                                    0.7,
                                    1.0 / 3.0,
                                    NAN,
                                    INFINITY,
                                    -INFINITY};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        for (int d = -1; d <= 12; d++)
            same_as_printf(values[i], d < 0 ? 0 : d);
    for (int d = 10; d <= 20; d++)
        same_as_printf(3.14159, d);
}

/* xorshift64*: a reproducible stream of values over the magnitudes of areas, mu and money. */
static uint64_t rng = 88172645463325252ull;
static uint64_t next(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return rng * 2685821657736338717ull;
}

static void test_numfmt__random_values_match_printf(void **state)
{
    (void)state;
    for (int i = 0; i < 1000000; i++) {
        uint64_t r = next();
        double mant = (double)(r >> 11) / 9007199254740992.0; /* [0, 1) */
        int e = (int)(next() % 24) - 8;                       /* 1e-8 … 1e15 */
        double v = mant * pow(10.0, e);
        if (r & 1)
            v = -v;
        if ((r & 6) == 6) /* values on a decimal grid: ties and near-ties of every kind */
            v = round(v * 1000.0) / 1000.0 + ((r >> 3) & 1 ? 0.0005 : 0.0);
        same_as_printf(v, (int)(next() % 10));
    }
}

static void test_numfmt__truncates_like_snprintf(void **state)
{
    (void)state;
    char out[5];
    assert_int_equal(ls__fmt_fixed(out, sizeof(out), 12345.678, 2), 8);
    assert_string_equal(out, "1234");
    assert_int_equal(ls__fmt_fixed(out, sizeof(out), -1e300, 0), 302);
    assert_string_equal(out, "-100");
    assert_int_equal(ls__fmt_fixed(NULL, 0, 1.25, 1), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numfmt__edges),
        cmocka_unit_test(test_numfmt__random_values_match_printf),
        cmocka_unit_test(test_numfmt__truncates_like_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
