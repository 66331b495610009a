/*
 * baseline.c — the hand-written C/GEOS floor that scripts/bench.sh measures landscan against:
 * the overlay of the benchmark job, single-threaded, written from the GEOS C API
 * documentation (geos_c.h, reentrant _r functions) and GDAL's OGR C API for reading. It shares
 * no code with landscan.
 *
 *   landscan_baseline BENCH_DIR [BLOCKS_TSV]
 *
 * BENCH_DIR is what scripts/make_bench.py writes: parcels.gpkg (parcel_id), buildings.gpkg
 * (floors, floor_area_m2), control.gpkg, blocks.gpkg (block_id), enterprises.csv
 * (enterprise_id, name, parcel_id, role, scale, tax_10k, …; plain CSV, no quoting). It
 * computes, for every parcel p (MakeValid when invalid):
 *   area(p)                      planar area in the layer's projected CRS
 *   area(p ∩ U)                  U = union of every control polygon (no double counting),
 *                                cut into 1 km tiles so each intersection stays small;
 *                                a tile that contains p gives area(p) without intersecting
 *   largest-overlap block        candidates from an STRtree of blocks, a prepared block
 *                                that contains p gives area(p)
 *   footprint, floor area        per building b, candidates from an STRtree of parcels;
 *                                a prepared parcel that contains b overlaps by area(b),
 *                                otherwise by area(b ∩ p); floor area(b) = floor_area_m2 or
 *                                area(b) × floors, apportioned by overlap / area(b)
 *   tax                          Σ tax_10k of the enterprise records naming the parcel
 * then per-block sums (parcel count, area, floor area, tax). Prints the totals as JSON on
 * stdout (and per-step seconds); with BLOCKS_TSV also writes "block_id<TAB>parcel_count<TAB>
 * area_m2" per block for the per-block comparison.
 */
#include <gdal.h>
#include <geos_c.h>
#include <math.h>
#include <ogr_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TILE 1000.0

typedef struct layer {
    GEOSGeometry **g;
    char **id;
    double *floors, *floor_area; /* buildings only; NAN when NULL */
    size_t n;
} layer;

static GEOSContextHandle_t H;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("landscan_baseline: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q)
        die("out of memory");
    return q;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = xrealloc(NULL, n);
    memcpy(c, s, n);
    return c;
}

static void quiet(const char *fmt, ...)
{
    (void)fmt;
}

/* The first layer of path: geometries through WKB into GEOS, the id field and, for
 * buildings, floors and floor_area_m2. Invalid polygons are repaired with GEOSMakeValid. */
