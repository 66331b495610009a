/*
 * test_run_cli.c — end-to-end: the command-line contract of product.md around `landscan run`:
 * exit codes (0 ok, 1 bad input or config, 2 usage), no overwrite without --force, error
 * messages naming the file and the YAML line, determinism across --jobs.
 *
 * Cases (scripts/make_e2e_testdata.py): classify/ and measure/ (valid runs), cli_bad_key/
 * (RUN.yaml line 8 `colour: red` under parcels), cli_bad_rules/ (rules.yaml line 3
 * `tax_per_mu_mni: 6`), cli_missing/ (parcels path data/no_such_parcels.geojson).
 */
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

/* The message names YAML line `line`: "line 8", ":8", "第8行" and the like. */
static int names_line(const char *msg, int line)
{
    char a[32], b[32], c[32], d[32];
    snprintf(a, sizeof a, "line %d", line);
    snprintf(b, sizeof b, ":%d", line);
    snprintf(c, sizeof c, "第%d行", line);
    snprintf(d, sizeof d, "第 %d 行", line);
    return e2e_contains_ci(msg, a) || strstr(msg, b) || strstr(msg, c) || strstr(msg, d);
}

/* A second run into the same output folder without --force fails with exit 1 and leaves the
 * first output byte for byte; with --force it succeeds. */
static void test_cli__no_overwrite_without_force(void **state)
{
    (void)state;
    e2e_result r1, r2, r3;
    char *case_dir = NULL, *out_dir = NULL;
    e2e_run_case("classify", NULL, &r1, &case_dir, &out_dir);
    if (r1.exit_code != 0)
        dump_result("first run", &r1);
    assert_int_equal(r1.exit_code, 0);

    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    char *csv = e2e_join(out_dir, "parcels.csv");
    size_t gl = 0, cl = 0;
    char *g0 = e2e_read_file(gpkg, &gl);
    char *c0 = e2e_read_file(csv, &cl);
    assert_non_null(g0);
    assert_non_null(c0);

    char *run_yaml = e2e_join(case_dir, "RUN.yaml");
    const char *again[] = {"run", run_yaml, "-o", out_dir, "--quiet", NULL};
    e2e_run(&r2, again);
    if (r2.exit_code != 1)
        dump_result("second run without --force", &r2);
    assert_int_equal(r2.exit_code, 1);
    assert_true(strlen(r2.err) > 0);

    size_t gl1 = 0, cl1 = 0;
    char *g1 = e2e_read_file(gpkg, &gl1);
    char *c1 = e2e_read_file(csv, &cl1);
    assert_non_null(g1);
    assert_non_null(c1);
    assert_true(gl1 == gl && memcmp(g0, g1, gl) == 0);
    assert_true(cl1 == cl && memcmp(c0, c1, cl) == 0);

    const char *forced[] = {"run", run_yaml, "-o", out_dir, "--quiet", "--force", NULL};
    e2e_run(&r3, forced);
    if (r3.exit_code != 0)
        dump_result("third run with --force", &r3);
    assert_int_equal(r3.exit_code, 0);
    assert_true(e2e_file_exists(gpkg));

    free(g0);
    free(c0);
    free(g1);
    free(c1);
    free(gpkg);
    free(csv);
    free(run_yaml);
    e2e_result_free(&r1);
    e2e_result_free(&r2);
    e2e_result_free(&r3);
    e2e_rm_rf(out_dir);
    e2e_rm_rf(case_dir);
    free(out_dir);
    free(case_dir);
}

