/*
 * test_codes.c — the vocabulary table (src/lib/codes.c): names, labels, project categories,
 * reason-code lookup and the list items of the rules file. Expected labels are the ones
 * domain.md names (疑似闲置 §4; the seed-004 categories §6).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "codes.h"

static void test_codes__status_names_and_labels(void **state)
{
    (void)state;
    assert_string_equal(ls__status_name(LS_STATUS_IDLE), "idle");
    assert_string_equal(ls__status_label(LS_STATUS_IDLE), "疑似闲置"); /* domain.md §4 */
    assert_string_equal(ls__status_label_en(LS_STATUS_IDLE), "suspected idle");
    assert_string_equal(ls__status_label(LS_STATUS_RELOCATABLE), "可腾退");
    assert_int_equal(ls__status_from_name("low_efficiency"), LS_STATUS_LOW_EFFICIENCY);
    assert_int_equal(ls__status_from_name("nope"), -1);
    assert_int_equal(ls__status_from_name(NULL), -1);
    assert_string_equal(ls__status_name(LS_STATUS_COUNT), "unknown");
    assert_string_equal(ls__status_label(LS_STATUS_COUNT), "");
}

/* One label per action; the project category is a separate column (domain.md §6:
 * 整治淘汰 / 改造提升 = upgrade, 园区集聚 / 搬迁拆除 = relocate). */
static void test_codes__action_label_and_category_differ(void **state)
{
    (void)state;
    assert_string_equal(ls__action_label(LS_ACTION_RELOCATE), "搬迁腾退");
    assert_string_equal(ls__action_category(LS_ACTION_RELOCATE), "园区集聚/搬迁拆除");
    assert_string_equal(ls__action_label(LS_ACTION_UPGRADE), "改造提升");
    assert_string_equal(ls__action_category(LS_ACTION_UPGRADE), "整治淘汰/改造提升");
    assert_string_equal(ls__action_category(LS_ACTION_RECLAIM), "");
    assert_string_equal(ls__action_category(LS_ACTION_RETAIN), "");
    assert_string_equal(ls__action_label(LS_ACTION_NONE), "不涉及");
    assert_int_equal(ls__action_from_name("transitional_retain"), LS_ACTION_TRANSITIONAL_RETAIN);
    for (int a = 0; a < LS_ACTION_COUNT; a++) {
        assert_true(*ls__action_label((ls__action)a));
        assert_true(*ls__action_label_en((ls__action)a));
    }
}

static void test_codes__totals_captions(void **state)
{
    (void)state;
    const ls__total_field *t = ls__status_totals(LS_STATUS_IDLE);
    assert_string_equal(t->count_name, "idle_count");
    assert_string_equal(t->count_zh, "疑似闲置地块数");
    assert_string_equal(t->mu_name, "idle_mu");
    assert_string_equal(t->mu_zh, "疑似闲置(亩)");
    t = ls__action_totals(LS_ACTION_RELOCATE);
    assert_string_equal(t->mu_name, "relocate_mu");
    assert_string_equal(t->mu_zh, "搬迁腾退(亩)"); /* the action label, not the category */
    assert_null(ls__action_totals(LS_ACTION_COUNT));
}

static void test_codes__change_names(void **state)
{
    (void)state;
    assert_string_equal(ls__change_name(LS_CHANGE_NEW), "new");
    assert_string_equal(ls__change_name(LS_CHANGE_RESOLVED), "resolved");
    assert_string_equal(ls__change_name(99), "unchanged");
    assert_int_equal(ls__change_from_name("persisting"), LS_CHANGE_PERSISTING);
    assert_string_equal(ls__change_label(LS_CHANGE_RESOLVED), "销号");
}