static size_t read_layer(const char *path, const char *id_field, int buildings, layer *out,
                         size_t *repaired)
{
    GDALDatasetH ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    if (!ds)
        die("%s: cannot open", path);
    OGRLayerH l = GDALDatasetGetLayer(ds, 0);
    OGRFeatureDefnH d = OGR_L_GetLayerDefn(l);
    int iid = id_field ? OGR_FD_GetFieldIndex(d, id_field) : -1;
    int ifl = buildings ? OGR_FD_GetFieldIndex(d, "floors") : -1;
    int ifa = buildings ? OGR_FD_GetFieldIndex(d, "floor_area_m2") : -1;
    GEOSWKBReader *rd = GEOSWKBReader_create_r(H);
    size_t cap = 0, n = 0;
    memset(out, 0, sizeof(*out));
    unsigned char *wkb = NULL;
    size_t wcap = 0;
    OGRFeatureH f;
    while ((f = OGR_L_GetNextFeature(l)) != NULL) {
        OGRGeometryH og = OGR_F_GetGeometryRef(f);
        if (!og) {
            OGR_F_Destroy(f);
            continue;
        }
        size_t sz = (size_t)OGR_G_WkbSize(og);
        if (sz > wcap)
            wkb = xrealloc(wkb, wcap = sz * 2);
        OGR_G_ExportToWkb(og, wkbNDR, wkb);
        GEOSGeometry *g = GEOSWKBReader_read_r(H, rd, wkb, sz);
        if (!g)
            die("%s: feature %lld: bad geometry", path, (long long)OGR_F_GetFID(f));
        if (GEOSisValid_r(H, g) != 1) {
            GEOSGeometry *v = GEOSMakeValid_r(H, g);
            if (!v)
                die("%s: feature %lld: cannot repair", path, (long long)OGR_F_GetFID(f));
            GEOSGeom_destroy_r(H, g);
            g = v;
            if (repaired)
                (*repaired)++;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 1024;
            out->g = xrealloc(out->g, cap * sizeof(*out->g));
            out->id = xrealloc(out->id, cap * sizeof(*out->id));
            if (buildings) {
                out->floors = xrealloc(out->floors, cap * sizeof(double));
                out->floor_area = xrealloc(out->floor_area, cap * sizeof(double));
            }
        }
        out->g[n] = g;
        out->id[n] = iid >= 0 ? xstrdup(OGR_F_GetFieldAsString(f, iid)) : NULL;
        if (buildings) {
            out->floors[n] = ifl >= 0 && OGR_F_IsFieldSetAndNotNull(f, ifl)
                                 ? OGR_F_GetFieldAsDouble(f, ifl)
                                 : NAN;
            out->floor_area[n] = ifa >= 0 && OGR_F_IsFieldSetAndNotNull(f, ifa)
                                     ? OGR_F_GetFieldAsDouble(f, ifa)
                                     : NAN;
        }
        n++;
        OGR_F_Destroy(f);
    }
    free(wkb);
    GEOSWKBReader_destroy_r(H, rd);
    GDALClose(ds);
    out->n = n;
    return n;
}

static void layer_free(layer *l)
{
    for (size_t i = 0; i < l->n; i++) {
        GEOSGeom_destroy_r(H, l->g[i]);
        free(l->id[i]);
    }
    free(l->g);
    free(l->id);
    free(l->floors);
    free(l->floor_area);
}

static double area(const GEOSGeometry *g)
{
    double a = 0;
    GEOSArea_r(H, g, &a);
    return a;
}

/* Area of a ∩ b, with prepared pb: b ⊇ a → area(a), disjoint → 0. */
static double overlap(const GEOSPreparedGeometry *pb, const GEOSGeometry *b, const GEOSGeometry *a,
                      double area_a)
{
    if (GEOSPreparedContains_r(H, pb, a) == 1)
        return area_a;
    if (GEOSPreparedIntersects_r(H, pb, a) != 1)
        return 0.0;
    GEOSGeometry *x = GEOSIntersection_r(H, a, b);
    if (!x)
        die("intersection failed");
    double v = area(x);
    GEOSGeom_destroy_r(H, x);
    return v;
}

/* STRtree query collector */
typedef struct hits {
    size_t *v;
    size_t n, cap;
} hits;

static void collect(void *item, void *userdata)
{
    hits *h = userdata;
    if (h->n == h->cap)
        h->v = xrealloc(h->v, (h->cap = h->cap ? h->cap * 2 : 16) * sizeof(size_t));
    h->v[h->n++] = (size_t)(item)-1;
}

static GEOSSTRtree *tree_of(const layer *l)
{
    GEOSSTRtree *t = GEOSSTRtree_create_r(H, 10);
    for (size_t i = 0; i < l->n; i++)
        GEOSSTRtree_insert_r(H, t, l->g[i], (void *)(i + 1));
    return t;
}

/* ---- enterprises: parcel_id → Σ tax_10k through a sorted index of parcel ids ---- */

typedef struct pidx {
    const char *id;
    size_t i;
} pidx;

static int cmp_pidx(const void *a, const void *b)
{
    return strcmp(((const pidx *)a)->id, ((const pidx *)b)->id);
}

