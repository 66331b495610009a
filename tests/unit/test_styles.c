/*
 * test_styles.c — the QML builders and the layer_styles writer (styles.c, docs/qgis.md §2).
 *
 * The QML must be well-formed (parsed with GDAL's XML parser), escape whatever a field name
 * carries, categorize parcels on `status` with one category per status and the Chinese
 * labels (疑似闲置 for idle), and carry an alias for every field. layer_styles is checked
 * against the values qgis.md lists as required by QGIS 3.22: catalog/schema '' (not NULL),
 * the real geometry column, useAsDefault 1, the table registered in gpkg_contents.
 * Whether QGIS really loads them is tests/qgis/check_qgis.py's job.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cpl_minixml.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_srs_api.h>
#include <sqlite3.h>

#include "fields.h"
#include "styles.h"

static ls__style_layer make_layer(const char *table, const char *geom, const char *const *fields)
{
    ls__style_layer l;
    memset(&l, 0, sizeof(l));
    l.table = strdup(table);
    l.geom_column = geom ? strdup(geom) : NULL;
    while (fields[l.nfields])
        l.nfields++;
    l.fields = calloc(l.nfields, sizeof(char *));
    for (size_t i = 0; i < l.nfields; i++)
        l.fields[i] = strdup(fields[i]);
    return l;
}

static void free_layer(ls__style_layer *l)
{
    free(l->table);
    free(l->geom_column);
    for (size_t i = 0; i < l->nfields; i++)
        free(l->fields[i]);
    free(l->fields);
}

/* Parse, fail the test with the document when it is not well-formed. */
static CPLXMLNode *parse(const char *xml)
{
    assert_non_null(xml);
    /* GDAL's parser accepts a bare '&': check entities ourselves */
    for (const char *amp = strchr(xml, '&'); amp; amp = strchr(amp + 1, '&'))
        if (strncmp(amp, "&amp;", 5) && strncmp(amp, "&lt;", 4) && strncmp(amp, "&gt;", 4) &&
            strncmp(amp, "&quot;", 6) && strncmp(amp, "&apos;", 6) && strncmp(amp, "&#", 2))
            fail_msg("unescaped '&' at: %.40s", amp);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLXMLNode *root = CPLParseXMLString(xml);
    CPLPopErrorHandler();
    if (!root)
        fail_msg("not well-formed XML:\n%s", xml);
    return root;
}

static void test_styles__xml_escape(void **state)
{
    (void)state;
    ls__buf b = {0};
    ls__xml_escape(&b, "a<b>&\"c'\n\x01\t中");
    assert_string_equal(b.data, "a&lt;b&gt;&amp;&quot;c&apos;&#10;&#9;中");
    ls__buf_free(&b);
    ls__xml_escape(&b, NULL);
    assert_null(b.data);
}

static void test_styles__parcels_categorized_on_status(void **state)
{
    (void)state;
    static const char *const fields[] = {"fid", "parcel_id", "status", "odd<&\">", NULL};
    ls__style_layer l = make_layer("parcels", "geom", fields);
    char *qml = ls__style_qml(&l, LS_STYLE_DEFAULT);
    CPLXMLNode *root = parse(qml);
    CPLXMLNode *q = CPLGetXMLNode(root, "=qgis");
    assert_non_null(q);
    assert_string_equal(CPLGetXMLValue(q, "renderer-v2.type", ""), "categorizedSymbol");
    assert_string_equal(CPLGetXMLValue(q, "renderer-v2.attr", ""), "status");
    static const char *const want[][2] = {{"idle", "疑似闲置"},
                                          {"relocatable", "可腾退"},
                                          {"low_efficiency", "低效"},
                                          {"efficient", "高效"},
                                          {"non_industrial", "非工业"}};
    CPLXMLNode *cats = CPLGetXMLNode(q, "renderer-v2.categories");
    assert_non_null(cats);
    size_t k = 0;
    for (CPLXMLNode *c = cats->psChild; c; c = c->psNext) {
        if (c->eType != CXT_Element)
            continue;
        assert_true(k < 5);
        assert_string_equal(CPLGetXMLValue(c, "value", ""), want[k][0]);
        assert_string_equal(CPLGetXMLValue(c, "label", ""), want[k][1]);
        char sym[8];
        snprintf(sym, sizeof(sym), "%zu", k);
        assert_string_equal(CPLGetXMLValue(c, "symbol", ""), sym);
        k++;
    }
    assert_int_equal(k, 5);
    /* idle is red: the symbol named 0 is filled 227,26,28 */
    assert_non_null(strstr(qml, "name=\"color\" value=\"227,26,28,255\""));
    /* one alias per field, matched by name; the odd name comes back intact */
    CPLXMLNode *al = CPLGetXMLNode(q, "aliases");
    assert_non_null(al);
    size_t n = 0;
    for (CPLXMLNode *a = al->psChild; a; a = a->psNext) {
        if (a->eType != CXT_Element)
            continue;
        assert_string_equal(CPLGetXMLValue(a, "field", ""), fields[n]);
        if (strcmp(fields[n], "status") == 0)
            assert_string_equal(CPLGetXMLValue(a, "name", ""), "状态");
        n++;
    }
    assert_int_equal(n, 4);
    assert_string_equal(CPLGetXMLValue(q, "labelsEnabled", ""), "0");
    CPLDestroyXMLNode(root);
    free(qml);
    free_layer(&l);
}

