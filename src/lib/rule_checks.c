/*
 * rule_checks.c — the evidence of `landscan explain` in the GeoPackage, stored compactly:
 * one row per parcel instead of one row per check.
 *
 * Tables (both GeoPackage attributes tables, registered in gpkg_contents, with Chinese
 * aliases in gpkg_data_columns):
 *   rule_checks        (fid, parcel_id, checks) — one row per parcel with a check list, in
 *                      the parcels' order, indexed on parcel_id. `checks` holds one line per
 *                      test in evaluation order (line k is check number k), fields separated
 *                      by a tab: code, outcome, text_id, value. code is a code of codes.c,
 *                      outcome one of fired / not_fired / no_data / off / not_applicable,
 *                      text_id the fid of a row of rule_check_texts, value the input value as
 *                      text (may be empty; never holds a tab or a newline).
 *   rule_check_texts   (fid, comparison, threshold, note) — each distinct triple once: most
 *                      tests compare with the same threshold and say the same thing for many
 *                      parcels, so a run stores them once instead of once per parcel.
 * A 100,000-parcel run writes 100,000 rows and a few thousand texts instead of 1.7 M rows.
 *
 * In memory. ls__classify stores each parcel's list in this stored form at once
 * (ls__rule_checks_compact: ≈ 750 bytes a parcel instead of ≈ 2,300), interning the texts in
 * ds->check_texts, so a province's run does not hold every comparison, threshold and note
 * once per parcel until the tables are written.
 * Writing happens with SQLite directly (one transaction, prepared statements) on the run's
 * temporary GeoPackage, which is discarded on failure, so the journal is off.
 * The per-parcel stages build these lines in parallel (check_batch.c), each chunk of
 * parcels interning into a table of its own; the chunks' tables are then merged into
 * ds->check_texts in parcel order, so ids come out in the same first-seen order as when one
 * thread interns every parcel in turn, whatever the number of threads.
 * Reading (ls__rule_checks_read) gives the checks of one parcel back as separate fields.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "fields.h"
#include "gpkg_aliases.h"
#include "rule_checks.h"

/* ---- the texts: an interning table (open addressing), ids in first-seen order ---- */

struct ls__check_texts {
    size_t *slot; /* hash slot → id (0 = empty) */
    size_t cap;   /* a power of two */
    char **text;  /* id - 1 → "comparison\tthreshold\tnote", owned */
    size_t n, tcap;
};

/* The slot hash: eight bytes a step (the ids do not depend on it, only the probing). */
static uint64_t text_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    return h ^ (h >> 32);
}

static int texts_grow(ls__check_texts *t)
{
    size_t cap = t->cap ? t->cap * 2 : 256;
    size_t *slot = calloc(cap, sizeof(*slot));
    if (!slot)
        return LS_ENOMEM;
    for (size_t id = 1; id <= t->n; id++) {
        size_t j = (size_t)text_hash(t->text[id - 1], strlen(t->text[id - 1])) & (cap - 1);
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = id;
    }
    free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return LS_OK;
}

void ls__check_texts_free(ls__check_texts *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++)
        free(t->text[i]);
    free(t->text);
    free(t->slot);
    free(t);
}

