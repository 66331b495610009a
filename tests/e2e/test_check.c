/*
 * test_check.c — end-to-end: `landscan check RUN.yaml` (product.md: "validate inputs, print a
 * data-quality report; writes nothing").
 *
 * Case measure/ (scripts/make_e2e_testdata.py): 11 parcels (A03 a bow-tie, repaired), 6
 * buildings of which only G2 carries JZMJ (5 missing), 3 enterprise records: E1 keyed to
 * A04, E2 without key but with its point in A05, E3 without key and its point on no parcel
 * (2 of 3 ZDDM blank). Feature counts are read from the input files with OGR, not taken from
 * landscan. The copy's folder listing must be the same before and after: no out/, no ledger.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <gdal.h>

#include "e2e_helpers.h"

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    return 0;
}

static void dump_result(const char *what, const e2e_result *r)
{
    fprintf(stderr, "%s: exit %d\nstdout:\n%s\nstderr:\n%s\n", what, r->exit_code, r->out, r->err);
}

/* The sorted names of a folder joined by spaces (caller frees). */
static char *listing(const char *dir)
{
    char *names[64];
    size_t n = 0, len = 1;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 64)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            names[n] = strdup(e->d_name);
            len += strlen(e->d_name) + 1;
            n++;
        }
    closedir(d);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    char *s = calloc(1, len);
    for (size_t i = 0; i < n; i++) {
        strcat(s, names[i]);
        strcat(s, " ");
        free(names[i]);
    }
    return s;
}

/* The first stdout line holding all of the given words (space-separated tokens). */
static const char *find_line(const char *out, const char *a, const char *b, char *buf, size_t size)
{
    for (const char *p = out; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n < size) {
            memcpy(buf, p, n);
            buf[n] = '\0';
            if (strstr(buf, a) && (!b || strstr(buf, b)))
                return buf;
        }
        p = nl ? nl + 1 : NULL;
    }
    return NULL;
}

/* The field row "<layer> <field> <source> <missing> <pct>% <invalid>" of the report. */
static void expect_field(const char *out, const char *layer, const char *field, const char *source,
                         long missing, long invalid)
{
    char line[512], l[64], f[64], s[64];
    long m = -1, inv = -1;
    double pct;
    char key[80];
    snprintf(key, sizeof key, " %s ", field);
    if (!find_line(out, layer, key, line, sizeof line))
        fail_msg("no report row for %s.%s in:\n%s", layer, field, out);
    if (sscanf(line, "%63s %63s %63s %ld %lf%% %ld", l, f, s, &m, &pct, &inv) != 6)
        fail_msg("cannot read the row '%s'", line);
    if (strcmp(s, source) != 0 || m != missing || inv != invalid)
        fail_msg("%s.%s: got source %s missing %ld invalid %ld, want %s %ld %ld", layer, field, s,
                 m, inv, source, missing, invalid);
}

static long count_in(const char *path, const char *layer)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    assert_non_null(ds);
    long n = e2e_layer_count(ds, layer);
    GDALClose(ds);
    return n;
}

