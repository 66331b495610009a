/*
 * config.c — the run file (RUN.yaml) → ls_config, following product.md's input contract.
 *
 * The file is loaded with libyaml's document API (yaml_parser_load) so every node keeps
 * its line; the tree is then walked against fixed key tables. Anything the contract does
 * not name is an error: unknown keys, unknown canonical field names, duplicate keys, a
 * list or map where a single value belongs, a missing required key. Each error is one line
 * naming the file and the line, e.g.
 *   RUN.yaml:12: unknown key 'pathh' in inputs.parcels (expected path, layer, ...)
 *
 * Scalars are kept as the text libyaml gives (no YAML 1.1 type guessing), so '0601' and
 * 0601 both stay "0601". A null value (empty, ~, null) of an optional key means "not
 * given". Paths (inputs, output, ledger, a rules file) are joined to the run file's folder;
 * a `rules:` value is a file when it contains '/' or ends in .yaml/.yml, else a preset name.
 *
 * This file does not open any input or check that paths exist: read.c does that.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "internal.h"
#include "source.h"

static const char *const role_names[LS_INPUT_COUNT] = {"parcels",   "control_lines", "blocks",
                                                       "districts", "buildings",     "enterprises"};

static const char *const parcels_fields[] = {"parcel_id",
                                             "landuse",
                                             "owner",
                                             "enterprise_id",
                                             "industry_code",
                                             "grant_date",
                                             "agreed_start_date",
                                             "agreed_finish_date",
                                             "started",
                                             "approved_unsupplied",
                                             NULL};
static const char *const control_fields[] = {"tier", NULL};
static const char *const blocks_fields[] = {"block_id", "name", NULL};
static const char *const districts_fields[] = {"name", "town", NULL};
static const char *const buildings_fields[] = {"floors", "floor_area_m2", "height_m", NULL};
static const char *const enterprises_fields[] = {"enterprise_id",
                                                 "name",
                                                 "parcel_id",
                                                 "role",
                                                 "scale",
                                                 "tax_10k",
                                                 "value_added_10k",
                                                 "revenue_10k",
                                                 "energy_tce",
                                                 "employees",
                                                 "rd_10k",
                                                 "electricity_10k_kwh",
                                                 "status",
                                                 "halted_since",
                                                 "land_tax_arrears_years",
                                                 "land_tax_arrears_since",
                                                 "mortgaged",
                                                 "eval_class",
                                                 "founded",
                                                 "veto",
                                                 NULL};
static const char *const *const role_fields[LS_INPUT_COUNT] = {
    parcels_fields,   control_fields,   blocks_fields,
    districts_fields, buildings_fields, enterprises_fields};

const char *const *ls__config_role_fields(ls_input_role role)
{
    return role >= 0 && role < LS_INPUT_COUNT ? role_fields[role] : NULL;
}

static const char *const top_keys[] = {
    "name",   "reference_date", "crs",        "rules",       "output",
    "ledger", "inputs",         "area_basis", "corrections", NULL};
static const char *const mask_keys[] = {"path", "layer", "name", NULL};
static const char *const area_bases[] = {"planar", "ellipsoidal", NULL};
static const char *const input_keys[] = {"path",       "layer",  "sql", "encoding",
                                         "assume_crs", "fields", NULL};
static const char *const enterprise_keys[] = {"path",   "layer", "sql", "encoding",  "assume_crs",
                                              "fields", "x",     "y",   "coord_sys", NULL};
static const char *const coord_systems[] = {"wgs84", "gcj02", "bd09", "cgcs2000", "working", NULL};

/* The walk's state: the file name for messages and the loaded document. */
typedef struct loader {
    ls_context *ctx;
    const char *file;
    yaml_document_t *doc;
} loader;

static int line_of(const yaml_node_t *node)
{
    return (int)node->start_mark.line + 1;
}

static int in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* "a, b, c" for error messages. */
static void list_text(const char *const *list, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; list[i] && o < size; i++) {
        int n = snprintf(buf + o, size - o, "%s%s", i ? ", " : "", list[i]);
        if (n < 0)
            break;
        o += (size_t)n;
    }
}

static const char *node_kind(const yaml_node_t *node)
{
    return node->type == YAML_SEQUENCE_NODE  ? "a list"
           : node->type == YAML_MAPPING_NODE ? "a map"
                                             : "a single value";
}

