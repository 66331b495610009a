/*
 * test_report_rules.c — the reports' rules table (src/lib/report_rules.c): run_info's
 * rules_resolved JSON flattened with json-c into rows (label, key, value), checked on a
 * hand-written JSON: dotted keys in stored order, null 关闭, booleans 是 / 否, numbers as
 * written, arrays "a, b", empty object / array 无, Chinese labels of known keys; no JSON or
 * JSON that does not parse gives no rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_model.h"

static void rows_of(const char *json, char ***rows, size_t *n)
{
    ls__rdata d;
    memset(&d, 0, sizeof(d));
    if (json)
        assert_int_equal(ls__kv_add(&d.info, "rules_resolved", json), LS_OK);
    assert_int_equal(ls__report_rules_rows(&d, rows, n), LS_OK);
    ls__kv_free(&d.info);
}

static void test_report_rules__flattened_in_order(void **state)
{
    (void)state;
    char **rows = NULL;
    size_t n = 0;
    rows_of("{\"name\": \"zj\", \"tax_per_mu_min\": 5.50, \"va_per_mu_min\": null, "
            "\"idle_vacant\": true, \"mortgaged_idle\": false, \"low_classes\": [\"C\", \"D\"], "
            "\"warehouse_codes\": [], \"tax_per_mu_min_by_year\": {}, "
            "\"evaluation\": {\"cap\": 2, \"classes\": {\"method\": \"percentile\", \"A\": 0.25}}}",
            &rows, &n);
    /* expected rows, by hand from the JSON above */
    static const char *const want[][3] = {
        {"规则名称", "name", "zj"},
        {"亩均税收下限(万元/亩)", "tax_per_mu_min", "5.50"},
        {"亩均增加值下限(万元/亩)", "va_per_mu_min", "关闭"},
        {"无企业无建筑视为闲置", "idle_vacant", "是"},
        {"抵押闲置计为低效", "mortgaged_idle", "否"},
        {"低效评价类别", "low_classes", "C, D"},
        {"仓储用地代码", "warehouse_codes", "无"},
        {"分年度亩均税收下限(万元/亩)", "tax_per_mu_min_by_year", "无"},
        {"单项得分上限(倍)", "evaluation.cap", "2"},
        {"分类方法", "evaluation.classes.method", "percentile"},
        {"评价分类参数", "evaluation.classes.A", "0.25"},
    };
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 3; k++)
            assert_string_equal(rows[3 * i + k], want[i][k]);
    ls__report_rows_free(rows, n);
}

static void test_report_rules__no_or_bad_json(void **state)
{
    (void)state;
    char **rows = NULL;
    size_t n = 7;
    rows_of(NULL, &rows, &n);
    assert_int_equal(n, 0);
    ls__report_rows_free(rows, n);
    n = 7;
    rows_of("{\"name\": ", &rows, &n); /* truncated */
    assert_int_equal(n, 0);
    ls__report_rows_free(rows, n);
    n = 7;
    rows_of("[1, 2]", &rows, &n); /* not an object */
    assert_int_equal(n, 0);
    ls__report_rows_free(rows, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_rules__flattened_in_order),
        cmocka_unit_test(test_report_rules__no_or_bad_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
