/*
 * classify.c — which parcels are industrial (domain.md §2), their status and reason codes
 * (§4), action, reclaimable mu and FAR uplift (§6).
 *
 * Structure. One function per test (classify_tests.c) and one table here (code, inputs
 * needed for the run, function) that drives both the evaluation of each parcel and the
 * run-level NO_DATA rows of data_quality; decide() turns the outcomes into status and
 * action. Codes, operators and labels come from codes.c.
 *
 * Every test is evaluated on every industrial parcel, in this fixed order, and every code
 * that fires is appended to `reasons` (";"-separated), numbers printed with 2 decimals
 * ("%.2f"; the comparison itself uses the unrounded values) and the test's operator:
 *   IDLE_UNSTARTED(years since agreed start>=unstarted_years)  e.g. IDLE_UNSTARTED(1.50>=1.00)
 *   IDLE_STALLED(coverage<stalled_share×coverage_min,shortest halt years>=stalled_years)
 *     e.g. IDLE_STALLED(0.08<0.10,1.36>=1.00)
 *   IDLE_HALTED(shortest halt of the parcel's firms, years>=halted_years)
 *     e.g. IDLE_HALTED(3.09>=2.00)
 *   IDLE_VACANT, IDLE_UNSUPPLIED, LE_MORTGAGED_IDLE (no numbers)
 *   REL_OUTSIDE(control_share<inside_share_min)                 e.g. REL_OUTSIDE(0.20<0.50)
 *   REL_RETAIN_AB50(owner class,owner's land_mu>=retain_ab_min_mu)
 *     e.g. REL_RETAIN_AB50(A,62.00>=50.00)
 *   LE_TAX(tax_per_mu<=tax_per_mu_min)                          e.g. LE_TAX(3.20<=5.00)
 *   LE_VA(value_added_per_mu<=va_per_mu_min)                    e.g. LE_VA(120.00<=150.00)
 *   LE_FAR(far<industry floor, else far_min)                    e.g. LE_FAR(0.62<0.80)
 *   LE_COVERAGE(coverage<coverage_min)                          e.g. LE_COVERAGE(0.12<0.30)
 *   LE_CLASS(owner class)                                       e.g. LE_CLASS(D)
 *   LE_ENERGY(energy_per_va>energy_per_va_max)                  e.g. LE_ENERGY(0.80>0.52)
 *   LE_TAX_ARREARS(largest arrears, years>=arrears_years)       e.g. LE_TAX_ARREARS(3.00>=2.00)
 * A test that could not be evaluated appears as NO_DATA_<code> (no numbers) in its place.
 * Comparisons follow the wording of the source (domain.md §4): 以上 / 以下 / 以内 / 满 include
 * the number (LE_TAX, LE_VA <=; durations and REL_RETAIN_AB50 >=), 超过 / 不满 / 低于 exclude
 * it (LE_FAR, LE_COVERAGE, REL_OUTSIDE <; LE_ENERGY >). The operators are codes.c's.
 * Years are calendar years (ls__date_years, domain.md §1): "≥ N years since D" holds from the
 * N-th anniversary of D on (29 February → 28 February); they are printed cut to 2 decimals
 * (so "2.00" never shows before the anniversary), and explain gives the start date and the
 * day the duration is reached. LE_TAX_ARREARS takes the figure or the years since
 * land_tax_arrears_since, the larger.
 *
 * Missing data. A test switched off (NAN threshold, empty low_classes, switch 0) adds nothing.
 * A test that is on but whose input is missing does not fire and adds NO_DATA_<code> to
 * `reasons` (in the same position) and <code> to `no_data`; ls__classify then adds one
 * data_quality row per such parcel. For tests with several conditions (IDLE_UNSTARTED,
 * IDLE_STALLED, IDLE_HALTED, IDLE_VACANT, REL_RETAIN_AB50, LE_TAX_ARREARS, LE_MORTGAGED_IDLE)
 * the logic is three-valued: a condition known to be false settles the test (no NO_DATA);
 * NO_DATA is added only when the missing input could change the outcome. Inputs:
 *   - coverage and far are missing when no buildings layer was given (they would read 0);
 *   - enterprise presence is unknown when no enterprises layer was given;
 *   - per-mu tax / VA, energy per VA: NAN on the parcel (e.g. no enterprise on it);
 *   - an enterprise is halted when status = halted, or status is absent and halted_since is
 *     given; producing / partial are not halted; halted without a date, or neither field,
 *     is unknown. IDLE_HALTED / IDLE_STALLED need at least one enterprise (a parcel with none
 *     is IDLE_VACANT's business) and fire when every one is halted long enough;
 *   - "not started" (IDLE_UNSTARTED) = started false, or coverage < started_coverage_min; it
 *     is known false when started is true or coverage ≥ started_coverage_min. "Started"
 *     (IDLE_STALLED) = started true, or (started absent) coverage ≥ started_coverage_min.
 *     A parcel with approved_unsupplied true is not granted, so never IDLE_UNSTARTED;
 *   - owner class (LE_CLASS, REL_RETAIN_AB50): exempt owners (EVAL_NEW, EVAL_OUT_OF_SCOPE)
 *     have no class and that is not missing data; no owner or an owner without data is;
 *   - arrears: fires when any enterprise's arrears ≥ arrears_years; NO_DATA when none fires
 *     and some enterprise has no figure (or there is no enterprise);
 *   - LE_MORTGAGED_IDLE: only considered when an IDLE_* code fired; fires when any enterprise
 *     is mortgaged, NO_DATA when none is and some flag is unknown.
 *
 * Status: idle (any IDLE_*) → relocatable (REL_OUTSIDE, control lines given, no retain
 * exception) → low_efficiency (any LE_*) → efficient. REL_RETAIN_AB50 (REL_OUTSIDE fired, not
 * idle, owner class A or B, the owner's land — all its parcels, enterprises.land_mu, at least
 * this parcel — ≥ retain_ab_min_mu): status by the other tests, action transitional_retain,
 * reclaimable 0, uplift 0. No exception overrides idle: an idle parcel is reclaimed wherever
 * it lies (the exception is not_applicable there). Otherwise actions by §6: idle → reclaim and
 * relocatable → relocate (reclaimable = area_mu, uplift 0); low_efficiency → upgrade
 * (reclaimable = area_mu × max(0, 1 − far / far_target)); efficient → retain (0); uplift for
 * both = max(0, far_target × area_m2 − floor_area_m2). far_target = the industry floor (else
 * far_min), raised to rules.far_target when that is higher and the parcel was granted on or
 * after rules.far_target_from (null: every parcel; unknown grant date: not); when far is unknown
 * (no buildings layer) or there is no target, reclaimable and uplift are 0 for upgrade / retain.
 * Non-industrial parcels: status non_industrial, action none, reasons "", no_data NULL.
 * parcel_fields / enterprise_fields are not needed: missing inputs are read from the values
 * themselves (NAN, LS_NO_DATE, tri-state -1) and from has_buildings / has_enterprises.
 *
 * Check list (for `landscan explain`). ls__classify_parcel_checks (used by ls__classify) also
 * records in parcel.checks (format in model.h) one entry per test, evaluated or not, in this
 * order: INDUSTRIAL (landuse in the industrial codes: fired = industrial), then the fifteen
 * tests above in `reasons` order. Outcome: fired / not_fired / no_data exactly as the test
 * decided (no_data ⇔ NO_DATA_<code> in reasons); off when the rules switch the test off;
 * not_applicable when it cannot apply (non-industrial parcel, REL_OUTSIDE without control
 * lines, REL_RETAIN_AB50 without REL_OUTSIDE, LE_MORTGAGED_IDLE without an IDLE_* code).
 * Values and thresholds are text with units and 2 decimals, like `reasons`. Recording never
 * changes `reasons`, `no_data`, status or action. ls__classify keeps each list compacted
 * (rule_checks.c) so a large run does not hold every text once per parcel.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_batch.h"
#include "classify.h"
#include "classify_tests.h"
#include "far_floor.h"
#include "rule_checks.h"

/* ---- the tests ---------------------------------------------------------------------------- */

