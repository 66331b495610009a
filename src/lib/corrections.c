/*
 * corrections.c — objections and verified corrections as data (RUN.yaml `corrections:`).
 *
 * The CSV (UTF-8, optional BOM, RFC 4180 quoting; columns target, id, field, value, reason,
 * document, date — the first four required, found by header name) is read once, after the
 * inputs and before anything else is computed: each line sets one canonical field of one
 * parcel (by parcel_id), enterprise (by enterprise_id: every record of that id) or building
 * (by building_id when mapped, else by its OGR FID in the source layer). The inputs
 * themselves are never written. The value is parsed as the field's type (number, date as in
 * the inputs, yes/no, or one of the field's canonical values); an empty value makes the field
 * absent. Setting a field also marks it as mapped for the whole run, so its tests are then
 * evaluated instead of reported as NO_DATA.
 *
 * Errors (LS_EINVAL, message "<csv>:<line>: …"): unknown target, id or field, a field that
 * identifies the record (parcel_id of a parcel, enterprise_id of an enterprise), a value that
 * does not parse, the same field of the same record corrected twice (both lines named), a
 * money or energy figure of an enterprise that has several per-parcel records (ambiguous).
 *
 * After the measures, ls__corrections_link() finds the parcels each correction touched (the
 * parcel; the enterprise's parcels; the parcels a building overlaps) for parcels.corrected
 * and the corrections table. Not done here: writing (write_gpkg.c) and explaining (explain.c).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "corrections.h"

enum { T_PARCEL, T_ENTERPRISE, T_BUILDING };
typedef enum { K_TEXT, K_NUM, K_DATE, K_BOOL } kind;

static const char *const role_values[] = {"owner", "tenant", NULL};
static const char *const scale_values[] = {"above", "below", NULL};
static const char *const status_values[] = {"producing", "halted", "partial", NULL};
static const char *const class_values[] = {"A", "B", "C", "D", NULL};

typedef struct cfield {
    int target;
    const char *name;
    kind k;
    size_t offset;
    int bit; /* LS_PF_* / LS_EF_* set when corrected, 0 none */
    const char *const *choices;
    int ambiguous_split; /* enterprise figure split by parcel: refused with several records */
} cfield;

#define PF(n, k, bit)                                                                              \
    {                                                                                              \
        T_PARCEL, #n, k, offsetof(ls__parcel, n), bit, NULL, 0                                     \
    }
#define EF(n, k, bit, ch, amb)                                                                     \
    {                                                                                              \
        T_ENTERPRISE, #n, k, offsetof(ls__enterprise, n), bit, ch, amb                             \
    }
