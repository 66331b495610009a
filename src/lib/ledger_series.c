/*
 * ledger_series.c — the ledger series the campaign targets count (targets.h, domain.md §10):
 * per run of the run's series (same ls_series(name), dated before the current run; of runs
 * sharing a date the one recorded last), then the current run, what left the lists:
 *   resolved_mu   the run's resolved_mu (per district: area_totals), as the ledger reports;
 *   renovated_mu  of it, the resolved parcels whose new status is industrial (工改工: still
 *                 an industrial parcel, neither non_industrial nor removed);
 *   firms         the firms whose halted listed parcels of the run before (reason IDLE_HALTED,
 *                 enterprise_ids of run_parcels) all left the lists: no listed parcel of the
 *                 run carries their id or names it in matched_from. Runs whose run before was
 *                 recorded without enterprise_ids (schema 1) have firms_known 0.
 * A run with no run before it counts nothing (measured 0). With --district only that
 * district's figures count, the run totals included.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_store.h"
#include "targets.h"

/* A halted listed parcel of the run before. */
typedef struct halted {
    char *parcel_id, *district, *enterprise_ids; /* enterprise_ids NULL: not recorded */
} halted;

typedef struct strset {
    size_t n, cap;
    char **items;
} strset;

static int set_add(strset *s, const char *item, size_t len)
{
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 64;
        char **a = realloc(s->items, c * sizeof(*a));
        if (!a)
            return LS_ENOMEM;
        s->items = a;
        s->cap = c;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return LS_ENOMEM;
    memcpy(copy, item, len);
    copy[len] = '\0';
    s->items[s->n++] = copy;
    return LS_OK;
}

/* Add the ids of a ";"-separated list. */
static int set_add_list(strset *s, const char *list)
{
    for (const char *p = list; p && *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len && set_add(s, p, len))
            return LS_ENOMEM;
        p = e ? e + 1 : p + len;
    }
    return LS_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int set_has(const strset *s, const char *item)
{
    return s->n && bsearch(&item, s->items, s->n, sizeof(char *), cmp_str) != NULL;
}

static void set_free(strset *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
    memset(s, 0, sizeof(*s));
}

static void halted_free(halted *h, size_t n)
{
    for (size_t i = 0; h && i < n; i++) {
        free(h[i].parcel_id);
        free(h[i].district);
        free(h[i].enterprise_ids);
    }
    free(h);
}

/* The halted listed parcels of run `run_id` (district NULL: all). */
static int load_halted(ls__ldb *L, int version, long run_id, const char *district, halted **out,
                       size_t *nout)
{
    sqlite3_stmt *st = NULL;
    halted *h = NULL;
    size_t n = 0, cap = 0;
    int error =
        ls__ldb_prepare(L,
                        version >= 2 ? "SELECT parcel_id, district, enterprise_ids FROM run_parcels"
                                       " WHERE run_id = ?1 AND listed = 1 AND instr(reasons,"
                                       " 'IDLE_HALTED') > 0 AND (?2 IS NULL OR district = ?2)"
                                     : "SELECT parcel_id, district, NULL FROM run_parcels"
                                       " WHERE run_id = ?1 AND listed = 1 AND instr(reasons,"
                                       " 'IDLE_HALTED') > 0 AND (?2 IS NULL OR district = ?2)",
                        &st);
    if (error)
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    ls__ldb_bind_text(st, 2, district);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t c = cap ? cap * 2 : 32;
            halted *a = realloc(h, c * sizeof(*a));
            if (!a) {
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
                break;
            }
            h = a;
            cap = c;
        }
        h[n].parcel_id = ls__ldb_col_text(st, 0);
        h[n].district = ls__ldb_col_text(st, 1);
        h[n].enterprise_ids = ls__ldb_col_text(st, 2);
        n++;
    }
    if (!error && rc != SQLITE_DONE)
        error = ls__ldb_error(L, "cannot read the ledger's halted parcels");
    sqlite3_finalize(st);
    if (error) {
        halted_free(h, n);
        return error;
    }
    *out = h;
    *nout = n;
    return LS_OK;
}

