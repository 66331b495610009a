/*
 * read.c — the read stage: open every input with OGR (read-only), map the user's field
 * names to canonical ones, transform geometries to the working CRS, clean polygons, and
 * fill the dataset (model.h).
 *
 * Rules applied here (product.md, domain.md §1 and §9):
 *  - the working CRS is `crs:` from the run file, else the parcels' CRS; it must be
 *    projected. A layer without a CRS is refused unless `assume_crs:` is given; the message
 *    carries a guess from the coordinates (crs_guess.c). Axis order is always easting, northing.
 *  - invalid polygons are repaired with MakeValid and recorded in data_quality; empty,
 *    non-finite and non-polygon geometries are recorded and skipped.
 *  - a mapped field missing from the layer stops the run with the fields that do exist;
 *    values that do not parse (numbers, dates, booleans) become missing and are recorded.
 *  - districts: polygons carry a district `name` and optionally a `town`; districts are
 *    dissolved by name, towns by (name, town) (dissolve.c).
 *  - enterprises are a table (CSV/XLSX/DBF/GPKG) or points (read_enterprises.c); CSV point
 *    columns x/y are read in `coord_sys` (GCJ-02 and BD-09 converted to WGS84 first;
 *    CGCS2000 = WGS84).
 *  - text: every input is opened through encoding.c, so strings arrive as UTF-8 (.cpg, LDID,
 *    `encoding:`, else GB18030 detection with a warning; GBK CSV transcoded in memory); a
 *    string that is still invalid is repaired (U+FFFD) and recorded.
 * Every feature loop checks the interrupt flag. Nothing is written; inputs are never
 * modified (opened read-only; a transcoded copy lives in /vsimem/).
 */
#include <gdal.h>
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <math.h>
#include <ogr_srs_api.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "crs.h"
#include "crs_guess.h"
#include "dissolve.h"
#include "encoding.h"
#include "flags.h"
#include "gdal_errors.h"
#include "geos_bridge.h"
#include "id_index.h"
#include "read.h"
#include "read_layer.h"
#include "source.h"

/* The canonical fields of a role come from the run-file contract (config.c). */
static const char *const *role_fields(ls_input_role role)
{
    return ls__config_role_fields(role);
}

/* The next feature (read_layer.h): counted, with the interrupt flag checked and progress
 * every 4096 features ("read <role>", the share of the layer's count when the driver knows it
 * without reading: a counting pass would restart the reading of a CSV). */
int ls__reader_next(ls__reader *r, OGRFeatureH *f, int *error)
{
    if (r->total == 0)
        r->total = OGR_L_TestCapability(r->layer, OLCFastFeatureCount)
                       ? (long)OGR_L_GetFeatureCount(r->layer, FALSE)
                       : -1;
    int e = ls__gdal_next_feature(r->ctx, &r->cap, r->layer, r->source.display, r->prev_fid, f);
    if (e != LS_OK) {
        *error = e;
        return 0;
    }
    if (*f && ls_context_interrupted(r->ctx)) {
        OGR_F_Destroy(*f);
        *f = NULL;
        *error = ls__error_set(r->ctx, LS_EINTERRUPTED, "interrupted");
        return 0;
    }
    if (*f) {
        r->prev_fid = (long)OGR_F_GetFID(*f);
        r->ds->layers[r->role].features++;
        if ((r->nread++ & 4095) == 0) {
            char stage[64];
            snprintf(stage, sizeof(stage), "read %s", r->role_name ? r->role_name : "input");
            ls__progress(r->ctx, stage,
                         r->total > 0 && r->nread < r->total ? (double)r->nread / (double)r->total
                                                             : 0.0);
        }
    }
    return *f != NULL;
}

static int field_pos(ls_input_role role, const char *canonical)
{
    const char *const *names = role_fields(role);
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], canonical) == 0)
            return i;
    return -1;
}

/* field_pos remembered per reader by the name's address (the per-feature readers pass string
 * literals): a pointer compare instead of up to MAX_FIELDS string compares per value. */
