/*
 * test_realdata.c — end-to-end: real-world deliveries and planted bad inputs of issue 13
 * (testdata/realdata/, see its SOURCE.md): corrupt files refused, the working CRS in metres,
 * a missing .shx rebuilt in memory (never beside the inputs), DBF code pages, messages that
 * say why, `check` predicting what `run` reports.
 *
 * Each test copies one folder of testdata/realdata/ to a temporary folder, runs the real
 * binary there (`run … -o <tmp>-out --no-ledger`, or `check`) and checks the exit code, the
 * message, the outputs, and that the copy is byte- and file-list-identical to the source
 * afterwards (e2e_tree_same: nothing written, nothing added beside the inputs). Expected
 * numbers come from OGR reading the inputs (areas after an OSR transformation, value counts
 * with SHAPE_ENCODING set by hand), never from landscan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "e2e_helpers.h"

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    return 0;
}

/* One case: the copy, its source, the output folder beside the copy. */
typedef struct rd_case {
    char *src, *dir, *out;
    e2e_result r;
} rd_case;

static void rd_open(rd_case *c, const char *name)
{
    memset(c, 0, sizeof(*c));
    char rel[256];
    snprintf(rel, sizeof(rel), "../realdata/%s", name);
    c->src = e2e_case_src(rel);
    c->dir = e2e_copy_case(rel);
    assert_non_null(c->dir);
    size_t n = strlen(c->dir) + 16;
    c->out = malloc(n);
    assert_non_null(c->out);
    snprintf(c->out, n, "%s-out", c->dir);
}

/* Run the binary in the copy; args without argv[0]. */
static void rd_run(rd_case *c, const char *const *args)
{
    e2e_result_free(&c->r);
    assert_int_equal(e2e_run_in(c->dir, &c->r, args), 0);
}

static void rd_expect(const rd_case *c, int exit_code, const char *fragment)
{
    if (c->r.exit_code != exit_code || (fragment && !strstr(c->r.err, fragment)))
        fail_msg("exit %d (expected %d), stderr lacks '%s'?\nstdout:\n%s\nstderr:\n%s",
                 c->r.exit_code, exit_code, fragment ? fragment : "", c->r.out, c->r.err);
}

/* The input folder is exactly as it was: same files, same bytes, nothing added. */
static void rd_inputs_untouched(const rd_case *c)
{
    char why[1024] = "";
    if (!e2e_tree_same(c->src, c->dir, why, sizeof(why)))
        fail_msg("the input folder changed: %s", why);
}

/* A failed run leaves no output folder (or an empty one). */
static void rd_no_output(const rd_case *c)
{
    char *gpkg = e2e_join(c->out, "landscan.gpkg");
    if (e2e_file_exists(gpkg))
        fail_msg("a failed run wrote %s", gpkg);
    free(gpkg);
}

static void rd_close(rd_case *c)
{
    e2e_result_free(&c->r);
    e2e_rm_rf(c->out);
    e2e_rm_rf(c->dir);
    free(c->src);
    free(c->dir);
    free(c->out);
}

static GDALDatasetH rd_gpkg(const rd_case *c)
{
    char *p = e2e_join(c->out, "landscan.gpkg");
    GDALDatasetH ds = e2e_gpkg_open(p);
    free(p);
    assert_non_null(ds);
    return ds;
}

static long sql_long(GDALDatasetH ds, const char *sql)
{
    double v = -1;
    assert_int_equal(e2e_sql_double(ds, sql, &v), 0);
    return (long)v;
}

/* ---- 1. a truncated file is refused ------------------------------------------------------ */

