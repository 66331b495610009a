/*
 * test_yaml_util.c — the YAML helpers shared by the run file and the rules files
 * (src/lib/yaml_util.c): loading with line numbers, key checks, strict typed scalars. Each
 * case writes a small YAML text to a temporary file; expected lines are counted by hand in
 * the text next to the assert.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "yaml_util.h"

typedef struct fixture {
    ls_context *ctx;
    char path[64];
    ls__yaml y;
    int loaded;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    if (!f || ls_context_new(&f->ctx) != LS_OK)
        return -1;
    snprintf(f->path, sizeof(f->path), "/tmp/ls_yaml_XXXXXX");
    int fd = mkstemp(f->path);
    if (fd < 0)
        return -1;
    close(fd);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (f->loaded)
        ls__yaml_free(&f->y);
    unlink(f->path);
    ls_context_free(f->ctx);
    free(f);
    return 0;
}

static void assert_contains(const char *text, const char *fragment)
{
    if (!strstr(text, fragment))
        fail_msg("'%s' does not contain '%s'", text, fragment);
}

/* Write `text` and load it; returns the load's code. */
static int load_text(fixture *f, const char *text)
{
    FILE *out = fopen(f->path, "wb");
    assert_non_null(out);
    fputs(text, out);
    fclose(out);
    int rc = ls__yaml_load(f->ctx, f->path, "test file", &f->y);
    f->loaded = rc == LS_OK;
    return rc;
}

static const yaml_node_t *value_of(fixture *f, const char *key)
{
    const yaml_node_t *v = ls__yaml_get(&f->y, f->y.root, key);
    if (!v)
        fail_msg("no key %s", key);
    return v;
}

static void test_yaml_util__load_and_lines(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "# comment\na: 1\nb:\n  c: [x, y]\n"), LS_OK);
    assert_non_null(f->y.root);
    assert_int_equal(ls__yaml_map_size(f->y.root), 2);
    assert_int_equal(ls__yaml_line(value_of(f, "a")), 2); /* "a: 1" is line 2 */
    const yaml_node_t *b = value_of(f, "b");
    assert_int_equal(ls__yaml_line(ls__yaml_get(&f->y, b, "c")), 4);
    assert_string_equal(ls__yaml_kind(ls__yaml_get(&f->y, b, "c")), "a list");
    assert_string_equal(ls__yaml_kind(b), "a map");
    assert_null(ls__yaml_get(&f->y, f->y.root, "missing"));
    assert_null(ls__yaml_get(&f->y, value_of(f, "a"), "a")); /* not a map */
}

static void test_yaml_util__empty_document(void **state)
{
    fixture *f = *state;
    assert_int_equal(load_text(f, "# only a comment\n"), LS_OK);
    assert_null(f->y.root);
    ls__yaml_free(&f->y);
    f->loaded = 0;
    assert_int_equal(load_text(f, "~\n"), LS_OK);
    assert_null(f->y.root);
}

static void test_yaml_util__syntax_error_names_line(void **state)
{
    fixture *f = *state;
    /* the unclosed flow list opens on line 2 and the parser finds the end on line 3 */
    assert_int_equal(load_text(f, "a: 1\nb: [1, 2\nc: 3\n"), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), f->path);
    assert_contains(ls_context_error(f->ctx), ":3: YAML syntax error");
}

static void test_yaml_util__missing_file(void **state)
{
    fixture *f = *state;
    ls__yaml y;
    assert_int_equal(ls__yaml_load(f->ctx, "/nonexistent/x.yaml", "run file", &y), LS_ENOTFOUND);
    assert_string_equal(ls_context_error(f->ctx),
                        "/nonexistent/x.yaml: cannot open run file: No such file or directory");
}

static void test_yaml_util__check_map(void **state)
{
    fixture *f = *state;
    static const char *const allowed[] = {"a", "b", NULL};
    assert_int_equal(load_text(f, "a: 1\nb: 2\nzz: 3\na: 4\n"), LS_OK);
    assert_int_equal(ls__yaml_check_map(&f->y, f->y.root, "the file", allowed, "key"), LS_EINVAL);
    /* zz on line 3 comes before the duplicate a on line 4 */
    assert_contains(ls_context_error(f->ctx), ":3: unknown key 'zz' in the file (expected a, b)");
    assert_int_equal(ls__yaml_check_map(&f->y, f->y.root, "the file", NULL, "field"), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx),
                    ":4: duplicate field 'a' in the file (first at line 1)");
    assert_int_equal(ls__yaml_check_map(&f->y, value_of(f, "b"), "b", NULL, "key"), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":2: b must be a map, not text");
}

static void test_yaml_util__check_map_ok(void **state)
{
    fixture *f = *state;
    static const char *const allowed[] = {"a", "b", NULL};
    assert_int_equal(load_text(f, "a: 1\nb: 2\n"), LS_OK);
    assert_int_equal(ls__yaml_check_map(&f->y, f->y.root, "the file", allowed, "key"), LS_OK);
}

