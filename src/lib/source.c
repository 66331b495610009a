/*
 * source.c — opening an input wherever it lives (product.md "Contract extensions": any input
 * `path` may be an OGR connection string, a /vsizip/ path or a FileGDB folder; `layer` may
 * be `schema.table`; `sql:` runs an attribute query on the source) and keeping its password
 * out of every message.
 *
 * A plain local file is read in place, as before, and hashed byte for byte (hash.c). Any
 * other source is copied once into an in-memory OGR dataset ("Memory" driver) in a single
 * pass. For PostgreSQL that pass is one cursor inside one transaction (GDAL's PG driver), so
 * the run sees one consistent set of rows even if the table changes meanwhile, the
 * connection is closed before the long stages start, and a read that fails part way (a
 * table dropped under the run, a lost connection) is noticed here instead of looking like
 * the end of the layer. The same pass hashes the rows: run_info's input hash of a database
 * is a digest of what was read, not of a file. Row digests are sorted before the final
 * digest, so a different physical row order gives the same hash.
 *
 * Redaction: libpq accepts `password=…` in a conninfo (quoted with '…' and \-escapes, or up
 * to the next space) and `user:password@` or `?password=…` in a URI. ls__source_redact()
 * replaces every such value by ***; context.c applies it to every error and notice, and
 * read.c stores only the redacted path in run_info (and so in the ledger).
 *
 * Not here: field mapping, geometry checks, CRS (read.c), encodings (encoding.c).
 */
#include <cpl_error.h>
#include <cpl_string.h>
#include <ctype.h>
#include <ogr_api.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "gdal_errors.h"
#include "hash.h"
#include "source.h"

#define DIGEST_LEN 32        /* SHA-256 */
#define MAX_LISTED_LAYERS 30 /* layer names listed when a layer is missing */

/* ---- redaction ---------------------------------------------------------------------- */

/* Replace s[from, to) by "***" in a buffer of capacity cap; returns the index after it. */
static size_t replace_span(char *s, size_t cap, size_t from, size_t to)
{
    static const char stars[] = "***";
    size_t len = strlen(s), n = sizeof(stars) - 1;
    size_t tail = len - to; /* bytes after the span, without the NUL */
    if (from + n >= cap) {  /* not even the stars fit: cut the text there */
        size_t keep = cap - 1 < from + n ? cap - 1 : from + n;
        memcpy(s + from, stars, keep - from);
        s[keep] = '\0';
        return keep;
    }
    if (from + n + tail >= cap)
        tail = cap - 1 - from - n;
    memmove(s + from + n, s + to, tail);
    memcpy(s + from, stars, n);
    s[from + n + tail] = '\0';
    return from + n;
}

/* End of the value starting at s[i] of a `password=` keyword; `in_query` when it is a URI
 * query parameter (ends at & or #). */
static size_t value_end(const char *s, size_t i, int in_query)
{
    if (!in_query && s[i] == '\'') { /* quoted: up to the closing unescaped quote */
        for (i++; s[i] && s[i] != '\''; i++)
            if (s[i] == '\\' && s[i + 1])
                i++;
        return s[i] ? i + 1 : i;
    }
    for (; s[i] && !isspace((unsigned char)s[i]); i++) {
        if (in_query && (s[i] == '&' || s[i] == '#'))
            break;
        if (!in_query && s[i] == '\\' && s[i + 1]) {
            i++;
            continue;
        }
        if (!in_query && s[i] == '\'') /* the closing quote of a quoted path in a message */
            break;
    }
    return i;
}

