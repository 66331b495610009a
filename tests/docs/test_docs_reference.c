/*
 * test_docs_reference.c — the references in docs/ say what the code accepts and writes.
 *
 * Each marked table of docs/run-file.md and docs/rules.md (docs_md.h) is compared with the
 * library's own tables, both ways: a key the parser accepts but the reference does not list
 * fails, and so does a documented key the parser does not know.
 *   - docs/run-file.md: the top-level keys, the keys of an input, of enterprises, of a mask
 *     entry, the input roles, the canonical fields of every role (config.c), the coord_sys and
 *     area_basis values;
 *   - docs/rules.md: the flat rules keys (ls__rules_keys[], rules.c) with the nested ones
 *     (rules_load.c), the keys of evaluation / scope / classes / weights, the indicators, the
 *     tests and reason codes (codes.c) with their operator and the inputs they need, the
 *     evaluation notes, statuses, actions and ledger changes with their Chinese labels, the
 *     ledger lists of the defaults; and the presets side by side: every line `landscan rules
 *     PRESET` prints is a row, and each preset's cell is the value it prints.
 * The exit codes of docs/outputs.md are the tool's (src/cli/cli.h).
 * Also: README.md and docs/ point to nothing outside the repository and every relative link
 * resolves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "../../src/cli/cli.h" /* the exit codes of the tool */
#include "codes.h"
#include "docs_md.h"
#include "internal.h"

/* ---- set comparison ------------------------------------------------------------------- */

static int in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* Compare the first column of the table after <!-- marker --> in doc with names[0..n). */
static int same_set(const char *file, const char *doc, const char *marker, const char *const *names,
                    size_t n)
{
    docs_table t;
    if (docs_table_read(doc, marker, &t) != 0) {
        print_error("%s: no table after <!-- %s -->\n", file, marker);
        return 0;
    }
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        if (!docs_table_row(&t, names[i])) {
            print_error("%s <!-- %s -->: '%s' exists in the code but is not documented\n", file,
                        marker, names[i]);
            ok = 0;
        }
    for (size_t r = 0; r < t.nrows; r++) {
        const char *k = docs_cell(&t.rows[r], 0);
        if (!in_list(names, n, k)) {
            print_error("%s <!-- %s -->: '%s' is documented but the code does not know it\n", file,
                        marker, k);
            ok = 0;
        }
    }
    docs_table_free(&t);
    return ok;
}

static size_t count(const char *const *list)
{
    size_t n = 0;
    while (list && list[n])
        n++;
    return n;
}

/* ---- run-file.md ---------------------------------------------------------------------- */

static void test_run_file_keys(void **state)
{
    (void)state;
    char *doc = docs_read("docs/run-file.md");
    assert_non_null(doc);
    int ok = 1;
    const char *const *run = ls__config_keys("run");
    const char *const *input = ls__config_keys("input");
    const char *const *ent = ls__config_keys("enterprises");
    const char *const *masks = ls__config_keys("masks");
    assert_non_null(run);
    assert_non_null(input);
    assert_non_null(ent);
    assert_non_null(masks);
    ok &= same_set("docs/run-file.md", doc, "keys: run", run, count(run));
    ok &= same_set("docs/run-file.md", doc, "keys: input", input, count(input));
    /* the enterprise table lists what enterprises take beyond every input's keys */
    const char *extra[32];
    size_t nextra = 0;
    for (size_t i = 0; ent[i]; i++)
        if (!in_list(input, count(input), ent[i]) && nextra < 32)
            extra[nextra++] = ent[i];
    ok &= same_set("docs/run-file.md", doc, "keys: enterprises", extra, nextra);
    ok &= same_set("docs/run-file.md", doc, "keys: masks", masks, count(masks));
    const char *roles[LS_INPUT_COUNT + 1];
    for (int r = 0; r < LS_INPUT_COUNT; r++)
        roles[r] = ls_input_role_name((ls_input_role)r);
    roles[LS_INPUT_COUNT] = "masks";
    ok &= same_set("docs/run-file.md", doc, "keys: inputs", roles, LS_INPUT_COUNT + 1);
    for (int r = 0; r < LS_INPUT_COUNT; r++) {
        char marker[64];
        snprintf(marker, sizeof(marker), "fields: %s", roles[r]);
        const char *const *f = ls__config_role_fields((ls_input_role)r);
        ok &= same_set("docs/run-file.md", doc, marker, f, count(f));
    }
    /* no fields table for a role that does not exist */
    char **fm = docs_markers(doc, "fields:");
    for (size_t i = 0; fm[i]; i++)
        if (!in_list(roles, LS_INPUT_COUNT, fm[i])) {
            print_error("docs/run-file.md: <!-- fields: %s --> is no input role\n", fm[i]);
            ok = 0;
        }
    docs_strings_free(fm);
    const char *const *cs = ls__config_keys("coord_sys");
    const char *const *ab = ls__config_keys("area_basis");
    ok &= same_set("docs/run-file.md", doc, "values: coord_sys", cs, count(cs));
    ok &= same_set("docs/run-file.md", doc, "values: area_basis", ab, count(ab));
    free(doc);
    assert_true(ok);
}