/* The firms of `h` whose halted parcels all left the lists (still: old ids still listed). */
static int add_cleared(ls__series_run *r, const halted *h, size_t nh, const strset *still)
{
    for (size_t i = 0; i < nh; i++)
        if (!h[i].enterprise_ids)
            r->firms_known = 0;
    if (!r->firms_known)
        return LS_OK;
    for (size_t i = 0; i < nh; i++) {
        strset ids = {0};
        if (set_add_list(&ids, h[i].enterprise_ids))
            return LS_ENOMEM;
        for (size_t k = 0; k < ids.n; k++) {
            const char *firm = ids.items[k];
            int cleared = 1, first = 1;
            /* every halted parcel of the firm left the lists; the firm and district once */
            for (size_t j = 0; j < nh && cleared; j++) {
                strset other = {0};
                if (set_add_list(&other, h[j].enterprise_ids)) {
                    set_free(&ids);
                    return LS_ENOMEM;
                }
                int has = 0;
                for (size_t m = 0; m < other.n && !has; m++)
                    has = strcmp(other.items[m], firm) == 0;
                set_free(&other);
                if (!has)
                    continue;
                if (h[j].parcel_id && set_has(still, h[j].parcel_id))
                    cleared = 0;
                if (j < i &&
                    (!h[j].district || !h[i].district ? h[j].district == h[i].district
                                                      : strcmp(h[j].district, h[i].district) == 0))
                    first = 0;
            }
            if (cleared && first && ls__series_add_firm(r, firm, h[i].district)) {
                set_free(&ids);
                return LS_ENOMEM;
            }
        }
        set_free(&ids);
    }
    return LS_OK;
}

/* One recorded run: its totals, areas, renovated mu and cleared firms. */
static int load_run(ls__ldb *L, int version, long run_id, long prev_id, double resolved_mu,
                    const char *district, ls__series_run *r)
{
    sqlite3_stmt *st = NULL;
    int error = LS_OK, rc;
    r->measured = prev_id > 0;
    r->resolved_mu = district ? 0.0 : resolved_mu;
    if (!r->measured)
        return LS_OK;
    if ((error = ls__ldb_prepare(L,
                                 "SELECT area, resolved_mu FROM area_totals WHERE run_id = ?1"
                                 " AND kind = 'district' AND (?2 IS NULL OR area = ?2)",
                                 &st)))
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    ls__ldb_bind_text(st, 2, district);
    while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *area = (const char *)sqlite3_column_text(st, 0);
        double mu = sqlite3_column_double(st, 1);
        if (district)
            r->resolved_mu += mu;
        if (ls__series_add_area(r, area, mu, 0.0))
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        return error;
    if ((error = ls__ldb_prepare(L,
                                 "SELECT p.district, r.old_area_mu FROM resolved r JOIN run_parcels"
                                 " p ON p.run_id = r.run_id AND p.parcel_id = r.parcel_id"
                                 " WHERE r.run_id = ?1 AND r.new_status NOT IN (?3, 'removed')"
                                 " AND (?2 IS NULL OR p.district = ?2)",
                                 &st)))
        return error;
    sqlite3_bind_int64(st, 1, run_id);
    ls__ldb_bind_text(st, 2, district);
    ls__ldb_bind_text(st, 3, ls__status_name(LS_STATUS_NON_INDUSTRIAL));
    while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *area = (const char *)sqlite3_column_text(st, 0);
        double mu = sqlite3_column_double(st, 1);
        r->renovated_mu += mu;
        if (area && ls__series_add_area(r, area, 0.0, mu))
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error)
        return error;

    halted *h = NULL;
    size_t nh = 0;
    strset still = {0};
    if ((error = load_halted(L, version, prev_id, district, &h, &nh)))
        return error;
    if (nh > 0 && !(error = ls__ldb_prepare(L,
                                            "SELECT parcel_id, matched_from FROM run_parcels"
                                            " WHERE run_id = ?1 AND listed = 1",
                                            &st))) {
        sqlite3_bind_int64(st, 1, run_id);
        while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *id = (const char *)sqlite3_column_text(st, 0);
            if ((id && set_add(&still, id, strlen(id))) ||
                set_add_list(&still, (const char *)sqlite3_column_text(st, 1)))
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
        }
        sqlite3_finalize(st);
        if (still.n)
            qsort(still.items, still.n, sizeof(char *), cmp_str);
        if (!error && add_cleared(r, h, nh, &still))
            error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    }
    halted_free(h, nh);
    set_free(&still);
    return error;
}

