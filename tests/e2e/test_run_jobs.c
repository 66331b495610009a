/*
 * test_run_jobs.c — end-to-end: the number of worker threads never changes a result. The
 * per-parcel assessment (classify, flags: check_batch.c) and the site unions (sites.c) run on
 * --jobs threads; with 2 or 3 threads even these small cases are cut into one-parcel chunks,
 * each interning its check texts in a table of its own, so the merge of those tables is what
 * is compared here.
 *
 * Each case runs with --jobs 1, 2 and 3. Compared byte for byte: every table of the
 * GeoPackage (rtree indexes aside; run_info without the timing keys, jobs and created_at;
 * gpkg_contents and layer_styles without their timestamps), parcels.csv and blocks.csv, and
 * `landscan explain` of every parcel. The cases have data_quality rows, rule_check_texts and
 * sites (checked non-empty, so the comparison cannot pass on empty tables).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "e2e_helpers.h"

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *grown = realloc(t->s, cap);
        assert_non_null(grown);
        t->s = grown;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void add_str(text *t, const char *s)
{
    add(t, s, strlen(s));
}

/* The rows of one statement, every column as its bytes. */
static size_t dump_query(sqlite3 *db, const char *sql, text *out)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(db));
    size_t rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < sqlite3_column_count(st); c++) {
            const void *b = sqlite3_column_blob(st, c);
            add(out, c ? "|" : "", c ? 1 : 0);
            if (b)
                add(out, b, (size_t)sqlite3_column_bytes(st, c));
            else
                add_str(out, "<null>");
        }
        add_str(out, "\n");
        rows++;
    }
    sqlite3_finalize(st);
    return rows;
}

static size_t count_rows(sqlite3 *db, const char *table)
{
    char sql[128];
    snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    size_t n = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

/* Everything of the run in out_dir that must not depend on --jobs. */
static char *dump_run(const char *out_dir, size_t *out_len, size_t *nsites, size_t *ndq,
                      size_t *ntexts)
{
    text t = {0};
    char *gpkg = e2e_join(out_dir, "landscan.gpkg");
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(gpkg, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT name FROM sqlite_master WHERE type = 'table' "
                                        "AND name NOT LIKE 'rtree_%' ORDER BY name",
                                        -1, &st, NULL),
                     SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        char sql[512];
        if (strcmp(name, "run_info") == 0)
            snprintf(sql, sizeof(sql),
                     "SELECT * FROM run_info WHERE key NOT LIKE 'time\\_%%' ESCAPE '\\' AND "
                     "key NOT IN ('jobs', 'created_at') ORDER BY fid");
        else if (strcmp(name, "gpkg_contents") == 0)
            snprintf(sql, sizeof(sql),
                     "SELECT table_name, data_type, identifier, description, min_x, min_y, "
                     "max_x, max_y, srs_id FROM gpkg_contents ORDER BY table_name");
        else if (strcmp(name, "layer_styles") == 0)
            snprintf(sql, sizeof(sql),
                     "SELECT id, f_table_name, f_geometry_column, styleName, styleQML, "
                     "styleSLD, useAsDefault, description FROM layer_styles ORDER BY id");
        else
            snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"", name);
        add_str(&t, "== ");
        add_str(&t, name);
        add_str(&t, "\n");
        dump_query(db, sql, &t);
    }
    sqlite3_finalize(st);
    *nsites = count_rows(db, "sites");
    *ndq = count_rows(db, "data_quality");
    *ntexts = count_rows(db, "rule_check_texts");

    /* explain of every parcel */
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT parcel_id FROM parcels ORDER BY fid", -1, &st, NULL),
        SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        if (!id)
            continue;
        const char *args[] = {"explain", gpkg, id, NULL};
        e2e_result r;
        assert_int_equal(e2e_run(&r, args), 0);
        if (r.exit_code != 0)
            fail_msg("explain %s exited %d: %s", id, r.exit_code, r.err);
        add_str(&t, "== explain ");
        add_str(&t, id);
        add_str(&t, "\n");
        /* the first lines name the file, which differs by run */
        const char *body = strstr(r.out, "\n");
        body = body ? strstr(body + 1, "\n") : NULL;
        add_str(&t, body ? body : r.out);
        e2e_result_free(&r);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(gpkg);

    static const char *const csvs[] = {"parcels.csv", "blocks.csv"};
    for (size_t i = 0; i < 2; i++) {
        char *path = e2e_join(out_dir, csvs[i]);
        size_t len = 0;
        char *body = e2e_read_file(path, &len);
        assert_non_null(body);
        add_str(&t, "== ");
        add_str(&t, csvs[i]);
        add_str(&t, "\n");
        add(&t, body, len);
        free(body);
        free(path);
    }
    *out_len = t.len;
    return t.s;
}

