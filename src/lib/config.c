/*
 * config.c — the run file (RUN.yaml) → ls_config, following product.md's input contract.
 *
 * The file is loaded with the shared YAML helpers (yaml_util.c: libyaml's document API, so
 * every node keeps its line); the tree is then walked against fixed key tables. Anything the
 * contract does not name is an error: unknown keys, unknown canonical field names, duplicate keys,
 * a list or map where a single value belongs, a missing required key. Each error is one line naming
 * the file and the line, e.g. RUN.yaml:12: unknown key 'pathh' in inputs.parcels (expected path,
 * layer, ...)
 *
 * Scalars are kept as the text libyaml gives (no YAML 1.1 type guessing), so '0601' and
 * 0601 both stay "0601". A null value (empty, ~, null) of an optional key means "not
 * given". Paths (inputs, output, ledger, a rules file) are joined to the run file's folder;
 * a `rules:` value is a file when it contains '/' or ends in .yaml/.yml, else a preset name.
 *
 * ls_run_file_load() adds the rules the file names (the default preset when none), resolved
 * for the reference year, and the getters at the end give embedders read access.
 *
 * This file does not open any input or check that paths exist: read.c does that.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "source.h"
#include "yaml_util.h"

static const char *const role_names[LS_INPUT_COUNT] = {
    "parcels", "control_lines", "blocks", "districts", "buildings", "enterprises", "approvals"};

static const char *const parcels_fields[] = {
    "parcel_id", "landuse", "owner", "enterprise_id", "industry_code", "grant_date",
    "agreed_start_date", "agreed_finish_date", "started", "approved_unsupplied",
    /* 标准地 commitments (domain.md §10) */
    "committed_tax_per_mu", "committed_va_per_mu", "committed_far", "committed_investment_per_mu",
    "committed_energy_per_va", "investment_10k", NULL};
static const char *const control_fields[] = {"tier", NULL};
static const char *const blocks_fields[] = {"block_id", "name", NULL};
static const char *const districts_fields[] = {"name", "town", NULL};
static const char *const buildings_fields[] = {"building_id", "floors", "floor_area_m2",
                                               "height_m",    "use",    NULL};
static const char *const approvals_fields[] = {"approval_id", "approval_date", NULL};
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
    parcels_fields,   control_fields,     blocks_fields,   districts_fields,
    buildings_fields, enterprises_fields, approvals_fields};

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

const char *const *ls__config_keys(const char *section)
{
    static const struct {
        const char *section;
        const char *const *keys;
    } sections[] = {
        {"run", top_keys},    {"input", input_keys},        {"enterprises", enterprise_keys},
        {"masks", mask_keys}, {"coord_sys", coord_systems}, {"area_basis", area_bases}};
    for (size_t i = 0; section && i < sizeof(sections) / sizeof(sections[0]); i++)
        if (strcmp(sections[i].section, section) == 0)
            return sections[i].keys;
    return NULL;
}

/* A single text value; a null gives *out = NULL unless required. */
static int get_text(ls__yaml *L, const yaml_node_t *value, const char *where, int required,
                    char **out)
{
    return ls__yaml_text(L, value, where, NULL, !required, out);
}

