/*
 * report_labels.c — the Chinese words of the reports beyond codes.c's table: the titles of
 * the three parcel lists, stored status names (with 已灭失 for a removed parcel), and
 * reason codes ("LE_TAX(3.20<5.00)") turned into Chinese sentences with their numbers.
 *
 * Labels of statuses, actions, project categories, reason codes and evaluation notes are
 * codes.c's (one label each, everywhere); which parcels carry them is classify.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

const char *ls__report_status_name_label(const char *name)
{
    if (!name)
        return "";
    if (strcmp(name, "removed") == 0)
        return "已灭失";
    int s = ls__status_from_name(name);
    return s >= 0 ? ls__status_label((ls__status)s) : name;
}

const ls__status ls__report_list_status[3] = {LS_STATUS_IDLE, LS_STATUS_RELOCATABLE,
                                              LS_STATUS_LOW_EFFICIENCY};
const char *const ls__report_list_title[3] = {"闲置地块", "可腾退地块", "低效地块"};

/* The Chinese reason phrase of a code (codes.c), NULL for an unknown code. */
static const char *reason_label(const char *code, size_t n)
{
    const ls__code_info *c = ls__code_find(code, n);
    return c ? c->reason_zh : NULL;
}

/* "LE_TAX(3.20<5.00);NO_DATA_LE_FAR" →
 * "亩均税收低于标准(万元/亩):3.20<5.00；缺少数据:容积率低于下限" */
char *ls__report_reasons_zh(const char *reasons, int with_no_data)
{
    ls__buf b = {0};
    ls__buf_add(&b, "");
    const char *s = reasons ? reasons : "";
    while (*s) {
        const char *end = strchr(s, ';');
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (len > 0) {
            const char *paren = memchr(s, '(', len);
            size_t code_len = paren ? (size_t)(paren - s) : len;
            int no_data = code_len > 8 && strncmp(s, "NO_DATA_", 8) == 0;
            const char *code = no_data ? s + 8 : s;
            size_t clen = no_data ? code_len - 8 : code_len;
            const char *zh = reason_label(code, clen);
            if (no_data && !with_no_data) {
                s += len + (end ? 1 : 0);
                continue;
            }
            if (b.len)
                ls__buf_add(&b, "；");
            if (no_data)
                ls__buf_add(&b, "缺少数据:");
            if (zh)
                ls__buf_add(&b, zh);
            else
                ls__buf_addn(&b, code, clen);
            if (paren) {
                /* the numbers, without the parentheses; ">=" printed as "≥" */
                const char *num = paren + 1;
                size_t nlen = len - code_len - 1;
                if (nlen > 0 && num[nlen - 1] == ')')
                    nlen--;
                ls__buf_add(&b, ":");
                for (size_t i = 0; i < nlen; i++) {
                    if (num[i] == '>' && i + 1 < nlen && num[i + 1] == '=') {
                        ls__buf_add(&b, "≥");
                        i++;
                    } else if (num[i] == ',') {
                        ls__buf_add(&b, ";");
                    } else {
                        ls__buf_addn(&b, num + i, 1);
                    }
                }
            }
        }
        s += len + (end ? 1 : 0);
    }
    return ls__buf_take(&b);
}
