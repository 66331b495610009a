/*
 * source.h — where an input comes from: a file, a folder (FileGDB), a /vsizip/ path or a
 * database connection (`PG:…`, any OGR connection string), the layer to read (`layer:`,
 * `schema.table`, or the result of `sql:`), and the secrets a connection string carries.
 *
 * Owns: opening an input for reading (through encoding.c, so text is UTF-8), choosing the
 * layer, the snapshot of a non-file source and its row hash, and password redaction. Does
 * not map fields, check geometry types or transform CRS (read.c does).
 */
#ifndef LANDSCAN_SOURCE_H
#define LANDSCAN_SOURCE_H

#include <gdal.h>
#include <stddef.h>

#include "encoding.h"
#include "internal.h"
#include "landscan/config.h"

/* An input opened for reading. */
typedef struct ls__input_source {
    ls__source enc;        /* the dataset as opened, with its text decoding settled */
    OGRLayerH layer;       /* the layer to read (borrowed from enc.gds, sql_result or snapshot) */
    OGRLayerH sql_result;  /* result set of `sql:`, released by _close */
    GDALDatasetH snapshot; /* in-memory copy of a non-file source, or NULL */
    char *display;         /* the path with any password replaced by *** (for messages) */
    char *sha256;          /* hex SHA-256: the file (+ sidecars), or the rows read */
    int is_file;           /* 1 when the path is a plain local file */
} ls__input_source;

/* Flags of ls__source_open(). */
enum { LS__SOURCE_QUIET = 1 /* no encoding warnings (a second open of the same input) */ };

/* Open the input `in` of role `role` ("parcels") for reading; `where` ("RUN.yaml:12", may be
 * NULL) names the run-file entry in messages. A plain local file is read in place and hashed as a
 * file. Anything else (a database, a /vsizip/ path, a FileGDB folder) is copied once into memory in
 * one pass, so that the run reads one consistent set of rows, a read error (a table dropped under
 * the run) is noticed, and the hash is that of the rows read: SHA-256 over the field
 * names and types and the sorted per-row digests (FID, every value, ISO WKB), so row
 * order does not matter.
 * Errors (the message names the source with its password redacted, never the password):
 * LS_ENOTFOUND (no such file or no such layer/table), LS_EIO (connection failed, a read
 * failed), LS_EINVAL (not a vector source, `sql:` failed, encoding), LS_ENOMEM,
 * LS_EINTERRUPTED. *out is filled on LS_OK only. */
int ls__source_open(ls_context *ctx, const ls_input *in, const char *role, const char *where,
                    unsigned flags, ls__input_source *out);
/* Release everything of a source. Accepts a zeroed source. */
void ls__source_close(ls__input_source *src);

/* 1 when `path` is an OGR connection string or URI rather than a file name: `PG:…` and
 * other `DRIVER:` prefixes of two or more letters, or anything with `://`. */
int ls__source_is_connection(const char *path);
/* 1 for a PostgreSQL connection (`PG:…`, `postgresql://`, `postgres://`). */
int ls__source_is_postgres(const char *path);
/* The path as the run file should resolve it against `base_dir`: connection strings are
 * kept, a relative archive inside /vsizip/ (/vsitar/, /vsigzip/, /vsi7z/) is joined to the
 * folder, anything else as ls__path_join. NULL on allocation failure. Caller frees. */
char *ls__source_resolve(const char *base_dir, const char *path);

/* Replace every password in the NUL-terminated text s (capacity cap bytes) by ***, in
 * place: `password=VALUE` (conninfo keyword, quoted or not, any case, spaces around =;
 * in a URI query up to & ) and the `user:PASSWORD@` of a URI. Text that does not fit after
 * the replacement is cut at cap - 1. */
void ls__source_redact(char *s, size_t cap);
/* A copy of s with passwords redacted. NULL when s is NULL or memory ran out. Caller frees. */
char *ls__source_redacted(const char *s);

#endif
