/*
 * ledger_geom.c — the ledger's geometry BLOBs (ledger_geom.h). A SpatiaLite BLOB-Geometry
 * (uncompressed, little-endian) is: 0x00, 0x01, SRID (int32), MBR min x, min y, max x, max y
 * (4 doubles), 0x7C, class (int32, 6 = MULTIPOLYGON), number of polygons (int32), then per
 * polygon 0x69, class 3 (int32), number of rings (int32) and per ring the number of points
 * (int32) and the points (x, y doubles); 0xFE at the end. The MBR is that of the exterior
 * rings, as SpatiaLite computes it, so a BLOB written here is byte-identical to
 * CastToMulti(GeomFromWKB(wkb, srid)) of the same polygons (tests/unit/test_ledger_geom.c
 * checks it against SpatiaLite) and ledgers written by earlier versions hash the same. The
 * coordinates are copied from GEOS's coordinate sequences in one call per ring.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ledger_geom.h"

#define MARK_START 0x00
#define MARK_LE 0x01
#define MARK_MBR 0x7C
#define MARK_ENTITY 0x69
#define MARK_END 0xFE
#define CLASS_POLYGON 3
#define CLASS_MULTIPOLYGON 6
#define HEADER 43 /* up to and including the class */

static int reserve(ls__lgeom *b, size_t more)
{
    if (b->len + more <= b->cap)
        return 0;
    size_t c = b->cap ? b->cap : 1024;
    while (c < b->len + more)
        c *= 2;
    unsigned char *d = realloc(b->data, c);
    if (!d)
        return -1;
    b->data = d;
    b->cap = c;
    return 0;
}