static const cfield fields[] = {
    PF(landuse, K_TEXT, LS_PF_LANDUSE),
    PF(owner, K_TEXT, 0),
    PF(enterprise_id, K_TEXT, 0),
    PF(industry_code, K_TEXT, LS_PF_INDUSTRY),
    PF(grant_date, K_DATE, LS_PF_GRANT),
    PF(agreed_start_date, K_DATE, LS_PF_AGREED_START),
    PF(agreed_finish_date, K_DATE, 0),
    PF(started, K_BOOL, LS_PF_STARTED),
    PF(approved_unsupplied, K_BOOL, LS_PF_UNSUPPLIED),
#define COMMIT(c, name)                                                                            \
    {                                                                                              \
        T_PARCEL, name, K_NUM, offsetof(ls__parcel, committed) + (c) * sizeof(double), 0, NULL, 0  \
    }
    COMMIT(LS_COMMIT_TAX_PER_MU, "committed_tax_per_mu"),
    COMMIT(LS_COMMIT_VA_PER_MU, "committed_va_per_mu"),
    COMMIT(LS_COMMIT_FAR, "committed_far"),
    COMMIT(LS_COMMIT_INVESTMENT_PER_MU, "committed_investment_per_mu"),
    COMMIT(LS_COMMIT_ENERGY_PER_VA, "committed_energy_per_va"),
    PF(investment_10k, K_NUM, 0),
    EF(name, K_TEXT, 0, NULL, 0),
    EF(parcel_id, K_TEXT, 0, NULL, 0),
    EF(role, K_TEXT, LS_EF_ROLE, role_values, 0),
    EF(scale, K_TEXT, LS_EF_SCALE, scale_values, 0),
    EF(tax_10k, K_NUM, LS_EF_TAX, NULL, 1),
    EF(value_added_10k, K_NUM, LS_EF_VA, NULL, 1),
    EF(revenue_10k, K_NUM, 0, NULL, 1),
    EF(energy_tce, K_NUM, LS_EF_ENERGY, NULL, 1),
    EF(employees, K_NUM, 0, NULL, 1),
    EF(rd_10k, K_NUM, 0, NULL, 1),
    EF(electricity_10k_kwh, K_NUM, 0, NULL, 1),
    EF(status, K_TEXT, LS_EF_STATUS, status_values, 0),
    EF(halted_since, K_DATE, LS_EF_HALTED, NULL, 0),
    EF(land_tax_arrears_years, K_NUM, LS_EF_ARREARS, NULL, 0),
    EF(mortgaged, K_BOOL, LS_EF_MORTGAGED, NULL, 0),
    EF(eval_class, K_TEXT, LS_EF_CLASS, class_values, 0),
    EF(founded, K_DATE, LS_EF_FOUNDED, NULL, 0),
    EF(veto, K_BOOL, LS_EF_VETO, NULL, 0),
    {T_BUILDING, "floors", K_NUM, offsetof(ls__building, floors), 0, NULL, 0},
    {T_BUILDING, "floor_area_m2", K_NUM, offsetof(ls__building, given_floor_m2), 0, NULL, 0},
    {T_BUILDING, "height_m", K_NUM, offsetof(ls__building, height_m), 0, NULL, 0},
    {T_BUILDING, "use", K_TEXT, offsetof(ls__building, use), 0, NULL, 0},
};
#define NFIELDS (sizeof(fields) / sizeof(fields[0]))
static const char *const target_names[3] = {"parcel", "enterprise", "building"};

/* ---- CSV ------------------------------------------------------------------------------ */

typedef struct row {
    int line;
    size_t n;
    char *cell[16];
} row;

static void row_clear(row *r)
{
    for (size_t i = 0; i < r->n; i++)
        free(r->cell[i]);
    r->n = 0;
}

/* Parse the next record at *p (RFC 4180). Returns 1 with a record, 0 at the end, -1 on a
 * bad quote or too many columns. *line counts physical lines. */
static int next_row(const char **p, int *line, row *r)
{
    const char *s = *p;
    if (!*s)
        return 0;
    r->line = *line;
    r->n = 0;
    for (;;) {
        ls__buf b = {0};
        ls__buf_add(&b, "");
        if (*s == '"') {
            s++;
            for (;;) {
                if (!*s) {
                    ls__buf_free(&b);
                    return -1;
                }
                if (*s == '"' && s[1] == '"') {
                    ls__buf_add(&b, "\"");
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n')
                        (*line)++;
                    ls__buf_addn(&b, s++, 1);
                }
            }
        }
        while (*s && *s != ',' && *s != '\n' && *s != '\r')
            ls__buf_addn(&b, s++, 1);
        if (r->n == 16) {
            ls__buf_free(&b);
            return -1;
        }
        r->cell[r->n++] = ls__buf_take(&b);
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\r')
            s++;
        if (*s == '\n') {
            s++;
            (*line)++;
        }
        *p = s;
        return 1;
    }
}

/* ---- values --------------------------------------------------------------------------- */

static char *value_text(const cfield *f, const void *rec)
{
    const char *base = rec;
    switch (f->k) {
    case K_TEXT: {
        const char *s = *(char *const *)(const void *)(base + f->offset);
        return ls__strdup(s ? s : "");
    }
    case K_NUM: {
        double v = *(const double *)(const void *)(base + f->offset);
        return isnan(v) ? ls__strdup("") : ls__sprintf("%.10g", v);
    }
    case K_DATE: {
        int d = *(const int *)(const void *)(base + f->offset), y, m, dd;
        if (d == LS_NO_DATE)
            return ls__strdup("");
        ls__date_to_ymd(d, &y, &m, &dd);
        return ls__sprintf("%04d-%02d-%02d", y, m, dd);
    }
    default: {
        int v = *(const int *)(const void *)(base + f->offset);
        return ls__strdup(v < 0 ? "" : v ? "1" : "0");
    }
    }
}