static size_t read_enterprises(const char *path, const layer *parcels, double *tax,
                               size_t *unmatched)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        die("%s: cannot open", path);
    pidx *ix = xrealloc(NULL, (parcels->n + 1) * sizeof(*ix));
    for (size_t i = 0; i < parcels->n; i++)
        ix[i] = (pidx){parcels->id[i], i};
    qsort(ix, parcels->n, sizeof(*ix), cmp_pidx);
    char line[4096];
    int c_pid = -1, c_tax = -1;
    size_t n = 0;
    if (!fgets(line, sizeof(line), fp))
        die("%s: empty", path);
    {
        int k = 0;
        for (char *s = strtok(line, ",\r\n"); s; s = strtok(NULL, ",\r\n"), k++) {
            if (strcmp(s, "parcel_id") == 0)
                c_pid = k;
            if (strcmp(s, "tax_10k") == 0)
                c_tax = k;
        }
    }
    if (c_pid < 0 || c_tax < 0)
        die("%s: no parcel_id / tax_10k column", path);
    while (fgets(line, sizeof(line), fp)) {
        char *field[32];
        int k = 0;
        char *s = line;
        while (k < 32) {
            field[k++] = s;
            char *comma = strchr(s, ',');
            if (!comma)
                break;
            *comma = '\0';
            s = comma + 1;
        }
        if (k <= c_pid || k <= c_tax)
            continue;
        field[c_tax][strcspn(field[c_tax], "\r\n")] = '\0';
        field[c_pid][strcspn(field[c_pid], "\r\n")] = '\0';
        n++;
        pidx key = {field[c_pid], 0};
        pidx *hit = bsearch(&key, ix, parcels->n, sizeof(*ix), cmp_pidx);
        if (!hit) {
            (*unmatched)++;
            continue;
        }
        if (*field[c_tax])
            tax[hit->i] += strtod(field[c_tax], NULL);
    }
    fclose(fp);
    free(ix);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: landscan_baseline BENCH_DIR [BLOCKS_TSV]\n");
        return 2;
    }
    const char *dir = argv[1];
    char path[4096];
    double t0 = now(), t = t0, lap[8];
    int nl = 0;
