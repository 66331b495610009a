/*
 * test_qgis_project.c — the .qgs builder and writer (qgis_project.c, docs/qgis.md §3).
 *
 * Checks what QGIS 3.22 silently ignores when it is wrong: layer ids longer than 10
 * characters, CRS given as <wkt> (WKT2, quotes escaped), ProjectionsEnabled = 1, relative
 * `./landscan.gpkg|layername=…` sources with Absolute = false, the renderer embedded in the
 * <maplayer>; plus escaping of names (a district called "A&B <区>") and one A3 layout per
 * district with map, legend, scale bar, north arrow and a title naming district and date.
 * That QGIS really opens and renders it is tests/qgis/check_qgis.py's job.
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
#include <gdal.h>
#include <ogr_srs_api.h>

#include "qgis_project.h"

static const char wkt[] =
    "PROJCRS[\"CGCS2000 / 3-degree Gauss-Kruger CM 120E\",BASEGEOGCRS[\"China Geodetic "
    "Coordinate System 2000\"],ID[\"EPSG\",4549]]";

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
        fail_msg("not well-formed XML:\n%.4000s", xml);
    return root;
}

static int count_children(CPLXMLNode *n, const char *name)
{
    int k = 0;
    for (CPLXMLNode *c = n ? n->psChild : NULL; c; c = c->psNext)
        k += c->eType == CXT_Element && strcmp(c->pszValue, name) == 0;
    return k;
}

static void test_qgis_project__xml_well_formed_and_escaped(void **state)
{
    (void)state;
    static const char *const pf[] = {"fid", "parcel_id", "status", NULL};
    static const char *const bf[] = {"fid", "block_id", "name", NULL};
    static const char *const df[] = {"fid", "name", NULL};
    static const char *const tf[] = {"fid", "key", "value", NULL};
    ls__style_layer layers[4] = {
        make_layer("parcels", "geom", pf), make_layer("blocks", "geom", bf),
        make_layer("districts", "geom", df), make_layer("run_info", NULL, tf)};
    ls__project_layout lay[2] = {{"A&B <区>", {0, 0, 1000, 500}}, {"海曙区", {10, 10, 20, 20}}};
    ls__project p = {.title = "年度 \"评价\" & <检查>",
                     .reference_date = "2025-12-31",
                     .crs_wkt = wkt,
                     .crs_name = "EPSG:4549",
                     .gpkg_name = "landscan.gpkg",
                     .layers = layers,
                     .nlayers = 4,
                     .extent = {0, 0, 2000, 1000},
                     .layouts = lay,
                     .nlayouts = 2};
    char *xml = ls__qgis_project_xml(&p);
    CPLXMLNode *root = parse(xml);
    CPLXMLNode *q = CPLGetXMLNode(root, "=qgis");
    assert_non_null(q);
    assert_string_equal(CPLGetXMLValue(q, "title", ""), "年度 \"评价\" & <检查>");
    assert_string_equal(CPLGetXMLValue(q, "projectname", ""), "年度 \"评价\" & <检查>");
    assert_string_equal(CPLGetXMLValue(q, "projectCrs.spatialrefsys.wkt", ""), wkt);
    assert_string_equal(CPLGetXMLValue(q, "properties.SpatialRefSys.ProjectionsEnabled", ""), "1");
    assert_string_equal(CPLGetXMLValue(q, "properties.Paths.Absolute", ""), "false");

    /* layers: long ids, relative sources, WKT CRS for spatial layers, renderer embedded */
    CPLXMLNode *pl = CPLGetXMLNode(q, "projectlayers");
    assert_int_equal(count_children(pl, "maplayer"), 4);
    int k = 0;
    for (CPLXMLNode *m = pl->psChild; m; m = m->psNext) {
        if (m->eType != CXT_Element)
            continue;
        const char *id = CPLGetXMLValue(m, "id", "");
        assert_true(strlen(id) > 10);
        char want[128];
        snprintf(want, sizeof(want), "./landscan.gpkg|layername=%s", layers[k].table);
        assert_string_equal(CPLGetXMLValue(m, "datasource", ""), want);
        assert_string_equal(CPLGetXMLValue(m, "provider", ""), "ogr");
        if (layers[k].geom_column) {
            assert_string_equal(CPLGetXMLValue(m, "srs.spatialrefsys.wkt", ""), wkt);
            assert_non_null(CPLGetXMLNode(m, "renderer-v2"));
        }
        assert_non_null(CPLGetXMLNode(m, "aliases"));
        k++;
    }
    CPLXMLNode *parcels = CPLGetXMLNode(q, "projectlayers.maplayer");
    assert_string_equal(CPLGetXMLValue(parcels, "renderer-v2.attr", ""), "status");
    assert_string_equal(CPLGetXMLValue(parcels, "layername", ""), "宗地评价");

    /* tree: map layers first (parcels over blocks over districts), tables in a group */
    CPLXMLNode *tree = CPLGetXMLNode(q, "layer-tree-group");
    assert_int_equal(count_children(tree, "layer-tree-layer"), 3);
    assert_int_equal(count_children(tree, "layer-tree-group"), 1);
    const char *first = CPLGetXMLValue(tree, "layer-tree-layer.id", "");
    assert_string_equal(first, CPLGetXMLValue(parcels, "id", "?"));

    /* view on the data */
    assert_string_equal(CPLGetXMLValue(q, "mapcanvas.extent.xmax", ""), "2000.000");

    /* layouts: one per district, escaped names, A3 landscape, the five item kinds */
    CPLXMLNode *ls = CPLGetXMLNode(q, "Layouts");
    assert_int_equal(count_children(ls, "Layout"), 2);
    CPLXMLNode *l0 = CPLGetXMLNode(ls, "Layout");
    assert_string_equal(CPLGetXMLValue(l0, "name", ""), "A&B <区>");
    assert_string_equal(CPLGetXMLValue(l0, "PageCollection.LayoutItem.size", ""),
                        "420.00,297.00,mm");
    int types[70000 - 65600] = {0};
    char *map_uuid = NULL;
    int title_ok = 0;
    for (CPLXMLNode *it = l0->psChild; it; it = it->psNext) {
        if (it->eType != CXT_Element || strcmp(it->pszValue, "LayoutItem") != 0)
            continue;
        int t = atoi(CPLGetXMLValue(it, "type", "0"));
        assert_true(t >= 65600 && t < 70000);
        types[t - 65600]++;
        if (t == 65639)
            map_uuid = strdup(CPLGetXMLValue(it, "uuid", ""));
        if (t == 65641) {
            const char *text = CPLGetXMLValue(it, "labelText", "");
            title_ok |= strstr(text, "A&B <区>") && strstr(text, "2025-12-31");
        }
        if (t == 65642 || t == 65646 || t == 65640) {
            const char *link = CPLGetXMLValue(it, t == 65642 ? "map_uuid" : "mapUuid", "");
            assert_non_null(map_uuid);
            assert_string_equal(link, map_uuid);
        }
    }
    assert_int_equal(types[65639 - 65600], 1); /* map */
    assert_int_equal(types[65642 - 65600], 1); /* legend */
    assert_int_equal(types[65646 - 65600], 1); /* scale bar */
    assert_int_equal(types[65640 - 65600], 1); /* north arrow */
    assert_true(types[65641 - 65600] >= 1);    /* labels */
    assert_true(title_ok);
    /* the layout map keeps the frame's aspect and contains the district */
    CPLXMLNode *ext = NULL;
    for (CPLXMLNode *it = l0->psChild; it && !ext; it = it->psNext)
        if (it->eType == CXT_Element && strcmp(CPLGetXMLValue(it, "type", ""), "65639") == 0)
            ext = CPLGetXMLNode(it, "Extent");
    assert_non_null(ext);
    double x0 = atof(CPLGetXMLValue(ext, "xmin", "")), x1 = atof(CPLGetXMLValue(ext, "xmax", ""));
    double y0 = atof(CPLGetXMLValue(ext, "ymin", "")), y1 = atof(CPLGetXMLValue(ext, "ymax", ""));
    assert_true(x0 < 0 && x1 > 1000 && y0 < 0 && y1 > 500);
    assert_true(fabs((x1 - x0) / (y1 - y0) - 310.0 / 252.0) < 1e-3);

    free(map_uuid);
    CPLDestroyXMLNode(root);
    free(xml);
    for (int i = 0; i < 4; i++)
        free_layer(&layers[i]);
}

