/*
 * test_stage.c — staging of an output folder (src/lib/stage.c) and the small shared helpers
 * next to it: a staged folder is created with its parents, its entries appear in the
 * destination only on commit (a file and a folder of the same name replaced), a failed
 * call removes what it created and nothing else, an uncreatable destination is LS_EIO
 * naming the folder; kv.c lookups; gpkg_aliases.c escaping of SQL literals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "geom_asserts.h"
#include "gpkg_aliases.h"
#include "kv.h"
#include "stage.h"

static int setup(void **state)
{
    *state = tgeom_mkdtemp("stage");
    return 0;
}

static int teardown(void **state)
{
    tgeom_rm_rf(*state);
    free(*state);
    return 0;
}

static int exists(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    return stat(path, &st) == 0;
}

static char *read_all(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 256);
    size_t n = fread(buf, 1, 255, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_stage__commit_moves_and_replaces(void **state)
{
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char out[4096];
    snprintf(out, sizeof(out), "%s/a/b/out", (const char *)*state);
    ls__stage st;
    assert_int_equal(ls__stage_begin(ctx, out, &st), LS_OK);
    assert_true(st.created);
    /* an earlier output: a file and a folder that the staged ones replace, one left alone */
    free(tgeom_write_file(out, "report.csv", "old", 3));
    free(tgeom_write_file(out, "keep.txt", "keep", 4));
    char sub[4200];
    snprintf(sub, sizeof(sub), "%s/reports", out);
    assert_int_equal(ls__mkdir_p(sub), 0);
    free(tgeom_write_file(sub, "stale.html", "x", 1));
    free(tgeom_write_file(st.tmp, "report.csv", "new", 3));
    char tsub[4200];
    snprintf(tsub, sizeof(tsub), "%s/reports", st.tmp);
    assert_int_equal(ls__mkdir_p(tsub), 0);
    free(tgeom_write_file(tsub, "甲区.html", "<p/>", 4));
    /* nothing in place before the commit */
    char *before = read_all(out, "report.csv");
    assert_string_equal(before, "old");
    free(before);
    assert_int_equal(ls__stage_commit(ctx, &st), LS_OK);
    ls__stage_end(&st, 0);
    char *after = read_all(out, "report.csv");
    assert_string_equal(after, "new");
    free(after);
    assert_true(exists(out, "keep.txt"));
    assert_true(exists(out, "reports/甲区.html"));
    assert_false(exists(out, "reports/stale.html")); /* the folder was replaced whole */
    char tmpname[64];
    snprintf(tmpname, sizeof(tmpname), ".landscan-tmp-%ld", (long)getpid());
    assert_false(exists(out, tmpname));
    ls_context_free(ctx);
}

static void test_stage__failure_removes_what_it_created(void **state)
{
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char out[4096];
    snprintf(out, sizeof(out), "%s/fresh", (const char *)*state);
    ls__stage st;
    assert_int_equal(ls__stage_begin(ctx, out, &st), LS_OK);
    free(tgeom_write_file(st.tmp, "half.xlsx", "x", 1));
    ls__stage_end(&st, 1);
    struct stat sb;
    assert_int_not_equal(stat(out, &sb), 0); /* created by the stage: gone again */
    /* an existing destination stays, with its contents */
    char kept[4096];
    snprintf(kept, sizeof(kept), "%s/kept", (const char *)*state);
    assert_int_equal(ls__mkdir_p(kept), 0);
    free(tgeom_write_file(kept, "old.csv", "o", 1));
    assert_int_equal(ls__stage_begin(ctx, kept, &st), LS_OK);
    assert_false(st.created);
    free(tgeom_write_file(st.tmp, "old.csv", "n", 1));
    ls__stage_end(&st, 1);
    char *old = read_all(kept, "old.csv");
    assert_string_equal(old, "o");
    free(old);
    ls__stage_end(NULL, 1); /* accepted */
    ls_context_free(ctx);
}

static void test_stage__uncreatable_folder(void **state)
{
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    char *file = tgeom_write_file(*state, "plain", "x", 1);
    char out[4096];
    snprintf(out, sizeof(out), "%s/sub", file); /* below a regular file */
    ls__stage st;
    assert_int_equal(ls__stage_begin(ctx, out, &st), LS_EIO);
    assert_non_null(strstr(ls_context_error(ctx), out));
    assert_non_null(strstr(ls_context_error(ctx), "cannot create the output folder"));
    assert_null(st.tmp);
    ls__stage_end(&st, 1);
    free(file);
    ls_context_free(ctx);
}

static void test_stage__kv_get(void **state)
{
    (void)state;
    ls__kv kv = {0};
    assert_int_equal(ls__kv_add(&kv, "name", "demo"), LS_OK);
    assert_int_equal(ls__kv_addf(&kv, "count", "%d", 42), LS_OK);
    assert_int_equal(ls__kv_add(&kv, "name", "second"), LS_OK);
    assert_int_equal(ls__kv_add(&kv, "empty", NULL), LS_OK);
    assert_string_equal(ls__kv_get(&kv, "name"), "demo"); /* the first pair wins */
    assert_string_equal(ls__kv_get(&kv, "count"), "42");
    assert_string_equal(ls__kv_get(&kv, "empty"), "");
    assert_null(ls__kv_get(&kv, "missing"));
    assert_null(ls__kv_get(NULL, "name"));
    ls__kv_free(&kv);
    assert_int_equal(kv.n, 0);
}

static void test_stage__alias_sql_escapes_quotes(void **state)
{
    (void)state;
    ls__buf sql = {0};
    ls__gpkg_alias_insert(&sql, "run_info", "key", "项目's");
    char *text = ls__buf_take(&sql);
    assert_string_equal(text, "INSERT OR IGNORE INTO gpkg_data_columns (table_name, column_name, "
                              "name, title) VALUES ('run_info', 'key', '项目''s', '项目''s');");
    free(text);
    ls__gpkg_aliases_setup(&sql);
    text = ls__buf_take(&sql);
    /* three statements, each ended by ';' */
    size_t semis = 0;
    for (const char *c = text; *c; c++)
        semis += *c == ';';
    assert_int_equal(semis, 3);
    assert_non_null(strstr(text, "CREATE TABLE IF NOT EXISTS gpkg_data_columns"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stage__commit_moves_and_replaces, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stage__failure_removes_what_it_created, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_stage__uncreatable_folder, setup, teardown),
        cmocka_unit_test(test_stage__kv_get),
        cmocka_unit_test(test_stage__alias_sql_escapes_quotes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