/* Run case/run_file with --jobs 1, 2, 3 and compare; returns the counts of the --jobs 1
 * run. */
static void same_for_any_jobs(const char *case_name, const char *run_file, size_t *nsites,
                              size_t *ndq, size_t *ntexts)
{
    char *dir = e2e_copy_case(case_name);
    assert_non_null(dir);
    char *run = e2e_join(dir, run_file);
    char *first = NULL;
    size_t first_len = 0;
    static const char *const jobs[] = {"1", "2", "3"};
    for (size_t j = 0; j < 3; j++) {
        char tag[16];
        snprintf(tag, sizeof(tag), "out-j%s", jobs[j]);
        char *out = e2e_join(dir, tag);
        const char *args[] = {"run",         run,      "-o",    out, "--quiet",
                              "--no-ledger", "--jobs", jobs[j], NULL};
        e2e_result r;
        assert_int_equal(e2e_run(&r, args), 0);
        if (r.exit_code != 0)
            fail_msg("%s --jobs %s exited %d: %s", case_name, jobs[j], r.exit_code, r.err);
        e2e_result_free(&r);
        size_t s = 0, d = 0, x = 0, len = 0;
        char *dump = dump_run(out, &len, &s, &d, &x); /* geometries: NUL bytes inside */
        if (!first) {
            print_message("%s: %zu sites, %zu data_quality rows, %zu check texts\n", case_name, s,
                          d, x);
            first = dump;
            first_len = len;
            *nsites = s;
            *ndq = d;
            *ntexts = x;
        } else {
            if (len != first_len || memcmp(first, dump, len) != 0) {
                size_t k = 0;
                while (k < len && k < first_len && first[k] == dump[k])
                    k++;
                size_t from = k > 200 ? k - 200 : 0;
                fail_msg("%s: --jobs %s differs from --jobs 1 at byte %zu:\n--- jobs 1:\n%.*s\n"
                         "--- jobs %s:\n%.*s",
                         case_name, jobs[j], k,
                         (int)(first_len - from < 400 ? first_len - from : 400), first + from,
                         jobs[j], (int)(len - from < 400 ? len - from : 400), dump + from);
            }
            free(dump);
        }
        free(out);
    }
    free(first);
    free(run);
    e2e_rm_rf(dir);
    free(dir);
}

static void test_run_jobs__classify_case(void **state)
{
    (void)state;
    size_t sites = 0, dq = 0, texts = 0;
    same_for_any_jobs("classify", "RUN.yaml", &sites, &dq, &texts);
    assert_true(sites > 1);
    assert_true(dq > 0);
    assert_true(texts > 10);
}

static void test_run_jobs__flags_case(void **state)
{
    (void)state;
    size_t sites = 0, dq = 0, texts = 0;
    same_for_any_jobs("flags", "RUN.yaml", &sites, &dq, &texts);
    assert_true(texts > 10);
}

static void test_run_jobs__ext_masks_case(void **state)
{
    (void)state;
    size_t sites = 0, dq = 0, texts = 0;
    same_for_any_jobs("ext", "RUN-masks.yaml", &sites, &dq, &texts);
    assert_true(texts > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_jobs__classify_case),
        cmocka_unit_test(test_run_jobs__flags_case),
        cmocka_unit_test(test_run_jobs__ext_masks_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
