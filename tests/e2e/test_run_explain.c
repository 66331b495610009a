/*
 * test_run_explain.c — end-to-end: `landscan run` on testdata/e2e/classify into a fresh temporary
 * folder, then `landscan explain OUT.gpkg PARCEL_ID` on it (the GeoPackage only), and the
 * rule_checks / rule_check_texts tables read back with OGR.
 *
 * Fixture (see test_run_classify.c): rules.yaml = national-2008 + tax_per_mu_min 5; every
 * parcel 100 x 100 = 10000 m2 = 15 mu, industry code 1311 (FAR floor 1.0).
 *   Q01 inside the lines, no building, no enterprise → IDLE_VACANT → idle (疑似闲置), reclaim
 *       (收回盘活), reclaimable 15.
 *   Q03 outside the lines: control_share 0 < 0.5 → REL_OUTSIDE → relocatable (可腾退), relocate.
 *   Q04 landuse 0702 → non_industrial (非工业): every test but INDUSTRIAL not applicable.
 *   Q05 tax 30 / 15 = 2.00 < 5.00 → LE_TAX; far 8000 / 10000 = 0.80 < 1.00 → LE_FAR;
 *       coverage 4000 / 10000 = 0.40 ≥ 0.30 → low_efficiency (低效), upgrade (改造提升);
 *       reclaimable 15 x (1 - 0.8 / 1.0) = 3.00 mu; uplift 1.0 x 10000 - 8000 = 2000.00 m2.
 * Each explained parcel lists 23 checks (INDUSTRIAL + the 16 tests of domain.md §4 + the
 * 6 compliance flags of §10): rule_checks
 * has one row per parcel (5) whose `checks` holds 23 lines "code<TAB>outcome<TAB>text id<TAB>
 * value".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <gdal.h>

#include "e2e_helpers.h"

typedef struct {
    e2e_result res;
    char *case_dir, *out_dir, *gpkg_path;
} fixture;

static fixture F;

static int setup(void **state)
{
    (void)state;
    GDALAllRegister();
    e2e_run_case("classify", NULL, &F.res, &F.case_dir, &F.out_dir);
    if (F.out_dir)
        F.gpkg_path = e2e_join(F.out_dir, "landscan.gpkg");
    if (F.res.exit_code != 0)
        fprintf(stderr, "landscan run (classify) exit %d\nstderr:\n%s\n", F.res.exit_code,
                F.res.err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    e2e_rm_rf(F.out_dir);
    e2e_rm_rf(F.case_dir);
    free(F.out_dir);
    free(F.case_dir);
    free(F.gpkg_path);
    e2e_result_free(&F.res);
    return 0;
}

static void require_run(void)
{
    if (F.res.exit_code != 0 || !F.gpkg_path)
        fail_msg("landscan run exited %d: %s", F.res.exit_code, F.res.err);
}

/* Run `landscan explain <gpkg> <id>`; the caller frees the result. */
static void explain(const char *gpkg, const char *id, e2e_result *r)
{
    const char *args[] = {"explain", gpkg, id, NULL};
    if (e2e_run(r, args) != 0)
        fail_msg("cannot start landscan");
}

static void expect_all(const e2e_result *r, const char *what, const char *const *needles)
{
    if (r->exit_code != 0)
        fail_msg("landscan explain %s exited %d: %s", what, r->exit_code, r->err);
    for (size_t i = 0; needles[i]; i++)
        if (!strstr(r->out, needles[i]))
            fail_msg("explain %s lacks '%s':\n%s", what, needles[i], r->out);
}

static void test_explain__low_efficiency_parcel(void **state)
{
    (void)state;
    require_run();
    e2e_result r;
    explain(F.gpkg_path, "Q05", &r);
    static const char *const needles[] = {
        "Q05",
        "rules.yaml",
        "national-2008",
        "2025-12-31",
        "规则检查 Rule checks (23)",
        "CHK_ADMIN 行政办公及生活服务设施超标",
        "缺数据 no data",
        "CHK_CONTRACT_FAR 未达标准地承诺容积率",
        "no commitment on the parcel",
        "合规提示 Compliance flags",
        "LE_TAX 亩均税收 / tax per mu: 触发 fired",
        "2.00 万元/亩",
        "5.00 万元/亩",
        "LE_FAR 容积率",
        "far 0.80",
        "1.00 (industry floor, code 1311)",
        "LE_COVERAGE 建筑系数 / building coverage: 未触发 not fired",
        "coverage 0.40",
        "LE_VA 亩均增加值 / value added per mu: 未启用 off",
        "REL_OUTSIDE",
        "IDLE_VACANT",
        "LE_MORTGAGED_IDLE",
        "面积 Area: 10000.00 m² = 15.00 亩",
        "状态 Status: 低效",
        "low_efficiency",
        "处置方式 Action: 改造提升 upgrade",
        "可盘活亩数 Reclaimable mu: 3.00",
        "提容潜力 FAR uplift: 2000.00 m²",
        "LE_TAX(2.00<=5.00);LE_FAR(0.80<1.00)",
        NULL};
    expect_all(&r, "Q05", needles);
    e2e_result_free(&r);
}

static void test_explain__idle_parcel_says_suspected(void **state)
{
    (void)state;
    require_run();
    e2e_result r;
    explain(F.gpkg_path, "Q01", &r);
    static const char *const needles[] = {"IDLE_VACANT 无企业无建筑",
                                          "0 firm(s), 0 building(s)",
                                          "疑似闲置",
                                          "suspected idle",
                                          "现场调查",
                                          "on-site investigation",
                                          "收回盘活 reclaim",
                                          "可盘活亩数 Reclaimable mu: 15.00",
                                          NULL};
    expect_all(&r, "Q01", needles);
    e2e_result_free(&r);
}