static void test_check__report_and_writes_nothing(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("measure");
    assert_non_null(dir);
    char *before = listing(dir);
    e2e_result r;
    const char *args[] = {"check", "RUN.yaml", "--quiet", NULL};
    assert_int_equal(e2e_run_in(dir, &r, args), 0);
    if (r.exit_code != 0)
        dump_result("check", &r);
    assert_int_equal(r.exit_code, 0);

    /* per layer: features as counted by OGR, the CRS and the repaired bow-tie */
    char *gpkg = e2e_join(dir, "inputs.gpkg");
    struct {
        const char *role, *layer;
    } layers[] = {{"parcels", "zd"},
                  {"control_lines", "kzx"},
                  {"blocks", "qk"},
                  {"districts", "xzq"},
                  {"buildings", "jzw"}};
    char line[512];
    for (size_t i = 0; i < sizeof layers / sizeof layers[0]; i++) {
        char key[64];
        snprintf(key, sizeof key, "  %s ", layers[i].role);
        if (!find_line(r.out, key, "inputs.gpkg", line, sizeof line))
            fail_msg("no layer row for %s:\n%s", layers[i].role, r.out);
        char role[64], crs[64], enc[64];
        long features = -1, skipped = -1, repaired = -1;
        assert_int_equal(sscanf(line, "%63s %ld %ld %ld %63s %63s", role, &features, &skipped,
                                &repaired, crs, enc),
                         6);
        assert_int_equal(features, count_in(gpkg, layers[i].layer));
        assert_int_equal(skipped, 0);
        assert_int_equal(repaired, strcmp(role, "parcels") == 0 ? 1 : 0);
        assert_string_equal(crs, "EPSG:4549");
        assert_string_equal(enc, "UTF-8");
    }
    assert_non_null(find_line(r.out, "  enterprises ", "qy.csv", line, sizeof line));

    /* missing values per mapped field */
    expect_field(r.out, "buildings", "floor_area_m2", "JZMJ", 5, 0);
    expect_field(r.out, "buildings", "floors", "CS", 0, 0);
    expect_field(r.out, "enterprises", "parcel_id", "ZDDM", 2, 0);
    expect_field(r.out, "enterprises", "tax_10k", "SS", 0, 0);
    expect_field(r.out, "parcels", "parcel_id", "ZDDM", 0, 0);

    /* join coverage: E1 by key, E2 by location, E3 on no parcel */
    if (!find_line(r.out, "records 3", NULL, line, sizeof line))
        fail_msg("no join row:\n%s", r.out);
    assert_non_null(strstr(line, "joined 2"));
    assert_non_null(strstr(line, "by parcel id 1"));
    assert_non_null(strstr(line, "by enterprise id 0"));
    assert_non_null(strstr(line, "by location 1"));
    assert_non_null(strstr(line, "unjoined 1"));
    assert_non_null(
        find_line(r.out, "parcels with an enterprise: 2 of 11", NULL, line, sizeof line));
    /* the repair is listed as a data-quality row */
    assert_non_null(find_line(r.out, "A03", "repaired", line, sizeof line));

    /* nothing written: no out/, no ledger, no temporary folder */
    char *after = listing(dir);
    if (strcmp(before, after) != 0)
        fail_msg("check changed the folder: before '%s', after '%s'", before, after);

    free(before);
    free(after);
    free(gpkg);
    e2e_result_free(&r);
    e2e_rm_rf(dir);
    free(dir);
}

/* An invalid number counts as invalid, a blank one as missing; the check still passes. */
static void test_check__invalid_values_counted(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("measure");
    char *csv = e2e_join(dir, "qy.csv");
    FILE *f = fopen(csv, "w");
    assert_non_null(f);
    fputs("TYSHXYDM,QYMC,ZDDM,SS,ZJZ,PJ,X,Y\n"
          "91330200E1,甲公司,A04,二十,100,B,500050,3300050\n"
          "91330200E2,乙公司,,,120,B,500760,3300030\n"
          "91330200E3,丙公司,A05,10,50,B,,\n",
          f);
    fclose(f);
    e2e_result r;
    const char *args[] = {"check", "RUN.yaml", NULL};
    e2e_run_in(dir, &r, args);
    if (r.exit_code != 0)
        dump_result("check", &r);
    assert_int_equal(r.exit_code, 0);
    expect_field(r.out, "enterprises", "tax_10k", "SS", 1, 1);
    expect_field(r.out, "enterprises", "parcel_id", "ZDDM", 1, 0);
    expect_field(r.out, "enterprises", "x", "X", 1, 0);
    char line[512];
    if (!find_line(r.out, "records 3", NULL, line, sizeof line))
        fail_msg("no join row:\n%s", r.out);
    assert_non_null(strstr(line, "by parcel id 2"));
    assert_non_null(strstr(line, "by location 1"));
    assert_non_null(strstr(line, "unjoined 0"));
    e2e_result_free(&r);
    free(csv);
    e2e_rm_rf(dir);
    free(dir);
}

/* A run that would fail (parcels file missing) exits 1 with the message, writes nothing. */
static void test_check__failing_read_exits_1(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("cli_missing");
    char *before = listing(dir);
    e2e_result r;
    const char *args[] = {"check", "RUN.yaml", NULL};
    e2e_run_in(dir, &r, args);
    if (r.exit_code != 1)
        dump_result("check", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "no_such_parcels"))
        fail_msg("stderr does not name the file: %s", r.err);
    const char *nl = strchr(r.err, '\n'); /* one line */
    if (!nl || nl[1] != '\0')
        fail_msg("stderr is not one line: %s", r.err);
    char *after = listing(dir);
    assert_string_equal(before, after);
    free(before);
    free(after);
    e2e_result_free(&r);
    e2e_rm_rf(dir);
    free(dir);
}

static void test_check__usage(void **state)
{
    (void)state;
    e2e_result r;
    const char *none[] = {"check", NULL};
    e2e_run(&r, none);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);
    const char *help[] = {"check", "--help", NULL};
    e2e_run(&r, help);
    assert_int_equal(r.exit_code, 0);
    assert_non_null(strstr(r.out, "usage: landscan check"));
    e2e_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check__report_and_writes_nothing),
        cmocka_unit_test(test_check__invalid_values_counted),
        cmocka_unit_test(test_check__failing_read_exits_1),
        cmocka_unit_test(test_check__usage),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
