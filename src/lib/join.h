/*
 * join.h — the enterprise ↔ parcel join rules in one place (join.c): measure.c joins every
 * enterprise record with them, `landscan check` (check.c) counts how the records would join.
 */
#ifndef LANDSCAN_JOIN_H
#define LANDSCAN_JOIN_H

#include "model.h"

/* Which rule joined a record (the first that applies). */
typedef enum ls__join_how {
    LS_JOIN_NONE = 0,      /* on no parcel */
    LS_JOIN_PARCEL_ID,     /* 1. the record's parcel_id names a parcel */
    LS_JOIN_ENTERPRISE_ID, /* 2. the parcels' own enterprise_id names the record */
    LS_JOIN_LOCATION       /* 3. its point lies in a parcel (smallest parcel id on a boundary) */
} ls__join_how;

/* Sorted parcel ids and enterprise ids of ds, and an STRtree of the parcels built on the
 * first record that needs it. ds must outlive the join and is not modified. */
typedef struct ls__join ls__join;

int ls__join_new(ls_context *ctx, const ls__dataset *ds, ls__join **out);
void ls__join_free(ls__join *j);

/* The parcels of record en by the first rule that applies, appended to *parcels / *n (one
 * for rules 1 and 3, all parcels naming the enterprise for rule 2); *how says which rule.
 * A record with a parcel_id that names no parcel is not joined by enterprise_id, only by
 * location. Errors: LS_ENOMEM, LS_EDEP (GEOS could not build the index), with a message. */
int ls__join_record(ls__join *j, const ls__enterprise *en, size_t **parcels, size_t *n,
                    ls__join_how *how);

/* Append value to the array *arr of *n indices. LS_OK or LS_ENOMEM. */
int ls__index_append(size_t **arr, size_t *n, size_t value);

#endif
