/*
 * overlay.c — spatial joins of the pipeline, parallel over parcels (domain.md §1).
 *
 * Algorithm, per parcel, each worker thread with its own GEOS context:
 *  - candidates come from STRtrees (built once, before the workers start, on the main
 *    context; after the first query a GEOS STRtree is read-only and safe to share);
 *  - every area polygon (control line, block, district, town) is prepared lazily per
 *    thread; a prepared `contains(parcel)` gives the overlap (= parcel area) without
 *    computing an intersection, a prepared `intersects` skips disjoint candidates;
 *  - control lines: the pieces parcel ∩ control_i are unioned before measuring, so
 *    overlapping control polygons are never counted twice; inside_control_m2 counts tiers 1
 *    and 2 only, transition_m2 the transition zones (过渡控制区) outside them, as
 *    area(∪ all pieces) − inside (a transition zone is not inside the lines, domain.md §1);
 *    control_tier is the tier of the polygon with the largest overlap;
 *  - block / district / town: largest overlap; overlaps equal within 1e-9 × parcel area are
 *    ties, resolved to the smallest id / name; districts are the dissolved district polygons,
 *    so a district's overlap is the sum over its towns;
 *  - buildings: the parcel is prepared; a building it contains overlaps by its own area,
 *    otherwise by area(b ∩ p); its floor area is apportioned by overlap / area(b).
 * Each parcel is written only by the worker that owns it, so results are identical for any
 * number of threads. GEOS failures on one parcel are recorded, not fatal.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "building_use.h"
#include "geos_bridge.h"
#include "overlay.h"

#define CHUNK 32

typedef struct area_set {
    const ls__area *areas;
    size_t n;
    GEOSSTRtree *tree;
} area_set;

typedef struct shared {
    ls_context *ctx;
    ls__dataset *ds;
    area_set controls, blocks, districts, towns;
    GEOSSTRtree *building_tree;
    size_t next;
    pthread_mutex_t lock;
    unsigned char *failed; /* per parcel: 1 when a GEOS operation failed */
    volatile int interrupted;
} shared;

typedef struct worker {
    shared *sh;
    GEOSContextHandle_t g;
    const GEOSPreparedGeometry **prep[4]; /* per area set, lazily prepared */
    size_t *cand;
    size_t ncand, capcand;
    int oom;
} worker;

int ls__overlay_pick(const double *overlap, const char *const *keys, int n, double tol)
{
    int best = -1;
    for (int i = 0; i < n; i++) {
        if (!(overlap[i] > 0))
            continue;
        if (best < 0 || overlap[i] > overlap[best] + tol) {
            best = i;
        } else if (fabs(overlap[i] - overlap[best]) <= tol && strcmp(keys[i], keys[best]) < 0) {
            best = i;
        }
    }
    return best;
}

