/*
 * fields.h — Chinese captions of the output: field aliases and layer titles, for the
 * writers that describe the GeoPackage to QGIS (styles.c: layer_styles QML; qgis_project.c).
 *
 * styles.c prefers the captions write_gpkg.c stores in gpkg_data_columns; these are the
 * fallback for columns without one (keep them in step with write_gpkg.c when a field is
 * added; the qgis test fails on a field without an alias).
 * Returned strings are static (borrowed, UTF-8).
 */
#ifndef LANDSCAN_FIELDS_H
#define LANDSCAN_FIELDS_H

/* The Chinese alias of field `field` of output table `table`, NULL when none is known. */
const char *ls__field_alias(const char *table, const char *field);

/* The Chinese title of output table `table` (layer name in the QGIS project), NULL when the
 * table is not one of landscan's outputs. */
const char *ls__layer_title(const char *table);

#endif
