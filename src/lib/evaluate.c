/*
 * evaluate.c — the per-mu comprehensive evaluation (亩均效益综合评价, domain.md §3).
 *
 * For every enterprise: indicators over all its land (land_mu is the total mu of the parcels
 * it is on, set by measure; the money figures are the enterprise's own totals):
 *   tax_per_mu = tax_10k / land_mu            va_per_mu = value_added_10k / land_mu
 *   va_per_energy = value_added_10k / energy_tce
 *   labour_productivity = value_added_10k / employees
 *   rd_share = rd_10k / revenue_10k           tax_per_electricity = tax_10k / electricity
 *   (revenue_per_mu = revenue_10k / land_mu may also be weighted; emission has no input
 *   field, so it never has data and its weight is always dropped.)
 * An indicator is NAN when an input is missing or its denominator is not > 0.
 *
 * Who is evaluated, in this order:
 *   1. a record carrying eval_class keeps it            → EVAL_GIVEN (not scored)
 *   2. founded less than new_years before the reference → EVAL_NEW, exempt, no class
 *   3. scale `below` (or unknown, see below) with land_mu < below_min_mu (or land_mu
 *      unknown)                                         → EVAL_OUT_OF_SCOPE, no class
 *   4. everyone else is scored in its scale group       → EVAL_SCORED
 * Scale unknown is treated as `below` (规下): 规上 firms are an explicit statistical register,
 * so a firm not marked 规上 is a 规下 firm to a planner; it is scored with the below weights
 * and only when it uses ≥ below_min_mu.
 *
 * Scoring, separately for the `above` and `below` populations with their own weight sets:
 *   - an indicator nobody in the group has (e.g. emission) is dropped and the remaining
 *     weights are scaled up to the same total;
 *   - mean | median | fixed: component = min(cap, max(0, value / benchmark)); benchmark = mean
 *     or median of the group's known values, or the fixed number; a benchmark that is not > 0
 *     gives every firm component 0 on that indicator; cap NAN = no cap;
 *   - minmax: component = (20 + 80 × (value − min) / (max − min)) / 100, and 1 when every firm
 *     has the same value;
 *   - a firm missing an indicator gets the group's average component on it;
 *   - score = Σ weight × component (weights as given, e.g. summing to 100).
 * If no weight of a group has data at all, its firms get EVAL_NO_DATA and no class.
 *
 * Classes: `threshold` — A when score ≥ cutoff A, else B when ≥ cutoff B, else C when ≥
 * cutoff C, else D (a NAN cutoff skips that class). `percentile` — within each group, firms
 * are ranked by score descending, ties by enterprise_id ascending (then source row); with n
 * firms and shares normalised to sum 1, the cumulative boundaries are
 *   kA = ⌊n·sA + ½⌋, kAB = ⌊n·(sA+sB) + ½⌋, kABC = ⌊n·(sA+sB+sC) + ½⌋
 * (rounded half up, i.e. a firm exactly on a boundary gets the better class), and rank r
 * (0-based) is A when r < kA, B when r < kAB, C when r < kABC, else D. E.g. n = 20 →
 * 5 A, 9 B, 5 C, 1 D; n = 10 → 3 A, 4 B, 3 C, 0 D. Equal scores always get the same class: a
 * run of equal scores (within 1e-9 relative) takes the class of its best-ranked member, so a
 * tie that straddles a cut-off goes to the better class (domain.md §3).
 * The percentile population is the scored firms of one group only: firms that are given a
 * class, exempt (new), out of scope, vetoed, or tenants that will inherit their owner's class
 * take no rank (they are still scored, so the group's benchmarks are unchanged).
 * Veto (tri-state 1) forces D on every firm, in scope or not, exempt or given (EVAL_VETO).
 * With tenants = inherit, a tenant (role tenant, not vetoed, not given) that is scored, out of
 * scope or without data takes the class of its parcel's owner (first of its parcels, in
 * parcel order, whose owner has a class) → EVAL_INHERITED; its own score is kept. A tenant
 * whose owner will have a class (given, vetoed, or in a scoring group) takes no percentile
 * slot. Given, new and vetoed tenants keep theirs.
 *
 * Supply screening: supply_restricted = 1 when the final class (given, scored, inherited or
 * vetoed) is one of no_new_land_classes (default C, D), else 0 (also for firms without class).
 *
 * Per parcel: eval_score / eval_class = the owner's. The owner is chosen among the parcel's
 * enterprises with role owner (all of them when none has that role): the one whose id equals
 * parcel.enterprise_id, else the only one, else the largest land_mu, ties smallest id.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "evaluate.h"

enum {
    IND_TAX_PER_MU = 0,
    IND_VA_PER_MU,
    IND_VA_PER_ENERGY,
    IND_LABOUR,
    IND_RD_SHARE,
    IND_TAX_PER_ELEC,
    IND_REVENUE_PER_MU,
    IND_EMISSION,
    IND_COUNT
};

static const char *const indicator_names[IND_COUNT] = {
    "tax_per_mu", "va_per_mu",           "va_per_energy",  "labour_productivity",
    "rd_share",   "tax_per_electricity", "revenue_per_mu", "emission"};

enum { GROUP_ABOVE = 0, GROUP_BELOW = 1, GROUP_NONE = -1 };

static const char *const class_names[4] = {"A", "B", "C", "D"};

static int indicator_index(const char *name)
{
    for (int i = 0; i < IND_COUNT; i++) {
        if (name && strcmp(name, indicator_names[i]) == 0)
            return i;
    }
    return -1;
}

static double ratio(double num, double den)
{
    if (isnan(num) || isnan(den) || !(den > 0.0))
        return NAN;
    return num / den;
}

static double indicator_value(const ls__enterprise *e, int ind)
{
    switch (ind) {
    case IND_TAX_PER_MU:
        return e->tax_per_mu;
    case IND_VA_PER_MU:
        return e->va_per_mu;
    case IND_VA_PER_ENERGY:
        return e->va_per_energy;
    case IND_LABOUR:
        return e->labour_productivity;
    case IND_RD_SHARE:
        return e->rd_share;
    case IND_TAX_PER_ELEC:
        return e->tax_per_electricity;
    case IND_REVENUE_PER_MU:
        return ratio(e->revenue_10k, e->land_mu);
    default:
        return NAN; /* emission: no input field */
    }
}

