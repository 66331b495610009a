/*
 * init.c — `landscan init DIR`: look at the data files in a folder and write a commented
 * RUN.yaml with guessed roles and field mappings (include/landscan/init.h).
 *
 * Scan: every entry of DIR (not recursive) ending in .shp, .gpkg, .geojson, .json, .csv,
 * .xlsx or .dbf (a .dbf beside a .shp of the same name is the shapefile's table), and every
 * FileGDB (a .gdb folder, a .gdb.zip), is opened exactly as run and check open it
 * (encoding.c: read-only, the text decoding settled by .cpg, LDID, or the bytes; a .shp
 * without its .shx rebuilt in memory, never beside the input); each layer is one candidate.
 * Per layer we keep its geometry kind, feature count, CRS, extent, field names, and how the
 * encoding was decided: a decision from the bytes alone (GBK, CP1252) is written as
 * `encoding:` so the run reads the file as init saw it. A file GDAL cannot open is listed
 * with GDAL's reason.
 *
 * Roles: a score per (layer, role). Polygon roles need polygons; enterprises need a table
 * or points. +1 prior for parcels (polygons) and enterprises (tables), +20 for a name hint
 * in the file or layer name (zd/宗地/parcel, kzx/控制线, qk/区块, xzq/行政区/镇街, jzw/建筑,
 * qy/企业), +3 per canonical field of the role found among the layer's fields. Roles are
 * then given greedily, best score first (ties: role order, then file order); each role to
 * one layer, each layer one role. The parcels are required: when every polygon layer went
 * to another role (one layer with a NAME field scores for districts), the best one becomes
 * the parcels and the rest is assigned again. Other layers that scored for a role are
 * listed as alternatives in the comments.
 *
 * Fields: per canonical field an ordered table of common names (ZDDM, 宗地代码, 宗地号, DJH
 * → parcel_id …), matched case-insensitively (ASCII); the first name in table order that the
 * layer has wins, the other matching fields are listed as alternatives; fields that match
 * nothing are listed as unmatched. CRS (crs_guess.c): the source's CRS is noted; a layer
 * without one gets a commented `assume_crs:` with a code only where the coordinates fit it
 * (zone prefix and central meridian checked), else EPSG:???? and the reason (never used
 * silently: domain.md §9); `crs:` is proposed for parcels in degrees only inside China's
 * CGCS2000 zones, and never for a CRS that is not in metres. Nothing is written by the scan;
 * ls_init_write() refuses to overwrite.
 */
#define _GNU_SOURCE /* strcasestr */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <gdal.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <ogr_srs_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "crs_guess.h"
#include "encoding.h"
#include "gdal_errors.h"
#include "init_names.h"
#include "internal.h"
#include "read.h"

enum { GEOM_NONE = 0, GEOM_POINT, GEOM_LINE, GEOM_POLYGON };

typedef struct match {
    const char *canonical;
    int field; /* index into layer fields, -1 when not found */
    size_t nalt;
    int alt[8]; /* other fields matching the same canonical field */
} match;

typedef struct scanned {
    char *path;      /* file name inside DIR */
    char *layer;     /* NULL for single-layer sources */
    int write_layer; /* RUN.yaml needs `layer:` */
    char *geometry;
    int geom;
    long features;
    char *crs;                /* NULL when none */
    OGRSpatialReferenceH srs; /* the layer's CRS (a clone), NULL when none */
    char *encoding; /* encoding: to write ("GBK", "CP1252") when only the bytes told, else NULL */
    char *encoding_why; /* how encoding.c decided ("GB18030 (detected)", "CP936 (LDID 0x4D)") */
    int shx_restored;   /* the .shp came without its .shx (rebuilt in memory to read it) */
    char **fields;
    size_t nfields;
    double minx, miny, maxx, maxy; /* extent (for the CRS guess) */
    int has_extent;
    int score[LS_INPUT_COUNT];
    int role; /* assigned role or -1 */
} scanned;

typedef struct scan {
    ls_context *ctx;
    const char *dir;
    scanned *items;
    size_t n, cap;
    ls__buf skipped;    /* "file (why)" of data files that did not open */
    int parcels_forced; /* the parcels were given the only polygon layer another role wanted */
    int parcels_took;   /* that role */
} scan;

static int has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

/* A data file or folder of DIR: by extension; a FileGDB is a folder ending in .gdb or a
 * .gdb.zip (both read by GDAL's OpenFileGDB driver, as run and check read them). */
