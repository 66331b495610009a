/*
 * gpkg_aliases.c — SQL text for gpkg_data_columns (gpkg_aliases.h).
 *
 * GDAL >= 3.7 persists OGR alternative names itself; Debian 12's GDAL 3.6 keeps them only in
 * memory, hence these statements. The table definitions are the ones of the GeoPackage
 * specification, so a GDAL that creates the table itself finds it compatible (IF NOT
 * EXISTS) and the extension is registered once (WHERE NOT EXISTS).
 */
#include <string.h>

#include "gpkg_aliases.h"

static const char *const setup[] = {
    "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
    "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
    "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))",
    "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name "
    "TEXT NOT NULL, name TEXT, title TEXT, description TEXT, mime_type TEXT, "
    "constraint_name TEXT, CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), "
    "CONSTRAINT gdc_tn UNIQUE (table_name, name))",
    "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, "
    "scope) SELECT 'gpkg_data_columns', NULL, 'gpkg_schema', "
    "'http://www.geopackage.org/spec/#extension_schema', 'read-write' WHERE NOT EXISTS "
    "(SELECT 1 FROM gpkg_extensions WHERE table_name = 'gpkg_data_columns' AND "
    "extension_name = 'gpkg_schema')",
};

void ls__gpkg_aliases_setup(ls__buf *sql)
{
    for (size_t i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
        ls__buf_addf(sql, "%s;", setup[i]);
}

/* s as the body of an SQL string literal: ' doubled. */
static void literal(ls__buf *sql, const char *s)
{
    for (const char *q; (q = strchr(s, '\'')) != NULL; s = q + 1) {
        ls__buf_addn(sql, s, (size_t)(q - s) + 1);
        ls__buf_add(sql, "'");
    }
    ls__buf_add(sql, s);
}

void ls__gpkg_alias_insert(ls__buf *sql, const char *table, const char *column, const char *alias)
{
    ls__buf_add(sql, "INSERT OR IGNORE INTO gpkg_data_columns (table_name, column_name, name, "
                     "title) VALUES ('");
    literal(sql, table);
    ls__buf_add(sql, "', '");
    literal(sql, column);
    ls__buf_add(sql, "', '");
    literal(sql, alias);
    ls__buf_add(sql, "', '");
    literal(sql, alias);
    ls__buf_add(sql, "');");
}