static int is_null_scalar(const yaml_node_t *node)
{
    if (node->type != YAML_SCALAR_NODE || node->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *v = (const char *)node->data.scalar.value;
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

/* Check that a mapping has no duplicate keys and that every key is a scalar in `allowed`. */
static int check_keys(loader *L, const yaml_node_t *map, const char *where,
                      const char *const *allowed, const char *what)
{
    char expected[512];
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        if (k->type != YAML_SCALAR_NODE)
            return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s in %s must be a plain name", L->file,
                                 line_of(k), what, where);
        const char *key = (const char *)k->data.scalar.value;
        for (yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *k2 = yaml_document_get_node(L->doc, q->key);
            if (k2->type == YAML_SCALAR_NODE &&
                strcmp((const char *)k2->data.scalar.value, key) == 0)
                return ls__error_set(L->ctx, LS_EINVAL,
                                     "%s:%d: duplicate %s '%s' in %s (first at line %d)", L->file,
                                     line_of(k), what, key, where, line_of(k2));
        }
        if (!in_list(allowed, key)) {
            list_text(allowed, expected, sizeof(expected));
            return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: unknown %s '%s' in %s (expected %s)",
                                 L->file, line_of(k), what, key, where, expected);
        }
    }
    return LS_OK;
}

/* A single text value; a null gives *out = NULL unless required. */
static int get_text(loader *L, const yaml_node_t *value, const char *where, int required,
                    char **out)
{
    if (value->type != YAML_SCALAR_NODE)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s must be a single value, not %s", L->file,
                             line_of(value), where, node_kind(value));
    if (is_null_scalar(value)) {
        if (required)
            return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s needs a value", L->file,
                                 line_of(value), where);
        *out = NULL;
        return LS_OK;
    }
    char *s = ls__strdup((const char *)value->data.scalar.value);
    if (!s)
        return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    *out = s;
    return LS_OK;
}

/* A path value joined to the run file's folder. */
static int get_path(loader *L, const yaml_node_t *value, const char *where, int required,
                    const char *base_dir, char **out)
{
    char *text = NULL;
    int error = get_text(L, value, where, required, &text);
    if (error || !text) {
        *out = NULL;
        return error;
    }
    *out = ls__source_resolve(base_dir, text); /* a connection string (PG:…) stays as it is */
    free(text);
    return *out ? LS_OK : ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
}

static int parse_fields(loader *L, const yaml_node_t *map, ls_input_role role, ls_input *in)
{
    char where[64];
    snprintf(where, sizeof(where), "inputs.%s.fields", role_names[role]);
    if (map->type != YAML_MAPPING_NODE) {
        if (is_null_scalar(map))
            return LS_OK;
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: %s must be a map of canonical name: your field name, not %s",
                             L->file, line_of(map), where, node_kind(map));
    }
    int error = check_keys(L, map, where, role_fields[role], "field");
    if (error)
        return error;
    size_t n = (size_t)(map->data.mapping.pairs.top - map->data.mapping.pairs.start);
    if (n == 0)
        return LS_OK;
    in->fields = calloc(n, sizeof(*in->fields));
    if (!in->fields)
        return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        char what[128];
        snprintf(what, sizeof(what), "%s.%s", where, (const char *)k->data.scalar.value);
        char *source = NULL;
        if ((error = get_text(L, v, what, 1, &source)))
            return error;
        ls_field_pair *f = &in->fields[in->nfields];
        f->source = source;
        in->nfields++;
        if (!(f->canonical = ls__strdup((const char *)k->data.scalar.value)))
            return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    }
    return LS_OK;
}

