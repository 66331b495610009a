/*
 * textout.c — CSV cells, HTML escaping and buffer-to-file (textout.h). Formats are fixed so the
 * same figures give byte-identical files.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "textout.h"

void ls__csv_text(ls__buf *b, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        ls__buf_add(b, "\"");
        for (const char *c = s; *c; c++) {
            if (*c == '"')
                ls__buf_add(b, "\"");
            ls__buf_addn(b, c, 1);
        }
        ls__buf_add(b, "\"");
    } else if (s) {
        ls__buf_add(b, s);
    }
    ls__buf_add(b, last ? "\r\n" : ",");
}

void ls__csv_num(ls__buf *b, double v, int decimals, int last)
{
    if (!isnan(v))
        ls__buf_addf(b, "%.*f", decimals, fabs(v) < 0.5 * pow(10.0, -decimals) ? 0.0 : v);
    ls__buf_add(b, last ? "\r\n" : ",");
}

/* A stream cell: formatted by the buffer writer above, so both quote and round alike. */
static void put_cell(FILE *f, ls__buf *b)
{
    if (b->data)
        fwrite(b->data, 1, b->len, f);
    ls__buf_free(b);
}

void ls__csv_text_f(FILE *f, const char *s, int last)
{
    ls__buf b = {0};
    ls__csv_text(&b, s, last);
    put_cell(f, &b);
}

void ls__csv_num_f(FILE *f, double v, int decimals, int last)
{
    ls__buf b = {0};
    ls__csv_num(&b, v, decimals, last);
    put_cell(f, &b);
}

void ls__html_esc(ls__buf *b, const char *s)
{
    const char *run = s ? s : "";
    for (const char *c = run; *c; c++) {
        const char *rep = *c == '&'   ? "&amp;"
                          : *c == '<' ? "&lt;"
                          : *c == '>' ? "&gt;"
                          : *c == '"' ? "&quot;"
                                      : NULL;
        if (!rep && (unsigned char)*c < 0x20 && *c != '\n' && *c != '\t')
            rep = " ";
        if (rep) {
            ls__buf_addn(b, run, (size_t)(c - run));
            ls__buf_add(b, rep);
            run = c + 1;
        }
    }
    ls__buf_add(b, run);
}

int ls__buf_write_file(ls_context *ctx, const ls__buf *b, const char *path, int bom)
{
    if (b->failed)
        return ls__error_set(ctx, LS_ENOMEM, "%s: out of memory", path);
    FILE *f = fopen(path, "wb");
    if (!f)
        return ls__error_set(ctx, LS_EIO, "%s: cannot create", path);
    int bad = bom && fwrite("\xEF\xBB\xBF", 1, 3, f) != 3;
    if (b->len && fwrite(b->data, 1, b->len, f) != b->len)
        bad = 1;
    if (fclose(f) != 0 || bad)
        return ls__error_set(ctx, LS_EIO, "%s: write failed", path);
    return LS_OK;
}

int ls__list_has(const char *list, const char *item)
{
    size_t n = strlen(item);
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, item, n) == 0)
            return 1;
        p = e ? e + 1 : NULL;
    }
    return 0;
}
