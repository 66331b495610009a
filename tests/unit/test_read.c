/*
 * test_read.c — the read stage (src/lib/read.c): field mapping, CRS handling and guesses,
 * geometry clean-up with data_quality rows, district / town dissolve, control-line tiers,
 * duplicate parcel ids, enterprise points in GCJ-02, and reprojection to the working CRS.
 *
 * Every input is built in a fresh temporary folder (mkdtemp) with the OGR C API or as CSV
 * text, next to a RUN.yaml loaded with ls_config_load(). Expected coordinates of the
 * reprojection come from PROJ's cs2cs (commands in the comments); areas by hand.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "geom_asserts.h"
#include "measure.h"
#include "read.h"

/* echo "121.5 29.9" | cs2cs -d 6 +proj=longlat +ellps=GRS80 +to +proj=tmerc +lat_0=0
 *   +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m      (= EPSG:4549, E N order)
 * → 644882.692681  3309973.761415
 * (same as: echo "29.9 121.5" | cs2cs -d 6 EPSG:4326 EPSG:4549, which prints N E) */
#define E_121_5 644882.692681
#define N_29_9 3309973.761415

/* GCJ-02 of WGS84 (121.5, 29.9) by the published forward formula (research-domain.md §7.2):
 * (121.5043209066537, 29.897552413830194). Read naively as WGS84 it would project to
 * echo "121.5043209066537 29.897552413830194" | cs2cs -d 6 +proj=longlat +ellps=GRS80 +to
 *   +proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m
 * → 645303.643236  3309707.853599  (≈ 500 m away). */
#define GCJ_LON "121.5043209066537"
#define GCJ_LAT "29.897552413830194"
#define E_NAIVE 645303.643236
#define N_NAIVE 3309707.853599

typedef struct fixture {
    ls_context *ctx;
    char *dir;
    ls_config *cfg;
    ls__dataset ds;
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof(*fx));
    if (!fx || ls_context_new(&fx->ctx) != LS_OK)
        return -1;
    fx->dir = tgeom_mkdtemp("read");
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    ls__dataset_free(&fx->ds);
    ls_config_free(fx->cfg);
    ls_context_free(fx->ctx);
    tgeom_rm_rf(fx->dir);
    free(fx->dir);
    free(fx);
    return 0;
}

typedef struct col {
    const char *name;
    OGRFieldType type;
} col;

/* Write a vector file: rows hold, per feature, its WKT (NULL = no geometry) and then one
 * text value per column (NULL = unset). epsg 0 = no CRS. */
static void write_layer(fixture *fx, const char *file, const char *driver, int epsg,
                        OGRwkbGeometryType gt, const col *cols, size_t ncols,
                        const char *const *rows, size_t nrows)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", fx->dir, file);
    GDALDriverH drv = GDALGetDriverByName(driver);
    assert_non_null(drv);
    GDALDatasetH gds = GDALCreate(drv, path, 0, 0, 0, GDT_Unknown, NULL);
    if (!gds)
        fail_msg("cannot create %s: %s", path, CPLGetLastErrorMsg());
    OGRSpatialReferenceH srs = NULL;
    if (epsg) {
        srs = OSRNewSpatialReference(NULL);
        assert_int_equal(OSRImportFromEPSG(srs, epsg), OGRERR_NONE);
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    char lname[256];
    snprintf(lname, sizeof(lname), "%s", file);
    char *dot = strrchr(lname, '.');
    if (dot)
        *dot = '\0';
    OGRLayerH l = GDALDatasetCreateLayer(gds, lname, srs, gt, NULL);
    assert_non_null(l);
    for (size_t c = 0; c < ncols; c++) {
        OGRFieldDefnH fd = OGR_Fld_Create(cols[c].name, cols[c].type);
        assert_int_equal(OGR_L_CreateField(l, fd, 1), OGRERR_NONE);
        OGR_Fld_Destroy(fd);
    }
    for (size_t i = 0; i < nrows; i++) {
        const char *const *row = rows + i * (ncols + 1);
        OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(l));
        if (row[0]) {
            OGRGeometryH g = NULL;
            char *text = strdup(row[0]);
            char *cursor = text;
            if (OGR_G_CreateFromWkt(&cursor, NULL, &g) != OGRERR_NONE)
                fail_msg("bad WKT %s", row[0]);
            free(text);
            OGR_F_SetGeometryDirectly(f, g);
        }
        for (size_t c = 0; c < ncols; c++)
            if (row[c + 1])
                OGR_F_SetFieldString(f, (int)c, row[c + 1]);
        assert_int_equal(OGR_L_CreateFeature(l, f), OGRERR_NONE);
        OGR_F_Destroy(f);
    }
    if (srs)
        OSRDestroySpatialReference(srs);
    GDALClose(gds);
}