static void redact_keywords(char *s, size_t cap)
{
    static const char key[] = "password";
    const size_t klen = sizeof(key) - 1;
    size_t i = 0;
    while (s[i]) {
        if (strncasecmp(s + i, key, klen) != 0) {
            i++;
            continue;
        }
        int in_query = i > 0 && (s[i - 1] == '?' || s[i - 1] == '&');
        int word_start = i == 0 || !(isalnum((unsigned char)s[i - 1]) || s[i - 1] == '_');
        size_t j = i + klen;
        while (s[j] == ' ' || s[j] == '\t')
            j++;
        if (!word_start || s[j] != '=') {
            i += klen;
            continue;
        }
        j++;
        while (!in_query && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (strncmp(s + j, "***", 3) == 0 && (!s[j + 3] || strchr(" \t:',&)", s[j + 3]))) {
            /* redacted already: a message built from a redacted path keeps its punctuation */
            i = j + 3;
            continue;
        }
        size_t end = value_end(s, j, in_query);
        if (end == j) { /* empty value: nothing to hide */
            i = j;
            continue;
        }
        i = replace_span(s, cap, j, end);
    }
}

/* postgresql://user:secret@host/db → postgresql://user:***@host/db (any scheme). */
static void redact_userinfo(char *s, size_t cap)
{
    size_t from = 0;
    const char *p;
    while ((p = strstr(s + from, "://")) != NULL) {
        size_t start = (size_t)(p - s) + 3, end = start;
        while (s[end] && s[end] != '/' && s[end] != '?' && s[end] != '#' &&
               !isspace((unsigned char)s[end]) && s[end] != '\'' && s[end] != '"')
            end++;
        size_t at = end;
        while (at > start && s[at - 1] != '@')
            at--;
        from = end;
        if (at == start) /* no userinfo */
            continue;
        at--; /* index of the last '@' */
        const char *colon = memchr(s + start, ':', at - start);
        if (!colon)
            continue;
        size_t c = (size_t)(colon - s) + 1;
        if (c < at)
            from = replace_span(s, cap, c, at);
    }
}

void ls__source_redact(char *s, size_t cap)
{
    if (!s || cap == 0)
        return;
    redact_keywords(s, cap);
    redact_userinfo(s, cap);
}

char *ls__source_redacted(const char *s)
{
    if (!s)
        return NULL;
    size_t cap = strlen(s) + 4; /* a one-byte password becomes three stars */
    char *copy = malloc(cap);
    if (!copy)
        return NULL;
    memcpy(copy, s, strlen(s) + 1);
    ls__source_redact(copy, cap);
    return copy;
}

/* ---- kinds of paths ------------------------------------------------------------------ */

int ls__source_is_connection(const char *path)
{
    if (!path)
        return 0;
    if (strstr(path, "://"))
        return 1;
    size_t n = 0;
    if (!isalpha((unsigned char)path[0]))
        return 0;
    while (isalnum((unsigned char)path[n]) || path[n] == '_')
        n++;
    return n >= 2 && path[n] == ':';
}

int ls__source_is_postgres(const char *path)
{
    return path && (strncasecmp(path, "PG:", 3) == 0 || strncmp(path, "postgresql://", 13) == 0 ||
                    strncmp(path, "postgres://", 11) == 0);
}

char *ls__source_resolve(const char *base_dir, const char *path)
{
    static const char *const archives[] = {"/vsizip/", "/vsitar/", "/vsigzip/", "/vsi7z/", NULL};
    if (!path)
        return NULL;
    if (ls__source_is_connection(path))
        return ls__strdup(path);
    for (int i = 0; archives[i]; i++) {
        size_t n = strlen(archives[i]);
        if (strncmp(path, archives[i], n) != 0)
            continue;
        const char *rest = path + n;
        if (!*rest || *rest == '/' || *rest == '{' || !base_dir || !*base_dir ||
            strcmp(base_dir, ".") == 0)
            return ls__strdup(path);
        char *joined = ls__path_join(base_dir, rest);
        char *out = joined ? ls__sprintf("%.*s%s", (int)n, archives[i], joined) : NULL;
        free(joined);
        return out;
    }
    return ls__path_join(base_dir, path);
}

static int is_plain_file(const char *path)
{
    struct stat st;
    return strncmp(path, "/vsi", 4) != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- GDAL's messages ------------------------------------------------------------------ */

/* GDAL's messages are collected with gdal_errors.c: the first failure since the last reset,
 * since a failed read often reports its cause first and a consequence (a cursor that no
 * longer exists) last. */

/* The first failure message (else GDAL's last message, else fallback): one line, passwords
 * redacted, trailing blanks dropped, into buf. */
static const char *log_message(const ls__gdal_capture *log, char *buf, size_t cap,
                               const char *fallback)
{
    const char *m = log->failed && log->first[0] ? log->first : CPLGetLastErrorMsg();
    snprintf(buf, cap, "%s", m && *m ? m : fallback);
    for (char *p = buf; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    ls__source_redact(buf, cap);
    return buf;
}

/* ---- snapshot with row hash ---------------------------------------------------------- */

static int digest_add(EVP_MD_CTX *md, const void *p, size_t n)
{
    return EVP_DigestUpdate(md, p, n) == 1 ? 0 : -1;
}

/* SHA-256 of one feature: FID, then per field a tag (0 null/unset, 1 value) and the
 * value as text, then the geometry as ISO WKB (little endian). */
static int row_digest(EVP_MD_CTX *md, OGRFeatureH f, int nfields, unsigned char *out)
{
    char fid[32];
    snprintf(fid, sizeof(fid), "%lld", (long long)OGR_F_GetFID(f));
    if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1 || digest_add(md, fid, strlen(fid) + 1))
        return -1;
    for (int i = 0; i < nfields; i++) {
        int set = OGR_F_IsFieldSetAndNotNull(f, i);
        unsigned char tag = set ? 1 : 0;
        if (digest_add(md, &tag, 1))
            return -1;
        if (set) {
            const char *v = OGR_F_GetFieldAsString(f, i);
            if (digest_add(md, v, strlen(v) + 1))
                return -1;
        }
    }
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    if (g) {
        size_t n = (size_t)OGR_G_WkbSize(g);
        unsigned char *wkb = malloc(n ? n : 1);
        if (!wkb)
            return -1;
        int rc = OGR_G_ExportToIsoWkb(g, wkbNDR, wkb) == OGRERR_NONE ? digest_add(md, wkb, n) : -1;
        free(wkb);
        if (rc)
            return -1;
    }
    unsigned int len = 0;
    return EVP_DigestFinal_ex(md, out, &len) == 1 && len == DIGEST_LEN ? 0 : -1;
}

static int cmp_digest(const void *a, const void *b)
{
    return memcmp(a, b, DIGEST_LEN);
}

/* Final digest: the layer's field names and types, the geometry type, then the sorted row
 * digests. */
static char *layer_digest(EVP_MD_CTX *md, OGRFeatureDefnH defn, OGRwkbGeometryType gt,
                          unsigned char *rows, size_t nrows)
{
    qsort(rows, nrows, DIGEST_LEN, cmp_digest);
    if (EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1)
        return NULL;
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        char head[512];
        snprintf(head, sizeof(head), "%s:%s", OGR_Fld_GetNameRef(fd),
                 OGR_GetFieldTypeName(OGR_Fld_GetType(fd)));
        if (digest_add(md, head, strlen(head) + 1))
            return NULL;
    }
    const char *gname = OGRGeometryTypeToName(gt);
    if (digest_add(md, gname, strlen(gname) + 1) || digest_add(md, rows, nrows * DIGEST_LEN))
        return NULL;
    unsigned char digest[DIGEST_LEN];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(md, digest, &len) != 1 || len != DIGEST_LEN)
        return NULL;
    return ls__hash_hex(digest, len);
}

