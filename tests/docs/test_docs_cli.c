/*
 * test_docs_cli.c — the guides and the man page say what the binary says.
 *
 *   - usage: the verbs are those `landscan --help` lists; for each, the usage lines of
 *     `landscan VERB --help` (from "usage:" to the first blank line) appear, each as a whole
 *     line, in docs/guide.md and docs/guide.zh.md, and docs/landscan.1 names the verb in its
 *     synopsis; a "usage: landscan …" line in a guide that no verb prints fails too.
 *   - quoted sessions: a fenced block after <!-- example: DIR [rm FILE…] --> is replayed. DIR
 *     (a folder of the source tree, e.g. testdata/bad/noprj_zone_prefix) is copied to a
 *     temporary folder, the files after `rm` are deleted from the copy, then each line
 *     "$ landscan ARGS" of the block is run there; the lines that follow it must each appear
 *     in what that command printed (stdout and stderr; runs of spaces and tabs compare as one
 *     space, so a line may also be quoted in part), "(exit N)" is its exit code and "…" stands
 *     for lines left out. Blocks of the same document marked <!-- file: NAME --> before the
 *     example are written into the copy first (a corrections CSV, a second run file). So
 *     every message a guide quotes is the message landscan prints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docs_md.h"
#include "e2e_helpers.h"

static const char *const guides[] = {"docs/guide.md", "docs/guide.zh.md"};

/* 1 when `line` is a whole line of text. */
static int has_line(const char *text, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = strstr(text, line); p; p = strstr(p + 1, line))
        if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
            return 1;
    return 0;
}

static char **verbs(void)
{
    const char *args[] = {"--help", NULL};
    e2e_result r;
    assert_int_equal(e2e_run(&r, args), 0);
    assert_int_equal(r.exit_code, 0);
    size_t n = 0;
    char **list = calloc(64, sizeof(char *));
    const char *p = strstr(r.out, "commands:\n");
    assert_non_null(p);
    for (p = strchr(p, '\n') + 1; p && *p && n < 63; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        if (strncmp(p, "  ", 2) == 0 && p[2] >= 'a' && p[2] <= 'z') {
            size_t l = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz");
            list[n] = calloc(l + 1, 1);
            memcpy(list[n++], p + 2, l);
        }
    }
    e2e_result_free(&r);
    assert_true(n >= 10);
    return list;
}

static void test_usage_lines(void **state)
{
    (void)state;
    char **vs = verbs();
    char *texts[2];
    for (int g = 0; g < 2; g++) {
        texts[g] = docs_read(guides[g]);
        assert_non_null(texts[g]);
    }
    char *man = docs_read("docs/landscan.1");
    assert_non_null(man);
    int ok = 1;
    char all_usage[16384] = "";
    for (size_t v = 0; vs[v]; v++) {
        const char *args[] = {vs[v], "--help", NULL};
        e2e_result r;
        assert_int_equal(e2e_run(&r, args), 0);
        if (r.exit_code != 0) {
            print_error("landscan %s --help exits %d\n", vs[v], r.exit_code);
            ok = 0;
        }
        const char *u = strstr(r.out, "usage:");
        if (!u) {
            print_error("landscan %s --help prints no usage line\n", vs[v]);
            ok = 0;
        }
        for (const char *p = u; p && *p && *p != '\n';) {
            const char *e = strchr(p, '\n');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            char line[512];
            snprintf(line, sizeof(line), "%.*s", (int)l, p);
            strncat(all_usage, line, sizeof(all_usage) - strlen(all_usage) - 2);
            strncat(all_usage, "\n", sizeof(all_usage) - strlen(all_usage) - 1);
            for (int g = 0; g < 2; g++)
                if (!has_line(texts[g], line)) {
                    print_error("%s lacks the usage line of `landscan %s --help`:\n%s\n", guides[g],
                                vs[v], line);
                    ok = 0;
                }
            p = e ? e + 1 : NULL;
        }
        char synopsis[128];
        snprintf(synopsis, sizeof(synopsis), "landscan %s", vs[v]);
        char roff[128]; /* .B landscan \n verb, or "landscan verb" as text */
        snprintf(roff, sizeof(roff), "B landscan %s", vs[v]);
        if (!strstr(man, roff)) {
            print_error("docs/landscan.1 has no synopsis line `.B landscan %s`\n", vs[v]);
            ok = 0;
        }
        e2e_result_free(&r);
    }
    /* no usage line in a guide that the binary does not print */
    for (int g = 0; g < 2; g++)
        for (const char *p = texts[g]; p && *p;) {
            const char *e = strchr(p, '\n');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (l > 16 && strncmp(p, "usage: landscan ", 16) == 0) {
                char line[512];
                snprintf(line, sizeof(line), "%.*s", (int)l, p);
                if (!has_line(all_usage, line)) {
                    print_error("%s: usage line no verb prints:\n%s\n", guides[g], line);
                    ok = 0;
                }
            }
            p = e ? e + 1 : NULL;
        }
    for (size_t v = 0; vs[v]; v++)
        free(vs[v]);
    free(vs);
    free(texts[0]);
    free(texts[1]);
    free(man);
    assert_true(ok);
}

