/*
 * publish.c — a finished run's GeoPackage into one PostGIS schema (publish.h; product.md
 * "Contract extensions", qgis.md for the styles).
 *
 * Why libpq and not GDAL's PG driver: the contract needs one transaction around DDL (create
 * the tables, indexes, comments, drop the earlier schema, rename), bulk rows and the style
 * rows, with a clean ROLLBACK on any failure. GDAL's PG driver runs its own transactions per
 * layer and its own DDL (laundered names, its own index names, its own FID column), so the
 * outer transaction is not ours to hold. With libpq every statement goes through one
 * connection between one BEGIN and one COMMIT; the GeoPackage is read with OGR (read-only).
 *
 * The transaction, in order:
 *   1. the target schema must be absent or carry landscan's comment ("landscan publish: …"),
 *      so a user's own schema (or public) is never dropped;
 *   2. a build schema landscan_tmp_<backend pid> (unique among concurrent sessions, invisible
 *      to others until COMMIT) gets every table: CREATE TABLE (fid bigint PRIMARY KEY, the
 *      columns, geom geometry(<type>, <srid>)), COPY … FROM STDIN of every row (geometries as
 *      hex EWKB, reals with 17 significant digits so they round-trip exactly), a GiST index,
 *      COMMENT ON COLUMN with the Chinese alias of gpkg_data_columns and COMMENT ON TABLE
 *      with gpkg_contents' identifier;
 *   3. DROP SCHEMA <target> CASCADE (the earlier copy, whatever tables it had), ALTER SCHEMA
 *      <build> RENAME TO <target>, COMMENT ON SCHEMA;
 *   4. public.layer_styles created when missing (QGIS 3.22's own DDL, captured from
 *      QgsVectorLayer.saveStyleToDatabase on PostgreSQL 15), the schema's earlier rows
 *      deleted, the GeoPackage's rows inserted (XMLPARSE(DOCUMENT …), as QGIS does);
 *   5. COMMIT.
 * Readers of the earlier copy keep reading it during step 2; the locks of step 3 last only
 * until COMMIT, after which they see the new copy.
 *
 * Not here: reading runs for reports (report.c), inputs from PostGIS (source.c).
 */
#include <cpl_error.h>
#include <cpl_string.h>
#include <ctype.h>
#include <gdal.h>
#include <libpq-fe.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "hash.h"
#include "internal.h"
#include "landscan/publish.h"
#include "source.h"

#define SCHEMA_MAX 63 /* NAMEDATALEN - 1 */
#define SCHEMA_MARK "landscan publish: "

/* public.layer_styles as QGIS 3.22 creates it (see the header). */
static const char layer_styles_ddl[] =
    "CREATE TABLE IF NOT EXISTS public.layer_styles (id serial PRIMARY KEY, f_table_catalog "
    "varchar, f_table_schema varchar, f_table_name varchar, f_geometry_column varchar, "
    "stylename text, styleqml xml, stylesld xml, useasdefault boolean, description text, owner "
    "varchar(63) DEFAULT CURRENT_USER, ui xml, update_time timestamp DEFAULT CURRENT_TIMESTAMP, "
    "type varchar)";

/* ---- the default schema name --------------------------------------------------------- */

int ls_publish_default_schema(ls_context *ctx, const char *run_name, const char *reference_date,
                              char **out)
{
    char date[9];
    const char *d = reference_date ? reference_date : "";
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return ls__error_set(ctx, LS_EINVAL, "reference date '%s' is not yyyy-mm-dd", d);
    for (int i = 0, j = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (!isdigit((unsigned char)d[i]))
            return ls__error_set(ctx, LS_EINVAL, "reference date '%s' is not yyyy-mm-dd", d);
        date[j++] = d[i];
    }
    date[8] = '\0';
    const char *name = run_name ? run_name : "";
    char slug[SCHEMA_MAX + 1] = "run_";
    size_t n = 4, cap = SCHEMA_MAX - 1 - 8; /* room for _YYYYMMDD */
    for (const char *p = name; *p && n < sizeof(slug) - 1; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) && c < 0x80)
            slug[n++] = (char)tolower(c);
        else if (n > 4 && slug[n - 1] != '_')
            slug[n++] = '_';
    }
    while (n > 4 && slug[n - 1] == '_')
        n--;
    slug[n] = '\0';
    /* "run_" stays only when the slug would be empty, start with a digit or with pg_ */
    const char *s = slug + 4;
    if (*s && !isdigit((unsigned char)*s) && strncmp(s, "pg_", 3) != 0)
        memmove(slug, s, strlen(s) + 1);
    n = strlen(slug);
    int lossless = strcmp(slug, name) == 0 && n <= cap;
    if (!lossless) {
        cap -= 10; /* _h + 8 hex digits */
        if (n > cap)
            n = cap;
        while (n > 0 && slug[n - 1] == '_')
            n--;
        slug[n] = '\0';
    }
    char *hash = lossless ? NULL : ls__hash_bytes(name, strlen(name));
    if (!lossless && !hash)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    char *text =
        lossless ? ls__sprintf("%s_%s", slug, date) : ls__sprintf("%s_%s_h%.8s", slug, date, hash);
    free(hash);
    if (!text)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    *out = text;
    return LS_OK;
}

