/*
 * publish.h — `landscan publish OUT.gpkg --to PG:CONNINFO [--schema NAME]`: a finished run's
 * GeoPackage copied into one PostGIS schema, where colleagues open it in QGIS or serve it with
 * GeoServer (product.md "Contract extensions").
 *
 * Every layer and table of the GeoPackage becomes a table of the schema with the same name,
 * columns and rows: geometry typed with its SRID (geometry(MultiPolygon, 4549)), a GiST
 * index on it, the GeoPackage's fid as primary key, the Chinese aliases as column comments.
 * The layer_styles rows go to public.layer_styles (QGIS's PostGIS style table, created when
 * missing) with f_table_catalog = the database and f_table_schema = the schema. All of it in
 * one transaction: readers see the earlier copy or the new one, never half of it; a failure
 * leaves the database as it was. Only a schema that landscan published may be replaced.
 *
 * Ownership: *out belongs to the caller, free it with ls_publish_summary_free().
 */
#ifndef LANDSCAN_PUBLISH_H
#define LANDSCAN_PUBLISH_H

#include <stddef.h>

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LS_PUBLISH_OPTIONS_VERSION 1
typedef struct ls_publish_options {
    unsigned version;   /* LS_PUBLISH_OPTIONS_VERSION */
    const char *schema; /* target schema; NULL = ls_publish_default_schema() of the run */
} ls_publish_options;
#define LS_PUBLISH_OPTIONS_INIT                                                                    \
    {                                                                                              \
        LS_PUBLISH_OPTIONS_VERSION, NULL                                                           \
    }

typedef struct ls_publish_summary {
    char *database; /* current_database() of the connection */
    char *schema;   /* the schema written */
    size_t tables;  /* layers and tables copied */
    long rows;      /* rows copied, all tables together */
    size_t styles;  /* rows written to public.layer_styles */
    int replaced;   /* 1 when an earlier copy of the schema was replaced */
} ls_publish_summary;

/* Publish the run in gpkg_path to the PostgreSQL database of `target` (`PG:conninfo`, a
 * bare conninfo or a postgresql:// URI). Errors (messages name the file or the target with
 * its password redacted): LS_ENOTFOUND (no such file), LS_EINVAL (not a finished landscan
 * GeoPackage, a schema name PostgreSQL cannot take, no postgis extension), LS_EEXIST (the
 * schema exists and was not published by landscan), LS_EIO (connection or SQL failure),
 * LS_ECRS (a layer without an EPSG code), LS_ENOMEM, LS_EINTERRUPTED. */
int ls_publish(ls_context *ctx, const char *gpkg_path, const char *target,
               const ls_publish_options *opts, ls_publish_summary **out);
void ls_publish_summary_free(ls_publish_summary *summary);

/* The default schema of a run: an ASCII slug of its name (lower case, runs of other
 * characters as one '_'), then '_' and the reference date as YYYYMMDD; when the slug is not
 * the name itself (Chinese, capitals, cut for length) also "_h" and 8 hex digits of the
 * name's SHA-256, so distinct names give distinct schemas. At most 63 bytes, the date always
 * kept. E.g. "haishu_2025" + 2025-12-31 → haishu_2025_20251231; "海曙区 2025" →
 * run_2025_20251231_h…; errors LS_EINVAL (reference date not yyyy-mm-dd), LS_ENOMEM.
 * *out belongs to the caller (free()). */
int ls_publish_default_schema(ls_context *ctx, const char *run_name, const char *reference_date,
                              char **out);

#ifdef __cplusplus
}
#endif
#endif