/* Parse text for field f into a value holder. 0 ok, -1 bad. */
typedef struct value {
    char *text;
    double num;
    int i;
} value;

static int parse_value(const cfield *f, const char *text, value *v)
{
    v->text = NULL;
    v->num = NAN;
    v->i = f->k == K_DATE ? LS_NO_DATE : -1;
    if (!*text)
        return 0; /* absent */
    switch (f->k) {
    case K_TEXT:
        if (f->choices) {
            for (const char *const *c = f->choices; *c; c++)
                if (strcasecmp(*c, text) == 0)
                    return (v->text = ls__strdup(*c)) ? 0 : -2;
            return -1;
        }
        return (v->text = ls__strdup(text)) ? 0 : -2;
    case K_NUM:
        return ls__number_parse(text, &v->num) == 0 && isfinite(v->num) ? 0 : -1;
    case K_DATE:
        return ls__date_parse(text, &v->i) == 0 ? 0 : -1;
    default:
        return ls__bool_parse(text, &v->i) == 0 ? 0 : -1;
    }
}

static void set_value(const cfield *f, void *rec, value *v)
{
    char *base = rec;
    switch (f->k) {
    case K_TEXT: {
        char **slot = (char **)(void *)(base + f->offset);
        free(*slot);
        *slot = v->text ? ls__strdup(v->text) : NULL;
        break;
    }
    case K_NUM:
        *(double *)(void *)(base + f->offset) = v->num;
        break;
    default:
        *(int *)(void *)(base + f->offset) = v->i;
        break;
    }
}

/* ---- applying ------------------------------------------------------------------------- */

static int find_target(const char *s)
{
    for (int t = 0; t < 3; t++)
        if (strcasecmp(s, target_names[t]) == 0)
            return t;
    return -1;
}

static int column(const row *h, const char *name)
{
    for (size_t i = 0; i < h->n; i++) {
        char *c = ls__trim(h->cell[i]);
        if (strcasecmp(c, name) == 0)
            return (int)i;
    }
    return -1;
}

static char *cell(const row *r, int col)
{
    static char empty[1];
    empty[0] = '\0';
    return col >= 0 && (size_t)col < r->n ? r->cell[col] : empty;
}

void ls__corrections_free(ls__dataset *ds)
{
    for (size_t i = 0; i < ds->ncorrections; i++) {
        ls__correction *c = &ds->corrections[i];
        free(c->target);
        free(c->id);
        free(c->field);
        free(c->old_value);
        free(c->new_value);
        free(c->reason);
        free(c->document);
        free(c->date);
        free(c->parcel_ids);
    }
    free(ds->corrections);
    ds->corrections = NULL;
    ds->ncorrections = 0;
}

