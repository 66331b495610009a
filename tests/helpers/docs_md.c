/*
 * docs_md.c — the Markdown reading of the documentation tests (docs_md.h): files of the
 * source tree, marked tables, marker comments and fenced blocks. Line-based and small: the
 * documents are written for it (one table row per line, fences at the start of a line).
 */
#include "docs_md.h"
#include "e2e_helpers.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_n(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (!c)
        abort();
    memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

static char *trim_dup(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    return dup_n(s, n);
}

char *docs_read(const char *relpath)
{
    char path[4096];
    size_t len = 0;
    snprintf(path, sizeof(path), "%s/%s", LS_TEST_SOURCE_DIR, relpath);
    return e2e_read_file(path, &len);
}

int docs_write_files(const char *dir, const docs_block *blocks, size_t upto)
{
    for (size_t i = 0; i < upto; i++) {
        if (!blocks[i].marker || strncmp(blocks[i].marker, "file:", 5) != 0)
            continue;
        const char *name = blocks[i].marker + 5;
        while (*name == ' ')
            name++;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        if (!f || fputs(blocks[i].body, f) < 0) {
            if (f)
                fclose(f);
            return -1;
        }
        if (fclose(f) != 0)
            return -1;
    }
    return 0;
}

/* The line starting at p: its length without '\n'. */
static size_t line_len(const char *p)
{
    const char *e = strchr(p, '\n');
    return e ? (size_t)(e - p) : strlen(p);
}

static const char *next_line(const char *p)
{
    const char *e = strchr(p, '\n');
    return e ? e + 1 : NULL;
}

static int blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return 0;
    return 1;
}

/* The comment "<!-- X -->" of a line: X trimmed (malloc'ed), NULL when the line is no
 * comment. */
static char *comment_of(const char *p, size_t n)
{
    char *line = trim_dup(p, n);
    size_t l = strlen(line);
    char *out = NULL;
    if (l >= 7 && strncmp(line, "<!--", 4) == 0 && strcmp(line + l - 3, "-->") == 0)
        out = trim_dup(line + 4, l - 7);
    free(line);
    return out;
}

static void split_row(const char *p, size_t n, docs_row *row)
{
    row->ncells = 0;
    row->cells = NULL;
    size_t cap = 0;
    /* skip the leading bar */
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    if (i < n && p[i] == '|')
        i++;
    char *cell = malloc(n + 1);
    size_t cl = 0;
    int in_code = 0;
    for (; i <= n; i++) {
        int end = i == n;
        if (!end && p[i] == '\\' && i + 1 < n && p[i + 1] == '|') {
            cell[cl++] = '|';
            i++;
            continue;
        }
        if (!end && p[i] == '`')
            in_code = !in_code;
        if (end || (p[i] == '|' && !in_code)) {
            if (end && blank(cell, cl))
                break; /* after the closing bar */
            if (row->ncells == cap) {
                cap = cap ? cap * 2 : 8;
                row->cells = realloc(row->cells, cap * sizeof(char *));
            }
            char *c = trim_dup(cell, cl);
            size_t clen = strlen(c);
            if (row->ncells == 0 && clen >= 2 && c[0] == '`' && c[clen - 1] == '`' &&
                !memchr(c + 1, '`', clen - 2)) {
                memmove(c, c + 1, clen - 2);
                c[clen - 2] = '\0';
            }
            row->cells[row->ncells++] = c;
            cl = 0;
            if (end)
                break;
            continue;
        }
        cell[cl++] = p[i];
    }
    free(cell);
}

int docs_table_read(const char *text, const char *marker, docs_table *out)
{
    out->nrows = 0;
    out->rows = NULL;
    const char *p = text;
    while (p) {
        size_t n = line_len(p);
        char *c = comment_of(p, n);
        int hit = c && strcmp(c, marker) == 0;
        free(c);
        p = next_line(p);
        if (hit)
            break;
    }
    if (!p)
        return -1;
    while (p && blank(p, line_len(p)))
        p = next_line(p);
    /* header, separator */
    for (int k = 0; k < 2; k++) {
        if (!p || *p != '|')
            return -1;
        p = next_line(p);
    }
    size_t cap = 0;
    while (p && *p == '|') {
        if (out->nrows == cap) {
            cap = cap ? cap * 2 : 16;
            out->rows = realloc(out->rows, cap * sizeof(docs_row));
        }
        split_row(p, line_len(p), &out->rows[out->nrows++]);
        p = next_line(p);
    }
    return 0;
}

