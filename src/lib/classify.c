/*
 * classify.c — which parcels are industrial (domain.md §2), their status and reason codes
 * (§4), action, reclaimable mu and FAR uplift (§6).
 *
 * Every test is evaluated on every industrial parcel, in this fixed order, and every code
 * that fires is appended to `reasons` (";"-separated), numbers printed with 2 decimals
 * ("%.2f"; the comparison itself uses the unrounded values):
 *   IDLE_UNSTARTED(years since agreed start>=unstarted_years)  e.g. IDLE_UNSTARTED(1.50>=1.00)
 *   IDLE_STALLED(coverage<stalled_share×coverage_min,shortest halt years>=stalled_years)
 *     e.g. IDLE_STALLED(0.08<0.10,1.37>=1.00)
 *   IDLE_HALTED(shortest halt of the parcel's firms, years>=halted_years)
 *     e.g. IDLE_HALTED(3.10>=2.00)
 *   IDLE_VACANT, IDLE_UNSUPPLIED, LE_MORTGAGED_IDLE (no numbers)
 *   REL_OUTSIDE(control_share<inside_share_min)                 e.g. REL_OUTSIDE(0.20<0.50)
 *   REL_RETAIN_AB50(owner class,area_mu>=retain_ab_min_mu)   e.g. REL_RETAIN_AB50(A,62.00>=50.00)
 *   LE_TAX(tax_per_mu<tax_per_mu_min)                           e.g. LE_TAX(3.20<5.00)
 *   LE_VA(value_added_per_mu<va_per_mu_min)                     e.g. LE_VA(120.00<150.00)
 *   LE_FAR(far<industry floor, else far_min)                    e.g. LE_FAR(0.62<0.80)
 *   LE_COVERAGE(coverage<coverage_min)                          e.g. LE_COVERAGE(0.12<0.30)
 *   LE_CLASS(owner class)                                       e.g. LE_CLASS(D)
 *   LE_ENERGY(energy_per_va>energy_per_va_max)                  e.g. LE_ENERGY(0.80>0.52)
 *   LE_TAX_ARREARS(largest arrears, years>=arrears_years)       e.g. LE_TAX_ARREARS(3.00>=2.00)
 * A test that could not be evaluated appears as NO_DATA_<code> (no numbers) in its place.
 * Comparisons are exactly as in domain.md: '<' / '>' do not fire at equality, '>=' does.
 * Years are ls__date_years(): (date difference in days) / 365.2425.
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
 * exception) → low_efficiency (any LE_*) → efficient. REL_RETAIN_AB50 (REL_OUTSIDE fired, owner
 * class A or B, area_mu ≥ retain_ab_min_mu): status by the other tests, action
 * transitional_retain, reclaimable 0, uplift 0. Otherwise actions by §6: idle → reclaim and
 * relocatable → relocate (reclaimable = area_mu, uplift 0); low_efficiency → upgrade
 * (reclaimable = area_mu × max(0, 1 − far / far_target)); efficient → retain (0); uplift for
 * both = max(0, far_target × area_m2 − floor_area_m2). far_target = the industry floor (else
 * far_min), raised to rules.far_target when that is higher; when far is unknown (no buildings
 * layer) or there is no target, reclaimable and uplift are 0 for upgrade / retain.
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
 * changes `reasons`, `no_data`, status or action.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "evaluate.h"
#include "far_floor.h"

/* Three-valued logic: 1 true, 0 false, -1 unknown. */
static int and3(int a, int b)
{
    if (a == 0 || b == 0)
        return 0;
    if (a < 0 || b < 0)
        return -1;
    return 1;
}

typedef struct reasons {
    ls__buf text;
    ls__buf no_data;
    ls__buf checks; /* the check list (model.h), when record */
    int record;
} reasons;

static void add_code(reasons *r, const char *fmt, ...) LS__PRINTF(2, 3);
static void add_code(reasons *r, const char *fmt, ...)
{
    char tmp[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (r->text.len)
        ls__buf_add(&r->text, ";");
    ls__buf_add(&r->text, tmp);
}

static void add_no_data(reasons *r, const char *code)
{
    if (r->text.len)
        ls__buf_add(&r->text, ";");
    ls__buf_addf(&r->text, "NO_DATA_%s", code);
    if (r->no_data.len)
        ls__buf_add(&r->no_data, ";");
    ls__buf_add(&r->no_data, code);
}

/* Halt state of an enterprise: 1 halted with *years set, 2 halted since an unknown date,
 * 0 not halted, -1 unknown. */
static int halt_state(const ls__enterprise *e, int reference_days, double *years)
{
    int halted;
    if (e->status && strcmp(e->status, "halted") == 0)
        halted = 1;
    else if (e->status && *e->status)
        return 0; /* producing, partial */
    else if (e->halted_since != LS_NO_DATE)
        halted = 1;
    else
        return -1;
    if (!halted)
        return 0;
    if (e->halted_since == LS_NO_DATE || reference_days == LS_NO_DATE)
        return 2;
    *years = ls__date_years(e->halted_since, reference_days);
    return 1;
}

/* Every enterprise on the parcel halted ≥ min_years (three-valued); *shortest = the shortest
 * halt when true. The parcel must have at least one enterprise. */
static int all_halted(const ls__parcel *p, const ls__enterprise *ents, int reference_days,
                      double min_years, double *shortest)
{
    int unknown = 0;
    *shortest = INFINITY;
    for (size_t k = 0; k < p->nent; k++) {
        double y = NAN;
        int st = halt_state(&ents[p->ents[k]], reference_days, &y);
        if (st == 0 || (st == 1 && !(y >= min_years)))
            return 0;
        if (st != 1)
            unknown = 1;
        else
            *shortest = fmin(*shortest, y);
    }
    return unknown ? -1 : 1;
}

/* Owner class: 1 known (p->eval_class), 0 exempt (no class by design), -1 missing data. */
static int owner_class_state(const ls__parcel *p, const ls__enterprise *ents)
{
    if (p->eval_class && *p->eval_class)
        return 1;
    long o = ents ? ls__evaluate_owner(p, ents) : -1;
    if (o < 0)
        return -1;
    const char *note = ents[o].eval_note;
    if (note && (strcmp(note, "EVAL_NEW") == 0 || strcmp(note, "EVAL_OUT_OF_SCOPE") == 0))
        return 0;
    return -1;
}

static int in_list(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (list[i] && s && strcmp(list[i], s) == 0)
            return 1;
    }
    return 0;
}

