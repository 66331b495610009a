/*
 * kv.h — an ordered table of key → value strings (kv.c): run_info as a run builds it
 * (run.c), writes it (write_gpkg.c, the ledger) and as the reports read it back.
 *
 * Ownership: the table owns copies of every key and value; ls__kv_free() releases them
 * and leaves an empty table. Values returned by ls__kv_get() are borrowed.
 */
#ifndef LANDSCAN_KV_H
#define LANDSCAN_KV_H

#include "internal.h"

typedef struct ls__kv {
    size_t n, cap;
    char **keys;
    char **values;
} ls__kv;

/* Append a pair (a NULL value is stored as ""). LS_ENOMEM leaves the table as it was. */
int ls__kv_add(ls__kv *kv, const char *key, const char *value);
int ls__kv_addf(ls__kv *kv, const char *key, const char *fmt, ...) LS__PRINTF(3, 4);
/* The value of the first pair with this key, or NULL (also for a NULL table). */
const char *ls__kv_get(const ls__kv *kv, const char *key);
void ls__kv_free(ls__kv *kv);

#endif