/* Write RUN.yaml into the fixture folder and load it. */
static void load_run(fixture *fx, const char *yaml)
{
    char *path = tgeom_write_file(fx->dir, "RUN.yaml", yaml, strlen(yaml));
    if (ls_config_load(fx->ctx, path, &fx->cfg) != LS_OK)
        fail_msg("RUN.yaml did not load: %s\n%s", ls_context_error(fx->ctx), yaml);
    free(path);
}

/* Read and expect success. */
static void read_ok(fixture *fx)
{
    int rc = ls__read_inputs(fx->ctx, fx->cfg, &fx->ds);
    if (rc != LS_OK)
        fail_msg("ls__read_inputs: %d %s", rc, ls_context_error(fx->ctx));
}

/* Read and expect failure with code and message fragments (one line). */
static void read_fails(fixture *fx, int code, const char *frag1, const char *frag2)
{
    int rc = ls__read_inputs(fx->ctx, fx->cfg, &fx->ds);
    if (rc != code)
        fail_msg("expected %d, got %d (%s)", code, rc, ls_context_error(fx->ctx));
    assert_int_equal(ls_context_error_code(fx->ctx), code);
    assert_null(strchr(ls_context_error(fx->ctx), '\n'));
    tgeom_assert_contains(ls_context_error(fx->ctx), frag1);
    if (frag2)
        tgeom_assert_contains(ls_context_error(fx->ctx), frag2);
}

static const ls__parcel *parcel_by_id(const ls__dataset *ds, const char *id)
{
    for (size_t i = 0; i < ds->nparcels; i++)
        if (strcmp(ds->parcels[i].parcel_id, id) == 0)
            return &ds->parcels[i];
    fail_msg("no parcel %s", id);
    return NULL;
}

/* A rectangle in projected metres near EPSG:4549's false easting. */
#define RECT(x0, y0, x1, y1)                                                                       \
    "POLYGON ((" #x0 " " #y0 ", " #x1 " " #y0 ", " #x1 " " #y1 ", " #x0 " " #y1 ", " #x0 " " #y0   \
    "))"

static const col parcel_cols[] = {{"ZDDM", OFTString}, {"TDYT", OFTString}, {"QLR", OFTString},
                                  {"SFKG", OFTString}, {"CRRQ", OFTString}, {"ZDMJ", OFTReal}};

/* --- field mapping --- */

static void test_read__field_mapping(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500000, 3300000, 500100, 3300050),
        "ZD001",
        "0601",
        "宁波某某机械有限公司",
        "是",
        "2020年3月5日",
        "5000",
        RECT(500200, 3300000, 500230, 3300020),
        " ZD002 ",
        "M1",
        NULL,
        "0",
        "2021-12-01",
        NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 2);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels:\n"
                 "    path: zd.gpkg\n"
                 "    fields: {parcel_id: ZDDM, landuse: TDYT, owner: QLR, started: SFKG,\n"
                 "             grant_date: CRRQ}\n");
    read_ok(fx);
    ls__dataset *ds = &fx->ds;
    assert_int_equal(ds->nparcels, 2);
    const ls__parcel *a = parcel_by_id(ds, "ZD001");
    assert_string_equal(a->landuse, "0601");
    assert_string_equal(a->owner, "宁波某某机械有限公司");
    assert_int_equal(a->started, 1);
    assert_int_equal(a->grant_date, 18326);       /* 2020-03-05: 50 years + 12 leap days + 64 */
    assert_int_equal(a->approved_unsupplied, -1); /* not mapped: unknown */
    assert_null(a->industry_code);
    tgeom_assert_area_near(ds->geos, a->geom, 5000.0, 1e-6); /* 100 × 50 */
    const ls__parcel *b = parcel_by_id(ds, "ZD002");         /* trimmed */
    assert_string_equal(b->landuse, "M1");
    assert_null(b->owner);
    assert_int_equal(b->started, 0);
    tgeom_assert_area_near(ds->geos, b->geom, 600.0, 1e-6);
    assert_true(ds->parcel_fields & LS_PF_STARTED);
    assert_true(ds->parcel_fields & LS_PF_LANDUSE);
    assert_true(ds->parcel_fields & LS_PF_GRANT);
    assert_false(ds->parcel_fields & LS_PF_INDUSTRY);
    /* working CRS = the parcels' CRS */
    assert_int_equal(ds->crs_epsg, 4549);
    assert_string_equal(ds->crs_name, "EPSG:4549");
    assert_non_null(ds->crs_wkt);
    const ls__layer_info *info = &ds->layers[LS_INPUT_PARCELS];
    assert_true(info->present);
    assert_int_equal(info->features, 2);
    assert_int_equal(info->skipped, 0);
    assert_string_equal(info->crs, "EPSG:4549");
    assert_non_null(info->sha256);
    assert_int_equal(strlen(info->sha256), 64);
    assert_int_equal(ds->dq.n, 0);
}

