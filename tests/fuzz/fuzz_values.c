/*
 * fuzz_values.c — fuzz target for the attribute value parsers (src/lib/values.c): dates,
 * numbers and booleans as found in cadastral tables and CSV cells. Each input is tried as
 * a whole and split at newlines (one CSV-ish cell per line). Properties checked: parsed
 * dates round-trip through year/month/day, parsed numbers are finite, booleans are 0/1.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "internal.h"

static void one(const char *text)
{
    int days = 0, y = 0, m = 0, d = 0;
    if (ls__date_parse(text, &days) == 0) {
        ls__date_to_ymd(days, &y, &m, &d);
        FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31);
        FUZZ_CHECK(ls__date_from_ymd(y, m, d) == days);
    }
    double v = 0;
    if (ls__number_parse(text, &v) == 0)
        FUZZ_CHECK(isfinite(v));
    int b = -1;
    if (ls__bool_parse(text, &b) == 0)
        FUZZ_CHECK(b == 0 || b == 1);
    char *copy = ls__strdup(text);
    if (copy) {
        ls__trim(copy);
        free(copy);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    one(s);
    for (char *line = s, *nl; line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        one(line);
    }
    free(s);
    return 0;
}