static int reader_pos(ls__reader *r, const char *canonical)
{
    for (int i = 0; i < r->npos; i++)
        if (r->pos_key[i] == canonical)
            return r->pos_val[i];
    int pos = field_pos(r->role, canonical);
    if (r->npos < (int)(sizeof(r->pos_key) / sizeof(r->pos_key[0]))) {
        r->pos_key[r->npos] = canonical;
        r->pos_val[r->npos++] = pos;
    }
    return pos;
}

int ls__reader_dq(ls__reader *r, const char *problem, const char *action)
{
    if (ls__dq_add(r->dq, r->role_name, r->label, problem, action) != LS_OK)
        return ls__error_set(r->ctx, LS_ENOMEM, "out of memory");
    return LS_OK;
}

/* The mapped field's text value, trimmed, or NULL when unmapped, null or empty. */
char *ls__reader_text(ls__reader *r, OGRFeatureH f, const char *canonical)
{
    int pos = reader_pos(r, canonical);
    if (pos < 0 || r->idx[pos] < 0 || !OGR_F_IsFieldSetAndNotNull(f, r->idx[pos]))
        return NULL;
    char *s = ls__trim(ls__strdup(OGR_F_GetFieldAsString(f, r->idx[pos])));
    if (s && !*s) {
        free(s);
        return NULL;
    }
    if (s && !ls__utf8_valid(s)) {
        /* only reachable when a declared encoding is wrong in a way detection missed */
        char *fixed = ls__utf8_repair(s);
        char *msg = ls__sprintf("field %s (%s): text is not valid UTF-8",
                                ls_input_field(r->in, canonical), canonical);
        if (msg)
            ls__reader_dq(r, msg, "invalid bytes replaced with U+FFFD; check encoding:");
        free(msg);
        free(s);
        s = fixed;
    }
    return s;
}

int ls__reader_mapped(const ls__reader *r, const char *canonical)
{
    int pos = field_pos(r->role, canonical);
    return pos >= 0 && r->idx[pos] >= 0;
}

/* A mapped value that does not parse: one data_quality row, the value treated as missing.
 * Takes ownership of text. */
static int bad_value(ls__reader *r, const char *canonical, char *text, const char *what)
{
    char *msg = ls__sprintf("field %s (%s): '%s' is not %s", ls_input_field(r->in, canonical),
                            canonical, text, what);
    int rc = msg ? ls__reader_dq(r, msg, "treated as missing")
                 : ls__error_set(r->ctx, LS_ENOMEM, "out of memory");
    free(msg);
    free(text);
    return rc;
}

int ls__reader_number(ls__reader *r, OGRFeatureH f, const char *canonical, double *out)
{
    *out = NAN;
    int pos = reader_pos(r, canonical);
    if (pos < 0 || r->idx[pos] < 0 || !OGR_F_IsFieldSetAndNotNull(f, r->idx[pos]))
        return LS_OK;
    OGRFieldType t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, r->idx[pos]));
    if (t == OFTReal || t == OFTInteger || t == OFTInteger64) {
        *out = OGR_F_GetFieldAsDouble(f, r->idx[pos]);
        return LS_OK;
    }
    char *s = ls__reader_text(r, f, canonical);
    if (s && ls__number_parse(s, out) != 0) {
        *out = NAN;
        return bad_value(r, canonical, s, "a number");
    }
    free(s);
    return LS_OK;
}

/* A mapped value parsed by `parse` (values.c) into *out; `missing` when absent or when it
 * does not parse (then recorded as not being `what`). */
static int get_parsed(ls__reader *r, OGRFeatureH f, const char *canonical,
                      int (*parse)(const char *, int *), int missing, const char *what, int *out)
{
    *out = missing;
    char *s = ls__reader_text(r, f, canonical);
    if (s && parse(s, out) != 0) {
        *out = missing;
        return bad_value(r, canonical, s, what);
    }
    free(s);
    return LS_OK;
}

int ls__reader_date(ls__reader *r, OGRFeatureH f, const char *canonical, int *out)
{
    return get_parsed(r, f, canonical, ls__date_parse, LS_NO_DATE, "a date", out);
}

int ls__reader_bool(ls__reader *r, OGRFeatureH f, const char *canonical, int *out)
{
    return get_parsed(r, f, canonical, ls__bool_parse, -1, "a yes/no value", out);
}