/* --jobs 1 and --jobs 2 give byte-identical CSVs (style.md: same inputs → same bytes). */
static void test_cli__jobs_do_not_change_output(void **state)
{
    (void)state;
    e2e_result r1, r2;
    char *case1 = NULL, *out1 = NULL, *case2 = NULL, *out2 = NULL;
    const char *j1[] = {"--jobs", "1", NULL};
    const char *j2[] = {"--jobs", "2", NULL};
    e2e_run_case("measure", j1, &r1, &case1, &out1);
    e2e_run_case("measure", j2, &r2, &case2, &out2);
    if (r1.exit_code != 0)
        dump_result("--jobs 1", &r1);
    if (r2.exit_code != 0)
        dump_result("--jobs 2", &r2);
    assert_int_equal(r1.exit_code, 0);
    assert_int_equal(r2.exit_code, 0);
    const char *files[] = {"parcels.csv", "blocks.csv", NULL};
    for (size_t i = 0; files[i]; i++) {
        char *a = e2e_join(out1, files[i]);
        char *b = e2e_join(out2, files[i]);
        if (!e2e_files_equal(a, b))
            fail_msg("%s differs between --jobs 1 and --jobs 2", files[i]);
        free(a);
        free(b);
    }
    e2e_result_free(&r1);
    e2e_result_free(&r2);
    e2e_rm_rf(out1);
    e2e_rm_rf(case1);
    e2e_rm_rf(out2);
    e2e_rm_rf(case2);
    free(out1);
    free(case1);
    free(out2);
    free(case2);
}

/* Check that a failed run wrote no GeoPackage. */
static void expect_no_output(const char *out_dir)
{
    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    if (e2e_file_exists(gpkg))
        fail_msg("a failed run wrote %s", gpkg);
    free(gpkg);
}

/* RUN.yaml line 8 is `    colour: red` under inputs.parcels: exit 1, stderr names the file,
 * the line and the key. */
static void test_cli__unknown_run_key_names_file_and_line(void **state)
{
    (void)state;
    e2e_result r;
    char *case_dir = NULL, *out_dir = NULL;
    e2e_run_case("cli_bad_key", NULL, &r, &case_dir, &out_dir);
    if (r.exit_code != 1)
        dump_result("unknown key", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "RUN.yaml"))
        fail_msg("stderr does not name RUN.yaml: %s", r.err);
    if (!names_line(r.err, 8))
        fail_msg("stderr does not name line 8: %s", r.err);
    if (!strstr(r.err, "colour"))
        fail_msg("stderr does not name the key colour: %s", r.err);
    expect_no_output(out_dir);
    e2e_result_free(&r);
    e2e_rm_rf(out_dir);
    e2e_rm_rf(case_dir);
    free(out_dir);
    free(case_dir);
}

/* rules.yaml line 3 is `tax_per_mu_mni: 6`: exit 1, stderr names rules.yaml, line 3, the key. */
static void test_cli__unknown_rules_key_names_file_and_line(void **state)
{
    (void)state;
    e2e_result r;
    char *case_dir = NULL, *out_dir = NULL;
    e2e_run_case("cli_bad_rules", NULL, &r, &case_dir, &out_dir);
    if (r.exit_code != 1)
        dump_result("unknown rules key", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "rules.yaml"))
        fail_msg("stderr does not name rules.yaml: %s", r.err);
    if (!names_line(r.err, 3))
        fail_msg("stderr does not name line 3: %s", r.err);
    if (!strstr(r.err, "tax_per_mu_mni"))
        fail_msg("stderr does not name the key: %s", r.err);
    expect_no_output(out_dir);
    e2e_result_free(&r);
    e2e_rm_rf(out_dir);
    e2e_rm_rf(case_dir);
    free(out_dir);
    free(case_dir);
}

/* The parcels file does not exist: exit 1, stderr names it. */
static void test_cli__missing_parcels_names_file(void **state)
{
    (void)state;
    e2e_result r;
    char *case_dir = NULL, *out_dir = NULL;
    e2e_run_case("cli_missing", NULL, &r, &case_dir, &out_dir);
    if (r.exit_code != 1)
        dump_result("missing parcels", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "no_such_parcels.geojson"))
        fail_msg("stderr does not name the missing file: %s", r.err);
    expect_no_output(out_dir);
    e2e_result_free(&r);
    e2e_rm_rf(out_dir);
    e2e_rm_rf(case_dir);
    free(out_dir);
    free(case_dir);
}