static void test_realdata__truncated_shp_refused(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "truncated60");
    /* the .shx still lists 60 records; OGR reads 30 and then fails on FID 30 */
    const char *run[] = {"run", "RUN.yaml", "-o", c.out, "--no-ledger", "--quiet", NULL};
    rd_run(&c, run);
    rd_expect(&c, 1, "zd.shp: layer 'zd': reading feature 30 failed (Error in fread()");
    rd_expect(&c, 1, "truncated or corrupt");
    rd_no_output(&c);
    rd_inputs_untouched(&c);
    const char *check[] = {"check", "RUN.yaml", "--quiet", NULL};
    rd_run(&c, check);
    rd_expect(&c, 1, "reading feature 30 failed");
    rd_inputs_untouched(&c);
    /* init does not offer it as an input either */
    const char *init[] = {"init", c.dir, "--print", NULL};
    rd_run(&c, init);
    rd_expect(&c, 1, "no readable data files: zd.shp: layer 'zd': reading feature 30 failed");
    rd_inputs_untouched(&c);
    rd_close(&c);
}

/* ---- 2. the working CRS must be in metres ------------------------------------------------- */

/* Sum of the polygon areas of a file's first layer after transformation to `epsg`, by OGR. */
static double ogr_area_in(const char *path, int epsg)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRSpatialReferenceH to = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(to, epsg);
    OSRSetAxisMappingStrategy(to, OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReferenceH from = OSRClone(OGR_L_GetSpatialRef(l));
    OSRSetAxisMappingStrategy(from, OAMS_TRADITIONAL_GIS_ORDER);
    OGRCoordinateTransformationH ct = OCTNewCoordinateTransformation(from, to);
    assert_non_null(ct);
    double sum = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH g = OGR_F_GetGeometryRef(f);
        assert_int_equal(OGR_G_Transform(g, ct), OGRERR_NONE);
        sum += OGR_G_Area(g);
        OGR_F_Destroy(f);
    }
    OCTDestroyCoordinateTransformation(ct);
    OSRDestroySpatialReference(from);
    OSRDestroySpatialReference(to);
    GDALClose(ds);
    return sum;
}

static void test_realdata__crs_in_feet_refused(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "cohi_gcs12");
    /* EPSG:3760 NAD83(HARN) / Hawaii zone 3 (ftUS): areas would be ft² labelled m² */
    const char *feet[] = {"run", "RUN_ftUS.yaml", "-o", c.out, "--no-ledger", "--quiet", NULL};
    rd_run(&c, feet);
    rd_expect(&c, 1, "RUN_ftUS.yaml: the working CRS EPSG:3760 is in US survey foot");
    rd_expect(&c, 1, "not metres");
    rd_no_output(&c);
    const char *check[] = {"check", "RUN_ftUS.yaml", "--quiet", NULL};
    rd_run(&c, check);
    rd_expect(&c, 1, "is in US survey foot");
    /* the same zone in metres (EPSG:26963) runs, and its areas are OGR's */
    const char *metres[] = {"run", "RUN_m.yaml", "-o", c.out, "--no-ledger", "--quiet", NULL};
    rd_run(&c, metres);
    rd_expect(&c, 0, NULL);
    char *shp = e2e_join(c.dir, "CoHI_GCS12.shp");
    double want = ogr_area_in(shp, 26963);
    free(shp);
    GDALDatasetH ds = rd_gpkg(&c);
    double got = 0;
    assert_int_equal(e2e_sql_double(ds, "SELECT SUM(area_m2) FROM parcels", &got), 0);
    e2e_assert_near_impl(got, want, 1e-6, 1e-3, "sum of parcel areas in EPSG:26963", __FILE__,
                         __LINE__);
    GDALClose(ds);
    /* Web Mercator: metres, but stretched with latitude — runs, with a warning saying so */
    char *out2 = e2e_join(c.out, "merc"); /* inside the case's own output folder */
    const char *merc[] = {"run", "RUN_3857.yaml", "-o", out2, "--no-ledger", NULL};
    rd_run(&c, merc);
    rd_expect(&c, 0, "the working CRS EPSG:3857 is a Mercator projection");
    shp = e2e_join(c.dir, "CoHI_GCS12.shp");
    double merc_area = ogr_area_in(shp, 3857);
    free(shp);
    assert_true(merc_area / want > 1.1); /* 1/cos²(21.3°N) = 1.15 */
    char *p = e2e_join(out2, "landscan.gpkg");
    ds = e2e_gpkg_open(p);
    assert_non_null(ds);
    assert_int_equal(e2e_sql_double(ds, "SELECT SUM(area_m2) FROM parcels", &got), 0);
    e2e_assert_near_impl(got, merc_area, 1e-6, 1e-3, "sum of parcel areas in EPSG:3857", __FILE__,
                         __LINE__);
    GDALClose(ds);
    free(p);
    e2e_rm_rf(out2);
    free(out2);
    rd_inputs_untouched(&c);
    rd_close(&c);
}