static void test_read__unparseable_values_recorded(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500000, 3300000, 500100, 3300050), "ZD001", "0601", NULL, "也许", "去年", NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM, started: SFKG, "
                 "grant_date: CRRQ}}\n");
    read_ok(fx);
    const ls__parcel *a = parcel_by_id(&fx->ds, "ZD001");
    assert_int_equal(a->started, -1);
    assert_int_equal(a->grant_date, LS_NO_DATE);
    tgeom_assert_dq(&fx->ds, "parcels", "ZD001", "'也许' is not a yes/no value", 1);
    tgeom_assert_dq(&fx->ds, "parcels", "ZD001", "'去年' is not a date", 1);
}

static void test_read__mapped_field_missing(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500000, 3300000, 500100, 3300050), "ZD001", "0601", NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM, landuse: YT}}\n");
    read_fails(fx, LS_EINVAL, "has no field 'YT' (mapped as landuse",
               "fields present: ZDDM, TDYT, QLR, SFKG, CRRQ, ZDMJ");
    tgeom_assert_contains(ls_context_error(fx->ctx), "zd.gpkg");
}

static void test_read__input_file_missing(void **state)
{
    fixture *fx = *state;
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: nothere.gpkg}\n");
    read_fails(fx, LS_ENOTFOUND, "nothere.gpkg: parcels input not found", "RUN.yaml:3");
}

static void test_read__layer_missing_lists_layers(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500000, 3300000, 500100, 3300050), "ZD001", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, layer: zongdi}\n");
    read_fails(fx, LS_ENOTFOUND, "no layer 'zongdi'", "(layers: zd)");
}

static void test_read__empty_parcel_id_named_by_fid(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500000, 3300000, 500010, 3300010), "ZD1", NULL, NULL, NULL, NULL, NULL,
        RECT(500020, 3300000, 500030, 3300010), "  ",  NULL, NULL, NULL, NULL, NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 2);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.nparcels, 2);
    assert_string_equal(fx->ds.parcels[1].parcel_id, "FID2");
    tgeom_assert_dq(&fx->ds, "parcels", "fid 2", "parcel id is empty", 1);
}

static void test_read__building_numbers_parsed_or_recorded(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        RECT(500000, 3300000, 500100, 3300100), "ZD1", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const col bcols[] = {{"CS", OFTString}, {"JZMJ", OFTString}, {"GD", OFTReal}};
    const char *brows[] = {
        RECT(500010, 3300010, 500030, 3300020), "3",    "1,234.5", "12",
        RECT(500040, 3300010, 500050, 3300020), "三层", NULL,      NULL,
        RECT(500060, 3300010, 500070, 3300020), "-2",   "-5",      NULL,
    };
    write_layer(fx, "jzw.gpkg", "GPKG", 4549, wkbPolygon, bcols, 3, brows, 3);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  buildings: {path: jzw.gpkg, fields: {floors: CS, floor_area_m2: JZMJ, "
                 "height_m: GD}}\n");
    read_ok(fx);
    ls__dataset *ds = &fx->ds;
    assert_int_equal(ds->nbuildings, 3);
    tgeom_assert_near(ds->buildings[0].area_m2, 200.0, 1e-6); /* 20 × 10 */
    tgeom_assert_near(ds->buildings[0].floors, 3.0, 0.0);
    tgeom_assert_near(ds->buildings[0].given_floor_m2, 1234.5, 0.0); /* thousands separator */
    tgeom_assert_near(ds->buildings[0].height_m, 12.0, 0.0);
    assert_true(isnan(ds->buildings[1].floors));
    tgeom_assert_dq(ds, "buildings", "fid 2", "'三层' is not a number", 1);
    assert_true(isnan(ds->buildings[2].floors));
    assert_true(isnan(ds->buildings[2].given_floor_m2));
    tgeom_assert_dq(ds, "buildings", "fid 3", "negative number of floors", 1);
    tgeom_assert_dq(ds, "buildings", "fid 3", "negative floor area", 1);
}

/* --- CRS --- */

static void test_read__no_crs_guess_without_zone_prefix(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500100, 3300000, 500200, 3300100), "ZD001", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.shp", "ESRI Shapefile", 0, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.shp, fields: {parcel_id: ZDDM}}\n");
    read_fails(fx, LS_ECRS, "has no CRS", "assume_crs");
    tgeom_assert_contains(ls_context_error(fx->ctx), "without zone prefix");
    tgeom_assert_contains(ls_context_error(fx->ctx), "EPSG:4549");
}

static void test_read__no_crs_guess_zone_prefix(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(40500100, 3300000, 40500200, 3300100), "ZD001", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.shp", "ESRI Shapefile", 0, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.shp, fields: {parcel_id: ZDDM}}\n");
    /* zone 40 → CM 120°E, EPSG:4528 "CGCS2000 / 3-degree Gauss-Kruger zone 40" */
    read_fails(fx, LS_ECRS, "has no CRS", "zone prefix 40");
    tgeom_assert_contains(ls_context_error(fx->ctx), "EPSG:4528");
}

