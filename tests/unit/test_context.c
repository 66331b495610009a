/*
 * test_context.c — the library context (src/lib/context.c): the last error and its code,
 * one-line messages, notices and progress callbacks, the interrupt flag, the preset folder,
 * the version string, and the shared string helpers (sprintf, trim, path join / dir, the
 * growable buffer).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "geom_asserts.h"
#include "internal.h"

static int setup(void **state)
{
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return -1;
    *state = ctx;
    return 0;
}

static int teardown(void **state)
{
    ls_context_free(*state);
    return 0;
}

/* --- context lifetime and errors --- */

static void test_context__new_has_no_error(void **state)
{
    ls_context *ctx = *state;
    assert_int_equal(ls_context_error_code(ctx), LS_OK);
    assert_string_equal(ls_context_error(ctx), "");
    assert_int_equal(ls_context_interrupted(ctx), 0);
}

static void test_context__free_accepts_null(void **state)
{
    (void)state;
    ls_context_free(NULL); /* must not crash */
    assert_string_equal(ls_context_error(NULL), "");
    assert_int_equal(ls_context_error_code(NULL), LS_OK);
}

static void test_context__error_set_returns_code_and_formats(void **state)
{
    ls_context *ctx = *state;
    int rc =
        ls__error_set(ctx, LS_ENOTFOUND, "%s: layer '%s' not found (%d layers)", "a.gpkg", "zd", 3);
    assert_int_equal(rc, LS_ENOTFOUND);
    assert_int_equal(ls_context_error_code(ctx), LS_ENOTFOUND);
    assert_string_equal(ls_context_error(ctx), "a.gpkg: layer 'zd' not found (3 layers)");
}

static void test_context__error_set_replaces_previous(void **state)
{
    ls_context *ctx = *state;
    ls__error_set(ctx, LS_EIO, "first");
    ls__error_set(ctx, LS_ECRS, "second");
    assert_int_equal(ls_context_error_code(ctx), LS_ECRS);
    assert_string_equal(ls_context_error(ctx), "second");
}

static void test_context__error_message_is_one_line(void **state)
{
    ls_context *ctx = *state;
    ls__error_set(ctx, LS_EDEP, "GDAL said:\nline two\r\nline three");
    assert_null(strchr(ls_context_error(ctx), '\n'));
    assert_null(strchr(ls_context_error(ctx), '\r'));
    assert_string_equal(ls_context_error(ctx), "GDAL said: line two  line three");
}

static void test_context__error_set_null_context_returns_code(void **state)
{
    (void)state;
    assert_int_equal(ls__error_set(NULL, LS_EGEOM, "ignored %d", 1), LS_EGEOM);
}

static void test_context__error_long_message_truncated(void **state)
{
    ls_context *ctx = *state;
    char big[3000];
    memset(big, 'x', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    assert_int_equal(ls__error_set(ctx, LS_EINVAL, "%s", big), LS_EINVAL);
    /* the message buffer is 1024 bytes: 1023 characters kept, terminated */
    assert_int_equal(strlen(ls_context_error(ctx)), 1023);
    assert_int_equal(ls_context_error_code(ctx), LS_EINVAL);
}

static void test_context__error_clear(void **state)
{
    ls_context *ctx = *state;
    ls__error_set(ctx, LS_EINVAL, "bad");
    ls__error_clear(ctx);
    assert_int_equal(ls_context_error_code(ctx), LS_OK);
    assert_string_equal(ls_context_error(ctx), "");
}

/* --- notices and progress --- */

typedef struct notice_log {
    int calls;
    int level;
    char message[1100];
} notice_log;

static void on_notice(int level, const char *message, void *userdata)
{
    notice_log *log = userdata;
    log->calls++;
    log->level = level;
    snprintf(log->message, sizeof(log->message), "%s", message);
}

static void test_context__notice_reaches_callback_as_one_line(void **state)
{
    ls_context *ctx = *state;
    notice_log log = {0};
    ls_context_set_notice(ctx, on_notice, &log);
    ls__notice(ctx, LS_NOTICE_WARNING, "parcels: %d features\nskipped", 2);
    assert_int_equal(log.calls, 1);
    assert_int_equal(log.level, LS_NOTICE_WARNING);
    assert_string_equal(log.message, "parcels: 2 features skipped");
    /* a notice is not an error */
    assert_int_equal(ls_context_error_code(ctx), LS_OK);
}

static void test_context__notice_without_callback_is_silent(void **state)
{
    ls_context *ctx = *state;
    notice_log log = {0};
    ls__notice(ctx, LS_NOTICE_INFO, "nobody listens");
    ls__notice(NULL, LS_NOTICE_INFO, "no context");
    ls_context_set_notice(ctx, on_notice, &log);
    ls_context_set_notice(ctx, NULL, NULL);
    ls__notice(ctx, LS_NOTICE_INFO, "callback removed");
    assert_int_equal(log.calls, 0);
}

typedef struct progress_log {
    int calls;
    char stage[64];
    double fraction;
} progress_log;

static void on_progress(const char *stage, double fraction, void *userdata)
{
    progress_log *log = userdata;
    log->calls++;
    snprintf(log->stage, sizeof(log->stage), "%s", stage);
    log->fraction = fraction;
}

static void test_context__progress_reaches_callback(void **state)
{
    ls_context *ctx = *state;
    progress_log log = {0};
    ls_context_set_progress(ctx, on_progress, &log);
    ls__progress(ctx, "overlay", 0.25);
    assert_int_equal(log.calls, 1);
    assert_string_equal(log.stage, "overlay");
    tgeom_assert_near(log.fraction, 0.25, 0.0);
}

static void test_context__progress_without_callback_is_silent(void **state)
{
    ls_context *ctx = *state;
    ls__progress(ctx, "overlay", 0.5);
    ls__progress(NULL, "overlay", 0.5);
    assert_int_equal(ls_context_error_code(ctx), LS_OK);
}

/* --- interrupt flag --- */

static void test_context__interrupt_sets_flag(void **state)
{
    ls_context *ctx = *state;
    assert_int_equal(ls_context_interrupted(ctx), 0);
    ls_context_interrupt(ctx);
    assert_int_equal(ls_context_interrupted(ctx), 1);
    ls_context_interrupt(ctx); /* idempotent */
    assert_int_equal(ls_context_interrupted(ctx), 1);
}

static void *interrupt_from_thread(void *arg)
{
    ls_context_interrupt(arg);
    return NULL;
}

/* context.h: interrupt from any thread — the flag set by another thread is seen here. */
static void test_context__interrupt_from_another_thread(void **state)
{
    ls_context *ctx = *state;
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, interrupt_from_thread, ctx), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(ls_context_interrupted(ctx), 1);
}