static void collect(void *item, void *userdata)
{
    worker *w = userdata;
    if (w->ncand == w->capcand) {
        size_t cap = w->capcand ? w->capcand * 2 : 64;
        size_t *c = realloc(w->cand, cap * sizeof(*c));
        if (!c) {
            w->oom = 1;
            return;
        }
        w->cand = c;
        w->capcand = cap;
    }
    w->cand[w->ncand++] = (size_t)(uintptr_t)item - 1;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Candidates of a tree for a geometry, sorted by index (deterministic order). */
static void query(worker *w, GEOSSTRtree *tree, const GEOSGeometry *geom)
{
    w->ncand = 0;
    if (!tree)
        return;
    GEOSSTRtree_query_r(w->g, tree, geom, collect, w);
    if (w->ncand > 1)
        qsort(w->cand, w->ncand, sizeof(size_t), cmp_size);
}

static const GEOSPreparedGeometry *prepared(worker *w, int set, const area_set *as, size_t i)
{
    if (!w->prep[set][i])
        w->prep[set][i] = GEOSPrepare_r(w->g, as->areas[i].geom);
    return w->prep[set][i];
}

/* Grow per-parcel scratch arrays. */
typedef struct scratch {
    double *ov;
    GEOSGeometry **pieces;
    const char **keys;
    size_t cap;
} scratch;

static int scratch_fit(scratch *s, size_t n)
{
    if (n <= s->cap)
        return 0;
    size_t cap = n * 2;
    double *ov = realloc(s->ov, cap * sizeof(*ov));
    if (ov)
        s->ov = ov;
    GEOSGeometry **pieces = realloc(s->pieces, cap * sizeof(*pieces));
    if (pieces)
        s->pieces = pieces;
    const char **keys = realloc(s->keys, cap * sizeof(*keys));
    if (keys)
        s->keys = keys;
    if (!ov || !pieces || !keys)
        return -1;
    s->cap = cap;
    return 0;
}

/* Overlap of the parcel with every candidate of an area set; returns how many. */
static int overlaps(worker *w, int set, const area_set *as, const GEOSGeometry *pg, double parea,
                    scratch *s, int want_pieces, int *failed)
{
    query(w, as->tree, pg);
    int n = (int)w->ncand;
    if (n > 0 && scratch_fit(s, (size_t)n) != 0) {
        w->oom = 1;
        return 0;
    }
    double *ov = s->ov;
    GEOSGeometry **pieces = want_pieces ? s->pieces : NULL;
    for (int k = 0; k < n; k++) {
        size_t i = w->cand[k];
        ov[k] = 0.0;
        if (pieces)
            pieces[k] = NULL;
        const GEOSPreparedGeometry *pp = prepared(w, set, as, i);
        if (!pp) {
            *failed = 1;
            continue;
        }
        if (GEOSPreparedContains_r(w->g, pp, pg) == 1) {
            ov[k] = parea;
            if (pieces)
                pieces[k] = GEOSGeom_clone_r(w->g, pg);
            continue;
        }
        if (GEOSPreparedIntersects_r(w->g, pp, pg) != 1)
            continue;
        GEOSGeometry *x = GEOSIntersection_r(w->g, pg, as->areas[i].geom);
        if (!x) {
            *failed = 1;
            continue;
        }
        GEOSArea_r(w->g, x, &ov[k]);
        if (pieces && ov[k] > 0)
            pieces[k] = x;
        else
            GEOSGeom_destroy_r(w->g, x);
    }
    return n;
}

/* Area of the union of pieces[0..n) (each area already known when n == 1); destroys them.
 * Returns -1 on a GEOS failure. */
static double union_area(worker *w, GEOSGeometry **pieces, int n)
{
    double a = 0.0;
    if (n == 0)
        return 0.0;
    if (n == 1) {
        GEOSArea_r(w->g, pieces[0], &a);
        GEOSGeom_destroy_r(w->g, pieces[0]);
        return a;
    }
    GEOSGeometry *coll =
        GEOSGeom_createCollection_r(w->g, GEOS_GEOMETRYCOLLECTION, pieces, (unsigned)n);
    GEOSGeometry *u = coll ? GEOSUnaryUnion_r(w->g, coll) : NULL;
    int ok = u && GEOSArea_r(w->g, u, &a);
    if (u)
        GEOSGeom_destroy_r(w->g, u);
    if (coll)
        GEOSGeom_destroy_r(w->g, coll);
    else
        for (int k = 0; k < n; k++)
            GEOSGeom_destroy_r(w->g, pieces[k]);
    return ok ? a : -1.0;
}

static int is_transition(const ls__area *a)
{
    return a->tier && strcmp(a->tier, "transition") == 0;
}

/* inside_control_m2 = area of parcel ∩ ∪(tier 1 and 2 polygons); transition_m2 = area of
 * parcel ∩ ∪(transition polygons) outside tiers 1/2 = area(∪ all pieces) − inside. */
static void do_controls(worker *w, scratch *s, ls__parcel *p, int *failed)
{
    shared *sh = w->sh;
    if (!sh->controls.tree)
        return;
    int n = overlaps(w, 0, &sh->controls, p->geom, p->area_m2, s, 1, failed);
    int ncore = 0, ntrans = 0;
    for (int k = 0; k < n; k++)
        s->keys[k] = sh->controls.areas[w->cand[k]].id;
    /* the tier: largest overlap, ties to the smallest control feature (fid order) */
    int best = -1;
    double tol = 1e-9 * (p->area_m2 > 1 ? p->area_m2 : 1);
    for (int k = 0; k < n; k++)
        if (s->ov[k] > 0 && (best < 0 || s->ov[k] > s->ov[best] + tol))
            best = k;
    if (best >= 0)
        p->control_tier = sh->controls.areas[w->cand[best]].tier;
    /* pieces: tiers 1/2 compacted to the front, transition pieces set aside */
    GEOSGeometry **pieces = s->pieces, **trans = NULL;
    for (int k = 0; k < n; k++) {
        if (!pieces[k])
            continue;
        if (!is_transition(&sh->controls.areas[w->cand[k]])) {
            pieces[ncore++] = pieces[k];
            continue;
        }
        if (!trans && !(trans = malloc((size_t)n * 2 * sizeof(*trans)))) {
            w->oom = 1;
            GEOSGeom_destroy_r(w->g, pieces[k]);
            continue;
        }
        trans[ntrans++] = pieces[k];
    }
    double transition = 0.0;
    if (ntrans > 0) {
        /* ∪(all) − ∪(tiers 1/2): the core pieces are cloned into the "all" set */
        int nall = ntrans;
        for (int k = 0; k < ncore; k++) {
            GEOSGeometry *c = GEOSGeom_clone_r(w->g, pieces[k]);
            if (c)
                trans[nall++] = c;
            else
                *failed = 1;
        }
        transition = union_area(w, trans, nall);
        free(trans);
    }
    double inside = union_area(w, pieces, ncore);
    if (inside < 0 || transition < 0) {
        *failed = 1;
        inside = inside < 0 ? 0.0 : inside;
        transition = transition < 0 ? 0.0 : transition;
    }
    if (inside > p->area_m2)
        inside = p->area_m2; /* rounding: never more than the parcel */
    transition = ntrans > 0 ? transition - inside : 0.0;
    if (transition < 0)
        transition = 0.0;
    if (inside + transition > p->area_m2)
        transition = p->area_m2 - inside;
    p->inside_control_m2 = inside;
    p->transition_m2 = transition;
}

/* Largest-overlap assignment; returns the picked area or NULL. */
static const ls__area *assign(worker *w, int set, const area_set *as, scratch *s, ls__parcel *p,
                              int by_town, int *failed)
{
    if (!as->tree)
        return NULL;
    int n = overlaps(w, set, as, p->geom, p->area_m2, s, 0, failed);
    if (n == 0)
        return NULL;
    for (int k = 0; k < n; k++) {
        const ls__area *a = &as->areas[w->cand[k]];
        s->keys[k] = set == 1 ? a->id : (by_town ? a->town : a->name);
    }
    int best = ls__overlay_pick(s->ov, s->keys, n, 1e-9 * (p->area_m2 > 1 ? p->area_m2 : 1));
    return best >= 0 ? &as->areas[w->cand[best]] : NULL;
}

static void do_buildings(worker *w, ls__parcel *p, int *failed)
{
    shared *sh = w->sh;
    if (!sh->building_tree)
        return;
    query(w, sh->building_tree, p->geom);
    if (w->ncand == 0)
        return;
    const GEOSPreparedGeometry *pp = GEOSPrepare_r(w->g, p->geom);
    if (!pp) {
        *failed = 1;
        return;
    }
    size_t nhit = 0;
    for (size_t k = 0; k < w->ncand; k++) {
        const ls__building *b = &sh->ds->buildings[w->cand[k]];
        double ov = 0.0;
        if (!(b->area_m2 > 0))
            continue;
        if (GEOSPreparedContains_r(w->g, pp, b->geom) == 1) {
            ov = b->area_m2;
        } else if (GEOSPreparedIntersects_r(w->g, pp, b->geom) == 1) {
            ov = ls__geos_overlap_area(w->g, p->geom, b->geom);
            if (ov < 0) {
                *failed = 1;
                continue;
            }
        }
        if (!(ov > 0))
            continue;
        p->footprint_m2 += ov;
        p->floor_area_m2 += b->floor_area_m2 * (ov / b->area_m2); /* NAN stays NAN: unknown */
        p->floor_lower_m2 +=
            (isnan(b->floor_area_m2) ? b->area_m2 : b->floor_area_m2) * (ov / b->area_m2);
        if (ls__use_counts_as_admin(b->use_class)) { /* CHK_ADMIN (flags.c) */
            p->admin_footprint_m2 += ov;
            p->admin_floor_m2 += b->floor_area_m2 * (ov / b->area_m2);
        } else if (b->use_class == LS_USE_NONE || b->use_class == LS_USE_UNKNOWN) {
            p->use_unknown_m2 += ov;
            p->use_unknown_floor_m2 += b->floor_area_m2 * (ov / b->area_m2);
        }
        p->building_count++;
        w->cand[nhit++] = w->cand[k]; /* keep the hits for the overlap check */
    }
    GEOSPreparedGeom_destroy_r(w->g, pp);
    /* buildings overlapping each other on this parcel (summed as given; reported) */
    for (size_t a = 0; a < nhit && !p->overlapping_buildings; a++)
        for (size_t b = a + 1; b < nhit; b++) {
            const GEOSGeometry *ga = sh->ds->buildings[w->cand[a]].geom;
            const GEOSGeometry *gb = sh->ds->buildings[w->cand[b]].geom;
            if (GEOSRelatePattern_r(w->g, ga, gb, "2********") == 1) {
                p->overlapping_buildings = 1;
                break;
            }
        }
}

static void overlay_parcel(worker *w, scratch *s, size_t i)
{
    shared *sh = w->sh;
    ls__parcel *p = &sh->ds->parcels[i];
    int failed = 0;
    GEOSArea_r(w->g, p->geom, &p->area_m2);
    p->area_mu = LS_M2_TO_MU(p->area_m2);
    do_controls(w, s, p, &failed);
    p->control_share = p->area_m2 > 0 ? p->inside_control_m2 / p->area_m2 : 0.0;
    p->transition_share = p->area_m2 > 0 ? p->transition_m2 / p->area_m2 : 0.0;
    p->block_ix = p->district_ix = p->town_ix = -1;
    const ls__area *blk = assign(w, 1, &sh->blocks, s, p, 0, &failed);
    if (blk) {
        p->block_id = blk->id;
        p->block_name = blk->name;
        p->block_ix = blk - sh->blocks.areas;
    }
    const ls__area *d = assign(w, 2, &sh->districts, s, p, 0, &failed);
    if (d) {
        p->district = d->name;
        p->district_ix = d - sh->districts.areas;
    }
    const ls__area *t = assign(w, 3, &sh->towns, s, p, 1, &failed);
    if (t) {
        p->town = t->town;
        p->town_ix = t - sh->towns.areas;
    }
    do_buildings(w, p, &failed);
    if (failed)
        sh->failed[i] = 1;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    scratch s = {0};
    for (;;) {
        if (ls_context_interrupted(sh->ctx)) {
            sh->interrupted = 1;
            break;
        }
        pthread_mutex_lock(&sh->lock);
        size_t start = sh->next;
        sh->next += CHUNK;
        pthread_mutex_unlock(&sh->lock);
        if (start >= sh->ds->nparcels)
            break;
        size_t end = start + CHUNK < sh->ds->nparcels ? start + CHUNK : sh->ds->nparcels;
        for (size_t i = start; i < end; i++)
            overlay_parcel(w, &s, i);
        if (w->oom)
            break;
    }
    free(s.ov);
    free(s.pieces);
    free(s.keys);
    return NULL;
}

static void noop(void *item, void *userdata)
{
    (void)item;
    (void)userdata;
}

/* STRtree over an array of geometries (items are index + 1). Built before the workers. */
static GEOSSTRtree *build_tree(GEOSContextHandle_t g, size_t n,
                               const GEOSGeometry *(*geom_at)(const void *, size_t),
                               const void *arr)
{
    if (n == 0)
        return NULL;
    GEOSSTRtree *t = GEOSSTRtree_create_r(g, 10);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++)
        GEOSSTRtree_insert_r(g, t, geom_at(arr, i), (void *)(uintptr_t)(i + 1));
    /* force the build now: later queries from worker threads only read */
    GEOSGeometry *pt = GEOSGeom_createPointFromXY_r(g, 0, 0);
    if (pt) {
        GEOSSTRtree_query_r(g, t, pt, noop, NULL);
        GEOSGeom_destroy_r(g, pt);
    }
    return t;
}