/* ---- quoted sessions ------------------------------------------------------------------ */

/* Split "landscan a 'b c' d" into argv (without "landscan"); quotes ' and " group. */
static int split_args(const char *cmd, char **argv, int max, char *buf, size_t buflen)
{
    int n = 0;
    size_t w = 0;
    const char *p = cmd;
    while (*p == ' ')
        p++;
    if (strncmp(p, "landscan ", 9) != 0)
        return -1;
    p += 9;
    while (*p && n < max - 1) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        argv[n++] = buf + w;
        char quote = 0;
        while (*p && (quote || *p != ' ') && w + 1 < buflen) {
            if (!quote && (*p == '\'' || *p == '"'))
                quote = *p;
            else if (quote && *p == quote)
                quote = 0;
            else
                buf[w++] = *p;
            p++;
        }
        buf[w++] = '\0';
    }
    argv[n] = NULL;
    return n;
}

static int nexamples;

/* Runs of spaces and tabs as one space (aligned columns and tab-separated rows compare by
 * their words), in place. */
static void squeeze(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\t') {
            if (w > s && w[-1] == ' ')
                continue;
            *w++ = ' ';
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

static int replay(const char *file, const docs_block *blocks, size_t at)
{
    const docs_block *b = &blocks[at];
    char spec[512];
    snprintf(spec, sizeof(spec), "%s", b->marker + strlen("example:"));
    char *save = NULL;
    char *src = strtok_r(spec, " ", &save);
    if (!src) {
        print_error("%s:%d: <!-- example: --> names no folder\n", file, b->line);
        return 0;
    }
    char rel[600];
    snprintf(rel, sizeof(rel), "../../%s", src);
    char *dir = e2e_copy_case(rel);
    if (!dir) {
        print_error("%s:%d: example folder %s not found\n", file, b->line, src);
        return 0;
    }
    char *tok = strtok_r(NULL, " ", &save);
    if (tok && strcmp(tok, "rm") == 0)
        while ((tok = strtok_r(NULL, " ", &save)) != NULL) {
            char *path = e2e_join(dir, tok);
            if (remove(path) != 0) {
                print_error("%s:%d: example: cannot remove %s\n", file, b->line, tok);
                free(path);
                e2e_rm_rf(dir);
                free(dir);
                return 0;
            }
            free(path);
        }
    assert_int_equal(docs_write_files(dir, blocks, at), 0);
    int ok = 1, ran = 0;
    e2e_result r = {-1, NULL, NULL};
    char *both = NULL;
    for (const char *p = b->body; p && *p;) {
        const char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char line[2048];
        snprintf(line, sizeof(line), "%.*s", (int)l, p);
        while (strlen(line) > 0 && line[strlen(line) - 1] == ' ')
            line[strlen(line) - 1] = '\0';
        p = e ? e + 1 : NULL;
        if (strncmp(line, "$ ", 2) == 0) {
            char *argv[64], buf[2048];
            if (split_args(line + 2, argv, 64, buf, sizeof(buf)) < 0) {
                print_error("%s:%d: example command is not `landscan …`: %s\n", file, b->line,
                            line);
                ok = 0;
                break;
            }
            if (ran)
                e2e_result_free(&r);
            free(both);
            assert_int_equal(e2e_run_in(dir, &r, (const char *const *)argv), 0);
            ran = 1;
            size_t bl = strlen(r.out) + strlen(r.err) + 2;
            both = malloc(bl);
            snprintf(both, bl, "%s\n%s", r.out, r.err);
            squeeze(both);
            continue;
        }
        if (!*line || strcmp(line, "…") == 0 || strcmp(line, "...") == 0)
            continue;
        if (!ran) {
            print_error("%s:%d: example output before any `$ landscan` line\n", file, b->line);
            ok = 0;
            break;
        }
        int code;
        if (sscanf(line, "(exit %d)", &code) == 1) {
            if (r.exit_code != code) {
                print_error("%s:%d: exit %d, the example says %d\n", file, b->line, r.exit_code,
                            code);
                ok = 0;
            }
            continue;
        }
        squeeze(line);
        if (!strstr(both, line[0] == ' ' ? line + 1 : line)) {
            print_error("%s:%d: landscan did not print\n  %s\nit printed:\n%s\n", file, b->line,
                        line, both);
            ok = 0;
        }
    }
    if (ran)
        e2e_result_free(&r);
    free(both);
    e2e_rm_rf(dir);
    free(dir);
    nexamples++;
    return ok;
}

static void test_examples(void **state)
{
    (void)state;
    char **files = docs_markdown_files();
    int ok = 1;
    for (size_t f = 0; files[f]; f++) {
        char *text = docs_read(files[f]);
        size_t n = 0;
        docs_block *b = docs_blocks(text, &n);
        for (size_t i = 0; i < n; i++)
            if (b[i].marker && strncmp(b[i].marker, "example:", 8) == 0)
                ok &= replay(files[f], b, i);
        docs_blocks_free(b, n);
        free(text);
    }
    docs_strings_free(files);
    fprintf(stderr, "%d examples replayed\n", nexamples);
    assert_true(ok);
    assert_true(nexamples > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage_lines),
        cmocka_unit_test(test_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
