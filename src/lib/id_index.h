/*
 * id_index.h — a sorted index of text ids (id_index.c): (id, position) pairs sorted by id,
 * ties by position, and a binary search for the first pair of an id. Used to join records
 * by id (join.c), to match parcels across ledger runs (ledger_match.c) and to find
 * duplicate parcel ids (read.c).
 */
#ifndef LANDSCAN_ID_INDEX_H
#define LANDSCAN_ID_INDEX_H

#include <stddef.h>

typedef struct ls__id_ref {
    const char *id; /* borrowed, never NULL */
    size_t ix;      /* position of the record it stands for */
} ls__id_ref;

/* Sort by id (strcmp), then by ix. */
void ls__id_refs_sort(ls__id_ref *refs, size_t n);

/* The first position whose id is >= id (n when none); the pairs equal to id follow it. */
size_t ls__id_refs_lower_bound(const ls__id_ref *refs, size_t n, const char *id);

#endif
