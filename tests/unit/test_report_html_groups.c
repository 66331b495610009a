/*
 * test_report_html_groups.c — the HTML page's by-block table (src/lib/report_html_groups.c):
 * every block when there are no more than the page holds; otherwise the blocks with the most
 * reclaimable land (ties by the report's order), shown in the report's order, a line saying
 * how many of how many, and the total row of every block.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report_write.h"

/* Blocks B1…B6 with reclaimable mu 5, 1, 9, 3, 9, 2 (B3 and B5 tie). */
static void six_blocks(ls__rgroup *g, ls__totals *total)
{
    static const char *const keys[] = {"B1", "B2", "B3", "B4", "B5", "B6"};
    static const double reclaim[] = {5, 1, 9, 3, 9, 2};
    memset(g, 0, 6 * sizeof(*g));
    memset(total, 0, sizeof(*total));
    for (int i = 0; i < 6; i++) {
        g[i].key = keys[i];
        g[i].label = "";
        g[i].t.reclaimable_mu = reclaim[i];
        total->reclaimable_mu += reclaim[i];
    }
}

static const char *row_of(const char *html, const char *key)
{
    char cell[32];
    snprintf(cell, sizeof(cell), "<td class=\"k\">%s</td>", key);
    return strstr(html, cell);
}

static void test_html_groups__all_rows_when_they_fit(void **state)
{
    (void)state;
    ls__rgroup g[6];
    ls__totals total;
    six_blocks(g, &total);
    ls__buf b = {0};
    assert_int_equal(ls__html_groups(&b, "区块编号", "区块名称", g, 6, &total, 0, 6), LS_OK);
    for (int i = 0; i < 6; i++)
        assert_non_null(row_of(b.data, g[i].key));
    assert_null(strstr(b.data, "class=\"note\""));
    assert_true(row_of(b.data, "B1") < row_of(b.data, "B6"));
    assert_non_null(strstr(b.data, "29.00")); /* the total: 5 + 1 + 9 + 3 + 9 + 2 */
    ls__buf_free(&b);
}

static void test_html_groups__most_reclaimable_in_order(void **state)
{
    (void)state;
    ls__rgroup g[6];
    ls__totals total;
    six_blocks(g, &total);
    ls__buf b = {0};
    assert_int_equal(ls__html_groups(&b, "区块编号", "区块名称", g, 6, &total, 0, 3), LS_OK);
    /* 9 (B3), 9 (B5), 5 (B1) shown, in block order B1, B3, B5; B4, B6, B2 not */
    const char *b1 = row_of(b.data, "B1"), *b3 = row_of(b.data, "B3"), *b5 = row_of(b.data, "B5");
    assert_non_null(b1);
    assert_non_null(b3);
    assert_non_null(b5);
    assert_true(b1 < b3 && b3 < b5);
    assert_null(row_of(b.data, "B2"));
    assert_null(row_of(b.data, "B4"));
    assert_null(row_of(b.data, "B6"));
    assert_non_null(strstr(b.data, "本区共 6 个工业区块,此处列出可盘活面积最大的 3 个"));
    assert_non_null(strstr(b.data, "29.00")); /* the total still covers every block */
    ls__buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_groups__all_rows_when_they_fit),
        cmocka_unit_test(test_html_groups__most_reclaimable_in_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