static int parse_input(loader *L, const yaml_node_t *key, const yaml_node_t *map,
                       ls_input_role role, const char *base_dir, ls_input *in)
{
    char where[64], what[96];
    int error = LS_OK;
    const char *role_name = role_names[role];
    snprintf(where, sizeof(where), "inputs.%s", role_name);
    in->present = 1;
    in->line = line_of(key);
    if (map->type != YAML_MAPPING_NODE)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: %s must be a map with at least 'path', not %s", L->file,
                             line_of(map), where, node_kind(map));
    const char *const *allowed = role == LS_INPUT_ENTERPRISES ? enterprise_keys : input_keys;
    if ((error = check_keys(L, map, where, allowed, "key")))
        return error;

    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        const char *name = (const char *)k->data.scalar.value;
        snprintf(what, sizeof(what), "%s.%s", where, name);
        if (strcmp(name, "path") == 0)
            error = get_path(L, v, what, 1, base_dir, &in->path);
        else if (strcmp(name, "layer") == 0)
            error = get_text(L, v, what, 0, &in->layer);
        else if (strcmp(name, "sql") == 0)
            error = get_text(L, v, what, 0, &in->sql);
        else if (strcmp(name, "encoding") == 0)
            error = get_text(L, v, what, 0, &in->encoding);
        else if (strcmp(name, "assume_crs") == 0)
            error = get_text(L, v, what, 0, &in->assume_crs);
        else if (strcmp(name, "x") == 0)
            error = get_text(L, v, what, 0, &in->x);
        else if (strcmp(name, "y") == 0)
            error = get_text(L, v, what, 0, &in->y);
        else if (strcmp(name, "coord_sys") == 0) {
            error = get_text(L, v, what, 0, &in->coord_sys);
            if (!error && in->coord_sys) {
                for (char *c = in->coord_sys; *c; c++)
                    if (*c >= 'A' && *c <= 'Z')
                        *c = (char)(*c - 'A' + 'a');
                if (!in_list(coord_systems, in->coord_sys)) {
                    char expected[128];
                    list_text(coord_systems, expected, sizeof(expected));
                    error = ls__error_set(L->ctx, LS_EINVAL, "%s:%d: unknown %s '%s' (expected %s)",
                                          L->file, line_of(v), what,
                                          (const char *)v->data.scalar.value, expected);
                }
            }
        } else if (strcmp(name, "fields") == 0)
            error = parse_fields(L, v, role, in);
        if (error)
            return error;
    }
    if (!in->path)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s needs a 'path'", L->file, line_of(key),
                             where);
    if (in->layer && in->sql)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s takes 'layer' or 'sql', not both",
                             L->file, line_of(key), where);
    if ((in->x == NULL) != (in->y == NULL))
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s needs both 'x' and 'y' (or neither)",
                             L->file, line_of(key), where);
    return LS_OK;
}

/* inputs.masks: a list of {path, layer, name}. */
static int parse_masks(loader *L, const yaml_node_t *list, const char *base_dir, ls_config *cfg)
{
    if (list->type != YAML_SEQUENCE_NODE)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: inputs.masks must be a list of {path, name}, not %s", L->file,
                             line_of(list), node_kind(list));
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    cfg->masks = calloc(n ? n : 1, sizeof(ls_mask_input));
    if (!cfg->masks)
        return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        const yaml_node_t *m = yaml_document_get_node(L->doc, *it);
        ls_mask_input *mi = &cfg->masks[cfg->nmasks++];
        mi->line = line_of(m);
        if (m->type != YAML_MAPPING_NODE)
            return ls__error_set(L->ctx, LS_EINVAL,
                                 "%s:%d: inputs.masks entries must be maps with 'path', not %s",
                                 L->file, line_of(m), node_kind(m));
        int error = check_keys(L, m, "inputs.masks", mask_keys, "key");
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             !error && p < m->data.mapping.pairs.top; p++) {
            const char *k = (const char *)yaml_document_get_node(L->doc, p->key)->data.scalar.value;
            const yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
            if (strcmp(k, "path") == 0)
                error = get_path(L, v, "inputs.masks.path", 1, base_dir, &mi->path);
            else if (strcmp(k, "layer") == 0)
                error = get_text(L, v, "inputs.masks.layer", 0, &mi->layer);
            else
                error = get_text(L, v, "inputs.masks.name", 0, &mi->name);
        }
        if (error)
            return error;
        if (!mi->path)
            return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: inputs.masks entry needs a path",
                                 L->file, mi->line);
        if (!mi->name) {
            const char *slash = strrchr(mi->path, '/');
            if (!(mi->name = ls__strdup(slash ? slash + 1 : mi->path)))
                return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
        }
    }
    return LS_OK;
}

