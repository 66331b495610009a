/*
 * report_data.c — what the report model (ls__rdata, report_model.h) owns, whichever way it
 * was made (report_read.c from a GeoPackage, report_from_dataset.c from the run's dataset).
 *
 * Strings: no item owns one. The model keeps the strings it had to copy or compose in a
 * store of large chunks (ls__rstr(): one allocation per 64 KiB rather than per field), freed
 * at once; a model built from the dataset points most of its strings into the dataset.
 * Geometries: own rings (ring_len / xy, freed here) or a borrowed GEOS geometry (src), whose
 * rings ls__rgeom_rings() copies into a caller's reusable buffer through the model's own GEOS
 * handle (one per model, so per thread), never the dataset's.
 */
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

#define CHUNK_BYTES 65536

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct ls__rstrings {
    chunk *head;
};

const char *ls__rstr(ls__rdata *d, const char *s, size_t n)
{
    if (!s)
        return NULL;
    if (n == (size_t)-1)
        n = strlen(s);
    if (!d->strings && !(d->strings = calloc(1, sizeof(*d->strings))))
        return NULL;
    chunk *c = d->strings->head;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > CHUNK_BYTES ? n + 1 : CHUNK_BYTES;
        chunk *nc = malloc(sizeof(*nc) + cap);
        if (!nc)
            return NULL;
        nc->used = 0;
        nc->cap = cap;
        if (c && n + 1 > CHUNK_BYTES) { /* a large string: keep the current chunk first */
            nc->next = c->next;
            c->next = nc;
        } else {
            nc->next = c;
            d->strings->head = nc;
        }
        c = nc;
    }
    char *out = c->data + c->used;
    memcpy(out, s, n);
    out[n] = '\0';
    c->used += n + 1;
    return out;
}

static void strings_free(ls__rstrings *st)
{
    if (!st)
        return;
    for (chunk *c = st->head, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(st);
}

/* ---- rings ---------------------------------------------------------------------------- */

static int grow(ls__rrings *rr, size_t rings, size_t pts)
{
    if (rings > rr->cap_r) {
        size_t c = rr->cap_r ? rr->cap_r : 8;
        while (c < rings)
            c *= 2;
        size_t *r = realloc(rr->len_buf, c * sizeof(*r));
        if (!r)
            return LS_ENOMEM;
        rr->len_buf = r;
        rr->cap_r = c;
    }
    if (pts > rr->cap_p) {
        size_t c = rr->cap_p ? rr->cap_p : 64;
        while (c < pts)
            c *= 2;
        double *xy = realloc(rr->xy_buf, c * 2 * sizeof(*xy));
        if (!xy)
            return LS_ENOMEM;
        rr->xy_buf = xy;
        rr->cap_p = c;
    }
    return LS_OK;
}

static int ring_copy(ls__rrings *rr, const GEOSGeometry *ring, size_t *npts)
{
    const GEOSCoordSequence *seq = ring ? GEOSGeom_getCoordSeq_r(rr->geos, ring) : NULL;
    unsigned n = 0;
    if (!seq || !GEOSCoordSeq_getSize_r(rr->geos, seq, &n) || n == 0)
        return LS_OK;
    if (grow(rr, rr->nrings + 1, *npts + n) != LS_OK)
        return LS_ENOMEM;
    if (!GEOSCoordSeq_copyToBuffer_r(rr->geos, seq, rr->xy_buf + 2 * *npts, 0, 0))
        return LS_OK;
    rr->len_buf[rr->nrings++] = n;
    *npts += n;
    return LS_OK;
}

/* Polygons in the order OGR reads the GeoPackage's multipolygon: each polygon's shell, then
 * its holes; collections recursively (report_read.c's geom_collect). */
static int collect(ls__rrings *rr, const GEOSGeometry *g, size_t *npts)
{
    int type = GEOSGeomTypeId_r(rr->geos, g);
    int rc = LS_OK;
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(rr->geos, g) == 1)
            return LS_OK;
        rc = ring_copy(rr, GEOSGetExteriorRing_r(rr->geos, g), npts);
        int nholes = GEOSGetNumInteriorRings_r(rr->geos, g);
        for (int i = 0; i < nholes && rc == LS_OK; i++)
            rc = ring_copy(rr, GEOSGetInteriorRingN_r(rr->geos, g, i), npts);
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(rr->geos, g);
        for (int i = 0; i < n && rc == LS_OK; i++)
            rc = collect(rr, GEOSGetGeometryN_r(rr->geos, g, i), npts);
    }
    return rc;
}

