/*
 * id_index.c — sorting (id, position) pairs and finding an id among them by binary search
 * (see id_index.h). The tie on position keeps the order of equal ids that of the records.
 */
#include <stdlib.h>
#include <string.h>

#include "id_index.h"

static int cmp_ref(const void *a, const void *b)
{
    const ls__id_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->ix < y->ix ? -1 : x->ix > y->ix);
}

void ls__id_refs_sort(ls__id_ref *refs, size_t n)
{
    if (n > 1)
        qsort(refs, n, sizeof(*refs), cmp_ref);
}

size_t ls__id_refs_lower_bound(const ls__id_ref *refs, size_t n, const char *id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (strcmp(refs[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
