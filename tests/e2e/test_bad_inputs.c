/*
 * test_bad_inputs.c — end-to-end: the bad-input corpus testdata/bad/
 * (scripts/make_bad_testdata.py).
 *
 * testdata/bad/cases.txt lists per case the expected exit code and checks, one per line:
 *     case | exit | kind | text [| expected]
 * kinds: stderr / nostderr (fragment in / not in stderr), dq / nodq (fragment in / not in a
 * data_quality row "layer|feature|problem|action"), sql (one-value query on the output
 * GeoPackage | expected text). Each case becomes one cmocka test that
 *   - copies testdata/bad/<case> to a temporary folder and runs `landscan run RUN.yaml -o
 *     "<copy>-输出 目录"` (Chinese characters and a space in every output path; not --quiet,
 *     so warnings reach stderr),
 *   - checks the exit code, the checks of its lines, that stderr is valid UTF-8 (no raw GBK
 *     bytes), that a failed run left no output (the folder absent or empty, no temporary
 *     folder) and that every input file is byte-identical afterwards.
 * The corpus is the contract: a new bad input is a new case in the script, not new C code.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <gdal.h>

#include "e2e_helpers.h"

#define MAX_CASES 256
#define MAX_CHECKS 32

typedef struct check {
    char *kind, *text, *expected;
} check;

typedef struct bad_case {
    char *name;
    int exit_code;
    size_t nchecks;
    check checks[MAX_CHECKS];
} bad_case;

static bad_case cases[MAX_CASES];
static size_t ncases;

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

static char *xdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

/* Split off the next " | " field of *line (the rest stays in *line). */
static char *next_field(char **line)
{
    char *s = *line;
    if (!s)
        return NULL;
    char *bar = strstr(s, " | ");
    if (bar) {
        *bar = '\0';
        *line = bar + 3;
    } else {
        *line = NULL;
    }
    return trim(s);
}

static int load_cases(void)
{
    char *path = e2e_join(LS_TEST_SOURCE_DIR, "testdata/bad/cases.txt");
    char *text = e2e_read_file(path, NULL);
    free(path);
    if (!text)
        return -1;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#' || !*trim(line))
            continue;
        char *rest = line;
        char *name = next_field(&rest), *code = next_field(&rest), *kind = next_field(&rest);
        if (!name || !code || !kind || !rest) {
            fprintf(stderr, "cases.txt: bad line '%s'\n", line);
            free(text);
            return -1;
        }
        char *body = rest, *expected = NULL;
        if (strcmp(kind, "sql") == 0) {
            body = next_field(&rest);
            expected = rest ? trim(rest) : NULL;
        }
        bad_case *c = ncases ? &cases[ncases - 1] : NULL;
        if (!c || strcmp(c->name, name) != 0) {
            if (ncases == MAX_CASES)
                break;
            c = &cases[ncases++];
            c->name = xdup(name);
            c->exit_code = atoi(code);
        }
        if (c->nchecks < MAX_CHECKS) {
            check *k = &c->checks[c->nchecks++];
            k->kind = xdup(kind);
            k->text = xdup(trim(body));
            k->expected = expected ? xdup(expected) : NULL;
        }
    }
    free(text);
    return 0;
}