static void test_yaml_util__numbers(void **state)
{
    fixture *f = *state;
    double d = 0;
    assert_int_equal(load_text(f, "n: 2.5\nq: '5'\nz: null\nh: 0x10\nl: [1]\n"), LS_OK);
    assert_int_equal(ls__yaml_number(&f->y, value_of(f, "n"), "n", 0, &d), LS_OK);
    assert_true(d == 2.5);
    assert_int_equal(ls__yaml_number(&f->y, value_of(f, "z"), "z", 1, &d), LS_OK);
    assert_true(isnan(d));
    assert_int_equal(ls__yaml_number(&f->y, value_of(f, "z"), "z", 0, &d), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":3: z must be a number, not text 'null'");
    assert_int_equal(ls__yaml_number(&f->y, value_of(f, "q"), "q", 1, &d), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx),
                    ":2: q must be a number or null, not quoted text '5'");
    assert_int_equal(ls__yaml_number(&f->y, value_of(f, "h"), "h", 0, &d), LS_EINVAL);
    assert_int_equal(ls__yaml_number(&f->y, value_of(f, "l"), "l", 0, &d), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":5: l must be a number, not a list");
}

static void test_yaml_util__bools(void **state)
{
    fixture *f = *state;
    int b = -1;
    assert_int_equal(load_text(f, "t: Yes\nf: off\nn: ~\nx: maybe\n"), LS_OK);
    assert_int_equal(ls__yaml_bool(&f->y, value_of(f, "t"), "t", &b), LS_OK);
    assert_int_equal(b, 1);
    assert_int_equal(ls__yaml_bool(&f->y, value_of(f, "f"), "f", &b), LS_OK);
    assert_int_equal(b, 0);
    b = 1;
    assert_int_equal(ls__yaml_bool(&f->y, value_of(f, "n"), "n", &b), LS_OK);
    assert_int_equal(b, 0);
    assert_int_equal(ls__yaml_bool(&f->y, value_of(f, "x"), "x", &b), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":4: x must be true or false, not 'maybe'");
}

static void test_yaml_util__text(void **state)
{
    fixture *f = *state;
    static const char *const choices[] = {"mean", "median", NULL};
    char *s = NULL;
    assert_int_equal(load_text(f, "a: mean\nb: mode\nc:\nd: {x: 1}\ne: '0601'\n"), LS_OK);
    assert_int_equal(ls__yaml_text(&f->y, value_of(f, "a"), "a", choices, 0, &s), LS_OK);
    assert_string_equal(s, "mean");
    assert_int_equal(ls__yaml_text(&f->y, value_of(f, "e"), "e", NULL, 0, &s), LS_OK);
    assert_string_equal(s, "0601"); /* replaces the old value, text kept as written */
    assert_int_equal(ls__yaml_text(&f->y, value_of(f, "b"), "b", choices, 0, &s), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":2: b 'mode' is not one of mean, median");
    assert_string_equal(s, "0601"); /* unchanged on failure */
    assert_int_equal(ls__yaml_text(&f->y, value_of(f, "c"), "c", NULL, 0, &s), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":3: c needs a value");
    assert_int_equal(ls__yaml_text(&f->y, value_of(f, "d"), "d", NULL, 1, &s), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), ":4: d must be a single value, not a map");
    assert_int_equal(ls__yaml_text(&f->y, value_of(f, "c"), "c", NULL, 1, &s), LS_OK);
    assert_null(s);
}

static void test_yaml_util__lists_text(void **state)
{
    (void)state;
    static const char *const list[] = {"a", "bb", "c", NULL};
    char buf[8];
    assert_true(ls__yaml_in_list(list, "bb"));
    assert_false(ls__yaml_in_list(list, "b"));
    ls__yaml_list_text(list, buf, sizeof(buf));
    assert_string_equal(buf, "a, bb, "); /* truncated to the buffer */
}

/* A document in memory: same nodes and lines as from a file, its name in messages; dotted
 * paths walk maps and stop at anything else. */
static void test_yaml_util__text_and_paths(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        ls__yaml_load_text(f->ctx, "a: 1\nb:\n  c:\n    d: x\n  e: [1]\n", "resolved rules", &f->y),
        LS_OK);
    f->loaded = 1;
    const yaml_node_t *d = ls__yaml_path(&f->y, f->y.root, "b.c.d");
    assert_non_null(d);
    assert_string_equal(ls__yaml_scalar(d), "x");
    assert_int_equal(ls__yaml_line(d), 4);
    assert_ptr_equal(ls__yaml_path(&f->y, f->y.root, ""), f->y.root);
    assert_ptr_equal(ls__yaml_path(&f->y, f->y.root, "a"), ls__yaml_get(&f->y, f->y.root, "a"));
    assert_null(ls__yaml_path(&f->y, f->y.root, "b.x"));   /* no such key */
    assert_null(ls__yaml_path(&f->y, f->y.root, "a.b"));   /* a is a scalar */
    assert_null(ls__yaml_path(&f->y, f->y.root, "b.e.0")); /* e is a list */
    ls__yaml y;
    assert_int_equal(ls__yaml_load_text(f->ctx, "a: [1\n", "resolved rules", &y), LS_EINVAL);
    assert_contains(ls_context_error(f->ctx), "resolved rules:2: YAML syntax error");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_yaml_util__load_and_lines),
        T(test_yaml_util__empty_document),
        T(test_yaml_util__syntax_error_names_line),
        T(test_yaml_util__missing_file),
        T(test_yaml_util__check_map),
        T(test_yaml_util__check_map_ok),
        T(test_yaml_util__numbers),
        T(test_yaml_util__bools),
        T(test_yaml_util__text),
        T(test_yaml_util__lists_text),
        T(test_yaml_util__text_and_paths),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