/* ---- 5. nothing written beside the inputs: a missing .shx is rebuilt in memory ------------ */

static void test_realdata__missing_shx_rebuilt_in_memory(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "latin1_no_shx");
    /* GDAL's own advice, set in the environment, must not make landscan write latin1.shx */
    setenv("SHAPE_RESTORE_SHX", "YES", 1);
    const char *check[] = {"check", "RUN.yaml", NULL}; /* not --quiet: warnings shown */
    rd_run(&c, check);
    rd_expect(&c, 0, "latin1.shp: its .shx (the record index) is missing: rebuilt in memory");
    rd_inputs_untouched(&c);
    const char *run[] = {"run", "RUN.yaml", "-o", c.out, "--no-ledger", NULL};
    rd_run(&c, run);
    rd_expect(&c, 0, "nothing is written beside the inputs");
    unsetenv("SHAPE_RESTORE_SHX");
    rd_inputs_untouched(&c);
    GDALDatasetH ds = rd_gpkg(&c);
    assert_int_equal(e2e_layer_count(ds, "parcels"), 1);
    /* Latin-1 bytes (D1 61 6E 64 FA), LDID 0, no .cpg: not UTF-8 and not GBK (FA 20) */
    char *owner = NULL;
    assert_int_equal(e2e_sql_string(ds,
                                    "SELECT value FROM run_info WHERE key = "
                                    "'input_parcels_encoding'",
                                    &owner),
                     0);
    assert_string_equal(owner, "CP1252 (detected: not UTF-8, not GBK)");
    free(owner);
    GDALClose(ds);
    rd_close(&c);
}

/* ---- 6. encodings: every LDID, GB18030 only when nothing says otherwise ------------------- */

/* How many features of the shapefile have `value` in `field`, read by OGR as `encoding`. */
static long ogr_count_value(const char *path, const char *encoding, const char *field,
                            const char *value)
{
    const char *oo[] = {NULL, NULL};
    char opt[64];
    snprintf(opt, sizeof(opt), "ENCODING=%s", encoding);
    oo[0] = opt;
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, oo, NULL);
    assert_non_null(ds);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    int idx = OGR_FD_GetFieldIndex(OGR_L_GetLayerDefn(l), field);
    assert_true(idx >= 0);
    long n = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        n += strcmp(OGR_F_GetFieldAsString(f, idx), value) == 0;
        OGR_F_Destroy(f);
    }
    GDALClose(ds);
    return n;
}

static void test_realdata__ldid_0x57_is_cp1252(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "mpatch3_cp1252");
    const char *run[] = {"run", "RUN.yaml", "-o", c.out, "--no-ledger", NULL};
    rd_run(&c, run);
    rd_expect(&c, 0, NULL);
    if (strstr(c.r.err, "GB18030"))
        fail_msg("a CP1252 file read as GBK: %s", c.r.err);
    rd_inputs_untouched(&c);
    char *shp = e2e_join(c.dir, "mpatch3.shp");
    long skog = ogr_count_value(shp, "CP1252", "LANDUSE", "F\xC3\xB6ryngringsskog");
    long aker = ogr_count_value(shp, "CP1252", "LANDUSE", "\xC3\x85ker");
    free(shp);
    assert_int_equal(skog, 33);
    assert_int_equal(aker, 299);
    GDALDatasetH ds = rd_gpkg(&c);
    assert_int_equal(
        sql_long(ds, "SELECT COUNT(*) FROM parcels WHERE landuse = 'F\xC3\xB6ryngringsskog'"),
        skog);
    assert_int_equal(sql_long(ds, "SELECT COUNT(*) FROM parcels WHERE landuse = '\xC3\x85ker'"),
                     aker);
    char *enc = NULL;
    assert_int_equal(
        e2e_sql_string(ds, "SELECT value FROM run_info WHERE key = 'input_parcels_encoding'", &enc),
        0);
    assert_string_equal(enc, "CP1252 (LDID 0x57)");
    free(enc);
    GDALClose(ds);
    rd_close(&c);
}