/* ---- rules.md ------------------------------------------------------------------------- */

static void test_rules_keys(void **state)
{
    (void)state;
    char *doc = docs_read("docs/rules.md");
    assert_non_null(doc);
    int ok = 1;
    const char *keys[128];
    size_t n = 0;
    for (size_t i = 0; i < ls__rules_nkeys && n < 128; i++)
        keys[n++] = ls__rules_keys[i].key;
    const char *const *nested = ls__rules_section_keys("rules");
    assert_non_null(nested);
    for (size_t i = 0; nested[i] && n < 128; i++)
        keys[n++] = nested[i];
    ok &= same_set("docs/rules.md", doc, "keys: rules", keys, n);
    static const char *const sections[] = {"evaluation", "evaluation.scope", "evaluation.classes",
                                           "evaluation.weights"};
    for (size_t s = 0; s < sizeof(sections) / sizeof(sections[0]); s++) {
        char marker[64];
        snprintf(marker, sizeof(marker), "keys: %s", sections[s]);
        const char *const *k = ls__rules_section_keys(sections[s]);
        assert_non_null(k);
        ok &= same_set("docs/rules.md", doc, marker, k, count(k));
    }
    ok &= same_set("docs/rules.md", doc, "values: indicators", ls__rules_indicators,
                   count(ls__rules_indicators));
    free(doc);
    assert_true(ok);
}

/* The tests, reason codes and compliance flags: every code of codes.c but the evaluation
 * notes documented once, in <!-- codes: tests --> or <!-- codes: flags --> (the latter
 * optional), with its operator (second column, `op`) and its Chinese name (in the third);
 * the evaluation notes in <!-- codes: notes --> with their Chinese name. */
static int code_rows(const char *doc, const char *marker, int required, const char **seen,
                     size_t *nseen)
{
    docs_table t;
    if (docs_table_read(doc, marker, &t) != 0) {
        if (required)
            print_error("docs/rules.md: no table after <!-- %s -->\n", marker);
        return !required;
    }
    int ok = 1;
    for (size_t r = 0; r < t.nrows; r++) {
        const char *name = docs_cell(&t.rows[r], 0);
        const ls__code_info *c = ls__code_find(name, (size_t)-1);
        if (!c || c->kind == LS_KIND_EVAL) {
            print_error("docs/rules.md <!-- %s -->: '%s' is documented but is no test or flag "
                        "of the code\n",
                        marker, name);
            ok = 0;
            continue;
        }
        for (size_t i = 0; i < *nseen; i++)
            if (strcmp(seen[i], c->code) == 0) {
                print_error("docs/rules.md: %s is documented twice\n", c->code);
                ok = 0;
            }
        seen[(*nseen)++] = c->code;
        char op[64];
        snprintf(op, sizeof(op), "`%s`", c->op);
        if (strcmp(docs_cell(&t.rows[r], 1), op) != 0) {
            print_error("docs/rules.md: %s operator is %s in the code, %s in the docs\n", c->code,
                        op, docs_cell(&t.rows[r], 1));
            ok = 0;
        }
        if (!strstr(docs_cell(&t.rows[r], 2), c->zh)) {
            print_error("docs/rules.md: %s's Chinese name %s is not in its row\n", c->code, c->zh);
            ok = 0;
        }
    }
    docs_table_free(&t);
    return ok;
}