static void test_read__assume_crs_used(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500100, 3300000, 500200, 3300100), "ZD001", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.shp", "ESRI Shapefile", 0, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.shp, assume_crs: EPSG:4549, fields: {parcel_id: ZDDM}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.nparcels, 1);
    assert_int_equal(fx->ds.crs_epsg, 4549);
    assert_string_equal(fx->ds.layers[LS_INPUT_PARCELS].crs, "EPSG:4549");
    tgeom_assert_area_near(fx->ds.geos, fx->ds.parcels[0].geom, 10000.0, 1e-6);
}

static void test_read__assume_crs_invalid(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500100, 3300000, 500200, 3300100), "ZD001", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.shp", "ESRI Shapefile", 0, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.shp, assume_crs: 'EPSG:99999999'}\n");
    read_fails(fx, LS_ECRS, "assume_crs 'EPSG:99999999' is not a CRS PROJ knows", "RUN.yaml:3");
}

static void test_read__geographic_working_crs_refused(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {"POLYGON ((121.5 29.9, 121.501 29.9, 121.501 29.901, 121.5 29.901, "
                          "121.5 29.9))",
                          "ZD001",
                          NULL,
                          NULL,
                          NULL,
                          NULL,
                          NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4326, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg}\n");
    read_fails(fx, LS_ECRS, "geographic", "EPSG:4326");
}

static void test_read__transformed_to_working_crs(void **state)
{
    fixture *fx = *state;
    /* a parcel in EPSG:4326 whose first vertex is (121.5 E, 29.9 N) */
    const char *rows[] = {"POLYGON ((121.5 29.9, 121.501 29.9, 121.501 29.901, 121.5 29.901, "
                          "121.5 29.9))",
                          "ZD001",
                          NULL,
                          NULL,
                          NULL,
                          NULL,
                          NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4326, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "crs: EPSG:4549\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n");
    read_ok(fx);
    ls__dataset *ds = &fx->ds;
    assert_int_equal(ds->crs_epsg, 4549);
    assert_string_equal(ds->layers[LS_INPUT_PARCELS].crs, "EPSG:4326");
    const GEOSGeometry *ring = GEOSGetExteriorRing_r(ds->geos, ds->parcels[0].geom);
    assert_non_null(ring);
    const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ds->geos, ring);
    double x = 0, y = 0;
    assert_int_equal(GEOSCoordSeq_getXY_r(ds->geos, seq, 0, &x, &y), 1);
    /* easting first (axis order traditional), as cs2cs */
    tgeom_assert_near(x, E_121_5, 1e-3);
    tgeom_assert_near(y, N_29_9, 1e-3);
    /* a 0.001° square here is ≈ 96.6 m (E) × 110.9 m (N) ≈ 10 700 m² */
    double area = 0;
    GEOSArea_r(ds->geos, ds->parcels[0].geom, &area);
    assert_true(area > 10000.0 && area < 11500.0);
}

/* --- geometry types and clean-up --- */

static void test_read__point_layer_as_parcels_refused(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {"POINT (500000 3300000)", "ZD001", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "pts.gpkg", "GPKG", 4549, wkbPoint, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: pts.gpkg}\n");
    read_fails(fx, LS_EINVAL, "holds Point geometries", "parcels must be polygons");
}

static void test_read__bowtie_repaired_with_dq_row(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        "POLYGON ((500000 3300000, 500010 3300010, 500010 3300000, 500000 3300010, "
        "500000 3300000))",
        "ZD-BOW",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        RECT(500100, 3300000, 500110, 3300010),
        "ZD-OK",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 2);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.nparcels, 2);
    const ls__parcel *p = parcel_by_id(&fx->ds, "ZD-BOW");
    /* both triangles kept: 2 × 10 × 5 / 2 */
    tgeom_assert_area_near(fx->ds.geos, p->geom, 50.0, 1e-6);
    assert_int_equal(fx->ds.layers[LS_INPUT_PARCELS].repaired, 1);
    assert_int_equal(fx->ds.layers[LS_INPUT_PARCELS].skipped, 0);
    tgeom_assert_dq(&fx->ds, "parcels", "ZD-BOW", "MakeValid", 1);
    assert_int_equal(fx->ds.dq.n, 1);
    assert_non_null(strstr(fx->ds.dq.rows[0].action, "repaired"));
}

static void test_read__empty_geometry_skipped_with_dq_row(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500100, 3300000, 500110, 3300010),
        "ZD-OK",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        "ZD-NOGEOM",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        "POLYGON EMPTY",
        "ZD-EMPTY",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 3);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.nparcels, 1);
    assert_string_equal(fx->ds.parcels[0].parcel_id, "ZD-OK");
    assert_int_equal(fx->ds.layers[LS_INPUT_PARCELS].features, 3);
    assert_int_equal(fx->ds.layers[LS_INPUT_PARCELS].skipped, 2);
    tgeom_assert_dq(&fx->ds, "parcels", "ZD-NOGEOM", NULL, 1);
    tgeom_assert_dq(&fx->ds, "parcels", "ZD-EMPTY", NULL, 1);
    for (size_t i = 0; i < fx->ds.dq.n; i++)
        assert_string_equal(fx->ds.dq.rows[i].action, "feature skipped");
}