/* Copy `layer` into a new Memory dataset in one pass, hashing every row. */
static int snapshot(ls_context *ctx, ls__gdal_capture *log, const char *display, OGRLayerH layer,
                    GDALDatasetH *out_ds, OGRLayerH *out_layer, char **out_hash)
{
    char why[512];
    int error = LS_OK;
    GDALDatasetH mem = NULL;
    OGRFeatureH f = NULL, copy = NULL;
    unsigned char *rows = NULL;
    size_t nrows = 0, cap = 0;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    const char *name = OGR_L_GetName(layer);
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    OGRwkbGeometryType gt = OGR_L_GetGeomType(layer);
    int nfields = OGR_FD_GetFieldCount(defn);
    GDALDriverH drv = GDALGetDriverByName("Memory");
    if (!md || !drv) {
        error = ls__error_set(ctx, !md ? LS_ENOMEM : LS_EDEP,
                              "%s: cannot copy the source into memory (%s)", display,
                              !md ? "out of memory" : "GDAL's Memory driver is missing");
        goto cleanup;
    }
    mem = GDALCreate(drv, "", 0, 0, 0, GDT_Unknown, NULL);
    OGRLayerH ml =
        mem ? GDALDatasetCreateLayer(mem, name, OGR_L_GetSpatialRef(layer), gt, NULL) : NULL;
    for (int i = 0; ml && i < nfields; i++)
        if (OGR_L_CreateField(ml, OGR_FD_GetFieldDefn(defn, i), TRUE) != OGRERR_NONE)
            ml = NULL;
    if (!ml) {
        error = ls__error_set(ctx, LS_ENOMEM, "%s: cannot copy layer '%s' into memory (%s)",
                              display, name, log_message(log, why, sizeof(why), "?"));
        goto cleanup;
    }
    OGRFeatureDefnH mdefn = OGR_L_GetLayerDefn(ml);
    ls__gdal_capture_reset(log);
    OGR_L_ResetReading(layer);
    while ((f = OGR_L_GetNextFeature(layer)) != NULL) {
        if ((nrows & 1023) == 0 && ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
            goto cleanup;
        }
        if (nrows == cap) {
            size_t ncap = cap ? cap * 2 : 1024;
            unsigned char *grown = realloc(rows, ncap * DIGEST_LEN);
            if (!grown) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            rows = grown;
            cap = ncap;
        }
        copy = OGR_F_Create(mdefn);
        if (!copy || row_digest(md, f, nfields, rows + nrows * DIGEST_LEN) != 0 ||
            OGR_F_SetFrom(copy, f, TRUE) != OGRERR_NONE) {
            error = ls__error_set(ctx, LS_ENOMEM, "%s: cannot copy feature %lld of layer '%s'",
                                  display, (long long)OGR_F_GetFID(f), name);
            goto cleanup;
        }
        OGR_F_SetFID(copy, OGR_F_GetFID(f));
        if (OGR_L_CreateFeature(ml, copy) != OGRERR_NONE) {
            error = ls__error_set(ctx, LS_ENOMEM, "%s: cannot copy feature %lld of layer '%s' (%s)",
                                  display, (long long)OGR_F_GetFID(f), name,
                                  log_message(log, why, sizeof(why), "?"));
            goto cleanup;
        }
        OGR_F_Destroy(copy);
        OGR_F_Destroy(f);
        copy = f = NULL;
        nrows++;
    }
    if (log->failed || CPLGetLastErrorType() == CE_Failure) {
        error = ls__error_set(ctx, LS_EIO, "%s: reading layer '%s' failed after %zu rows (%s)",
                              display, name, nrows, log_message(log, why, sizeof(why), "?"));
        goto cleanup;
    }
    char *hash = layer_digest(md, defn, gt, rows, nrows);
    if (!hash) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    *out_ds = mem;
    *out_layer = ml;
    *out_hash = hash;
    mem = NULL;
cleanup:
    if (copy)
        OGR_F_Destroy(copy);
    if (f)
        OGR_F_Destroy(f);
    if (mem)
        GDALClose(mem);
    free(rows);
    EVP_MD_CTX_free(md);
    return error;
}

