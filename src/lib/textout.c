/*
 * textout.c — CSV cells, HTML escaping and buffer-to-file (textout.h). Formats are fixed so the
 * same figures give byte-identical files.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"
#include "textout.h"

/* Half a unit of the last decimal: a smaller magnitude prints as 0 (no "-0.00"). The
 * table holds 0.5 * pow(10, -d) (test_textout checks they are equal); pow for the rest. */
static double zero_below(int decimals)
{
    static const double half[] = {0.5,   0.05,  0.005, 0.0005, 0.00005,
                                  5e-06, 5e-07, 5e-08, 5e-09,  5e-10};
    if (decimals >= 0 && decimals < (int)(sizeof(half) / sizeof(half[0])))
        return half[decimals];
    return 0.5 * pow(10.0, -decimals);
}

void ls__csv_text(ls__buf *b, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        ls__buf_addn(b, "\"", 1);
        for (const char *run = s;;) {
            const char *q = strchr(run, '"');
            if (!q) {
                ls__buf_add(b, run);
                break;
            }
            ls__buf_addn(b, run, (size_t)(q - run) + 1); /* up to and with the quote */
            ls__buf_addn(b, "\"", 1);                    /* doubled */
            run = q + 1;
        }
        ls__buf_addn(b, "\"", 1);
    } else if (s) {
        ls__buf_add(b, s);
    }
    ls__buf_addn(b, last ? "\r\n" : ",", last ? 2 : 1);
}

void ls__csv_num(ls__buf *b, double v, int decimals, int last)
{
    if (!isnan(v))
        ls__buf_add_fixed(b, fabs(v) < zero_below(decimals) ? 0.0 : v, decimals);
    ls__buf_addn(b, last ? "\r\n" : ",", last ? 2 : 1);
}

void ls__csv_int(ls__buf *b, long v, int last)
{
    char text[24];
    char *e = text + sizeof(text), *c = e;
    /* digits from the right; the magnitude as unsigned so LONG_MIN works too */
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        *--c = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--c = '-';
    ls__buf_addn(b, c, (size_t)(e - c));
    ls__buf_addn(b, last ? "\r\n" : ",", last ? 2 : 1);
}

void ls__csv_text_f(FILE *f, const char *s, int last)
{
    if (s && strpbrk(s, ",\"\r\n")) {
        fputc('"', f);
        for (const char *run = s;;) {
            const char *q = strchr(run, '"');
            if (!q) {
                fputs(run, f);
                break;
            }
            fwrite(run, 1, (size_t)(q - run) + 1, f);
            fputc('"', f);
            run = q + 1;
        }
        fputc('"', f);
    } else if (s) {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ",", f);
}

void ls__csv_num_f(FILE *f, double v, int decimals, int last)
{
    if (!isnan(v)) {
        char text[64];
        double x = fabs(v) < zero_below(decimals) ? 0.0 : v;
        size_t n = ls__fmt_fixed(text, sizeof(text), x, decimals);
        if (n < sizeof(text))
            fwrite(text, 1, n, f);
        else
            fprintf(f, "%.*f", decimals, x); /* a huge magnitude: the full text */
    }
    fputs(last ? "\r\n" : ",", f);
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