/* The inputs are read on parallel threads (read.c): the data_quality rows still come in role
 * order (parcels, blocks, buildings, enterprises here), each input's in its feature order,
 * the same on every read. */
static void test_read__dq_rows_in_role_order_every_time(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        "POLYGON ((500000 3300000, 500010 3300010, 500010 3300000, 500000 3300010, 500000 "
        "3300000))",
        "ZD-BOW",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        "POLYGON EMPTY",
        "ZD-EMPTY",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
        RECT(500100, 3300000, 500110, 3300010),
        "ZD-OK",
        NULL,
        NULL,
        NULL,
        NULL,
        NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 3);
    const col kcols[] = {{"QKDM", OFTString}};
    const char *krows[] = {RECT(499000, 3299000, 501000, 3301000), NULL};
    write_layer(fx, "qk.gpkg", "GPKG", 4549, wkbPolygon, kcols, 1, krows, 1);
    const col bcols[] = {{"CS", OFTString}};
    const char *brows[] = {
        RECT(500100, 3300000, 500105, 3300005), "三层", "POLYGON EMPTY", "2",
        RECT(500105, 3300005, 500110, 3300010), "-1",
    };
    write_layer(fx, "jzw.gpkg", "GPKG", 4549, wkbPolygon, bcols, 1, brows, 3);
    const char *csv = "QYDM,SS\nE1,abc\nE2,12\nE3,x\n";
    free(tgeom_write_file(fx->dir, "qy.csv", csv, strlen(csv)));
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  blocks: {path: qk.gpkg, fields: {block_id: QKDM}}\n"
                 "  buildings: {path: jzw.gpkg, fields: {floors: CS}}\n"
                 "  enterprises: {path: qy.csv, fields: {enterprise_id: QYDM, tax_10k: SS}}\n");
    static const char *const want[][3] = {
        {"parcels", "ZD-BOW", "MakeValid"},
        {"parcels", "ZD-EMPTY", "empty"},
        {"blocks", "fid 1", "block id is empty"},
        {"buildings", "fid 1", "'三层' is not a number"},
        {"buildings", "fid 2", "empty"},
        {"buildings", "fid 3", "negative number of floors"},
        {"enterprises", "E1", "'abc' is not a number"},
        {"enterprises", "E3", "'x' is not a number"},
    };
    size_t nwant = sizeof(want) / sizeof(want[0]);
    for (int round = 0; round < 5; round++) {
        read_ok(fx);
        if (fx->ds.dq.n != nwant)
            fail_msg("round %d: %zu data_quality rows, want %zu", round, fx->ds.dq.n, nwant);
        for (size_t i = 0; i < nwant; i++) {
            const ls__dq_row *r = &fx->ds.dq.rows[i];
            if (strcmp(r->layer, want[i][0]) || strcmp(r->feature, want[i][1]) ||
                !strstr(r->problem, want[i][2]))
                fail_msg("round %d row %zu: %s / %s / %s, want %s / %s / …%s…", round, i, r->layer,
                         r->feature, r->problem, want[i][0], want[i][1], want[i][2]);
        }
        assert_int_equal(fx->ds.nparcels, 2);
        assert_int_equal(fx->ds.nbuildings, 2);
        assert_int_equal(fx->ds.nenterprises, 3);
        ls__dataset_free(&fx->ds);
        memset(&fx->ds, 0, sizeof(fx->ds));
    }
}

/* The first failure in role order is the stage's: parcels that cannot be used are reported
 * even though a later input (buildings, a field that does not exist) fails to open. */