char *ls__read_normalise_tier(const char *value)
{
    if (!value)
        return ls__strdup("1");
    char *v = ls__trim(ls__strdup(value));
    if (!v)
        return NULL;
    const char *norm = NULL;
    if (strstr(v, "过渡") || strcasecmp(v, "transition") == 0 || strcasecmp(v, "t") == 0)
        norm = "transition";
    else if (strcmp(v, "1") == 0 || strstr(v, "一") || strcasecmp(v, "I") == 0)
        norm = "1";
    else if (strcmp(v, "2") == 0 || strstr(v, "二") || strcasecmp(v, "II") == 0)
        norm = "2";
    if (norm) {
        free(v);
        return ls__strdup(norm);
    }
    return v;
}

char *ls__read_guess_crs(double x, double y)
{
    return ls__crs_guess(x, y, x, y, NULL); /* crs_guess.c */
}

static void reader_close(ls__reader *r)
{
    if (r->ct)
        OCTDestroyCoordinateTransformation(r->ct);
    if (r->src)
        OSRDestroySpatialReference(r->src);
    ls__source_close(&r->source);
    r->ct = NULL;
    r->src = NULL;
}

/* Guess text for a layer without CRS from its first feature. */
static char *guess_for_layer(OGRLayerH layer)
{
    OGREnvelope env;
    if (OGR_L_GetExtent(layer, &env, 1) != OGRERR_NONE)
        return ls__strdup("no coordinates to guess from");
    return ls__crs_guess(env.MinX, env.MinY, env.MaxX, env.MaxY, NULL);
}

/* Open the input of a role: dataset, layer, field mapping, CRS and transformation to the
 * working CRS (*working created from the parcels when NULL). */