/* --- preset folder and version --- */

static void test_context__preset_dir_set_and_restore(void **state)
{
    ls_context *ctx = *state;
    assert_int_equal(ls_context_set_preset_dir(ctx, "/opt/presets"), LS_OK);
    assert_string_equal(ls_context_preset_dir(ctx), "/opt/presets");
    assert_int_equal(ls_context_set_preset_dir(ctx, NULL), LS_OK);
    /* ctest sets LANDSCAN_PRESET_DIR to the source presets; the default follows it */
    const char *env = getenv("LANDSCAN_PRESET_DIR");
    if (env && *env)
        assert_string_equal(ls_context_preset_dir(ctx), env);
    else
        assert_non_null(ls_context_preset_dir(ctx));
}

static void test_context__preset_dir_default_is_usable(void **state)
{
    ls_context *ctx = *state;
    char path[2048];
    snprintf(path, sizeof(path), "%s/national-2008.yaml", ls_context_preset_dir(ctx));
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("default preset folder has no national-2008.yaml: %s", path);
    fclose(f);
}

static void test_context__version_is_dotted_numbers(void **state)
{
    (void)state;
    const char *v = ls_version();
    assert_non_null(v);
    int major = -1, minor = -1, patch = -1, used = 0;
    if (sscanf(v, "%d.%d.%d%n", &major, &minor, &patch, &used) != 3 || v[used] != '\0')
        fail_msg("version '%s' is not MAJOR.MINOR.PATCH", v);
    assert_true(major >= 0 && minor >= 0 && patch >= 0);
    assert_string_not_equal(v, "0.0.0"); /* the build passes the project version */
}

/* --- string helpers --- */

static void test_context__strdup_and_sprintf(void **state)
{
    (void)state;
    char *s = ls__strdup("宗地");
    assert_string_equal(s, "宗地");
    free(s);
    assert_null(ls__strdup(NULL));
    char *f = ls__sprintf("%s-%03d-%.2f", "ZD", 7, 1.005 + 0.0001);
    assert_string_equal(f, "ZD-007-1.01");
    free(f);
    /* longer than any internal small buffer */
    char big[2000];
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    char *g = ls__sprintf("<%s>", big);
    assert_int_equal(strlen(g), sizeof(big) - 1 + 2);
    assert_int_equal(g[0], '<');
    assert_int_equal(g[strlen(g) - 1], '>');
    free(g);
}

static void test_context__trim(void **state)
{
    (void)state;
    char a[] = "  \t ZD001 \r\n";
    assert_string_equal(ls__trim(a), "ZD001");
    char b[] = "   ";
    assert_string_equal(ls__trim(b), "");
    char c[] = "no-space";
    assert_string_equal(ls__trim(c), "no-space");
    char d[] = " 工业 用地 ";
    assert_string_equal(ls__trim(d), "工业 用地");
    assert_null(ls__trim(NULL));
}