static int apply_line(ls_context *ctx, const char *csv, ls__dataset *ds, const row *r,
                      const int *col, int building_ids)
{
    const char *tname = ls__trim(cell(r, col[0]));
    const char *id = ls__trim(cell(r, col[1]));
    const char *fname = ls__trim(cell(r, col[2]));
    const char *text = ls__trim(cell(r, col[3]));
    int t = find_target(tname);
    if (t < 0)
        return ls__error_set(ctx, LS_EINVAL,
                             "%s:%d: unknown target '%s' (parcel, enterprise or building)", csv,
                             r->line, tname);
    const cfield *f = NULL;
    for (size_t i = 0; i < NFIELDS && !f; i++)
        if (fields[i].target == t && strcmp(fields[i].name, fname) == 0)
            f = &fields[i];
    if (!f) {
        int ident = (t == T_PARCEL && strcmp(fname, "parcel_id") == 0) ||
                    (t == T_ENTERPRISE && strcmp(fname, "enterprise_id") == 0) ||
                    (t == T_BUILDING && strcmp(fname, "building_id") == 0);
        return ls__error_set(ctx, LS_EINVAL, "%s:%d: %s field '%s' %s", csv, r->line,
                             target_names[t], fname,
                             ident ? "identifies the record and cannot be corrected"
                                   : "is not a canonical field that can be corrected");
    }
    for (size_t i = 0; i < ds->ncorrections; i++) {
        const ls__correction *o = &ds->corrections[i];
        if (strcmp(o->target, target_names[t]) == 0 && strcmp(o->id, id) == 0 &&
            strcmp(o->field, fname) == 0)
            return ls__error_set(ctx, LS_EINVAL, "%s:%d: %s %s %s is already corrected on line %d",
                                 csv, r->line, target_names[t], id, fname, o->line);
    }
    value v;
    int prc = parse_value(f, text, &v);
    if (prc == -2)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (prc != 0) {
        ls__buf allowed = {0};
        for (const char *const *c = f->choices; c && *c; c++)
            ls__buf_addf(&allowed, "%s%s", c == f->choices ? "" : ", ", *c);
        char *list = ls__buf_take(&allowed);
        static const char *const kinds[] = {"text", "a number", "a date", "yes / no"};
        int rc =
            ls__error_set(ctx, LS_EINVAL, "%s:%d: %s value '%s' is not %s%s", csv, r->line, fname,
                          text, list && *list ? "one of " : kinds[f->k], list && *list ? list : "");
        free(list);
        return rc;
    }
    /* the records */
    void *recs[64];
    size_t nrec = 0, extra = 0;
#define ADD_REC(x)                                                                                 \
    do {                                                                                           \
        if (nrec < 64)                                                                             \
            recs[nrec++] = (x);                                                                    \
        else                                                                                       \
            extra++;                                                                               \
    } while (0)
    if (t == T_PARCEL) {
        for (size_t i = 0; i < ds->nparcels; i++)
            if (ds->parcels[i].parcel_id && strcmp(ds->parcels[i].parcel_id, id) == 0)
                ADD_REC(&ds->parcels[i]);
    } else if (t == T_ENTERPRISE) {
        for (size_t i = 0; i < ds->nenterprises; i++)
            if (strcmp(ds->enterprises[i].enterprise_id, id) == 0)
                ADD_REC(&ds->enterprises[i]);
    } else {
        for (size_t i = 0; i < ds->nbuildings; i++) {
            const ls__building *b = &ds->buildings[i];
            char fid[32];
            snprintf(fid, sizeof(fid), "%ld", b->fid);
            if (building_ids ? b->building_id && strcmp(b->building_id, id) == 0
                             : strcmp(fid, id) == 0)
                ADD_REC(&ds->buildings[i]);
        }
    }
    if (nrec == 0) {
        free(v.text);
        return ls__error_set(ctx, LS_EINVAL, "%s:%d: no %s with %s '%s'", csv, r->line,
                             target_names[t],
                             t == T_PARCEL       ? "parcel_id"
                             : t == T_ENTERPRISE ? "enterprise_id"
                             : building_ids      ? "building_id"
                                                 : "feature id (FID)",
                             id);
    }
    if (extra || (f->ambiguous_split && nrec > 1)) {
        free(v.text);
        return ls__error_set(ctx, LS_EINVAL,
                             "%s:%d: %s %s has %zu records: %s cannot be corrected for all of "
                             "them at once",
                             csv, r->line, target_names[t], id, nrec + extra, fname);
    }
    ls__correction *c = &ds->corrections[ds->ncorrections++];
    memset(c, 0, sizeof(*c));
    c->line = r->line;
    c->target = ls__strdup(target_names[t]);
    c->id = ls__strdup(id);
    c->field = ls__strdup(fname);
    c->old_value = value_text(f, recs[0]);
    for (size_t i = 0; i < nrec; i++)
        set_value(f, recs[i], &v);
    free(v.text);
    c->new_value = value_text(f, recs[0]);
    c->reason = ls__strdup(ls__trim(cell(r, col[4])));
    c->document = ls__strdup(ls__trim(cell(r, col[5])));
    c->date = ls__strdup(ls__trim(cell(r, col[6])));
    if (t == T_PARCEL)
        ds->parcel_fields |= f->bit;
    else if (t == T_ENTERPRISE)
        ds->enterprise_fields |= f->bit;
    if (!c->target || !c->id || !c->field || !c->old_value || !c->new_value || !c->reason ||
        !c->document || !c->date)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    return LS_OK;
}

