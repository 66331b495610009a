/*
 * report_labels.c — the Chinese words of the reports: status and action labels, the
 * titles of the three parcel lists, and reason codes ("LE_TAX(3.20<5.00)") turned into
 * Chinese sentences.
 *
 * It owns only the wording; which parcels carry which status, action or reason is decided
 * by classify.c and read back from the GeoPackage by report_read.c.
 */
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

const char *ls__report_status_label(ls__status s)
{
    static const char *const labels[LS_STATUS_COUNT] = {"疑似闲置", "可腾退", "低效", "高效",
                                                        "非工业"};
    return s < LS_STATUS_COUNT ? labels[s] : "";
}

const char *ls__report_action_label(ls__action a)
{
    static const char *const labels[LS_ACTION_COUNT] = {
        "收回盘活", "园区集聚/搬迁拆除", "整治淘汰/改造提升", "过渡保留", "保留", "不涉及"};
    return a < LS_ACTION_COUNT ? labels[a] : "";
}

const char *ls__report_status_name_label(const char *name)
{
    if (!name)
        return "";
    if (strcmp(name, "removed") == 0)
        return "已灭失";
    for (int i = 0; i < LS_STATUS_COUNT; i++)
        if (strcmp(name, ls__status_name((ls__status)i)) == 0)
            return ls__report_status_label((ls__status)i);
    return name;
}

const ls__status ls__report_list_status[3] = {LS_STATUS_IDLE, LS_STATUS_RELOCATABLE,
                                              LS_STATUS_LOW_EFFICIENCY};
const char *const ls__report_list_title[3] = {"闲置地块", "可腾退地块", "低效地块"};

static const struct {
    const char *code, *zh;
} reason_labels[] = {
    {"IDLE_UNSTARTED", "约定动工日起满期未动工(年)"},
    {"IDLE_STALLED", "已动工但建筑系数不足且停产(建筑系数;停产年数)"},
    {"IDLE_HALTED", "企业停产满期(年)"},
    {"IDLE_VACANT", "无企业且无建筑"},
    {"IDLE_UNSUPPLIED", "批而未供"},
    {"REL_OUTSIDE", "位于工业控制线外(控制线内比例)"},
    {"REL_RETAIN_AB50", "A/B类企业大地块过渡保留(类别;亩)"},
    {"LE_TAX", "亩均税收低于标准(万元/亩)"},
    {"LE_VA", "亩均增加值低于标准(万元/亩)"},
    {"LE_FAR", "容积率低于下限"},
    {"LE_COVERAGE", "建筑系数低于下限"},
    {"LE_CLASS", "亩均效益评价类别偏低"},
    {"LE_ENERGY", "单位增加值能耗超标(吨标煤/万元)"},
    {"LE_TAX_ARREARS", "欠缴城镇土地使用税(年)"},
    {"LE_MORTGAGED_IDLE", "闲置且已抵押"},
};

static const char *reason_label(const char *code, size_t n)
{
    for (size_t i = 0; i < sizeof(reason_labels) / sizeof(reason_labels[0]); i++)
        if (strlen(reason_labels[i].code) == n && strncmp(reason_labels[i].code, code, n) == 0)
            return reason_labels[i].zh;
    return NULL;
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
