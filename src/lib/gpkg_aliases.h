/*
 * gpkg_aliases.h — the SQL that gives GeoPackage columns Chinese captions: the
 * gpkg_data_columns table of the GeoPackage schema extension (OGC 12-128r18 §2.3), which
 * QGIS shows as field aliases. Shared by write_gpkg.c (every layer written with OGR) and
 * explain.c (the rule_checks table written with SQLite). Text only: the callers execute it.
 */
#ifndef LANDSCAN_GPKG_ALIASES_H
#define LANDSCAN_GPKG_ALIASES_H

#include "internal.h"

/* Append the statements that create gpkg_extensions and gpkg_data_columns when missing and
 * register the schema extension once; each statement ends with ';'. */
void ls__gpkg_aliases_setup(ls__buf *sql);

/* Append one INSERT OR IGNORE of alias as name and title of table.column (the first alias
 * written for a column wins), ending with ';'. The strings are escaped as SQL literals. */
void ls__gpkg_alias_insert(ls__buf *sql, const char *table, const char *column, const char *alias);

#endif
