/*
 * numfmt.c — ls__fmt_fixed(): printf("%.*f")-identical fixed-point text, fast for the values a
 * run prints (numfmt.h says when it falls back to snprintf and why the result is the same).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

static const double pow10_tab[10] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
static const uint64_t pow10_int[10] = {1ull,         10ull,        100ull,     1000ull,
                                       10000ull,     100000ull,    1000000ull, 10000000ull,
                                       100000000ull, 1000000000ull};

/* The fast path into buf (at least LS_FMT_FIXED_FAST bytes); 0 when it cannot be sure. */
static size_t fast_fixed(char *buf, double v, int decimals)
{
    if (decimals < 0 || decimals > 9 || !isfinite(v))
        return 0;
    double a = fabs(v);
    double s = a * pow10_tab[decimals]; /* exact to half an ulp: 10^d is exact */
    if (!(s < 9007199254740992.0))      /* 2^53: integers above are not all representable */
        return 0;
    double r = floor(s);
    double frac = s - r; /* exact (Sterbenz) */
    double tol = s * 2.3e-16;
    if (fabs(frac - 0.5) <= tol)
        return 0; /* the exact product may lie on either side of the tie */
    uint64_t n = (uint64_t)r + (frac > 0.5);
    uint64_t ip = n / pow10_int[decimals], fp = n % pow10_int[decimals];
    char digits[24];
    size_t k = 0;
    do {
        digits[k++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    size_t len = 0;
    if (signbit(v))
        buf[len++] = '-';
    while (k)
        buf[len++] = digits[--k];
    if (decimals) {
        buf[len++] = '.';
        for (int d = decimals - 1; d >= 0; d--) {
            buf[len + (size_t)d] = (char)('0' + fp % 10);
            fp /= 10;
        }
        len += (size_t)decimals;
    }
    buf[len] = '\0';
    return len;
}

size_t ls__fmt_fixed(char *out, size_t cap, double v, int decimals)
{
    char buf[LS_FMT_FIXED_FAST];
    size_t len = fast_fixed(buf, v, decimals);
    if (!len) {
        int n = snprintf(out, cap, "%.*f", decimals, v);
        return n < 0 ? 0 : (size_t)n;
    }
    if (cap) {
        size_t m = len < cap ? len : cap - 1;
        memcpy(out, buf, m);
        out[m] = '\0';
    }
    return len;
}

void ls__buf_add_fixed(ls__buf *b, double v, int decimals)
{
    char buf[LS_FMT_FIXED_FAST];
    size_t len = fast_fixed(buf, v, decimals);
    if (len)
        ls__buf_addn(b, buf, len);
    else
        ls__buf_addf(b, "%.*f", decimals, v);
}
