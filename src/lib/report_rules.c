/*
 * report_rules.c — the rules table of the reports: run_info's `rules_resolved` (the one-line
 * JSON that rules.c writes) flattened into rows "Chinese label", "key", "value".
 *
 * The JSON is parsed with json-c; members keep their stored order. Objects are flattened to
 * dotted keys (evaluation.classes.method); an empty object is one row "无"; arrays of
 * scalars become "a, b, c" ("无" when empty); null becomes "关闭" (the test is off), true /
 * false 是 / 否; numbers keep the text rules.c wrote. A value json-c cannot parse gives no
 * rows (the report then shows an empty rules table rather than failing).
 *
 * It does not decide what a rule means: the labels below only name the keys of rules.c.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

static const struct {
    const char *key, *zh;
} rule_labels[] = {
    {"name", "规则名称"},
    {"extends_chain", "规则继承"},
    {"tax_per_mu_min_by_year", "分年度亩均税收下限(万元/亩)"},
    {"industrial_codes", "工业用地地类代码"},
    {"warehouse_is_industrial", "仓储用地计为工业"},
    {"warehouse_codes", "仓储用地代码"},
    {"inside_share_min", "控制线内面积比例下限(低于则可腾退)"},
    {"retain_ab_min_mu", "A/B类企业过渡保留用地下限(亩)"},
    {"started_coverage_min", "视为未动工的建筑系数"},
    {"unstarted_years", "约定动工后未动工年限(年)"},
    {"stalled_share", "中止开发建筑系数比例"},
    {"stalled_years", "中止开发停产年限(年)"},
    {"halted_years", "停产年限(年)"},
    {"idle_vacant", "无企业无建筑视为闲置"},
    {"idle_unsupplied", "批而未供视为闲置"},
    {"arrears_years", "欠缴土地使用税年限(年)"},
    {"mortgaged_idle", "抵押闲置计为低效"},
    {"tax_per_mu_min", "亩均税收下限(万元/亩)"},
    {"va_per_mu_min", "亩均增加值下限(万元/亩)"},
    {"far_min", "容积率下限(无行业标准时)"},
    {"far_table", "分行业容积率下限表"},
    {"industry_code_standard", "行业分类标准"},
    {"far_target", "容积率提升目标"},
    {"coverage_min", "建筑系数下限"},
    {"energy_per_va_max", "单位增加值能耗上限(吨标煤/万元)"},
    {"low_classes", "低效评价类别"},
    {"tall_storey_m", "层高超过此值计两层(米)"},
    {"site_min_mu", "连片开发最小面积(亩)"},
    {"site_gap_m", "连片开发间隙(米)"},
    {"evaluation.benchmark", "评价基准"},
    {"evaluation.cap", "单项得分上限(倍)"},
    {"evaluation.classes.method", "分类方法"},
    {"targets", "目标值"},
    {"targets_base_year", "累计目标基准年"},
    {"no_new_land_classes", "限制新增用地的评价类别"},
};

static const char *rule_label(const char *key)
{
    for (size_t i = 0; i < sizeof(rule_labels) / sizeof(rule_labels[0]); i++)
        if (strcmp(rule_labels[i].key, key) == 0)
            return rule_labels[i].zh;
    if (strncmp(key, "evaluation.weights.above.", 25) == 0)
        return "规上企业指标权重";
    if (strncmp(key, "evaluation.weights.below.", 25) == 0)
        return "规下企业指标权重";
    if (strncmp(key, "evaluation.classes.", 19) == 0)
        return "评价分类参数";
    if (strncmp(key, "evaluation.scope.", 17) == 0)
        return "评价范围";
    if (strncmp(key, "targets.", 8) == 0)
        return "目标值";
    return "";
}

typedef struct rows {
    char **rows; /* 3 strings per row */
    size_t n, cap;
} rows;

static int add_row(rows *r, const char *key, const char *value)
{
    if (r->n == r->cap) {
        size_t c = r->cap ? r->cap * 2 : 32;
        char **nr = realloc(r->rows, c * 3 * sizeof(char *));
        if (!nr)
            return LS_ENOMEM;
        r->rows = nr;
        r->cap = c;
    }
    char **row = r->rows + r->n * 3;
    row[0] = ls__strdup(rule_label(key));
    row[1] = ls__strdup(key);
    row[2] = ls__strdup(value);
    r->n++;
    return row[0] && row[1] && row[2] ? LS_OK : LS_ENOMEM;
}

/* A scalar as shown: null 关闭, booleans 是 / 否, strings and numbers as written. */
static void scalar_text(ls__buf *b, struct json_object *v)
{
    if (!v)
        ls__buf_add(b, "关闭");
    else if (json_object_is_type(v, json_type_boolean))
        ls__buf_add(b, json_object_get_boolean(v) ? "是" : "否");
    else
        ls__buf_add(b, json_object_get_string(v));
}

static int flatten(rows *r, const char *path, struct json_object *v)
{
    if (v && json_object_is_type(v, json_type_object)) {
        int rc = LS_OK, empty = 1;
        json_object_object_foreach(v, key, member)
        {
            empty = 0;
            char *full = *path ? ls__sprintf("%s.%s", path, key) : ls__strdup(key);
            rc = full ? flatten(r, full, member) : LS_ENOMEM;
            free(full);
            if (rc != LS_OK)
                return rc;
        }
        return empty && *path ? add_row(r, path, "无") : LS_OK;
    }
    ls__buf b = {0};
    ls__buf_add(&b, "");
    if (v && json_object_is_type(v, json_type_array)) {
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n; i++) {
            struct json_object *item = json_object_array_get_idx(v, i);
            if (i)
                ls__buf_add(&b, ", ");
            ls__buf_add(&b, item ? json_object_get_string(item) : "null"); /* as written */
        }
        if (n == 0)
            ls__buf_add(&b, "无");
    } else {
        scalar_text(&b, v);
    }
    char *text = ls__buf_take(&b);
    int rc = text ? add_row(r, path, text) : LS_ENOMEM;
    free(text);
    return rc;
}

void ls__report_rows_free(char **rows_, size_t n)
{
    for (size_t i = 0; rows_ && i < n * 3; i++)
        free(rows_[i]);
    free(rows_);
}

int ls__report_rules_rows(const ls__rdata *data, char ***rows_out, size_t *n_out)
{
    const char *json = ls__report_info(data, "rules_resolved");
    rows r = {NULL, 0, 0};
    int rc = LS_OK;
    struct json_object *root = json ? json_tokener_parse(json) : NULL;
    if (root && json_object_is_type(root, json_type_object))
        rc = flatten(&r, "", root);
    json_object_put(root);
    if (rc != LS_OK) {
        ls__report_rows_free(r.rows, r.n);
        return rc;
    }
    *rows_out = r.rows;
    *n_out = r.n;
    return LS_OK;
}