static int check_schema_name(ls_context *ctx, const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > SCHEMA_MAX)
        return ls__error_set(ctx, LS_EINVAL, "schema name '%s' must have 1 to %d bytes", name,
                             SCHEMA_MAX);
    if (strncmp(name, "pg_", 3) == 0 || strcmp(name, "public") == 0 ||
        strcmp(name, "information_schema") == 0 || strncmp(name, "landscan_tmp_", 13) == 0)
        return ls__error_set(ctx, LS_EINVAL,
                             "schema name '%s' is reserved (pg_…, public, information_schema, "
                             "landscan_tmp_…); choose another --schema",
                             name);
    return LS_OK;
}

/* ---- the GeoPackage ------------------------------------------------------------------ */

typedef struct alias {
    char *table, *column, *text;
} alias;

typedef struct gpkg {
    GDALDatasetH ds;
    char *name, *reference_date; /* from run_info */
    alias *aliases;
    size_t naliases;
} gpkg;

static void gpkg_close(gpkg *g)
{
    for (size_t i = 0; i < g->naliases; i++) {
        free(g->aliases[i].table);
        free(g->aliases[i].column);
        free(g->aliases[i].text);
    }
    free(g->aliases);
    free(g->name);
    free(g->reference_date);
    if (g->ds)
        GDALClose(g->ds);
    memset(g, 0, sizeof(*g));
}

static int gpkg_open(ls_context *ctx, const char *path, gpkg *g)
{
    static const char *const drivers[] = {"GPKG", NULL};
    struct stat st;
    memset(g, 0, sizeof(*g));
    if (stat(path, &st) != 0)
        return ls__error_set(ctx, LS_ENOTFOUND, "%s: no such file", path);
    g->ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
    OGRLayerH info = g->ds ? GDALDatasetGetLayerByName(g->ds, "run_info") : NULL;
    if (!info)
        return ls__error_set(ctx, LS_EINVAL,
                             "%s: not a finished landscan run (no GeoPackage with run_info)", path);
    OGRFeatureH f;
    OGR_L_ResetReading(info);
    while ((f = OGR_L_GetNextFeature(info)) != NULL) {
        const char *k = OGR_F_GetFieldAsString(f, 0), *v = OGR_F_GetFieldAsString(f, 1);
        if (strcmp(k, "name") == 0 && !g->name)
            g->name = ls__strdup(v);
        else if (strcmp(k, "reference_date") == 0 && !g->reference_date)
            g->reference_date = ls__strdup(v);
        OGR_F_Destroy(f);
    }
    if (!g->name || !g->reference_date)
        return ls__error_set(ctx, LS_EINVAL,
                             "%s: not a finished landscan run (run_info has no name and "
                             "reference_date)",
                             path);
    /* the Chinese aliases (write_gpkg.c writes gpkg_data_columns) */
    OGRLayerH res = GDALDatasetExecuteSQL(
        g->ds, "SELECT table_name, column_name, COALESCE(name, title) FROM gpkg_data_columns", NULL,
        NULL);
    if (!res)
        return LS_OK; /* no aliases: no comments */
    size_t cap = 0;
    int error = LS_OK;
    while (error == LS_OK && (f = OGR_L_GetNextFeature(res)) != NULL) {
        if (g->naliases == cap) {
            cap = cap ? cap * 2 : 64;
            alias *grown = realloc(g->aliases, cap * sizeof(*grown));
            if (!grown)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            else
                g->aliases = grown;
        }
        if (error == LS_OK && OGR_F_IsFieldSetAndNotNull(f, 2)) {
            alias *a = &g->aliases[g->naliases++];
            a->table = ls__strdup(OGR_F_GetFieldAsString(f, 0));
            a->column = ls__strdup(OGR_F_GetFieldAsString(f, 1));
            a->text = ls__strdup(OGR_F_GetFieldAsString(f, 2));
            if (!a->table || !a->column || !a->text)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        OGR_F_Destroy(f);
    }
    GDALDatasetReleaseResultSet(g->ds, res);
    return error;
}

/* ---- SQL helpers --------------------------------------------------------------------- */

typedef struct pub {
    ls_context *ctx;
    PGconn *conn;
    const char *target; /* redacted, for messages */
    const char *gpkg_path;
} pub;

/* One line of libpq's message (it ends with a newline and may span lines). */
static const char *pq_message(const pub *p, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s", PQerrorMessage(p->conn));
    for (char *c = buf; *c; c++)
        if (*c == '\n' || *c == '\r' || *c == '\t')
            *c = ' ';
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return buf;
}

/* Run a statement without result rows; `what` names it in the message. */
static int exec(pub *p, const char *sql, const char *what)
{
    PGresult *r = PQexec(p->conn, sql);
    ExecStatusType st = PQresultStatus(r);
    PQclear(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
        return LS_OK;
    char msg[512];
    return ls__error_set(p->ctx, LS_EIO, "%s: %s failed: %s", p->target, what,
                         pq_message(p, msg, sizeof(msg)));
}

/* First column of the first row of a query with text parameters, or NULL (no row). */
static int query_value(pub *p, const char *sql, int nparams, const char *const *params,
                       const char *what, char **out)
{
    PGresult *r = PQexecParams(p->conn, sql, nparams, NULL, params, NULL, NULL, 0);
    int error = LS_OK;
    *out = NULL;
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        char msg[512];
        error = ls__error_set(p->ctx, LS_EIO, "%s: %s failed: %s", p->target, what,
                              pq_message(p, msg, sizeof(msg)));
    } else if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) &&
               !(*out = ls__strdup(PQgetvalue(r, 0, 0)))) {
        error = ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
    }
    PQclear(r);
    return error;
}