/* Independent UTF-8 check (the test does not link landscan's own validator). */
static int valid_utf8(const unsigned char *p)
{
    while (*p) {
        int n = *p < 0x80             ? 0
                : (*p & 0xE0) == 0xC0 ? 1
                : (*p & 0xF0) == 0xE0 ? 2
                : (*p & 0xF8) == 0xF0 ? 3
                                      : -1;
        if (n < 0 || (n == 1 && *p < 0xC2))
            return 0;
        p++;
        for (int i = 0; i < n; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* Names of the entries of a folder joined by spaces ("" when absent or empty). */
static char *folder_entries(const char *dir)
{
    char buf[2048] = "";
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            strncat(buf, e->d_name, sizeof(buf) - strlen(buf) - 2);
            strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
        }
        closedir(d);
    }
    return xdup(buf);
}

static void run_case(void **state)
{
    const bad_case *c = *state;
    char *src = e2e_join(LS_TEST_SOURCE_DIR, "testdata/bad");
    char *src_case = e2e_join(src, c->name);
    char *rel = e2e_join("../bad", c->name); /* e2e_copy_case copies testdata/e2e/<rel> */
    char *dir = e2e_copy_case(rel);
    assert_non_null(dir);
    size_t n = strlen(dir) + 64;
    char *out = malloc(n);
    assert_non_null(out);
    snprintf(out, n, "%s-输出 目录", dir);
    char *run_yaml = e2e_join(dir, "RUN.yaml");
    const char *args[] = {"run", run_yaml, "-o", out, NULL};
    e2e_result r;
    assert_int_equal(e2e_run_in(dir, &r, args), 0);

    int failures = 0;
    char why[1024];
#define FAIL(...)                                                                                  \
    do {                                                                                           \
        fprintf(stderr, "[%s] ", c->name);                                                         \
        fprintf(stderr, __VA_ARGS__);                                                              \
        fputc('\n', stderr);                                                                       \
        failures++;                                                                                \
    } while (0)

    if (r.exit_code != c->exit_code)
        FAIL("exit %d, expected %d; stderr: %s", r.exit_code, c->exit_code, r.err);
    if (!valid_utf8((const unsigned char *)r.err))
        FAIL("stderr is not valid UTF-8: %s", r.err);

    GDALDatasetH gpkg = NULL;
    char *dq_rows = NULL;
    if (r.exit_code == 0) {
        char *path = e2e_join(out, "landscan.gpkg");
        gpkg = e2e_gpkg_open(path);
        free(path);
        if (!gpkg)
            FAIL("no GeoPackage written");
        static const char *const cols[] = {"layer", "feature", "problem", "action", NULL};
        dq_rows = gpkg ? e2e_table_dump(gpkg, "data_quality", cols) : NULL;
        if (gpkg && !dq_rows)
            FAIL("no data_quality table");
        if (dq_rows && !valid_utf8((const unsigned char *)dq_rows))
            FAIL("data_quality is not valid UTF-8");
    } else {
        char *left = folder_entries(out);
        if (*left)
            FAIL("a failed run left output behind: %s", left);
        free(left);
    }

    for (size_t i = 0; i < c->nchecks; i++) {
        const check *k = &c->checks[i];
        if (strcmp(k->kind, "stderr") == 0) {
            if (!strstr(r.err, k->text))
                FAIL("stderr lacks '%s'; stderr: %s", k->text, r.err);
        } else if (strcmp(k->kind, "nostderr") == 0) {
            if (strstr(r.err, k->text))
                FAIL("stderr has '%s'; stderr: %s", k->text, r.err);
        } else if (strcmp(k->kind, "dq") == 0 || strcmp(k->kind, "nodq") == 0) {
            int want = strcmp(k->kind, "dq") == 0;
            int has = dq_rows && strstr(dq_rows, k->text) != NULL;
            if (gpkg && has != want)
                FAIL("data_quality %s '%s'; rows:\n%s", want ? "lacks" : "has", k->text,
                     dq_rows ? dq_rows : "");
        } else if (strcmp(k->kind, "sql") == 0) {
            char *v = NULL;
            int rc = gpkg ? e2e_sql_string(gpkg, k->text, &v) : -1;
            if (gpkg && (rc != E2E_OK || !v || !k->expected || strcmp(v, k->expected) != 0))
                FAIL("%s -> '%s' (rc %d), expected '%s'", k->text, v ? v : "(null)", rc,
                     k->expected ? k->expected : "(none)");
            free(v);
        } else {
            FAIL("unknown check kind '%s'", k->kind);
        }
    }
    if (gpkg)
        GDALClose(gpkg);

    /* inputs untouched: every source file is byte-identical in the copy that was run */
    why[0] = '\0';
    if (!e2e_tree_contains_same(src_case, dir, why, sizeof(why)))
        FAIL("an input changed: %s", why);
#undef FAIL

    free(dq_rows);
    e2e_result_free(&r);
    e2e_rm_rf(out);
    e2e_rm_rf(dir);
    free(run_yaml);
    free(out);
    free(dir);
    free(rel);
    free(src_case);
    free(src);
    assert_int_equal(failures, 0);
}

int main(void)
{
    GDALAllRegister();
    if (load_cases() != 0 || ncases == 0) {
        fprintf(stderr, "cannot read testdata/bad/cases.txt\n");
        return 1;
    }
    struct CMUnitTest *tests = calloc(ncases, sizeof(*tests));
    if (!tests)
        return 1;
    for (size_t i = 0; i < ncases; i++) {
        tests[i].name = cases[i].name;
        tests[i].test_func = run_case;
        tests[i].initial_state = &cases[i];
    }
    int rc = _cmocka_run_group_tests("bad_inputs", tests, ncases, NULL, NULL);
    free(tests);
    for (size_t i = 0; i < ncases; i++) {
        free(cases[i].name);
        for (size_t k = 0; k < cases[i].nchecks; k++) {
            free(cases[i].checks[k].kind);
            free(cases[i].checks[k].text);
            free(cases[i].checks[k].expected);
        }
    }
    return rc;
}