/* The id (from 1) of key[0..n), added when new; 0 when out of memory. */
static size_t texts_id(ls__check_texts *t, const char *key, size_t n)
{
    if ((t->n + 1) * 2 > t->cap && texts_grow(t) != LS_OK)
        return 0;
    size_t j = (size_t)text_hash(key, n) & (t->cap - 1);
    while (t->slot[j]) {
        const char *k = t->text[t->slot[j] - 1];
        if (strncmp(k, key, n) == 0 && k[n] == '\0')
            return t->slot[j];
        j = (j + 1) & (t->cap - 1);
    }
    if (t->n == t->tcap) {
        size_t c = t->tcap ? t->tcap * 2 : 64;
        char **grown = realloc(t->text, c * sizeof(*grown));
        if (!grown)
            return 0;
        t->text = grown;
        t->tcap = c;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return 0;
    memcpy(copy, key, n);
    copy[n] = '\0';
    t->text[t->n++] = copy;
    t->slot[j] = t->n;
    return t->n;
}

ls__check_texts *ls__check_texts_new(void)
{
    return calloc(1, sizeof(ls__check_texts));
}

size_t ls__check_texts_intern(ls__check_texts *t, const char *key, size_t n)
{
    return texts_id(t, key, n);
}

size_t ls__check_texts_count(const ls__check_texts *t)
{
    return t ? t->n : 0;
}

int ls__check_texts_merge(ls__check_texts *into, const ls__check_texts *from, size_t *map)
{
    map[0] = 0;
    for (size_t id = 1; from && id <= from->n; id++) {
        const char *k = from->text[id - 1];
        if (!(map[id] = texts_id(into, k, strlen(k))))
            return LS_ENOMEM;
    }
    return LS_OK;
}

int ls__rule_checks_remap(const char *lines, size_t len, const size_t *map, ls__buf *out)
{
    out->len = 0;
    for (const char *line = lines, *end = lines + len; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *stop = nl ? nl + 1 : end;
        const char *t1 = memchr(line, '\t', (size_t)(stop - line));
        const char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(stop - t1 - 1)) : NULL;
        if (!t2) { /* not a stored line: kept as it is */
            ls__buf_addn(out, line, (size_t)(stop - line));
            line = stop;
            continue;
        }
        char *after = NULL;
        size_t id = (size_t)strtoull(t2 + 1, &after, 10);
        char num[24];
        size_t k = sizeof(num), v = map[id];
        do {
            num[--k] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        ls__buf_addn(out, line, (size_t)(t2 + 1 - line));
        ls__buf_addn(out, num + k, sizeof(num) - k);
        ls__buf_addn(out, after, (size_t)(stop - after));
        line = stop;
    }
    return out->failed ? LS_ENOMEM : LS_OK;
}

int ls__rule_checks_append(ls__parcel *p, const char *lines, size_t len)
{
    size_t old = p->checks ? strlen(p->checks) : 0;
    char *all = realloc(p->checks, old + len + 1);
    if (!all)
        return LS_ENOMEM;
    memcpy(all + old, lines, len);
    all[old + len] = '\0';
    p->checks = all;
    return LS_OK;
}

/* ---- compacting a parcel's check list ---- */

int ls__rule_checks_compact(ls_context *ctx, ls__dataset *ds, ls__parcel *p)
{
    if (!p->checks)
        return LS_OK;
    if (!ds->check_texts && !(ds->check_texts = calloc(1, sizeof(*ds->check_texts))))
        return ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
    ls__buf out = {0}, key = {0};
    for (const char *line = p->checks; *line;) {
        size_t len = strcspn(line, "\n");
        const char *field[6];
        size_t flen[6];
        const char *s = line, *end = line + len;
        for (int i = 0; i < 6; i++) {
            const char *tab = s < end ? memchr(s, '\t', (size_t)(end - s)) : NULL;
            const char *stop = tab ? tab : end;
            field[i] = s;
            flen[i] = (size_t)(stop - s);
            s = tab ? tab + 1 : end;
        }
        key.len = 0;
        ls__buf_addn(&key, field[2], flen[2]);
        ls__buf_addn(&key, "\t", 1);
        ls__buf_addn(&key, field[3], flen[3]);
        ls__buf_addn(&key, "\t", 1);
        ls__buf_addn(&key, field[5], flen[5]);
        size_t id = key.failed ? 0 : texts_id(ds->check_texts, key.data, key.len);
        if (id == 0) {
            out.failed = 1;
            break;
        }
        char num[32];
        int nlen = snprintf(num, sizeof(num), "\t%zu\t", id);
        ls__buf_addn(&out, field[0], flen[0]);
        ls__buf_addn(&out, "\t", 1);
        ls__buf_addn(&out, field[4], flen[4]);
        ls__buf_addn(&out, num, (size_t)nlen);
        ls__buf_addn(&out, field[1], flen[1]);
        ls__buf_addn(&out, "\n", 1);
        line += len;
        if (*line == '\n')
            line++;
    }
    ls__buf_free(&key);
    if (out.failed) {
        ls__buf_free(&out);
        return ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
    }
    /* the exact size: a district's worth of parcels keeps these until written */
    char *stored = ls__buf_take(&out);
    char *fit = stored ? realloc(stored, strlen(stored) + 1) : NULL;
    free(p->checks);
    p->checks = fit ? fit : stored;
    return p->checks ? LS_OK : ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
}

/* ---- writing ---- */

static int sql_exec(ls_context *ctx, sqlite3 *db, const char *path, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int rc =
            ls__error_set(ctx, LS_EIO, "%s: rule_checks: %s", path, msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return rc;
    }
    return LS_OK;
}

static const char *const columns[][2] = {
    {"rule_checks", "parcel_id"},       {"rule_checks", "checks"},
    {"rule_check_texts", "comparison"}, {"rule_check_texts", "threshold"},
    {"rule_check_texts", "note"},
};

/* The table in gpkg_contents as an attributes table, its title from fields.c. */
static int register_table(ls_context *ctx, sqlite3 *db, const char *path, const char *table)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(db,
                                "INSERT INTO gpkg_contents (table_name, data_type, identifier, "
                                "description, last_change) VALUES (?1, 'attributes', ?1, ?2, "
                                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
                                -1, &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, ls__layer_title(table), -1, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok ? LS_OK : ls__error_set(ctx, LS_EIO, "%s: %s: %s", path, table, sqlite3_errmsg(db));
}

/* rule_check_texts from the interning table, fid = id */
static int write_texts(ls_context *ctx, sqlite3 *db, const char *path, const ls__check_texts *t)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(db,
                                "INSERT INTO rule_check_texts (fid, comparison, threshold, note) "
                                "VALUES (?, ?, ?, ?)",
                                -1, &st, NULL) == SQLITE_OK;
    for (size_t id = 1; ok && t && id <= t->n; id++) {
        const char *s = t->text[id - 1];
        sqlite3_reset(st);
        sqlite3_bind_int64(st, 1, (sqlite3_int64)id);
        for (int i = 0; i < 3; i++) {
            size_t k = i < 2 ? strcspn(s, "\t") : strlen(s);
            sqlite3_bind_text(st, 2 + i, s, (int)k, SQLITE_STATIC);
            s += k + (s[k] == '\t');
        }
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok ? LS_OK
              : ls__error_set(ctx, LS_EIO, "%s: rule_check_texts: %s", path, sqlite3_errmsg(db));
}

int ls__rule_checks_write(ls_context *ctx, const ls__dataset *ds, const char *gpkg_path)
{
    int error = LS_OK;
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    if (sqlite3_open_v2(gpkg_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        error = ls__error_set(ctx, LS_EIO, "%s: cannot open the GeoPackage for update (%s)",
                              gpkg_path, db ? sqlite3_errmsg(db) : "out of memory");
        goto cleanup;
    }
    if ((error = sql_exec(
             ctx, db, gpkg_path,
             "PRAGMA synchronous = OFF; PRAGMA journal_mode = OFF; BEGIN;"
             "CREATE TABLE rule_checks (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
             "parcel_id TEXT, checks TEXT);"
             "CREATE TABLE rule_check_texts (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "
             "comparison TEXT, threshold TEXT, note TEXT);")) != LS_OK ||
        (error = register_table(ctx, db, gpkg_path, "rule_checks")) != LS_OK ||
        (error = register_table(ctx, db, gpkg_path, "rule_check_texts")) != LS_OK ||
        (error = write_texts(ctx, db, gpkg_path, ds->check_texts)) != LS_OK)
        goto cleanup;
    if (sqlite3_prepare_v2(db, "INSERT INTO rule_checks (parcel_id, checks) VALUES (?, ?)", -1,
                           &ins, NULL) != SQLITE_OK) {
        error = ls__error_set(ctx, LS_EIO, "%s: rule_checks: %s", gpkg_path, sqlite3_errmsg(db));
        goto cleanup;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if ((i & 4095) == 0) {
            if (ls_context_interrupted(ctx)) {
                error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
                goto cleanup;
            }
            ls__progress(ctx, "write rule_checks", (double)i / (double)ds->nparcels);
        }
        if (!p->checks)
            continue;
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, p->parcel_id ? p->parcel_id : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 2, p->checks, -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            error = ls__error_set(ctx, LS_EIO, "%s: cannot write rule_checks of parcel %s (%s)",
                                  gpkg_path, p->parcel_id ? p->parcel_id : "?", sqlite3_errmsg(db));
            goto cleanup;
        }
    }
    ls__buf sql = {0};
    ls__buf_add(&sql, "CREATE INDEX rule_checks_parcel_id ON rule_checks (parcel_id);");
    ls__gpkg_aliases_setup(&sql);
    for (size_t i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
        ls__gpkg_alias_insert(&sql, columns[i][0], columns[i][1],
                              ls__field_alias(columns[i][0], columns[i][1]));
    ls__buf_add(&sql, "COMMIT;");
    char *text = ls__buf_take(&sql);
    error = text ? sql_exec(ctx, db, gpkg_path, text)
                 : ls__error_set(ctx, LS_ENOMEM, "rule_checks: out of memory");
    free(text);
    ls__progress(ctx, "write rule_checks", 1.0);

cleanup:
    sqlite3_finalize(ins);
    if (db)
        sqlite3_close(db);
    return error;
}

/* ---- reading ---- */

void ls__rule_checks_free(ls__check_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].code);
        free(rows[i].value);
        free(rows[i].comparison);
        free(rows[i].threshold);
        free(rows[i].outcome);
        free(rows[i].note);
    }
    free(rows);
}