static void test_rules_codes(void **state)
{
    (void)state;
    char *doc = docs_read("docs/rules.md");
    assert_non_null(doc);
    int ok = 1;
    const char *notes[LS_CODE_COUNT], *seen[2 * LS_CODE_COUNT];
    size_t nn = 0, nseen = 0;
    ok &= code_rows(doc, "codes: tests", 1, seen, &nseen);
    ok &= code_rows(doc, "codes: flags", 0, seen, &nseen);
    for (int i = 0; i < LS_CODE_COUNT; i++) {
        const ls__code_info *c = ls__code((ls__code_id)i);
        if (c->kind == LS_KIND_EVAL) {
            notes[nn++] = c->code;
            continue;
        }
        int found = 0;
        for (size_t k = 0; k < nseen && !found; k++)
            found = strcmp(seen[k], c->code) == 0;
        if (!found) {
            print_error("docs/rules.md: %s exists in the code but is not documented (<!-- codes: "
                        "tests --> or <!-- codes: flags -->)\n",
                        c->code);
            ok = 0;
        }
    }
    ok &= same_set("docs/rules.md", doc, "codes: notes", notes, nn);
    docs_table t;
    assert_int_equal(docs_table_read(doc, "codes: notes", &t), 0);
    for (size_t r = 0; r < t.nrows; r++) {
        const ls__code_info *c = ls__code_find(docs_cell(&t.rows[r], 0), (size_t)-1);
        if (c && strcmp(docs_cell(&t.rows[r], 1), c->zh) != 0) {
            print_error("docs/rules.md: %s is %s in the code, %s in the docs\n", c->code, c->zh,
                        docs_cell(&t.rows[r], 1));
            ok = 0;
        }
    }
    docs_table_free(&t);
    free(doc);
    assert_true(ok);
}

/* Statuses, actions, ledger changes: names and Chinese labels (second column). */
static int labels_match(const char *doc, const char *marker, int n, const char *(*name)(int),
                        const char *(*label)(int))
{
    const char *names[16];
    for (int i = 0; i < n && i < 16; i++)
        names[i] = name(i);
    int ok = same_set("docs/rules.md", doc, marker, names, (size_t)n);
    docs_table t;
    if (docs_table_read(doc, marker, &t) != 0)
        return 0;
    for (int i = 0; i < n; i++) {
        const docs_row *r = docs_table_row(&t, names[i]);
        if (r && strcmp(docs_cell(r, 1), label(i)) != 0) {
            print_error("docs/rules.md <!-- %s -->: %s is %s in the code, %s in the docs\n", marker,
                        names[i], label(i), docs_cell(r, 1));
            ok = 0;
        }
    }
    docs_table_free(&t);
    return ok;
}

static const char *status_name(int i)
{
    return ls__status_name((ls__status)i);
}
static const char *status_label(int i)
{
    return ls__status_label((ls__status)i);
}
static const char *action_name(int i)
{
    return ls__action_name((ls__action)i);
}
static const char *action_label(int i)
{
    return ls__action_label((ls__action)i);
}

static void test_rules_vocabulary(void **state)
{
    (void)state;
    char *doc = docs_read("docs/rules.md");
    assert_non_null(doc);
    int ok = 1;
    ok &= labels_match(doc, "codes: statuses", LS_STATUS_COUNT, status_name, status_label);
    ok &= labels_match(doc, "codes: actions", LS_ACTION_COUNT, action_name, action_label);
    ok &= labels_match(doc, "codes: changes", LS_CHANGE_COUNT, ls__change_name, ls__change_label);
    free(doc);
    assert_true(ok);
}

/* ---- presets side by side ------------------------------------------------------------- */

/* The lines of `landscan rules PRESET` as key path → value: "evaluation.scope" etc. */
typedef struct kv {
    char key[512];
    char value[2048];
} kv;

