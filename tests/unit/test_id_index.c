/*
 * test_id_index.c — the sorted id index (src/lib/id_index.c) and the union-find
 * (src/lib/union_find.c) shared by the join, ledger matching, duplicate ids and sites.
 * Expected orders and components are worked out by hand in the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "id_index.h"
#include "union_find.h"

/* Sorted by id (strcmp: "P10" < "P2"), equal ids by position; lower bound finds the first. */
static void test_id_index__sort_and_lower_bound(void **state)
{
    (void)state;
    ls__id_ref r[] = {{"P2", 0}, {"P10", 1}, {"P2", 2}, {"A", 3}, {"P2", 4}};
    ls__id_refs_sort(r, 5);
    const char *ids[] = {"A", "P10", "P2", "P2", "P2"};
    const size_t ix[] = {3, 1, 0, 2, 4};
    for (int i = 0; i < 5; i++) {
        assert_string_equal(r[i].id, ids[i]);
        assert_int_equal(r[i].ix, ix[i]);
    }
    assert_int_equal(ls__id_refs_lower_bound(r, 5, "P2"), 2);
    assert_int_equal(ls__id_refs_lower_bound(r, 5, "A"), 0);
    assert_int_equal(ls__id_refs_lower_bound(r, 5, "B"), 1); /* between A and P10 */
    assert_int_equal(ls__id_refs_lower_bound(r, 5, "Z"), 5); /* after all: n */
    assert_int_equal(ls__id_refs_lower_bound(r, 0, "A"), 0); /* empty index */
    ls__id_refs_sort(r, 0);                                  /* no-op, no qsort of nothing */
}

/* Links 0-1, 3-4, 1-2 give {0,1,2} {3,4} {5}; each root is the smallest index of its set,
 * whatever the order of the links. */
static void test_union_find__components_and_roots(void **state)
{
    (void)state;
    size_t a[6], b[6];
    for (size_t i = 0; i < 6; i++)
        a[i] = b[i] = i;
    ls__uf_union(a, 0, 1);
    ls__uf_union(a, 3, 4);
    ls__uf_union(a, 1, 2);
    ls__uf_union(b, 2, 1); /* the same links, other order and direction */
    ls__uf_union(b, 4, 3);
    ls__uf_union(b, 1, 0);
    const size_t root[6] = {0, 0, 0, 3, 3, 5};
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(ls__uf_find(a, i), root[i]);
        assert_int_equal(ls__uf_find(b, i), root[i]);
    }
    ls__uf_union(a, 2, 2); /* a self link changes nothing */
    assert_int_equal(ls__uf_find(a, 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id_index__sort_and_lower_bound),
        cmocka_unit_test(test_union_find__components_and_roots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