/* Inputs a test needs for the whole run: when one is not given (layer absent, field not
 * mapped), the test's NO_DATA is reported by one run-level data_quality row instead of a row
 * per parcel. */
enum {
    IN_ENTERPRISES = 1 << 0, /* the enterprises layer */
    IN_BUILDINGS = 1 << 1,   /* the buildings layer */
    IN_AGREED_START = 1 << 2,
    IN_UNSUPPLIED = 1 << 3,
    IN_HALT = 1 << 4, /* enterprises.status or halted_since */
    IN_TAX = 1 << 5,
    IN_VA = 1 << 6,
    IN_ENERGY = 1 << 7,
    IN_ARREARS = 1 << 8,
    IN_MORTGAGED = 1 << 9
};

/* One row per test, in evaluation order (codes.h): its code, the inputs whose absence from
 * the run is reported at run level (0: never run-level), and its function. */
static const struct test_def {
    ls__code_id code;
    unsigned needs;
    ls__ptest_fn run;
} tests[] = {
    {LS_CODE_IDLE_UNSTARTED, IN_AGREED_START, ls__ptest_idle_unstarted},
    {LS_CODE_IDLE_STALLED, IN_ENTERPRISES | IN_HALT, ls__ptest_idle_stalled},
    {LS_CODE_IDLE_HALTED, IN_ENTERPRISES | IN_HALT, ls__ptest_idle_halted},
    {LS_CODE_IDLE_VACANT, IN_ENTERPRISES | IN_BUILDINGS, ls__ptest_idle_vacant},
    {LS_CODE_IDLE_UNSUPPLIED, IN_UNSUPPLIED, ls__ptest_idle_unsupplied},
    {LS_CODE_REL_OUTSIDE, 0, ls__ptest_rel_outside},
    {LS_CODE_REL_RETAIN_AB50, 0, ls__ptest_rel_retain_ab50},
    {LS_CODE_REL_RETAIN_TRANSITION, 0, ls__ptest_rel_retain_transition},
    {LS_CODE_LE_TAX, IN_ENTERPRISES | IN_TAX, ls__ptest_le_tax},
    {LS_CODE_LE_VA, IN_ENTERPRISES | IN_VA, ls__ptest_le_va},
    {LS_CODE_LE_FAR, IN_BUILDINGS, ls__ptest_le_far},
    {LS_CODE_LE_COVERAGE, IN_BUILDINGS, ls__ptest_le_coverage},
    {LS_CODE_LE_CLASS, IN_ENTERPRISES, ls__ptest_le_class},
    {LS_CODE_LE_ENERGY, IN_ENTERPRISES | IN_ENERGY | IN_VA, ls__ptest_le_energy},
    {LS_CODE_LE_TAX_ARREARS, IN_ENTERPRISES | IN_ARREARS, ls__ptest_le_tax_arrears},
    {LS_CODE_LE_MORTGAGED_IDLE, IN_ENTERPRISES | IN_MORTGAGED, ls__ptest_le_mortgaged_idle},
};
#define NTESTS (sizeof(tests) / sizeof(tests[0]))