static int parse_inputs(loader *L, const yaml_node_t *key, const yaml_node_t *map,
                        const char *base_dir, ls_config *cfg)
{
    int error = LS_OK;
    if (map->type != YAML_MAPPING_NODE)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: inputs must be a map of roles, not %s",
                             L->file, line_of(map), node_kind(map));
    const char *roles[LS_INPUT_COUNT + 2];
    for (int i = 0; i < LS_INPUT_COUNT; i++)
        roles[i] = role_names[i];
    roles[LS_INPUT_COUNT] = "masks";
    roles[LS_INPUT_COUNT + 1] = NULL;
    if ((error = check_keys(L, map, "inputs", roles, "input")))
        return error;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        if (strcmp((const char *)k->data.scalar.value, "masks") == 0 &&
            (error = parse_masks(L, v, base_dir, cfg)))
            return error;
        for (int r = 0; r < LS_INPUT_COUNT; r++) {
            if (strcmp((const char *)k->data.scalar.value, role_names[r]) == 0) {
                if ((error = parse_input(L, k, v, (ls_input_role)r, base_dir, &cfg->inputs[r])))
                    return error;
            }
        }
    }
    if (!cfg->inputs[LS_INPUT_PARCELS].present)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: inputs.parcels is required", L->file,
                             line_of(key));
    return LS_OK;
}

static int rules_value_is_path(const char *s)
{
    size_t n = strlen(s);
    if (strchr(s, '/'))
        return 1;
    if (n >= 5 && strcasecmp(s + n - 5, ".yaml") == 0)
        return 1;
    if (n >= 4 && strcasecmp(s + n - 4, ".yml") == 0)
        return 1;
    return 0;
}

static int parse_top(loader *L, const yaml_node_t *root, ls_config *cfg)
{
    int error = LS_OK;
    const yaml_node_t *inputs_key = NULL, *date_key = NULL;
    if (root->type != YAML_MAPPING_NODE)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: a run file must be a map of keys, not %s",
                             L->file, line_of(root), node_kind(root));
    if ((error = check_keys(L, root, "the run file", top_keys, "key")))
        return error;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *v = yaml_document_get_node(L->doc, p->value);
        const char *name = (const char *)k->data.scalar.value;
        if (strcmp(name, "name") == 0) {
            error = get_text(L, v, name, 0, &cfg->name);
        } else if (strcmp(name, "reference_date") == 0) {
            char *text = NULL;
            int days = 0;
            date_key = k;
            if ((error = get_text(L, v, name, 1, &text)))
                return error;
            if (ls__date_parse(text, &days) != 0) {
                error = ls__error_set(L->ctx, LS_EINVAL,
                                      "%s:%d: reference_date '%s' is not a valid date "
                                      "(use e.g. 2025-12-31)",
                                      L->file, line_of(v), text);
                free(text);
                return error;
            }
            free(text);
            ls__date_to_ymd(days, &cfg->reference_year, &cfg->reference_month, &cfg->reference_day);
            cfg->reference_date = ls__sprintf("%04d-%02d-%02d", cfg->reference_year,
                                              cfg->reference_month, cfg->reference_day);
            if (!cfg->reference_date)
                return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
        } else if (strcmp(name, "crs") == 0) {
            error = get_text(L, v, name, 0, &cfg->crs);
        } else if (strcmp(name, "rules") == 0) {
            char *text = NULL;
            if ((error = get_text(L, v, name, 0, &text)))
                return error;
            if (text && rules_value_is_path(text)) {
                cfg->rules = ls__path_join(cfg->base_dir, text);
                cfg->rules_is_path = 1;
                free(text);
                if (!cfg->rules)
                    return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
            } else {
                cfg->rules = text;
            }
        } else if (strcmp(name, "output") == 0) {
            error = get_path(L, v, name, 0, cfg->base_dir, &cfg->output);
        } else if (strcmp(name, "ledger") == 0) {
            error = get_path(L, v, name, 0, cfg->base_dir, &cfg->ledger);
        } else if (strcmp(name, "area_basis") == 0) {
            char *text = NULL;
            if ((error = get_text(L, v, name, 1, &text)))
                return error;
            if (!in_list(area_bases, text)) {
                error = ls__error_set(L->ctx, LS_EINVAL,
                                      "%s:%d: area_basis '%s' is not planar or ellipsoidal",
                                      L->file, line_of(v), text);
                free(text);
                return error;
            }
            cfg->area_ellipsoidal = strcmp(text, "ellipsoidal") == 0;
            free(text);
        } else if (strcmp(name, "corrections") == 0) {
            cfg->corrections_line = line_of(k);
            error = get_path(L, v, name, 1, cfg->base_dir, &cfg->corrections);
        } else if (strcmp(name, "inputs") == 0) {
            inputs_key = k;
            error = parse_inputs(L, k, v, cfg->base_dir, cfg);
        }
        if (error)
            return error;
    }
    if (!date_key)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: missing required key 'reference_date'",
                             L->file, line_of(root));
    if (!inputs_key)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: missing required key 'inputs' (with at least inputs.parcels)",
                             L->file, line_of(root));
    return LS_OK;
}