/* A quoted identifier: "name" with every " doubled. */
static void add_ident(ls__buf *b, const char *name)
{
    ls__buf_add(b, "\"");
    for (const char *c = name; *c; c++) {
        if (*c == '"')
            ls__buf_add(b, "\"\"");
        else
            ls__buf_addn(b, c, 1);
    }
    ls__buf_add(b, "\"");
}

static int add_literal(pub *p, ls__buf *b, const char *text)
{
    char *lit = PQescapeLiteral(p->conn, text, strlen(text));
    if (!lit)
        return ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
    ls__buf_add(b, lit);
    PQfreemem(lit);
    return LS_OK;
}

/* ---- one table ----------------------------------------------------------------------- */

static const char *pg_type(OGRFieldDefnH fd)
{
    switch (OGR_Fld_GetType(fd)) {
    case OFTInteger:
        return "integer";
    case OFTInteger64:
        return "bigint";
    case OFTReal:
        return "double precision";
    case OFTDate:
        return "date";
    case OFTTime:
        return "time";
    case OFTDateTime:
        return "timestamptz";
    case OFTBinary:
        return "bytea";
    default:
        return "text";
    }
}

static const char *geometry_name(OGRwkbGeometryType t)
{
    switch (wkbFlatten(t)) {
    case wkbPoint:
        return "Point";
    case wkbLineString:
        return "LineString";
    case wkbPolygon:
        return "Polygon";
    case wkbMultiPoint:
        return "MultiPoint";
    case wkbMultiLineString:
        return "MultiLineString";
    case wkbMultiPolygon:
        return "MultiPolygon";
    case wkbGeometryCollection:
        return "GeometryCollection";
    default:
        return "Geometry";
    }
}

/* EPSG code of a layer's CRS, 0 when it has none. */
static int layer_srid(OGRLayerH l)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(l);
    if (!srs)
        return 0;
    const char *auth = OSRGetAuthorityName(srs, NULL), *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code && strcmp(auth, "EPSG") == 0)
        return atoi(code);
    OGRSpatialReferenceH copy = OSRClone(srs);
    int srid = 0;
    if (copy && OSRAutoIdentifyEPSG(copy) == OGRERR_NONE) {
        code = OSRGetAuthorityCode(copy, NULL);
        srid = code ? atoi(code) : 0;
    }
    OSRDestroySpatialReference(copy);
    return srid;
}

/* COPY text format: backslash, tab, newline and carriage return escaped. */
static void add_copy_text(ls__buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *esc = *s == '\\'   ? "\\\\"
                          : *s == '\t' ? "\\t"
                          : *s == '\n' ? "\\n"
                          : *s == '\r' ? "\\r"
                                       : NULL;
        if (!esc)
            continue;
        ls__buf_addn(b, run, (size_t)(s - run));
        ls__buf_add(b, esc);
        run = s + 1;
    }
    ls__buf_addn(b, run, (size_t)(s - run));
}

static void add_hex(ls__buf *b, const unsigned char *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char chunk[256];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        chunk[k++] = digits[p[i] >> 4];
        chunk[k++] = digits[p[i] & 15];
        if (k == sizeof(chunk)) {
            ls__buf_addn(b, chunk, k);
            k = 0;
        }
    }
    ls__buf_addn(b, chunk, k);
}

