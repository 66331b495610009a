/*
 * kv.c — the ordered key → value table of kv.h. Pairs keep their insertion order (run_info
 * is written and shown in that order); lookups are linear: a table holds a few dozen pairs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kv.h"

int ls__kv_add(ls__kv *kv, const char *key, const char *value)
{
    if (kv->n == kv->cap) {
        size_t cap = kv->cap ? kv->cap * 2 : 32;
        char **k = realloc(kv->keys, cap * sizeof(*k));
        if (!k)
            return LS_ENOMEM;
        kv->keys = k;
        char **v = realloc(kv->values, cap * sizeof(*v));
        if (!v)
            return LS_ENOMEM;
        kv->values = v;
        kv->cap = cap;
    }
    kv->keys[kv->n] = ls__strdup(key);
    kv->values[kv->n] = ls__strdup(value ? value : "");
    if (!kv->keys[kv->n] || !kv->values[kv->n]) {
        free(kv->keys[kv->n]);
        free(kv->values[kv->n]);
        return LS_ENOMEM;
    }
    kv->n++;
    return LS_OK;
}

int ls__kv_addf(ls__kv *kv, const char *key, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (s)
        vsnprintf(s, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    if (!s)
        return LS_ENOMEM;
    int rc = ls__kv_add(kv, key, s);
    free(s);
    return rc;
}

void ls__kv_free(ls__kv *kv)
{
    for (size_t i = 0; i < kv->n; i++) {
        free(kv->keys[i]);
        free(kv->values[i]);
    }
    free(kv->keys);
    free(kv->values);
    memset(kv, 0, sizeof(*kv));
}

const char *ls__kv_get(const ls__kv *kv, const char *key)
{
    for (size_t i = 0; kv && i < kv->n; i++)
        if (strcmp(kv->keys[i], key) == 0)
            return kv->values[i];
    return NULL;
}
