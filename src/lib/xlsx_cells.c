/*
 * xlsx_cells.c — the workbook's number cells and cell references without printf.
 *
 * libxlsxwriter (1.1.x, built without USE_DOUBLE_FUNCTION / USE_DTOA_LIBRARY as Debian does)
 * writes every number cell with fprintf("<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>") and makes
 * every cell's reference ("B12") with lxw_col_to_name + strlen + snprintf("%d"); at 10^5
 * parcels that printf work was ≈ 39 % of the workbook's CPU. As xlsx_zip.c does for the zip
 * level, this file defines those two exported functions itself (ELF symbol interposition: the
 * library calls both through its PLT, so the executable's definitions win) and writes the same
 * bytes: ls__fmt_g16() gives printf's "%.16G" text exactly — the 16 significant digits come
 * from exact integer arithmetic (mantissa × 5^q in 128 bits, shifted, rounded half to even
 * on the exact remainder, as glibc rounds), and whatever %G would print in exponent form (or
 * NaN, infinities, magnitudes outside 1e-5…1e16) goes to snprintf. Where libxlsxwriter is
 * linked statically or its layout differs from the header it was built with, these
 * definitions are not reached or must not be: CMakeLists.txt links every in-tree user of the
 * static library with --undefined for both symbols so that this file is taken from the
 * archive.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "xlsx_cells.h"

__extension__ typedef unsigned __int128 u128;

/* libxlsxwriter's own (exported, declared only in its TESTING build) */
void _write_number_cell(lxw_worksheet *self, char *range, int32_t style_index, lxw_cell *cell);
void lxw_rowcol_to_cell(char *cell_name, lxw_row_t row, lxw_col_t col);

static const uint64_t pow5[21] = {1ull,
                                  5ull,
                                  25ull,
                                  125ull,
                                  625ull,
                                  3125ull,
                                  15625ull,
                                  78125ull,
                                  390625ull,
                                  1953125ull,
                                  9765625ull,
                                  48828125ull,
                                  244140625ull,
                                  1220703125ull,
                                  6103515625ull,
                                  30517578125ull,
                                  152587890625ull,
                                  762939453125ull,
                                  3814697265625ull,
                                  19073486328125ull,
                                  95367431640625ull};

#define E15 1000000000000000ull
#define E16 10000000000000000ull

/* floor(a × 10^q) for a = m × 2^e and q in 0…20, with the rounding carry (half to even on the
 * exact remainder) added; exact. */
static uint64_t scaled_round(uint64_t m, int e, int q, uint64_t *floor_out)
{
    u128 p = (u128)m * pow5[q];
    int sh = e + q; /* a × 10^q = m × 5^q × 2^(e+q) */
    if (sh >= 0) {
        /* an integer: only reached for a × 10^q < 2^64 (a < 1e16, q small) */
        uint64_t n = (uint64_t)(p << sh);
        *floor_out = n;
        return n;
    }
    int r = -sh;
    if (r >= 120) {
        *floor_out = 0;
        return 0;
    }
    uint64_t n = (uint64_t)(p >> r);
    u128 rem = p & (((u128)1 << r) - 1), half = (u128)1 << (r - 1);
    *floor_out = n;
    if (rem > half || (rem == half && (n & 1)))
        n++;
    return n;
}