/* A path value joined to the run file's folder. */
static int get_path(ls__yaml *L, const yaml_node_t *value, const char *where, int required,
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

static int parse_fields(ls__yaml *L, const yaml_node_t *map, ls_input_role role, ls_input *in)
{
    char where[64];
    snprintf(where, sizeof(where), "inputs.%s.fields", role_names[role]);
    if (map->type != YAML_MAPPING_NODE) {
        if (ls__yaml_is_null(map))
            return LS_OK;
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: %s must be a map of canonical name: your field name, not %s",
                             L->file, ls__yaml_line(map), where, ls__yaml_kind(map));
    }
    int error = ls__yaml_check_map(L, map, where, role_fields[role], "field");
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
        yaml_node_t *k = ls__yaml_node(L, p->key);
        yaml_node_t *v = ls__yaml_node(L, p->value);
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

static int parse_input(ls__yaml *L, const yaml_node_t *key, const yaml_node_t *map,
                       ls_input_role role, const char *base_dir, ls_input *in)
{
    char where[64], what[96];
    int error = LS_OK;
    const char *role_name = role_names[role];
    snprintf(where, sizeof(where), "inputs.%s", role_name);
    in->present = 1;
    in->line = ls__yaml_line(key);
    if (map->type != YAML_MAPPING_NODE)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: %s must be a map with at least 'path', not %s", L->file,
                             ls__yaml_line(map), where, ls__yaml_kind(map));
    const char *const *allowed = role == LS_INPUT_ENTERPRISES ? enterprise_keys : input_keys;
    if ((error = ls__yaml_check_map(L, map, where, allowed, "key")))
        return error;

    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ls__yaml_node(L, p->key);
        yaml_node_t *v = ls__yaml_node(L, p->value);
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
                if (!ls__yaml_in_list(coord_systems, in->coord_sys)) {
                    char expected[128];
                    ls__yaml_list_text(coord_systems, expected, sizeof(expected));
                    error = ls__error_set(L->ctx, LS_EINVAL, "%s:%d: unknown %s '%s' (expected %s)",
                                          L->file, ls__yaml_line(v), what,
                                          (const char *)v->data.scalar.value, expected);
                }
            }
        } else if (strcmp(name, "fields") == 0)
            error = parse_fields(L, v, role, in);
        if (error)
            return error;
    }
    if (!in->path)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s needs a 'path'", L->file,
                             ls__yaml_line(key), where);
    if (in->layer && in->sql)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s takes 'layer' or 'sql', not both",
                             L->file, ls__yaml_line(key), where);
    if ((in->x == NULL) != (in->y == NULL))
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: %s needs both 'x' and 'y' (or neither)",
                             L->file, ls__yaml_line(key), where);
    return LS_OK;
}

/* inputs.masks: a list of {path, layer, name}. */
static int parse_masks(ls__yaml *L, const yaml_node_t *list, const char *base_dir, ls_config *cfg)
{
    if (list->type != YAML_SEQUENCE_NODE)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: inputs.masks must be a list of {path, name}, not %s", L->file,
                             ls__yaml_line(list), ls__yaml_kind(list));
    size_t n = (size_t)(list->data.sequence.items.top - list->data.sequence.items.start);
    cfg->masks = calloc(n ? n : 1, sizeof(ls_mask_input));
    if (!cfg->masks)
        return ls__error_set(L->ctx, LS_ENOMEM, "out of memory");
    for (yaml_node_item_t *it = list->data.sequence.items.start; it < list->data.sequence.items.top;
         it++) {
        const yaml_node_t *m = ls__yaml_node(L, *it);
        ls_mask_input *mi = &cfg->masks[cfg->nmasks++];
        mi->line = ls__yaml_line(m);
        if (m->type != YAML_MAPPING_NODE)
            return ls__error_set(L->ctx, LS_EINVAL,
                                 "%s:%d: inputs.masks entries must be maps with 'path', not %s",
                                 L->file, ls__yaml_line(m), ls__yaml_kind(m));
        int error = ls__yaml_check_map(L, m, "inputs.masks", mask_keys, "key");
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
             !error && p < m->data.mapping.pairs.top; p++) {
            const char *k = (const char *)ls__yaml_node(L, p->key)->data.scalar.value;
            const yaml_node_t *v = ls__yaml_node(L, p->value);
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

static int parse_inputs(ls__yaml *L, const yaml_node_t *key, const yaml_node_t *map,
                        const char *base_dir, ls_config *cfg)
{
    int error = LS_OK;
    if (map->type != YAML_MAPPING_NODE)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: inputs must be a map of roles, not %s",
                             L->file, ls__yaml_line(map), ls__yaml_kind(map));
    const char *roles[LS_INPUT_COUNT + 2];
    for (int i = 0; i < LS_INPUT_COUNT; i++)
        roles[i] = role_names[i];
    roles[LS_INPUT_COUNT] = "masks";
    roles[LS_INPUT_COUNT + 1] = NULL;
    if ((error = ls__yaml_check_map(L, map, "inputs", roles, "input")))
        return error;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ls__yaml_node(L, p->key);
        yaml_node_t *v = ls__yaml_node(L, p->value);
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
                             ls__yaml_line(key));
    return LS_OK;
}