/* ---- the check list (model.h, ls__parcel.checks) ---- */

/* Append one field, replacing tabs and newlines (user text such as a landuse code). */
static void add_field(ls__buf *b, const char *s)
{
    for (const char *c = s ? s : ""; *c;) {
        size_t span = strcspn(c, "\t\n\r");
        ls__buf_addn(b, c, span);
        c += span;
        if (*c) {
            ls__buf_addn(b, " ", 1);
            c++;
        }
    }
}

/* Record one evaluated test (no-op when checks are not recorded). */
static void add_check(reasons *r, const char *code, const char *outcome, const char *value,
                      const char *comparison, const char *threshold, const char *note)
{
    if (!r->record)
        return;
    const char *fields[6] = {code, value, comparison, threshold, outcome, note};
    for (int i = 0; i < 6; i++) {
        if (i)
            ls__buf_add(&r->checks, "\t");
        add_field(&r->checks, fields[i]);
    }
    ls__buf_add(&r->checks, "\n");
}

/* snprintf appending at the end of out. */
static void cat(char *out, size_t len, const char *fmt, ...) LS__PRINTF(3, 4);
static void cat(char *out, size_t len, const char *fmt, ...)
{
    size_t used = strlen(out);
    if (used + 1 >= len)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out + used, len - used, fmt, ap);
    va_end(ap);
}

static const char *outcome3(int t)
{
    return t == 1 ? "fired" : t == 0 ? "not_fired" : "no_data";
}

static const char *yes_no(int v)
{
    return v == 1 ? "yes" : v == 0 ? "no" : "unknown";
}

/* "1 firm: 1 halted 3.10 y" style summary of the halt states of the parcel's firms. */
static void halt_summary(const ls__parcel *p, const ls__enterprise *ents, size_t n,
                         int has_enterprises, int reference_days, char *out, size_t len)
{
    out[0] = '\0';
    if (!has_enterprises) {
        cat(out, len, "no enterprises layer");
        return;
    }
    if (n == 0) {
        cat(out, len, "no enterprise on the parcel");
        return;
    }
    int dated = 0, undated = 0, running = 0, unknown = 0;
    double shortest = INFINITY, longest = -INFINITY;
    for (size_t k = 0; k < n; k++) {
        double y = NAN;
        int st = halt_state(&ents[p->ents[k]], reference_days, &y);
        if (st == 1) {
            dated++;
            shortest = fmin(shortest, y);
            longest = fmax(longest, y);
        } else if (st == 2) {
            undated++;
        } else if (st == 0) {
            running++;
        } else {
            unknown++;
        }
    }
    cat(out, len, "%zu firm(s):", n);
    if (dated == 1)
        cat(out, len, " 1 halted %.2f y", shortest);
    else if (dated > 1)
        cat(out, len, " %d halted %.2f-%.2f y", dated, shortest, longest);
    if (undated)
        cat(out, len, "%s %d halted since an unknown date", dated ? "," : "", undated);
    if (running)
        cat(out, len, "%s %d not halted", dated || undated ? "," : "", running);
    if (unknown)
        cat(out, len, "%s %d with no status", dated || undated || running ? "," : "", unknown);
}

/* Why the owner has no class: "EVAL_NEW" / "EVAL_OUT_OF_SCOPE" or "". */
static const char *owner_note(const ls__parcel *p, const ls__enterprise *ents)
{
    long o = ents ? ls__evaluate_owner(p, ents) : -1;
    return o >= 0 && ents[o].eval_note ? ents[o].eval_note : "";
}

static void owner_class_text(const ls__parcel *p, const ls__enterprise *ents, int cls, char *out,
                             size_t len)
{
    out[0] = '\0';
    if (cls == 1)
        cat(out, len, "owner class %s", p->eval_class);
    else if (cls == 0)
        cat(out, len, "owner exempt (%s)", owner_note(p, ents));
    else if (p->nent == 0 || !ents)
        cat(out, len, "no enterprise on the parcel");
    else
        cat(out, len, "no owner class");
}

