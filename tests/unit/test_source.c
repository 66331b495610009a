/*
 * test_source.c — inputs from anywhere (src/lib/source.c): password redaction in conninfo
 * strings, URIs and messages (also through the context's error and notice paths), which
 * paths count as connection strings and how they resolve against the run file's folder,
 * and opening: a /vsizip/ GeoJSON is snapshotted with a row hash that ignores row order
 * but not values, `sql:` on a file, a missing layer, a connection that fails without the
 * password in the message. The database cases against a real server are in tests/pg/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_api.h>

#include "geom_asserts.h"
#include "hash.h"
#include "source.h"

static int setup(void **state)
{
    GDALAllRegister();
    *state = tgeom_mkdtemp("source");
    return 0;
}

static int teardown(void **state)
{
    tgeom_rm_rf(*state);
    free(*state);
    return 0;
}

static void expect_redacted(const char *in, const char *expected)
{
    char *out = ls__source_redacted(in);
    assert_non_null(out);
    assert_string_equal(out, expected);
    free(out);
}

static void test_source__redacts_conninfo_password(void **state)
{
    (void)state;
    expect_redacted("PG:host=db dbname=cad user=gis password=sekrit port=5432",
                    "PG:host=db dbname=cad user=gis password=*** port=5432");
    expect_redacted("PG:dbname=cad password = 'two words \\' quote' user=gis",
                    "PG:dbname=cad password = *** user=gis");
    expect_redacted("PG:PASSWORD=x", "PG:PASSWORD=***");
    /* GDAL quotes the path in its messages */
    expect_redacted("'PG:dbname=cad password=pw' not recognized",
                    "'PG:dbname=cad password=***' not recognized");
    /* two connections in one message */
    expect_redacted("a password=1 b password=22", "a password=*** b password=***");
    /* not a password keyword: left alone */
    expect_redacted("table passwords, nopassword=x, password: y",
                    "table passwords, nopassword=x, password: y");
    expect_redacted("PG:dbname=cad password=", "PG:dbname=cad password=");
}

static void test_source__redacts_uri_password(void **state)
{
    (void)state;
    expect_redacted("postgresql://gis:s3cr%40t@db.example:5432/cad?sslmode=require",
                    "postgresql://gis:***@db.example:5432/cad?sslmode=require");
    expect_redacted("postgresql:///cad?host=/tmp&password=pw&user=gis",
                    "postgresql:///cad?host=/tmp&password=***&user=gis");
    expect_redacted("postgresql://gis@db/cad", "postgresql://gis@db/cad");
}

static void test_source__redaction_never_overflows(void **state)
{
    (void)state;
    char buf[16] = "password=a xyzw";
    ls__source_redact(buf, sizeof(buf)); /* "a" grows to "***": the tail is cut, not the stars */
    assert_string_equal(buf, "password=*** xy");
    char tiny[12] = "password=ab";
    ls__source_redact(tiny, sizeof(tiny));
    assert_string_equal(tiny, "password=**");
    assert_null(ls__source_redacted(NULL));
}

static void test_source__context_messages_redacted(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    assert_int_equal(ls__error_set(ctx, LS_EIO, "PG:dbname=x password=%s failed", "sekrit"),
                     LS_EIO);
    assert_string_equal(ls_context_error(ctx), "PG:dbname=x password=*** failed");
    /* a message built from a redacted path keeps its punctuation */
    ls__error_set(ctx, LS_EIO, "PG:dbname=x password=***: failed");
    assert_string_equal(ls_context_error(ctx), "PG:dbname=x password=***: failed");
    ls_context_free(ctx);
}

