/*
 * xlsx_cells.h — printf's "%.16G" text without printf (the workbook's number cells,
 * src/lib/xlsx_cells.c, which also says why).
 */
#ifndef LANDSCAN_XLSX_CELLS_H
#define LANDSCAN_XLSX_CELLS_H

#include <stddef.h>

/* Enough for any "%.16G" text of a double (sign, 16 digits, point, exponent, NUL). */
#define LS_FMT_G16_MAX 32

/* snprintf(out, LS_FMT_G16_MAX, "%.16G", v), byte for byte; returns the length. */
size_t ls__fmt_g16(char *out, double v);

#endif
