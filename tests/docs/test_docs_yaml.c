/*
 * test_docs_yaml.c — every ```yaml block of README.md and docs/…md is valid, and the
 * complete examples load or run.
 *
 * Each block is parsed with libyaml (a syntax error fails with the file and line). The
 * comment on the line before a block says what more it is (docs_md.h):
 *   <!-- run-file -->     a complete run file: ls_config_load() must accept it (paths are not
 *                         opened);
 *   <!-- rules-file -->   a complete rules file: ls_rules_load() must accept it, presets and
 *                         all;
 *   <!-- run: DIR -->     a complete run file run on testdata: DIR (a folder of the source
 *                         tree) is copied to a temporary folder with the block as RUN.yaml and
 *                         every earlier block of the same document marked <!-- file: NAME -->
 *                         (a corrections CSV, a rules file) written beside it; then
 *                         `landscan run RUN.yaml -o out --no-ledger --quiet` must exit 0.
 * At least one example of each kind must exist, so the test cannot pass by finding none.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <yaml.h>

#include "docs_md.h"
#include "e2e_helpers.h"
#include "internal.h"

static int yaml_ok(const char *file, const docs_block *b)
{
    yaml_parser_t parser;
    yaml_document_t d;
    int ok = 1;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)b->body, strlen(b->body));
    for (;;) {
        if (!yaml_parser_load(&parser, &d)) {
            print_error("%s:%d: the YAML block does not parse: %s (block line %zu)\n", file,
                        b->line, parser.problem ? parser.problem : "error",
                        parser.problem_mark.line + 1);
            ok = 0;
            break;
        }
        int empty = yaml_document_get_root_node(&d) == NULL;
        yaml_document_delete(&d);
        if (empty)
            break;
    }
    yaml_parser_delete(&parser);
    return ok;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int nrun_files, nrules_files, nruns;

static int run_example(const char *file, const docs_block *blocks, size_t upto, const char *src)
{
    char rel[512];
    snprintf(rel, sizeof(rel), "../../%s", src);
    char *dir = e2e_copy_case(rel);
    if (!dir) {
        print_error("%s:%d: <!-- run: %s -->: no such folder\n", file, blocks[upto].line, src);
        return 0;
    }
    assert_int_equal(docs_write_files(dir, blocks, upto), 0);
    char *run = e2e_join(dir, "RUN.yaml");
    write_file(run, blocks[upto].body);
    free(run);
    const char *args[] = {"run", "RUN.yaml", "-o", "out", "--no-ledger", "--quiet", NULL};
    e2e_result r;
    int ok = e2e_run_in(dir, &r, args) == 0 && r.exit_code == 0;
    if (!ok)
        print_error("%s:%d: the example run on %s exits %d: %s\n", file, blocks[upto].line, src,
                    r.exit_code, r.err);
    e2e_result_free(&r);
    e2e_rm_rf(dir);
    free(dir);
    nruns++;
    return ok;
}

static int load_example(const char *file, const docs_block *b, int rules)
{
    char *dir = e2e_tmpdir();
    char *path = e2e_join(dir, rules ? "rules.yaml" : "RUN.yaml");
    write_file(path, b->body);
    ls_context *ctx = NULL;
    assert_int_equal(ls_context_new(&ctx), LS_OK);
    int rc;
    if (rules) {
        ls_rules *r = NULL;
        rc = ls_rules_load(ctx, path, NULL, &r);
        ls_rules_free(r);
        nrules_files++;
    } else {
        ls_config *c = NULL;
        rc = ls_config_load(ctx, path, &c);
        ls_config_free(c);
        nrun_files++;
    }
    if (rc != LS_OK)
        print_error("%s:%d: the %s example does not load: %s\n", file, b->line,
                    rules ? "rules-file" : "run-file", ls_context_error(ctx));
    ls_context_free(ctx);
    e2e_rm_rf(dir);
    free(path);
    free(dir);
    return rc == LS_OK;
}

static void test_yaml_blocks(void **state)
{
    (void)state;
    char **files = docs_markdown_files();
    int ok = 1, nyaml = 0;
    for (size_t f = 0; files[f]; f++) {
        char *text = docs_read(files[f]);
        assert_non_null(text);
        size_t n = 0;
        docs_block *b = docs_blocks(text, &n);
        for (size_t i = 0; i < n; i++) {
            if (strcmp(b[i].lang, "yaml") != 0)
                continue;
            nyaml++;
            if (!yaml_ok(files[f], &b[i])) {
                ok = 0;
                continue;
            }
            const char *m = b[i].marker;
            if (!m)
                continue;
            if (strcmp(m, "run-file") == 0)
                ok &= load_example(files[f], &b[i], 0);
            else if (strcmp(m, "rules-file") == 0)
                ok &= load_example(files[f], &b[i], 1);
            else if (strncmp(m, "run:", 4) == 0) {
                const char *src = m + 4;
                while (*src == ' ')
                    src++;
                ok &= run_example(files[f], b, i, src);
            }
        }
        docs_blocks_free(b, n);
        free(text);
    }
    docs_strings_free(files);
    fprintf(stderr, "%d YAML blocks, %d run files, %d rules files, %d runs\n", nyaml, nrun_files,
            nrules_files, nruns);
    assert_true(ok);
    assert_true(nyaml > 0);
    assert_true(nrun_files > 0);
    assert_true(nrules_files > 0);
    assert_true(nruns > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_yaml_blocks)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