static void test_source__connection_strings(void **state)
{
    (void)state;
    assert_true(ls__source_is_connection("PG:dbname=cad"));
    assert_true(ls__source_is_connection("GPKG:x.gpkg:layer"));
    assert_true(ls__source_is_connection("postgresql://db/cad"));
    assert_false(ls__source_is_connection("C:/data/zd.shp")); /* a drive letter */
    assert_false(ls__source_is_connection("data/zd.shp"));
    assert_false(ls__source_is_connection("/vsizip/in.zip/zd.shp"));
    assert_false(ls__source_is_connection(NULL));
    assert_true(ls__source_is_postgres("PG:dbname=cad"));
    assert_true(ls__source_is_postgres("pg:dbname=cad"));
    assert_true(ls__source_is_postgres("postgres://db/cad"));
    assert_false(ls__source_is_postgres("GPKG:x.gpkg"));
}

static void expect_resolved(const char *base, const char *path, const char *expected)
{
    char *out = ls__source_resolve(base, path);
    assert_non_null(out);
    assert_string_equal(out, expected);
    free(out);
}

static void test_source__resolve_against_run_folder(void **state)
{
    (void)state;
    expect_resolved("/runs/a", "PG:dbname=cad host=db", "PG:dbname=cad host=db");
    expect_resolved("/runs/a", "postgresql://db/cad", "postgresql://db/cad");
    expect_resolved("/runs/a", "/vsizip/in.zip/zd.shp", "/vsizip//runs/a/in.zip/zd.shp");
    expect_resolved("/runs/a", "/vsizip//abs/in.zip/zd.shp", "/vsizip//abs/in.zip/zd.shp");
    expect_resolved("/runs/a", "data/zd.gdb", "/runs/a/data/zd.gdb");
    expect_resolved("/runs/a", "/abs/zd.shp", "/abs/zd.shp");
}