/* ---- one parcel ----------------------------------------------------------------------------- */

/* Status, action, reclaimable mu and uplift from the outcomes of the tests (§4, §6). */
static void decide(ls__ptests *t)
{
    ls__parcel *p = t->p;
    const ls_rules *rules = t->rules;
    if (t->any_idle)
        p->status = LS_STATUS_IDLE;
    else if (t->outside && !t->retain)
        p->status = LS_STATUS_RELOCATABLE;
    else if (t->any_low)
        p->status = LS_STATUS_LOW_EFFICIENCY;
    else
        p->status = LS_STATUS_EFFICIENT;

    /* far_target is a rule for new land (§6, seed 000 新建工业用地项目): parcels granted on or
     * after far_target_from; older ones, and ones whose grant date is unknown, keep their
     * industry floor */
    double target = isfinite(p->far_floor) ? p->far_floor : rules->far_min;
    int new_land = rules->far_target_from == LS_NO_DATE ||
                   (p->grant_date != LS_NO_DATE && p->grant_date >= rules->far_target_from);
    if (new_land && !isnan(rules->far_target) && (isnan(target) || rules->far_target > target))
        target = rules->far_target;
    int can_uplift = t->far_known && target > 0.0 && isfinite(p->area_m2);
    double uplift = can_uplift ? fmax(0.0, target * p->area_m2 - p->floor_area_m2) : 0.0;
    /* a building without floors: floor area unknown, so are the uplift and what upgrading
     * frees (NULL, domain.md §1) */
    int floor_unknown = t->has_buildings && isnan(p->floor_area_m2);
    if (floor_unknown)
        uplift = NAN;

    if (t->retain && !t->any_idle) { /* no exception overrides idle (§4, §6) */
        p->action = LS_ACTION_TRANSITIONAL_RETAIN;
    } else if (p->status == LS_STATUS_IDLE) {
        p->action = LS_ACTION_RECLAIM;
        p->reclaimable_mu = p->area_mu;
    } else if (p->status == LS_STATUS_RELOCATABLE) {
        p->action = LS_ACTION_RELOCATE;
        p->reclaimable_mu = p->area_mu;
    } else if (p->status == LS_STATUS_LOW_EFFICIENCY) {
        p->action = LS_ACTION_UPGRADE;
        p->reclaimable_mu = floor_unknown ? NAN
                            : can_uplift  ? p->area_mu * fmax(0.0, 1.0 - p->far / target)
                                          : 0.0;
        p->far_uplift_m2 = uplift;
    } else {
        p->action = LS_ACTION_RETAIN;
        p->far_uplift_m2 = uplift;
    }
}

