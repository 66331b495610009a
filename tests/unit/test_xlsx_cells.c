/*
 * test_xlsx_cells.c — src/lib/xlsx_cells.c: ls__fmt_g16 against the C library's
 * snprintf("%.16G") (edges: zeros, exact ties at the 16th digit, both sides of every power of
 * ten from 1e-6 to 1e17, %G's switch to exponent form, NaN, infinities, subnormals; and
 * millions of pseudo-random values of every magnitude and bit pattern), and a workbook written
 * through libxlsxwriter with the overrides linked: its sheet XML holds exactly the cells the
 * library's own printf formats give (references from A1 to XFD1048576, styled and not).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <float.h>
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
#include <xlsxwriter.h>

#include "xlsx_cells.h"

static unsigned long checked;

static void same_as_printf(double v)
{
    char want[64], got[LS_FMT_G16_MAX];
    int n = snprintf(want, sizeof(want), "%.16G", v);
    size_t len = ls__fmt_g16(got, v);
    if (strcmp(want, got) != 0 || len != (size_t)n)
        fail_msg("%a (%.17g): printf \"%s\", ls__fmt_g16 \"%s\" (%zu)", v, v, want, got, len);
    checked++;
}

static void test_xlsx_cells__edges(void **state)
{
    (void)state;
    static const double values[] = {0.0,
                                    -0.0,
                                    1.0,
                                    -1.0,
                                    0.1,
                                    0.2,
                                    0.3,
                                    1.0 / 3.0,
                                    2.0 / 3.0,
                                    1234.57,
                                    -1234.57,
                                    0.01,
                                    99.995,
                                    2.675,
                                    1.005,
                                    1e-5,
                                    1e-4,
                                    9.9999999999999995e-5,
                                    0.000099999999999999991,
                                    1e15,
                                    1e16,
                                    9999999999999998.0,
                                    9999999999999999.0,
                                    9999999999999999.5,
                                    999999999999999.9,
                                    999999999999999.94,
                                    999999999999999.96,
                                    1234567890123456.5, /* exact ties at the 16th digit */
                                    1234567890123457.5,
                                    1000000000000000.5,
                                    8999999999999999.5,
                                    4503599627370495.5,
                                    4503599627370496.5,
                                    9007199254740993.0,
                                    123456789012345.65,
                                    0.1234567890123456,
                                    0.12345678901234565,
                                    5e-324,
                                    DBL_MIN,
                                    DBL_MAX,
                                    -DBL_MAX,
                                    DBL_EPSILON,
                                    1e300,
                                    1e-300,
                                    INFINITY,
                                    -INFINITY,
                                    NAN};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        same_as_printf(values[i]);
    /* both sides of every power of ten, and the halves just beside them */
    for (int e = -7; e <= 18; e++) {
        double p = pow(10.0, e);
        double x = p;
        for (int s = 0; s < 40; s++) {
            same_as_printf(x);
            same_as_printf(-x);
            x = nextafter(x, 0.0);
        }
        x = p;
        for (int s = 0; s < 40; s++) {
            same_as_printf(x);
            x = nextafter(x, INFINITY);
        }
        same_as_printf(p * 0.99999999999999995);
        same_as_printf(p * 0.9999999999999999);
        same_as_printf(p * 1.0000000000000005);
    }
    /* exact halves after 16 digits: k + 0.5 for 16-digit k (all representable below 2^53) */
    for (uint64_t k = 1000000000000000ull; k < 9007199254740000ull; k += 123456789012345ull) {
        same_as_printf((double)k + 0.5);
        same_as_printf((double)k + 1.5);
        same_as_printf((double)k);
    }
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next_u64(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void test_xlsx_cells__random(void **state)
{
    (void)state;
    checked = 0;
    for (int i = 0; i < 1000000; i++) {
        /* any bit pattern: every exponent, NaNs and infinities included */
        uint64_t bits = next_u64();
        double v;
        memcpy(&v, &bits, sizeof v);
        same_as_printf(v);
        /* uniform in the decade 10^-6 … 10^17 */
        double u = (double)(next_u64() >> 11) / 9007199254740992.0;
        double w = pow(10.0, -6.0 + 23.0 * u);
        same_as_printf(w);
        /* the values a workbook holds: areas to 2 decimals, counts, ratios */
        same_as_printf(round(w * 100.0) / 100.0);
        same_as_printf(-floor(w));
        same_as_printf((double)(next_u64() % 100000) / 1000.0);
    }
    assert_true(checked >= 5000000);
}

/* the part `name` of the zip `path`, read with unzip -p into a malloc'd string */
static char *zip_part(const char *path, const char *name)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, name);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    size_t got;
    while ((got = fread(s + len, 1, cap - len - 1, p)) > 0) {
        len += got;
        if (cap - len < 2) {
            cap *= 2;
            s = realloc(s, cap);
            assert_non_null(s);
        }
    }
    s[len] = '\0';
    assert_int_equal(pclose(p), 0);
    return s;
}