int ls_config_load(ls_context *ctx, const char *path, ls_config **out)
{
    int error = LS_OK;
    FILE *f = NULL;
    ls_config *cfg = NULL;
    yaml_parser_t parser;
    yaml_document_t doc;
    int parser_ok = 0, doc_ok = 0;

    if (!path)
        return ls__error_set(ctx, LS_EINVAL, "no run file given");
    if (!(f = fopen(path, "rb"))) {
        int e = errno;
        return ls__error_set(ctx, e == ENOENT ? LS_ENOTFOUND : LS_EIO,
                             "%s: cannot open run file: %s", path, strerror(e));
    }
    if (!(cfg = calloc(1, sizeof(*cfg))) || !(cfg->path = ls__strdup(path)) ||
        !(cfg->base_dir = ls__path_dir(path))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (!yaml_parser_initialize(&parser)) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    parser_ok = 1;
    yaml_parser_set_input_file(&parser, f);
    if (!yaml_parser_load(&parser, &doc)) {
        error = ls__error_set(ctx, LS_EINVAL, "%s:%d: YAML syntax error: %s%s%s", path,
                              (int)parser.problem_mark.line + 1,
                              parser.problem ? parser.problem : "unreadable",
                              parser.context ? " " : "", parser.context ? parser.context : "");
        goto cleanup;
    }
    doc_ok = 1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (!root || is_null_scalar(root)) {
        error = ls__error_set(
            ctx, LS_EINVAL, "%s:1: the run file is empty (needs reference_date and inputs)", path);
        goto cleanup;
    }
    loader L = {ctx, path, &doc};
    if ((error = parse_top(&L, root, cfg)))
        goto cleanup;
    *out = cfg;
    cfg = NULL;

cleanup:
    if (doc_ok)
        yaml_document_delete(&doc);
    if (parser_ok)
        yaml_parser_delete(&parser);
    if (f)
        fclose(f);
    ls_config_free(cfg);
    return error;
}

static void input_free(ls_input *in)
{
    free(in->path);
    free(in->layer);
    free(in->encoding);
    free(in->assume_crs);
    free(in->sql);
    free(in->x);
    free(in->y);
    free(in->coord_sys);
    for (size_t i = 0; i < in->nfields; i++) {
        free(in->fields[i].canonical);
        free(in->fields[i].source);
    }
    free(in->fields);
}

void ls_config_free(ls_config *cfg)
{
    if (!cfg)
        return;
    free(cfg->path);
    free(cfg->base_dir);
    free(cfg->name);
    free(cfg->reference_date);
    free(cfg->crs);
    free(cfg->rules);
    free(cfg->output);
    free(cfg->ledger);
    for (int i = 0; i < LS_INPUT_COUNT; i++)
        input_free(&cfg->inputs[i]);
    free(cfg->corrections);
    for (size_t i = 0; i < cfg->nmasks; i++) {
        free(cfg->masks[i].path);
        free(cfg->masks[i].layer);
        free(cfg->masks[i].name);
    }
    free(cfg->masks);
    free(cfg);
}

const char *ls_input_field(const ls_input *input, const char *canonical)
{
    if (!input || !canonical)
        return NULL;
    for (size_t i = 0; i < input->nfields; i++)
        if (strcmp(input->fields[i].canonical, canonical) == 0)
            return input->fields[i].source;
    return NULL;
}

const char *ls_input_role_name(ls_input_role role)
{
    if ((int)role < 0 || role >= LS_INPUT_COUNT)
        return "";
    return role_names[role];
}