/* Hex EWKB (little endian, SRID flag) of g: OGR's old-style WKB is EWKB without SRID. */
static int add_ewkb(ls__buf *b, OGRGeometryH g, int srid)
{
    size_t n = (size_t)OGR_G_WkbSize(g);
    unsigned char *wkb = malloc(n + 4);
    if (!wkb || OGR_G_ExportToWkb(g, wkbNDR, wkb) != OGRERR_NONE) {
        free(wkb);
        return -1;
    }
    uint32_t type =
        (uint32_t)wkb[1] | (uint32_t)wkb[2] << 8 | (uint32_t)wkb[3] << 16 | (uint32_t)wkb[4] << 24;
    type |= 0x20000000u; /* has SRID */
    unsigned char head[9] = {1,
                             (unsigned char)type,
                             (unsigned char)(type >> 8),
                             (unsigned char)(type >> 16),
                             (unsigned char)(type >> 24),
                             (unsigned char)srid,
                             (unsigned char)(srid >> 8),
                             (unsigned char)(srid >> 16),
                             (unsigned char)(srid >> 24)};
    add_hex(b, head, sizeof(head));
    add_hex(b, wkb + 5, n - 5);
    free(wkb);
    return 0;
}

static void add_value(ls__buf *b, OGRFeatureH f, int i, OGRFieldType type)
{
    if (!OGR_F_IsFieldSetAndNotNull(f, i)) {
        ls__buf_add(b, "\\N");
        return;
    }
    int y, mo, d, h, mi, tz;
    float sec;
    switch (type) {
    case OFTInteger:
    case OFTInteger64:
        ls__buf_addf(b, "%lld", (long long)OGR_F_GetFieldAsInteger64(f, i));
        break;
    case OFTReal: {
        double v = OGR_F_GetFieldAsDouble(f, i);
        if (isnan(v))
            ls__buf_add(b, "NaN");
        else if (isinf(v))
            ls__buf_add(b, v > 0 ? "Infinity" : "-Infinity");
        else
            ls__buf_addf(b, "%.17g", v);
        break;
    }
    case OFTDate:
    case OFTDateTime:
    case OFTTime:
        OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &sec, &tz);
        if (type == OFTDate)
            ls__buf_addf(b, "%04d-%02d-%02d", y, mo, d);
        else if (type == OFTTime)
            ls__buf_addf(b, "%02d:%02d:%06.3f", h, mi, (double)sec);
        else {
            ls__buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%06.3f", y, mo, d, h, mi, (double)sec);
            if (tz >= 100) {
                int off = (tz - 100) * 15; /* minutes east of UTC */
                ls__buf_addf(b, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
            }
        }
        break;
    case OFTBinary: {
        int n = 0;
        const GByte *bytes = OGR_F_GetFieldAsBinary(f, i, &n);
        ls__buf_add(b, "\\\\x");
        add_hex(b, bytes, (size_t)n);
        break;
    }
    default:
        add_copy_text(b, OGR_F_GetFieldAsString(f, i));
    }
}

/* CREATE TABLE build."name" (...) for layer l. */
static int create_table(pub *p, const char *build, OGRLayerH l, int srid)
{
    ls__buf sql = {0};
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    const char *fid = OGR_L_GetFIDColumn(l);
    ls__buf_add(&sql, "CREATE TABLE ");
    add_ident(&sql, build);
    ls__buf_add(&sql, ".");
    add_ident(&sql, OGR_L_GetName(l));
    ls__buf_add(&sql, " (");
    add_ident(&sql, fid && *fid ? fid : "fid");
    ls__buf_add(&sql, " bigint PRIMARY KEY");
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        ls__buf_add(&sql, ", ");
        add_ident(&sql, OGR_Fld_GetNameRef(fd));
        ls__buf_addf(&sql, " %s", pg_type(fd));
    }
    OGRwkbGeometryType gt = OGR_L_GetGeomType(l);
    if (gt != wkbNone) {
        ls__buf_add(&sql, ", ");
        add_ident(&sql, *OGR_L_GetGeometryColumn(l) ? OGR_L_GetGeometryColumn(l) : "geom");
        ls__buf_addf(&sql, " geometry(%s%s, %d)", geometry_name(gt), OGR_GT_HasZ(gt) ? "Z" : "",
                     srid);
    }
    ls__buf_add(&sql, ")");
    char *text = ls__buf_take(&sql);
    if (!text)
        return ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
    char what[300];
    snprintf(what, sizeof(what), "creating table %s", OGR_L_GetName(l));
    int error = exec(p, text, what);
    free(text);
    return error;
}