/* dir/name.zip holding p.geojson with the given text; returns the /vsizip/ path. */
static char *zip_geojson(const char *dir, const char *name, const char *text)
{
    size_t cap = strlen(dir) + strlen(name) + 32;
    char *inner = malloc(cap);
    assert_non_null(inner);
    snprintf(inner, cap, "/vsizip/%s/%s.zip/p.geojson", dir, name);
    VSILFILE *f = VSIFOpenL(inner, "wb");
    assert_non_null(f);
    assert_int_equal(VSIFWriteL(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(VSIFCloseL(f), 0);
    return inner;
}

#define FEATURE(id, v, x)                                                                          \
    "{\"type\":\"Feature\",\"id\":" #id ",\"properties\":{\"v\":" #v "},\"geometry\":"             \
    "{\"type\":\"Point\",\"coordinates\":[" #x ",1]}}"
#define COLLECTION(a, b) "{\"type\":\"FeatureCollection\",\"features\":[" a "," b "]}"

static void open_hash(char *path, char *sql, long expected_rows, char **hash)
{
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_input in = {0};
    in.path = path;
    in.sql = sql;
    ls__input_source src;
    int rc = ls__source_open(ctx, &in, "parcels", "RUN.yaml:3", 0, &src);
    if (rc != LS_OK)
        fail_msg("%s", ls_context_error(ctx));
    assert_false(src.is_file);
    assert_non_null(src.snapshot);
    assert_int_equal(OGR_L_GetFeatureCount(src.layer, 1), expected_rows);
    assert_int_equal(strlen(src.sha256), 64);
    *hash = strdup(src.sha256);
    ls__source_close(&src);
    ls_context_free(ctx);
}

static void test_source__vsizip_snapshot_and_row_hash(void **state)
{
    char *a = zip_geojson(*state, "a", COLLECTION(FEATURE(1, 5, 0), FEATURE(2, 7, 10)));
    char *swapped = zip_geojson(*state, "b", COLLECTION(FEATURE(2, 7, 10), FEATURE(1, 5, 0)));
    char *changed = zip_geojson(*state, "c", COLLECTION(FEATURE(1, 5, 0), FEATURE(2, 8, 10)));
    char *ha = NULL, *hb = NULL, *hc = NULL, *hsql = NULL;
    open_hash(a, NULL, 2, &ha);
    open_hash(swapped, NULL, 2, &hb);
    open_hash(changed, NULL, 2, &hc);
    assert_string_equal(ha, hb);     /* same rows, other order */
    assert_string_not_equal(ha, hc); /* one value differs */
    open_hash(a, "SELECT * FROM p WHERE v > 6", 1, &hsql);
    assert_string_not_equal(ha, hsql);
    free(ha);
    free(hb);
    free(hc);
    free(hsql);
    free(a);
    free(swapped);
    free(changed);
}

static void test_source__file_hashed_as_file(void **state)
{
    char *path =
        tgeom_write_file(*state, "p.geojson", COLLECTION(FEATURE(1, 5, 0), FEATURE(2, 7, 10)),
                         strlen(COLLECTION(FEATURE(1, 5, 0), FEATURE(2, 7, 10))));
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_input in = {0};
    in.path = path;
    in.sql = "SELECT * FROM p WHERE v < 6";
    ls__input_source src;
    assert_int_equal(ls__source_open(ctx, &in, "parcels", "RUN.yaml:3", 0, &src), LS_OK);
    assert_true(src.is_file);
    assert_null(src.snapshot);
    assert_int_equal(OGR_L_GetFeatureCount(src.layer, 1), 1); /* v = 5 only */
    char *file_hash = ls__hash_file(path);
    assert_string_equal(src.sha256, file_hash);
    free(file_hash);
    ls__source_close(&src);
    ls_context_free(ctx);
    free(path);
}

static void test_source__missing_layer_and_bad_sql(void **state)
{
    char *zip = zip_geojson(*state, "m", COLLECTION(FEATURE(1, 5, 0), FEATURE(2, 7, 10)));
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_input in = {0};
    in.path = zip;
    in.layer = "public.zd";
    ls__input_source src;
    assert_int_equal(ls__source_open(ctx, &in, "parcels", "RUN.yaml:3", 0, &src), LS_ENOTFOUND);
    tgeom_assert_contains_impl(ls_context_error(ctx), "no layer 'public.zd' (layers: p)", __FILE__,
                               __LINE__);
    in.layer = NULL;
    in.sql = "SELECT * FROM nowhere";
    assert_int_equal(ls__source_open(ctx, &in, "parcels", "RUN.yaml:3", 0, &src), LS_EINVAL);
    tgeom_assert_contains_impl(ls_context_error(ctx), "sql of inputs.parcels failed", __FILE__,
                               __LINE__);
    in.sql = NULL;
    in.path = "/nonexistent/zd.shp";
    assert_int_equal(ls__source_open(ctx, &in, "parcels", "RUN.yaml:3", 0, &src), LS_ENOTFOUND);
    assert_string_equal(ls_context_error(ctx),
                        "/nonexistent/zd.shp: parcels input not found (RUN.yaml:3)");
    ls_context_free(ctx);
    free(zip);
}

static void test_source__failed_connection_names_source_not_password(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_input in = {0};
    in.path = "PG:host=/nonexistent port=1 dbname=cad user=gis password=sekrit";
    in.layer = "public.zd";
    ls__input_source src;
    assert_int_equal(ls__source_open(ctx, &in, "parcels", "RUN.yaml:3", 0, &src), LS_EIO);
    const char *msg = ls_context_error(ctx);
    tgeom_assert_contains_impl(
        msg,
        "PG:host=/nonexistent port=1 dbname=cad user=gis password=***: cannot open the "
        "parcels input (RUN.yaml:3): ",
        __FILE__, __LINE__);
    assert_null(strstr(msg, "sekrit"));
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_source__redacts_conninfo_password),
        cmocka_unit_test(test_source__redacts_uri_password),
        cmocka_unit_test(test_source__redaction_never_overflows),
        cmocka_unit_test(test_source__context_messages_redacted),
        cmocka_unit_test(test_source__connection_strings),
        cmocka_unit_test(test_source__resolve_against_run_folder),
        cmocka_unit_test(test_source__vsizip_snapshot_and_row_hash),
        cmocka_unit_test(test_source__file_hashed_as_file),
        cmocka_unit_test(test_source__missing_layer_and_bad_sql),
        cmocka_unit_test(test_source__failed_connection_names_source_not_password),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
