/*
 * geom_asserts.c — geometry asserts with WKT on failure, dataset builders and temporary
 * folders for the unit tests; see geom_asserts.h.
 */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "geom_asserts.h"

static void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        abort();
    return q;
}

static char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort();
    return d;
}

GEOSGeometry *tgeom_from_wkt(GEOSContextHandle_t g, const char *wkt)
{
    GEOSWKTReader *r = GEOSWKTReader_create_r(g);
    if (!r)
        abort();
    GEOSGeometry *geom = GEOSWKTReader_read_r(g, r, wkt);
    GEOSWKTReader_destroy_r(g, r);
    if (!geom) {
        fprintf(stderr, "bad WKT in a test: %s\n", wkt);
        abort();
    }
    return geom;
}

char *tgeom_wkt_of(GEOSContextHandle_t g, const GEOSGeometry *geom)
{
    if (!geom)
        return xstrdup("(null)");
    GEOSWKTWriter *w = GEOSWKTWriter_create_r(g);
    if (!w)
        abort();
    GEOSWKTWriter_setTrim_r(g, w, 1);
    GEOSWKTWriter_setRoundingPrecision_r(g, w, 6);
    char *wkt = GEOSWKTWriter_write_r(g, w, geom);
    GEOSWKTWriter_destroy_r(g, w);
    char *copy = xstrdup(wkt ? wkt : "(WKT failed)");
    if (wkt)
        GEOSFree_r(g, wkt);
    return copy;
}

void tgeom_assert_near_impl(double actual, double expected, double tol, const char *what,
                            const char *file, int line)
{
    if (isnan(actual) && isnan(expected))
        return;
    if (!(fabs(actual - expected) <= tol)) {
        print_error("%s = %.10g, expected %.10g ± %g\n", what, actual, expected, tol);
        _fail(file, line);
    }
}

void tgeom_assert_area_near_impl(GEOSContextHandle_t g, const GEOSGeometry *geom, double expected,
                                 double tol, const char *file, int line)
{
    double area = NAN;
    if (!geom || !GEOSArea_r(g, geom, &area) || !(fabs(area - expected) <= tol)) {
        char *wkt = tgeom_wkt_of(g, geom);
        print_error("area %.10g, expected %.10g ± %g, of %s\n", area, expected, tol, wkt);
        free(wkt);
        _fail(file, line);
    }
}

void tgeom_assert_same_impl(GEOSContextHandle_t g, const GEOSGeometry *actual,
                            const char *expected_wkt, double tol, const char *file, int line)
{
    GEOSGeometry *exp = tgeom_from_wkt(g, expected_wkt);
    GEOSGeometry *diff = actual ? GEOSSymDifference_r(g, actual, exp) : NULL;
    double area = NAN;
    if (diff)
        GEOSArea_r(g, diff, &area);
    if (diff)
        GEOSGeom_destroy_r(g, diff);
    GEOSGeom_destroy_r(g, exp);
    if (!(area <= tol)) {
        char *wkt = tgeom_wkt_of(g, actual);
        print_error("geometry %s differs from expected %s (symmetric difference %.10g > %g)\n", wkt,
                    expected_wkt, area, tol);
        free(wkt);
        _fail(file, line);
    }
}

void tgeom_assert_contains_impl(const char *text, const char *fragment, const char *file, int line)
{
    if (!text || !strstr(text, fragment)) {
        print_error("'%s' does not contain '%s'\n", text ? text : "(null)", fragment);
        _fail(file, line);
    }
}

void tgeom_ds_init(ls__dataset *ds)
{
    memset(ds, 0, sizeof(*ds));
    ds->geos = GEOS_init_r();
    if (!ds->geos)
        abort();
}

size_t tgeom_add_parcel(ls__dataset *ds, const char *parcel_id, const char *wkt)
{
    ds->parcels = xrealloc(ds->parcels, (ds->nparcels + 1) * sizeof(*ds->parcels));
    ls__parcel *p = &ds->parcels[ds->nparcels];
    memset(p, 0, sizeof(*p));
    p->fid = (long)ds->nparcels + 1;
    p->parcel_id = xstrdup(parcel_id);
    p->geom = tgeom_from_wkt(ds->geos, wkt);
    p->grant_date = p->agreed_start_date = p->agreed_finish_date = LS_NO_DATE;
    p->started = p->approved_unsupplied = -1;
    p->block_ix = p->district_ix = p->town_ix = -1;
    p->far_floor = NAN;
    p->tax_10k = p->value_added_10k = p->revenue_10k = p->energy_tce = NAN;
    p->tax_per_mu = p->value_added_per_mu = p->energy_per_va = p->eval_score = NAN;
    p->status = LS_STATUS_NON_INDUSTRIAL;
    p->action = LS_ACTION_NONE;
    return ds->nparcels++;
}