static size_t emitted_values(const char *yaml, kv *out, size_t max)
{
    size_t n = 0;
    char parent[2][64] = {"", ""};
    for (const char *p = yaml; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len > 0 && p[0] != '#') {
            size_t indent = 0;
            while (indent < len && p[indent] == ' ')
                indent++;
            const char *colon = memchr(p + indent, ':', len - indent);
            if (colon && n < max) {
                size_t level = indent / 2;
                char key[64];
                snprintf(key, sizeof(key), "%.*s", (int)(colon - p - (long)indent), p + indent);
                /* the value up to the comment ("  # ...") */
                const char *v = colon + 1;
                while (*v == ' ')
                    v++;
                size_t vl = (size_t)(p + len - v);
                const char *hash = NULL;
                for (const char *q = v; q + 2 < p + len; q++)
                    if (q[0] == ' ' && q[1] == ' ' && q[2] == '#') {
                        hash = q;
                        break;
                    }
                if (hash)
                    vl = (size_t)(hash - v);
                if (*v == '#') /* "evaluation:  # comment" opens a block */
                    vl = 0;
                if (level > 2)
                    level = 2;
                kv *o = &out[n];
                if (level == 0)
                    snprintf(o->key, sizeof(o->key), "%s", key);
                else if (level == 1)
                    snprintf(o->key, sizeof(o->key), "%s.%s", parent[0], key);
                else
                    snprintf(o->key, sizeof(o->key), "%s.%s.%s", parent[0], parent[1], key);
                snprintf(o->value, sizeof(o->value), "%.*s", (int)vl, v);
                if (level < 2)
                    snprintf(parent[level], sizeof(parent[level]), "%s", key);
                if (vl > 0) /* a line with a value; "evaluation:" only opens a block */
                    n++;
            }
        }
        p = e ? e + 1 : NULL;
    }
    return n;
}

static void test_presets_table(void **state)
{
    (void)state;
    char *doc = docs_read("docs/rules.md");
    assert_non_null(doc);
    docs_table t;
    assert_int_equal(docs_table_read(doc, "presets", &t), 0);
    /* the header names the presets: | key | national-2008 | ... | */
    const char *p = strstr(doc, "<!-- presets -->");
    assert_non_null(p);
    p = strchr(p, '|');
    docs_row header;
    {
        const char *e = strchr(p, '\n');
        docs_table h;
        /* reuse the row splitter through a one-row table */
        char *one = malloc((size_t)(e - p) * 2 + 64);
        sprintf(one, "<!-- h -->\n| x |\n| - |\n%.*s\n", (int)(e - p), p);
        assert_int_equal(docs_table_read(one, "h", &h), 0);
        header = h.rows[0];
        free(h.rows);
        free(one);
    }
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    int ok = 1;
    char **presets = NULL;
    assert_int_equal(ls_rules_list_presets(ctx, &presets), LS_OK);
    for (size_t i = 0; presets[i]; i++) {
        int found = 0;
        for (size_t c = 1; c < header.ncells; c++)
            found |= strcmp(header.cells[c], presets[i]) == 0 ||
                     (strlen(header.cells[c]) > 2 && header.cells[c][0] == '`' &&
                      strncmp(header.cells[c] + 1, presets[i], strlen(presets[i])) == 0 &&
                      header.cells[c][strlen(presets[i]) + 1] == '`');
        if (!found) {
            print_error("docs/rules.md <!-- presets -->: preset %s has no column\n", presets[i]);
            ok = 0;
        }
    }
    for (size_t c = 1; c < header.ncells; c++) {
        char name[128];
        snprintf(name, sizeof(name), "%s", header.cells[c]);
        if (name[0] == '`') {
            memmove(name, name + 1, strlen(name));
            name[strcspn(name, "`")] = '\0';
        }
        ls_rules *rules = NULL;
        if (ls_rules_load(ctx, name, NULL, &rules) != LS_OK) {
            print_error("docs/rules.md <!-- presets -->: column %s: %s\n", name,
                        ls_context_error(ctx));
            ok = 0;
            continue;
        }
        char *yaml = NULL;
        assert_int_equal(ls_rules_to_yaml(ctx, rules, &yaml), LS_OK);
        static kv values[256];
        size_t nv = emitted_values(yaml, values, 256);
        for (size_t i = 0; i < nv; i++) {
            const docs_row *r = docs_table_row(&t, values[i].key);
            char want[2100];
            snprintf(want, sizeof(want), "`%s`", values[i].value);
            if (!r) {
                if (c == 1) {
                    print_error("docs/rules.md <!-- presets -->: key %s has no row\n",
                                values[i].key);
                    ok = 0;
                }
            } else if (strcmp(docs_cell(r, c), want) != 0) {
                print_error("docs/rules.md <!-- presets -->: %s of %s is %s, the docs say %s\n",
                            values[i].key, name, want, docs_cell(r, c));
                ok = 0;
            }
        }
        if (c == 1)
            for (size_t r = 0; r < t.nrows; r++) {
                int known = 0;
                for (size_t i = 0; i < nv && !known; i++)
                    known = strcmp(values[i].key, docs_cell(&t.rows[r], 0)) == 0;
                if (!known) {
                    print_error("docs/rules.md <!-- presets -->: row %s is no key "
                                "`landscan rules` prints\n",
                                docs_cell(&t.rows[r], 0));
                    ok = 0;
                }
            }
        free(yaml);
        ls_rules_free(rules);
    }
    for (size_t i = 0; i < header.ncells; i++)
        free(header.cells[i]);
    free(header.cells);
    ls_strings_free(presets);
    ls_context_free(ctx);
    docs_table_free(&t);
    free(doc);
    assert_true(ok);
}