static void put_u32(unsigned char *at, uint32_t v)
{
    at[0] = (unsigned char)(v & 0xff);
    at[1] = (unsigned char)((v >> 8) & 0xff);
    at[2] = (unsigned char)((v >> 16) & 0xff);
    at[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *at)
{
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

static void put_f64(unsigned char *at, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof(u));
    for (int i = 0; i < 8; i++)
        at[i] = (unsigned char)((u >> (8 * i)) & 0xff);
}

/* n points (x, y) of a ring at the end of b; the box grows by them when box. */
static int put_ring(GEOSContextHandle_t h, const GEOSGeometry *ring, ls__lgeom *b, int box)
{
    const GEOSCoordSequence *cs = GEOSGeom_getCoordSeq_r(h, ring);
    unsigned int n = 0;
    if (!cs || !GEOSCoordSeq_getSize_r(h, cs, &n) || reserve(b, 4 + (size_t)n * 16))
        return -1;
    put_u32(b->data + b->len, n);
    b->len += 4;
    if (2 * (size_t)n > b->xycap) {
        size_t c = 2 * (size_t)n + 64;
        double *a = realloc(b->xy, c * sizeof(double));
        if (!a)
            return -1;
        b->xy = a;
        b->xycap = c;
    }
    if (n > 0 && !GEOSCoordSeq_copyToBuffer_r(h, cs, b->xy, 0, 0))
        return -1;
    for (size_t i = 0; box && i < n; i++) {
        b->minx = fmin(b->minx, b->xy[2 * i]);
        b->maxx = fmax(b->maxx, b->xy[2 * i]);
        b->miny = fmin(b->miny, b->xy[2 * i + 1]);
        b->maxy = fmax(b->maxy, b->xy[2 * i + 1]);
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    for (size_t i = 0; i < 2 * (size_t)n; i++)
        put_f64(b->data + b->len + 8 * i, b->xy[i]);
#else
    memcpy(b->data + b->len, b->xy, (size_t)n * 16);
#endif
    b->len += (size_t)n * 16;
    return 0;
}

/* One non-empty polygon as an entity; 1 written, 0 empty, -1 failure. */
static int put_polygon(GEOSContextHandle_t h, const GEOSGeometry *poly, ls__lgeom *b)
{
    if (GEOSisEmpty_r(h, poly) != 0)
        return 0;
    int nholes = GEOSGetNumInteriorRings_r(h, poly);
    const GEOSGeometry *shell = GEOSGetExteriorRing_r(h, poly);
    if (nholes < 0 || !shell || reserve(b, 9))
        return -1;
    b->data[b->len] = MARK_ENTITY;
    put_u32(b->data + b->len + 1, CLASS_POLYGON);
    put_u32(b->data + b->len + 5, (uint32_t)nholes + 1);
    b->len += 9;
    if (put_ring(h, shell, b, 1))
        return -1;
    for (int i = 0; i < nholes; i++) {
        const GEOSGeometry *hole = GEOSGetInteriorRingN_r(h, poly, i);
        if (!hole || put_ring(h, hole, b, 0))
            return -1;
    }
    return 1;
}

int ls__lgeom_write(GEOSContextHandle_t h, const GEOSGeometry *g, int srid, ls__lgeom *out)
{
    out->len = 0;
    out->minx = out->miny = INFINITY;
    out->maxx = out->maxy = -INFINITY;
    if (!g)
        return 0;
    if (reserve(out, HEADER + 4))
        return -1;
    out->len = HEADER + 4;
    uint32_t count = 0;
    int type = GEOSGeomTypeId_r(h, g);
    if (type == GEOS_POLYGON) {
        int r = put_polygon(h, g, out);
        if (r < 0)
            return -1;
        count += (uint32_t)r;
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        int n = GEOSGetNumGeometries_r(h, g);
        for (int i = 0; i < n; i++) {
            const GEOSGeometry *part = GEOSGetGeometryN_r(h, g, i);
            if (!part)
                return -1;
            if (GEOSGeomTypeId_r(h, part) != GEOS_POLYGON)
                continue;
            int r = put_polygon(h, part, out);
            if (r < 0)
                return -1;
            count += (uint32_t)r;
        }
    } else if (type < 0) {
        return -1;
    }
    if (count == 0) {
        out->len = 0;
        return 0;
    }
    if (reserve(out, 1))
        return -1;
    out->data[out->len++] = MARK_END;
    unsigned char *d = out->data;
    d[0] = MARK_START;
    d[1] = MARK_LE;
    put_u32(d + 2, (uint32_t)srid);
    put_f64(d + 6, out->minx);
    put_f64(d + 14, out->miny);
    put_f64(d + 22, out->maxx);
    put_f64(d + 30, out->maxy);
    d[38] = MARK_MBR;
    put_u32(d + 39, CLASS_MULTIPOLYGON);
    put_u32(d + 43, count);
    return 1;
}

void ls__lgeom_free(ls__lgeom *b)
{
    free(b->data);
    free(b->xy);
    memset(b, 0, sizeof(*b));
}

/* ---- hash ------------------------------------------------------------------------------- */

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static uint64_t rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

/* Two independent 64-bit lanes over 8-byte words (MurmurHash3-style mixing): not
 * cryptographic, but 128 bits make a collision among a province's geometries negligible. */
ls__lgeom_hash ls__lgeom_hash_of(const unsigned char *blob, size_t len)
{
    uint64_t a = 0x9e3779b97f4a7c15ULL ^ len, b = 0x6a09e667f3bcc909ULL + len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, blob + i, 8);
        a = rotl(a ^ (w * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
        b = rotl(b + (w * 0x4cf5ad432745937fULL), 27) * 0x87c37b91114253d5ULL + 0x52dce729;
    }
    uint64_t tail = 0;
    for (size_t k = 0; i + k < len; k++)
        tail |= (uint64_t)blob[i + k] << (8 * k);
    a ^= tail * 0x87c37b91114253d5ULL;
    b += tail;
    ls__lgeom_hash hv = {mix(a + b), mix(b ^ rotl(a, 17))};
    return hv;
}

int ls__lgeom_hash_cmp(const ls__lgeom_hash *x, const ls__lgeom_hash *y)
{
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    if (x->b != y->b)
        return x->b < y->b ? -1 : 1;
    return 0;
}

/* ---- back to WKB ------------------------------------------------------------------------ */

int ls__lgeom_to_wkb(const unsigned char *blob, size_t len, ls__lgeom *out)
{
    out->len = 0;
    if (!blob || len < HEADER + 5 || blob[0] != MARK_START || blob[1] != MARK_LE ||
        blob[38] != MARK_MBR || get_u32(blob + 39) != CLASS_MULTIPOLYGON ||
        blob[len - 1] != MARK_END)
        return -1;
    if (reserve(out, len))
        return -1;
    /* the WKB is the BLOB from the class on, with a byte-order mark before the collection
     * and in place of each entity mark, without the end mark: 39 bytes shorter */
    unsigned char *w = out->data;
    w[0] = MARK_LE;
    memcpy(w + 1, blob + 39, 8); /* class, count */
    size_t at = 47, o = 9;
    uint32_t npoly = get_u32(blob + 43);
    for (uint32_t p = 0; p < npoly; p++) {
        if (at + 9 > len - 1 || blob[at] != MARK_ENTITY || get_u32(blob + at + 1) != CLASS_POLYGON)
            return -1;
        uint32_t nrings = get_u32(blob + at + 5);
        w[o] = MARK_LE;
        memcpy(w + o + 1, blob + at + 1, 8);
        at += 9;
        o += 9;
        for (uint32_t r = 0; r < nrings; r++) {
            if (at + 4 > len - 1)
                return -1;
            uint32_t n = get_u32(blob + at);
            size_t bytes = 4 + (size_t)n * 16;
            if (bytes > len - 1 - at)
                return -1;
            memcpy(w + o, blob + at, bytes);
            at += bytes;
            o += bytes;
        }
    }
    if (at != len - 1)
        return -1;
    out->len = o;
    return 0;
}