static int reader_open(ls_context *ctx, ls__dataset *ds, const ls_config *cfg, ls_input_role role,
                       OGRSpatialReferenceH *working, ls__reader *r)
{
    int error = LS_OK;
    char where[512];
    memset(r, 0, sizeof(*r));
    r->ctx = ctx;
    r->ds = ds;
    r->role = role;
    r->role_name = ls_input_role_name(role);
    r->in = &cfg->inputs[role];
    r->xcol = r->ycol = -1;
    const ls_input *in = r->in;
    ls__layer_info *info = &ds->layers[role];

    if (in->encoding && !ls__encoding_known(in->encoding)) {
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s:%d: encoding '%s' of inputs.%s is not known (e.g. GBK, GB18030, "
                              "UTF-8, CP1252)",
                              cfg->path, in->line, in->encoding, r->role_name);
        goto cleanup;
    }
    snprintf(where, sizeof(where), "%s:%d", cfg->path, in->line);
    /* file, folder, /vsizip/ or database; layer, schema.table or sql: (source.c) */
    if ((error = ls__source_open(ctx, in, r->role_name, where, 0, &r->source)) != LS_OK)
        goto cleanup;
    r->layer = r->source.layer;
    const char *lname = OGR_L_GetName(r->layer);

    /* field mapping */
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(r->layer);
    const char *const *names = role_fields(role);
    for (int i = 0; names[i]; i++) {
        r->idx[i] = -1;
        const char *src = ls_input_field(in, names[i]);
        if (!src)
            continue;
        r->idx[i] = OGR_FD_GetFieldIndex(defn, src);
        if (r->idx[i] < 0 && OGR_FD_GetFieldCount(defn) == 0 &&
            OGR_L_GetFeatureCount(r->layer, 1) == 0) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "%s: layer '%s' has no features (and so no field '%s')", in->path,
                                  lname, src);
            goto cleanup;
        }
        if (r->idx[i] < 0) {
            ls__buf have = {0};
            for (int j = 0; j < OGR_FD_GetFieldCount(defn); j++)
                ls__buf_addf(&have, "%s%s", j ? ", " : "",
                             OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, j)));
            char *list = ls__buf_take(&have);
            error = ls__error_set(ctx, LS_EINVAL,
                                  "%s: layer '%s' has no field '%s' (mapped as %s in %s); "
                                  "fields present: %s",
                                  in->path, lname, src, names[i], cfg->path, list ? list : "");
            free(list);
            goto cleanup;
        }
    }
    if (role == LS_INPUT_ENTERPRISES && (in->x || in->y)) {
        if (!in->x || !in->y) {
            error = ls__error_set(ctx, LS_EINVAL, "%s:%d: enterprises need both x and y columns",
                                  cfg->path, in->line);
            goto cleanup;
        }
        r->xcol = OGR_FD_GetFieldIndex(defn, in->x);
        r->ycol = OGR_FD_GetFieldIndex(defn, in->y);
        if (r->xcol < 0 || r->ycol < 0) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "%s: layer '%s' has no column '%s' (x/y of enterprises)",
                                  in->path, lname, r->xcol < 0 ? in->x : in->y);
            goto cleanup;
        }
    }

    /* geometry type */
    OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(r->layer));
    int polygon_role = role != LS_INPUT_ENTERPRISES;
    if (polygon_role) {
        if (gt == wkbNone) {
            error =
                ls__error_set(ctx, LS_EINVAL, "%s: layer '%s' has no geometry; %s must be polygons",
                              in->path, lname, r->role_name);
            goto cleanup;
        }
        if (gt == wkbPoint || gt == wkbMultiPoint || gt == wkbLineString ||
            gt == wkbMultiLineString) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "%s: layer '%s' holds %s geometries; %s must be polygons",
                                  in->path, lname, OGRGeometryTypeToName(gt), r->role_name);
            goto cleanup;
        }
    }

    /* CRS */
    int needs_crs = polygon_role || (gt != wkbNone && r->xcol < 0);
    if (needs_crs) {
        OGRSpatialReferenceH lsrs = OGR_L_GetSpatialRef(r->layer);
        if (lsrs) {
            r->src = OSRClone(lsrs);
            OSRSetAxisMappingStrategy(r->src, OAMS_TRADITIONAL_GIS_ORDER);
        } else if (in->assume_crs) {
            r->src = ls__crs_from_text(in->assume_crs);
            if (!r->src) {
                error =
                    ls__error_set(ctx, LS_ECRS, "%s:%d: assume_crs '%s' is not a CRS PROJ knows",
                                  cfg->path, in->line, in->assume_crs);
                goto cleanup;
            }
        } else {
            char *guess = guess_for_layer(r->layer);
            error = ls__error_set(ctx, LS_ECRS,
                                  "%s: layer '%s' has no CRS (.prj missing?); add assume_crs to "
                                  "inputs.%s in %s — guess: %s",
                                  in->path, lname, r->role_name, cfg->path, guess ? guess : "?");
            free(guess);
            goto cleanup;
        }
        info->crs = ls__crs_name(r->src);
        if (!*working) {
            *working = OSRClone(r->src);
            OSRSetAxisMappingStrategy(*working, OAMS_TRADITIONAL_GIS_ORDER);
        }
        if (!OSRIsSame(r->src, *working)) {
            r->ct = OCTNewCoordinateTransformation(r->src, *working);
            if (!r->ct) {
                error = ls__error_set(ctx, LS_ECRS,
                                      "%s: cannot transform from %s to the working CRS (%s)",
                                      in->path, info->crs, CPLGetLastErrorMsg());
                goto cleanup;
            }
        }
    }
    info->present = 1;
    info->path = ls__strdup(r->source.display); /* password redacted */
    info->encoding = ls__strdup(r->source.enc.encoding ? r->source.enc.encoding : "UTF-8");
    info->sha256 = ls__strdup(r->source.sha256);
cleanup:
    if (error != LS_OK)
        reader_close(r);
    return error;
}

static int check_duplicate_ids(ls_context *ctx, ls__dataset *ds);

/* The working CRS must be projected and in metres: every area is m² and mu (a CRS in US
 * feet would give ft² labelled m², 10.76 times too large). A Mercator (EPSG:3857 …) passes
 * with a warning: its metres are true only at the equator. */