/* COPY every feature of l into build."name"; *rows counts them. */
static int copy_rows(pub *p, const char *build, OGRLayerH l, int srid, long *rows)
{
    int error = LS_OK;
    char msg[512];
    ls__buf line = {0};
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(l);
    int nfields = OGR_FD_GetFieldCount(defn), has_geom = OGR_L_GetGeomType(l) != wkbNone;
    const char *name = OGR_L_GetName(l);
    ls__buf_add(&line, "COPY ");
    add_ident(&line, build);
    ls__buf_add(&line, ".");
    add_ident(&line, name);
    ls__buf_add(&line, " FROM STDIN");
    char *sql = ls__buf_take(&line);
    if (!sql)
        return ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
    PGresult *r = PQexec(p->conn, sql);
    free(sql);
    ExecStatusType st = PQresultStatus(r);
    PQclear(r);
    if (st != PGRES_COPY_IN)
        return ls__error_set(p->ctx, LS_EIO, "%s: COPY into %s failed: %s", p->target, name,
                             pq_message(p, msg, sizeof(msg)));
    OGRFeatureH f;
    long n = 0;
    OGR_L_ResetReading(l);
    while (error == LS_OK && (f = OGR_L_GetNextFeature(l)) != NULL) {
        if ((n & 1023) == 0 && ls_context_interrupted(p->ctx))
            error = ls__error_set(p->ctx, LS_EINTERRUPTED, "interrupted");
        ls__buf_addf(&line, "%lld", (long long)OGR_F_GetFID(f));
        for (int i = 0; i < nfields; i++) {
            ls__buf_add(&line, "\t");
            add_value(&line, f, i, OGR_Fld_GetType(OGR_FD_GetFieldDefn(defn, i)));
        }
        if (has_geom) {
            OGRGeometryH g = OGR_F_GetGeometryRef(f);
            ls__buf_add(&line, "\t");
            if (!g)
                ls__buf_add(&line, "\\N");
            else if (add_ewkb(&line, g, srid) != 0)
                error = ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
        }
        ls__buf_add(&line, "\n");
        OGR_F_Destroy(f);
        n++;
        if (error == LS_OK && (line.failed || !line.data))
            error = ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
        if (error == LS_OK && (line.len > 1 << 20 || n % 4096 == 0)) {
            if (PQputCopyData(p->conn, line.data, (int)line.len) != 1)
                error = ls__error_set(p->ctx, LS_EIO, "%s: COPY into %s failed: %s", p->target,
                                      name, pq_message(p, msg, sizeof(msg)));
            line.len = 0;
            line.data[0] = '\0';
        }
    }
    if (error == LS_OK && line.len > 0 && PQputCopyData(p->conn, line.data, (int)line.len) != 1)
        error = ls__error_set(p->ctx, LS_EIO, "%s: COPY into %s failed: %s", p->target, name,
                              pq_message(p, msg, sizeof(msg)));
    ls__buf_free(&line);
    if (PQputCopyEnd(p->conn, error == LS_OK ? NULL : "landscan publish stopped") != 1 &&
        error == LS_OK)
        error = ls__error_set(p->ctx, LS_EIO, "%s: COPY into %s failed: %s", p->target, name,
                              pq_message(p, msg, sizeof(msg)));
    while ((r = PQgetResult(p->conn)) != NULL) {
        if (PQresultStatus(r) != PGRES_COMMAND_OK && error == LS_OK)
            error = ls__error_set(p->ctx, LS_EIO, "%s: COPY into %s failed: %s", p->target, name,
                                  pq_message(p, msg, sizeof(msg)));
        PQclear(r);
    }
    if (error == LS_OK)
        *rows = n;
    return error;
}

