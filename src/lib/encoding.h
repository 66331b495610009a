/*
 * encoding.h — text encodings of input attributes: UTF-8 validation and repair, iconv
 * transcoding, and opening a vector input so that every string OGR hands out is UTF-8
 * (shapefile .cpg / LDID / run-file `encoding:` / GB18030 detection; GBK CSV transcoded
 * into a /vsimem/ copy). research-domain.md §7.3, qgis.md §5.
 *
 * The pure byte functions need no context; ls__encoding_open() needs GDAL registered.
 */
#ifndef LANDSCAN_ENCODING_H
#define LANDSCAN_ENCODING_H

#include <gdal.h>
#include <stddef.h>

#include "internal.h"

/* Offset of the first byte that is not part of a valid UTF-8 sequence (overlongs,
 * surrogates and code points above U+10FFFF are invalid), or (size_t)-1 when all n bytes
 * are valid. */
size_t ls__utf8_invalid_at(const char *s, size_t n);
/* 1 when the NUL-terminated s is valid UTF-8 (NULL counts as valid). */
int ls__utf8_valid(const char *s);
/* Copy of s with every invalid byte replaced by U+FFFD. NULL on allocation failure.
 * Caller frees. */
char *ls__utf8_repair(const char *s);

/* The iconv name landscan uses for a user's encoding name: GBK, CP936, 936, GB2312 and
 * EUC-CN become GB18030 (a superset, so safe); UTF8/utf-8 become UTF-8; anything else is
 * returned as given. Borrowed pointer (static or s). */
const char *ls__encoding_canonical(const char *name);
/* 1 when iconv can convert from `name` (after ls__encoding_canonical) to UTF-8. */
int ls__encoding_known(const char *name);

/* Transcode n bytes from encoding `from` to UTF-8 with iconv. On success returns 0 and
 * *out (NUL-terminated, caller frees) and *out_len; -1 with *bad_at = offset of the first
 * byte that cannot be decoded (or n when the encoding is unknown / memory ran out). */
int ls__encoding_to_utf8(const char *from, const char *in, size_t n, char **out, size_t *out_len,
                         size_t *bad_at);

/* A vector input opened read-only with its text decoding settled. */
typedef struct ls__source {
    GDALDatasetH gds; /* NULL when GDAL could not open the file (caller reports it) */
    char *encoding;   /* how text is decoded, e.g. "CP936 (.cpg)", "GB18030 (detected)" */
    char *mem_dir;    /* /vsimem/ folder of a transcoded copy, removed by _close, or NULL */
    int shx_restored; /* 1 when the .shx was missing and rebuilt in memory */
} ls__source;

/* Flags of ls__encoding_open(). */
enum { LS__ENCODING_QUIET = 1 /* no warning notices (a second open of the same input) */ };

/* Open `path` for reading with OGR. `layer` (or NULL for the first) is the layer whose text
 * is checked; `override` is the run file's `encoding:` (NULL when not given); `yaml_where`
 * ("RUN.yaml:12", may be NULL) names it in messages; `flags` LS__ENCODING_QUIET or 0.
 *  - shapefile/DBF: a .cpg or a code-page byte (LDID other than 0 and 87) decides; else
 *    `encoding:`; else the raw bytes are checked and, when not UTF-8, the file is reopened
 *    as GB18030 with a warning notice naming the file. A declared encoding whose text still
 *    comes out invalid falls back the same way.
 *  - CSV: a UTF-8 BOM means UTF-8 (GDAL drops the BOM); else `encoding:`; else bytes that
 *    are not UTF-8 are read as GB18030 with a warning. Anything but UTF-8 is transcoded into
 *    a copy under /vsimem/ (sidecars .csvt/.prj copied along); the input is never touched.
 *  - a .shp without its .shx: the .shp, .dbf, .prj and .cpg are copied into /vsimem/ and
 *    opened there with the index rebuilt in memory (a warning says so; src->shx_restored);
 *    nothing is ever written beside the input.
 *  - other formats are UTF-8 by definition.
 * Returns LS_OK (src->gds may be NULL: not a readable vector file), LS_EINVAL when the text
 * cannot be decoded (message names the file, the byte offset and the fix),
 * LS_EINTERRUPTED, LS_ENOMEM. *src is filled on LS_OK only. */
int ls__encoding_open(ls_context *ctx, const char *path, const char *layer, const char *override,
                      const char *yaml_where, unsigned flags, ls__source *src);
/* GDALOpenEx read-only and vector with ENCODING=encoding (NULL: none; "": raw bytes), and
 * never with SHAPE_RESTORE_SHX (GDAL would write a missing .shx beside the input) unless the
 * path is under /vsimem/. NULL when GDAL cannot open it. */
GDALDatasetH ls__encoding_open_raw(const char *path, const char *encoding);
/* 1 when `path` is a local .shp file whose .shx (or .SHX) is missing. */
int ls__encoding_shx_missing(const char *path);

/* Close the dataset and drop the /vsimem/ copy. Accepts a zeroed source. */
void ls__encoding_close(ls__source *src);

#endif
