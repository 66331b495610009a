/*
 * far_floor.c — FAR floors by industry (domain.md §5): reads <preset_dir>/<name>.far.csv and
 * answers "minimum FAR for industry code X read under standard S".
 *
 * The data file is our own tiny CSV (columns standard,code,floor; '#' comment lines and blank
 * lines ignored; the header row is recognised by its first cell "standard"). Codes in the file
 * are two-digit GB/T 4754 divisions; the GB/T 4754-2002 rows are the 2008 national table and the
 * gbt4754-2017 rows are the crosswalk (codes shift from 29 upward, research-domain.md §4.3).
 *
 * Lookup: an industry code may carry a one-letter section prefix and any finer digits
 * ("C3411", "c 3411", "3411", "34" all mean division 34); the first two digits after the
 * optional letter are the division. Anything else (fewer than two digits, non-digit characters
 * right after the prefix) is not found → NAN. Standards compare case-insensitively; a NULL
 * standard means gbt4754-2017 (current business registers).
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "far_floor.h"

#define LS__FAR_DEFAULT_STANDARD "gbt4754-2017"

typedef struct far_entry {
    char *standard;
    int division; /* 0..99 */
    double floor;
} far_entry;

struct ls__far_table {
    size_t n, cap;
    far_entry *entries;
};

void ls__far_table_free(ls__far_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->entries[i].standard);
    free(t->entries);
    free(t);
}

/* Two-digit division of an industry code, or -1. */
static int code_division(const char *code)
{
    const unsigned char *s = (const unsigned char *)code;
    if (!s)
        return -1;
    while (isspace(*s))
        s++;
    if (isalpha(*s)) {
        s++;
        while (isspace(*s))
            s++;
    }
    if (!isdigit(s[0]) || !isdigit(s[1]))
        return -1;
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Split a CSV line (no quoting: our own file) into at most 3 trimmed cells. */
static int split3(char *line, char *cells[3])
{
    int n = 0;
    char *p = line;
    while (n < 3) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        cells[n++] = ls__trim(p);
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

static int add_entry(ls__far_table *t, const char *standard, int division, double floor_far)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        far_entry *e = realloc(t->entries, cap * sizeof(*e));
        if (!e)
            return LS_ENOMEM;
        t->entries = e;
        t->cap = cap;
    }
    char *s = ls__strdup(standard);
    if (!s)
        return LS_ENOMEM;
    t->entries[t->n].standard = s;
    t->entries[t->n].division = division;
    t->entries[t->n].floor = floor_far;
    t->n++;
    return LS_OK;
}

int ls__far_table_load(ls_context *ctx, const char *preset_dir, const char *name,
                       ls__far_table **out)
{
    int error = LS_OK;
    char *file = NULL;
    char *path = NULL;
    FILE *fp = NULL;
    ls__far_table *t = NULL;
    char line[512];
    int lineno = 0;

    if (!name || !*name)
        return ls__error_set(ctx, LS_EINVAL, "FAR table: no table name given");
    file = ls__sprintf("%s.far.csv", name);
    if (!file) {
        error = ls__error_set(ctx, LS_ENOMEM, "FAR table: out of memory");
        goto cleanup;
    }
    path = ls__path_join(preset_dir ? preset_dir : ".", file);
    if (!path) {
        error = ls__error_set(ctx, LS_ENOMEM, "FAR table: out of memory");
        goto cleanup;
    }
    fp = fopen(path, "r");
    if (!fp) {
        error = ls__error_set(ctx, LS_ENOTFOUND, "FAR table '%s': cannot open %s: %s", name, path,
                              strerror(errno));
        goto cleanup;
    }
    t = calloc(1, sizeof(*t));
    if (!t) {
        error = ls__error_set(ctx, LS_ENOMEM, "FAR table: out of memory");
        goto cleanup;
    }
    while (fgets(line, sizeof(line), fp)) {
        char *cells[3] = {NULL, NULL, NULL};
        char *end = NULL;
        lineno++;
        if (!strchr(line, '\n') && !feof(fp)) {
            error = ls__error_set(ctx, LS_EINVAL, "%s line %d: line too long", path, lineno);
            goto cleanup;
        }
        char *s = ls__trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        if (split3(s, cells) != 3) {
            error = ls__error_set(ctx, LS_EINVAL, "%s line %d: expected standard,code,floor", path,
                                  lineno);
            goto cleanup;
        }
        if (strcasecmp(cells[0], "standard") == 0)
            continue; /* header */
        int division = code_division(cells[1]);
        errno = 0;
        double floor_far = strtod(cells[2], &end);
        if (division < 0 || cells[2][0] == '\0' || *end != '\0' || errno != 0 ||
            !(floor_far > 0.0) || !isfinite(floor_far)) {
            error = ls__error_set(ctx, LS_EINVAL, "%s line %d: bad code '%s' or floor '%s'", path,
                                  lineno, cells[1], cells[2]);
            goto cleanup;
        }
        if (add_entry(t, cells[0], division, floor_far) != LS_OK) {
            error = ls__error_set(ctx, LS_ENOMEM, "FAR table: out of memory");
            goto cleanup;
        }
    }
    if (ferror(fp)) {
        error = ls__error_set(ctx, LS_EIO, "FAR table: error reading %s", path);
        goto cleanup;
    }
    *out = t;
    t = NULL;

cleanup:
    if (fp)
        fclose(fp);
    ls__far_table_free(t);
    free(path);
    free(file);
    return error;
}

double ls__far_table_floor(const ls__far_table *t, const char *standard, const char *code)
{
    if (!t)
        return NAN;
    int division = code_division(code);
    if (division < 0)
        return NAN;
    const char *std = standard && *standard ? standard : LS__FAR_DEFAULT_STANDARD;
    for (size_t i = 0; i < t->n; i++) {
        if (t->entries[i].division == division && strcasecmp(t->entries[i].standard, std) == 0)
            return t->entries[i].floor;
    }
    return NAN;
}