struct cellpos {
    lxw_row_t row;
    lxw_col_t col;
    const char *ref;
};

void _write_number_cell(lxw_worksheet *self, char *range, int32_t style_index, lxw_cell *cell);

static void test_xlsx_cells__workbook(void **state)
{
    (void)state;
    /* the library's calls reach this file's definitions (interposition), not its own */
    void *seen = dlsym(RTLD_DEFAULT, "_write_number_cell");
    void (*mine)(lxw_worksheet *, char *, int32_t, lxw_cell *) = _write_number_cell;
    assert_true(seen == *(void **)&mine);
    seen = dlsym(RTLD_DEFAULT, "lxw_rowcol_to_cell");
    void (*mine_ref)(char *, lxw_row_t, lxw_col_t) = lxw_rowcol_to_cell;
    assert_true(seen == *(void **)&mine_ref);
    static const struct cellpos cells[] = {{0, 0, "A1"},
                                           {0, 1, "B1"},
                                           {0, 25, "Z1"},
                                           {1, 26, "AA2"},
                                           {9, 51, "AZ10"},
                                           {99, 52, "BA100"},
                                           {12344, 701, "ZZ12345"},
                                           {99998, 702, "AAA99999"},
                                           {999999, 16383, "XFD1000000"},
                                           {1048575, 16383, "XFD1048576"}};
    static const double values[] = {0.0,  -0.0,    1234.57,   1.0 / 3.0, 1e-7,
                                    1e20, -99.995, 123456789, 0.0001,    9999999999999999.5};
    char path[] = "/tmp/test_xlsx_cells_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    assert_non_null(wb);
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    size_t n = sizeof cells / sizeof cells[0];
    for (size_t i = 0; i < n; i++)
        assert_int_equal(
            worksheet_write_number(ws, cells[i].row, cells[i].col, values[i], i % 2 ? bold : NULL),
            LXW_NO_ERROR);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    char *xml = zip_part(path, "xl/worksheets/sheet1.xml");
    unlink(path);
    /* every cell, in order, exactly as the library's printf formats write it */
    const char *at = xml;
    int style = -1;
    for (size_t i = 0; i < n; i++) {
        char want[128];
        if (i % 2) {
            if (style < 0) {
                const char *s = strstr(at, "\" s=\"");
                assert_non_null(s);
                style = atoi(s + 5);
                assert_true(style > 0);
            }
            snprintf(want, sizeof want, "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", cells[i].ref,
                     style, values[i]);
        } else {
            snprintf(want, sizeof want, "<c r=\"%s\"><v>%.16G</v></c>", cells[i].ref, values[i]);
        }
        const char *hit = strstr(at, want);
        if (!hit)
            fail_msg("cell %zu: \"%s\" not in the sheet after offset %td:\n%s", i, want, at - xml,
                     xml);
        at = hit + strlen(want);
    }
    size_t count = 0;
    for (const char *s = xml; (s = strstr(s, "<c ")) != NULL; s++)
        count++;
    assert_int_equal(count, n);
    /* the dimension reference the library makes with lxw_rowcol_to_cell */
    assert_non_null(strstr(xml, "<dimension ref=\"A1:XFD1048576\"/>"));
    free(xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_xlsx_cells__edges),
        cmocka_unit_test(test_xlsx_cells__random),
        cmocka_unit_test(test_xlsx_cells__workbook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