static void test_read__first_failure_in_role_order(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {"POLYGON EMPTY", "ZD-EMPTY", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const col bcols[] = {{"CS", OFTString}};
    const char *brows[] = {RECT(500100, 3300000, 500105, 3300005), "3"};
    write_layer(fx, "jzw.gpkg", "GPKG", 4549, wkbPolygon, bcols, 1, brows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  buildings: {path: jzw.gpkg, fields: {floors: NO_SUCH}}\n");
    read_fails(fx, LS_EINVAL, "no usable parcel polygons", "zd.gpkg");
}

static void test_read__no_usable_parcels(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {"POLYGON EMPTY", "ZD-EMPTY", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 1);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n");
    read_fails(fx, LS_EINVAL, "no usable parcel polygons", "zd.gpkg");
}

static void test_read__duplicate_ids_renamed(void **state)
{
    fixture *fx = *state;
    const char *rows[] = {
        RECT(500000, 3300000, 500010, 3300010), "ZD1", NULL, NULL, NULL, NULL, NULL,
        RECT(500020, 3300000, 500030, 3300010), "ZD1", NULL, NULL, NULL, NULL, NULL,
        RECT(500040, 3300000, 500050, 3300010), "ZD2", NULL, NULL, NULL, NULL, NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, rows, 3);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.nparcels, 3);
    /* GeoPackage fids start at 1: the second ZD1 is fid 2 */
    assert_string_equal(fx->ds.parcels[0].parcel_id, "ZD1");
    assert_string_equal(fx->ds.parcels[1].parcel_id, "ZD1#2");
    assert_string_equal(fx->ds.parcels[2].parcel_id, "ZD2");
    tgeom_assert_dq(&fx->ds, "parcels", "ZD1", "duplicate parcel id ZD1", 1);
    assert_int_equal(fx->ds.dq.n, 1);
}

/* --- districts, towns and control lines --- */

static void test_read__districts_dissolved_by_name_towns_by_pair(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        RECT(500010, 3300010, 500020, 3300020), "ZD1", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const col dcols[] = {{"XZQMC", OFTString}, {"XZMC", OFTString}};
    const char *drows[] = {
        RECT(500000, 3300000, 500100, 3300100), "海曙区", "石碶街道",
        RECT(500000, 3300100, 500100, 3300200), "海曙区", "石碶街道",
        RECT(500100, 3300000, 500200, 3300100), "海曙区", "集士港镇",
        RECT(500200, 3300000, 500300, 3300100), "鄞州区", "姜山镇",
    };
    write_layer(fx, "xzq.gpkg", "GPKG", 4549, wkbPolygon, dcols, 2, drows, 4);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  districts: {path: xzq.gpkg, fields: {name: XZQMC, town: XZMC}}\n");
    read_ok(fx);
    ls__dataset *ds = &fx->ds;
    assert_int_equal(ds->ndistrict_polys, 4);
    assert_int_equal(ds->ndistricts, 2);
    /* sorted by name (byte order of UTF-8: 海 E6 B5 B7 < 鄞 E9 84 9E) */
    assert_string_equal(ds->districts[0].name, "海曙区");
    assert_string_equal(ds->districts[1].name, "鄞州区");
    tgeom_assert_near(ds->districts[0].area_m2, 30000.0, 1e-6);
    tgeom_assert_area_near(ds->geos, ds->districts[0].geom, 30000.0, 1e-6);
    tgeom_assert_near(ds->districts[1].area_m2, 10000.0, 1e-6);
    /* the two 石碶街道 squares are one polygon after the dissolve */
    tgeom_assert_same(ds->geos, ds->districts[0].geom,
                      "POLYGON ((500000 3300000, 500200 3300000, 500200 3300100, 500100 3300100,"
                      " 500100 3300200, 500000 3300200, 500000 3300000))",
                      1e-6);
    assert_true(ds->has_towns);
    assert_int_equal(ds->ntowns, 3);
    size_t found = 0;
    for (size_t i = 0; i < ds->ntowns; i++) {
        const ls__area *t = &ds->towns[i];
        if (strcmp(t->town, "石碶街道") == 0) {
            assert_string_equal(t->name, "海曙区");
            tgeom_assert_near(t->area_m2, 20000.0, 1e-6);
            found++;
        } else if (strcmp(t->town, "集士港镇") == 0) {
            assert_string_equal(t->name, "海曙区");
            tgeom_assert_near(t->area_m2, 10000.0, 1e-6);
            found++;
        } else if (strcmp(t->town, "姜山镇") == 0) {
            assert_string_equal(t->name, "鄞州区");
            tgeom_assert_near(t->area_m2, 10000.0, 1e-6);
            found++;
        }
    }
    assert_int_equal(found, 3);
}

static void test_read__districts_without_town_field(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        RECT(500010, 3300010, 500020, 3300020), "ZD1", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const col dcols[] = {{"XZQMC", OFTString}};
    const char *drows[] = {
        RECT(500000, 3300000, 500100, 3300100),
        "海曙区",
        RECT(500200, 3300000, 500300, 3300100),
        NULL,
    };
    write_layer(fx, "xzq.gpkg", "GPKG", 4549, wkbPolygon, dcols, 1, drows, 2);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  districts: {path: xzq.gpkg, fields: {name: XZQMC}}\n");
    read_ok(fx);
    assert_false(fx->ds.has_towns);
    assert_int_equal(fx->ds.ntowns, 0);
    assert_int_equal(fx->ds.ndistricts, 2);
    /* a district polygon without a name: kept as (未命名) with a data_quality row */
    tgeom_assert_dq(&fx->ds, "districts", "fid 2", "district name is empty", 1);
}

static void test_read__normalise_tier(void **state)
{
    (void)state;
    struct {
        const char *in, *out;
    } cases[] = {
        {"一级", "1"},
        {"二级", "2"},
        {"过渡", "transition"},
        {"过渡区", "transition"},
        {"1", "1"},
        {" 2 ", "2"},
        {"I", "1"},
        {"II", "2"},
        {"transition", "transition"},
        {"T", "transition"},
        {"三级", "三级"},
        {NULL, "1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *t = ls__read_normalise_tier(cases[i].in);
        if (!t || strcmp(t, cases[i].out) != 0)
            fail_msg("tier('%s') = '%s', expected '%s'", cases[i].in ? cases[i].in : "(null)",
                     t ? t : "(null)", cases[i].out);
        free(t);
    }
}

static void test_read__control_line_tiers(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        RECT(500010, 3300010, 500020, 3300020), "ZD1", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const col ccols[] = {{"JB", OFTString}};
    const char *crows[] = {
        RECT(500000, 3300000, 500100, 3300100), "一级",
        RECT(500100, 3300000, 500200, 3300100), "二级",
        RECT(500200, 3300000, 500300, 3300100), "过渡",
        RECT(500300, 3300000, 500400, 3300100), NULL,
        RECT(500400, 3300000, 500500, 3300100), "待定",
    };
    write_layer(fx, "kzx.gpkg", "GPKG", 4549, wkbPolygon, ccols, 1, crows, 5);
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  control_lines: {path: kzx.gpkg, fields: {tier: JB}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.ncontrols, 5);
    assert_string_equal(fx->ds.controls[0].tier, "1");
    assert_string_equal(fx->ds.controls[1].tier, "2");
    assert_string_equal(fx->ds.controls[2].tier, "transition");
    assert_string_equal(fx->ds.controls[3].tier, "1"); /* missing value → tier 1 */
    assert_string_equal(fx->ds.controls[0].id, "1");   /* the feature id as text */
    tgeom_assert_near(fx->ds.controls[2].area_m2, 10000.0, 1e-6);
    /* an unknown tier value is kept, counted inside the lines and reported once */
    assert_string_equal(fx->ds.controls[4].tier, "待定");
    tgeom_assert_dq(&fx->ds, "control_lines", "fid 5",
                    "unknown control tier '待定' (expected 1, 2, 一级, 二级, 过渡 or transition)",
                    1);
}

static void test_read__guess_crs(void **state)
{
    (void)state;
    struct {
        double x, y;
        const char *frag1, *frag2;
    } cases[] = {
        {121.5, 29.9, "degrees", "EPSG:4490"},
        {500123.0, 3300000.0, "without zone prefix", "EPSG:4549"},
        {40500123.0, 3300000.0, "zone prefix 40", "EPSG:4528"}, /* 3° zone 40, CM 120°E */
        {35400000.0, 4200000.0, "CM 105°E", "EPSG:4523"},       /* 3° zone 35 (Ningxia) */
        {21500000.0, 3300000.0, "6° Gauss-Krüger zone 21", "EPSG:4499"}, /* CM 123°E */
        {5.0e7, 5.0e7, "match no common Chinese CRS", NULL},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *g = ls__read_guess_crs(cases[i].x, cases[i].y);
        assert_non_null(g);
        assert_null(strchr(g, '\n'));
        tgeom_assert_contains(g, cases[i].frag1);
        if (cases[i].frag2)
            tgeom_assert_contains(g, cases[i].frag2);
        free(g);
    }
    char *six = ls__read_guess_crs(21500000.0, 3300000.0);
    tgeom_assert_contains(six, "CM 123°E");
    free(six);
}

/* --- enterprises --- */

static void test_read__csv_enterprise_gcj02_lands_on_right_parcel(void **state)
{
    fixture *fx = *state;
    /* A holds the true (WGS84) position, B the position if GCJ-02 were read as WGS84 */
    const char *prows[] = {
        RECT(644800, 3309900, 644960, 3310050), "A", NULL, NULL, NULL, NULL, NULL,
        RECT(645220, 3309630, 645380, 3309780), "B", NULL, NULL, NULL, NULL, NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 2);
    const char *csv = "QYDM,QYMC,SS,LON,LAT\n"
                      "E1,甲公司,12.5," GCJ_LON "," GCJ_LAT "\n";
    free(tgeom_write_file(fx->dir, "qy.csv", csv, strlen(csv)));
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  enterprises:\n"
                 "    path: qy.csv\n"
                 "    x: LON\n"
                 "    y: LAT\n"
                 "    coord_sys: gcj02\n"
                 "    fields: {enterprise_id: QYDM, name: QYMC, tax_10k: SS}\n");
    read_ok(fx);
    ls__dataset *ds = &fx->ds;
    assert_int_equal(ds->nenterprises, 1);
    const ls__enterprise *e = &ds->enterprises[0];
    assert_string_equal(e->enterprise_id, "E1");
    assert_string_equal(e->name, "甲公司");
    tgeom_assert_near(e->tax_10k, 12.5, 0.0);
    assert_true(e->has_point);
    tgeom_assert_near(e->x, E_121_5, 0.01);
    tgeom_assert_near(e->y, N_29_9, 0.01);
    assert_true(ds->enterprise_fields & LS_EF_TAX);
    /* the location join puts it on A, not on B */
    assert_int_equal(ls__measure_parcels(fx->ctx, ds), LS_OK);
    assert_int_equal(e->nparcels, 1);
    assert_string_equal(ds->parcels[e->parcels[0]].parcel_id, "A");
}

static void test_read__csv_enterprise_wgs84_point_unshifted(void **state)
{
    fixture *fx = *state;
    /* the same GCJ-02 numbers declared as wgs84 land on B: the offset matters */
    const char *prows[] = {
        RECT(644800, 3309900, 644960, 3310050), "A", NULL, NULL, NULL, NULL, NULL,
        RECT(645220, 3309630, 645380, 3309780), "B", NULL, NULL, NULL, NULL, NULL,
    };
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 2);
    const char *csv = "QYDM,LON,LAT\n"
                      "E1," GCJ_LON "," GCJ_LAT "\n";
    free(tgeom_write_file(fx->dir, "qy.csv", csv, strlen(csv)));
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  enterprises: {path: qy.csv, x: LON, y: LAT, coord_sys: wgs84,\n"
                 "                fields: {enterprise_id: QYDM}}\n");
    read_ok(fx);
    const ls__enterprise *e = &fx->ds.enterprises[0];
    assert_true(e->has_point);
    tgeom_assert_near(e->x, E_NAIVE, 0.01);
    tgeom_assert_near(e->y, N_NAIVE, 0.01);
    assert_int_equal(ls__measure_parcels(fx->ctx, &fx->ds), LS_OK);
    assert_int_equal(e->nparcels, 1);
    assert_string_equal(fx->ds.parcels[e->parcels[0]].parcel_id, "B");
}