size_t ls__fmt_g16(char *out, double v)
{
    /* out has at least LS_FMT_G16_MAX bytes */
    double a = fabs(v);
    if (a == 0.0 && isfinite(v)) {
        size_t len = 0;
        if (signbit(v))
            out[len++] = '-';
        out[len++] = '0';
        out[len] = '\0';
        return len;
    }
    if (!(a >= 1e-5 && a < 1e16))
        goto slow;
    int e2;
    double f = frexp(a, &e2);                           /* a = f × 2^e2, f in [0.5, 1) */
    uint64_t m = (uint64_t)ldexp(f, 53);                /* exact: 53 bits */
    int e = e2 - 53;                                    /* a = m × 2^e */
    int k = (int)floor((e2 - 1) * 0.30102999566398120); /* ⌊log10 a⌋ or one less */
    uint64_t fl, n = 0;
    int ok = 0;
    for (int tries = 0; tries < 3; tries++) {
        int q = 15 - k;
        if (q < 0 || q > 20)
            goto slow;
        n = scaled_round(m, e, q, &fl);
        if (fl < E15)
            k--;
        else if (fl >= E16)
            k++;
        else {
            ok = 1;
            break;
        }
    }
    if (!ok)
        goto slow;
    if (n == E16) { /* rounded up to the next power of ten */
        n = E15;
        k++;
    }
    if (k < -4 || k >= 16)
        goto slow; /* %G's exponent form */
    /* n holds the 16 significant digits; %G prints them in f style with 15 - k decimals,
     * trailing zeros (and a bare point) removed */
    char dig[16];
    for (int i = 15; i >= 0; i--) {
        dig[i] = (char)('0' + n % 10);
        n /= 10;
    }
    int last = 15; /* the last non-zero digit */
    while (last > 0 && dig[last] == '0')
        last--;
    size_t len = 0;
    if (signbit(v))
        out[len++] = '-';
    if (k >= 0) {
        memcpy(out + len, dig, (size_t)k + 1);
        len += (size_t)k + 1;
        if (last > k) {
            out[len++] = '.';
            memcpy(out + len, dig + k + 1, (size_t)(last - k));
            len += (size_t)(last - k);
        }
    } else {
        out[len++] = '0';
        out[len++] = '.';
        for (int z = 0; z < -k - 1; z++)
            out[len++] = '0';
        memcpy(out + len, dig, (size_t)last + 1);
        len += (size_t)last + 1;
    }
    out[len] = '\0';
    return len;
slow:;
    int w = snprintf(out, LS_FMT_G16_MAX, "%.16G", v);
    return w < 0 ? 0 : (size_t)w;
}

/* Decimal digits of u (u > 0) at p; returns the count. */
static size_t put_uint(char *p, uint32_t u)
{
    char tmp[10];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    for (size_t i = 0; i < k; i++)
        p[i] = tmp[k - 1 - i];
    return k;
}

/* lxw_col_to_name(name, col, 0) followed by snprintf(…, LXW_MAX_ROW_NAME_LENGTH, "%d", row+1),
 * as libxlsxwriter's utility.c does */
void lxw_rowcol_to_cell(char *cell_name, lxw_row_t row, lxw_col_t col)
{
    char rev[8];
    size_t k = 0;
    lxw_col_t c = (lxw_col_t)(col + 1); /* 65535 wraps to 0: an empty name, as the library's */
    while (c) {
        int rem = c % 26;
        rev[k++] = (char)(rem ? 'A' - 1 + rem : 'Z');
        c = (lxw_col_t)((c - 1) / 26);
    }
    for (size_t i = 0; i < k; i++)
        cell_name[i] = rev[k - 1 - i];
    if (row < 99999999u) { /* row + 1 fits the library's 9-byte field */
        k += put_uint(cell_name + k, row + 1);
        cell_name[k] = '\0';
    } else {
        snprintf(cell_name + k, LXW_MAX_ROW_NAME_LENGTH, "%d", (int)(row + 1));
    }
}

/* worksheet.c's _write_number_cell: the same element, one fwrite */
void _write_number_cell(lxw_worksheet *self, char *range, int32_t style_index, lxw_cell *cell)
{
    static const char open[] = "<c r=\"", style[] = "\" s=\"", value[] = "\"><v>",
                      close[] = "</v></c>";
    char buf[sizeof open + LXW_MAX_CELL_NAME_LENGTH + sizeof style + 12 + sizeof value +
             LS_FMT_G16_MAX + sizeof close];
    size_t len = sizeof open - 1;
    memcpy(buf, open, len);
    size_t rl = strlen(range);
    if (rl > LXW_MAX_CELL_NAME_LENGTH) {
        /* not a reference the library makes: its own text */
        if (style_index)
            fprintf(self->file, "<c r=\"%s\" s=\"%d\"><v>%.16G</v></c>", range, style_index,
                    cell->u.number);
        else
            fprintf(self->file, "<c r=\"%s\"><v>%.16G</v></c>", range, cell->u.number);
        return;
    }
    memcpy(buf + len, range, rl);
    len += rl;
    if (style_index) {
        memcpy(buf + len, style, sizeof style - 1);
        len += sizeof style - 1;
        if (style_index < 0) {
            buf[len++] = '-';
            len += put_uint(buf + len, (uint32_t)0 - (uint32_t)style_index);
        } else {
            len += put_uint(buf + len, (uint32_t)style_index);
        }
    }
    memcpy(buf + len, value, sizeof value - 1);
    len += sizeof value - 1;
    len += ls__fmt_g16(buf + len, cell->u.number);
    memcpy(buf + len, close, sizeof close - 1);
    len += sizeof close - 1;
    fwrite(buf, 1, len, self->file);
}