static int check_working_crs(ls_context *ctx, const ls_config *cfg, OGRSpatialReferenceH working)
{
    char *name = ls__crs_name(working);
    int error = LS_OK;
    if (!OSRIsProjected(working)) {
        error = ls__error_set(ctx, LS_ECRS,
                              "%s: the working CRS %s is geographic (degrees); set crs: to a "
                              "projected CRS in metres, e.g. EPSG:4549",
                              cfg->path, name ? name : "");
    } else {
        char *unit = NULL;
        double to_m = OSRGetLinearUnits(working, &unit);
        if (to_m != 1.0)
            error = ls__error_set(ctx, LS_ECRS,
                                  "%s: the working CRS %s is in %s (1 unit = %.6g m), not metres; "
                                  "areas would not be m²: set crs: to a projected CRS in metres "
                                  "(e.g. EPSG:4549)",
                                  cfg->path, name ? name : "", unit && *unit ? unit : "?", to_m);
        /* a (pseudo-)Mercator's metres stretch with latitude: areas 1/cos²φ too large */
        const char *proj = OSRGetAttrValue(working, "PROJECTION", 0);
        if (error == LS_OK && proj && strstr(proj, "Mercator") && !strstr(proj, "Transverse") &&
            !strstr(proj, "Oblique"))
            ls__notice(ctx, LS_NOTICE_WARNING,
                       "%s: the working CRS %s is a Mercator projection (%s): its metres stretch "
                       "with latitude, so areas and mu come out 1/cos²(latitude) too large (×1.33 "
                       "at 30°N, ×4 at 60°N); set crs: to a Gauss-Krüger or UTM CRS",
                       cfg->path, name ? name : "", proj);
    }
    free(name);
    return error;
}

/* ---- reading the opened inputs, one thread per input ------------------------------------
 * Each input is read by one job with its own GDAL dataset (opened above), GEOS handle, child
 * context (its error) and data_quality rows; afterwards the rows are appended to the
 * dataset's in role order and the first failure in role order is the stage's, so the
 * outcome never depends on which thread ran first. Each job fills only its own arrays and
 * its own layer's fields of the dataset. */
typedef struct read_job {
    ls__reader r;
    ls_context *ctx; /* child of the run's context */
    ls__dq dq;
    int error;
    int ran; /* run_job closed the reader */
} read_job;

typedef struct read_pool {
    read_job *jobs;
    int order[LS_INPUT_COUNT]; /* jobs by rank: the longest inputs first */
    int njobs, next;
    OGRSpatialReferenceH working;
    pthread_mutex_t lock;
} read_pool;

static void run_job(read_job *j, OGRSpatialReferenceH working)
{
    ls__reader *r = &j->r;
    ls__dataset *ds = r->ds;
    int error = LS_OK;
    r->prev_fid = -1;
    ls__gdal_capture_begin(&r->cap);
    switch (r->role) {
    case LS_INPUT_PARCELS:
        error = ls__read_parcels(r);
        break;
    case LS_INPUT_CONTROL_LINES:
        error = ls__read_areas(r, &ds->controls, &ds->ncontrols);
        break;
    case LS_INPUT_BLOCKS:
        error = ls__read_areas(r, &ds->blocks, &ds->nblocks);
        break;
    case LS_INPUT_DISTRICTS:
        error = ls__read_areas(r, &ds->district_polys, &ds->ndistrict_polys);
        break;
    case LS_INPUT_APPROVALS:
        error = ls__read_areas(r, &ds->approvals, &ds->napprovals);
        break;
    case LS_INPUT_BUILDINGS:
        error = ls__read_buildings(r);
        break;
    default:
        error = ls__read_enterprises(r, working);
        break;
    }
    ls__gdal_capture_end(&r->cap);
    reader_close(r);
    j->error = error;
    j->ran = 1;
}

/* parcels and buildings are the long inputs: started first, two threads share the work */
static int job_rank(ls_input_role role)
{
    return role == LS_INPUT_PARCELS ? 0 : role == LS_INPUT_BUILDINGS ? 1 : 2 + (int)role;
}

static void *read_worker(void *arg)
{
    read_pool *p = arg;
    CPLPushErrorHandler(CPLQuietErrorHandler); /* GDAL's handler stack is per thread */
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int k = p->next < p->njobs ? p->order[p->next++] : -1;
        pthread_mutex_unlock(&p->lock);
        if (k < 0)
            break;
        run_job(&p->jobs[k], p->working);
        if (p->jobs[k].error != LS_OK) /* the inputs after it no longer matter */
            for (int c = k + 1; c < p->njobs; c++)
                ls_context_interrupt(p->jobs[c].ctx);
    }
    CPLPopErrorHandler();
    return NULL;
}