static void test_codes__reason_table(void **state)
{
    (void)state;
    /* evaluation order: INDUSTRIAL, the five IDLE tests, REL, the exception, eight LE tests */
    assert_string_equal(ls__code(LS_CODE_INDUSTRIAL)->code, "INDUSTRIAL");
    assert_string_equal(ls__code(LS_CODE_IDLE_UNSTARTED)->code, "IDLE_UNSTARTED");
    assert_string_equal(ls__code(LS_CODE_LE_MORTGAGED_IDLE)->code, "LE_MORTGAGED_IDLE");
    assert_string_equal(ls__code(LS_CODE_EVAL_NEW)->code, "EVAL_NEW");
    assert_null(ls__code(LS_CODE_COUNT));
    for (int i = 0; i < LS_CODE_COUNT; i++) {
        const ls__code_info *c = ls__code((ls__code_id)i);
        assert_ptr_equal(ls__code_find(c->code, (size_t)-1), c);
        assert_true(*c->zh && *c->en && *c->reason_zh);
        if (i < LS_CODE_TEST_COUNT)
            assert_true(*c->op && *c->needs);
    }
    assert_int_equal(ls__code(LS_CODE_REL_RETAIN_AB50)->kind, LS_KIND_RETAIN);
    assert_string_equal(ls__code(LS_CODE_LE_ENERGY)->op, ">"); /* domain.md §4: 超过 */
    assert_string_equal(ls__code(LS_CODE_LE_TAX)->op, "<=");   /* 5万元以下 includes 5 */
    assert_string_equal(ls__code(LS_CODE_LE_VA)->op, "<=");
    assert_string_equal(ls__code(LS_CODE_LE_FAR)->op, "<"); /* 不低于 the floor */
    /* a prefix of a reason text: "LE_TAX(3.20<=5.00)" → LE_TAX */
    assert_ptr_equal(ls__code_find("LE_TAX(3.20<=5.00)", 6), ls__code(LS_CODE_LE_TAX));
    assert_null(ls__code_find("LE_TA", 5));
    assert_null(ls__code_find(NULL, 0));
}

static void test_codes__list_items(void **state)
{
    (void)state;
    size_t n = 0;
    int has_idle = 0, has_le_tax = 0, has_industrial = 0, has_eval = 0;
    for (; ls__list_item_names[n]; n++) {
        has_idle |= strcmp(ls__list_item_names[n], "idle") == 0;
        has_le_tax |= strcmp(ls__list_item_names[n], "LE_TAX") == 0;
        has_industrial |= strcmp(ls__list_item_names[n], "INDUSTRIAL") == 0;
        has_eval |= strncmp(ls__list_item_names[n], "EVAL_", 5) == 0;
    }
    /* 5 statuses + 15 reason codes */
    assert_int_equal(n, LS_STATUS_COUNT + LS_CODE_TEST_COUNT - 1);
    assert_true(has_idle && has_le_tax);
    assert_false(has_industrial || has_eval);
}

/* The operator of every threshold key, as the sources word it (domain.md §4, §7). */
static void test_codes__key_rules(void **state)
{
    (void)state;
    ls__code_id c = LS_CODE_INDUSTRIAL;
    assert_string_equal(ls__code_key_rule("tax_per_mu_min", &c), "fires when tax_per_mu <= this");
    assert_int_equal(c, LS_CODE_LE_TAX);
    assert_string_equal(ls__code_key_rule("energy_per_va_max", NULL), "fires when energy_per_va > this");
    assert_string_equal(ls__code_key_rule("far_min", NULL), "fires when far < this");
    assert_string_equal(ls__code_key_rule("site_min_mu", &c),
                        "a site is kept when its area_mu > this"); /* 10亩以下 excluded */
    assert_int_equal(c, LS_CODE_COUNT);
    assert_null(ls__code_key_rule("tall_storey_m", NULL));
    assert_null(ls__code_key_rule(NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes__status_names_and_labels),
        cmocka_unit_test(test_codes__action_label_and_category_differ),
        cmocka_unit_test(test_codes__totals_captions),
        cmocka_unit_test(test_codes__change_names),
        cmocka_unit_test(test_codes__reason_table),
        cmocka_unit_test(test_codes__list_items),
        cmocka_unit_test(test_codes__key_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