#define LAP() (lap[nl++] = now() - t, t = now())
    H = GEOS_init_r();
    GEOSContext_setNoticeHandler_r(H, quiet);
    GDALAllRegister();

    layer P, B, C, K;
    size_t repaired = 0;
    snprintf(path, sizeof(path), "%s/parcels.gpkg", dir);
    read_layer(path, "parcel_id", 0, &P, &repaired);
    snprintf(path, sizeof(path), "%s/buildings.gpkg", dir);
    read_layer(path, NULL, 1, &B, NULL);
    snprintf(path, sizeof(path), "%s/control.gpkg", dir);
    read_layer(path, NULL, 0, &C, NULL);
    snprintf(path, sizeof(path), "%s/blocks.gpkg", dir);
    read_layer(path, "block_id", 0, &K, NULL);
    double *tax = calloc(P.n, sizeof(double));
    size_t unmatched = 0;
    snprintf(path, sizeof(path), "%s/enterprises.csv", dir);
    size_t nent = read_enterprises(path, &P, tax, &unmatched);
    LAP(); /* read */

    /* parcel areas */
    double *pa = malloc(P.n * sizeof(double));
    double *inside = calloc(P.n, sizeof(double));
    double *fa = calloc(P.n, sizeof(double));
    double *fp = calloc(P.n, sizeof(double));
    long *blk = malloc(P.n * sizeof(long));
    if (!pa || !inside || !fa || !fp || !blk || !tax)
        die("out of memory");
    double total_area = 0;
    for (size_t i = 0; i < P.n; i++)
        total_area += pa[i] = area(P.g[i]);

    /* control lines: union, cut into tiles, prepared */
    GEOSGeometry *all = GEOSGeom_createCollection_r(H, GEOS_GEOMETRYCOLLECTION, C.g, (unsigned)C.n);
    C.n = 0; /* owned by the collection now */
    GEOSGeometry *U = GEOSUnaryUnion_r(H, all);
    GEOSGeom_destroy_r(H, all);
    if (!U)
        die("control union failed");
    double x0, y0, x1, y1;
    GEOSGeom_getXMin_r(H, U, &x0);
    GEOSGeom_getYMin_r(H, U, &y0);
    GEOSGeom_getXMax_r(H, U, &x1);
    GEOSGeom_getYMax_r(H, U, &y1);
    double union_area = area(U);
    layer T = {0};
    size_t tcap = 0;
    for (double y = y0; y < y1; y += TILE)
        for (double x = x0; x < x1; x += TILE) {
            GEOSGeometry *piece = GEOSClipByRect_r(H, U, x, y, x + TILE, y + TILE);
            if (!piece)
                die("clip failed");
            /* ClipByRect may return a non-polygonal boundary sliver: keep areas only */
            if (GEOSisEmpty_r(H, piece) || area(piece) <= 0) {
                GEOSGeom_destroy_r(H, piece);
                continue;
            }
            if (GEOSisValid_r(H, piece) != 1) {
                GEOSGeometry *v = GEOSMakeValid_r(H, piece);
                GEOSGeom_destroy_r(H, piece);
                piece = v;
            }
            if (T.n == tcap) {
                tcap = tcap ? tcap * 2 : 256;
                T.g = xrealloc(T.g, tcap * sizeof(*T.g));
                T.id = xrealloc(T.id, tcap * sizeof(*T.id));
            }
            T.id[T.n] = NULL;
            T.g[T.n++] = piece;
        }
    GEOSGeom_destroy_r(H, U);
    GEOSSTRtree *ttree = tree_of(&T);
    const GEOSPreparedGeometry **tprep = calloc(T.n, sizeof(*tprep));
    hits h = {0};
    for (size_t i = 0; i < P.n; i++) {
        h.n = 0;
        GEOSSTRtree_query_r(H, ttree, P.g[i], collect, &h);
        for (size_t k = 0; k < h.n; k++) {
            size_t j = h.v[k];
            if (!tprep[j])
                tprep[j] = GEOSPrepare_r(H, T.g[j]);
            inside[i] += overlap(tprep[j], T.g[j], P.g[i], pa[i]);
        }
    }
    LAP(); /* control */

    /* blocks: largest overlap (ties to the first block read) */
    GEOSSTRtree *ktree = tree_of(&K);
    const GEOSPreparedGeometry **kprep = calloc(K.n, sizeof(*kprep));
    for (size_t i = 0; i < P.n; i++) {
        h.n = 0;
        GEOSSTRtree_query_r(H, ktree, P.g[i], collect, &h);
        double best = 0;
        blk[i] = -1;
        for (size_t k = 0; k < h.n; k++) {
            size_t j = h.v[k];
            if (!kprep[j])
                kprep[j] = GEOSPrepare_r(H, K.g[j]);
            double o = overlap(kprep[j], K.g[j], P.g[i], pa[i]);
            if (o > best || (o == best && o > 0 && (long)j < blk[i])) {
                best = o;
                blk[i] = (long)j;
            }
        }
    }
    LAP(); /* blocks */

    /* buildings: candidates from the parcels' STRtree, prepared parcels */
    GEOSSTRtree *ptree = tree_of(&P);
    const GEOSPreparedGeometry **pprep = calloc(P.n, sizeof(*pprep));
    size_t pairs = 0;
    for (size_t b = 0; b < B.n; b++) {
        h.n = 0;
        GEOSSTRtree_query_r(H, ptree, B.g[b], collect, &h);
        double ab = area(B.g[b]);
        double floor_b = !isnan(B.floor_area[b]) ? B.floor_area[b]
                         : !isnan(B.floors[b])   ? ab * B.floors[b]
                                                 : 0.0;
        for (size_t k = 0; k < h.n; k++) {
            size_t j = h.v[k];
            if (!pprep[j])
                pprep[j] = GEOSPrepare_r(H, P.g[j]);
            double o = overlap(pprep[j], P.g[j], B.g[b], ab);
            if (o <= 0)
                continue;
            pairs++;
            fp[j] += o;
            if (ab > 0)
                fa[j] += o / ab * floor_b;
        }
        GEOSGeom_destroy_r(H, B.g[b]); /* measured: not needed any more */
        B.g[b] = NULL;
    }
    LAP(); /* buildings */

    /* per-block sums */
    size_t *bcount = calloc(K.n + 1, sizeof(size_t));
    double *barea = calloc(K.n + 1, sizeof(double)), *bfloor = calloc(K.n + 1, sizeof(double)),
           *btax = calloc(K.n + 1, sizeof(double));
    double t_inside = 0, t_fp = 0, t_fa = 0, t_tax = 0;
    for (size_t i = 0; i < P.n; i++) {
        size_t k = blk[i] >= 0 ? (size_t)blk[i] : K.n;
        bcount[k]++;
        barea[k] += pa[i];
        bfloor[k] += fa[i];
        btax[k] += tax[i];
        t_inside += inside[i];
        t_fp += fp[i];
        t_fa += fa[i];
        t_tax += tax[i];
    }
    size_t blocks_used = 0;
    for (size_t k = 0; k < K.n; k++)
        blocks_used += bcount[k] > 0;
    if (argc == 3) {
        FILE *o = fopen(argv[2], "w");
        if (!o)
            die("%s: cannot write", argv[2]);
        for (size_t k = 0; k < K.n; k++)
            fprintf(o, "%s\t%zu\t%.6f\t%.6f\t%.6f\n", K.id[k], bcount[k], barea[k], bfloor[k],
                    btax[k]);
        fclose(o);
    }
    LAP(); /* sums */

    printf("{\n  \"engine\": \"C/GEOS %s, single thread (bench/baseline.c)\",\n", GEOSversion());
    printf("  \"parcels\": %zu,\n  \"invalid_parcels_repaired\": %zu,\n", P.n, repaired);
    printf("  \"buildings\": %zu,\n  \"enterprises\": %zu,\n  \"enterprises_unmatched\": %zu,\n",
           B.n, nent, unmatched);
    printf("  \"blocks\": %zu,\n  \"blocks_with_parcels\": %zu,\n  \"parcels_in_no_block\": %zu,\n",
           K.n, blocks_used, bcount[K.n]);
    printf("  \"control_union_m2\": %.6f,\n  \"control_tiles\": %zu,\n", union_area, T.n);
    printf("  \"pairs_building_parcel\": %zu,\n", pairs);
    printf("  \"area_m2\": %.6f,\n  \"inside_control_m2\": %.6f,\n", total_area, t_inside);
    printf("  \"footprint_m2\": %.6f,\n  \"floor_area_m2\": %.6f,\n  \"tax_10k\": %.6f,\n", t_fp,
           t_fa, t_tax);
    printf("  \"timings_s\": {\"read\": %.3f, \"control\": %.3f, \"blocks\": %.3f, "
           "\"buildings\": %.3f, \"sums\": %.3f},\n",
           lap[0], lap[1], lap[2], lap[3], lap[4]);
    printf("  \"total_s\": %.3f\n}\n", now() - t0);

    for (size_t j = 0; j < T.n; j++)
        if (tprep[j])
            GEOSPreparedGeom_destroy_r(H, tprep[j]);
    for (size_t j = 0; j < K.n; j++)
        if (kprep[j])
            GEOSPreparedGeom_destroy_r(H, kprep[j]);
    for (size_t j = 0; j < P.n; j++)
        if (pprep[j])
            GEOSPreparedGeom_destroy_r(H, pprep[j]);
    GEOSSTRtree_destroy_r(H, ttree);
    GEOSSTRtree_destroy_r(H, ktree);
    GEOSSTRtree_destroy_r(H, ptree);
    free(tprep);
    free(kprep);
    free(pprep);
    free(h.v);
    layer_free(&T);
    layer_free(&K);
    layer_free(&P);
    B.n = 0;
    free(B.g);
    free(B.floors);
    free(B.floor_area);
    free(B.id);
    free(C.g);
    free(C.id);
    free(pa);
    free(inside);
    free(fa);
    free(fp);
    free(blk);
    free(tax);
    free(bcount);
    free(barea);
    free(bfloor);
    free(btax);
    GEOS_finish_r(H);
    return 0;
}