static int is_data_file(const char *dir, const char *name)
{
    static const char *const exts[] = {".shp",  ".gpkg", ".geojson", ".json",    ".csv",
                                       ".xlsx", ".dbf",  ".gdb.zip", ".gdb.tar", NULL};
    if (name[0] == '.')
        return 0;
    if (has_ext(name, ".gdb")) {
        char *path = ls__path_join(dir, name);
        struct stat st;
        int folder = path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
        free(path);
        return folder;
    }
    for (int i = 0; exts[i]; i++)
        if (has_ext(name, exts[i]))
            return 1;
    return 0;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void scanned_free(scanned *s)
{
    free(s->path);
    free(s->layer);
    free(s->geometry);
    free(s->crs);
    if (s->srs)
        OSRDestroySpatialReference(s->srs);
    free(s->encoding);
    free(s->encoding_why);
    for (size_t i = 0; i < s->nfields; i++)
        free(s->fields[i]);
    free(s->fields);
}

static char *srs_text(OGRSpatialReferenceH srs)
{
    const char *auth = OSRGetAuthorityName(srs, NULL);
    const char *code = OSRGetAuthorityCode(srs, NULL);
    if (auth && code)
        return ls__sprintf("%s:%s", auth, code);
    if (OSRAutoIdentifyEPSG(srs) == OGRERR_NONE) {
        auth = OSRGetAuthorityName(srs, NULL);
        code = OSRGetAuthorityCode(srs, NULL);
        if (auth && code)
            return ls__sprintf("%s:%s", auth, code);
    }
    const char *name = OSRGetName(srs);
    return ls__strdup(name ? name : "unnamed CRS");
}

/* The `encoding:` a run file must state for a decision made from the bytes alone (so the
 * run reads the file as init saw it), NULL when the file declares its encoding. */
static const char *encoding_to_write(const char *label)
{
    if (!label)
        return NULL;
    if (strncmp(label, "GB18030 (detected", 17) == 0 || strncmp(label, "GB18030 (GB2312", 15) == 0)
        return "GBK";
    if (strncmp(label, "CP1252 (detected", 16) == 0)
        return "CP1252";
    return NULL;
}

static int add_layer(scan *S, const char *file, OGRLayerH layer, int multi, const ls__source *src)
{
    if (S->n == S->cap) {
        size_t c = S->cap ? S->cap * 2 : 16;
        scanned *a = realloc(S->items, c * sizeof(*a));
        if (!a)
            return LS_ENOMEM;
        S->items = a;
        S->cap = c;
    }
    scanned *s = &S->items[S->n];
    memset(s, 0, sizeof(*s));
    s->role = -1;
    S->n++;
    s->path = ls__strdup(file);
    s->write_layer = multi;
    s->layer = ls__strdup(OGR_L_GetName(layer));
    s->encoding = ls__strdup(encoding_to_write(src->encoding));
    s->encoding_why = ls__strdup(src->encoding);
    s->shx_restored = src->shx_restored;
    OGRwkbGeometryType gt = wkbFlatten(OGR_L_GetGeomType(layer));
    s->geometry = ls__strdup(gt == wkbNone ? "None" : OGRGeometryTypeToName(gt));
    s->geom = gt == wkbNone                                     ? GEOM_NONE
              : gt == wkbPoint || gt == wkbMultiPoint           ? GEOM_POINT
              : gt == wkbLineString || gt == wkbMultiLineString ? GEOM_LINE
                                                                : GEOM_POLYGON;
    s->features = (long)OGR_L_GetFeatureCount(layer, 1);
    OGRSpatialReferenceH srs = gt == wkbNone ? NULL : OGR_L_GetSpatialRef(layer);
    if (srs) {
        s->crs = srs_text(srs);
        s->srs = OSRClone(srs);
        if (s->srs)
            OSRSetAxisMappingStrategy(s->srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
    OGREnvelope env;
    if (gt != wkbNone && OGR_L_GetExtent(layer, &env, 1) == OGRERR_NONE) {
        s->minx = env.MinX;
        s->miny = env.MinY;
        s->maxx = env.MaxX;
        s->maxy = env.MaxY;
        s->has_extent = 1;
    }
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(layer);
    int nf = OGR_FD_GetFieldCount(defn);
    s->fields = calloc((size_t)nf + 1, sizeof(char *));
    if (!s->path || !s->layer || !s->geometry || !s->fields || (src->encoding && !s->encoding_why))
        return LS_ENOMEM;
    for (int i = 0; i < nf; i++) {
        s->fields[i] = ls__strdup(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)));
        if (!s->fields[i])
            return LS_ENOMEM;
        s->nfields++;
    }
    return LS_OK;
}

/* A shapefile is read to its end once, as run reads it: a truncated .shp or .dbf reads
 * without error as fewer or empty features, and only GDAL's error report tells
 * (gdal_errors.c). Such a layer is listed as not readable, never offered as an input.
 * Other formats report a damaged file when opened. */
static int read_through(scan *S, const char *name, OGRLayerH l, int *readable)
{
    *readable = 1;
    if (!has_ext(name, ".shp") && !has_ext(name, ".dbf"))
        return LS_OK;
    ls__gdal_capture cap;
    ls__gdal_capture_begin(&cap);
    OGRFeatureH f = NULL;
    long prev = -1;
    int error;
    OGR_L_ResetReading(l);
    while ((error = ls__gdal_next_feature(S->ctx, &cap, l, name, prev, &f)) == LS_OK && f) {
        prev = (long)OGR_F_GetFID(f);
        OGR_F_Destroy(f);
        if ((prev & 1023) == 0 && ls_context_interrupted(S->ctx)) {
            ls__gdal_capture_end(&cap);
            return ls__error_set(S->ctx, LS_EINTERRUPTED, "interrupted");
        }
    }
    ls__gdal_capture_end(&cap);
    OGR_L_ResetReading(l);
    if (error == LS_EIO) {
        ls__buf_addf(&S->skipped, "%s%s", S->skipped.len ? ", " : "", ls_context_error(S->ctx));
        ls__error_clear(S->ctx);
        *readable = 0;
        return LS_OK;
    }
    return error;
}

/* One data file or folder: opened as run and check open it (encoding.c: read-only, text
 * decoding settled, a missing .shx rebuilt in memory), one candidate per layer. A file
 * GDAL cannot open is listed with GDAL's reason. */
static int scan_file(scan *S, const char *name)
{
    char *path = ls__path_join(S->dir, name);
    if (!path)
        return LS_ENOMEM;
    int error = LS_OK;
    ls__source src;
    ls__gdal_capture cap;
    ls__gdal_capture_begin(&cap);
    error = ls__encoding_open(S->ctx, path, NULL, NULL, NULL, LS__ENCODING_QUIET, &src);
    ls__gdal_capture_end(&cap);
    if (error == LS_EINVAL) { /* undecodable text: listed, not fatal for init */
        ls__buf_addf(&S->skipped, "%s%s (%s)", S->skipped.len ? ", " : "", name,
                     ls_context_error(S->ctx));
        ls__error_clear(S->ctx);
        free(path);
        return LS_OK;
    }
    if (error != LS_OK) {
        free(path);
        return error;
    }
    if (!src.gds) {
        ls__buf_addf(&S->skipped, "%s%s (%s)", S->skipped.len ? ", " : "", name,
                     cap.first[0] ? cap.first : "not a format GDAL reads");
        free(path);
        return LS_OK;
    }
    int nl = GDALDatasetGetLayerCount(src.gds);
    int multi = nl > 1 || has_ext(name, ".gpkg") || has_ext(name, ".xlsx") ||
                has_ext(name, ".gdb") || has_ext(name, ".gdb.zip");
    for (int i = 0; i < nl && error == LS_OK; i++) {
        OGRLayerH l = GDALDatasetGetLayer(src.gds, i);
        int readable = 1;
        if ((error = read_through(S, name, l, &readable)) == LS_OK && readable)
            error = add_layer(S, name, l, multi, &src);
    }
    ls__encoding_close(&src);
    free(path);
    return error;
}

/* Lower-case ASCII tokens of a name are compared with the hints. */
static int name_has_hint(const char *name, const char *hint)
{
    if ((unsigned char)hint[0] >= 0x80 || strlen(hint) >= 5)
        return strcasestr(name, hint) != NULL;
    size_t hl = strlen(hint);
    for (const char *p = name; *p;) {
        while (*p && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && isalnum((unsigned char)*p))
            p++;
        size_t tl = (size_t)(p - start);
        if (tl >= hl && strncasecmp(start, hint, hl) == 0) {
            size_t k = hl;
            while (k < tl && isdigit((unsigned char)start[k]))
                k++;
            if (k == tl)
                return 1;
        }
    }
    return 0;
}

static int layer_has_hint(const scanned *s, int role)
{
    for (int h = 0; ls__init_role_hints[role][h]; h++)
        if (name_has_hint(s->path, ls__init_role_hints[role][h]) ||
            (s->layer && name_has_hint(s->layer, ls__init_role_hints[role][h])))
            return 1;
    return 0;
}

static int name_matches(const char *field, const char *name)
{
    return strcasecmp(field, name) == 0;
}

/* Map the canonical fields of `table` onto the layer's fields; used[] marks fields taken. */
static size_t map_fields(const scanned *s, const field_names *table, match *out, int *used)
{
    size_t n = 0;
    for (size_t c = 0; table[c].canonical; c++) {
        match *m = &out[n++];
        m->canonical = table[c].canonical;
        m->field = -1;
        m->nalt = 0;
        for (int k = 0; k < MAX_NAMES && table[c].names[k] && m->field < 0; k++)
            for (size_t f = 0; f < s->nfields; f++)
                if (!used[f] && name_matches(s->fields[f], table[c].names[k])) {
                    m->field = (int)f;
                    used[f] = 1;
                    break;
                }
        for (int k = 0; k < MAX_NAMES && table[c].names[k]; k++)
            for (size_t f = 0; f < s->nfields; f++)
                if ((int)f != m->field && name_matches(s->fields[f], table[c].names[k]) &&
                    m->nalt < 8) {
                    int dup = 0;
                    for (size_t a = 0; a < m->nalt; a++)
                        dup |= m->alt[a] == (int)f;
                    if (!dup)
                        m->alt[m->nalt++] = (int)f;
                }
    }
    return n;
}

static int role_fits(const scanned *s, int role)
{
    if (role == LS_INPUT_ENTERPRISES)
        return s->geom == GEOM_NONE || s->geom == GEOM_POINT;
    return s->geom == GEOM_POLYGON;
}

static void score_layers(scan *S)
{
    match m[32];
    for (size_t i = 0; i < S->n; i++) {
        scanned *s = &S->items[i];
        int *used = calloc(s->nfields + 1, sizeof(int));
        for (int r = 0; r < LS_INPUT_COUNT; r++) {
            if (!role_fits(s, r) || !used) {
                s->score[r] = -1;
                continue;
            }
            memset(used, 0, (s->nfields + 1) * sizeof(int));
            size_t n = map_fields(s, ls__init_role_names[r], m, used);
            int score = (r == LS_INPUT_PARCELS || r == LS_INPUT_ENTERPRISES) ? 1 : 0;
            for (size_t k = 0; k < n; k++)
                score += m[k].field >= 0 ? 3 : 0;
            if (layer_has_hint(s, r))
                score += 20;
            s->score[r] = score;
        }
        free(used);
    }
}

/* Greedy assignment, best score first, of the roles still -1 in by_role to the layers
 * without a role; by_role gets the layer index per role (-1 none). */
static void assign_roles(scan *S, long *by_role)
{
    for (;;) {
        long best_i = -1;
        int best_r = -1, best = 0;
        for (int r = 0; r < LS_INPUT_COUNT; r++) {
            if (by_role[r] >= 0)
                continue;
            for (size_t i = 0; i < S->n; i++)
                if (S->items[i].role < 0 && S->items[i].score[r] > best) {
                    best = S->items[i].score[r];
                    best_i = (long)i;
                    best_r = r;
                }
        }
        if (best_i < 0)
            break;
        by_role[best_r] = best_i;
        S->items[best_i].role = best_r;
    }
}

/* The parcels are the one required role: when the greedy pass gave every polygon layer
 * that could be the parcels to another role (a single layer with a NAME field goes to
 * districts), the best of them becomes the parcels and the other roles are assigned again
 * without it. */
static void assign_roles_parcels_first(scan *S, long *by_role)
{
    for (int r = 0; r < LS_INPUT_COUNT; r++)
        by_role[r] = -1;
    assign_roles(S, by_role);
    if (by_role[LS_INPUT_PARCELS] >= 0)
        return;
    long best_i = -1;
    for (size_t i = 0; i < S->n; i++)
        if (S->items[i].score[LS_INPUT_PARCELS] > 0 &&
            (best_i < 0 ||
             S->items[i].score[LS_INPUT_PARCELS] > S->items[best_i].score[LS_INPUT_PARCELS]))
            best_i = (long)i;
    if (best_i < 0)
        return;
    S->parcels_took = S->items[best_i].role;
    S->parcels_forced = 1;
    for (size_t i = 0; i < S->n; i++)
        S->items[i].role = -1;
    for (int r = 0; r < LS_INPUT_COUNT; r++)
        by_role[r] = -1;
    S->items[best_i].role = LS_INPUT_PARCELS;
    by_role[LS_INPUT_PARCELS] = best_i;
    assign_roles(S, by_role);
}

/* A YAML scalar: plain when safe, else double-quoted. */
static void add_scalar(ls__buf *b, const char *s)
{
    int plain = *s && !strchr("-?:,[]{}#&*!|>'\"%@`~ ", s[0]);
    for (const unsigned char *p = (const unsigned char *)s; *p && plain; p++)
        plain = *p >= 0x80 || isalnum(*p) || strchr("_-./()", *p);
    if (plain && (strcasecmp(s, "null") == 0 || strcasecmp(s, "true") == 0 ||
                  strcasecmp(s, "false") == 0 || strcmp(s, "~") == 0))
        plain = 0;
    if (plain) {
        ls__buf_add(b, s);
        return;
    }
    ls__buf_add(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            ls__buf_addf(b, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            ls__buf_addf(b, "\\x%02x", *p);
        else
            ls__buf_addn(b, (const char *)p, 1);
    }
    ls__buf_add(b, "\"");
}

/* Comment text: control characters become spaces. */
static void add_comment_text(ls__buf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        ls__buf_addn(b, *p < 0x20 ? " " : (const char *)p, 1);
}

/* Pad the current line to `col` bytes and start a comment. */
static void comment_at(ls__buf *b, size_t col)
{
    size_t start = b->len;
    while (start > 0 && b->data[start - 1] != '\n')
        start--;
    size_t len = b->len - start;
    do
        ls__buf_add(b, " ");
    while (++len < col);
    ls__buf_add(b, "# ");
}

static void describe(ls__buf *b, const scanned *s)
{
    add_comment_text(b, s->path);
    if (s->write_layer) {
        ls__buf_add(b, " layer ");
        add_comment_text(b, s->layer);
    }
}

static void write_input(ls__buf *b, const scan *S, int role, long idx)
{
    const char *role_name = ls_input_role_name((ls_input_role)role);
    if (idx < 0) {
        ls__buf_addf(b, "  # %s: no candidate found", role_name);
        if (role == LS_INPUT_ENTERPRISES)
            ls__buf_add(b, " (a table or points named qy/企业 with TYSHXYDM, SS, ZJZ …)\n");
        else
            ls__buf_add(b, " (polygons; see the file name hints in `landscan init --help`)\n");
        return;
    }
    const scanned *s = &S->items[idx];
    ls__buf_addf(b, "  %s:", role_name);
    comment_at(b, 36);
    describe(b, s);
    ls__buf_addf(b, ": %s, %ld features%s%s\n", s->geom == GEOM_NONE ? "table" : s->geometry,
                 s->features, s->geom == GEOM_NONE ? "" : ", ",
                 s->geom == GEOM_NONE ? ""
                 : s->crs             ? s->crs
                                      : "no CRS");
    /* other layers that could play this role */
    int first = 1;
    for (size_t i = 0; i < S->n; i++) {
        if ((long)i == idx || S->items[i].score[role] < 3) /* a hint or a field, not the prior */
            continue;
        ls__buf_add(b, first ? "    # other candidates: " : ", ");
        describe(b, &S->items[i]);
        first = 0;
    }
    if (!first)
        ls__buf_add(b, "\n");
    ls__buf_add(b, "    path: ");
    add_scalar(b, s->path);
    ls__buf_add(b, "\n");
    if (s->write_layer) {
        ls__buf_add(b, "    layer: ");
        add_scalar(b, s->layer);
        ls__buf_add(b, "\n");
    }
    if (s->encoding) {
        ls__buf_addf(b, "    encoding: %s", s->encoding);
        comment_at(b, 36);
        ls__buf_add(b, "decided by the bytes alone: ");
        add_comment_text(b, s->encoding_why);
        ls__buf_add(b, " — check the text\n");
    }
    if (s->shx_restored) {
        ls__buf_add(b, "    # ");
        add_comment_text(b, s->path);
        ls__buf_add(b, " has no .shx (record index): landscan rebuilds it in memory on every "
                       "read and writes nothing beside the inputs; ask for the .shx\n");
    }
    if (s->geom != GEOM_NONE && !s->crs) {
        int code = 0;
        char *guess =
            s->has_extent ? ls__crs_guess(s->minx, s->miny, s->maxx, s->maxy, &code) : NULL;
        if (code)
            ls__buf_addf(b, "    # assume_crs: EPSG:%d", code);
        else
            ls__buf_add(b, "    # assume_crs: EPSG:????");
        comment_at(b, 36);
        ls__buf_add(b, "the source has no CRS (.prj missing?); guess: ");
        add_comment_text(b, guess ? guess : "none");
        ls__buf_add(b, " — check it, then remove the leading '#'\n");
        free(guess);
    }

    int *used = calloc(s->nfields + 1, sizeof(int));
    match m[32], xy[2];
    if (!used) {
        b->failed = 1;
        return;
    }
    size_t n = map_fields(s, ls__init_role_names[role], m, used);
    int want_xy = role == LS_INPUT_ENTERPRISES && s->geom == GEOM_NONE;
    if (want_xy) {
        map_fields(s, ls__init_xy_names, xy, used);
        if (xy[0].field >= 0 && xy[1].field >= 0) {
            ls__buf_add(b, "    x: ");
            add_scalar(b, s->fields[xy[0].field]);
            ls__buf_add(b, "\n    y: ");
            add_scalar(b, s->fields[xy[1].field]);
            ls__buf_add(b, "\n");
            const char *name = s->fields[xy[0].field];
            int degrees = strcasecmp(name, "LON") == 0 || strcasecmp(name, "LNG") == 0 ||
                          strcmp(name, "经度") == 0 || strcasecmp(name, "JD") == 0;
            if (degrees) {
                ls__buf_add(b, "    coord_sys: wgs84");
                comment_at(b, 36);
                ls__buf_add(b, "longitude/latitude: wgs84 | gcj02 (Amap, Tencent) | bd09 (Baidu) | "
                               "cgcs2000\n");
            } else {
                ls__buf_add(b, "    # coord_sys: working");
                comment_at(b, 36);
                ls__buf_add(
                    b, "x/y in the working CRS; wgs84 | gcj02 | bd09 | cgcs2000 for degrees\n");
            }
        } else {
            ls__buf_add(b, "    # x: / y:                      no point columns found (LON/LAT, "
                           "X/Y, 经度/纬度): joined by parcel id only\n");
        }
    }
    size_t nmapped = 0;
    for (size_t k = 0; k < n; k++)
        nmapped += m[k].field >= 0;
    if (nmapped) {
        ls__buf_add(b, "    fields:\n");
        for (size_t k = 0; k < n; k++) {
            if (m[k].field < 0)
                continue;
            ls__buf_addf(b, "      %s: ", m[k].canonical);
            add_scalar(b, s->fields[m[k].field]);
            if (m[k].nalt) {
                comment_at(b, 36);
                ls__buf_add(b, "alternatives: ");
                for (size_t a = 0; a < m[k].nalt; a++) {
                    ls__buf_add(b, a ? ", " : "");
                    add_comment_text(b, s->fields[m[k].alt[a]]);
                }
            }
            ls__buf_add(b, "\n");
        }
    }
    first = 1;
    for (size_t k = 0; k < n; k++) {
        if (m[k].field >= 0)
            continue;
        ls__buf_addf(b, "%s%s",
                     first ? "    # not found (add `canonical: FIELD` under fields): " : ", ",
                     m[k].canonical);
        first = 0;
    }
    if (!first)
        ls__buf_add(b, "\n");
    first = 1;
    for (size_t f = 0; f < s->nfields; f++) {
        if (used[f])
            continue;
        ls__buf_add(b, first ? "    # unmatched fields: " : ", ");
        add_comment_text(b, s->fields[f]);
        first = 0;
    }
    if (!first)
        ls__buf_add(b, "\n");
    free(used);
}

static char *folder_title(const char *dir)
{
    char *copy = ls__strdup(dir);
    if (!copy)
        return NULL;
    size_t n = strlen(copy);
    while (n > 1 && copy[n - 1] == '/')
        copy[--n] = '\0';
    const char *base = strrchr(copy, '/');
    base = base ? base + 1 : copy;
    char *title = ls__strdup(*base && strcmp(base, ".") != 0 ? base : "landscan");
    free(copy);
    return title;
}

static char *build_yaml(ls_context *ctx, const scan *S, const long *by_role)
{
    ls__buf b = {0};
    time_t now = time(NULL);
    struct tm tmv;
    localtime_r(&now, &tmv);
    int last_year = tmv.tm_year + 1900 - 1;
    char *title = folder_title(S->dir);
    char **presets = NULL;
    ls_rules_list_presets(ctx, &presets);
    ls__error_clear(ctx);

    ls__buf_add(&b,
                "# RUN.yaml — written by `landscan init` from the files of this folder.\n"
                "# Every value is a guess: check each one, then `landscan check RUN.yaml`.\n"
                "# fields: maps canonical name → your field name; delete a line to leave a field\n"
                "# out. Alternatives found for a field or a role are listed in the comments.\n");
    ls__buf_add(&b, "name: ");
    char *name = ls__sprintf("%s 工业用地评价", title ? title : "landscan");
    add_scalar(&b, name ? name : "landscan");
    free(name);
    ls__buf_add(&b, "\n");
    ls__buf_addf(&b, "reference_date: %d-12-31", last_year);
    comment_at(&b, 36);
    ls__buf_add(&b, "\"today\" for every date rule: set the evaluation date\n");
    const scanned *parcels =
        by_role[LS_INPUT_PARCELS] >= 0 ? &S->items[by_role[LS_INPUT_PARCELS]] : NULL;
    int code = 0;
    char *why = parcels && parcels->srs && parcels->has_extent
                    ? ls__crs_working_guess(parcels->srs, parcels->crs, parcels->minx,
                                            parcels->miny, parcels->maxx, parcels->maxy, &code)
                    : NULL;
    if (code > 0) {
        ls__buf_addf(&b, "crs: EPSG:%d", code);
        comment_at(&b, 36);
        add_comment_text(&b, why ? why : "");
        ls__buf_add(&b, "\n");
    } else if (code == 0 && why) {
        /* no CRS fits: none proposed, and the reason */
        ls__buf_add(&b, "# crs: EPSG:????");
        comment_at(&b, 36);
        ls__buf_add(&b, "no guess: ");
        add_comment_text(&b, why);
        ls__buf_add(&b, "\n");
    } else {
        ls__buf_addf(&b, "# crs: %s", parcels && parcels->crs ? parcels->crs : "EPSG:????");
        comment_at(&b, 36);
        ls__buf_add(&b, "working CRS (projected, metres); default: the parcels' CRS\n");
    }
    free(why);
    if (S->parcels_forced && parcels) {
        ls__buf_add(&b, "# the parcels are ");
        describe(&b, parcels);
        ls__buf_addf(&b,
                     ": the only polygon layer that could be them, although its name or fields "
                     "suggest %s\n",
                     S->parcels_took >= 0 ? ls_input_role_name((ls_input_role)S->parcels_took)
                                          : "another role");
    }
    ls__buf_add(&b, "rules: national-2008");
    comment_at(&b, 36);
    ls__buf_add(&b, "a preset");
    for (size_t i = 0; presets && presets[i]; i++)
        ls__buf_addf(&b, "%s%s", i ? ", " : " (", presets[i]);
    ls__buf_add(&b, presets && presets[0] ? ") or a rules file path\n" : " or a rules file path\n");
    ls_strings_free(presets);
    ls__buf_add(&b, "output: out\n");
    ls__buf_add(
        &b, "# ledger: landscan-ledger.sqlite    # year-on-year ledger; default beside RUN.yaml\n");
    ls__buf_add(&b, "inputs:\n");
    for (int r = 0; r < LS_INPUT_COUNT; r++)
        write_input(&b, S, r, by_role[r]);
    int first = 1;
    for (size_t i = 0; i < S->n; i++) {
        if (S->items[i].role >= 0)
            continue;
        ls__buf_add(&b, first ? "# not used:\n" : "");
        ls__buf_add(&b, "#   ");
        describe(&b, &S->items[i]);
        ls__buf_addf(&b, " (%s, %ld features)\n", S->items[i].geometry, S->items[i].features);
        first = 0;
    }
    if (S->skipped.len) {
        ls__buf_add(&b, "# not readable as vector data: ");
        add_comment_text(&b, S->skipped.data);
        ls__buf_add(&b, "\n");
    }
    free(title);
    return ls__buf_take(&b);
}

int ls_init_scan(ls_context *ctx, const char *dir, ls_init_result **out)
{
    int error = LS_OK;
    scan S;
    memset(&S, 0, sizeof(S));
    S.ctx = ctx;
    S.dir = dir;
    char **names = NULL;
    size_t nnames = 0;
    ls_init_result *res = NULL;
    long by_role[LS_INPUT_COUNT];
    ls__error_clear(ctx);

    DIR *d = opendir(dir);
    if (!d)
        return ls__error_set(ctx, LS_ENOTFOUND, "%s: cannot open the folder (%s)", dir,
                             strerror(errno));
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_data_file(dir, e->d_name))
            continue;
        char **nn = realloc(names, (nnames + 1) * sizeof(*names));
        if (!nn || !(nn[nnames] = ls__strdup(e->d_name))) {
            names = nn ? nn : names;
            closedir(d);
            error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
            goto cleanup;
        }
        names = nn;
        nnames++;
    }
    closedir(d);
    if (nnames)
        qsort(names, nnames, sizeof(*names), cmp_cstr);

    GDALAllRegister();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    for (size_t i = 0; i < nnames && error == LS_OK; i++) {
        if (has_ext(names[i], ".dbf")) { /* the table of a shapefile beside it */
            size_t n = strlen(names[i]);
            int twin = 0;
            for (size_t j = 0; j < nnames; j++)
                twin |= strlen(names[j]) == n && strncmp(names[j], names[i], n - 4) == 0 &&
                        has_ext(names[j], ".shp");
            if (twin)
                continue;
        }
        error = scan_file(&S, names[i]);
    }
    CPLPopErrorHandler();
    if (error == LS_ENOMEM)
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (error != LS_OK)
        goto cleanup;
    if (S.n == 0 && S.skipped.len) {
        error = ls__error_set(ctx, LS_EINVAL, "%s: no readable data files: %s", dir,
                              S.skipped.data ? S.skipped.data : "");
        goto cleanup;
    }
    if (S.n == 0) {
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: no data files (.shp, .gpkg, .geojson, .json, .csv, .xlsx, .dbf, "
                              "FileGDB .gdb folders and .gdb.zip)",
                              dir);
        goto cleanup;
    }
    score_layers(&S);
    assign_roles_parcels_first(&S, by_role);
    if (by_role[LS_INPUT_PARCELS] < 0) {
        ls__buf found = {0};
        for (size_t i = 0; i < S.n && i < 12; i++)
            ls__buf_addf(&found, "%s%s%s%s (%s)", i ? ", " : "", S.items[i].path,
                         S.items[i].write_layer ? ":" : "",
                         S.items[i].write_layer ? S.items[i].layer : "", S.items[i].geometry);
        if (S.n > 12)
            ls__buf_addf(&found, ", … %zu more", S.n - 12);
        char *list = ls__buf_take(&found);
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s: no polygon layer that could be the parcels: %zu layer%s found, "
                              "none of polygons: %s",
                              dir, S.n, S.n == 1 ? "" : "s", list ? list : "");
        free(list);
        goto cleanup;
    }

    res = calloc(1, sizeof(*res));
    if (!res || !(res->layers = calloc(S.n, sizeof(*res->layers)))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    res->run_path = ls__path_join(dir, "RUN.yaml");
    res->yaml = build_yaml(ctx, &S, by_role);
    for (size_t i = 0; i < S.n; i++) {
        scanned *s = &S.items[i];
        ls_init_layer *l = &res->layers[res->nlayers++];
        l->path = ls__strdup(s->path);
        l->layer = s->write_layer ? ls__strdup(s->layer) : NULL;
        l->geometry = ls__strdup(s->geometry);
        l->features = s->features;
        l->crs = ls__strdup(s->crs);
        l->encoding = ls__strdup(s->encoding);
        l->role = s->role >= 0 ? ls__strdup(ls_input_role_name((ls_input_role)s->role)) : NULL;
        if (s->role >= 0) {
            int *used = calloc(s->nfields + 1, sizeof(int));
            match m[32];
            size_t n = used ? map_fields(s, ls__init_role_names[s->role], m, used) : 0;
            for (size_t k = 0; k < n; k++)
                l->nmapped += m[k].field >= 0;
            free(used);
        }
    }
    if (!res->run_path || !res->yaml) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }

cleanup:
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    for (size_t i = 0; i < S.n; i++)
        scanned_free(&S.items[i]);
    free(S.items);
    ls__buf_free(&S.skipped);
    if (error != LS_OK) {
        ls_init_result_free(res);
        return error;
    }
    *out = res;
    return LS_OK;
}

int ls_init_write(ls_context *ctx, const ls_init_result *result)
{
    int error = LS_OK;
    ls_config *cfg = NULL;
    ls__error_clear(ctx);
    int fd = open(result->run_path, O_WRONLY | O_CREAT | O_EXCL, 0666);
    if (fd < 0) {
        if (errno == EEXIST)
            return ls__error_set(ctx, LS_EEXIST,
                                 "%s exists; not overwritten (edit it, or move it away and run "
                                 "init again)",
                                 result->run_path);
        return ls__error_set(ctx, LS_EIO, "%s: cannot create (%s)", result->run_path,
                             strerror(errno));
    }
    size_t len = strlen(result->yaml), done = 0;
    while (done < len) {
        ssize_t n = write(fd, result->yaml + done, len - done);
        if (n <= 0) {
            error = ls__error_set(ctx, LS_EIO, "%s: cannot write (%s)", result->run_path,
                                  strerror(errno));
            break;
        }
        done += (size_t)n;
    }
    if (close(fd) != 0 && error == LS_OK)
        error =
            ls__error_set(ctx, LS_EIO, "%s: cannot write (%s)", result->run_path, strerror(errno));
    /* the file must load: a failure here is a bug in the writer */
    if (error == LS_OK && ls_config_load(ctx, result->run_path, &cfg) != LS_OK) {
        char *why = ls__strdup(ls_context_error(ctx));
        error = ls__error_set(ctx, LS_EINTERNAL, "the written run file does not load: %s",
                              why ? why : "");
        free(why);
    }
    ls_config_free(cfg);
    if (error != LS_OK)
        unlink(result->run_path);
    return error;
}

void ls_init_result_free(ls_init_result *result)
{
    if (!result)
        return;
    free(result->run_path);
    free(result->yaml);
    for (size_t i = 0; i < result->nlayers; i++) {
        ls_init_layer *l = &result->layers[i];
        free(l->path);
        free(l->layer);
        free(l->geometry);
        free(l->crs);
        free(l->encoding);
        free(l->role);
    }
    free(result->layers);
    free(result);
}
