/*
 * test_encoding.c — UTF-8 validation and repair, iconv transcoding and the
 * encoding-settling open of shapefiles and CSV files (src/lib/encoding.c).
 *
 * Byte sequences are written out by hand: "宁波" is E5 AE 81 E6 B3 A2 in UTF-8 and
 * C4 FE B2 A8 in GBK (code charts). The shapefile is testdata/bad/gbk_no_cpg (GBK text,
 * LDID 0, no .cpg), opened read-only; CSV files are written to a temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gdal.h>
#include <ogr_api.h>

#include "encoding.h"

static const char utf8_ningbo[] = "\xE5\xAE\x81\xE6\xB3\xA2";
static const char gbk_ningbo[] = "\xC4\xFE\xB2\xA8";

typedef struct notices {
    int count;
    char last[1024];
} notices;

static void on_notice(int level, const char *message, void *userdata)
{
    notices *n = userdata;
    (void)level;
    n->count++;
    snprintf(n->last, sizeof(n->last), "%s", message);
}

static char tmpdir[256];

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    snprintf(tmpdir, sizeof(tmpdir), "%s/landscan-enc-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *write_tmp(const char *name, const char *bytes, size_t n)
{
    char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
    return path;
}

static void test_encoding__utf8_valid(void **state)
{
    (void)state;
    assert_true(ls__utf8_valid("plain ASCII"));
    assert_true(ls__utf8_valid(utf8_ningbo));
    assert_true(ls__utf8_valid("\xF0\x9F\x98\x80")); /* U+1F600 */
    assert_true(ls__utf8_valid(NULL));
    assert_int_equal(ls__utf8_invalid_at("ab", 2), (size_t)-1);
}