/* ---- opening ------------------------------------------------------------------------- */

static int open_failed(ls_context *ctx, const ls__gdal_capture *log, const ls_input *in,
                       const char *role, const char *where, const char *display)
{
    char why[512];
    struct stat st;
    if (ls__source_is_connection(in->path))
        return ls__error_set(ctx, LS_EIO, "%s: cannot open the %s input (%s): %s", display, role,
                             where, log_message(log, why, sizeof(why), "connection failed"));
    if (strncmp(in->path, "/vsi", 4) != 0 && stat(in->path, &st) != 0)
        return ls__error_set(ctx, LS_ENOTFOUND, "%s: %s input not found (%s)", display, role,
                             where);
    return ls__error_set(ctx, LS_EINVAL, "%s: not a readable vector file for %s (%s)", display,
                         role, log_message(log, why, sizeof(why), "format not recognised"));
}

static int missing_layer(ls_context *ctx, GDALDatasetH gds, const char *display, const char *layer)
{
    ls__buf names = {0};
    int n = GDALDatasetGetLayerCount(gds);
    for (int i = 0; i < n && i < MAX_LISTED_LAYERS; i++)
        ls__buf_addf(&names, "%s%s", i ? ", " : "", OGR_L_GetName(GDALDatasetGetLayer(gds, i)));
    if (n > MAX_LISTED_LAYERS)
        ls__buf_addf(&names, ", … %d more", n - MAX_LISTED_LAYERS);
    char *list = ls__buf_take(&names);
    int error = ls__error_set(ctx, LS_ENOTFOUND, "%s: no layer '%s' (layers: %s)", display, layer,
                              list ? list : "");
    free(list);
    return error;
}