static char *dupn(const char *s, size_t n)
{
    char *c = malloc(n + 1);
    if (c) {
        memcpy(c, s, n);
        c[n] = '\0';
    }
    return c;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return dupn(s ? (const char *)s : "", s ? (size_t)sqlite3_column_bytes(st, i) : 0);
}

int ls__rule_checks_read(ls_context *ctx, const char *gpkg_path, const char *parcel_id,
                         ls__check_row **out, size_t *nout)
{
    int error = LS_OK;
    sqlite3 *db = NULL;
    sqlite3_stmt *sel = NULL, *txt = NULL;
    ls__check_row *rows = NULL;
    size_t n = 0, cap = 0;
    char *checks = NULL;
    *out = NULL;
    *nout = 0;
    if (sqlite3_open_v2(gpkg_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT checks FROM rule_checks WHERE parcel_id = ? ORDER BY fid",
                           -1, &sel, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT comparison, threshold, note FROM rule_check_texts "
                           "WHERE fid = ?",
                           -1, &txt, NULL) != SQLITE_OK) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: cannot read rule_checks (%s)", gpkg_path,
                              db ? sqlite3_errmsg(db) : "out of memory");
        goto cleanup;
    }
    sqlite3_bind_text(sel, 1, parcel_id, -1, SQLITE_STATIC);
    if (sqlite3_step(sel) != SQLITE_ROW)
        goto cleanup; /* no checks recorded */
    checks = col_dup(sel, 0);
    if (!checks)
        goto nomem;
    for (const char *line = checks; *line;) {
        size_t len = strcspn(line, "\n");
        const char *field[4];
        size_t flen[4];
        const char *s = line, *end = line + len;
        for (int i = 0; i < 4; i++) {
            const char *tab = i < 3 && s < end ? memchr(s, '\t', (size_t)(end - s)) : NULL;
            const char *stop = tab ? tab : end;
            field[i] = s;
            flen[i] = (size_t)(stop - s);
            s = tab ? tab + 1 : end;
        }
        if (n == cap) {
            size_t c = cap ? cap * 2 : 32;
            ls__check_row *r = realloc(rows, c * sizeof(*r));
            if (!r)
                goto nomem;
            rows = r;
            cap = c;
        }
        ls__check_row *r = &rows[n++];
        memset(r, 0, sizeof(*r));
        r->seq = (int)n;
        r->code = dupn(field[0], flen[0]);
        r->outcome = dupn(field[1], flen[1]);
        r->value = dupn(field[3], flen[3]);
        sqlite3_reset(txt);
        sqlite3_bind_int64(txt, 1, strtoll(field[2], NULL, 10));
        if (sqlite3_step(txt) == SQLITE_ROW) {
            r->comparison = col_dup(txt, 0);
            r->threshold = col_dup(txt, 1);
            r->note = col_dup(txt, 2);
        } else {
            r->comparison = dupn("", 0);
            r->threshold = dupn("", 0);
            r->note = dupn("", 0);
        }
        if (!r->code || !r->outcome || !r->value || !r->comparison || !r->threshold || !r->note)
            goto nomem;
        line += len;
        if (*line == '\n')
            line++;
    }
    *out = rows;
    *nout = n;
    rows = NULL;
    n = 0;
    goto cleanup;

nomem:
    error = ls__error_set(ctx, LS_ENOMEM, "explain: out of memory");
cleanup:
    ls__rule_checks_free(rows, n);
    free(checks);
    sqlite3_finalize(sel);
    sqlite3_finalize(txt);
    if (db)
        sqlite3_close(db);
    return error;
}