/* ---- 7. messages that say why -------------------------------------------------------------- */

static void test_realdata__no_usable_parcels_says_why(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "gdb_zip");
    /* FileGDB layer null_polygon: 5 rows, every geometry NULL */
    const char *nulls[] = {"check", "RUN_null_polygon.yaml", "--quiet", NULL};
    rd_run(&c, nulls);
    rd_expect(&c, 1,
              "testopenfilegdb.gdb.zip: no usable parcel polygons: 5 features read, all skipped "
              "— 5 no geometry");
    /* multipatch: 3D geometry collections of triangle strips, none a polygon */
    const char *patches[] = {"check", "RUN_multipatch.yaml", "--quiet", NULL};
    rd_run(&c, patches);
    rd_expect(&c, 1, "no usable parcel polygons: 5 features read, all skipped — 5 ");
    rd_expect(&c, 1, "(Geometry Collection)");
    const char *lines[] = {"check", "RUN_linestring.yaml", "--quiet", NULL};
    rd_run(&c, lines);
    rd_expect(&c, 1, "holds Multi Line String geometries; parcels must be polygons");
    rd_inputs_untouched(&c);
    rd_close(&c);
}

/* `check` predicts the data_quality rows `run` writes (unmapped floors per building, …). */
static void test_realdata__check_predicts_run_data_quality(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "osm_karhula");
    const char *check[] = {"check", "RUN.yaml", "--quiet", NULL};
    rd_run(&c, check);
    rd_expect(&c, 0, NULL);
    const char *p = strstr(c.r.out, "data quality 数据质量: ");
    assert_non_null(p);
    long predicted = atol(p + strlen("data quality 数据质量: "));
    rd_inputs_untouched(&c);
    const char *run[] = {"run", "RUN.yaml", "-o", c.out, "--no-ledger", "--quiet", NULL};
    rd_run(&c, run);
    rd_expect(&c, 0, NULL);
    GDALDatasetH ds = rd_gpkg(&c);
    long written = sql_long(ds, "SELECT COUNT(*) FROM data_quality");
    long per_building = sql_long(ds, "SELECT COUNT(*) FROM data_quality WHERE layer = 'buildings'");
    GDALClose(ds);
    /* the OSM buildings mostly lack levels: rows per building, which only run used to count */
    if (per_building == 0 || written != predicted)
        fail_msg("check predicted %ld data_quality rows, run wrote %ld (%ld for buildings)",
                 predicted, written, per_building);
    rd_inputs_untouched(&c);
    rd_close(&c);
}

/* Terminal columns of UTF-8 text, written here independently of the CLI: a code point in
 * the CJK blocks (U+2E80–U+9FFF, U+F900–U+FAFF, U+FF00–U+FF60) counts two. */
static int columns(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        unsigned long cp = c;
        size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (len > 1) {
            cp = c & (0x7F >> len);
            for (size_t k = 1; k < len && i + k < n; k++)
                cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
        }
        w += (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                     (cp >= 0xFF00 && cp <= 0xFF60)
                 ? 2
                 : 1;
        i += len;
    }
    return w;
}