/* The exit codes of docs/outputs.md are those of the tool (src/cli/cli.h). */
static void test_exit_codes(void **state)
{
    (void)state;
    char *doc = docs_read("docs/outputs.md");
    assert_non_null(doc);
    static const int codes[] = {EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED};
    char text[5][16];
    const char *names[5];
    for (size_t i = 0; i < 5; i++) {
        snprintf(text[i], sizeof(text[i]), "%d", codes[i]);
        names[i] = text[i];
    }
    int ok = same_set("docs/outputs.md", doc, "exit-codes", names, 5);
    free(doc);
    assert_true(ok);
}

/* ---- links ---------------------------------------------------------------------------- */

static void test_no_outside_links(void **state)
{
    (void)state;
    char **files = docs_markdown_files();
    int ok = 1;
    static const char *const banned[] = {"../shared",  "/work/",          "domain.md",
                                         "product.md", "research-domain", "seeds/"};
    for (size_t f = 0; files[f]; f++) {
        char *text = docs_read(files[f]);
        assert_non_null(text);
        for (size_t b = 0; b < sizeof(banned) / sizeof(banned[0]); b++)
            if (strstr(text, banned[b])) {
                print_error("%s mentions '%s' (outside the repository)\n", files[f], banned[b]);
                ok = 0;
            }
        /* relative links ](target) resolve from the file's folder */
        for (const char *p = strstr(text, "]("); p; p = strstr(p + 2, "](")) {
            const char *s = p + 2, *e = strchr(s, ')');
            if (!e || e - s > 300 || strncmp(s, "http", 4) == 0 || *s == '#')
                continue;
            char target[512];
            snprintf(target, sizeof(target), "%.*s", (int)(e - s), s);
            target[strcspn(target, "# ")] = '\0';
            const char *slash = strrchr(files[f], '/');
            char path[4096];
            snprintf(path, sizeof(path), "%s/%.*s%s", LS_TEST_SOURCE_DIR,
                     slash ? (int)(slash - files[f] + 1) : 0, files[f], target);
            struct stat st;
            if (stat(path, &st) != 0) {
                print_error("%s: link to %s does not resolve\n", files[f], target);
                ok = 0;
            }
        }
        free(text);
    }
    docs_strings_free(files);
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_run_file_keys),    cmocka_unit_test(test_rules_keys),
        cmocka_unit_test(test_rules_codes),      cmocka_unit_test(test_rules_vocabulary),
        cmocka_unit_test(test_presets_table),    cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_no_outside_links),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