static void test_explain__relocatable_and_non_industrial(void **state)
{
    (void)state;
    require_run();
    e2e_result r;
    explain(F.gpkg_path, "Q03", &r);
    static const char *const q03[] = {
        "REL_OUTSIDE 工业控制线外", "control_share 0.00", "0.50", "可腾退", "搬迁腾退 relocate",
        /* the seed-004 category, shown apart (domain.md §6) */
        "项目类别 Project category (慈政办发〔2021〕31号): 园区集聚/搬迁拆除",
        "可盘活亩数 Reclaimable mu: 15.00", NULL};
    expect_all(&r, "Q03", q03);
    e2e_result_free(&r);
    explain(F.gpkg_path, "Q04", &r);
    static const char *const q04[] = {"landuse 0702", "非工业", "不适用 not applicable",
                                      "处置方式 Action: 不涉及 none", NULL};
    expect_all(&r, "Q04", q04);
    e2e_result_free(&r);
}

/* Lines of a stored `checks` text whose outcome (2nd field) is outcome; *of_code gets the
 * outcome of the line of code (copied, at most 31 bytes). Split here by hand. */
static int count_outcome(const char *checks, const char *outcome, const char *code, char *of_code)
{
    int n = 0;
    for (const char *line = checks; *line;) {
        size_t len = strcspn(line, "\n"), c = strcspn(line, "\t");
        const char *o = line + c + (line[c] == '\t');
        size_t olen = strcspn(o, "\t\n");
        if (olen == strlen(outcome) && strncmp(o, outcome, olen) == 0)
            n++;
        if (c == strlen(code) && strncmp(line, code, c) == 0) {
            size_t k = olen < 31 ? olen : 31;
            memcpy(of_code, o, k);
            of_code[k] = '\0';
        }
        line += len;
        if (*line == '\n')
            line++;
    }
    return n;
}

static void test_explain__rule_checks_table(void **state)
{
    (void)state;
    require_run();
    GDALDatasetH ds = e2e_gpkg_open(F.gpkg_path);
    if (!ds)
        fail_msg("cannot open %s", F.gpkg_path);
    assert_int_equal(e2e_layer_count(ds, "rule_checks"), 5);
    if (!e2e_layer_has_field(ds, "rule_checks", "parcel_id") ||
        !e2e_layer_has_field(ds, "rule_checks", "checks"))
        fail_msg("rule_checks lacks parcel_id or checks");
    static const char *const fields[] = {"comparison", "threshold", "note"};
    for (size_t i = 0; i < 3; i++)
        if (!e2e_layer_has_field(ds, "rule_check_texts", fields[i]))
            fail_msg("rule_check_texts has no field %s", fields[i]);
    char *s = NULL, outcome[32] = "";
    assert_int_equal(
        e2e_sql_string(ds, "SELECT checks FROM rule_checks WHERE parcel_id = 'Q05'", &s), 0);
    count_outcome(s, "fired", "LE_FAR", outcome);
    assert_string_equal(outcome, "fired");
    free(s);
    assert_int_equal(
        e2e_sql_string(ds, "SELECT checks FROM rule_checks WHERE parcel_id = 'Q04'", &s), 0);
    /* every test but INDUSTRIAL */
    assert_int_equal(count_outcome(s, "not_applicable", "INDUSTRIAL", outcome), 22);
    assert_string_equal(outcome, "not_fired"); /* landuse 0702 is not industrial */
    free(s);
    GDALClose(ds);
}

static void test_explain__unknown_parcel_exit_1(void **state)
{
    (void)state;
    require_run();
    e2e_result r;
    explain(F.gpkg_path, "NO_SUCH_PARCEL", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "NO_SUCH_PARCEL") || !strstr(r.err, "landscan.gpkg"))
        fail_msg("message does not name the id and the file: %s", r.err);
    e2e_result_free(&r);
}

static void test_explain__not_a_gpkg_and_usage(void **state)
{
    (void)state;
    require_run();
    e2e_result r;
    char *run_yaml = e2e_join(F.case_dir, "RUN.yaml");
    explain(run_yaml, "Q01", &r);
    assert_int_equal(r.exit_code, 1);
    if (!strstr(r.err, "not a landscan GeoPackage"))
        fail_msg("unexpected message: %s", r.err);
    e2e_result_free(&r);
    free(run_yaml);

    const char *one[] = {"explain", F.gpkg_path, NULL};
    assert_int_equal(e2e_run(&r, one), 0);
    assert_int_equal(r.exit_code, 2);
    e2e_result_free(&r);
    const char *help[] = {"explain", "--help", NULL};
    assert_int_equal(e2e_run(&r, help), 0);
    assert_int_equal(r.exit_code, 0);
    if (!strstr(r.out, "landscan explain OUT.gpkg PARCEL_ID"))
        fail_msg("--help: %s", r.out);
    e2e_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_explain__low_efficiency_parcel),
        cmocka_unit_test(test_explain__idle_parcel_says_suspected),
        cmocka_unit_test(test_explain__relocatable_and_non_industrial),
        cmocka_unit_test(test_explain__rule_checks_table),
        cmocka_unit_test(test_explain__unknown_parcel_exit_1),
        cmocka_unit_test(test_explain__not_a_gpkg_and_usage),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
