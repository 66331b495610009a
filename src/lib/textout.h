/*
 * textout.h — small text writers shared by the CSV, what-if and diff outputs: CSV cells (RFC 4180
 * quoting, fixed decimals, NULL as an empty cell) and HTML escaping into an ls__buf, and a
 * whole buffer written to a file.
 *
 * They only format; they know nothing of parcels or runs. The run's CSVs (write_csv.c) and
 * the report CSV (report_csv.c) write the same cells: a row into one reused buffer, or straight
 * to their file (the _f forms). Numbers go through numfmt.h (printf's text, without printf).
 */
#ifndef LANDSCAN_TEXTOUT_H
#define LANDSCAN_TEXTOUT_H

#include <stdio.h>

#include "internal.h"

/* A CSV cell followed by "," (or "\r\n" when last); NULL → empty cell. */
void ls__csv_text(ls__buf *b, const char *s, int last);
/* A number with `decimals` decimals (no negative zero); NAN → empty cell. */
void ls__csv_num(ls__buf *b, double v, int decimals, int last);
/* An integer cell ("%ld"). */
void ls__csv_int(ls__buf *b, long v, int last);
/* The same cells written to a stream. */
void ls__csv_text_f(FILE *f, const char *s, int last);
void ls__csv_num_f(FILE *f, double v, int decimals, int last);
/* HTML-escaped text (& < > "), control characters replaced by spaces; NULL → nothing. */
void ls__html_esc(ls__buf *b, const char *s);
/* 1 when the ";"-separated list holds item exactly (parcel_ids of a correction, …). */
int ls__list_has(const char *list, const char *item);
/* Write the buffer to path (prefixed with the UTF-8 BOM when bom). LS_EIO / LS_ENOMEM with
 * the path in the message. The buffer is not freed. */
int ls__buf_write_file(ls_context *ctx, const ls__buf *b, const char *path, int bom);

#endif