size_t tgeom_add_area(ls__dataset *ds, ls__area **arr, size_t *n, const char *id, const char *name,
                      const char *town, const char *tier, const char *wkt)
{
    *arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
    ls__area *a = &(*arr)[*n];
    memset(a, 0, sizeof(*a));
    a->fid = (long)*n + 1;
    a->id = xstrdup(id);
    a->name = xstrdup(name);
    a->town = xstrdup(town);
    a->tier = xstrdup(tier);
    a->geom = tgeom_from_wkt(ds->geos, wkt);
    GEOSArea_r(ds->geos, a->geom, &a->area_m2);
    return (*n)++;
}

size_t tgeom_add_building(ls__dataset *ds, const char *wkt, double floors, double height_m,
                          double given_floor_m2)
{
    ds->buildings = xrealloc(ds->buildings, (ds->nbuildings + 1) * sizeof(*ds->buildings));
    ls__building *b = &ds->buildings[ds->nbuildings];
    memset(b, 0, sizeof(*b));
    b->fid = (long)ds->nbuildings + 1;
    b->geom = tgeom_from_wkt(ds->geos, wkt);
    GEOSArea_r(ds->geos, b->geom, &b->area_m2);
    b->floors = floors;
    b->height_m = height_m;
    b->given_floor_m2 = given_floor_m2;
    if (!isnan(given_floor_m2))
        b->floor_area_m2 = given_floor_m2;
    else
        b->floor_area_m2 = isnan(floors) ? 0.0 : b->area_m2 * floors;
    return ds->nbuildings++;
}

size_t tgeom_add_enterprise(ls__dataset *ds, const char *enterprise_id)
{
    ds->enterprises = xrealloc(ds->enterprises, (ds->nenterprises + 1) * sizeof(*ds->enterprises));
    ls__enterprise *e = &ds->enterprises[ds->nenterprises];
    memset(e, 0, sizeof(*e));
    e->row = (long)ds->nenterprises + 1;
    e->enterprise_id = xstrdup(enterprise_id);
    e->tax_10k = e->value_added_10k = e->revenue_10k = e->energy_tce = NAN;
    e->employees = e->rd_10k = e->electricity_10k_kwh = e->land_tax_arrears_years = NAN;
    e->halted_since = e->founded = e->land_tax_arrears_since = LS_NO_DATE;
    e->mortgaged = e->veto = -1;
    e->land_mu = NAN;
    e->tax_per_mu = e->va_per_mu = e->va_per_energy = NAN;
    e->labour_productivity = e->rd_share = e->tax_per_electricity = e->eval_score = NAN;
    return ds->nenterprises++;
}

size_t tgeom_dq_count(const ls__dataset *ds, const char *layer, const char *feature,
                      const char *problem_fragment)
{
    size_t count = 0;
    for (size_t i = 0; i < ds->dq.n; i++) {
        const ls__dq_row *r = &ds->dq.rows[i];
        if (layer && strcmp(r->layer, layer) != 0)
            continue;
        if (feature && strcmp(r->feature, feature) != 0)
            continue;
        if (problem_fragment && !strstr(r->problem, problem_fragment))
            continue;
        count++;
    }
    return count;
}

void tgeom_assert_dq_impl(const ls__dataset *ds, const char *layer, const char *feature,
                          const char *problem_fragment, size_t expected, const char *file, int line)
{
    size_t got = tgeom_dq_count(ds, layer, feature, problem_fragment);
    if (got == expected)
        return;
    print_error("data_quality rows (layer %s, feature %s, problem ~ '%s'): %zu, expected %zu; "
                "rows:\n",
                layer ? layer : "*", feature ? feature : "*",
                problem_fragment ? problem_fragment : "*", got, expected);
    for (size_t i = 0; i < ds->dq.n; i++)
        print_error("  [%s] [%s] %s -> %s\n", ds->dq.rows[i].layer, ds->dq.rows[i].feature,
                    ds->dq.rows[i].problem, ds->dq.rows[i].action);
    _fail(file, line);
}

char *tgeom_mkdtemp(const char *tag)
{
    size_t n = strlen(tag) + 32;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "/tmp/landscan-%s-XXXXXX", tag);
    if (!mkdtemp(path)) {
        perror("mkdtemp");
        abort();
    }
    return path;
}

void tgeom_rm_rf(const char *path)
{
    struct stat st;
    if (!path || lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d) {
            struct dirent *e;
            while ((e = readdir(d)) != NULL) {
                if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                    continue;
                size_t n = strlen(path) + strlen(e->d_name) + 2;
                char *child = malloc(n);
                if (!child)
                    abort();
                snprintf(child, n, "%s/%s", path, e->d_name);
                tgeom_rm_rf(child);
                free(child);
            }
            closedir(d);
        }
        rmdir(path);
    } else {
        unlink(path);
    }
}

char *tgeom_write_file(const char *dir, const char *name, const char *text, size_t len)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path)
        abort();
    snprintf(path, n, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        abort();
    }
    return path;
}