static void test_encoding__utf8_invalid(void **state)
{
    (void)state;
    assert_false(ls__utf8_valid(gbk_ningbo));
    assert_int_equal(ls__utf8_invalid_at("ab\xC4\xFE", 4), 2);
    assert_int_equal(ls__utf8_invalid_at("\xC0\x80", 2), 0);         /* overlong NUL */
    assert_int_equal(ls__utf8_invalid_at("\xE0\x80\xAF", 3), 0);     /* overlong '/' */
    assert_int_equal(ls__utf8_invalid_at("\xED\xA0\x80", 3), 0);     /* surrogate */
    assert_int_equal(ls__utf8_invalid_at("\xF4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    assert_int_equal(ls__utf8_invalid_at("x\xE5\xAE", 3), 1);        /* truncated */
    assert_int_equal(ls__utf8_invalid_at("\xFF", 1), 0);
}

static void test_encoding__utf8_repair(void **state)
{
    (void)state;
    char *r = ls__utf8_repair("a\xFF"
                              "b");
    assert_string_equal(r, "a\xEF\xBF\xBD"
                           "b");
    free(r);
    r = ls__utf8_repair(utf8_ningbo);
    assert_string_equal(r, utf8_ningbo);
    free(r);
    assert_null(ls__utf8_repair(NULL));
}

static void test_encoding__canonical_and_known(void **state)
{
    (void)state;
    assert_string_equal(ls__encoding_canonical("gbk"), "GB18030");
    assert_string_equal(ls__encoding_canonical("936"), "GB18030");
    assert_string_equal(ls__encoding_canonical("GB2312"), "GB18030");
    assert_string_equal(ls__encoding_canonical("utf8"), "UTF-8");
    assert_string_equal(ls__encoding_canonical("CP1252"), "CP1252");
    assert_true(ls__encoding_known("GBK"));
    assert_true(ls__encoding_known("UTF-8"));
    assert_false(ls__encoding_known("KLINGON-8"));
    assert_false(ls__encoding_known(""));
}

static void test_encoding__to_utf8(void **state)
{
    (void)state;
    char *out = NULL;
    size_t len = 0, bad = 0;
    assert_int_equal(ls__encoding_to_utf8("GBK", gbk_ningbo, 4, &out, &len, &bad), 0);
    assert_int_equal(len, 6);
    assert_string_equal(out, utf8_ningbo);
    free(out);
    /* 0xFF is not a GB18030 lead byte */
    assert_int_equal(ls__encoding_to_utf8("GB18030", "ab\xFF", 3, &out, &len, &bad), -1);
    assert_int_equal(bad, 2);
    assert_int_equal(ls__encoding_to_utf8("KLINGON-8", "ab", 2, &out, &len, &bad), -1);
}

/* First value of field `field` in the first feature, as a malloc'ed string. */
static char *first_value(GDALDatasetH gds, const char *field)
{
    OGRLayerH l = GDALDatasetGetLayer(gds, 0);
    OGR_L_ResetReading(l);
    OGRFeatureH f = OGR_L_GetNextFeature(l);
    assert_non_null(f);
    int i = OGR_F_GetFieldIndex(f, field);
    char *v = i >= 0 ? strdup(OGR_F_GetFieldAsString(f, i)) : NULL;
    OGR_F_Destroy(f);
    return v;
}

static void test_encoding__csv_gbk_detected(void **state)
{
    (void)state;
    char bytes[64];
    int n = snprintf(bytes, sizeof(bytes), "ID,NAME\n1,%s\n", gbk_ningbo);
    char *path = write_tmp("gbk.csv", bytes, (size_t)n);
    ls_context *ctx = NULL;
    notices seen = {0};
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_context_set_notice(ctx, on_notice, &seen);
    ls__source src;
    assert_int_equal(ls__encoding_open(ctx, path, NULL, NULL, NULL, 0, &src), LS_OK);
    assert_non_null(src.gds);
    assert_string_equal(src.encoding, "GB18030 (detected)");
    assert_non_null(src.mem_dir);
    assert_int_equal(seen.count, 1);
    assert_non_null(strstr(seen.last, "gbk.csv: text is not UTF-8"));
    char *v = first_value(src.gds, "NAME");
    assert_string_equal(v, utf8_ningbo);
    free(v);
    ls__encoding_close(&src);
    /* the input is untouched */
    FILE *f = fopen(path, "rb");
    char back[64];
    size_t got = fread(back, 1, sizeof(back), f);
    fclose(f);
    assert_int_equal(got, (size_t)n);
    assert_memory_equal(back, bytes, got);
    /* quiet: no notice the second time */
    assert_int_equal(ls__encoding_open(ctx, path, NULL, NULL, NULL, LS__ENCODING_QUIET, &src),
                     LS_OK);
    assert_int_equal(seen.count, 1);
    ls__encoding_close(&src);
    ls_context_free(ctx);
    free(path);
}

static void test_encoding__csv_bom(void **state)
{
    (void)state;
    char bytes[64];
    int n = snprintf(bytes, sizeof(bytes), "\xEF\xBB\xBFID,NAME\n1,%s\n", utf8_ningbo);
    char *path = write_tmp("bom.csv", bytes, (size_t)n);
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls__source src;
    assert_int_equal(ls__encoding_open(ctx, path, NULL, NULL, NULL, 0, &src), LS_OK);
    assert_string_equal(src.encoding, "UTF-8 (BOM)");
    assert_null(src.mem_dir);
    char *v = first_value(src.gds, "ID"); /* the first column keeps its name */
    assert_string_equal(v, "1");
    free(v);
    ls__encoding_close(&src);
    ls_context_free(ctx);
    free(path);
}

static void test_encoding__csv_undecodable(void **state)
{
    (void)state;
    const char bytes[] = "ID,NAME\n1,ok\n2,\xFF\xFF\n";
    char *path = write_tmp("bad.csv", bytes, sizeof(bytes) - 1);
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls__source src;
    assert_int_equal(ls__encoding_open(ctx, path, NULL, NULL, NULL, 0, &src), LS_EINVAL);
    assert_non_null(
        strstr(ls_context_error(ctx), "bad.csv: text is neither UTF-8 (byte 15, line 3)"));
    /* a wrong encoding: override names the run file */
    assert_int_equal(ls__encoding_open(ctx, path, NULL, "UTF-8", "RUN.yaml:9", 0, &src), LS_EINVAL);
    assert_non_null(strstr(ls_context_error(ctx), "(RUN.yaml:9)"));
    ls_context_free(ctx);
    free(path);
}

static void test_encoding__shapefile_gbk_without_cpg(void **state)
{
    (void)state;
    const char *path = LS_TEST_SOURCE_DIR "/testdata/bad/gbk_no_cpg/宗地.shp";
    ls_context *ctx = NULL;
    notices seen = {0};
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls_context_set_notice(ctx, on_notice, &seen);
    ls__source src;
    assert_int_equal(ls__encoding_open(ctx, path, NULL, NULL, NULL, 0, &src), LS_OK);
    assert_string_equal(src.encoding, "GB18030 (detected)");
    assert_int_equal(seen.count, 1);
    assert_non_null(strstr(seen.last, "宗地.shp: no .cpg"));
    char *v = first_value(src.gds, "权利人"); /* GBK field name decoded too */
    assert_non_null(v);
    assert_string_equal(v, "宁波海曙工业公司");
    free(v);
    ls__encoding_close(&src);
    /* encoding: given → used, no warning */
    assert_int_equal(ls__encoding_open(ctx, path, NULL, "GBK", "RUN.yaml:5", 0, &src), LS_OK);
    assert_string_equal(src.encoding, "GB18030 (encoding:)");
    assert_int_equal(seen.count, 1);
    ls__encoding_close(&src);
    ls_context_free(ctx);
}

static void test_encoding__not_a_file(void **state)
{
    (void)state;
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    ls__source src;
    assert_int_equal(ls__encoding_open(ctx, "/nonexistent/x.shp", NULL, NULL, NULL, 0, &src),
                     LS_OK);
    assert_null(src.gds); /* the caller reports it */
    ls__encoding_close(&src);
    ls__encoding_close(NULL);
    ls_context_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding__utf8_valid),
        cmocka_unit_test(test_encoding__utf8_invalid),
        cmocka_unit_test(test_encoding__utf8_repair),
        cmocka_unit_test(test_encoding__canonical_and_known),
        cmocka_unit_test(test_encoding__to_utf8),
        cmocka_unit_test(test_encoding__csv_gbk_detected),
        cmocka_unit_test(test_encoding__csv_bom),
        cmocka_unit_test(test_encoding__csv_undecodable),
        cmocka_unit_test(test_encoding__shapefile_gbk_without_cpg),
        cmocka_unit_test(test_encoding__not_a_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