static void join_list(char **list, size_t n, char *out, size_t len)
{
    for (size_t i = 0; i < n; i++)
        cat(out, len, "%s%s", i ? "," : "", list[i] ? list[i] : "");
}

static void date_text(int days, char *out, size_t len)
{
    int y, m, d;
    ls__date_to_ymd(days, &y, &m, &d);
    snprintf(out, len, "%04d-%02d-%02d", y, m, d);
}

/* The codes in evaluation order, after INDUSTRIAL (for non-industrial parcels). */
static const char *const check_codes[] = {
    "IDLE_UNSTARTED", "IDLE_STALLED",    "IDLE_HALTED", "IDLE_VACANT",    "IDLE_UNSUPPLIED",
    "REL_OUTSIDE",    "REL_RETAIN_AB50", "LE_TAX",      "LE_VA",          "LE_FAR",
    "LE_COVERAGE",    "LE_CLASS",        "LE_ENERGY",   "LE_TAX_ARREARS", "LE_MORTGAGED_IDLE"};

static int classify_parcel(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                           const ls_rules *rules, int reference_days, int has_control,
                           int has_buildings, int has_enterprises, int record)
{
    int error = LS_OK;
    reasons r = {{NULL, 0, 0, 0}, {NULL, 0, 0, 0}, {NULL, 0, 0, 0}, record};
    char *text = NULL, *no_data = NULL, *checks = NULL;
    char value[256], thr[512], note[256];

    p->industrial = ls_rules_is_industrial(rules, p->landuse) ? 1 : 0;
    p->reclaimable_mu = 0.0;
    p->far_uplift_m2 = 0.0;

    /* INDUSTRIAL (§2) */
    value[0] = thr[0] = '\0';
    snprintf(value, sizeof(value), "landuse %s", p->landuse && *p->landuse ? p->landuse : "(none)");
    join_list(rules->industrial_codes, rules->nindustrial_codes, thr, sizeof(thr));
    if (rules->warehouse_is_industrial && rules->nwarehouse_codes) {
        cat(thr, sizeof(thr), "; warehouse ");
        join_list(rules->warehouse_codes, rules->nwarehouse_codes, thr, sizeof(thr));
    }
    add_check(&r, "INDUSTRIAL", p->industrial ? "fired" : "not_fired", value, "in", thr,
              p->industrial ? "industrial land: every test applies"
                            : "not industrial land: no test applies");

    if (!p->industrial) {
        for (size_t i = 0; i < sizeof(check_codes) / sizeof(check_codes[0]); i++)
            add_check(&r, check_codes[i], "not_applicable", "", "", "", "not industrial land");
        text = ls__strdup("");
        if (!text)
            goto nomem;
        p->status = LS_STATUS_NON_INDUSTRIAL;
        p->action = LS_ACTION_NONE;
        goto done;
    }

    const ls__enterprise *ents = enterprises;
    size_t n = ents ? p->nent : 0;
    int cov_known = has_buildings && isfinite(p->coverage);
    int far_known = has_buildings && isfinite(p->far);
    double scm = rules->started_coverage_min;
    int any_idle = 0, outside = 0, retain = 0, any_low = 0;

    /* IDLE_UNSTARTED */
    if (!isnan(rules->unstarted_years)) {
        int granted = p->approved_unsupplied == 1 ? 0 : 1;
        int not_started;
        if (p->started == 0 || (!isnan(scm) && cov_known && p->coverage < scm))
            not_started = 1;
        else if (p->started == 1 || (!isnan(scm) && cov_known && p->coverage >= scm))
            not_started = 0;
        else
            not_started = -1;
        int late = -1;
        double y = NAN;
        if (p->agreed_start_date != LS_NO_DATE && reference_days != LS_NO_DATE) {
            y = ls__date_years(p->agreed_start_date, reference_days);
            late = y >= rules->unstarted_years;
        }
        int t = and3(granted, and3(not_started, late));
        if (t == 1) {
            add_code(&r, "IDLE_UNSTARTED(%.2f>=%.2f)", y, rules->unstarted_years);
            any_idle = 1;
        } else if (t < 0) {
            add_no_data(&r, "IDLE_UNSTARTED");
        }
        if (r.record) {
            char date[16];
            value[0] = note[0] = '\0';
            if (late >= 0) {
                date_text(p->agreed_start_date, date, sizeof(date));
                cat(value, sizeof(value), "%.2f y since agreed start %s", y, date);
            } else {
                cat(value, sizeof(value), "%s",
                    p->agreed_start_date == LS_NO_DATE ? "no agreed start date"
                                                       : "no reference date");
            }
            snprintf(thr, sizeof(thr), "%.2f y", rules->unstarted_years);
            cat(note, sizeof(note), "%s; ",
                granted ? "granted" : "not granted (approved_unsupplied=yes)");
            if (p->started == 0)
                cat(note, sizeof(note), "not started (started=no)");
            else if (not_started == 1)
                cat(note, sizeof(note), "not started (coverage %.2f<%.2f)", p->coverage, scm);
            else if (p->started == 1)
                cat(note, sizeof(note), "started (started=yes)");
            else if (not_started == 0)
                cat(note, sizeof(note), "started (coverage %.2f>=%.2f)", p->coverage, scm);
            else
                cat(note, sizeof(note), "start unknown (no started flag, no coverage)");
            add_check(&r, "IDLE_UNSTARTED", outcome3(t), value, ">=", thr, note);
        }
    } else {
        add_check(&r, "IDLE_UNSTARTED", "off", "", ">=", "null", "unstarted_years is null");
    }

    /* IDLE_STALLED */
    if (!isnan(rules->stalled_years) && !isnan(rules->stalled_share) &&
        !isnan(rules->coverage_min)) {
        double limit = rules->stalled_share * rules->coverage_min;
        int started;
        if (p->started == 1)
            started = 1;
        else if (p->started == 0)
            started = 0;
        else if (!isnan(scm) && cov_known)
            started = p->coverage >= scm;
        else
            started = -1;
        int low = cov_known ? p->coverage < limit : -1;
        double shortest = NAN;
        int halted = !has_enterprises ? -1
                     : n == 0
                         ? 0
                         : all_halted(p, ents, reference_days, rules->stalled_years, &shortest);
        int t = and3(started, and3(low, halted));
        if (t == 1) {
            add_code(&r, "IDLE_STALLED(%.2f<%.2f,%.2f>=%.2f)", p->coverage, limit, shortest,
                     rules->stalled_years);
            any_idle = 1;
        } else if (t < 0) {
            add_no_data(&r, "IDLE_STALLED");
        }
        if (r.record) {
            char halts[160];
            halt_summary(p, ents, n, has_enterprises, reference_days, halts, sizeof(halts));
            value[0] = '\0';
            if (cov_known)
                cat(value, sizeof(value), "coverage %.2f; %s", p->coverage, halts);
            else
                cat(value, sizeof(value), "coverage unknown (%s); %s",
                    has_buildings ? "not measured" : "no buildings layer", halts);
            snprintf(thr, sizeof(thr), "%.2f (%.2f x coverage_min %.2f); every firm halted %.2f y",
                     limit, rules->stalled_share, rules->coverage_min, rules->stalled_years);
            snprintf(note, sizeof(note), "started: %s; coverage low: %s; all firms halted: %s",
                     yes_no(started), yes_no(low), yes_no(halted));
            add_check(&r, "IDLE_STALLED", outcome3(t), value, "<; >=", thr, note);
        }
    } else {
        add_check(&r, "IDLE_STALLED", "off", "", "<; >=", "null",
                  "stalled_years, stalled_share or coverage_min is null");
    }

    /* IDLE_HALTED */
    if (!isnan(rules->halted_years)) {
        double shortest = NAN;
        int t = !has_enterprises ? -1
                : n == 0         ? 0
                         : all_halted(p, ents, reference_days, rules->halted_years, &shortest);
        if (t == 1) {
            add_code(&r, "IDLE_HALTED(%.2f>=%.2f)", shortest, rules->halted_years);
            any_idle = 1;
        } else if (t < 0) {
            add_no_data(&r, "IDLE_HALTED");
        }
        if (r.record) {
            halt_summary(p, ents, n, has_enterprises, reference_days, value, sizeof(value));
            snprintf(thr, sizeof(thr), "%.2f y", rules->halted_years);
            add_check(&r, "IDLE_HALTED", outcome3(t), value, ">=", thr,
                      n == 0 && has_enterprises ? "no firm to be halted (see IDLE_VACANT)"
                                                : "every firm on the parcel halted that long");
        }
    } else {
        add_check(&r, "IDLE_HALTED", "off", "", ">=", "null", "halted_years is null");
    }

    /* IDLE_VACANT */
    if (rules->idle_vacant) {
        int no_ent = has_enterprises ? n == 0 : -1;
        int no_bld = has_buildings ? (p->building_count == 0 && !(p->footprint_m2 > 0.0)) : -1;
        int t = and3(no_ent, no_bld);
        if (t == 1) {
            add_code(&r, "IDLE_VACANT");
            any_idle = 1;
        } else if (t < 0) {
            add_no_data(&r, "IDLE_VACANT");
        }
        if (r.record) {
            value[0] = '\0';
            if (has_enterprises)
                cat(value, sizeof(value), "%zu firm(s)", n);
            else
                cat(value, sizeof(value), "firms unknown (no enterprises layer)");
            if (has_buildings)
                cat(value, sizeof(value), ", %d building(s), footprint %.2f m²", p->building_count,
                    p->footprint_m2);
            else
                cat(value, sizeof(value), ", buildings unknown (no buildings layer)");
            add_check(&r, "IDLE_VACANT", outcome3(t), value, "=", "0 firms and 0 buildings",
                      "no enterprise and no building on the parcel");
        }
    } else {
        add_check(&r, "IDLE_VACANT", "off", "", "=", "off", "idle_vacant is false");
    }

    /* IDLE_UNSUPPLIED */
    if (rules->idle_unsupplied) {
        if (p->approved_unsupplied == 1) {
            add_code(&r, "IDLE_UNSUPPLIED");
            any_idle = 1;
        } else if (p->approved_unsupplied != 0) {
            add_no_data(&r, "IDLE_UNSUPPLIED");
        }
        snprintf(value, sizeof(value), "approved_unsupplied=%s", yes_no(p->approved_unsupplied));
        add_check(&r, "IDLE_UNSUPPLIED",
                  outcome3(p->approved_unsupplied == 1   ? 1
                           : p->approved_unsupplied == 0 ? 0
                                                         : -1),
                  value, "=", "yes", "approved but not supplied (批而未供)");
    } else {
        add_check(&r, "IDLE_UNSUPPLIED", "off", "", "=", "off", "idle_unsupplied is false");
    }

    /* REL_OUTSIDE and its REL_RETAIN_AB50 exception */
    if (!has_control) {
        add_check(&r, "REL_OUTSIDE", "not_applicable", "", "<", "", "no control lines given");
    } else if (isnan(rules->inside_share_min)) {
        add_check(&r, "REL_OUTSIDE", "off", "", "<", "null", "inside_share_min is null");
    } else {
        int t = 0;
        if (isnan(p->control_share)) {
            add_no_data(&r, "REL_OUTSIDE");
            t = -1;
        } else if (p->control_share < rules->inside_share_min) {
            add_code(&r, "REL_OUTSIDE(%.2f<%.2f)", p->control_share, rules->inside_share_min);
            outside = 1;
            t = 1;
        }
        if (t < 0)
            snprintf(value, sizeof(value), "control_share unknown");
        else
            snprintf(value, sizeof(value), "control_share %.2f (%.2f of %.2f m² inside)",
                     p->control_share, p->inside_control_m2, p->area_m2);
        snprintf(thr, sizeof(thr), "%.2f", rules->inside_share_min);
        add_check(&r, "REL_OUTSIDE", outcome3(t), value, "<", thr,
                  "share of the parcel inside the industrial control lines");
    }
    if (isnan(rules->retain_ab_min_mu)) {
        add_check(&r, "REL_RETAIN_AB50", "off", "", "in {A,B}; >=", "null",
                  "retain_ab_min_mu is null");
    } else {
        int t = 0;
        int cls = outside ? owner_class_state(p, ents) : -1;
        if (outside && p->area_mu >= rules->retain_ab_min_mu) {
            if (cls == 1 && (strcmp(p->eval_class, "A") == 0 || strcmp(p->eval_class, "B") == 0)) {
                add_code(&r, "REL_RETAIN_AB50(%s,%.2f>=%.2f)", p->eval_class, p->area_mu,
                         rules->retain_ab_min_mu);
                retain = 1;
                t = 1;
            } else if (cls < 0) {
                add_no_data(&r, "REL_RETAIN_AB50");
                t = -1;
            }
        }
        if (r.record) {
            snprintf(thr, sizeof(thr), "%.2f mu", rules->retain_ab_min_mu);
            if (!outside) {
                add_check(&r, "REL_RETAIN_AB50", "not_applicable", "", "in {A,B}; >=", thr,
                          "only when REL_OUTSIDE fired");
            } else {
                char cls_text[96];
                owner_class_text(p, ents, cls, cls_text, sizeof(cls_text));
                snprintf(value, sizeof(value), "%s; area %.2f mu", cls_text, p->area_mu);
                add_check(&r, "REL_RETAIN_AB50", outcome3(t), value, "in {A,B}; >=", thr,
                          p->area_mu < rules->retain_ab_min_mu
                              ? "area below the minimum"
                              : "class A/B firm on a large parcel outside the lines stays");
            }
        }
    }

    /* LE_TAX, LE_VA */
    if (!isnan(rules->tax_per_mu_min)) {
        int t = 0;
        if (isnan(p->tax_per_mu)) {
            add_no_data(&r, "LE_TAX");
            t = -1;
        } else if (p->tax_per_mu < rules->tax_per_mu_min) {
            add_code(&r, "LE_TAX(%.2f<%.2f)", p->tax_per_mu, rules->tax_per_mu_min);
            any_low = 1;
            t = 1;
        }
        if (t < 0)
            snprintf(value, sizeof(value), "no tax data");
        else
            snprintf(value, sizeof(value), "%.2f 万元/亩", p->tax_per_mu);
        snprintf(thr, sizeof(thr), "%.2f 万元/亩", rules->tax_per_mu_min);
        add_check(&r, "LE_TAX", outcome3(t), value, "<", thr, "tax per mu (亩均税收)");
    } else {
        add_check(&r, "LE_TAX", "off", "", "<", "null", "tax_per_mu_min is null");
    }
    if (!isnan(rules->va_per_mu_min)) {
        int t = 0;
        if (isnan(p->value_added_per_mu)) {
            add_no_data(&r, "LE_VA");
            t = -1;
        } else if (p->value_added_per_mu < rules->va_per_mu_min) {
            add_code(&r, "LE_VA(%.2f<%.2f)", p->value_added_per_mu, rules->va_per_mu_min);
            any_low = 1;
            t = 1;
        }
        if (t < 0)
            snprintf(value, sizeof(value), "no value-added data");
        else
            snprintf(value, sizeof(value), "%.2f 万元/亩", p->value_added_per_mu);
        snprintf(thr, sizeof(thr), "%.2f 万元/亩", rules->va_per_mu_min);
        add_check(&r, "LE_VA", outcome3(t), value, "<", thr, "value added per mu (亩均增加值)");
    } else {
        add_check(&r, "LE_VA", "off", "", "<", "null", "va_per_mu_min is null");
    }

    /* LE_FAR: the industry floor, else far_min */
    double far_limit = isfinite(p->far_floor) ? p->far_floor : rules->far_min;
    if (!isnan(far_limit)) {
        int t = 0;
        if (!far_known) {
            add_no_data(&r, "LE_FAR");
            t = -1;
        } else if (p->far < far_limit) {
            add_code(&r, "LE_FAR(%.2f<%.2f)", p->far, far_limit);
            any_low = 1;
            t = 1;
        }
        if (t < 0)
            snprintf(value, sizeof(value), "far unknown (%s)",
                     has_buildings ? "not measured" : "no buildings layer");
        else
            snprintf(value, sizeof(value), "far %.2f (%.2f m² floor area / %.2f m²)", p->far,
                     p->floor_area_m2, p->area_m2);
        if (isfinite(p->far_floor))
            snprintf(thr, sizeof(thr), "%.2f (industry floor, code %s)", far_limit,
                     p->industry_code ? p->industry_code : "");
        else
            snprintf(thr, sizeof(thr), "%.2f (far_min)", far_limit);
        add_check(&r, "LE_FAR", outcome3(t), value, "<", thr, "floor-area ratio (容积率)");
    } else {
        add_check(&r, "LE_FAR", "off", "", "<", "null", "no industry floor and far_min is null");
    }

    /* LE_COVERAGE */
    if (!isnan(rules->coverage_min)) {
        int t = 0;
        if (!cov_known) {
            add_no_data(&r, "LE_COVERAGE");
            t = -1;
        } else if (p->coverage < rules->coverage_min) {
            add_code(&r, "LE_COVERAGE(%.2f<%.2f)", p->coverage, rules->coverage_min);
            any_low = 1;
            t = 1;
        }
        if (t < 0)
            snprintf(value, sizeof(value), "coverage unknown (%s)",
                     has_buildings ? "not measured" : "no buildings layer");
        else
            snprintf(value, sizeof(value), "coverage %.2f (%.2f m² footprint / %.2f m²)",
                     p->coverage, p->footprint_m2, p->area_m2);
        snprintf(thr, sizeof(thr), "%.2f", rules->coverage_min);
        add_check(&r, "LE_COVERAGE", outcome3(t), value, "<", thr, "building coverage (建筑系数)");
    } else {
        add_check(&r, "LE_COVERAGE", "off", "", "<", "null", "coverage_min is null");
    }

    /* LE_CLASS */
    if (rules->nlow_classes > 0) {
        int t = 0;
        int cls = owner_class_state(p, ents);
        if (cls == 1 && in_list(rules->low_classes, rules->nlow_classes, p->eval_class)) {
            add_code(&r, "LE_CLASS(%s)", p->eval_class);
            any_low = 1;
            t = 1;
        } else if (cls < 0) {
            add_no_data(&r, "LE_CLASS");
            t = -1;
        }
        if (r.record) {
            owner_class_text(p, ents, cls, value, sizeof(value));
            thr[0] = '\0';
            cat(thr, sizeof(thr), "{");
            join_list(rules->low_classes, rules->nlow_classes, thr, sizeof(thr));
            cat(thr, sizeof(thr), "}");
            add_check(&r, "LE_CLASS", outcome3(t), value, "in", thr,
                      cls == 0 ? "owner exempt from the evaluation: not missing data"
                               : "per-mu evaluation class of the owner (亩均效益评价)");
        }
    } else {
        add_check(&r, "LE_CLASS", "off", "", "in", "{}", "low_classes is empty");
    }

    /* LE_ENERGY */
    if (!isnan(rules->energy_per_va_max)) {
        int t = 0;
        if (isnan(p->energy_per_va)) {
            add_no_data(&r, "LE_ENERGY");
            t = -1;
        } else if (p->energy_per_va > rules->energy_per_va_max) {
            add_code(&r, "LE_ENERGY(%.2f>%.2f)", p->energy_per_va, rules->energy_per_va_max);
            any_low = 1;
            t = 1;
        }
        if (t < 0)
            snprintf(value, sizeof(value), "no energy or value-added data");
        else
            snprintf(value, sizeof(value), "%.2f tce/万元", p->energy_per_va);
        snprintf(thr, sizeof(thr), "%.2f tce/万元", rules->energy_per_va_max);
        add_check(&r, "LE_ENERGY", outcome3(t), value, ">", thr,
                  "energy per value added (单位增加值能耗)");
    } else {
        add_check(&r, "LE_ENERGY", "off", "", ">", "null", "energy_per_va_max is null");
    }

    /* LE_TAX_ARREARS */
    if (!isnan(rules->arrears_years)) {
        double worst = -INFINITY;
        int missing = n == 0, nmissing = 0;
        for (size_t k = 0; k < n; k++) {
            double a = ents[p->ents[k]].land_tax_arrears_years;
            if (isnan(a)) {
                missing = 1;
                nmissing++;
            } else {
                worst = fmax(worst, a);
            }
        }
        int t = 0;
        if (worst >= rules->arrears_years) {
            add_code(&r, "LE_TAX_ARREARS(%.2f>=%.2f)", worst, rules->arrears_years);
            any_low = 1;
            t = 1;
        } else if (missing) {
            add_no_data(&r, "LE_TAX_ARREARS");
            t = -1;
        }
        if (r.record) {
            value[0] = note[0] = '\0';
            if (n == 0)
                cat(value, sizeof(value), "no enterprise on the parcel");
            else if (isfinite(worst))
                cat(value, sizeof(value), "largest arrears %.2f y", worst);
            else
                cat(value, sizeof(value), "no arrears figure");
            if (nmissing)
                cat(note, sizeof(note), "%d of %zu firm(s) without an arrears figure; ", nmissing,
                    n);
            cat(note, sizeof(note), "land-tax arrears (欠缴城镇土地使用税)");
            snprintf(thr, sizeof(thr), "%.2f y", rules->arrears_years);
            add_check(&r, "LE_TAX_ARREARS", outcome3(t), value, ">=", thr, note);
        }
    } else {
        add_check(&r, "LE_TAX_ARREARS", "off", "", ">=", "null", "arrears_years is null");
    }

    /* LE_MORTGAGED_IDLE */
    if (!rules->mortgaged_idle) {
        add_check(&r, "LE_MORTGAGED_IDLE", "off", "", "=", "off", "mortgaged_idle is false");
    } else if (!any_idle) {
        add_check(&r, "LE_MORTGAGED_IDLE", "not_applicable", "", "=",
                  "mortgaged, with an IDLE_* code", "only when an IDLE_* code fired");
    } else {
        int mortgaged = 0, unknown = n == 0, nm = 0, nu = 0;
        for (size_t k = 0; k < n; k++) {
            int m = ents[p->ents[k]].mortgaged;
            if (m == 1) {
                mortgaged = 1;
                nm++;
            } else if (m != 0) {
                unknown = 1;
                nu++;
            }
        }
        int t = 0;
        if (mortgaged) {
            add_code(&r, "LE_MORTGAGED_IDLE");
            any_low = 1;
            t = 1;
        } else if (unknown) {
            add_no_data(&r, "LE_MORTGAGED_IDLE");
            t = -1;
        }
        if (n == 0)
            snprintf(value, sizeof(value), "no enterprise on the parcel");
        else
            snprintf(value, sizeof(value), "%d of %zu firm(s) mortgaged, %d unknown", nm, n, nu);
        add_check(&r, "LE_MORTGAGED_IDLE", outcome3(t), value, "=",
                  "mortgaged, with an IDLE_* code", "idle land under a mortgage (闲置抵押土地)");
    }

    /* Status, action, reclaimable and uplift */
    if (any_idle)
        p->status = LS_STATUS_IDLE;
    else if (outside && !retain)
        p->status = LS_STATUS_RELOCATABLE;
    else if (any_low)
        p->status = LS_STATUS_LOW_EFFICIENCY;
    else
        p->status = LS_STATUS_EFFICIENT;

    double target = isfinite(p->far_floor) ? p->far_floor : rules->far_min;
    if (!isnan(rules->far_target) && (isnan(target) || rules->far_target > target))
        target = rules->far_target;
    int can_uplift = far_known && target > 0.0 && isfinite(p->area_m2);
    double uplift = can_uplift ? fmax(0.0, target * p->area_m2 - p->floor_area_m2) : 0.0;

    if (retain) {
        p->action = LS_ACTION_TRANSITIONAL_RETAIN;
    } else if (p->status == LS_STATUS_IDLE) {
        p->action = LS_ACTION_RECLAIM;
        p->reclaimable_mu = p->area_mu;
    } else if (p->status == LS_STATUS_RELOCATABLE) {
        p->action = LS_ACTION_RELOCATE;
        p->reclaimable_mu = p->area_mu;
    } else if (p->status == LS_STATUS_LOW_EFFICIENCY) {
        p->action = LS_ACTION_UPGRADE;
        p->reclaimable_mu = can_uplift ? p->area_mu * fmax(0.0, 1.0 - p->far / target) : 0.0;
        p->far_uplift_m2 = uplift;
    } else {
        p->action = LS_ACTION_RETAIN;
        p->far_uplift_m2 = uplift;
    }

    text = ls__buf_take(&r.text);
    if (!text)
        text = ls__strdup("");
    if (r.no_data.failed || r.text.failed || !text)
        goto nomem;
    if (r.no_data.len) {
        no_data = ls__buf_take(&r.no_data);
        if (!no_data)
            goto nomem;
    }

done:
    if (r.record) {
        checks = ls__buf_take(&r.checks);
        if (!checks)
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
    ls__buf_free(&r.text);
    ls__buf_free(&r.no_data);
    ls__buf_free(&r.checks);
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
                           has_enterprises, 0);
}