static int parse_top(ls__yaml *L, const yaml_node_t *root, ls_config *cfg)
{
    int error = LS_OK;
    const yaml_node_t *inputs_key = NULL, *date_key = NULL;
    if (root->type != YAML_MAPPING_NODE)
        return ls__error_set(L->ctx, LS_EINVAL, "%s:%d: a run file must be a map of keys, not %s",
                             L->file, ls__yaml_line(root), ls__yaml_kind(root));
    if ((error = ls__yaml_check_map(L, root, "the run file", top_keys, "key")))
        return error;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = ls__yaml_node(L, p->key);
        yaml_node_t *v = ls__yaml_node(L, p->value);
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
                                      L->file, ls__yaml_line(v), text);
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
            if (text && ls__rules_is_path(text)) {
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
            if (!ls__yaml_in_list(area_bases, text)) {
                error = ls__error_set(L->ctx, LS_EINVAL,
                                      "%s:%d: area_basis '%s' is not planar or ellipsoidal",
                                      L->file, ls__yaml_line(v), text);
                free(text);
                return error;
            }
            cfg->area_ellipsoidal = strcmp(text, "ellipsoidal") == 0;
            free(text);
        } else if (strcmp(name, "corrections") == 0) {
            cfg->corrections_line = ls__yaml_line(k);
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
                             L->file, ls__yaml_line(root));
    if (!inputs_key)
        return ls__error_set(L->ctx, LS_EINVAL,
                             "%s:%d: missing required key 'inputs' (with at least inputs.parcels)",
                             L->file, ls__yaml_line(root));
    return LS_OK;
}

int ls_config_load(ls_context *ctx, const char *path, ls_config **out)
{
    int error = LS_OK;
    ls_config *cfg = NULL;
    ls__yaml L;
    int loaded = 0;

    LS__ASSERT_ARG(ctx, out);
    if (!path)
        return ls__error_set(ctx, LS_EINVAL, "no run file given");
    if ((error = ls__yaml_load(ctx, path, "run file", &L)))
        return error;
    loaded = 1;
    if (!(cfg = calloc(1, sizeof(*cfg))) || !(cfg->path = ls__strdup(path)) ||
        !(cfg->base_dir = ls__path_dir(path))) {
        error = ls__error_set(ctx, LS_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (!L.root) {
        error = ls__error_set(
            ctx, LS_EINVAL, "%s:1: the run file is empty (needs reference_date and inputs)", path);
        goto cleanup;
    }
    if ((error = parse_top(&L, L.root, cfg)))
        goto cleanup;
    *out = cfg;
    cfg = NULL;

cleanup:
    if (loaded)
        ls__yaml_free(&L);
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

/* ---- the run file with its rules ------------------------------------------------------- */

int ls_run_file_load(ls_context *ctx, const char *path, ls_config **cfg, ls_rules **rules)
{
    int error = LS_OK;
    ls_config *c = NULL;
    ls_rules *r = NULL;

    LS__ASSERT_ARG(ctx, ctx);
    LS__ASSERT_ARG(ctx, path);
    LS__ASSERT_ARG(ctx, cfg);
    LS__ASSERT_ARG(ctx, rules);
    if ((error = ls_config_load(ctx, path, &c)))
        goto cleanup;
    /* a rules path in the run file is already resolved against the run file's folder */
    if ((error = ls_rules_load(ctx, c->rules ? c->rules : LS_RULES_DEFAULT_PRESET,
                               c->rules_is_path ? "." : c->base_dir, &r)) ||
        (error = ls_rules_apply_year(r, c->reference_year)))
        goto cleanup;
    *cfg = c;
    *rules = r;
    c = NULL;
    r = NULL;

cleanup:
    ls_rules_free(r);
    ls_config_free(c);
    return error;
}

/* ---- getters --------------------------------------------------------------------------- */

const char *ls_config_path(const ls_config *cfg)
{
    return cfg ? cfg->path : NULL;
}

const char *ls_config_name(const ls_config *cfg)
{
    return cfg ? cfg->name : NULL;
}

const char *ls_config_reference_date(const ls_config *cfg)
{
    return cfg ? cfg->reference_date : NULL;
}

int ls_config_reference_year(const ls_config *cfg)
{
    return cfg ? cfg->reference_year : 0;
}

const char *ls_config_crs(const ls_config *cfg)
{
    return cfg ? cfg->crs : NULL;
}

const char *ls_config_rules(const ls_config *cfg)
{
    return cfg ? cfg->rules : NULL;
}

const char *ls_config_output(const ls_config *cfg)
{
    return cfg ? cfg->output : NULL;
}

const char *ls_config_ledger(const ls_config *cfg)
{
    return cfg ? cfg->ledger : NULL;
}

const ls_input *ls_config_input(const ls_config *cfg, ls_input_role role)
{
    if (!cfg || (int)role < 0 || role >= LS_INPUT_COUNT || !cfg->inputs[role].present)
        return NULL;
    return &cfg->inputs[role];
}

const char *ls_input_path(const ls_input *input)
{
    return input ? input->path : NULL;
}

const char *ls_input_layer(const ls_input *input)
{
    return input ? input->layer : NULL;
}