static void test_read__csv_enterprise_bad_coordinates_recorded(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        RECT(644800, 3309900, 644960, 3310050), "A", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const char *csv = "QYDM,LON,LAT\n"
                      "E1,东经121度,29.9\n"
                      "E2,644882.69,3309973.76\n";
    free(tgeom_write_file(fx->dir, "qy.csv", csv, strlen(csv)));
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  enterprises: {path: qy.csv, x: LON, y: LAT, coord_sys: gcj02,\n"
                 "                fields: {enterprise_id: QYDM}}\n");
    read_ok(fx);
    assert_int_equal(fx->ds.nenterprises, 2);
    assert_false(fx->ds.enterprises[0].has_point);
    assert_false(fx->ds.enterprises[1].has_point);
    tgeom_assert_dq(&fx->ds, "enterprises", "E1", "not numbers", 1);
    tgeom_assert_dq(&fx->ds, "enterprises", "E2", "not in degrees", 1);
}

static void test_read__csv_enterprise_xy_column_missing(void **state)
{
    fixture *fx = *state;
    const char *prows[] = {
        RECT(644800, 3309900, 644960, 3310050), "A", NULL, NULL, NULL, NULL, NULL};
    write_layer(fx, "zd.gpkg", "GPKG", 4549, wkbPolygon, parcel_cols, 6, prows, 1);
    const char *csv = "QYDM,LNG,LAT\nE1,121.5,29.9\n";
    free(tgeom_write_file(fx->dir, "qy.csv", csv, strlen(csv)));
    load_run(fx, "reference_date: 2025-12-31\n"
                 "inputs:\n"
                 "  parcels: {path: zd.gpkg, fields: {parcel_id: ZDDM}}\n"
                 "  enterprises: {path: qy.csv, x: LON, y: LAT, coord_sys: gcj02}\n");
    read_fails(fx, LS_EINVAL, "has no column 'LON'", "x/y of enterprises");
}

