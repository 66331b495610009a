/*
 * ledger_match.c — the ledger inside a run, before the outputs are written: list
 * memberships of every parcel, the previous run of the same series read from the ledger
 * (read-only, ledger_store.c) and the parcels matched across the two runs.
 *
 * Matching (ls__ledger_match). Previous run = the latest recorded run of the same `name`
 * with an earlier reference date (re-running a year compares with the year before, so it
 * gives the same answer). Parcels match by id first; then every (old, new) pair not both
 * matched by id links when area(old ∩ new) ≥ match_overlap_min × min(area old, area new),
 * i.e. the overlap covers that share of either parcel. Linked groups (connected components)
 * are reported as same_id, resurvey (1:1, new id), split (1 old : n new), merge (n : 1) or
 * split_merge. An old parcel's figures are shared among its successors in proportion to
 * overlap. A new parcel inherits first_listed (earliest) and listed_runs (largest) from its
 * predecessors; change = new (listed now, no listed predecessor), persisting (listed now and
 * before, whatever the listed status), resolved (listed before, not now), unchanged. The
 * `resolved` records are the current parcels whose change is resolved, plus listed parcels of
 * the previous run that match nothing now (new_status "removed"); old ids that are matched
 * never appear there.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <geos_c.h>
#include <sqlite3.h>

#include "geos_bridge.h"
#include "id_index.h"
#include "ledger_geom.h"
#include "ledger_store.h"
#include "union_find.h"

/* ---- lists ------------------------------------------------------------------------------ */

/* 1 when the reason list ("A(1<2);B;NO_DATA_C") has a code equal to `code`. */
static int has_code(const char *reasons, const char *code)
{
    size_t n = strlen(code);
    for (const char *s = reasons; s && *s;) {
        if (strncmp(s, code, n) == 0 && (s[n] == '\0' || s[n] == '(' || s[n] == ';'))
            return 1;
        s = strchr(s, ';');
        if (s)
            s++;
    }
    return 0;
}