/* GiST index, column comments (aliases) and the table comment (gpkg_contents). */
static int index_and_comments(pub *p, const gpkg *g, const char *build, OGRLayerH l)
{
    int error = LS_OK;
    const char *name = OGR_L_GetName(l);
    ls__buf sql = {0};
    if (OGR_L_GetGeomType(l) != wkbNone) {
        ls__buf_add(&sql, "CREATE INDEX ON ");
        add_ident(&sql, build);
        ls__buf_add(&sql, ".");
        add_ident(&sql, name);
        ls__buf_add(&sql, " USING GIST (");
        add_ident(&sql, *OGR_L_GetGeometryColumn(l) ? OGR_L_GetGeometryColumn(l) : "geom");
        ls__buf_add(&sql, ");");
    }
    for (size_t i = 0; i < g->naliases && error == LS_OK; i++) {
        const alias *a = &g->aliases[i];
        if (strcmp(a->table, name) != 0 ||
            OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), a->column) < 0)
            continue;
        ls__buf_add(&sql, "COMMENT ON COLUMN ");
        add_ident(&sql, build);
        ls__buf_add(&sql, ".");
        add_ident(&sql, name);
        ls__buf_add(&sql, ".");
        add_ident(&sql, a->column);
        ls__buf_add(&sql, " IS ");
        error = add_literal(p, &sql, a->text);
        ls__buf_add(&sql, ";");
    }
    /* gpkg_contents' identifier (e.g. 地块) and description as the table comment */
    const char *title = GDALGetMetadataItem(l, "IDENTIFIER", NULL);
    const char *descr = GDALGetMetadataItem(l, "DESCRIPTION", NULL);
    if (error == LS_OK && ((title && *title) || (descr && *descr))) {
        char *text = ls__sprintf("%s%s%s", title && *title ? title : "",
                                 title && *title && descr && *descr ? " — " : "",
                                 descr && *descr ? descr : "");
        ls__buf_add(&sql, "COMMENT ON TABLE ");
        add_ident(&sql, build);
        ls__buf_add(&sql, ".");
        add_ident(&sql, name);
        ls__buf_add(&sql, " IS ");
        error = text ? add_literal(p, &sql, text) : LS_ENOMEM;
        ls__buf_add(&sql, ";");
        free(text);
    }
    char *text = ls__buf_take(&sql);
    if (error == LS_OK && !text && sql.len)
        error = LS_ENOMEM;
    if (error == LS_ENOMEM)
        error = ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
    if (error == LS_OK && text) {
        char what[300];
        snprintf(what, sizeof(what), "indexing %s", name);
        error = exec(p, text, what);
    }
    free(text);
    return error;
}

/* ---- styles -------------------------------------------------------------------------- */

static int is_published(GDALDatasetH ds, const char *table)
{
    return strcmp(table, "layer_styles") != 0 && GDALDatasetGetLayerByName(ds, table) != NULL;
}

static int publish_styles(pub *p, const gpkg *g, const char *schema, size_t *count)
{
    char *has_type = NULL;
    int error = exec(p, layer_styles_ddl, "creating public.layer_styles");
    if (error == LS_OK) {
        const char *params[] = {schema};
        error = exec(p, "LOCK TABLE public.layer_styles IN SHARE ROW EXCLUSIVE MODE",
                     "locking public.layer_styles");
        PGresult *r = error ? NULL
                            : PQexecParams(p->conn,
                                           "DELETE FROM public.layer_styles WHERE "
                                           "f_table_catalog = current_database() AND "
                                           "f_table_schema = $1",
                                           1, NULL, params, NULL, NULL, 0);
        if (r && PQresultStatus(r) != PGRES_COMMAND_OK) {
            char msg[512];
            error = ls__error_set(p->ctx, LS_EIO, "%s: replacing the styles failed: %s", p->target,
                                  pq_message(p, msg, sizeof(msg)));
        }
        PQclear(r);
    }
    if (error == LS_OK)
        error = query_value(p,
                            "SELECT 1 FROM information_schema.columns WHERE table_schema = "
                            "'public' AND table_name = 'layer_styles' AND column_name = 'type'",
                            0, NULL, "reading public.layer_styles", &has_type);
    OGRLayerH styles = GDALDatasetGetLayerByName(g->ds, "layer_styles");
    size_t n = 0;
    if (error == LS_OK && styles) {
        OGRFeatureDefnH defn = OGR_L_GetLayerDefn(styles);
        const char *cols[] = {"f_table_name", "f_geometry_column", "styleName",  "styleQML",
                              "styleSLD",     "useAsDefault",      "description"};
        int idx[7];
        for (int i = 0; i < 7; i++)
            idx[i] = OGR_FD_GetFieldIndex(defn, cols[i]);
        const char *sql =
            has_type
                ? "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, "
                  "f_table_name, f_geometry_column, stylename, styleqml, stylesld, useasdefault, "
                  "description, type) VALUES (current_database(), $1, $2, $3, $4, "
                  "XMLPARSE(DOCUMENT $5), XMLPARSE(DOCUMENT NULLIF($6, '')), $7::boolean, $8, "
                  "NULL)"
                : "INSERT INTO public.layer_styles (f_table_catalog, f_table_schema, "
                  "f_table_name, f_geometry_column, stylename, styleqml, stylesld, useasdefault, "
                  "description) VALUES (current_database(), $1, $2, $3, $4, "
                  "XMLPARSE(DOCUMENT $5), XMLPARSE(DOCUMENT NULLIF($6, '')), $7::boolean, $8)";
        OGRFeatureH f;
        OGR_L_ResetReading(styles);
        while (error == LS_OK && (f = OGR_L_GetNextFeature(styles)) != NULL) {
            /* copies: OGR reuses its buffer for the text of non-string fields */
            char *v[7];
            int copied = 1;
            for (int i = 0; i < 7; i++) {
                v[i] = idx[i] >= 0 && OGR_F_IsFieldSetAndNotNull(f, idx[i])
                           ? ls__strdup(OGR_F_GetFieldAsString(f, idx[i]))
                           : NULL;
                if (idx[i] >= 0 && OGR_F_IsFieldSetAndNotNull(f, idx[i]) && !v[i])
                    copied = 0;
            }
            if (!copied)
                error = ls__error_set(p->ctx, LS_ENOMEM, "out of memory");
            if (copied && v[0] && v[3] && is_published(g->ds, v[0])) {
                int deflt = v[5] && (strcmp(v[5], "1") == 0 || strcasecmp(v[5], "true") == 0);
                /* a table without geometry: NULL, which QGIS matches with IS NULL */
                const char *geom = v[1] && *v[1] ? v[1] : NULL;
                const char *params[] = {
                    schema, v[0], geom, v[2] ? v[2] : v[0], v[3], v[4], deflt ? "t" : "f", v[6]};
                PGresult *r = PQexecParams(p->conn, sql, 8, NULL, params, NULL, NULL, 0);
                if (PQresultStatus(r) != PGRES_COMMAND_OK) {
                    char msg[512];
                    error = ls__error_set(p->ctx, LS_EIO, "%s: style of %s: %s", p->target, v[0],
                                          pq_message(p, msg, sizeof(msg)));
                } else {
                    n++;
                }
                PQclear(r);
            }
            for (int i = 0; i < 7; i++)
                free(v[i]);
            OGR_F_Destroy(f);
        }
    }
    free(has_type);
    if (error == LS_OK)
        *count = n;
    return error;
}