int main(void)
{
    GDALAllRegister();
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_read__field_mapping),
        T(test_read__unparseable_values_recorded),
        T(test_read__mapped_field_missing),
        T(test_read__input_file_missing),
        T(test_read__layer_missing_lists_layers),
        T(test_read__empty_parcel_id_named_by_fid),
        T(test_read__building_numbers_parsed_or_recorded),
        T(test_read__no_crs_guess_without_zone_prefix),
        T(test_read__no_crs_guess_zone_prefix),
        T(test_read__assume_crs_used),
        T(test_read__assume_crs_invalid),
        T(test_read__geographic_working_crs_refused),
        T(test_read__transformed_to_working_crs),
        T(test_read__point_layer_as_parcels_refused),
        T(test_read__bowtie_repaired_with_dq_row),
        T(test_read__empty_geometry_skipped_with_dq_row),
        T(test_read__no_usable_parcels),
        T(test_read__dq_rows_in_role_order_every_time),
        T(test_read__first_failure_in_role_order),
        T(test_read__duplicate_ids_renamed),
        T(test_read__districts_dissolved_by_name_towns_by_pair),
        T(test_read__districts_without_town_field),
        cmocka_unit_test(test_read__normalise_tier),
        T(test_read__control_line_tiers),
        cmocka_unit_test(test_read__guess_crs),
        T(test_read__csv_enterprise_gcj02_lands_on_right_parcel),
        T(test_read__csv_enterprise_wgs84_point_unshifted),
        T(test_read__csv_enterprise_bad_coordinates_recorded),
        T(test_read__csv_enterprise_xy_column_missing),
    };
#undef T
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    GDALDestroyDriverManager();
    return rc;
}