static void test_styles__control_lines_dashed_no_fill(void **state)
{
    (void)state;
    static const char *const fields[] = {"fid", "source_fid", "tier", "area_m2", NULL};
    ls__style_layer l = make_layer("control_lines", "geom", fields);
    char *qml = ls__style_qml(&l, LS_STYLE_DEFAULT);
    CPLXMLNode *root = parse(qml);
    assert_string_equal(CPLGetXMLValue(root, "=qgis.renderer-v2.attr", ""), "tier");
    assert_null(strstr(qml, "name=\"style\" value=\"solid\""));
    assert_non_null(strstr(qml, "name=\"outline_style\" value=\"dash\""));
    assert_non_null(strstr(qml, "name=\"style\" value=\"no\""));
    CPLDestroyXMLNode(root);
    free(qml);
    free_layer(&l);
}

static void test_styles__area_layers_labelled_with_cjk_font(void **state)
{
    (void)state;
    static const char *const fields[] = {"fid", "block_id", "name", "reclaimable_mu", NULL};
    ls__style_layer l = make_layer("blocks", "geom", fields);
    char *qml = ls__style_qml(&l, LS_STYLE_DEFAULT);
    CPLXMLNode *root = parse(qml);
    assert_string_equal(CPLGetXMLValue(root, "=qgis.labelsEnabled", ""), "1");
    assert_string_equal(CPLGetXMLValue(root, "=qgis.renderer-v2.type", ""), "singleSymbol");
    CPLXMLNode *ts = CPLGetXMLNode(root, "=qgis.labeling.settings.text-style");
    assert_non_null(ts);
    assert_string_equal(CPLGetXMLValue(ts, "fieldName", ""), "name");
    assert_string_equal(CPLGetXMLValue(ts, "fontFamily", ""), LS_STYLE_FONT);
    CPLXMLNode *fams = CPLGetXMLNode(ts, "families");
    assert_non_null(fams);
    int nfam = 0, wqy = 0;
    for (CPLXMLNode *c = fams->psChild; c; c = c->psNext)
        if (c->eType == CXT_Element) {
            nfam++;
            wqy |= strcmp(CPLGetXMLValue(c, "name", ""), "WenQuanYi Micro Hei") == 0;
        }
    assert_true(nfam >= 2);
    assert_true(wqy);
    CPLDestroyXMLNode(root);
    free(qml);
    free_layer(&l);
}

static void test_styles__blocks_graduated_second_style(void **state)
{
    (void)state;
    static const char *const fields[] = {"fid", "name", "reclaimable_mu", NULL};
    ls__style_layer l = make_layer("blocks", "geom", fields);
    l.nclasses = 3;
    l.bounds[0] = 0, l.bounds[1] = 10, l.bounds[2] = 25.5, l.bounds[3] = 80;
    char *qml = ls__style_qml(&l, LS_STYLE_BLOCKS_RECLAIMABLE);
    CPLXMLNode *root = parse(qml);
    assert_string_equal(CPLGetXMLValue(root, "=qgis.renderer-v2.type", ""), "graduatedSymbol");
    assert_string_equal(CPLGetXMLValue(root, "=qgis.renderer-v2.attr", ""), "reclaimable_mu");
    assert_non_null(strstr(qml, "label=\"10 – 25.5 亩\""));
    CPLDestroyXMLNode(root);
    free(qml);
    /* the graduated style is for blocks only */
    free(l.table);
    l.table = strdup("parcels");
    assert_null(ls__style_qml(&l, LS_STYLE_BLOCKS_RECLAIMABLE));
    ls__buf b = {0};
    assert_int_equal(ls__style_body(&b, &l, LS_STYLE_BLOCKS_RECLAIMABLE, NULL), LS_EINVAL);
    ls__buf_free(&b);
    free_layer(&l);
}

static void test_styles__blocks_classes_from_totals(void **state)
{
    (void)state;
    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    double v[] = {0, 3.2, 12.7, 40, 41, 150.3, 7, 0, 99, 20};
    ls__totals t[10];
    memset(t, 0, sizeof(t));
    for (int i = 0; i < 10; i++)
        t[i].reclaimable_mu = v[i];
    ds.nblocks = 10;
    ds.block_totals = t;
    ls__style_layer l;
    memset(&l, 0, sizeof(l));
    ls__style_blocks_classes(&ds, &l);
    assert_true(l.nclasses >= 2 && l.nclasses <= LS_STYLE_MAX_CLASSES);
    assert_true(l.bounds[0] == 0);
    for (size_t i = 0; i < l.nclasses; i++)
        assert_true(l.bounds[i] < l.bounds[i + 1]);
    assert_true(l.bounds[l.nclasses] >= 150.3);
    /* nothing reclaimable: one class */
    ds.nblocks = 0;
    ls__style_blocks_classes(&ds, &l);
    assert_int_equal(l.nclasses, 1);
}

