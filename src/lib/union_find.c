/*
 * union_find.c — disjoint sets over array indices with path halving; the root of a joined
 * set is the smaller of the two roots, so a component's root is independent of the order
 * in which its links were added (see union_find.h).
 */
#include "union_find.h"

size_t ls__uf_find(size_t *parent, size_t i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

void ls__uf_union(size_t *parent, size_t a, size_t b)
{
    size_t ra = ls__uf_find(parent, a), rb = ls__uf_find(parent, b);
    if (ra == rb)
        return;
    if (ra < rb)
        parent[rb] = ra;
    else
        parent[ra] = rb;
}