/* ---- the transaction ----------------------------------------------------------------- */

/* libpq prints the server's NOTICEs (DROP … CASCADE lists, IF NOT EXISTS skips) to stderr by
 * default; the library prints nothing. */
static void no_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static int connect_db(ls_context *ctx, const char *target, const char *shown, PGconn **out)
{
    const char *conninfo = strncasecmp(target, "PG:", 3) == 0 ? target + 3 : target;
    PGconn *conn = PQconnectdb(conninfo);
    if (!conn)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        pub p = {ctx, conn, shown, NULL};
        char msg[512];
        int error = ls__error_set(ctx, LS_EIO, "%s: cannot connect: %s", shown,
                                  pq_message(&p, msg, sizeof(msg)));
        PQfinish(conn);
        return error;
    }
    PQsetNoticeProcessor(conn, no_notice, NULL);
    *out = conn;
    return LS_OK;
}

static int publish_tables(pub *p, const gpkg *g, const char *build, ls_publish_summary *sum)
{
    int error = LS_OK;
    int nlayers = GDALDatasetGetLayerCount(g->ds);
    for (int i = 0; i < nlayers && error == LS_OK; i++) {
        OGRLayerH l = GDALDatasetGetLayer(g->ds, i);
        const char *name = OGR_L_GetName(l);
        if (strcmp(name, "layer_styles") == 0)
            continue; /* into public.layer_styles */
        ls__progress(p->ctx, "publish", (double)i / (double)nlayers);
        int srid = 0;
        if (OGR_L_GetGeomType(l) != wkbNone && (srid = layer_srid(l)) <= 0) {
            error = ls__error_set(p->ctx, LS_ECRS,
                                  "%s: layer %s has no EPSG code, PostGIS needs an SRID",
                                  p->gpkg_path, name);
            break;
        }
        long rows = 0;
        if ((error = create_table(p, build, l, srid)) == LS_OK &&
            (error = copy_rows(p, build, l, srid, &rows)) == LS_OK &&
            (error = index_and_comments(p, g, build, l)) == LS_OK) {
            sum->tables++;
            sum->rows += rows;
        }
    }
    return error;
}