/* A run file that does not exist at all: exit 1 and the message names it. */
static void test_cli__missing_run_file(void **state)
{
    (void)state;
    e2e_result r;
    char *dir = e2e_tmpdir();
    char *run_yaml = e2e_join(dir, "NO_SUCH_RUN.yaml");
    char *out = e2e_join(dir, "out");
    const char *args[] = {"run", run_yaml, "-o", out, "--quiet", NULL};
    e2e_run(&r, args);
    if (r.exit_code != 1)
        dump_result("missing run file", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "NO_SUCH_RUN.yaml"))
        fail_msg("stderr does not name the run file: %s", r.err);
    e2e_result_free(&r);
    e2e_rm_rf(dir);
    free(dir);
    free(run_yaml);
    free(out);
}

/* Paths in RUN.yaml (inputs and a rules file) are relative to the run file, also when the run
 * file itself is given by a relative path: run `landscan run <case>/RUN.yaml` from the folder
 * above the case (classify uses `rules: rules.yaml`). */
static void test_cli__relative_run_file_path(void **state)
{
    (void)state;
    e2e_result r;
    char *case_dir = e2e_copy_case("classify");
    assert_non_null(case_dir);
    char *slash = strrchr(case_dir, '/');
    assert_non_null(slash);
    *slash = '\0';
    const char *parent = case_dir, *base = slash + 1;
    char rel_run[256], rel_out[256];
    snprintf(rel_run, sizeof rel_run, "%s/RUN.yaml", base);
    snprintf(rel_out, sizeof rel_out, "%s-relout", base);
    const char *args[] = {"run", rel_run, "-o", rel_out, "--quiet", NULL};
    e2e_run_in(parent, &r, args);
    if (r.exit_code != 0)
        dump_result("relative run file path", &r);
    assert_int_equal(r.exit_code, 0);
    char *out_dir = e2e_join(parent, rel_out);
    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    assert_true(e2e_file_exists(gpkg));
    *slash = '/';
    e2e_result_free(&r);
    e2e_rm_rf(out_dir);
    e2e_rm_rf(case_dir);
    free(gpkg);
    free(out_dir);
    free(case_dir);
}

/* Usage errors exit 2: `run` without a file, an unknown verb, an unknown option. */
static void test_cli__usage_errors_exit_2(void **state)
{
    (void)state;
    e2e_result r;
    const char *no_file[] = {"run", NULL};
    e2e_run(&r, no_file);
    if (r.exit_code != 2)
        dump_result("run without a file", &r);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);

    const char *bad_verb[] = {"frobnicate", NULL};
    e2e_run(&r, bad_verb);
    if (r.exit_code != 2)
        dump_result("unknown verb", &r);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);

    char *run_yaml = e2e_join(LS_TEST_SOURCE_DIR, "testdata/e2e/classify/RUN.yaml");
    const char *bad_opt[] = {"run", run_yaml, "--no-such-option", NULL};
    e2e_run(&r, bad_opt);
    if (r.exit_code != 2)
        dump_result("unknown option", &r);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);
    free(run_yaml);
}

/* --version and --help succeed and print to stdout. */
static void test_cli__version_and_help(void **state)
{
    (void)state;
    e2e_result r;
    const char *version[] = {"--version", NULL};
    e2e_run(&r, version);
    assert_int_equal(r.exit_code, 0);
    assert_true(strlen(r.out) > 0);
    e2e_result_free(&r);
    const char *help[] = {"run", "--help", NULL};
    e2e_run(&r, help);
    assert_int_equal(r.exit_code, 0);
    if (!strstr(r.out, "--force"))
        fail_msg("`run --help` does not mention --force: %s", r.out);
    e2e_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cli__no_overwrite_without_force),
        cmocka_unit_test(test_cli__jobs_do_not_change_output),
        cmocka_unit_test(test_cli__unknown_run_key_names_file_and_line),
        cmocka_unit_test(test_cli__unknown_rules_key_names_file_and_line),
        cmocka_unit_test(test_cli__missing_parcels_names_file),
        cmocka_unit_test(test_cli__missing_run_file),
        cmocka_unit_test(test_cli__relative_run_file_path),
        cmocka_unit_test(test_cli__usage_errors_exit_2),
        cmocka_unit_test(test_cli__version_and_help),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