/* texts set: the checks go to *lines in the stored form (rule_checks.c), its texts interned
 * there; else (record) to p->checks in model.h's form. */
static int classify_parcel(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                           const ls_rules *rules, int reference_days, int has_control,
                           int has_buildings, int has_enterprises, int record,
                           ls__check_texts *texts, ls__buf *lines)
{
    int error = LS_OK;
    char *text = NULL, *no_data = NULL, *checks = NULL;
    ls__ptests t = {0};
    t.p = p;
    t.ents = enterprises;
    t.n = enterprises ? p->nent : 0;
    t.rules = rules;
    t.reference_days = reference_days;
    t.has_control = has_control;
    t.has_buildings = has_buildings;
    t.has_enterprises = has_enterprises;
    t.cov_known = has_buildings && isfinite(p->coverage);
    t.far_known = has_buildings && isfinite(p->far);
    t.record = record || texts;
    t.texts = texts;
    if (texts) /* the caller's buffer, given back below */
        t.checks = *lines;

    p->industrial = ls_rules_is_industrial(rules, p->landuse) ? 1 : 0;
    p->reclaimable_mu = 0.0;
    p->far_uplift_m2 = 0.0;

    ls__ptest_industrial(&t);
    if (p->industrial) {
        for (size_t i = 0; i < NTESTS; i++)
            tests[i].run(&t);
        decide(&t);
    } else {
        for (size_t i = 0; i < NTESTS; i++)
            ls__ptests_check(&t, tests[i].code, "not_applicable", "", "", "",
                             "not industrial land");
        p->status = LS_STATUS_NON_INDUSTRIAL;
        p->action = LS_ACTION_NONE;
    }
    if (texts) {
        *lines = t.checks;
        t.checks = (ls__buf){0};
    }

    text = t.text.len ? ls__buf_take(&t.text) : ls__strdup("");
    if (t.no_data.failed || t.text.failed || !text)
        goto nomem;
    if (t.no_data.len && !(no_data = ls__buf_take(&t.no_data)))
        goto nomem;
    if (record && !texts) {
        if (!(checks = ls__buf_take(&t.checks)))
            goto nomem;
        free(p->checks);
        p->checks = checks;
        checks = NULL;
    }
    free(p->reasons);
    free(p->no_data);
    p->reasons = text;
    p->no_data = no_data;
    text = NULL;
    no_data = NULL;
    goto cleanup;

nomem:
    error = ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
cleanup:
    free(text);
    free(no_data);
    free(checks);
    ls__buf_free(&t.text);
    ls__buf_free(&t.no_data);
    ls__buf_free(&t.checks);
    return error;
}

int ls__classify_parcel(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                        const ls_rules *rules, int reference_days, int has_control,
                        int has_buildings, int has_enterprises, int parcel_fields,
                        int enterprise_fields)
{
    (void)parcel_fields;
    (void)enterprise_fields;
    return classify_parcel(ctx, p, enterprises, rules, reference_days, has_control, has_buildings,
                           has_enterprises, 0, NULL, NULL);
}

int ls__classify_parcel_checks(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                               const ls_rules *rules, int reference_days, int has_control,
                               int has_buildings, int has_enterprises)
{
    return classify_parcel(ctx, p, enterprises, rules, reference_days, has_control, has_buildings,
                           has_enterprises, 1, NULL, NULL);
}

/* ---- the run: FAR floors, data-quality rows ------------------------------------------------ */

/* The inputs (IN_*) the run has. */
static unsigned inputs_given(const ls__dataset *ds, int has_buildings, int has_enterprises)
{
    int pf = ds->parcel_fields, ef = ds->enterprise_fields;
    unsigned in = 0;
    in |= has_enterprises ? IN_ENTERPRISES : 0;
    in |= has_buildings ? IN_BUILDINGS : 0;
    in |= (pf & LS_PF_AGREED_START) ? IN_AGREED_START : 0;
    in |= (pf & LS_PF_UNSUPPLIED) ? IN_UNSUPPLIED : 0;
    in |= (ef & (LS_EF_STATUS | LS_EF_HALTED)) ? IN_HALT : 0;
    in |= (ef & LS_EF_TAX) ? IN_TAX : 0;
    in |= (ef & LS_EF_VA) ? IN_VA : 0;
    in |= (ef & LS_EF_ENERGY) ? IN_ENERGY : 0;
    in |= (ef & LS_EF_ARREARS) ? IN_ARREARS : 0;
    in |= (ef & LS_EF_MORTGAGED) ? IN_MORTGAGED : 0;
    return in;
}