static void test_realdata__check_table_aligned_by_display_width(void **state)
{
    (void)state;
    char *dir = e2e_tmpdir();
    char *gj = e2e_join(dir, "宗地.geojson");
    FILE *f = fopen(gj, "w");
    assert_non_null(f);
    fputs("{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
          "\"urn:ogc:def:crs:EPSG::4549\"}},\"features\":[{\"type\":\"Feature\",\"properties\":"
          "{\"宗地代码\":\"A1\",\"土地用途\":\"0601\",\"权利人名称\":null},\"geometry\":{\"type\":"
          "\"Polygon\",\"coordinates\":[[[500000,3300000],[500100,3300000],[500100,3300100],"
          "[500000,3300100],[500000,3300000]]]}}]}\n",
          f);
    fclose(f);
    char *run = e2e_join(dir, "RUN.yaml");
    f = fopen(run, "w");
    assert_non_null(f);
    fputs("name: 宽度\nreference_date: 2025-12-31\nrules: national-2008\ninputs:\n  parcels:\n"
          "    path: 宗地.geojson\n    fields: {parcel_id: 宗地代码, landuse: 土地用途, owner: "
          "权利人名称}\n",
          f);
    fclose(f);
    e2e_result r;
    const char *args[] = {"check", "RUN.yaml", "--quiet", NULL};
    assert_int_equal(e2e_run_in(dir, &r, args), 0);
    assert_int_equal(r.exit_code, 0);
    /* every row of the mapped-fields table ends its "missing" number in the header's column */
    const char *head = strstr(r.out, "  layer          field");
    assert_non_null(head);
    const char *m = strstr(head, "missing");
    int want = columns(head, (size_t)(m - head)) + (int)strlen("missing");
    int rows = 0;
    for (const char *line = strchr(head, '\n') + 1; *line && *line != '\n';
         line = strchr(line, '\n') + 1) {
        if (strncmp(line, "  parcels", 9) != 0)
            break;
        const char *src = strstr(line, "宗地代码");
        if (!src)
            src = strstr(line, "土地用途");
        if (!src)
            src = strstr(line, "权利人名称");
        assert_non_null(src);
        const char *num = src + strcspn(src, " ");
        num += strspn(num, " ");
        num += strcspn(num, " "); /* end of the missing count */
        if (columns(line, (size_t)(num - line)) != want)
            fail_msg("misaligned row (missing ends at column %d, header at %d):\n%s",
                     columns(line, (size_t)(num - line)), want, r.out);
        rows++;
    }
    assert_int_equal(rows, 3);
    e2e_result_free(&r);
    e2e_rm_rf(dir);
    free(dir);
    free(gj);
    free(run);
}

/* ---- 3, 4. init: any delivery, never a wrong CRS ----------------------------------------- */

/* `landscan init <copy> --print`: the run file on stdout, nothing written. */
static char *rd_init_print(rd_case *c)
{
    const char *args[] = {"init", c->dir, "--print", "--quiet", NULL};
    rd_run(c, args);
    rd_expect(c, 0, NULL);
    rd_inputs_untouched(c);
    return strdup(c->r.out);
}

static void expect_in(const char *text, const char *needle)
{
    if (!strstr(text, needle))
        fail_msg("RUN.yaml lacks '%s':\n%s", needle, text);
}

static void expect_not_in(const char *text, const char *needle)
{
    if (strstr(text, needle))
        fail_msg("RUN.yaml has '%s':\n%s", needle, text);
}

