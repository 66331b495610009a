/*
 * init.h — `landscan init DIR`: guess a run file from the files in a folder.
 *
 * ls_init_scan() opens every data file directly in DIR (not recursive: .shp, .gpkg (each
 * layer), .geojson/.json, .csv, .xlsx, .dbf) read-only with OGR, guesses each layer's role
 * (parcels, control_lines, blocks, districts, buildings, enterprises) from its geometry
 * type, field names and file / layer name, and the field mapping from the common Chinese
 * cadastral field names (ZDDM/宗地代码 → parcel_id, TDYT/土地用途 → landuse, …). The result
 * carries the commented RUN.yaml text: each guess with its alternatives, unmatched fields,
 * the source CRS (a guess, commented out, when a layer has none) and a detected GBK
 * encoding. ls_init_write() writes it to DIR/RUN.yaml, never over an existing file, and
 * checks that it loads with ls_config_load().
 *
 * Nothing else is written; the inputs are never modified.
 * Ownership: *out belongs to the caller, free with ls_init_result_free().
 */
#ifndef LANDSCAN_INIT_H
#define LANDSCAN_INIT_H

#include "landscan/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One layer found in DIR. */
typedef struct ls_init_layer {
    char *path;     /* file name inside DIR */
    char *layer;    /* layer name for multi-layer sources (GeoPackage), else NULL */
    char *geometry; /* "Polygon", "Point", "None", ... */
    long features;
    char *crs;      /* "EPSG:4549" or the CRS name; NULL when the source has none */
    char *encoding; /* attribute encoding to declare ("GBK"), NULL when none is needed */
    char *role;     /* the guessed role ("parcels", ...), NULL when the layer is unused */
    size_t nmapped; /* canonical fields mapped for that role */
} ls_init_layer;

typedef struct ls_init_result {
    char *run_path; /* DIR/RUN.yaml */
    char *yaml;     /* the commented run file */
    size_t nlayers; /* in file-name order */
    ls_init_layer *layers;
} ls_init_result;

/* Scan DIR and build the guesses and the run file text. Errors: LS_ENOTFOUND (DIR),
 * LS_EINVAL (no data file, or no polygon layer that could be the parcels). */
int ls_init_scan(ls_context *ctx, const char *dir, ls_init_result **out);

/* Write result->yaml to result->run_path. LS_EEXIST when the file exists (never
 * overwritten), LS_EIO when it cannot be written. */
int ls_init_write(ls_context *ctx, const ls_init_result *result);

void ls_init_result_free(ls_init_result *result);

#ifdef __cplusplus
}
#endif
#endif