int ls_publish(ls_context *ctx, const char *gpkg_path, const char *target,
               const ls_publish_options *opts, ls_publish_summary **out)
{
    int error = LS_OK, begun = 0;
    gpkg g;
    memset(&g, 0, sizeof(g));
    PGconn *conn = NULL;
    char *shown = NULL, *schema = NULL, *mark = NULL, *pid = NULL, *build = NULL;
    ls__buf sql = {0};
    ls_publish_summary *sum = NULL;
    if (opts && opts->version != LS_PUBLISH_OPTIONS_VERSION)
        return ls__error_set(ctx, LS_EINVAL, "publish options version %u (expected %u)",
                             opts->version, LS_PUBLISH_OPTIONS_VERSION);
    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    if (!(shown = ls__source_redacted(target)) || !(sum = calloc(1, sizeof(*sum)))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((error = gpkg_open(ctx, gpkg_path, &g)) != LS_OK)
        goto cleanup;
    if (opts && opts->schema)
        schema = ls__strdup(opts->schema);
    else if ((error = ls_publish_default_schema(ctx, g.name, g.reference_date, &schema)) != LS_OK)
        goto cleanup;
    if (!schema) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((error = check_schema_name(ctx, schema)) != LS_OK ||
        (error = connect_db(ctx, target, shown, &conn)) != LS_OK)
        goto cleanup;
    pub p = {ctx, conn, shown, gpkg_path};
    if ((error = exec(&p, "SET client_encoding = 'UTF8'; SET TimeZone = 'UTC'",
                      "setting the session")) != LS_OK)
        goto cleanup;
    char *postgis = NULL;
    if ((error = query_value(&p, "SELECT extversion FROM pg_extension WHERE extname = 'postgis'", 0,
                             NULL, "looking for PostGIS", &postgis)) != LS_OK)
        goto cleanup;
    int has_postgis = postgis != NULL;
    free(postgis);
    if (!has_postgis) {
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: the database has no postgis extension (CREATE EXTENSION "
                              "postgis)",
                              shown);
        goto cleanup;
    }
    if ((error = exec(&p, "BEGIN", "BEGIN")) != LS_OK)
        goto cleanup;
    begun = 1;
    const char *params[] = {schema};
    if ((error = query_value(&p,
                             "SELECT COALESCE(obj_description(oid, 'pg_namespace'), '') FROM "
                             "pg_namespace WHERE nspname = $1",
                             1, params, "looking for the schema", &mark)) != LS_OK ||
        (error = query_value(&p, "SELECT pg_backend_pid()::text", 0, NULL, "BEGIN", &pid)) !=
            LS_OK ||
        (error = query_value(&p, "SELECT current_database()", 0, NULL, "BEGIN", &sum->database)) !=
            LS_OK)
        goto cleanup;
    if (mark && strncmp(mark, SCHEMA_MARK, strlen(SCHEMA_MARK)) != 0) {
        error = ls__error_set(ctx, LS_EEXIST,
                              "%s: schema %s exists and was not published by landscan; choose "
                              "another --schema",
                              shown, schema);
        goto cleanup;
    }
    sum->replaced = mark != NULL;
    if (!(build = ls__sprintf("landscan_tmp_%s", pid ? pid : "0"))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    ls__buf_add(&sql, "CREATE SCHEMA ");
    add_ident(&sql, build);
    char *text = ls__buf_take(&sql);
    error = text ? exec(&p, text, "creating the build schema") : LS_ENOMEM;
    free(text);
    if (error == LS_OK)
        error = publish_tables(&p, &g, build, sum);
    if (error != LS_OK)
        goto cleanup;
    /* the earlier copy goes, the new one takes its name */
    if (sum->replaced) {
        ls__buf_add(&sql, "DROP SCHEMA ");
        add_ident(&sql, schema);
        ls__buf_add(&sql, " CASCADE;");
    }
    ls__buf_add(&sql, "ALTER SCHEMA ");
    add_ident(&sql, build);
    ls__buf_add(&sql, " RENAME TO ");
    add_ident(&sql, schema);
    ls__buf_add(&sql, "; COMMENT ON SCHEMA ");
    add_ident(&sql, schema);
    ls__buf_add(&sql, " IS ");
    char *comment = ls__sprintf("%s%s (%s)", SCHEMA_MARK, g.name, g.reference_date);
    if (!comment || add_literal(&p, &sql, comment) != LS_OK) {
        free(comment);
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    free(comment);
    text = ls__buf_take(&sql);
    error = text ? exec(&p, text, "replacing the schema") : LS_ENOMEM;
    free(text);
    if (error == LS_OK)
        error = publish_styles(&p, &g, schema, &sum->styles);
    if (error == LS_OK)
        error = exec(&p, "COMMIT", "COMMIT");
    if (error == LS_OK) {
        begun = 0;
        sum->schema = schema;
        schema = NULL;
        ls__progress(ctx, "publish", 1.0);
        *out = sum;
        sum = NULL;
    }
cleanup:
    if (error == LS_ENOMEM && !*ls_context_error(ctx))
        ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (begun && conn)
        PQclear(PQexec(conn, "ROLLBACK")); /* nothing of this run stays */
    if (conn)
        PQfinish(conn);
    CPLPopErrorHandler();
    ls__buf_free(&sql);
    gpkg_close(&g);
    ls_publish_summary_free(sum);
    free(shown);
    free(schema);
    free(mark);
    free(pid);
    free(build);
    return error;
}

void ls_publish_summary_free(ls_publish_summary *summary)
{
    if (!summary)
        return;
    free(summary->database);
    free(summary->schema);
    free(summary);
}