int ls__ledger_assign_lists(ls_context *ctx, ls__dataset *ds, const ls_rules *rules)
{
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        const char *status = ls__status_name(p->status);
        ls__buf b = {0};
        p->listed = p->status == LS_STATUS_IDLE || p->status == LS_STATUS_RELOCATABLE ||
                    p->status == LS_STATUS_LOW_EFFICIENCY;
        for (size_t l = 0; l < rules->nlists; l++) {
            const ls_list_rule *lr = &rules->lists[l];
            int on = 0;
            for (size_t k = 0; k < lr->nitems && !on; k++)
                on = strcmp(lr->items[k], status) == 0 || has_code(p->reasons, lr->items[k]);
            if (on)
                ls__buf_addf(&b, "%s%s", b.len ? ";" : "", lr->name);
        }
        if (!b.data)
            ls__buf_add(&b, "");
        free(p->lists);
        if (!(p->lists = ls__buf_take(&b)))
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

/* ---- matching --------------------------------------------------------------------------- */

typedef struct edge {
    size_t n, o;
    double overlap; /* m², -1 when not computed */
    double share;   /* of the old parcel's figures going to the new one */
} edge;

typedef struct edges {
    size_t len, cap;
    edge *e;
} edges;

/* Append a link (a pair found twice is merged by edges_sort_unique, not here: a scan of the
 * links so far made matching quadratic in the parcels). */
static int edge_add(edges *E, size_t n, size_t o, double overlap)
{
    if (E->len == E->cap) {
        size_t cap = E->cap ? E->cap * 2 : 64;
        edge *e = realloc(E->e, cap * sizeof(*e));
        if (!e)
            return -1;
        E->e = e;
        E->cap = cap;
    }
    E->e[E->len++] = (edge){n, o, overlap, 1.0};
    return 0;
}

static int cmp_edge(const void *a, const void *b)
{
    const edge *x = a, *y = b;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    return x->o < y->o ? -1 : x->o > y->o;
}

/* Sort the links by (new, old) and keep one per pair: the id match (overlap not computed)
 * when the pair was found both ways. */
static void edges_sort_unique(edges *E)
{
    if (E->len < 2)
        return;
    qsort(E->e, E->len, sizeof(*E->e), cmp_edge);
    size_t m = 0;
    for (size_t i = 0; i < E->len; i++) {
        if (m > 0 && E->e[m - 1].n == E->e[i].n && E->e[m - 1].o == E->e[i].o) {
            if (E->e[i].overlap < 0)
                E->e[m - 1].overlap = E->e[i].overlap;
            continue;
        }
        E->e[m++] = E->e[i];
    }
    E->len = m;
}

typedef struct hits {
    size_t len, cap;
    size_t *ix;
    int failed;
} hits;

static void tree_hit(void *item, void *userdata)
{
    hits *h = userdata;
    if (h->len == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 16;
        size_t *ix = realloc(h->ix, cap * sizeof(*ix));
        if (!ix) {
            h->failed = 1;
            return;
        }
        h->ix = ix;
        h->cap = cap;
    }
    h->ix[h->len++] = *(const size_t *)item;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static long find_block(const ls__dataset *ds, const char *id)
{
    for (size_t i = 0; id && i < ds->nblocks; i++)
        if (ds->blocks[i].id && strcmp(ds->blocks[i].id, id) == 0)
            return (long)i;
    return -1;
}

static long find_district(const ls__dataset *ds, const char *name)
{
    for (size_t i = 0; name && i < ds->ndistricts; i++)
        if (ds->districts[i].name && strcmp(ds->districts[i].name, name) == 0)
            return (long)i;
    return -1;
}

static long find_town(const ls__dataset *ds, const char *district, const char *town)
{
    for (size_t i = 0; district && town && i < ds->ntowns; i++)
        if (ds->towns[i].name && ds->towns[i].town && strcmp(ds->towns[i].name, district) == 0 &&
            strcmp(ds->towns[i].town, town) == 0)
            return (long)i;
    return -1;
}

static int cmp_resolved(const void *a, const void *b)
{
    return strcmp(((const ls__resolved *)a)->parcel_id, ((const ls__resolved *)b)->parcel_id);
}

/* Append r to ds->resolved, taking its strings and geometry (freed when a string is missing
 * or on failure: LS_ENOMEM with the message). */
static int resolved_add(ls_context *ctx, ls__dataset *ds, size_t *cap, ls__resolved r)
{
    if (r.parcel_id && r.old_status && r.new_status && ds->nresolved == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        ls__resolved *a = realloc(ds->resolved, c * sizeof(*a));
        if (a) {
            ds->resolved = a;
            *cap = c;
        }
    }
    if (!r.parcel_id || !r.old_status || !r.new_status || ds->nresolved == *cap) {
        free(r.parcel_id);
        free(r.old_status);
        free(r.new_status);
        if (r.geom)
            GEOSGeom_destroy_r(ds->geos, r.geom);
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    ds->resolved[ds->nresolved++] = r;
    return LS_OK;
}

int ls__ledger_match(ls_context *ctx, ls__dataset *ds, ls__ledger_old *old, size_t nold,
                     int have_prev, const char *reference_date, double overlap_min)
{
    GEOSContextHandle_t g = ds->geos;
    int error = LS_OK;
    size_t nn = ds->nparcels;
    edges E = {0};
    ls__id_ref *ids = NULL;
    char *id_new = NULL, *id_old = NULL;
    size_t *tree_ix = NULL, *parent = NULL, *cnt_old = NULL, *cnt_new = NULL, *deg = NULL;
    double *sum = NULL;
    GEOSSTRtree *tree = NULL;
    hits h = {0};
    size_t rcap = ds->nresolved;

    if (!have_prev) {
        for (size_t i = 0; i < nn; i++) {
            ls__parcel *p = &ds->parcels[i];
            p->change = p->listed ? LS_CHANGE_NEW : LS_CHANGE_UNCHANGED;
            p->listed_runs = p->listed;
            if (p->listed && !(p->first_listed = ls__strdup(reference_date)))
                return ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        return LS_OK;
    }
    ids = malloc((nold ? nold : 1) * sizeof(*ids));
    id_new = calloc(nn ? nn : 1, 1);
    id_old = calloc(nold ? nold : 1, 1);
    tree_ix = malloc((nn ? nn : 1) * sizeof(*tree_ix));
    parent = malloc((nn + nold + 1) * sizeof(*parent));
    cnt_old = calloc(nn + nold + 1, sizeof(*cnt_old));
    cnt_new = calloc(nn + nold + 1, sizeof(*cnt_new));
    deg = calloc(nold ? nold : 1, sizeof(*deg));
    sum = calloc(nold ? nold : 1, sizeof(*sum));
    if (!ids || !id_new || !id_old || !tree_ix || !parent || !cnt_old || !cnt_new || !deg || !sum) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }

    /* 1. same id */
    for (size_t o = 0; o < nold; o++)
        ids[o] = (ls__id_ref){old[o].parcel_id ? old[o].parcel_id : "", o};
    ls__id_refs_sort(ids, nold);
    for (size_t n = 0; n < nn; n++) {
        const char *pid = ds->parcels[n].parcel_id ? ds->parcels[n].parcel_id : "";
        for (size_t k = ls__id_refs_lower_bound(ids, nold, pid);
             k < nold && strcmp(ids[k].id, pid) == 0; k++) {
            if (edge_add(&E, n, ids[k].ix, -1.0)) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            id_new[n] = 1;
            id_old[ids[k].ix] = 1;
        }
    }

    /* 2. overlap, for pairs not both matched by id */
    if (!isnan(overlap_min) && nn > 0 && nold > 0) {
        if (!(tree = GEOSSTRtree_create_r(g, 10))) {
            error = ls__error_set(ctx, LS_EGEOM, "ledger: GEOS could not build an index");
            goto cleanup;
        }
        for (size_t n = 0; n < nn; n++) {
            tree_ix[n] = n;
            if (ds->parcels[n].geom)
                GEOSSTRtree_insert_r(g, tree, ds->parcels[n].geom, &tree_ix[n]);
        }
        for (size_t o = 0; o < nold && error == LS_OK; o++) {
            if (!old[o].geom)
                continue;
            h.len = 0;
            GEOSSTRtree_query_r(g, tree, old[o].geom, tree_hit, &h);
            if (h.failed) {
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                break;
            }
            if (h.len > 1)
                qsort(h.ix, h.len, sizeof(*h.ix), cmp_size);
            double area_o = 0;
            GEOSArea_r(g, old[o].geom, &area_o);
            for (size_t k = 0; k < h.len; k++) {
                size_t n = h.ix[k];
                if (id_new[n] && id_old[o])
                    continue;
                double inter = ls__geos_overlap_area(g, ds->parcels[n].geom, old[o].geom);
                if (inter < 0) {
                    error = ls__error_set(ctx, LS_EGEOM,
                                          "ledger: cannot intersect parcel %s with parcel %s of "
                                          "the previous run",
                                          ds->parcels[n].parcel_id, old[o].parcel_id);
                    break;
                }
                double least = fmin(ds->parcels[n].area_m2, area_o);
                if (inter > 0 && inter >= overlap_min * least - 1e-9 * least &&
                    edge_add(&E, n, o, inter)) {
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                    break;
                }
            }
        }
        if (error)
            goto cleanup;
    }
    edges_sort_unique(&E);

    /* 3. shares of each old parcel among its successors, by overlap */
    for (size_t i = 0; i < E.len; i++)
        deg[E.e[i].o]++;
    for (size_t i = 0; i < E.len; i++) {
        edge *e = &E.e[i];
        if (deg[e->o] > 1 && e->overlap < 0 && old[e->o].geom && ds->parcels[e->n].geom)
            e->overlap = ls__geos_overlap_area(g, ds->parcels[e->n].geom, old[e->o].geom);
    }
    for (size_t i = 0; i < E.len; i++)
        sum[E.e[i].o] += E.e[i].overlap > 0 ? E.e[i].overlap : 0;
    for (size_t i = 0; i < E.len; i++) {
        edge *e = &E.e[i];
        if (deg[e->o] <= 1)
            e->share = 1.0;
        else if (sum[e->o] > 0)
            e->share = (e->overlap > 0 ? e->overlap : 0) / sum[e->o];
        else
            e->share = 1.0 / (double)deg[e->o];
    }

    /* 4. groups */
    for (size_t i = 0; i < nn + nold; i++)
        parent[i] = i;
    for (size_t i = 0; i < E.len; i++)
        ls__uf_union(parent, E.e[i].n, nn + E.e[i].o);
    for (size_t n = 0; n < nn; n++)
        cnt_new[ls__uf_find(parent, n)]++;
    for (size_t o = 0; o < nold; o++)
        cnt_old[ls__uf_find(parent, nn + o)]++;

    /* 5. per current parcel */
    for (size_t i = 0, n = 0; n < nn && error == LS_OK; n++) {
        ls__parcel *p = &ds->parcels[n];
        size_t first = i;
        while (i < E.len && E.e[i].n == n)
            i++;
        int was_listed = 0, prev_runs = 0;
        const char *first_listed = NULL;
        double best_share = -1, old_reclaim = 0, old_area = 0;
        const char *old_status = NULL;
        ls__buf from = {0};
        for (size_t k = first; k < i; k++) {
            const ls__ledger_old *o = &old[E.e[k].o];
            if (o->first_listed && (!first_listed || strcmp(o->first_listed, first_listed) < 0))
                first_listed = o->first_listed;
            if (o->listed_runs > prev_runs)
                prev_runs = o->listed_runs;
            ls__buf_addf(&from, "%s%s", from.len ? ";" : "", o->parcel_id);
            if (!o->listed)
                continue;
            was_listed = 1;
            old_reclaim += (isnan(o->reclaimable_mu) ? 0 : o->reclaimable_mu) * E.e[k].share;
            old_area += (isnan(o->area_mu) ? 0 : o->area_mu) * E.e[k].share;
            if (E.e[k].share > best_share) {
                best_share = E.e[k].share;
                old_status = o->status;
            }
        }
        if (first < i) {
            size_t root = ls__uf_find(parent, n);
            size_t co = cnt_old[root], cn = cnt_new[root];
            if (co == 1 && cn == 1)
                p->match = id_new[n] ? "same_id" : "resurvey";
            else if (co == 1)
                p->match = "split";
            else if (cn == 1)
                p->match = "merge";
            else
                p->match = "split_merge";
        }
        char *from_text = ls__buf_take(&from);
        if (p->match && strcmp(p->match, "same_id") != 0) {
            p->matched_from = from_text;
            from_text = NULL;
        }
        free(from_text);
        p->change = p->listed ? (was_listed ? LS_CHANGE_PERSISTING : LS_CHANGE_NEW)
                              : (was_listed ? LS_CHANGE_RESOLVED : LS_CHANGE_UNCHANGED);
        p->listed_runs = prev_runs + p->listed;
        if (first_listed || p->listed) {
            p->first_listed = ls__strdup(first_listed ? first_listed : reference_date);
            if (!p->first_listed)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        }
        if (error == LS_OK && p->change == LS_CHANGE_RESOLVED) {
            ls__resolved r = {ls__strdup(p->parcel_id),
                              ls__strdup(old_status),
                              ls__strdup(ls__status_name(p->status)),
                              old_reclaim,
                              old_area,
                              p->block_ix,
                              p->district_ix,
                              p->town_ix,
                              p->geom ? GEOSGeom_clone_r(g, p->geom) : NULL};
            error = resolved_add(ctx, ds, &rcap, r);
        }
    }

    /* 6. listed parcels of the previous run that match nothing now */
    for (size_t o = 0; o < nold && error == LS_OK; o++) {
        ls__ledger_old *op = &old[o];
        if (deg[o] > 0 || !op->listed)
            continue;
        long d = find_district(ds, op->district);
        ls__resolved r = {ls__strdup(op->parcel_id),
                          ls__strdup(op->status),
                          ls__strdup("removed"),
                          isnan(op->reclaimable_mu) ? 0 : op->reclaimable_mu,
                          isnan(op->area_mu) ? 0 : op->area_mu,
                          find_block(ds, op->block_id),
                          d,
                          find_town(ds, op->district, op->town),
                          op->geom};
        op->geom = NULL;
        error = resolved_add(ctx, ds, &rcap, r);
    }
    if (error == LS_OK && ds->nresolved > 1)
        qsort(ds->resolved, ds->nresolved, sizeof(*ds->resolved), cmp_resolved);

cleanup:
    if (tree)
        GEOSSTRtree_destroy_r(g, tree);
    free(h.ix);
    free(E.e);
    free(ids);
    free(id_new);
    free(id_old);
    free(tree_ix);
    free(parent);
    free(cnt_old);
    free(cnt_new);
    free(deg);
    free(sum);
    return error;
}

/* ---- prepare (before writing) ------------------------------------------------------------ */

static void free_old(GEOSContextHandle_t g, ls__ledger_old *old, size_t n)
{
    for (size_t i = 0; old && i < n; i++) {
        free(old[i].parcel_id);
        free(old[i].status);
        free(old[i].first_listed);
        free(old[i].block_id);
        free(old[i].district);
        free(old[i].town);
        if (old[i].geom)
            GEOSGeom_destroy_r(g, old[i].geom);
    }
    free(old);
}

/* The previous run of cfg->name's series (same name, years aside) and its parcels (with geometry
 * when same_crs). */
static int load_previous(ls__ldb *L, const ls_config *cfg, const char *district, ls__dataset *ds,
                         long *prev_id, ls__ledger_old **out, size_t *nout)
{
    sqlite3_stmt *st = NULL;
    GEOSWKBReader *rd = NULL;
    ls__ledger_old *old = NULL;
    ls__lgeom wkb = {0};
    size_t n = 0, cap = 0;
    int same_crs = 0;
    int error = ls__ldb_prepare(
        L,
        "SELECT run_id, crs_wkt, srid FROM runs WHERE ls_series(name) = ls_series(?1) AND "
        "reference_date < ?2 ORDER BY reference_date DESC, run_id DESC LIMIT 1",
        &st);
    if (error)
        return error;
    ls__ldb_bind_text(st, 1, cfg->name ? cfg->name : "");
    ls__ldb_bind_text(st, 2, cfg->reference_date ? cfg->reference_date : "");
    int rc = sqlite3_step(st);
    *prev_id = 0;
    if (rc == SQLITE_ROW) {
        const char *wkt = (const char *)sqlite3_column_text(st, 1);
        long srid = (long)sqlite3_column_int64(st, 2);
        *prev_id = (long)sqlite3_column_int64(st, 0);
        same_crs = (wkt && ds->crs_wkt && strcmp(wkt, ds->crs_wkt) == 0) ||
                   (srid > 0 && srid == ds->crs_epsg);
    } else if (rc != SQLITE_DONE) {
        error = ls__ldb_error(L, "cannot read the ledger");
    }
    sqlite3_finalize(st);
    st = NULL;
    if (error || *prev_id == 0)
        return error;
    if (!same_crs)
        ls__notice(L->ctx, LS_NOTICE_WARNING,
                   "%s: the previous run (%ld) is in another CRS; parcels are matched by id only",
                   L->path, *prev_id);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT p.parcel_id, p.status, p.listed, p.first_listed, p.listed_runs, p.area_mu,"
             " p.reclaimable_mu, p.block_id, p.district, p.town, %s FROM %s"
             " WHERE p.run_id = ?1 AND (?2 IS NULL OR p.district = ?2) ORDER BY p.rowid",
             ls__ldb_parcel_geom(L), ls__ldb_parcels_from(L));
    if ((error = ls__ldb_prepare(L, sql, &st)))
        return error;
    sqlite3_bind_int64(st, 1, *prev_id);
    ls__ldb_bind_text(st, 2, district);
    if (!(rd = GEOSWKBReader_create_r(ds->geos))) {
        error = ls__error_set(L->ctx, LS_EGEOM, "ledger: GEOS WKB reader failed");
        goto cleanup;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            size_t c = cap ? cap * 2 : 256;
            ls__ledger_old *a = realloc(old, c * sizeof(*a));
            if (!a) {
                error = ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
                goto cleanup;
            }
            old = a;
            cap = c;
        }
        ls__ledger_old *o = &old[n++];
        memset(o, 0, sizeof(*o));
        o->parcel_id = ls__ldb_col_text(st, 0);
        o->status = ls__ldb_col_text(st, 1);
        o->listed = sqlite3_column_int(st, 2);
        o->first_listed = ls__ldb_col_text(st, 3);
        o->listed_runs = sqlite3_column_int(st, 4);
        o->area_mu = ls__ldb_col_real(st, 5);
        o->reclaimable_mu = ls__ldb_col_real(st, 6);
        o->block_id = ls__ldb_col_text(st, 7);
        o->district = ls__ldb_col_text(st, 8);
        o->town = ls__ldb_col_text(st, 9);
        const unsigned char *blob = sqlite3_column_blob(st, 10);
        int len = sqlite3_column_bytes(st, 10);
        if (same_crs && blob && len > 0 && ls__lgeom_to_wkb(blob, (size_t)len, &wkb) == 0)
            o->geom = GEOSWKBReader_read_r(ds->geos, rd, wkb.data, wkb.len);
        if (!o->parcel_id || !o->status) {
            error =
                ls__error_set(L->ctx, LS_EINVAL, "%s: run %ld has a parcel without id or status",
                              L->path, *prev_id);
            goto cleanup;
        }
    }
    if (rc != SQLITE_DONE)
        error = ls__ldb_error(L, "cannot read the previous run");

cleanup:
    if (rd)
        GEOSWKBReader_destroy_r(ds->geos, rd);
    ls__lgeom_free(&wkb);
    sqlite3_finalize(st);
    if (error) {
        free_old(ds->geos, old, n);
        return error;
    }
    *out = old;
    *nout = n;
    return LS_OK;
}

int ls__ledger_prepare(ls_context *ctx, const char *path, const ls_config *cfg,
                       const ls_rules *rules, const char *district, ls__dataset *ds,
                       ls__ledger **out)
{
    int error = LS_OK, exists = 0, version = 0;
    ls__ldb L = {0};
    ls__ledger *lg = calloc(1, sizeof(*lg));
    ls__ledger_old *old = NULL;
    size_t nold = 0;
    if (!lg || !(lg->path = ls__strdup(path)) ||
        (district && !(lg->district = ls__strdup(district)))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((error = ls__ledger_assign_lists(ctx, ds, rules)) ||
        (error = ls__ldb_probe(ctx, path, &exists)))
        goto cleanup;
    if (exists) {
        if ((error = ls__ldb_open(ctx, path, 0, &L)) || (error = ls__ldb_check(&L, &version)))
            goto cleanup;
        if (version > 0 &&
            (error = load_previous(&L, cfg, district, ds, &lg->prev_run_id, &old, &nold)))
            goto cleanup;
    }
    if ((error = ls__ledger_match(ctx, ds, old, nold, lg->prev_run_id > 0, cfg->reference_date,
                                  rules->match_overlap_min)) ||
        (error =
             ls__ledger_series(ctx, L.db ? &L : NULL, version, cfg, district, lg->prev_run_id, ds)))
        goto cleanup;
    ds->has_ledger = 1;

cleanup:
    ls__ldb_close(&L);
    free_old(ds->geos, old, nold);
    if (error) {
        ls__ledger_free(lg);
        return error;
    }
    *out = lg;
    return LS_OK;
}

void ls__ledger_free(ls__ledger *lg)
{
    if (!lg)
        return;
    ls__ledger_record_abort(lg);
    free(lg->path);
    free(lg->district);
    free(lg);
}
