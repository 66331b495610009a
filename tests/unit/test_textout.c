/*
 * test_textout.c — the CSV cells of src/lib/textout.c against the definitions they replace:
 * a number cell is printf("%.*f") of the value, or of 0.0 when |v| < 0.5 × 10^-decimals (no
 * "-0.00"), computed here with pow and snprintf; NAN is an empty cell; an integer cell is
 * printf("%ld"); text is quoted (RFC 4180, quotes doubled) only when it holds a comma, a quote
 * or a line break. The buffer form and the stream form (_f) give the same bytes.
 */
#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textout.h"

/* The stream form's bytes for one cell (written through a temporary file). */
static char *stream_cell(double v, const char *s, int decimals, int last)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    if (s)
        ls__csv_text_f(f, s, last);
    else
        ls__csv_num_f(f, v, decimals, last);
    long n = ftell(f);
    rewind(f);
    char *text = calloc((size_t)n + 1, 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return text;
}

static void number_is(double v, int decimals)
{
    char want[512] = "";
    if (!isnan(v))
        snprintf(want, sizeof(want), "%.*f", decimals,
                 fabs(v) < 0.5 * pow(10.0, -decimals) ? 0.0 : v);
    strcat(want, ",");
    ls__buf b = {0};
    ls__csv_num(&b, v, decimals, 0);
    assert_false(b.failed);
    if (strcmp(b.data, want) != 0)
        fail_msg("%.17g, %d decimals: want \"%s\", got \"%s\"", v, decimals, want, b.data);
    char *s = stream_cell(v, NULL, decimals, 0);
    assert_string_equal(s, want);
    free(s);
    ls__buf_free(&b);
}

static void test_textout__numbers_near_zero_and_ties(void **state)
{
    (void)state;
    for (int d = 0; d <= 11; d++) {
        double half = 0.5 * pow(10.0, -d);
        const double values[] = {half,
                                 -half,
                                 nextafter(half, 0.0),
                                 -nextafter(half, 0.0),
                                 nextafter(half, 1.0),
                                 -nextafter(half, 1.0),
                                 0.0,
                                 -0.0,
                                 1e-300,
                                 -1e-300};
        for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
            number_is(values[i], d);
    }
}

static void test_textout__numbers_ordinary_and_special(void **state)
{
    (void)state;
    const double values[] = {2.675, 1.005, -1.005, 123456.785,         0.125, -2.5,    1e15,
                             -1e15, 1e300, -1e300, 9007199254740993.0, NAN,   INFINITY};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
        for (int d = 0; d <= 3; d++)
            number_is(values[i], d);
    uint64_t x = 88172645463325252ULL;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v = ((double)(x >> 11) / 9007199254740992.0 - 0.3) * pow(10.0, (double)(i % 9));
        number_is(v, i % 4);
    }
}

static void test_textout__integers(void **state)
{
    (void)state;
    const long values[] = {0, 7, -7, 10, 999999999, -1000000000, LONG_MAX, LONG_MIN};
    for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
        char want[32];
        snprintf(want, sizeof(want), "%ld\r\n", values[i]);
        ls__buf b = {0};
        ls__csv_int(&b, values[i], 1);
        assert_string_equal(b.data, want);
        ls__buf_free(&b);
    }
}

static void test_textout__text_quoting(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"plain", "plain,"},
        {"a,b", "\"a,b\","},
        {"say \"hi\"", "\"say \"\"hi\"\"\","},
        {"\"", "\"\"\"\","},
        {"line\nbreak", "\"line\nbreak\","},
        {"cr\r", "\"cr\r\","},
        {"工业,用地", "\"工业,用地\","},
        {"", ","},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ls__buf b = {0};
        ls__csv_text(&b, cases[i][0], 0);
        assert_string_equal(b.data, cases[i][1]);
        char *s = stream_cell(0, cases[i][0], 0, 0);
        assert_string_equal(s, cases[i][1]);
        free(s);
        ls__buf_free(&b);
    }
    ls__buf b = {0};
    ls__csv_text(&b, NULL, 1); /* NULL: an empty cell */
    assert_string_equal(b.data, "\r\n");
    ls__buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_textout__numbers_near_zero_and_ties),
        cmocka_unit_test(test_textout__numbers_ordinary_and_special),
        cmocka_unit_test(test_textout__integers),
        cmocka_unit_test(test_textout__text_quoting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