int ls__classify_parcel_checks(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                               const ls_rules *rules, int reference_days, int has_control,
                               int has_buildings, int has_enterprises)
{
    return classify_parcel(ctx, p, enterprises, rules, reference_days, has_control, has_buildings,
                           has_enterprises, 1);
}

/* Tests whose input is absent for the whole run (layer not given, field not mapped):
 * their NO_DATA codes stay in each parcel's reasons, but data_quality gets one run-level
 * row per test instead of one row per parcel. */
#define NTESTS 13
static const struct {
    const char *code;
    const char *needs;
} tests[NTESTS] = {
    {"IDLE_UNSTARTED", "parcels.agreed_start_date"},
    {"IDLE_UNSUPPLIED", "parcels.approved_unsupplied"},
    {"IDLE_HALTED", "enterprises.status / halted_since"},
    {"IDLE_STALLED", "enterprises.status / halted_since"},
    {"IDLE_VACANT", "enterprises and buildings layers"},
    {"LE_TAX", "enterprises.tax_10k"},
    {"LE_VA", "enterprises.value_added_10k"},
    {"LE_FAR", "buildings layer"},
    {"LE_COVERAGE", "buildings layer"},
    {"LE_CLASS", "enterprises layer"},
    {"LE_ENERGY", "enterprises.energy_tce and value_added_10k"},
    {"LE_TAX_ARREARS", "enterprises.land_tax_arrears_years"},
    {"LE_MORTGAGED_IDLE", "enterprises.mortgaged"},
};