/* The current run, from the matched dataset. */
static int current_run(ls_context *ctx, ls__ldb *L, int version, const ls_config *cfg,
                       const char *district, long prev_id, const ls__dataset *ds, ls__series_run *r)
{
    int error = LS_OK;
    halted *h = NULL;
    size_t nh = 0;
    strset still = {0};
    r->measured = prev_id > 0;
    r->year = cfg->reference_year;
    if (!(r->reference_date = ls__strdup(cfg->reference_date ? cfg->reference_date : "")))
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (!r->measured)
        return LS_OK;
    for (size_t i = 0; i < ds->nresolved; i++) {
        const ls__resolved *x = &ds->resolved[i];
        const char *area = x->district_ix >= 0 ? ds->districts[x->district_ix].name : NULL;
        int industrial = x->new_status && strcmp(x->new_status, "removed") != 0 &&
                         strcmp(x->new_status, ls__status_name(LS_STATUS_NON_INDUSTRIAL)) != 0;
        r->resolved_mu += x->old_area_mu;
        r->renovated_mu += industrial ? x->old_area_mu : 0.0;
        if (ls__series_add_area(r, area, x->old_area_mu, industrial ? x->old_area_mu : 0.0))
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    if ((error = load_halted(L, version, prev_id, district, &h, &nh)))
        return error;
    for (size_t i = 0; i < ds->nparcels && !error; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if (p->listed && ((p->parcel_id && set_add(&still, p->parcel_id, strlen(p->parcel_id))) ||
                          set_add_list(&still, p->matched_from)))
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    if (still.n)
        qsort(still.items, still.n, sizeof(char *), cmp_str);
    if (!error && add_cleared(r, h, nh, &still))
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    halted_free(h, nh);
    set_free(&still);
    return error;
}

int ls__ledger_series(ls_context *ctx, ls__ldb *L, int version, const ls_config *cfg,
                      const char *district, long prev_run_id, ls__dataset *ds)
{
    int error = LS_OK;
    sqlite3_stmt *st = NULL;
    ls__series *s = calloc(1, sizeof(*s));
    if (!s || !(s->name = ls__strdup(cfg->name ? cfg->name : ""))) {
        free(s);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    if (L && version > 0) {
        /* of the runs sharing a date, the one recorded last */
        error = ls__ldb_prepare(
            L,
            "SELECT run_id, reference_date, COALESCE(previous_run_id, 0), resolved_mu FROM runs r"
            " WHERE ls_series(name) = ls_series(?1) AND reference_date < ?2 AND NOT EXISTS"
            " (SELECT 1 FROM runs q WHERE ls_series(q.name) = ls_series(?1) AND"
            " q.reference_date = r.reference_date AND q.run_id > r.run_id)"
            " ORDER BY reference_date, run_id",
            &st);
        if (!error) {
            ls__ldb_bind_text(st, 1, cfg->name ? cfg->name : "");
            ls__ldb_bind_text(st, 2, cfg->reference_date ? cfg->reference_date : "");
        }
        /* the rows first: load_run prepares statements of its own */
        typedef struct row {
            long id, prev;
            double mu;
        } row;
        row *rows = NULL;
        size_t nrows = 0;
        int rc = SQLITE_DONE;
        while (!error && (rc = sqlite3_step(st)) == SQLITE_ROW) {
            row *a = realloc(rows, (nrows + 1) * sizeof(*a));
            ls__series_run *r = ls__series_add_run(s);
            if (!a || !r) {
                free(a ? a : rows);
                rows = NULL;
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                break;
            }
            rows = a;
            rows[nrows].id = (long)sqlite3_column_int64(st, 0);
            rows[nrows].prev = (long)sqlite3_column_int64(st, 2);
            rows[nrows].mu = sqlite3_column_double(st, 3);
            nrows++;
            r->reference_date = ls__ldb_col_text(st, 1);
            r->year = r->reference_date ? atoi(r->reference_date) : 0;
        }
        if (!error && rc != SQLITE_DONE)
            error = ls__ldb_error(L, "cannot read the ledger's runs");
        sqlite3_finalize(st);
        for (size_t i = 0; i < nrows && !error; i++)
            error =
                load_run(L, version, rows[i].id, rows[i].prev, rows[i].mu, district, &s->runs[i]);
        free(rows);
    }
    ls__series_run *cur = error ? NULL : ls__series_add_run(s);
    if (!error && !cur)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (!error)
        error = current_run(ctx, L, version, cfg, district, L && version > 0 ? prev_run_id : 0, ds,
                            cur);
    if (error) {
        ls__series_free(s);
        free(s);
        return error;
    }
    if (ds->series) {
        ls__series_free(ds->series);
        free(ds->series);
    }
    ds->series = s;
    return LS_OK;
}
