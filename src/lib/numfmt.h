/*
 * numfmt.h — fixed-point number formatting without printf, for the hot loops that print
 * hundreds of thousands of figures (CSV cells, check evidence, report cells).
 *
 * The text is byte-identical to printf("%.*f", decimals, v) for every double and every
 * decimals: the fast path rounds v × 10^decimals to the nearest integer only when that
 * integer is certain (the product is exact to half an ulp, and a value that lies within that
 * error of a .5 tie goes to snprintf, as do magnitudes ≥ 2^53 after scaling, NaN, infinities
 * and decimals outside 0…9). Negative values, -0.0 included, keep their sign as printf does.
 */
#ifndef LANDSCAN_NUMFMT_H
#define LANDSCAN_NUMFMT_H

#include <stddef.h>

#include "internal.h"

/* Enough for any fast-path result (sign, 16 integer digits, point, 9 decimals, NUL). */
#define LS_FMT_FIXED_FAST 32

/* v with `decimals` decimals into out (cap bytes, NUL-terminated, truncated like snprintf);
 * returns the length the full text has (as snprintf). */
size_t ls__fmt_fixed(char *out, size_t cap, double v, int decimals);
/* The same text appended to the buffer. */
void ls__buf_add_fixed(ls__buf *b, double v, int decimals);

#endif
