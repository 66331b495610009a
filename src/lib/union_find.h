/*
 * union_find.h — disjoint sets over the indices 0..n-1 of a caller-owned array `parent`
 * (union_find.c), for the connected components of consolidation sites (sites.c) and of
 * parcels matched across ledger runs (ledger_match.c). Start with parent[i] = i.
 */
#ifndef LANDSCAN_UNION_FIND_H
#define LANDSCAN_UNION_FIND_H

#include <stddef.h>

/* The root of i's set (paths halved on the way). */
size_t ls__uf_find(size_t *parent, size_t i);

/* Join the sets of a and b; the smaller root index becomes the root of both. */
void ls__uf_union(size_t *parent, size_t a, size_t b);

#endif