/* Read the njobs opened inputs (in role order in jobs) into ds. */
static int read_all(ls_context *ctx, ls__dataset *ds, read_job *jobs, int njobs,
                    OGRSpatialReferenceH working)
{
    int error = LS_OK;
    for (int k = 0; k < njobs && error == LS_OK; k++) {
        if (ls__context_child(ctx, &jobs[k].ctx) != LS_OK ||
            !(jobs[k].r.geos = ls__geos_new(jobs[k].ctx)))
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        jobs[k].r.ctx = jobs[k].ctx;
        jobs[k].r.dq = &jobs[k].dq;
    }
    read_pool pool = {.jobs = jobs, .njobs = njobs, .working = working};
    pthread_mutex_init(&pool.lock, NULL);
    for (int k = 0; k < njobs; k++) { /* insertion sort by rank */
        int c = k;
        for (; c > 0 && job_rank(jobs[pool.order[c - 1]].r.role) > job_rank(jobs[k].r.role); c--)
            pool.order[c] = pool.order[c - 1];
        pool.order[c] = k;
    }
    if (error == LS_OK) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        int nthreads = cpus > 1 ? (int)(cpus < njobs ? cpus : njobs) : 1;
        pthread_t threads[LS_INPUT_COUNT];
        int started = 0;
        for (int t = 1; t < nthreads; t++)
            if (pthread_create(&threads[started], NULL, read_worker, &pool) == 0)
                started++;
        read_worker(&pool); /* this thread works too */
        for (int t = 0; t < started; t++)
            pthread_join(threads[t], NULL);
    }
    pthread_mutex_destroy(&pool.lock);
    /* in role order: data_quality rows appended, the first failure reported */
    int failed = 0;
    for (int k = 0; k < njobs; k++) {
        read_job *j = &jobs[k];
        if (error == LS_OK && !failed) {
            if (ls__dq_move(&ds->dq, &j->dq) != LS_OK)
                error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            /* the job's message (also a GEOS complaint that did not fail it), as when the
             * inputs were read one after another on this context */
            if (error == LS_OK && j->ctx && ls_context_error_code(j->ctx) != LS_OK)
                ls__error_set(ctx, ls_context_error_code(j->ctx), "%s", ls_context_error(j->ctx));
            if (error == LS_OK && j->error != LS_OK) {
                error = j->error;
                failed = 1;
            }
        }
        if (!j->ran) /* never read: still open */
            reader_close(&j->r);
        ls__dq_free(&j->dq);
        if (j->r.geos)
            GEOS_finish_r(j->r.geos);
        ls_context_free(j->ctx);
    }
    return error;
}