static const GEOSGeometry *area_geom(const void *arr, size_t i)
{
    return ((const ls__area *)arr)[i].geom;
}

static const GEOSGeometry *building_geom(const void *arr, size_t i)
{
    return ((const ls__building *)arr)[i].geom;
}

static int record_problems(ls_context *ctx, ls__dataset *ds, const unsigned char *failed)
{
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        int rc = LS_OK;
        if (failed[i])
            rc = ls__dq_add(&ds->dq, "parcels", p->parcel_id,
                            "a geometry operation failed on this parcel",
                            "the failed overlap counted as 0");
        if (rc == LS_OK && ds->nblocks && !p->block_id)
            rc = ls__dq_add(&ds->dq, "parcels", p->parcel_id, "parcel overlaps no block",
                            "block left empty");
        if (rc == LS_OK && ds->ndistricts && !p->district)
            rc = ls__dq_add(&ds->dq, "parcels", p->parcel_id, "parcel overlaps no district",
                            "district left empty");
        if (rc == LS_OK && ds->ntowns && !p->town)
            rc = ls__dq_add(&ds->dq, "parcels", p->parcel_id, "parcel overlaps no town",
                            "town left empty");
        if (rc == LS_OK && p->overlapping_buildings)
            rc = ls__dq_add(&ds->dq, "buildings", p->parcel_id,
                            "building footprints overlap each other on this parcel",
                            "footprints summed as given");
        if (rc != LS_OK)
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

int ls__overlay_run(ls_context *ctx, ls__dataset *ds, int jobs)
{
    int error = LS_OK;
    shared sh;
    memset(&sh, 0, sizeof(sh));
    sh.ctx = ctx;
    sh.ds = ds;
    GEOSContextHandle_t g = ds->geos;
    worker *workers = NULL;
    pthread_t *threads = NULL;
    int started = 0;
    const area_set *sets[4] = {&sh.controls, &sh.blocks, &sh.districts, &sh.towns};

    if (jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (int)n : 1;
    }
    if (jobs > 64)
        jobs = 64;
    sh.controls = (area_set){ds->controls, ds->ncontrols,
                             build_tree(g, ds->ncontrols, area_geom, ds->controls)};
    sh.blocks =
        (area_set){ds->blocks, ds->nblocks, build_tree(g, ds->nblocks, area_geom, ds->blocks)};
    sh.districts = (area_set){ds->districts, ds->ndistricts,
                              build_tree(g, ds->ndistricts, area_geom, ds->districts)};
    sh.towns = (area_set){ds->towns, ds->ntowns, build_tree(g, ds->ntowns, area_geom, ds->towns)};
    sh.building_tree = build_tree(g, ds->nbuildings, building_geom, ds->buildings);
    sh.failed = calloc(ds->nparcels ? ds->nparcels : 1, 1);
    workers = calloc((size_t)jobs, sizeof(*workers));
    threads = calloc((size_t)jobs, sizeof(*threads));
    if (!sh.failed || !workers || !threads || pthread_mutex_init(&sh.lock, NULL) != 0) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    for (int t = 0; t < jobs; t++) {
        workers[t].sh = &sh;
        workers[t].g = ls__geos_new(NULL); /* a failure becomes the parcel's data-quality row */
        for (int k = 0; k < 4; k++)
            workers[t].prep[k] =
                calloc(sets[k]->n ? sets[k]->n : 1, sizeof(GEOSPreparedGeometry *));
        if (!workers[t].g || !workers[t].prep[0] || !workers[t].prep[1] || !workers[t].prep[2] ||
            !workers[t].prep[3]) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
    }
    ls__progress(ctx, "overlay", 0.0);
    if (jobs == 1) {
        worker_main(&workers[0]);
    } else {
        for (int t = 0; t < jobs; t++) {
            if (pthread_create(&threads[t], NULL, worker_main, &workers[t]) != 0)
                break;
            started++;
        }
        for (int t = 0; t < started; t++)
            pthread_join(threads[t], NULL);
        if (started == 0) {
            error = ls__error_set(ctx, LS_EINTERNAL, "could not start worker threads");
            goto cleanup;
        } else if (started < jobs && sh.next < ds->nparcels) {
            worker_main(&workers[0]); /* finish what the missing threads would have done */
        }
    }
    pthread_mutex_destroy(&sh.lock);
    for (int t = 0; t < jobs; t++)
        if (workers[t].oom)
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory in overlay");
    if (error == LS_OK && sh.interrupted)
        error = ls__error_set(ctx, LS_EINTERRUPTED, "interrupted");
    if (error == LS_OK)
        error = record_problems(ctx, ds, sh.failed);
    ls__progress(ctx, "overlay", 1.0);
cleanup:
    for (int t = 0; workers && t < jobs; t++) {
        for (int k = 0; k < 4; k++) {
            for (size_t i = 0; workers[t].prep[k] && i < sets[k]->n; i++)
                if (workers[t].prep[k][i])
                    GEOSPreparedGeom_destroy_r(workers[t].g, workers[t].prep[k][i]);
            free(workers[t].prep[k]);
        }
        free(workers[t].cand);
        if (workers[t].g)
            GEOS_finish_r(workers[t].g);
    }
    free(workers);
    free(threads);
    free(sh.failed);
    if (sh.controls.tree)
        GEOSSTRtree_destroy_r(g, sh.controls.tree);
    if (sh.blocks.tree)
        GEOSSTRtree_destroy_r(g, sh.blocks.tree);
    if (sh.districts.tree)
        GEOSSTRtree_destroy_r(g, sh.districts.tree);
    if (sh.towns.tree)
        GEOSSTRtree_destroy_r(g, sh.towns.tree);
    if (sh.building_tree)
        GEOSSTRtree_destroy_r(g, sh.building_tree);
    return error;
}