void ls__rgeom_extend(ls__rgeom *g, const double *xy, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        double x = xy[2 * i], y = xy[2 * i + 1];
        if (x < g->minx)
            g->minx = x;
        if (x > g->maxx)
            g->maxx = x;
        if (y < g->miny)
            g->miny = y;
        if (y > g->maxy)
            g->maxy = y;
    }
}

int ls__rgeom_rings(ls__rrings *rr, const ls__rgeom *g)
{
    if (!g->src) {
        rr->nrings = g->nrings;
        rr->ring_len = g->ring_len;
        rr->xy = g->xy;
        return LS_OK;
    }
    size_t npts = 0;
    rr->nrings = 0;
    int rc = rr->geos ? collect(rr, g->src, &npts) : LS_OK;
    rr->ring_len = rr->len_buf;
    rr->xy = rr->xy_buf;
    if (rc != LS_OK)
        rr->nrings = 0;
    return rc;
}

void ls__rrings_free(ls__rrings *rr)
{
    free(rr->len_buf);
    free(rr->xy_buf);
    rr->len_buf = NULL;
    rr->xy_buf = NULL;
    rr->cap_r = rr->cap_p = 0;
}

/* ---- the model ------------------------------------------------------------------------ */

static int cmp_res_id(const void *a, const void *b)
{
    return strcmp(((const ls__rres *)a)->parcel_id, ((const ls__rres *)b)->parcel_id);
}

static int cmp_parcel_id(const void *a, const void *b)
{
    return strcmp((*(const ls__rparcel *const *)a)->parcel_id,
                  (*(const ls__rparcel *const *)b)->parcel_id);
}

int ls__report_join_resolved(ls__rdata *d)
{
    if (d->nresolved > 1)
        qsort(d->resolved, d->nresolved, sizeof(*d->resolved), cmp_res_id);
    const ls__rparcel **byid = calloc(d->nparcels + 1, sizeof(*byid));
    if (!byid)
        return LS_ENOMEM;
    for (size_t i = 0; i < d->nparcels; i++)
        byid[i] = &d->parcels[i];
    if (d->nparcels > 1)
        qsort(byid, d->nparcels, sizeof(*byid), cmp_parcel_id);
    for (size_t i = 0; i < d->nresolved; i++) {
        ls__rres *r = &d->resolved[i];
        if (r->removed)
            continue;
        ls__rparcel key = {0};
        key.parcel_id = r->parcel_id;
        const ls__rparcel *kp = &key;
        const ls__rparcel **hit = bsearch(&kp, byid, d->nparcels, sizeof(*byid), cmp_parcel_id);
        r->parcel = hit ? *hit : NULL;
    }
    free(byid);
    return LS_OK;
}

static void geom_free(ls__rgeom *g)
{
    free(g->ring_len);
    free(g->xy);
}

void ls__report_data_free(ls__rdata *d)
{
    if (!d)
        return;
    ls__kv_free(&d->info);
    for (size_t i = 0; d->parcels && i < d->nparcels; i++)
        geom_free(&d->parcels[i].geom);
    for (size_t i = 0; d->sites && i < d->nsites; i++)
        geom_free(&d->sites[i].geom);
    for (size_t i = 0; d->districts && i < d->ndistricts; i++)
        geom_free(&d->districts[i].geom);
    for (size_t i = 0; d->towns && i < d->ntowns; i++)
        geom_free(&d->towns[i].geom);
    for (size_t i = 0; d->blocks && i < d->nblocks; i++)
        geom_free(&d->blocks[i].geom);
    for (size_t i = 0; d->masks && i < d->nmasks; i++)
        geom_free(&d->masks[i].geom);
    for (size_t i = 0; d->unsupplied && i < d->nunsupplied; i++)
        geom_free(&d->unsupplied[i].geom);
    free(d->parcels);
    free(d->sites);
    free(d->ents);
    free(d->dq);
    free(d->districts);
    free(d->towns);
    free(d->blocks);
    free(d->resolved);
    free(d->masks);
    free(d->targets);
    free(d->unsupplied);
    strings_free(d->strings);
    if (d->geos)
        GEOS_finish_r(d->geos);
    free(d);
}