static void test_realdata__init_sandiao_delivery(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "sandiao_xzq");
    /* XZQ.shp + XZQ.dbf only: no .shx, .prj, .cpg; zone 40 eastings; GBK text, LDID 0 */
    char *y = rd_init_print(&c);
    expect_in(y, "  parcels:");
    expect_in(y, "    path: XZQ.shp\n");
    expect_in(y, "XZQ.shp has no .shx (record index): landscan rebuilds it in memory");
    expect_in(y, "although its name or fields suggest districts");
    expect_in(y, "    encoding: GBK");
    expect_in(y, "    # assume_crs: EPSG:4528"); /* CGCS2000 / 3-degree GK zone 40 */
    expect_in(y, "zone prefix 40: 3° Gauss-Krüger zone 40, CM 120°E");
    expect_in(y, "landuse: DLMC"); /* 地类名称 … as landuse */
    free(y);
    /* the written run file, with the proposed assume_crs taken, reads all 3 towns as parcels */
    const char *init[] = {"init", c.dir, "--quiet", NULL};
    rd_run(&c, init);
    rd_expect(&c, 0, NULL);
    char *run_yaml = e2e_join(c.dir, "RUN.yaml");
    char *text = e2e_read_file(run_yaml, NULL);
    assert_non_null(text);
    char *hash = strstr(text, "# assume_crs: EPSG:4528");
    assert_non_null(hash);
    memmove(hash, hash + 2, strlen(hash + 2) + 1); /* uncomment it, as the comment says */
    FILE *f = fopen(run_yaml, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
    const char *check[] = {"check", "RUN.yaml", NULL};
    rd_run(&c, check);
    rd_expect(&c, 0, "XZQ.shp: its .shx (the record index) is missing: rebuilt in memory");
    if (!strstr(c.r.out, "  parcels                3        0        0  EPSG:4528"))
        fail_msg("check did not read 3 parcels in EPSG:4528:\n%s", c.r.out);
    unlink(run_yaml); /* the one file init may add */
    free(run_yaml);
    rd_inputs_untouched(&c);
    rd_close(&c);
}

static void test_realdata__init_no_crs_outside_china(void **state)
{
    (void)state;
    /* Colorado/Utah (WGS 84 degrees), one polygon layer with a NAME field */
    rd_case c;
    rd_open(&c, "coutwildrnp");
    char *y = rd_init_print(&c);
    expect_in(y, "  parcels:");
    expect_in(y, "    path: coutwildrnp.shp\n");
    expect_in(y, "# crs: EPSG:????");
    expect_in(y, "no guess: the parcels are in degrees (EPSG:4326)");
    expect_in(y, "outside China's CGCS2000 Gauss-Krüger zones");
    expect_not_in(y, "\ncrs: ");
    expect_not_in(y, "  districts:\n"); /* NAME made it districts before: parcels now */
    free(y);
    rd_close(&c);
    /* Hawaii, NAD83 degrees (EPSG:4269): not EPSG:4456 or any other computed code */
    rd_open(&c, "cohi_gcs12");
    y = rd_init_print(&c);
    expect_in(y, "no guess: the parcels are in degrees (EPSG:4269)");
    expect_not_in(y, "\ncrs: ");
    free(y);
    rd_close(&c);
    /* Finland (OSM, WGS 84): not EPSG:4518 */
    rd_open(&c, "osm_karhula");
    y = rd_init_print(&c);
    expect_in(y, "no guess: the parcels are in degrees (EPSG:4326) at 26.");
    expect_not_in(y, "\ncrs: ");
    expect_not_in(y, "4518");
    free(y);
    rd_close(&c);
    /* zone prefix 40, but 450 km east of the zone's CM: no assume_crs proposed */
    rd_open(&c, "zone_mismatch");
    y = rd_init_print(&c);
    expect_in(y, "    # assume_crs: EPSG:????");
    expect_in(y, "450 km from the false easting 500000");
    free(y);
    rd_close(&c);
}

static void test_realdata__init_osm_levels_for_floors(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "osm_karhula");
    char *y = rd_init_print(&c);
    expect_in(y, "  parcels:");
    expect_in(y, "    path: landuse.gpkg\n");
    expect_in(y, "  buildings:");
    expect_in(y, "    path: buildings.gpkg\n");
    expect_in(y, "      floors: levels\n"); /* OSM building:levels */
    expect_in(y, "      height_m: height\n");
    free(y);
    rd_close(&c);
}