void docs_table_free(docs_table *t)
{
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->rows[i].ncells; j++)
            free(t->rows[i].cells[j]);
        free(t->rows[i].cells);
    }
    free(t->rows);
    t->rows = NULL;
    t->nrows = 0;
}

const docs_row *docs_table_row(const docs_table *t, const char *key)
{
    for (size_t i = 0; i < t->nrows; i++)
        if (t->rows[i].ncells > 0 && strcmp(t->rows[i].cells[0], key) == 0)
            return &t->rows[i];
    return NULL;
}

const char *docs_cell(const docs_row *r, size_t i)
{
    return r && i < r->ncells ? r->cells[i] : "";
}

char **docs_markers(const char *text, const char *prefix)
{
    size_t n = 0, cap = 8;
    char **list = malloc(cap * sizeof(char *));
    for (const char *p = text; p; p = next_line(p)) {
        char *c = comment_of(p, line_len(p));
        if (c && strncmp(c, prefix, strlen(prefix)) == 0) {
            if (n + 2 > cap) {
                cap *= 2;
                list = realloc(list, cap * sizeof(char *));
            }
            list[n++] = trim_dup(c + strlen(prefix), strlen(c) - strlen(prefix));
        }
        free(c);
    }
    list[n] = NULL;
    return list;
}

void docs_strings_free(char **list)
{
    for (size_t i = 0; list && list[i]; i++)
        free(list[i]);
    free(list);
}

docs_block *docs_blocks(const char *text, size_t *count)
{
    size_t n = 0, cap = 16;
    docs_block *b = malloc(cap * sizeof(*b));
    char *pending = NULL; /* the last comment line, until a non-blank line */
    int lineno = 0;
    const char *p = text;
    while (p) {
        size_t len = line_len(p);
        lineno++;
        if (len >= 3 && strncmp(p, "```", 3) == 0) {
            if (n == cap) {
                cap *= 2;
                b = realloc(b, cap * sizeof(*b));
            }
            docs_block *k = &b[n++];
            k->lang = trim_dup(p + 3, len - 3);
            k->marker = pending;
            k->line = lineno;
            pending = NULL;
            size_t bcap = 1024, blen = 0;
            k->body = malloc(bcap);
            p = next_line(p);
            while (p) {
                size_t l = line_len(p);
                lineno++;
                if (l >= 3 && strncmp(p, "```", 3) == 0)
                    break;
                while (blen + l + 2 > bcap) {
                    bcap *= 2;
                    k->body = realloc(k->body, bcap);
                }
                memcpy(k->body + blen, p, l);
                blen += l;
                k->body[blen++] = '\n';
                p = next_line(p);
            }
            k->body[blen] = '\0';
            p = p ? next_line(p) : NULL;
            continue;
        }
        if (!blank(p, len)) {
            char *c = comment_of(p, len);
            free(pending);
            pending = c;
        }
        p = next_line(p);
    }
    free(pending);
    *count = n;
    return b;
}

void docs_blocks_free(docs_block *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(b[i].lang);
        free(b[i].marker);
        free(b[i].body);
    }
    free(b);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **docs_markdown_files(void)
{
    size_t n = 0, cap = 16;
    char **list = malloc(cap * sizeof(char *));
    list[n++] = dup_n("README.md", 9);
    char dir[4096];
    snprintf(dir, sizeof(dir), "%s/docs", LS_TEST_SOURCE_DIR);
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l > 3 && strcmp(e->d_name + l - 3, ".md") == 0) {
            if (n + 2 > cap) {
                cap *= 2;
                list = realloc(list, cap * sizeof(char *));
            }
            char path[512];
            snprintf(path, sizeof(path), "docs/%s", e->d_name);
            list[n++] = dup_n(path, strlen(path));
        }
    }
    if (d)
        closedir(d);
    qsort(list + 1, n - 1, sizeof(char *), cmp_str);
    list[n] = NULL;
    return list;
}