int ls__source_open(ls_context *ctx, const ls_input *in, const char *role, const char *where,
                    unsigned flags, ls__input_source *out)
{
    int error = LS_OK;
    ls__input_source s;
    char why[512];
    memset(&s, 0, sizeof(s));
    if (!where)
        where = "the run file";
    ls__gdal_capture log = {0};
    /* GDAL's own messages may carry the path: collected here, never printed */
    ls__gdal_capture_begin(&log);
    if (!(s.display = ls__source_redacted(in->path))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    s.is_file = is_plain_file(in->path);
    ls__gdal_capture_reset(&log);
    if ((error = ls__encoding_open(ctx, in->path, in->sql ? NULL : in->layer, in->encoding, where,
                                   (flags & LS__SOURCE_QUIET) ? LS__ENCODING_QUIET : 0, &s.enc)) !=
        LS_OK)
        goto cleanup;
    if (!s.enc.gds) {
        error = open_failed(ctx, &log, in, role, where, s.display);
        goto cleanup;
    }
    if (in->sql) {
        ls__gdal_capture_reset(&log);
        s.sql_result = GDALDatasetExecuteSQL(s.enc.gds, in->sql, NULL, NULL);
        if (!s.sql_result) {
            error = ls__error_set(
                ctx, LS_EINVAL, "%s: sql of inputs.%s failed (%s)", s.display, role,
                log_message(&log, why, sizeof(why), "the query returned no rows set"));
            goto cleanup;
        }
        s.layer = s.sql_result;
    } else if (in->layer) {
        if (!(s.layer = GDALDatasetGetLayerByName(s.enc.gds, in->layer))) {
            error = missing_layer(ctx, s.enc.gds, s.display, in->layer);
            goto cleanup;
        }
    } else if (!(s.layer = GDALDatasetGetLayer(s.enc.gds, 0))) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: contains no layer", s.display);
        goto cleanup;
    }
    if (s.is_file) {
        s.sha256 = ls__hash_file(in->path);
    } else {
        OGRLayerH copy = NULL;
        if ((error = snapshot(ctx, &log, s.display, s.layer, &s.snapshot, &copy, &s.sha256)) !=
            LS_OK)
            goto cleanup;
        s.layer = copy;
        /* the rows are in memory: let the connection go before the long stages */
        if (s.sql_result)
            GDALDatasetReleaseResultSet(s.enc.gds, s.sql_result);
        s.sql_result = NULL;
        GDALClose(s.enc.gds);
        s.enc.gds = NULL;
    }
    *out = s;
    memset(&s, 0, sizeof(s));
cleanup:
    ls__source_close(&s);
    ls__gdal_capture_end(&log);
    return error;
}

void ls__source_close(ls__input_source *src)
{
    if (!src)
        return;
    if (src->sql_result && src->enc.gds)
        GDALDatasetReleaseResultSet(src->enc.gds, src->sql_result);
    if (src->snapshot)
        GDALClose(src->snapshot);
    ls__encoding_close(&src->enc);
    free(src->display);
    free(src->sha256);
    memset(src, 0, sizeof(*src));
}
