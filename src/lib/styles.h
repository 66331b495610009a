/*
 * styles.h — QGIS styles (QML) for landscan's output layers, and writing them into the
 * GeoPackage's `layer_styles` table so QGIS shows a coloured, labelled map on open.
 *
 * The builders are pure (no I/O) so they can be unit-tested and reused by qgis_project.c,
 * which embeds the same renderer, labels and aliases in DIR/landscan.qgs. The table layout
 * and values follow docs/qgis.md §2 exactly (tested on QGIS 3.22).
 */
#ifndef LANDSCAN_STYLES_H
#define LANDSCAN_STYLES_H

#include <stddef.h>

#include "model.h"

#define LS_STYLE_MAX_CLASSES 6

/* What the builders need to know about one GeoPackage table. */
typedef struct ls__style_layer {
    char *table;       /* table name: parcels, blocks, … */
    char *geom_column; /* geometry column, NULL for attribute tables */
    size_t nfields;
    char **fields;  /* column names in table order (fid first), geometry column left out */
    char **aliases; /* parallel to fields: gpkg_data_columns.name; NULL entries (or a NULL
                     * array) fall back to ls__field_alias() */
    /* blocks only: class bounds of the graduated reclaimable_mu style, nclasses + 1 values */
    size_t nclasses;
    double bounds[LS_STYLE_MAX_CLASSES + 1];
} ls__style_layer;

typedef enum {
    LS_STYLE_DEFAULT = 0,       /* the layer's default style */
    LS_STYLE_BLOCKS_RECLAIMABLE /* blocks: graduated on reclaimable_mu (not default) */
} ls__style_kind;

/* Label font: the first family is used when installed, the others are QGIS's fallbacks. */
#define LS_STYLE_FONT "Microsoft YaHei"
extern const char *const ls__style_font_families[];

/* Append s to b with XML escaping (&<>"' and newlines in attributes); characters XML 1.0
 * cannot carry (control characters other than tab / newline / CR) are dropped. */
void ls__xml_escape(ls__buf *b, const char *s);

/* Append the style body for layer l: <renderer-v2>, <labeling> and <aliases> (nothing but
 * aliases for attribute tables). *labels_enabled is set to 1 when the body has labels.
 * Returns LS_OK, or LS_EINVAL when kind does not apply to the layer. */
int ls__style_body(ls__buf *b, const ls__style_layer *l, ls__style_kind kind, int *labels_enabled);

/* The whole QML document of a style (caller frees), NULL when kind does not apply to the
 * layer or memory ran out. */
char *ls__style_qml(const ls__style_layer *l, ls__style_kind kind);

/* Class bounds for the blocks' reclaimable_mu style from the block totals (quantiles,
 * rounded): sets l->nclasses and l->bounds. */
void ls__style_blocks_classes(const ls__dataset *ds, ls__style_layer *l);

/* Read landscan's output tables present in the GeoPackage (in a fixed order: map layers
 * from top to bottom, then tables) with their columns. *out belongs to the caller
 * (ls__style_layers_free). */
int ls__style_layers_load(ls_context *ctx, const char *gpkg_path, ls__style_layer **out, size_t *n);
void ls__style_layers_free(ls__style_layer *layers, size_t n);

/* Write the default style of every output layer (and the blocks' second style) into the
 * finished GeoPackage's `layer_styles` table, registered in gpkg_contents. */
int ls__styles_write(ls_context *ctx, const ls__dataset *ds, const char *gpkg_path);

#endif