/* One data_quality row listing the parcel's NO_DATA tests whose input was given but is
 * missing for this parcel; tests without input for the run (unmapped[i]) are only counted. */
static int record_no_data(ls_context *ctx, ls__dataset *ds, const ls__parcel *p,
                          const int *unmapped, size_t *unmapped_count)
{
    ls__buf b = {0};
    int listed = 0;
    const char *s = p->no_data;
    while (*s) {
        size_t len = strcspn(s, ";");
        int run_level = 0;
        for (size_t i = 0; i < NTESTS; i++) {
            const char *code = ls__code(tests[i].code)->code;
            if (unmapped[i] && strlen(code) == len && strncmp(code, s, len) == 0) {
                unmapped_count[i]++;
                run_level = 1;
            }
        }
        if (!run_level) {
            ls__buf_add(&b, listed ? ", " : "missing data for tests: ");
            ls__buf_addn(&b, s, len);
            listed = 1;
        }
        s += len;
        if (*s == ';')
            s++;
    }
    char *problem = ls__buf_take(&b);
    int error = LS_OK;
    if (!problem)
        error = ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
    else if (listed &&
             ls__dq_add(&ds->dq, "parcels", p->parcel_id, problem, "tests not evaluated") != LS_OK)
        error = ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
    free(problem);
    return error;
}

/* What every parcel's classification reads (ls__check_batch's argument). */
struct one_parcel {
    ls__dataset *ds;
    const ls_rules *rules;
    const ls__far_table *table;
    int reference_days, has_control, has_buildings, has_enterprises;
};

/* One parcel, on any thread: its FAR floor, the tests, its checks in the stored form. */
static int classify_one(void *arg, size_t i, ls__check_texts *texts, ls__buf *lines)
{
    const struct one_parcel *j = arg;
    ls__parcel *p = &j->ds->parcels[i];
    p->far_floor =
        j->table && p->industry_code && *p->industry_code
            ? ls__far_table_floor(j->table, j->rules->industry_code_standard, p->industry_code)
            : NAN;
    return classify_parcel(NULL, p, j->ds->enterprises, j->rules, j->reference_days, j->has_control,
                           j->has_buildings, j->has_enterprises, 1, texts, lines);
}

int ls__classify(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days,
                 int has_control)
{
    int error = LS_OK;
    ls__far_table *table = NULL;
    int has_buildings = ds->layers[LS_INPUT_BUILDINGS].present;
    int has_enterprises = ds->layers[LS_INPUT_ENTERPRISES].present;
    unsigned given = inputs_given(ds, has_buildings, has_enterprises);
    int unmapped[NTESTS];
    size_t unmapped_count[NTESTS] = {0};
    for (size_t i = 0; i < NTESTS; i++)
        unmapped[i] = (tests[i].needs & ~given) != 0;

    if (rules->far_table && *rules->far_table) {
        error = ls__far_table_load(ctx, ls_context_preset_dir(ctx), rules->far_table, &table);
        if (error)
            goto cleanup;
    }
    struct one_parcel job = {ds,          rules,         table,          reference_days,
                             has_control, has_buildings, has_enterprises};
    for (size_t i = 0; i < ds->nparcels; i++) { /* the new lists replace any earlier ones */
        free(ds->parcels[i].checks);
        ds->parcels[i].checks = NULL;
    }
    if ((error = ls__check_batch(ctx, ds, ds->jobs, "classify", classify_one, &job)) != LS_OK)
        goto cleanup;
    /* data_quality rows in parcel order, on this thread */
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        if (p->no_data && *p->no_data &&
            (error = record_no_data(ctx, ds, p, unmapped, unmapped_count)) != LS_OK)
            goto cleanup;
    }
    for (size_t i = 0; i < NTESTS; i++) {
        if (!unmapped[i] || !unmapped_count[i])
            continue;
        const ls__code_info *c = ls__code(tests[i].code);
        char *msg = ls__sprintf("input for %s not given (%s): test not evaluated on %zu "
                                "industrial parcels",
                                c->code, c->needs, unmapped_count[i]);
        if (!msg ||
            ls__dq_add(&ds->dq, "parcels", "(all)", msg, "NO_DATA_<code> in reasons") != LS_OK) {
            free(msg);
            error = ls__error_set(ctx, LS_ENOMEM, "classify: out of memory");
            goto cleanup;
        }
        free(msg);
    }

cleanup:
    ls__far_table_free(table);
    return error;
}
