/*
 * test_hash.c — SHA-256 of input files (src/lib/hash.c) for run_info: known digests
 * (FIPS 180-2 examples "abc" and the empty message), shapefile sidecars taking part in a
 * .shp hash, and an unreadable file giving NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geom_asserts.h"
#include "hash.h"

#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static int setup(void **state)
{
    *state = tgeom_mkdtemp("hash");
    return 0;
}

static int teardown(void **state)
{
    tgeom_rm_rf(*state);
    free(*state);
    return 0;
}

static void test_hash__abc_known_digest(void **state)
{
    char *path = tgeom_write_file(*state, "abc.txt", "abc", 3);
    char *hex = ls__hash_file(path);
    assert_non_null(hex);
    assert_string_equal(hex, SHA256_ABC);
    free(hex);
    free(path);
}

static void test_hash__empty_file_known_digest(void **state)
{
    char *path = tgeom_write_file(*state, "empty.csv", "", 0);
    char *hex = ls__hash_file(path);
    assert_non_null(hex);
    assert_string_equal(hex, SHA256_EMPTY);
    free(hex);
    free(path);
}

static void test_hash__larger_than_read_buffer(void **state)
{
    /* 200000 bytes 'a'..'z' repeated: spans four 64 KiB reads. Expected digest from
     * python3 -c "import hashlib; print(hashlib.sha256(bytes((97+i%26) for i in
     * range(200000))).hexdigest())" */
    size_t n = 200000;
    char *big = malloc(n);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + (char)(i % 26));
    char *path = tgeom_write_file(*state, "big.bin", big, n);
    char *hex = ls__hash_file(path);
    assert_non_null(hex);
    assert_string_equal(hex, "215fd793b3307b85788c29cd609b538beebaf5fb352bdf7c549fb6951ce0314d");
    free(hex);
    free(path);
    free(big);
}

static void test_hash__shp_sidecars_change_hash(void **state)
{
    char *shp = tgeom_write_file(*state, "zd.shp", "abc", 3);
    char *alone = ls__hash_file(shp);
    assert_non_null(alone);
    /* only the .shp present: the same bytes as abc.txt */
    assert_string_equal(alone, SHA256_ABC);

    char *dbf = tgeom_write_file(*state, "zd.dbf", "attributes", 10);
    char *with_dbf = ls__hash_file(shp);
    assert_non_null(with_dbf);
    assert_string_not_equal(with_dbf, alone);

    char *prj = tgeom_write_file(*state, "zd.prj", "PROJCS[...]", 11);
    char *with_prj = ls__hash_file(shp);
    assert_string_not_equal(with_prj, with_dbf);

    char *cpg = tgeom_write_file(*state, "zd.cpg", "GBK", 3);
    char *with_cpg = ls__hash_file(shp);
    assert_string_not_equal(with_cpg, with_prj);

    /* order .shp .shx .dbf .prj .cpg: "abc" + "attributes" + "PROJCS[...]" + "GBK" */
    char *concat =
        tgeom_write_file(*state, "concat.bin", "abcattributesPROJCS[...]GBK", 3 + 10 + 11 + 3);
    char *expected = ls__hash_file(concat);
    assert_string_equal(with_cpg, expected);

    /* a non-.shp file ignores same-named sidecars */
    char *gpkg = tgeom_write_file(*state, "zd.gpkg", "abc", 3);
    char *gh = ls__hash_file(gpkg);
    assert_string_equal(gh, SHA256_ABC);

    free(gh);
    free(gpkg);
    free(expected);
    free(concat);
    free(with_cpg);
    free(cpg);
    free(with_prj);
    free(prj);
    free(with_dbf);
    free(dbf);
    free(alone);
    free(shp);
}

static void test_hash__same_content_same_hash(void **state)
{
    char *a = tgeom_write_file(*state, "a.csv", "id,tax\n1,2\n", 11);
    char *b = tgeom_write_file(*state, "b.csv", "id,tax\n1,2\n", 11);
    char *ha = ls__hash_file(a);
    char *hb = ls__hash_file(b);
    assert_string_equal(ha, hb);
    free(ha);
    free(hb);
    free(a);
    free(b);
}

static void test_hash__missing_file_null(void **state)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/does-not-exist.shp", (const char *)*state);
    assert_null(ls__hash_file(path));
}

static void test_hash__directory_null(void **state)
{
    /* a folder opens on Linux but cannot be read: no digest */
    assert_null(ls__hash_file(*state));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_hash__abc_known_digest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash__empty_file_known_digest, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash__larger_than_read_buffer, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash__shp_sidecars_change_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash__same_content_same_hash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash__missing_file_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_hash__directory_null, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
