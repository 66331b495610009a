/*
 * evidence_text.c — the texts of the check evidence (classify_tests.c, flags.c) formatted
 * without printf: a parcel's 23 checks print ≈ 60 numbers, 100,000 parcels 6 million.
 *
 * ls__text_cat / ls__text_put give byte for byte the text snprintf gives for the same format
 * (truncated the same way at len - 1), for the conversions the evidence uses: %s, %d, %zu,
 * %0Nd, %.Nf (N one digit) and %%. Numbers go through ls__fmt_fixed (numfmt.h, exact); a
 * format with any other conversion is handed to vsnprintf whole.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence_text.h"
#include "numfmt.h"

/* The conversions the tests' texts use: %s, %d, %zu, %0Nd, %.Nf (N one digit) and %%. */
static int fmt_simple(const char *fmt)
{
    for (const char *c = strchr(fmt, '%'); c; c = strchr(c, '%')) {
        c++;
        if (*c == 's' || *c == 'd' || *c == '%')
            c++;
        else if (c[0] == 'z' && c[1] == 'u')
            c += 2;
        else if (c[0] == '0' && c[1] >= '1' && c[1] <= '9' && c[2] == 'd')
            c += 3;
        else if (c[0] == '.' && c[1] >= '0' && c[1] <= '9' && c[2] == 'f')
            c += 3;
        else
            return 0;
    }
    return 1;
}

/* Append s[0..n) to out[*used..len), truncated like snprintf. */
static void put_n(char *out, size_t len, size_t *used, const char *s, size_t n)
{
    size_t room = len - 1 - *used; /* *used < len */
    if (n > room)
        n = room;
    memcpy(out + *used, s, n);
    *used += n;
}

/* An unsigned integer with at least `width` digits (zero-padded). */
static void put_uint(char *out, size_t len, size_t *used, int neg, unsigned long long v, int width)
{
    if (neg && width > 0)
        width--; /* printf's width counts the sign */
    char digits[32];
    int k = 0;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k < width && k < (int)sizeof(digits))
        digits[k++] = '0';
    char text[34];
    size_t n = 0;
    if (neg)
        text[n++] = '-';
    while (k)
        text[n++] = digits[--k];
    put_n(out, len, used, text, n);
}

/* vsnprintf at out + strlen(out) with the same text, without printf for the conversions of
 * fmt_simple (numbers through ls__fmt_fixed, exact); anything else goes to vsnprintf. */
void ls__text_vcat(char *out, size_t len, const char *fmt, va_list ap)
{
    size_t used = strlen(out);
    if (used + 1 >= len)
        return;
    if (!fmt_simple(fmt)) {
        vsnprintf(out + used, len - used, fmt, ap);
        return;
    }
    for (const char *c = fmt; *c && used + 1 < len;) {
        const char *pct = strchr(c, '%');
        size_t lit = pct ? (size_t)(pct - c) : strlen(c);
        put_n(out, len, &used, c, lit);
        if (!pct)
            break;
        c = pct + 1;
        if (*c == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            put_n(out, len, &used, s, strlen(s));
            c++;
        } else if (*c == '%') {
            put_n(out, len, &used, "%", 1);
            c++;
        } else if (*c == 'd' || *c == '0') {
            int width = *c == '0' ? c[1] - '0' : 0;
            int v = va_arg(ap, int);
            put_uint(out, len, &used, v < 0,
                     v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, width);
            c += *c == '0' ? 3 : 1;
        } else if (*c == 'z') {
            put_uint(out, len, &used, 0, va_arg(ap, size_t), 0);
            c += 2;
        } else { /* .Nf */
            char num[LS_FMT_FIXED_FAST];
            double v = va_arg(ap, double);
            size_t n = ls__fmt_fixed(num, sizeof(num), v, c[1] - '0');
            if (n < sizeof(num))
                put_n(out, len, &used, num, n);
            else { /* longer than the fast path: printf's own text */
                char *big = ls__sprintf("%.*f", c[1] - '0', v);
                if (big)
                    put_n(out, len, &used, big, strlen(big));
                free(big);
            }
            c += 3;
        }
    }
    out[used] = '\0';
}

void ls__text_cat(char *out, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ls__text_vcat(out, len, fmt, ap);
    va_end(ap);
}

void ls__text_put(char *out, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    out[0] = '\0';
    ls__text_vcat(out, len, fmt, ap);
    va_end(ap);
}
