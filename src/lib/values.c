/*
 * values.c — parsing of attribute values shared by every stage: dates, numbers and
 * booleans as they appear in Chinese cadastral and enterprise tables.
 *
 * Dates are whole days since 1970-01-01 in the proleptic Gregorian calendar, computed
 * with integer arithmetic only (no time zones, no libc time functions), so the same text
 * gives the same day everywhere. Accepted forms: 2021-03-05, 2021-3-5, 2021/03/05,
 * 2021.3.5, 20210305, 2021年3月5日, and the leading date of a datetime ("2021-03-05
 * 00:00:00", "2021-03-05T08:00"). Month and day are validated, leap years included.
 * Durations are calendar arithmetic (domain.md §1): "≥ N years since D" holds from the N-th
 * anniversary of D on (D + N years, 29 February → 28 February), never days / 365.25.
 *
 * Numbers accept surrounding spaces and ',' thousands separators in groups of three;
 * empty text, trailing garbage, hexadecimal, NaN and infinities are rejected. Booleans
 * accept 1/0, true/false, yes/no, Y/N, T/F (any case) and 是/否.
 *
 * Nothing here allocates or reports errors: callers turn -1 into a data_quality row.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Days from civil (H. Hinnant's algorithm), valid for any year. */
int ls__date_from_ymd(int y, int m, int d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ls__date_to_ymd(int days, int *y, int *m, int *d)
{
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int dd = doy - (153 * mp + 2) / 5 + 1;
    const int mm = mp < 10 ? mp + 3 : mp - 9;
    if (y)
        *y = yoe + era * 400 + (mm <= 2);
    if (m)
        *m = mm;
    if (d)
        *d = dd;
}

static int days_in_month(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

int ls__date_add_years(int days, int years)
{
    int y, m, d;
    ls__date_to_ymd(days, &y, &m, &d);
    y += years;
    if (d > days_in_month(y, m))
        d = days_in_month(y, m); /* 29 February → 28 February */
    return ls__date_from_ymd(y, m, d);
}

double ls__date_years(int from_days, int to_days)
{
    if (to_days < from_days)
        return -ls__date_years(to_days, from_days);
    int y0, y1;
    ls__date_to_ymd(from_days, &y0, NULL, NULL);
    ls__date_to_ymd(to_days, &y1, NULL, NULL);
    /* k = the anniversaries passed: the largest k with from + k years <= to */
    int k = y1 - y0;
    while (k > 0 && ls__date_add_years(from_days, k) > to_days)
        k--;
    int at = ls__date_add_years(from_days, k), next = ls__date_add_years(from_days, k + 1);
    return (double)k + (double)(to_days - at) / (double)(next - at);
}

int ls__date_after_years(int from_days, double years)
{
    if (!(years > 0.0))
        return from_days;
    int k = (int)floor(years);
    int at = ls__date_add_years(from_days, k);
    double frac = years - (double)k;
    if (frac <= 0.0)
        return at;
    int next = ls__date_add_years(from_days, k + 1);
    int day = at + (int)ceil(frac * (double)(next - at));
    /* the first day whose calendar years reach `years` (guards the rounding of ceil) */
    while (day > at && ls__date_years(from_days, day - 1) >= years)
        day--;
    while (ls__date_years(from_days, day) < years)
        day++;
    return day;
}

/* Read 1..max digits; returns the count read (0 when none or too many). */
static int read_digits(const char **p, int min, int max, int *value)
{
    int n = 0, v = 0;
    while (isdigit((unsigned char)**p)) {
        if (n == max)
            return 0;
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    if (n < min)
        return 0;
    *value = v;
    return n;
}

/* After the date: end of text, or a time part ("T08:00", " 00:00:00"). */
static int date_tail_ok(const char *p)
{
    if (*p == '\0')
        return 1;
    if ((*p == 'T' || *p == ' ') && isdigit((unsigned char)p[1]))
        return 1;
    return 0;
}

static int skip_utf8(const char **p, const char *token)
{
    size_t n = strlen(token);
    if (strncmp(*p, token, n) != 0)
        return 0;
    *p += n;
    return 1;
}

int ls__date_parse(const char *text, int *days)
{
    char buf[64];
    int y = 0, m = 0, d = 0;
    if (!text)
        return -1;
    size_t n = strlen(text);
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, text, n + 1);
    const char *p = ls__trim(buf);
    if (*p == '\0')
        return -1;

    const char *start = p;
    int ndigits = read_digits(&p, 4, 8, &y);
    if (ndigits == 8) {
        /* 20210305 */
        y = (start[0] - '0') * 1000 + (start[1] - '0') * 100 + (start[2] - '0') * 10 +
            (start[3] - '0');
        m = (start[4] - '0') * 10 + (start[5] - '0');
        d = (start[6] - '0') * 10 + (start[7] - '0');
        if (!date_tail_ok(p))
            return -1;
    } else if (ndigits == 4) {
        if (*p == '-' || *p == '/' || *p == '.') {
            char sep = *p++;
            if (!read_digits(&p, 1, 2, &m) || *p != sep)
                return -1;
            p++;
            if (!read_digits(&p, 1, 2, &d) || !date_tail_ok(p))
                return -1;
        } else if (skip_utf8(&p, "年")) {
            if (!read_digits(&p, 1, 2, &m) || !skip_utf8(&p, "月"))
                return -1;
            if (!read_digits(&p, 1, 2, &d) || !skip_utf8(&p, "日"))
                return -1;
            if (!date_tail_ok(p))
                return -1;
        } else {
            return -1;
        }
    } else {
        return -1;
    }
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    *days = ls__date_from_ymd(y, m, d);
    return 0;
}

int ls__number_parse(const char *text, double *value)
{
    char buf[128];
    size_t o = 0;
    if (!text)
        return -1;
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    if (n == 0 || n >= sizeof(buf))
        return -1;

    /* Copy, dropping thousands separators: only inside the integer part, groups of 3. */
    size_t i = 0;
    if (text[i] == '+' || text[i] == '-')
        buf[o++] = text[i++];
    size_t int_start = i;
    int has_comma = 0, group = 0;
    for (; i < n && (isdigit((unsigned char)text[i]) || text[i] == ','); i++) {
        if (text[i] == ',') {
            if (i == int_start || (has_comma && group != 3) || (!has_comma && group > 3))
                return -1;
            has_comma = 1;
            group = 0;
            continue;
        }
        group++;
        buf[o++] = text[i];
    }
    if (has_comma && group != 3)
        return -1;
    for (; i < n; i++) {
        char c = text[i];
        if (c == ',' || c == 'x' || c == 'X' || isspace((unsigned char)c))
            return -1;
        buf[o++] = c;
    }
    buf[o] = '\0';

    char *end = NULL;
    errno = 0;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || !isfinite(v) || errno == ERANGE)
        return -1;
    /* strtod also takes "nan(...)" and "infinity"; a digit must be present. */
    if (!strpbrk(buf, "0123456789"))
        return -1;
    *value = v;
    return 0;
}

int ls__bool_parse(const char *text, int *value)
{
    static const char *const yes[] = {"1", "true", "yes", "y", "t", "是"};
    static const char *const no[] = {"0", "false", "no", "n", "f", "否"};
    char buf[32];
    if (!text)
        return -1;
    size_t n = strlen(text);
    if (n >= sizeof(buf))
        return -1;
    memcpy(buf, text, n + 1);
    ls__trim(buf);
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcasecmp(buf, yes[i]) == 0) {
            *value = 1;
            return 0;
        }
        if (strcasecmp(buf, no[i]) == 0) {
            *value = 0;
            return 0;
        }
    }
    return -1;
}