/* Write a GeoPackage with a parcels layer, then the project for a dataset with one district. */
static void test_qgis_project__write(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char dir[] = "/tmp/test_qgis_project_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char gpkg[128], qgs[128];
    snprintf(gpkg, sizeof(gpkg), "%s/landscan.gpkg", dir);
    snprintf(qgs, sizeof(qgs), "%s/landscan.qgs", dir);
    GDALAllRegister();
    GDALDatasetH g = GDALCreate(GDALGetDriverByName("GPKG"), gpkg, 0, 0, 0, GDT_Unknown, NULL);
    assert_non_null(g);
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(srs, 4549);
    assert_non_null(GDALDatasetCreateLayer(g, "parcels", srs, wkbMultiPolygon, NULL));
    OSRDestroySpatialReference(srs);
    GDALClose(g);

    ls__dataset ds;
    memset(&ds, 0, sizeof(ds));
    ds.geos = GEOS_init_r();
    ds.crs_wkt = strdup(wkt);
    ds.crs_name = strdup("EPSG:4549");
    ds.nparcels = 1;
    ds.parcels = calloc(1, sizeof(ls__parcel));
    ds.parcels[0].geom = GEOSGeom_createRectangle_r(ds.geos, 500000, 3300000, 500100, 3300200);
    ds.parcels[0].district_ix = 0;
    ds.ndistricts = 2;
    ds.districts = calloc(2, sizeof(ls__area));
    ds.districts[0].name = strdup("海曙区");
    ds.districts[0].geom = GEOSGeom_createRectangle_r(ds.geos, 499000, 3299000, 501000, 3301000);
    ds.districts[1].name = strdup("无地块区"); /* no parcels: no layout */
    ds.districts[1].geom = GEOSGeom_createRectangle_r(ds.geos, 0, 0, 10, 10);

    assert_int_equal(ls__qgis_project_write(ctx, &ds, "测试", "2025-12-31", gpkg, qgs), LS_OK);
    FILE *f = fopen(qgs, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *xml = calloc(1, (size_t)n + 1);
    assert_int_equal(fread(xml, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    CPLXMLNode *root = parse(xml);
    CPLXMLNode *q = CPLGetXMLNode(root, "=qgis");
    assert_int_equal(count_children(CPLGetXMLNode(q, "Layouts"), "Layout"), 1);
    assert_string_equal(CPLGetXMLValue(q, "Layouts.Layout.name", ""), "海曙区");
    assert_string_equal(CPLGetXMLValue(q, "projectlayers.maplayer.datasource", ""),
                        "./landscan.gpkg|layername=parcels");
    double xmin = atof(CPLGetXMLValue(q, "mapcanvas.extent.xmin", "0"));
    double xmax = atof(CPLGetXMLValue(q, "mapcanvas.extent.xmax", "0"));
    assert_true(xmin < 500000 && xmin > 499900 && xmax > 500100 && xmax < 500200);
    CPLDestroyXMLNode(root);
    free(xml);

    /* error path: the GeoPackage is missing; the message names it */
    unlink(gpkg);
    int rc = ls__qgis_project_write(ctx, &ds, "测试", "2025-12-31", gpkg, qgs);
    assert_int_equal(rc, LS_EIO);
    assert_non_null(strstr(ls_context_error(ctx), gpkg));

    unlink(qgs);
    rmdir(dir);
    ls__dataset_free(&ds);
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_qgis_project__xml_well_formed_and_escaped),
        cmocka_unit_test(test_qgis_project__write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