static void test_context__path_join(void **state)
{
    (void)state;
    struct {
        const char *dir, *path, *expected;
    } cases[] = {
        {"a", "b.shp", "a/b.shp"},
        {"a/", "b.shp", "a/b.shp"},
        {"/data/run", "zd/zd.shp", "/data/run/zd/zd.shp"},
        {"a", "/abs/zd.gpkg", "/abs/zd.gpkg"},
        {".", "zd.gpkg", "zd.gpkg"},
        {"", "zd.gpkg", "zd.gpkg"},
        {NULL, "zd.gpkg", "zd.gpkg"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *j = ls__path_join(cases[i].dir, cases[i].path);
        if (!j || strcmp(j, cases[i].expected) != 0)
            fail_msg("join('%s', '%s') = '%s', expected '%s'",
                     cases[i].dir ? cases[i].dir : "(null)", cases[i].path, j ? j : "(null)",
                     cases[i].expected);
        free(j);
    }
}

static void test_context__path_join_null_path(void **state)
{
    (void)state;
    assert_null(ls__path_join("a", NULL));
}

static void test_context__path_dir(void **state)
{
    (void)state;
    struct {
        const char *path, *expected;
    } cases[] = {
        {"a/b/RUN.yaml", "a/b"},
        {"/RUN.yaml", "/"},
        {"RUN.yaml", "."},
        {"/data/run/RUN.yaml", "/data/run"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *d = ls__path_dir(cases[i].path);
        if (!d || strcmp(d, cases[i].expected) != 0)
            fail_msg("dir('%s') = '%s', expected '%s'", cases[i].path, d ? d : "(null)",
                     cases[i].expected);
        free(d);
    }
    char *n = ls__path_dir(NULL);
    assert_string_equal(n, ".");
    free(n);
}

static void test_context__buf_grows_and_takes(void **state)
{
    (void)state;
    ls__buf b = {0};
    ls__buf_add(&b, "parcel_id");
    ls__buf_addn(&b, ",block_id,XXXX", 9);
    ls__buf_addf(&b, ",%d,%.1f", 42, 2.5);
    assert_int_equal(b.len, strlen("parcel_id,block_id,42,2.5"));
    /* past the first allocation (256) and past the 512-byte printf buffer */
    char big[700];
    memset(big, 'z', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    ls__buf_addf(&b, "|%s|", big);
    char *s = ls__buf_take(&b);
    assert_non_null(s);
    assert_int_equal(strlen(s), strlen("parcel_id,block_id,42,2.5") + 2 + 699);
    assert_memory_equal(s, "parcel_id,block_id,42,2.5|zz", 28);
    assert_int_equal(s[strlen(s) - 1], '|');
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    free(s);
}

static void test_context__buf_take_empty_gives_empty_string(void **state)
{
    (void)state;
    ls__buf b = {0};
    char *s = ls__buf_take(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    free(s);
}

static void test_context__buf_failed_take_returns_null(void **state)
{
    (void)state;
    ls__buf b = {0};
    ls__buf_add(&b, "some text");
    b.failed = 1; /* as after a failed realloc */
    ls__buf_add(&b, "ignored");
    assert_int_equal(b.len, strlen("some text"));
    assert_null(ls__buf_take(&b));
    assert_null(b.data);
    ls__buf_free(&b); /* accepts the emptied buffer */
}

static void test_context__buf_free(void **state)
{
    (void)state;
    ls__buf b = {0};
    ls__buf_add(&b, "x");
    ls__buf_free(&b);
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    ls__buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_context__new_has_no_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context__interrupt_from_another_thread, setup,
                                        teardown),
        cmocka_unit_test(test_context__free_accepts_null),
        cmocka_unit_test_setup_teardown(test_context__error_set_returns_code_and_formats, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_context__error_set_replaces_previous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context__error_message_is_one_line, setup, teardown),
        cmocka_unit_test(test_context__error_set_null_context_returns_code),
        cmocka_unit_test_setup_teardown(test_context__error_long_message_truncated, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_context__error_clear, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context__notice_reaches_callback_as_one_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_context__notice_without_callback_is_silent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_context__progress_reaches_callback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context__progress_without_callback_is_silent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_context__interrupt_sets_flag, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context__preset_dir_set_and_restore, setup, teardown),
        cmocka_unit_test_setup_teardown(test_context__preset_dir_default_is_usable, setup,
                                        teardown),
        cmocka_unit_test(test_context__version_is_dotted_numbers),
        cmocka_unit_test(test_context__strdup_and_sprintf),
        cmocka_unit_test(test_context__trim),
        cmocka_unit_test(test_context__path_join),
        cmocka_unit_test(test_context__path_join_null_path),
        cmocka_unit_test(test_context__path_dir),
        cmocka_unit_test(test_context__buf_grows_and_takes),
        cmocka_unit_test(test_context__buf_take_empty_gives_empty_string),
        cmocka_unit_test(test_context__buf_failed_take_returns_null),
        cmocka_unit_test(test_context__buf_free),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