static void test_styles__every_table_field_has_alias(void **state)
{
    (void)state;
    assert_string_equal(ls__field_alias("parcels", "status"), "状态");
    assert_string_equal(ls__field_alias("blocks", "name"), "区块名称");
    assert_string_equal(ls__field_alias("districts", "name"), "区县");
    assert_string_equal(ls__field_alias("blocks", "idle_mu"), "疑似闲置(亩)");
    assert_string_equal(ls__field_alias("data_quality", "action"), "处理");
    assert_string_equal(ls__field_alias("parcels", "action"), "处置方式");
    assert_null(ls__field_alias("parcels", "no_such_field"));
    assert_string_equal(ls__layer_title("parcels"), "宗地评价");
    assert_null(ls__layer_title("nope"));
}

/* A GeoPackage with a parcels layer (geometry column geom) and a table, made by GDAL. */
static char *make_gpkg(void)
{
    char tmpl[] = "/tmp/test_styles_XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char *path = malloc(strlen(tmpl) + 16);
    sprintf(path, "%s/t.gpkg", tmpl);
    GDALAllRegister();
    GDALDatasetH ds = GDALCreate(GDALGetDriverByName("GPKG"), path, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(ds);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4549);
    char **opts = CSLSetNameValue(NULL, "GEOMETRY_NAME", "geom");
    OGRLayerH l = GDALDatasetCreateLayer(ds, "parcels", srs, wkbMultiPolygon, opts);
    assert_non_null(l);
    OGRFieldDefnH fd = OGR_Fld_Create("status", OFTString);
    OGR_L_CreateField(l, fd, TRUE);
    OGR_Fld_Destroy(fd);
    assert_non_null(GDALDatasetCreateLayer(ds, "run_info", NULL, wkbNone, NULL));
    CSLDestroy(opts);
    OSRDestroySpatialReference(srs);
    GDALClose(ds);
    return path;
}

static void remove_gpkg(char *path)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    *slash = '\0';
    rmdir(path);
    free(path);
}

static void test_styles__write_layer_styles(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char *path = make_gpkg();
    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    /* a caption stored by the GeoPackage writer wins over fields.c's */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "CREATE TABLE gpkg_data_columns (table_name TEXT NOT NULL,"
                                  " column_name TEXT NOT NULL, name TEXT);"
                                  "INSERT INTO gpkg_data_columns VALUES"
                                  " ('parcels', 'status', '现状分类')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(ls__styles_write(ctx, &ds, path), LS_OK);

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT f_table_catalog IS '' AND f_table_schema IS '',"
                                        " f_table_name, f_geometry_column, styleName,"
                                        " useAsDefault, typeof(useAsDefault), styleQML"
                                        " FROM layer_styles ORDER BY f_table_name",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "parcels");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "geom");
    assert_string_equal((const char *)sqlite3_column_text(st, 3), "parcels_default");
    assert_int_equal(sqlite3_column_int(st, 4), 1);
    assert_string_equal((const char *)sqlite3_column_text(st, 5), "integer");
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 6), "疑似闲置"));
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 6),
                           "<alias field=\"status\" index=\"1\" name=\"现状分类\"/>"));
    /* fid has no stored caption: fields.c's */
    assert_non_null(strstr((const char *)sqlite3_column_text(st, 6), "name=\"要素编号\""));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "run_info");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "");
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT data_type FROM gpkg_contents"
                                        " WHERE table_name = 'layer_styles'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "attributes");
    sqlite3_finalize(st);
    sqlite3_close(db);
    remove_gpkg(path);
    ls_context_free(ctx);
}

static void test_styles__write_missing_file_names_it(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    const char *path = "/nonexistent-dir/landscan.gpkg";
    int rc = ls__styles_write(ctx, &ds, path);
    assert_int_equal(rc, LS_EIO);
    assert_non_null(strstr(ls_context_error(ctx), path));
    assert_null(strchr(ls_context_error(ctx), '\n'));
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_styles__xml_escape),
        cmocka_unit_test(test_styles__parcels_categorized_on_status),
        cmocka_unit_test(test_styles__control_lines_dashed_no_fill),
        cmocka_unit_test(test_styles__area_layers_labelled_with_cjk_font),
        cmocka_unit_test(test_styles__blocks_graduated_second_style),
        cmocka_unit_test(test_styles__blocks_classes_from_totals),
        cmocka_unit_test(test_styles__every_table_field_has_alias),
        cmocka_unit_test(test_styles__write_layer_styles),
        cmocka_unit_test(test_styles__write_missing_file_names_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
