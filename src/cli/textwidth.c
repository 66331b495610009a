/*
 * textwidth.c — terminal columns of UTF-8 text, so tables line up with Chinese field and
 * file names (issue 13 §7): East Asian wide and fullwidth characters take two columns,
 * combining marks none, everything else one. Bytes that are not valid UTF-8 count one
 * column each. No locale is needed (wcwidth would depend on it).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int is_wide(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

static int is_combining(unsigned long cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F);
}

int cli_text_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    int w = 0;
    while (*p) {
        unsigned long cp = *p;
        int len = *p < 0x80             ? 1
                  : (*p & 0xE0) == 0xC0 ? 2
                  : (*p & 0xF0) == 0xE0 ? 3
                  : (*p & 0xF8) == 0xF0 ? 4
                                        : 0;
        int ok = len > 0;
        for (int k = 1; ok && k < len; k++)
            ok = (p[k] & 0xC0) == 0x80;
        if (!ok) {
            w++;
            p++;
            continue;
        }
        if (len > 1) {
            cp = *p & (0x7F >> len);
            for (int k = 1; k < len; k++)
                cp = (cp << 6) | (p[k] & 0x3F);
        }
        w += is_combining(cp) ? 0 : is_wide(cp) ? 2 : 1;
        p += len;
    }
    return w;
}

void cli_print_padded(FILE *f, const char *s, int width)
{
    fputs(s ? s : "", f);
    for (int w = cli_text_width(s); w < width; w++)
        fputc(' ', f);
}
