/*
 * sites.c — contiguous consolidation sites (连片开发, domain.md §7).
 *
 * Candidates are parcels with action reclaim or relocate. Two candidates are connected when
 * they are in the same district (parcel.district compared as strings; all parcels without a
 * district form one group of their own) and their distance is ≤ site_gap_m (NAN → 0: only
 * touching parcels connect). Pairs are found with an STRtree whose queries use each
 * candidate's envelope expanded by the gap, then checked exactly with GEOSDistanceWithin;
 * connected components come from union-find. A component is kept as a site when its union
 * polygon is larger than site_min_mu (strictly: seed 004 "10亩以下…不再供地", so 10 mu itself
 * is too small; NAN → every component is kept).
 *
 * Site polygon: the plain union (GEOSUnaryUnion) of the member parcels, a MultiPolygon when a
 * road sliver separates them. The gap itself is not filled in: the sliver is usually a road or
 * a ditch that is not part of the reclaimable land. A site's area_mu is the area of its union
 * polygon, never the sum of its members: overlapping parcels are counted once (domain.md §1,
 * §7). Components whose member sum is already not larger than site_min_mu are dropped without
 * computing their union (the union is never larger than the sum).
 *
 * Order and ids: sites sorted by district (byte order; sites without a district last), then
 * by their smallest member parcel_id (byte order; a parcel without id compares by fid after
 * those with one); ids 1, 2, … in that order. Members are listed sorted by parcel_id. block_id
 * = the block holding the most member mu (ties: smallest block id; NULL when no member has a
 * block); district is the group's district. parcel.site_id is reset to 0 for every parcel
 * first, then set for members of kept sites.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "geos_bridge.h"
#include "sites.h"
#include "union_find.h"

typedef struct site_build {
    size_t *members; /* parcel indexes */
    size_t n;
    double area_mu; /* Σ member area_mu, then the union polygon's mu once built */
    const char *district;
    GEOSGeometry *geom; /* the union polygon of a kept site, owned until handed over */
    int error;          /* the union failed: code and what */
    const char *why;
} site_build;

typedef struct query_data {
    GEOSContextHandle_t geos;
    const ls__dataset *ds;
    const size_t *cand; /* candidate → parcel index */
    size_t self;        /* candidate index being queried */
    size_t *parent;     /* union-find over candidates */
    double gap_m;
    int failed;
} query_data;