static int set_str(char **dst, const char *s)
{
    char *copy = NULL;
    if (s) {
        copy = ls__strdup(s);
        if (!copy)
            return LS_ENOMEM;
    }
    free(*dst);
    *dst = copy;
    return LS_OK;
}

static int note_is(const ls__enterprise *e, const char *note)
{
    return e->eval_note && strcmp(e->eval_note, note) == 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct ranked {
    double score;
    const char *id;
    long row;
    size_t idx;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    int c = strcmp(x->id ? x->id : "", y->id ? y->id : "");
    if (c)
        return c;
    return (x->row > y->row) - (x->row < y->row);
}

/* Index of the parcel's owner enterprise in `ents`, or -1 when it has none. */
long ls__evaluate_owner(const ls__parcel *p, const ls__enterprise *ents)
{
    int any_owner = 0;
    for (size_t k = 0; k < p->nent; k++) {
        const char *role = ents[p->ents[k]].role;
        if (role && strcmp(role, "owner") == 0)
            any_owner = 1;
    }
    long best = -1;
    for (size_t k = 0; k < p->nent; k++) {
        const ls__enterprise *e = &ents[p->ents[k]];
        if (any_owner && !(e->role && strcmp(e->role, "owner") == 0))
            continue;
        if (p->enterprise_id && e->enterprise_id && strcmp(p->enterprise_id, e->enterprise_id) == 0)
            return (long)p->ents[k];
        if (best < 0) {
            best = (long)p->ents[k];
            continue;
        }
        const ls__enterprise *b = &ents[best];
        double em = isnan(e->land_mu) ? -1.0 : e->land_mu;
        double bm = isnan(b->land_mu) ? -1.0 : b->land_mu;
        if (em > bm || (em == bm && strcmp(e->enterprise_id ? e->enterprise_id : "",
                                           b->enterprise_id ? b->enterprise_id : "") < 0))
            best = (long)p->ents[k];
    }
    return best;
}

/* Component scores of one indicator over a group's population (pop[0..npop)). comp[i] gets
 * the component of pop[i]; returns 0 when nobody has the indicator (weight to be dropped). */
static int score_indicator(ls_context *ctx, const ls__enterprise *ents, const size_t *pop,
                           size_t npop, int ind, const ls_eval_rules *ev, double *comp,
                           double *vals, int *error)
{
    size_t nv = 0;
    for (size_t i = 0; i < npop; i++) {
        double v = indicator_value(&ents[pop[i]], ind);
        if (isfinite(v))
            vals[nv++] = v;
    }
    if (nv == 0)
        return 0;

    const char *method = ev->benchmark ? ev->benchmark : "mean";
    double lo = vals[0], hi = vals[0], sum = 0.0, bench = NAN;
    for (size_t i = 0; i < nv; i++) {
        lo = fmin(lo, vals[i]);
        hi = fmax(hi, vals[i]);
        sum += vals[i];
    }
    int minmax = 0;
    if (strcmp(method, "mean") == 0) {
        bench = sum / (double)nv;
    } else if (strcmp(method, "median") == 0) {
        qsort(vals, nv, sizeof(*vals), cmp_double);
        bench = nv % 2 ? vals[nv / 2] : (vals[nv / 2 - 1] + vals[nv / 2]) / 2.0;
    } else if (strcmp(method, "fixed") == 0) {
        for (size_t b = 0; b < ev->nbenchmarks; b++) {
            if (ev->benchmarks[b].indicator &&
                strcmp(ev->benchmarks[b].indicator, indicator_names[ind]) == 0)
                bench = ev->benchmarks[b].weight;
        }
        if (isnan(bench)) {
            *error = ls__error_set(ctx, LS_EINVAL,
                                   "evaluation: benchmark fixed but no benchmark for '%s'",
                                   indicator_names[ind]);
            return 0;
        }
    } else if (strcmp(method, "minmax") == 0) {
        minmax = 1;
    } else {
        *error = ls__error_set(ctx, LS_EINVAL, "evaluation: unknown benchmark method '%s'", method);
        return 0;
    }

    double csum = 0.0;
    size_t cn = 0;
    for (size_t i = 0; i < npop; i++) {
        double v = indicator_value(&ents[pop[i]], ind);
        if (!isfinite(v)) {
            comp[i] = NAN;
            continue;
        }
        double c;
        if (minmax) {
            c = hi > lo ? (20.0 + 80.0 * (v - lo) / (hi - lo)) / 100.0 : 1.0;
        } else {
            c = bench > 0.0 ? fmax(0.0, v / bench) : 0.0;
            if (!isnan(ev->cap))
                c = fmin(ev->cap, c);
        }
        comp[i] = c;
        csum += c;
        cn++;
    }
    double avg = csum / (double)cn;
    for (size_t i = 0; i < npop; i++) {
        if (isnan(comp[i]))
            comp[i] = avg;
    }
    return 1;
}

static int same_score(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(1.0, fmax(fabs(a), fabs(b)));
}

static int class_percentile(const ls_eval_rules *ev, ls__enterprise *ents, const size_t *pop,
                            size_t npop, const unsigned char *unranked, ranked *rk)
{
    double total = 0.0;
    for (int c = 0; c < 4; c++)
        total += isnan(ev->class_share[c]) ? 0.0 : ev->class_share[c];
    if (!(total > 0.0))
        return LS_EINVAL;
    size_t n = 0;
    for (size_t i = 0; i < npop; i++) {
        const ls__enterprise *e = &ents[pop[i]];
        if (isnan(e->eval_score) || (unranked && unranked[pop[i]]))
            continue;
        rk[n].score = e->eval_score;
        rk[n].id = e->enterprise_id;
        rk[n].row = e->row;
        rk[n].idx = pop[i];
        n++;
    }
    qsort(rk, n, sizeof(*rk), cmp_ranked);
    size_t bound[3];
    double cum = 0.0;
    for (int c = 0; c < 3; c++) {
        cum += isnan(ev->class_share[c]) ? 0.0 : ev->class_share[c];
        bound[c] = (size_t)floor((double)n * (cum / total) + 0.5 + 1e-9);
    }
    int prev = 3;
    for (size_t r = 0; r < n; r++) {
        int c = r < bound[0] ? 0 : r < bound[1] ? 1 : r < bound[2] ? 2 : 3;
        if (r > 0 && same_score(rk[r].score, rk[r - 1].score))
            c = prev; /* a tie takes the class of its best-ranked member */
        prev = c;
        if (set_str(&ents[rk[r].idx].class_final, class_names[c]) != LS_OK)
            return LS_ENOMEM;
    }
    return LS_OK;
}

static int class_threshold(const ls_eval_rules *ev, ls__enterprise *ents, const size_t *pop,
                           size_t npop)
{
    for (size_t i = 0; i < npop; i++) {
        ls__enterprise *e = &ents[pop[i]];
        if (isnan(e->eval_score))
            continue;
        int c = 3;
        for (int k = 0; k < 3; k++) {
            if (!isnan(ev->class_cutoff[k]) && e->eval_score >= ev->class_cutoff[k]) {
                c = k;
                break;
            }
        }
        if (set_str(&e->class_final, class_names[c]) != LS_OK)
            return LS_ENOMEM;
    }
    return LS_OK;
}

/* Score and class one scale group. */
static int score_group(ls_context *ctx, ls__dataset *ds, const ls_eval_rules *ev,
                       const ls_weight *weights, size_t nweights, const size_t *pop, size_t npop,
                       const unsigned char *unranked, double *comp, double *vals, ranked *rk)
{
    int error = LS_OK;
    ls__enterprise *ents = ds->enterprises;
    double total = 0.0, kept_total = 0.0;
    double *score = NULL;

    if (npop == 0)
        return LS_OK;
    score = calloc(npop, sizeof(*score));
    if (!score)
        return ls__error_set(ctx, LS_ENOMEM, "evaluation: out of memory");

    for (size_t w = 0; w < nweights; w++) {
        if (indicator_index(weights[w].indicator) < 0) {
            error = ls__error_set(ctx, LS_EINVAL, "evaluation: unknown indicator '%s' in weights",
                                  weights[w].indicator ? weights[w].indicator : "");
            goto cleanup;
        }
        if (!isnan(weights[w].weight))
            total += weights[w].weight;
    }
    for (size_t w = 0; w < nweights; w++) {
        int ind = indicator_index(weights[w].indicator);
        double wt = weights[w].weight;
        if (isnan(wt) || wt == 0.0)
            continue;
        if (!score_indicator(ctx, ents, pop, npop, ind, ev, comp, vals, &error)) {
            if (error)
                goto cleanup;
            continue; /* no data in the group: dropped */
        }
        kept_total += wt;
        for (size_t i = 0; i < npop; i++)
            score[i] += wt * comp[i];
    }
    for (size_t i = 0; i < npop; i++) {
        ls__enterprise *e = &ents[pop[i]];
        if (kept_total > 0.0) {
            e->eval_score = score[i] * (total / kept_total);
            error = set_str(&e->eval_note, "EVAL_SCORED");
        } else {
            e->eval_score = NAN;
            error = set_str(&e->eval_note, "EVAL_NO_DATA");
        }
        if (error) {
            error = ls__error_set(ctx, LS_ENOMEM, "evaluation: out of memory");
            goto cleanup;
        }
    }
    if (!(kept_total > 0.0))
        goto cleanup;

    if (!ev->class_method || strcmp(ev->class_method, "percentile") == 0) {
        error = class_percentile(ev, ents, pop, npop, unranked, rk);
        if (error == LS_EINVAL)
            ls__error_set(ctx, error, "evaluation: percentile class shares do not add up to > 0");
    } else if (strcmp(ev->class_method, "threshold") == 0) {
        error = class_threshold(ev, ents, pop, npop);
    } else {
        error = ls__error_set(ctx, LS_EINVAL, "evaluation: unknown class method '%s'",
                              ev->class_method);
    }
    if (error == LS_ENOMEM)
        ls__error_set(ctx, error, "evaluation: out of memory");

cleanup:
    free(score);
    return error;
}

static void compute_indicators(ls__enterprise *e)
{
    e->tax_per_mu = ratio(e->tax_10k, e->land_mu);
    e->va_per_mu = ratio(e->value_added_10k, e->land_mu);
    e->va_per_energy = ratio(e->value_added_10k, e->energy_tce);
    e->labour_productivity = ratio(e->value_added_10k, e->employees);
    e->rd_share = ratio(e->rd_10k, e->revenue_10k);
    e->tax_per_electricity = ratio(e->tax_10k, e->electricity_10k_kwh);
}

static int is_below_scale(const ls__enterprise *e)
{
    return !(e->scale && strcmp(e->scale, "above") == 0);
}

static int is_tenant(const ls__enterprise *e)
{
    return e->role && strcmp(e->role, "tenant") == 0;
}

/* unranked[i] = 1 for firms that take no percentile slot although they are in a scoring group:
 * vetoed firms (they become D whatever their score) and, with tenants = inherit, tenants whose
 * parcel owner will have a class (given, vetoed or in a scoring group). Returns LS_ENOMEM. */
static int mark_unranked(const ls__dataset *ds, const ls_eval_rules *ev, size_t *const pop[2],
                         const size_t npop[2], unsigned char *unranked)
{
    size_t n = ds->nenterprises;
    unsigned char *classed = n ? calloc(n, 1) : NULL;
    if (n && !classed)
        return LS_ENOMEM;
    for (int g = 0; g < 2; g++) {
        for (size_t k = 0; k < npop[g]; k++)
            classed[pop[g][k]] = 1;
    }
    for (size_t i = 0; i < n; i++) {
        const ls__enterprise *e = &ds->enterprises[i];
        if (e->veto == 1)
            unranked[i] = 1;
        if (e->veto == 1 || note_is(e, "EVAL_GIVEN"))
            classed[i] = 1;
    }
    if (ev->tenants && strcmp(ev->tenants, "inherit") == 0) {
        for (size_t pi = 0; pi < ds->nparcels; pi++) {
            const ls__parcel *p = &ds->parcels[pi];
            long o = ls__evaluate_owner(p, ds->enterprises);
            if (o < 0 || !classed[o] || is_tenant(&ds->enterprises[o]))
                continue;
            for (size_t k = 0; k < p->nent; k++) {
                const ls__enterprise *t = &ds->enterprises[p->ents[k]];
                if ((long)p->ents[k] != o && is_tenant(t) && t->veto != 1 &&
                    !note_is(t, "EVAL_GIVEN"))
                    unranked[p->ents[k]] = 1;
            }
        }
    }
    free(classed);
    return LS_OK;
}

int ls__evaluate(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days)
{
    int error = LS_OK;
    const ls_eval_rules *ev = &rules->evaluation;
    size_t n = ds->nenterprises;
    size_t *pop[2] = {NULL, NULL};
    size_t npop[2] = {0, 0};
    double *comp = NULL, *vals = NULL;
    ranked *rk = NULL;
    unsigned char *unranked = NULL;

    if (n > 0) {
        pop[0] = malloc(n * sizeof(size_t));
        pop[1] = malloc(n * sizeof(size_t));
        comp = malloc(n * sizeof(double));
        vals = malloc(n * sizeof(double));
        rk = malloc(n * sizeof(ranked));
        unranked = calloc(n, 1);
        if (!pop[0] || !pop[1] || !comp || !vals || !rk || !unranked) {
            error = ls__error_set(ctx, LS_ENOMEM, "evaluation: out of memory");
            goto cleanup;
        }
    }

    /* Parcels borrow class strings that are about to be replaced. */
    for (size_t pi = 0; pi < ds->nparcels; pi++) {
        ds->parcels[pi].eval_class = NULL;
        ds->parcels[pi].eval_score = NAN;
    }

    /* Indicators and scope. */
    for (size_t i = 0; i < n; i++) {
        ls__enterprise *e = &ds->enterprises[i];
        const char *note = NULL;
        compute_indicators(e);
        e->eval_score = NAN;
        free(e->class_final);
        e->class_final = NULL;
        if (e->eval_class && *e->eval_class) {
            note = "EVAL_GIVEN";
            if (set_str(&e->class_final, e->eval_class) != LS_OK)
                goto nomem;
        } else if (!isnan(ev->new_years) && e->founded != LS_NO_DATE &&
                   reference_days != LS_NO_DATE &&
                   ls__date_years(e->founded, reference_days) < ev->new_years) {
            note = "EVAL_NEW";
        } else if (is_below_scale(e) && !isnan(ev->below_min_mu) &&
                   !(e->land_mu >= ev->below_min_mu)) {
            note = "EVAL_OUT_OF_SCOPE";
        } else {
            int g = is_below_scale(e) ? GROUP_BELOW : GROUP_ABOVE;
            pop[g][npop[g]++] = i;
        }
        if (set_str(&e->eval_note, note) != LS_OK)
            goto nomem;
    }

    /* Who takes no percentile slot: vetoed firms and tenants that will inherit. */
    error = mark_unranked(ds, ev, pop, npop, unranked);
    if (error)
        goto nomem;

    /* Scores and classes per scale group. */
    error = score_group(ctx, ds, ev, ev->weights_above, ev->nweights_above, pop[GROUP_ABOVE],
                        npop[GROUP_ABOVE], unranked, comp, vals, rk);
    if (error)
        goto cleanup;
    error = score_group(ctx, ds, ev, ev->weights_below, ev->nweights_below, pop[GROUP_BELOW],
                        npop[GROUP_BELOW], unranked, comp, vals, rk);
    if (error)
        goto cleanup;

    /* A veto forces D on every firm, in scope or not. */
    for (size_t i = 0; i < n; i++) {
        ls__enterprise *e = &ds->enterprises[i];
        if (e->veto == 1) {
            if (set_str(&e->class_final, "D") != LS_OK || set_str(&e->eval_note, "EVAL_VETO"))
                goto nomem;
        }
    }

    /* Tenants inherit the owner's class. */
    if (ev->tenants && strcmp(ev->tenants, "inherit") == 0) {
        for (size_t pi = 0; pi < ds->nparcels; pi++) {
            const ls__parcel *p = &ds->parcels[pi];
            long o = ls__evaluate_owner(p, ds->enterprises);
            if (o < 0)
                continue;
            const ls__enterprise *owner = &ds->enterprises[o];
            if (!owner->class_final || (owner->role && strcmp(owner->role, "tenant") == 0))
                continue;
            for (size_t k = 0; k < p->nent; k++) {
                ls__enterprise *t = &ds->enterprises[p->ents[k]];
                if ((long)p->ents[k] == o || !t->role || strcmp(t->role, "tenant") != 0)
                    continue;
                if (!(note_is(t, "EVAL_SCORED") || note_is(t, "EVAL_OUT_OF_SCOPE") ||
                      note_is(t, "EVAL_NO_DATA")))
                    continue;
                if (set_str(&t->class_final, owner->class_final) != LS_OK ||
                    set_str(&t->eval_note, "EVAL_INHERITED") != LS_OK)
                    goto nomem;
            }
        }
    }

    /* Supply screening (domain.md §10, seed 004 限制、禁止综合评价C、D类企业新增用地). */
    for (size_t i = 0; i < n; i++) {
        ls__enterprise *e = &ds->enterprises[i];
        e->supply_restricted = 0;
        for (size_t k = 0; e->class_final && k < rules->nno_new_land_classes; k++)
            if (strcmp(e->class_final, rules->no_new_land_classes[k]) == 0)
                e->supply_restricted = 1;
    }

    /* Per parcel: the owner's score and class. */
    for (size_t pi = 0; pi < ds->nparcels; pi++) {
        ls__parcel *p = &ds->parcels[pi];
        long o = ls__evaluate_owner(p, ds->enterprises);
        p->eval_score = o >= 0 ? ds->enterprises[o].eval_score : NAN;
        p->eval_class = o >= 0 ? ds->enterprises[o].class_final : NULL;
    }
    goto cleanup;

nomem:
    error = ls__error_set(ctx, LS_ENOMEM, "evaluation: out of memory");
cleanup:
    free(pop[0]);
    free(pop[1]);
    free(comp);
    free(vals);
    free(rk);
    free(unranked);
    return error;
}