static void unmapped_tests(const ls__dataset *ds, int has_buildings, int has_enterprises, int *out)
{
    int pf = ds->parcel_fields, ef = ds->enterprise_fields;
    int halted = has_enterprises && (ef & (LS_EF_STATUS | LS_EF_HALTED));
    out[0] = !(pf & LS_PF_AGREED_START);
    out[1] = !(pf & LS_PF_UNSUPPLIED);
    out[2] = out[3] = !halted;
    out[4] = !has_enterprises || !has_buildings;
    out[5] = !has_enterprises || !(ef & LS_EF_TAX);
    out[6] = !has_enterprises || !(ef & LS_EF_VA);
    out[7] = out[8] = !has_buildings;
    out[9] = !has_enterprises;
    out[10] = !has_enterprises || !(ef & LS_EF_ENERGY) || !(ef & LS_EF_VA);
    out[11] = !has_enterprises || !(ef & LS_EF_ARREARS);
    out[12] = !has_enterprises || !(ef & LS_EF_MORTGAGED);
}

/* One data_quality row listing the parcel's NO_DATA tests whose input was given but is
 * missing for this parcel; tests without input for the run are only counted. */
static int record_no_data(ls_context *ctx, ls__dataset *ds, const ls__parcel *p,
                          const int *unmapped, size_t *unmapped_count)
{
    ls__buf b = {0};
    int listed = 0;
    const char *s = p->no_data;
    while (*s) {
        size_t len = strcspn(s, ";");
        int run_level = 0;
        for (int t = 0; t < NTESTS; t++)
            if (strlen(tests[t].code) == len && strncmp(tests[t].code, s, len) == 0 &&
                unmapped[t]) {
                unmapped_count[t]++;
                run_level = 1;
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

int ls__classify(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days,
                 int has_control)
{
    int error = LS_OK;
    ls__far_table *table = NULL;
    int has_buildings = ds->layers[LS_INPUT_BUILDINGS].present;
    int has_enterprises = ds->layers[LS_INPUT_ENTERPRISES].present;
    int unmapped[NTESTS];
    size_t unmapped_count[NTESTS] = {0};
    unmapped_tests(ds, has_buildings, has_enterprises, unmapped);

    if (rules->far_table && *rules->far_table) {
        error = ls__far_table_load(ctx, ls_context_preset_dir(ctx), rules->far_table, &table);
        if (error)
            goto cleanup;
    }
    for (size_t i = 0; i < ds->nparcels; i++) {
        ls__parcel *p = &ds->parcels[i];
        if (ls_context_interrupted(ctx)) {
            error = ls__error_set(ctx, LS_EINTERRUPTED, "classify: interrupted");
            goto cleanup;
        }
        p->far_floor =
            table && p->industry_code && *p->industry_code
                ? ls__far_table_floor(table, rules->industry_code_standard, p->industry_code)
                : NAN;
        error = ls__classify_parcel_checks(ctx, p, ds->enterprises, rules, reference_days,
                                           has_control, has_buildings, has_enterprises);
        if (error)
            goto cleanup;
        if (p->no_data && *p->no_data &&
            (error = record_no_data(ctx, ds, p, unmapped, unmapped_count)) != LS_OK)
            goto cleanup;
        if ((i & 255) == 0)
            ls__progress(ctx, "classify", (double)i / (double)ds->nparcels);
    }
    ls__progress(ctx, "classify", 1.0);
    for (int t = 0; t < NTESTS; t++) {
        if (!unmapped[t] || !unmapped_count[t])
            continue;
        char *msg = ls__sprintf("input for %s not given (%s): test not evaluated on %zu "
                                "industrial parcels",
                                tests[t].code, tests[t].needs, unmapped_count[t]);
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