static int same_district(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* District order: named ones by byte order, then NULL. */
static int cmp_district(const char *a, const char *b)
{
    if (!a || !b)
        return (a == NULL) - (b == NULL);
    return strcmp(a, b);
}

static int cmp_parcel_ids(const ls__parcel *a, const ls__parcel *b)
{
    if (a->parcel_id && b->parcel_id) {
        int c = strcmp(a->parcel_id, b->parcel_id);
        if (c)
            return c;
    } else if (a->parcel_id || b->parcel_id) {
        return a->parcel_id ? -1 : 1;
    }
    return (a->fid > b->fid) - (a->fid < b->fid);
}

/* qsort has no user pointer: members are sorted through this small record. */
typedef struct member_ref {
    const ls__parcel *p;
    size_t idx;
} member_ref;

static int cmp_member(const void *a, const void *b)
{
    return cmp_parcel_ids(((const member_ref *)a)->p, ((const member_ref *)b)->p);
}

typedef struct site_ref {
    site_build *s;
    const ls__parcel *first;
} site_ref;

static int cmp_site(const void *a, const void *b)
{
    const site_ref *x = a, *y = b;
    int c = cmp_district(x->s->district, y->s->district);
    return c ? c : cmp_parcel_ids(x->first, y->first);
}

static void query_cb(void *item, void *userdata)
{
    query_data *q = userdata;
    size_t other = *(const size_t *)item;
    if (q->failed || other <= q->self)
        return;
    const ls__parcel *a = &q->ds->parcels[q->cand[q->self]];
    const ls__parcel *b = &q->ds->parcels[q->cand[other]];
    if (!same_district(a->district, b->district))
        return;
    char within = GEOSDistanceWithin_r(q->geos, a->geom, b->geom, q->gap_m);
    if (within == 2)
        q->failed = 1;
    else if (within == 1)
        ls__uf_union(q->parent, q->self, other);
}

/* Members ordered by block_id, then by their position among the members. */
typedef struct block_ref {
    const char *block;
    size_t pos;
} block_ref;

static int cmp_block_ref(const void *a, const void *b)
{
    const block_ref *x = a, *y = b;
    int c = strcmp(x->block, y->block);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* The block holding the most member mu (ties: the smallest block id), NULL when no member has
 * a block; *failed on out of memory. Members are grouped by sorting (a site may have
 * thousands), each block's mu summed in member order. */
static const char *main_block(const ls__dataset *ds, const size_t *members, size_t n, int *failed)
{
    block_ref *refs = malloc((n ? n : 1) * sizeof(*refs));
    size_t k = 0;
    if (!refs) {
        *failed = 1;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const char *b = ds->parcels[members[i]].block_id;
        if (b)
            refs[k++] = (block_ref){b, i};
    }
    qsort(refs, k, sizeof(*refs), cmp_block_ref);
    const char *best = NULL;
    double best_mu = -1.0;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        double mu = 0.0;
        for (; j < k && strcmp(refs[j].block, refs[i].block) == 0; j++) {
            double a = ds->parcels[members[refs[j].pos]].area_mu;
            if (isfinite(a))
                mu += a;
        }
        if (mu > best_mu) /* groups come in block order: an equal mu never replaces */
            best = refs[i].block, best_mu = mu;
        i = j;
    }
    free(refs);
    return best;
}

void ls__sites_free(ls__dataset *ds)
{
    for (size_t i = 0; i < ds->nsites; i++) {
        if (ds->sites[i].geom)
            GEOSGeom_destroy_r(ds->geos, ds->sites[i].geom);
        free(ds->sites[i].parcels);
    }
    free(ds->sites);
    ds->sites = NULL;
    ds->nsites = 0;
}

/* s->geom = the union of the members' polygons; s->area_mu = its area in mu. On failure
 * s->error and s->why say what failed (ls__sites_build sets the message). */
static void union_of(GEOSContextHandle_t geos, const ls__dataset *ds, site_build *s)
{
    GEOSGeometry **parts = calloc(s->n, sizeof(*parts));
    if (!parts) {
        s->error = LS_ENOMEM, s->why = "out of memory";
        return;
    }
    for (size_t i = 0; i < s->n; i++) {
        parts[i] = GEOSGeom_clone_r(geos, ds->parcels[s->members[i]].geom);
        if (!parts[i]) {
            for (size_t k = 0; k < i; k++)
                GEOSGeom_destroy_r(geos, parts[k]);
            free(parts);
            s->error = LS_EDEP, s->why = "cannot copy a parcel geometry";
            return;
        }
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(geos, GEOS_GEOMETRYCOLLECTION, parts, (unsigned)s->n);
    if (!coll) {
        for (size_t k = 0; k < s->n; k++)
            GEOSGeom_destroy_r(geos, parts[k]);
        free(parts);
        s->error = LS_EDEP, s->why = "cannot build a geometry collection";
        return;
    }
    free(parts); /* the collection owns the clones */
    s->geom = GEOSUnaryUnion_r(geos, coll);
    GEOSGeom_destroy_r(geos, coll);
    double a = 0.0;
    if (!s->geom || !GEOSArea_r(geos, s->geom, &a)) {
        s->error = LS_EGEOM, s->why = "union failed";
        return;
    }
    s->area_mu = LS_M2_TO_MU(a);
}

/* The unions of todo[0..n) (indexes into builds) on up to `jobs` threads, each with its own
 * GEOS handle (made here, before the threads: GEOS_init_r writes a global); the sites are
 * independent and each result is the same on any thread. */
typedef struct union_work {
    const ls__dataset *ds;
    site_build *builds;
    const size_t *todo;
    size_t n, next;
    pthread_mutex_t lock;
} union_work;

typedef struct union_thread {
    union_work *w;
    GEOSContextHandle_t g;
} union_thread;

static void *union_worker(void *arg)
{
    union_thread *u = arg;
    union_work *w = u->w;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t k = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (k >= w->n)
            break;
        union_of(u->g, w->ds, &w->builds[w->todo[k]]);
    }
    return NULL;
}

static void unions(const ls__dataset *ds, site_build *builds, const size_t *todo, size_t n,
                   int jobs)
{
    if (jobs > 64)
        jobs = 64;
    if ((size_t)jobs > n)
        jobs = (int)n;
    union_work w = {ds, builds, todo, n, 0, PTHREAD_MUTEX_INITIALIZER};
    union_thread threads[64];
    pthread_t ids[64];
    int made = 0, started = 0;
    for (; jobs > 1 && made < jobs; made++) {
        threads[made] = (union_thread){&w, ls__geos_new(NULL)};
        if (!threads[made].g)
            break;
    }
    for (int t = 0; t < made; t++) {
        if (pthread_create(&ids[t], NULL, union_worker, &threads[t]) != 0)
            break;
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(ids[t], NULL);
    for (int t = 0; t < made; t++)
        if (threads[t].g)
            GEOS_finish_r(threads[t].g);
    for (size_t k = w.next; k < n; k++) /* one thread, or what no thread took: this one */
        union_of(ds->geos, ds, &builds[todo[k]]);
}

int ls__sites_build(ls_context *ctx, ls__dataset *ds, const ls_rules *rules)
{
    int error = LS_OK;
    GEOSContextHandle_t geos = ds->geos;
    GEOSSTRtree *tree = NULL;
    size_t *cand = NULL, *parent = NULL, *ids = NULL, *root_site = NULL;
    site_build *builds = NULL;
    site_ref *order = NULL;
    member_ref *refs = NULL;
    ls__site *sites = NULL;
    size_t ncand = 0, nbuilds = 0, nkept = 0;
    double gap_m = isnan(rules->site_gap_m) ? 0.0 : fmax(0.0, rules->site_gap_m);

    ls__sites_free(ds);
    for (size_t i = 0; i < ds->nparcels; i++)
        ds->parcels[i].site_id = 0;
    if (ds->nparcels == 0)
        goto cleanup;

    cand = malloc(ds->nparcels * sizeof(*cand));
    if (!cand)
        goto nomem;
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if (p->geom && (p->action == LS_ACTION_RECLAIM || p->action == LS_ACTION_RELOCATE))
            cand[ncand++] = i;
    }
    if (ncand == 0)
        goto cleanup;

    parent = malloc(ncand * sizeof(*parent));
    ids = malloc(ncand * sizeof(*ids));
    root_site = malloc(ncand * sizeof(*root_site));
    builds = calloc(ncand, sizeof(*builds));
    refs = malloc(ncand * sizeof(*refs));
    if (!parent || !ids || !root_site || !builds || !refs)
        goto nomem;
    tree = GEOSSTRtree_create_r(geos, 10);
    if (!tree) {
        error = ls__error_set(ctx, LS_EDEP, "sites: cannot create an STRtree");
        goto cleanup;
    }
    for (size_t c = 0; c < ncand; c++) {
        parent[c] = c;
        ids[c] = c;
        GEOSSTRtree_insert_r(geos, tree, ds->parcels[cand[c]].geom, &ids[c]);
    }

    /* Connect candidates within the gap. */
    query_data q = {geos, ds, cand, 0, parent, gap_m, 0};
    for (size_t c = 0; c < ncand; c++) {
        const GEOSGeometry *g = ds->parcels[cand[c]].geom;
        double x0, y0, x1, y1;
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "sites: interrupted");
            goto cleanup;
        }
        if (!GEOSGeom_getXMin_r(geos, g, &x0) || !GEOSGeom_getYMin_r(geos, g, &y0) ||
            !GEOSGeom_getXMax_r(geos, g, &x1) || !GEOSGeom_getYMax_r(geos, g, &y1)) {
            error = ls__error_set(ctx, LS_EGEOM, "sites: parcel %s has an empty geometry",
                                  ds->parcels[cand[c]].parcel_id ? ds->parcels[cand[c]].parcel_id
                                                                 : "?");
            goto cleanup;
        }
        GEOSGeometry *box =
            GEOSGeom_createRectangle_r(geos, x0 - gap_m, y0 - gap_m, x1 + gap_m, y1 + gap_m);
        if (!box) {
            error = ls__error_set(ctx, LS_EDEP, "sites: cannot build a query envelope");
            goto cleanup;
        }
        q.self = c;
        GEOSSTRtree_query_r(geos, tree, box, query_cb, &q);
        GEOSGeom_destroy_r(geos, box);
        if (q.failed) {
            error = ls__error_set(ctx, LS_EDEP, "sites: GEOS distance failed for parcel %s",
                                  ds->parcels[cand[c]].parcel_id ? ds->parcels[cand[c]].parcel_id
                                                                 : "?");
            goto cleanup;
        }
    }

    /* Components. */
    for (size_t c = 0; c < ncand; c++)
        root_site[c] = (size_t)-1;
    for (size_t c = 0; c < ncand; c++) {
        size_t r = ls__uf_find(parent, c);
        if (root_site[r] == (size_t)-1) {
            root_site[r] = nbuilds;
            builds[nbuilds].district = ds->parcels[cand[c]].district;
            nbuilds++;
        }
        builds[root_site[r]].n++; /* count first, fill below */
    }
    for (size_t b = 0; b < nbuilds; b++) {
        builds[b].members = malloc(builds[b].n * sizeof(size_t));
        if (!builds[b].members)
            goto nomem;
        builds[b].n = 0;
    }
    for (size_t c = 0; c < ncand; c++) {
        site_build *s = &builds[root_site[ls__uf_find(parent, c)]];
        const ls__parcel *p = &ds->parcels[cand[c]];
        s->members[s->n++] = cand[c];
        if (isfinite(p->area_mu))
            s->area_mu += p->area_mu;
    }

    /* Keep, sort members, order sites. */
    order = malloc(nbuilds * sizeof(*order));
    if (!order)
        goto nomem;
    size_t ntodo = 0;
    for (size_t b = 0; b < nbuilds; b++) /* the union only where the member sum is enough */
        if (isnan(rules->site_min_mu) || builds[b].area_mu > rules->site_min_mu)
            root_site[ntodo++] = b; /* root_site is free again: reused for the list */
    unions(ds, builds, root_site, ntodo, ds->jobs);
    for (size_t b = 0; b < nbuilds; b++) {
        site_build *s = &builds[b];
        if (s->error) {
            const char *id = ds->parcels[s->members[0]].parcel_id;
            error = ls__error_set(ctx, s->error, "sites: %s for the site of parcel %s", s->why,
                                  id ? id : "(no id)");
            goto cleanup;
        }
        if (!s->geom)
            continue;
        if (!isnan(rules->site_min_mu) && !(s->area_mu > rules->site_min_mu)) {
            GEOSGeom_destroy_r(geos, s->geom);
            s->geom = NULL;
            continue;
        }
        for (size_t i = 0; i < s->n; i++) {
            refs[i].p = &ds->parcels[s->members[i]];
            refs[i].idx = s->members[i];
        }
        qsort(refs, s->n, sizeof(*refs), cmp_member);
        for (size_t i = 0; i < s->n; i++)
            s->members[i] = refs[i].idx;
        order[nkept].s = s;
        order[nkept].first = &ds->parcels[s->members[0]];
        nkept++;
    }
    if (nkept == 0)
        goto cleanup;
    qsort(order, nkept, sizeof(*order), cmp_site);

    sites = calloc(nkept, sizeof(*sites));
    if (!sites)
        goto nomem;
    for (size_t k = 0; k < nkept; k++) {
        site_build *s = order[k].s;
        ls__site *out = &sites[k];
        out->geom = s->geom;
        s->geom = NULL;
        out->site_id = (int)(k + 1);
        out->area_mu = s->area_mu;
        out->nparcels = s->n;
        out->parcels = s->members;
        s->members = NULL;
        out->district = s->district;
        out->block_id = NULL;
        for (size_t i = 0; i < out->nparcels; i++)
            ds->parcels[out->parcels[i]].site_id = out->site_id;
    }
    for (size_t k = 0; k < nkept; k++) {
        int failed = 0;
        sites[k].block_id = main_block(ds, sites[k].parcels, sites[k].nparcels, &failed);
        if (failed)
            goto nomem;
    }
    ds->sites = sites;
    ds->nsites = nkept;
    sites = NULL;
    goto cleanup;

nomem:
    error = ls__error_set(ctx, LS_ENOMEM, "sites: out of memory");
cleanup:
    if (error) {
        for (size_t i = 0; i < ds->nparcels; i++)
            ds->parcels[i].site_id = 0;
    }
    if (sites) {
        for (size_t k = 0; k < nkept; k++) {
            if (sites[k].geom)
                GEOSGeom_destroy_r(geos, sites[k].geom);
            free(sites[k].parcels);
        }
        free(sites);
    }
    if (tree)
        GEOSSTRtree_destroy_r(geos, tree);
    for (size_t b = 0; builds && b < nbuilds; b++) {
        free(builds[b].members);
        if (builds[b].geom)
            GEOSGeom_destroy_r(geos, builds[b].geom);
    }
    free(builds);
    free(order);
    free(refs);
    free(cand);
    free(parent);
    free(ids);
    free(root_site);
    return error;
}