/* Copy every file of the FileGDB inside the zip into dir/testopenfilegdb.gdb (VSI). */
static void unzip_gdb(const char *zip, const char *dir)
{
    char *root = malloc(strlen(zip) + 64);
    assert_non_null(root);
    sprintf(root, "/vsizip/%s/testopenfilegdb.gdb", zip);
    char *gdb = e2e_join(dir, "testopenfilegdb.gdb");
    assert_int_equal(VSIMkdir(gdb, 0755), 0);
    char **names = VSIReadDir(root);
    assert_non_null(names);
    for (int i = 0; names[i]; i++) {
        char *from = e2e_join(root, names[i]);
        char *to = e2e_join(gdb, names[i]);
        vsi_l_offset n = 0;
        GByte *data = NULL;
        VSILFILE *in = VSIFOpenL(from, "rb");
        assert_non_null(in);
        VSIFSeekL(in, 0, SEEK_END);
        n = VSIFTellL(in);
        VSIFSeekL(in, 0, SEEK_SET);
        data = malloc(n ? (size_t)n : 1);
        assert_int_equal(VSIFReadL(data, 1, (size_t)n, in), (size_t)n);
        VSIFCloseL(in);
        FILE *out = fopen(to, "wb");
        assert_non_null(out);
        assert_int_equal(fwrite(data, 1, (size_t)n, out), (size_t)n);
        fclose(out);
        free(data);
        free(from);
        free(to);
    }
    CSLDestroy(names);
    free(gdb);
    free(root);
}

static void test_realdata__init_filegdb_folder_and_zip(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "gdb_zip");
    /* remove the RUN_*.yaml of the other tests: init sees the .gdb.zip only */
    const char *runs[] = {"RUN_null_polygon.yaml", "RUN_multipatch.yaml", "RUN_linestring.yaml"};
    for (size_t i = 0; i < 3; i++) {
        char *p = e2e_join(c.dir, runs[i]);
        unlink(p);
        free(p);
    }
    const char *args[] = {"init", c.dir, "--print", "--quiet", NULL};
    rd_run(&c, args);
    rd_expect(&c, 0, NULL);
    expect_in(c.r.out, "    path: testopenfilegdb.gdb.zip\n");
    expect_in(c.r.out, "    layer: ");                                  /* a multi-layer source */
    expect_in(c.r.out, "#   testopenfilegdb.gdb.zip layer linestring"); /* listed, not used */
    /* the same FileGDB as a folder */
    char *folder = e2e_tmpdir();
    char *zip = e2e_join(c.dir, "testopenfilegdb.gdb.zip");
    unzip_gdb(zip, folder);
    const char *args2[] = {"init", folder, "--print", "--quiet", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args2), 0);
    if (r.exit_code != 0 || !strstr(r.out, "    path: testopenfilegdb.gdb\n"))
        fail_msg("init on a FileGDB folder: exit %d\n%s\n%s", r.exit_code, r.out, r.err);
    e2e_result_free(&r);
    e2e_rm_rf(folder);
    free(folder);
    free(zip);
    rd_close(&c);
}

static void test_realdata__init_shx_and_cp1252(void **state)
{
    (void)state;
    rd_case c;
    rd_open(&c, "latin1_no_shx");
    char *y = rd_init_print(&c);
    expect_in(y, "    path: latin1.shp\n");
    expect_in(y, "latin1.shp has no .shx");
    expect_in(y, "    encoding: CP1252");
    free(y);
    rd_close(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_realdata__truncated_shp_refused),
        cmocka_unit_test(test_realdata__crs_in_feet_refused),
        cmocka_unit_test(test_realdata__missing_shx_rebuilt_in_memory),
        cmocka_unit_test(test_realdata__ldid_0x57_is_cp1252),
        cmocka_unit_test(test_realdata__no_usable_parcels_says_why),
        cmocka_unit_test(test_realdata__check_predicts_run_data_quality),
        cmocka_unit_test(test_realdata__check_table_aligned_by_display_width),
        cmocka_unit_test(test_realdata__init_sandiao_delivery),
        cmocka_unit_test(test_realdata__init_no_crs_outside_china),
        cmocka_unit_test(test_realdata__init_osm_levels_for_floors),
        cmocka_unit_test(test_realdata__init_filegdb_folder_and_zip),
        cmocka_unit_test(test_realdata__init_shx_and_cp1252),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