int ls__corrections_apply(ls_context *ctx, const ls_config *cfg, ls__dataset *ds)
{
    if (!cfg->corrections)
        return LS_OK;
    const char *csv = cfg->corrections;
    int error = LS_OK;
    FILE *fp = fopen(csv, "rb");
    if (!fp)
        return ls__error_set(ctx, LS_ENOTFOUND,
                             "%s: cannot open the corrections file (run file "
                             "line %d)",
                             csv, cfg->corrections_line);
    ls__buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        ls__buf_addn(&b, chunk, n);
    fclose(fp);
    char *text = ls__buf_take(&b);
    if (!text)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    const char *p = text;
    if (strncmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int line = 1, rc;
    row header = {0}, r = {0};
    static const char *const names[7] = {"target", "id",       "field", "value",
                                         "reason", "document", "date"};
    int col[7];
    if ((rc = next_row(&p, &line, &header)) != 1) {
        error = ls__error_set(ctx, LS_EINVAL, "%s:1: %s", csv,
                              rc == 0 ? "empty: needs a header target,id,field,value,reason,"
                                        "document,date"
                                      : "unreadable header");
        goto cleanup;
    }
    for (int i = 0; i < 7; i++) {
        col[i] = column(&header, names[i]);
        if (col[i] < 0 && i < 4) {
            error = ls__error_set(ctx, LS_EINVAL,
                                  "%s:1: no column '%s' (columns: target, id, "
                                  "field, value, reason, document, date)",
                                  csv, names[i]);
            goto cleanup;
        }
    }
    size_t cap = 16;
    ds->corrections = calloc(cap, sizeof(ls__correction));
    if (!ds->corrections) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    int building_ids = ds->has_building_ids;
    while ((rc = next_row(&p, &line, &r)) == 1) {
        int blank = 1;
        for (size_t i = 0; i < r.n && blank; i++)
            blank = *ls__trim(r.cell[i]) == '\0';
        if (!blank) {
            if (ds->ncorrections == cap) {
                ls__correction *nc = realloc(ds->corrections, cap * 2 * sizeof(*nc));
                if (!nc) {
                    error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
                    break;
                }
                ds->corrections = nc;
                cap *= 2;
            }
            if ((error = apply_line(ctx, csv, ds, &r, col, building_ids)) != LS_OK)
                break;
        }
        row_clear(&r);
    }
    if (error == LS_OK && rc < 0)
        error = ls__error_set(ctx, LS_EINVAL,
                              "%s:%d: unreadable line (an open quote or more "
                              "than 16 columns)",
                              csv, r.line);

cleanup:
    row_clear(&r);
    row_clear(&header);
    free(text);
    return error;
}

static int add_parcel(ls__buf *b, ls__dataset *ds, size_t i)
{
    ls__parcel *p = &ds->parcels[i];
    p->corrected = 1;
    const char *id = p->parcel_id ? p->parcel_id : "";
    ls__buf_addf(b, "%s%s", b->len ? ";" : "", id);
    return b->failed ? -1 : 0;
}

int ls__corrections_link(ls_context *ctx, ls__dataset *ds)
{
    for (size_t k = 0; k < ds->ncorrections; k++) {
        ls__correction *c = &ds->corrections[k];
        ls__buf b = {0};
        ls__buf_add(&b, "");
        int t = find_target(c->target);
        for (size_t i = 0; i < ds->nparcels; i++) {
            ls__parcel *p = &ds->parcels[i];
            int hit = 0;
            if (t == T_PARCEL) {
                hit = p->parcel_id && strcmp(p->parcel_id, c->id) == 0;
            } else if (t == T_ENTERPRISE) {
                for (size_t e = 0; e < p->nent && !hit; e++)
                    hit = strcmp(ds->enterprises[p->ents[e]].enterprise_id, c->id) == 0;
            } else {
                for (size_t j = 0; j < ds->nbuildings && !hit; j++) {
                    const ls__building *bl = &ds->buildings[j];
                    char fid[32];
                    snprintf(fid, sizeof(fid), "%ld", bl->fid);
                    if (ds->has_building_ids
                            ? bl->building_id && strcmp(bl->building_id, c->id) == 0
                            : strcmp(fid, c->id) == 0)
                        hit = GEOSRelatePattern_r(ds->geos, bl->geom, p->geom, "2********") == 1;
                }
            }
            if (hit && add_parcel(&b, ds, i) != 0)
                break;
        }
        free(c->parcel_ids);
        c->parcel_ids = ls__buf_take(&b);
        if (!c->parcel_ids)
            return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}