int ls__read_inputs(ls_context *ctx, const ls_config *cfg, ls__dataset *ds)
{
    int error = LS_OK;
    OGRSpatialReferenceH working = NULL;
    ds->geos = ls__geos_new(ctx);
    if (!ds->geos)
        return ls__error_set(ctx, LS_EDEP, "GEOS could not be initialised");
    if (cfg->crs) {
        working = ls__crs_from_text(cfg->crs);
        if (!working) {
            error = ls__error_set(ctx, LS_ECRS, "%s: crs '%s' is not a CRS PROJ knows", cfg->path,
                                  cfg->crs);
            goto cleanup;
        }
    }
    /* every input opened here, in role order (the working CRS comes from the parcels;
     * messages and notices of opening keep their order), then the features read */
    read_job jobs[LS_INPUT_COUNT];
    int njobs = 0, crs_refused = 0;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (int role = 0; role < LS_INPUT_COUNT && error == LS_OK; role++) {
        if (!cfg->inputs[role].present)
            continue;
        read_job *j = &jobs[njobs];
        memset(j, 0, sizeof(*j));
        if ((error = reader_open(ctx, ds, cfg, (ls_input_role)role, &working, &j->r)) != LS_OK)
            break; /* reader_open closed it */
        njobs++;
        if (role == LS_INPUT_PARCELS && (error = check_working_crs(ctx, cfg, working)) != LS_OK)
            crs_refused = 1;
    }
    CPLPopErrorHandler();
    if (crs_refused) {
        for (int k = 0; k < njobs; k++)
            reader_close(&jobs[k].r);
        goto cleanup;
    }
    /* when an input could not be opened, the ones before it are still read: a failure
     * there comes first (the message is always the first failure in role order) */
    char *open_message = error != LS_OK ? ls__strdup(ls_context_error(ctx)) : NULL;
    int read_error = read_all(ctx, ds, jobs, njobs, working);
    if (read_error != LS_OK)
        error = read_error;
    else if (error != LS_OK) /* the opening's message, set after every earlier read */
        ls__error_set(ctx, error, "%s", open_message ? open_message : "out of memory");
    free(open_message);
    if (error != LS_OK)
        goto cleanup;
    if (ds->nparcels == 0) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: no usable parcel polygons",
                              cfg->inputs[LS_INPUT_PARCELS].path);
        goto cleanup;
    }
    if ((error = check_duplicate_ids(ctx, ds)) != LS_OK)
        goto cleanup;
    if (ds->ndistrict_polys) {
        if ((error = ls__dissolve_areas(ctx, ds, 0, &ds->districts, &ds->ndistricts)) != LS_OK)
            goto cleanup;
        ds->has_towns = ls_input_field(&cfg->inputs[LS_INPUT_DISTRICTS], "town") != NULL;
        if (ds->has_towns) {
            /* polygons without a town name take part in districts only */
            if ((error = ls__dissolve_areas(ctx, ds, 1, &ds->towns, &ds->ntowns)) != LS_OK)
                goto cleanup;
            size_t k = 0;
            for (size_t i = 0; i < ds->ntowns; i++) {
                if (ds->towns[i].town) {
                    ds->towns[k++] = ds->towns[i];
                } else {
                    GEOSGeom_destroy_r(ds->geos, ds->towns[i].geom);
                    free(ds->towns[i].name);
                    free(ds->towns[i].id);
                }
            }
            ds->ntowns = k;
        }
    }
    ds->crs_name = ls__crs_name(working);
    ds->crs_wkt = ls__crs_wkt(working);
    ds->crs_epsg = ls__crs_epsg(working);
    if (!ds->crs_name || !ds->crs_wkt)
        error = ls__error_set(ctx, LS_ECRS, "the working CRS cannot be described");
cleanup:
    if (working)
        OSRDestroySpatialReference(working);
    return error;
}

/* Duplicate parcel ids: the second and later get "#<fid>" appended and a data_quality row. */
static int check_duplicate_ids(ls_context *ctx, ls__dataset *ds)
{
    ls__id_ref *ix = malloc(ds->nparcels * sizeof(*ix));
    if (!ix)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    for (size_t i = 0; i < ds->nparcels; i++) {
        ix[i].id = ds->parcels[i].parcel_id;
        ix[i].ix = i;
    }
    ls__id_refs_sort(ix, ds->nparcels);
    int error = LS_OK;
    size_t *dups = NULL, ndups = 0;
    for (size_t k = 1; k < ds->nparcels; k++) {
        if (strcmp(ix[k].id, ix[k - 1].id) != 0)
            continue;
        size_t *d = realloc(dups, (ndups + 1) * sizeof(*d));
        if (!d) {
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            break;
        }
        dups = d;
        dups[ndups++] = ix[k].ix;
    }
    free(ix);
    for (size_t k = 0; error == LS_OK && k < ndups; k++) {
        ls__parcel *p = &ds->parcels[dups[k]];
        char *renamed = ls__sprintf("%s#%ld", p->parcel_id, p->fid);
        char *problem = ls__sprintf("duplicate parcel id %s", p->parcel_id);
        if (!renamed || !problem ||
            ls__dq_add(&ds->dq, "parcels", p->parcel_id, problem, "kept with id <id>#<fid>") !=
                LS_OK) {
            free(renamed);
            free(problem);
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            break;
        }
        free(problem);
        free(p->parcel_id);
        p->parcel_id = renamed;
    }
    free(dups);
    return error;
}
