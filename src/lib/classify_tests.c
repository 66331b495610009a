/*
 * classify_tests.c — the tests of classify.c, one function per reason code (domain.md §2,
 * §4): what each reads, when it fires, when it lacks data, and what it records for
 * `landscan explain`.
 *
 * The formats of `reasons`, the three-valued logic for missing inputs and the check-list
 * outcomes are described in classify.c; this file implements them test by test. Numbers are
 * printed with 2 decimals ("%.2f"), the comparison uses the unrounded values, and the
 * operator printed is the code's operator in codes.c. A test that cannot be evaluated adds
 * NO_DATA_<code> in its place and <code> to `no_data`.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_tests.h"
#include "evaluate.h"
#include "evidence_text.h"
#include "rule_checks.h"

/* ---- helpers ----------------------------------------------------------------------------- */

/* Three-valued logic: 1 true, 0 false, -1 unknown. */
static int and3(int a, int b)
{
    if (a == 0 || b == 0)
        return 0;
    if (a < 0 || b < 0)
        return -1;
    return 1;
}

static const char *op_of(ls__code_id id)
{
    return ls__code(id)->op;
}

/* The test fired: "CODE" followed by the formatted numbers (fmt NULL: none) in reasons, and
 * the status flag of the code's kind. */
static void fired(ls__ptests *t, ls__code_id id, const char *fmt, ...) LS__PRINTF(3, 4);
static void fired(ls__ptests *t, ls__code_id id, const char *fmt, ...)
{
    const ls__code_info *c = ls__code(id);
    char tmp[160] = "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        ls__text_vcat(tmp, sizeof(tmp), fmt, ap);
        va_end(ap);
    }
    if (t->text.len)
        ls__buf_add(&t->text, ";");
    ls__buf_add(&t->text, c->code);
    ls__buf_add(&t->text, tmp);
    switch (c->kind) {
    case LS_KIND_IDLE:
        t->any_idle = 1;
        break;
    case LS_KIND_REL:
        t->outside = 1;
        break;
    case LS_KIND_RETAIN:
        t->retain = 1;
        break;
    case LS_KIND_LE:
        t->any_low = 1;
        break;
    default:
        break;
    }
}

/* "CODE(value<op>limit)" */
static void fired_cmp(ls__ptests *t, ls__code_id id, double value, double limit)
{
    fired(t, id, "(%.2f%s%.2f)", value, op_of(id), limit);
}

/* Calendar years as printed: cut (not rounded) to 2 decimals, so "2.00" shows from the 2nd
 * anniversary on and the day before reads 1.99. */
static double shown_years(double y)
{
    return floor(y * 100.0 + 1e-9) / 100.0;
}

/* "CODE(years>=limit)" for a duration test */
static void fired_years(ls__ptests *t, ls__code_id id, double years, double limit)
{
    fired_cmp(t, id, shown_years(years), limit);
}

static void no_data(ls__ptests *t, ls__code_id id)
{
    const char *code = ls__code(id)->code;
    if (t->text.len)
        ls__buf_add(&t->text, ";");
    ls__buf_add(&t->text, "NO_DATA_");
    ls__buf_add(&t->text, code);
    if (t->no_data.len)
        ls__buf_add(&t->no_data, ";");
    ls__buf_add(&t->no_data, code);
}

/* value <op> limit, op one of < <= > >= (the operators of codes.c). */
static int holds(const char *op, double value, double limit)
{
    if (op[0] == '<' && op[1] == '\0')
        return value < limit;
    if (op[0] == '<' && op[1] == '=' && op[2] == '\0')
        return value <= limit;
    if (op[0] == '>' && op[1] == '\0')
        return value > limit;
    if (op[0] == '>' && op[1] == '=' && op[2] == '\0')
        return value >= limit;
    return 0;
}

/* A test on one number: NO_DATA when it is not known, else fires when value <op> limit with
 * the code's operator. Returns the outcome (1 fired, 0 not, -1 no data). */
static int compare(ls__ptests *t, ls__code_id id, int known, double value, double limit)
{
    if (!known) {
        no_data(t, id);
        return -1;
    }
    if (!holds(op_of(id), value, limit))
        return 0;
    fired_cmp(t, id, value, limit);
    return 1;
}

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

/* add_field into out[0..len): the length written, len when it does not fit. */
static size_t sanitized(char *out, size_t len, const char *s)
{
    size_t n = 0;
    for (const char *c = s ? s : ""; *c;) {
        size_t span = strcspn(c, "\t\n\r");
        if (n + span + 1 > len)
            return len;
        memcpy(out + n, c, span);
        n += span;
        c += span;
        if (*c) {
            out[n++] = ' ';
            c++;
        }
    }
    return n;
}

void ls__ptests_check(ls__ptests *t, ls__code_id code, const char *outcome, const char *value,
                      const char *comparison, const char *threshold, const char *note)
{
    if (!t->record)
        return;
    if (t->texts) { /* the stored form: code, outcome, text id, value */
        char small[2048];
        ls__buf key = {0};
        const char *parts[3] = {comparison ? comparison : op_of(code), threshold, note};
        size_t n = 0;
        for (int i = 0; i < 3 && n < sizeof(small); i++) {
            if (i)
                small[n++] = '\t';
            n += sanitized(small + n, sizeof(small) - n, parts[i]);
        }
        if (n >= sizeof(small)) { /* a long text: the general way */
            for (int i = 0; i < 3; i++) {
                if (i)
                    ls__buf_addn(&key, "\t", 1);
                add_field(&key, parts[i]);
            }
        }
        size_t id = key.failed ? 0
                    : key.data ? ls__check_texts_intern(t->texts, key.data, key.len)
                               : ls__check_texts_intern(t->texts, small, n);
        ls__buf_free(&key);
        if (!id) {
            t->checks.failed = 1;
            return;
        }
        char num[24];
        size_t k = sizeof(num);
        num[--k] = '\t';
        do {
            num[--k] = (char)('0' + id % 10);
            id /= 10;
        } while (id);
        num[--k] = '\t';
        ls__buf_add(&t->checks, ls__code(code)->code);
        ls__buf_addn(&t->checks, "\t", 1);
        ls__buf_add(&t->checks, outcome);
        ls__buf_addn(&t->checks, num + k, sizeof(num) - k);
        add_field(&t->checks, value);
        ls__buf_addn(&t->checks, "\n", 1);
        return;
    }
    const char *fields[6] = {ls__code(code)->code,
                             value,
                             comparison ? comparison : op_of(code),
                             threshold,
                             outcome,
                             note};
    for (int i = 0; i < 6; i++) {
        if (i)
            ls__buf_add(&t->checks, "\t");
        add_field(&t->checks, fields[i]);
    }
    ls__buf_add(&t->checks, "\n");
}

#define cat ls__text_cat
#define put ls__text_put

static void check(ls__ptests *t, ls__code_id code, const char *outcome, const char *value,
                  const char *threshold, const char *note)
{
    ls__ptests_check(t, code, outcome, value, NULL, threshold, note);
}

static void off(ls__ptests *t, ls__code_id code, const char *threshold, const char *why)
{
    check(t, code, "off", "", threshold, why);
}

static const char *outcome3(int v)
{
    return v == 1 ? "fired" : v == 0 ? "not_fired" : "no_data";
}

static const char *yes_no(int v)
{
    return v == 1 ? "yes" : v == 0 ? "no" : "unknown";
}

static void join_list(char **list, size_t n, char *out, size_t len)
{
    for (size_t i = 0; i < n; i++)
        cat(out, len, "%s%s", i ? "," : "", list[i] ? list[i] : "");
}

static int in_list(char **list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (list[i] && s && strcmp(list[i], s) == 0)
            return 1;
    }
    return 0;
}

static const char *date_text(int days, char *out, size_t len)
{
    int y, m, d;
    ls__date_to_ymd(days, &y, &m, &d);
    put(out, len, "%04d-%02d-%02d", y, m, d);
    return out;
}

/* The threshold of a duration test: "2.00 y" and, when the start is known, the day the
 * duration is reached: "2.00 y (from 2026-06-30)". */
static void years_threshold(char *out, size_t len, double years, int since)
{
    char date[16];
    if (since == LS_NO_DATE)
        put(out, len, "%.2f y", years);
    else
        put(out, len, "%.2f y (from %s)", years,
            date_text(ls__date_after_years(since, years), date, sizeof(date)));
}

/* ---- enterprises: halts and the owner's class ---------------------------------------------- */

/* The facts of the k-th enterprise on the parcel as they hold there (measure.c sets
 * p->facts from the records that name the parcel, domain.md §1; a parcel built without them —
 * unit tests — sees the enterprise's own). */
static ls__ent_facts facts_at(const ls__ptests *t, size_t k)
{
    if (t->p->facts)
        return t->p->facts[k];
    const ls__enterprise *e = &t->ents[t->p->ents[k]];
    return (ls__ent_facts){e->status, e->halted_since, e->land_tax_arrears_years,
                           e->land_tax_arrears_since, e->mortgaged};
}

/* Halt state of an enterprise on one parcel: 1 halted with *years set, 2 halted since an
 * unknown date, 0 not halted, -1 unknown. */
static int halt_state(ls__ent_facts f, int reference_days, double *years)
{
    const ls__ent_facts *e = &f;
    int said_halted = e->status && strcmp(e->status, "halted") == 0;
    if (!said_halted && e->status && *e->status)
        return 0; /* producing, partial */
    if (!said_halted && e->halted_since == LS_NO_DATE)
        return -1; /* neither a status nor a date */
    if (e->halted_since == LS_NO_DATE || reference_days == LS_NO_DATE)
        return 2;
    *years = ls__date_years(e->halted_since, reference_days);
    return 1;
}

/* Every enterprise on the parcel halted ≥ min_years (three-valued); *shortest = the shortest
 * halt when true. The parcel must have at least one enterprise. */
static int all_halted(const ls__ptests *t, double min_years, double *shortest)
{
    int unknown = 0;
    *shortest = INFINITY;
    for (size_t k = 0; k < t->n; k++) {
        double y = NAN;
        int st = halt_state(facts_at(t, k), t->reference_days, &y);
        if (st == 0 || (st == 1 && !(y >= min_years)))
            return 0;
        if (st != 1)
            unknown = 1;
        else
            *shortest = fmin(*shortest, y);
    }
    return unknown ? -1 : 1;
}

/* The latest halt start among the parcel's dated halted firms (the one that reaches a
 * duration last), LS_NO_DATE when none. */
static int latest_halt(const ls__ptests *t)
{
    int latest = LS_NO_DATE;
    for (size_t k = 0; k < t->n; k++) {
        const ls__ent_facts e = facts_at(t, k);
        double y = NAN;
        if (halt_state(e, t->reference_days, &y) == 1 &&
            (latest == LS_NO_DATE || e.halted_since > latest))
            latest = e.halted_since;
    }
    return latest;
}

/* IDLE_HALTED / IDLE_STALLED's condition on the firms (three-valued): unknown without an
 * enterprises layer, false with no firm on the parcel (IDLE_VACANT's business). */
static int firms_halted(const ls__ptests *t, double min_years, double *shortest)
{
    if (!t->has_enterprises)
        return -1;
    if (t->n == 0)
        return 0;
    return all_halted(t, min_years, shortest);
}

/* "1 firm(s): 1 halted 3.10 y" style summary of the halt states of the parcel's firms. */
static void halt_summary(const ls__ptests *t, char *out, size_t len)
{
    out[0] = '\0';
    if (!t->has_enterprises) {
        cat(out, len, "no enterprises layer");
        return;
    }
    if (t->n == 0) {
        cat(out, len, "no enterprise on the parcel");
        return;
    }
    int dated = 0, undated = 0, running = 0, unknown = 0;
    double shortest = INFINITY, longest = -INFINITY;
    for (size_t k = 0; k < t->n; k++) {
        double y = NAN;
        int st = halt_state(facts_at(t, k), t->reference_days, &y);
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
    char date[16];
    cat(out, len, "%zu firm(s):", t->n);
    if (dated == 1)
        cat(out, len, " 1 halted %.2f y since %s", shown_years(shortest),
            date_text(latest_halt(t), date, sizeof(date)));
    else if (dated > 1)
        cat(out, len, " %d halted %.2f-%.2f y, the latest since %s", dated, shown_years(shortest),
            shown_years(longest), date_text(latest_halt(t), date, sizeof(date)));
    if (undated)
        cat(out, len, "%s %d halted since an unknown date", dated ? "," : "", undated);
    if (running)
        cat(out, len, "%s %d not halted", dated || undated ? "," : "", running);
    if (unknown)
        cat(out, len, "%s %d with no status", dated || undated || running ? "," : "", unknown);
}

/* Owner class: 1 known (p->eval_class), 0 exempt (no class by design), -1 missing data. */
static int owner_class_state(const ls__ptests *t)
{
    if (t->p->eval_class && *t->p->eval_class)
        return 1;
    long o = t->ents ? ls__evaluate_owner(t->p, t->ents) : -1;
    if (o < 0)
        return -1;
    const char *note = t->ents[o].eval_note;
    if (note && (strcmp(note, "EVAL_NEW") == 0 || strcmp(note, "EVAL_OUT_OF_SCOPE") == 0))
        return 0;
    return -1;
}

static void owner_class_text(const ls__ptests *t, int cls, char *out, size_t len)
{
    out[0] = '\0';
    if (cls == 1) {
        cat(out, len, "owner class %s", t->p->eval_class);
    } else if (cls == 0) {
        long o = t->ents ? ls__evaluate_owner(t->p, t->ents) : -1;
        cat(out, len, "owner exempt (%s)",
            o >= 0 && t->ents[o].eval_note ? t->ents[o].eval_note : "");
    } else if (t->p->nent == 0 || !t->ents) {
        cat(out, len, "no enterprise on the parcel");
    } else {
        cat(out, len, "no owner class");
    }
}

/* ---- INDUSTRIAL (§2) ------------------------------------------------------------------------ */

void ls__ptest_industrial(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__parcel *p = t->p;
    t->value[0] = t->thr[0] = '\0';
    put(t->value, sizeof(t->value), "landuse %s",
        p->landuse && *p->landuse ? p->landuse : "(none)");
    join_list(rules->industrial_codes, rules->nindustrial_codes, t->thr, sizeof(t->thr));
    if (rules->warehouse_is_industrial && rules->nwarehouse_codes) {
        cat(t->thr, sizeof(t->thr), "; warehouse ");
        join_list(rules->warehouse_codes, rules->nwarehouse_codes, t->thr, sizeof(t->thr));
    }
    check(t, LS_CODE_INDUSTRIAL, p->industrial ? "fired" : "not_fired", t->value, t->thr,
          p->industrial ? "industrial land: every test applies"
                        : "not industrial land: no test applies");
}

/* ---- idle (闲置) ----------------------------------------------------------------------------- */

void ls__ptest_idle_unstarted(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_IDLE_UNSTARTED;
    if (isnan(rules->unstarted_years)) {
        off(t, id, "null", "unstarted_years is null");
        return;
    }
    double scm = rules->started_coverage_min;
    int granted = p->approved_unsupplied == 1 ? 0 : 1;
    int not_started;
    if (p->started == 0 || (!isnan(scm) && t->cov_known && p->coverage < scm))
        not_started = 1;
    else if (p->started == 1 || (!isnan(scm) && t->cov_known && p->coverage >= scm))
        not_started = 0;
    else
        not_started = -1;
    int late = -1;
    double y = NAN;
    if (p->agreed_start_date != LS_NO_DATE && t->reference_days != LS_NO_DATE) {
        y = ls__date_years(p->agreed_start_date, t->reference_days);
        late = y >= rules->unstarted_years;
    }
    int v = and3(granted, and3(not_started, late));
    if (v == 1)
        fired_years(t, id, y, rules->unstarted_years);
    else if (v < 0)
        no_data(t, id);
    if (!t->record)
        return;
    char date[16];
    char *value = t->value, *note = t->note;
    value[0] = note[0] = '\0';
    if (late >= 0) {
        date_text(p->agreed_start_date, date, sizeof(date));
        cat(value, sizeof(t->value), "%.2f y since agreed start %s", shown_years(y), date);
    } else {
        cat(value, sizeof(t->value), "%s",
            p->agreed_start_date == LS_NO_DATE ? "no agreed start date" : "no reference date");
    }
    years_threshold(t->thr, sizeof(t->thr), rules->unstarted_years, p->agreed_start_date);
    cat(note, sizeof(t->note), "%s; ",
        granted ? "granted" : "not granted (approved_unsupplied=yes)");
    if (p->started == 0)
        cat(note, sizeof(t->note), "not started (started=no)");
    else if (not_started == 1)
        cat(note, sizeof(t->note), "not started (coverage %.2f<%.2f)", p->coverage, scm);
    else if (p->started == 1)
        cat(note, sizeof(t->note), "started (started=yes)");
    else if (not_started == 0)
        cat(note, sizeof(t->note), "started (coverage %.2f>=%.2f)", p->coverage, scm);
    else
        cat(note, sizeof(t->note), "start unknown (no started flag, no coverage)");
    check(t, id, outcome3(v), value, t->thr, note);
}

void ls__ptest_idle_stalled(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_IDLE_STALLED;
    if (isnan(rules->stalled_years) || isnan(rules->stalled_share) || isnan(rules->coverage_min)) {
        off(t, id, "null", "stalled_years, stalled_share or coverage_min is null");
        return;
    }
    double scm = rules->started_coverage_min;
    double limit = rules->stalled_share * rules->coverage_min;
    int started;
    if (p->started == 1)
        started = 1;
    else if (p->started == 0)
        started = 0;
    else if (!isnan(scm) && t->cov_known)
        started = p->coverage >= scm;
    else
        started = -1;
    int low = t->cov_known ? p->coverage < limit : -1;
    double shortest = NAN;
    int halted = firms_halted(t, rules->stalled_years, &shortest);
    int v = and3(started, and3(low, halted));
    if (v == 1)
        fired(t, id, "(%.2f<%.2f,%.2f>=%.2f)", p->coverage, limit, shown_years(shortest),
              rules->stalled_years);
    else if (v < 0)
        no_data(t, id);
    if (!t->record)
        return;
    char halts[160];
    halt_summary(t, halts, sizeof(halts));
    t->value[0] = '\0';
    if (t->cov_known)
        cat(t->value, sizeof(t->value), "coverage %.2f; %s", p->coverage, halts);
    else
        cat(t->value, sizeof(t->value), "coverage unknown (%s); %s",
            t->has_buildings ? "not measured" : "no buildings layer", halts);
    char halt_thr[64];
    years_threshold(halt_thr, sizeof(halt_thr), rules->stalled_years, latest_halt(t));
    put(t->thr, sizeof(t->thr), "%.2f (%.2f x coverage_min %.2f); every firm halted %s", limit,
        rules->stalled_share, rules->coverage_min, halt_thr);
    put(t->note, sizeof(t->note), "started: %s; coverage low: %s; all firms halted: %s",
        yes_no(started), yes_no(low), yes_no(halted));
    check(t, id, outcome3(v), t->value, t->thr, t->note);
}

void ls__ptest_idle_halted(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__code_id id = LS_CODE_IDLE_HALTED;
    if (isnan(rules->halted_years)) {
        off(t, id, "null", "halted_years is null");
        return;
    }
    double shortest = NAN;
    int v = firms_halted(t, rules->halted_years, &shortest);
    if (v == 1)
        fired_years(t, id, shortest, rules->halted_years);
    else if (v < 0)
        no_data(t, id);
    if (!t->record)
        return;
    halt_summary(t, t->value, sizeof(t->value));
    years_threshold(t->thr, sizeof(t->thr), rules->halted_years, latest_halt(t));
    check(t, id, outcome3(v), t->value, t->thr,
          t->n == 0 && t->has_enterprises ? "no firm to be halted (see IDLE_VACANT)"
                                          : "every firm on the parcel halted that long");
}

void ls__ptest_idle_vacant(ls__ptests *t)
{
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_IDLE_VACANT;
    if (!t->rules->idle_vacant) {
        off(t, id, "off", "idle_vacant is false");
        return;
    }
    int no_ent = t->has_enterprises ? t->n == 0 : -1;
    int no_bld = t->has_buildings ? (p->building_count == 0 && !(p->footprint_m2 > 0.0)) : -1;
    int v = and3(no_ent, no_bld);
    if (v == 1)
        fired(t, id, NULL);
    else if (v < 0)
        no_data(t, id);
    if (!t->record)
        return;
    t->value[0] = '\0';
    if (t->has_enterprises)
        cat(t->value, sizeof(t->value), "%zu firm(s)", t->n);
    else
        cat(t->value, sizeof(t->value), "firms unknown (no enterprises layer)");
    if (t->has_buildings)
        cat(t->value, sizeof(t->value), ", %d building(s), footprint %.2f m²", p->building_count,
            p->footprint_m2);
    else
        cat(t->value, sizeof(t->value), ", buildings unknown (no buildings layer)");
    check(t, id, outcome3(v), t->value, "0 firms and 0 buildings",
          "no enterprise and no building on the parcel");
}

void ls__ptest_idle_unsupplied(ls__ptests *t)
{
    const ls__code_id id = LS_CODE_IDLE_UNSUPPLIED;
    if (!t->rules->idle_unsupplied) {
        off(t, id, "off", "idle_unsupplied is false");
        return;
    }
    int u = t->p->approved_unsupplied;
    int v = u == 1 ? 1 : u == 0 ? 0 : -1;
    if (v == 1)
        fired(t, id, NULL);
    else if (v < 0)
        no_data(t, id);
    put(t->value, sizeof(t->value), "approved_unsupplied=%s", yes_no(u));
    check(t, id, outcome3(v), t->value, "yes", "approved but not supplied (批而未供)");
}

/* ---- relocatable (可腾退) and its exception ------------------------------------------------ */

void ls__ptest_rel_outside(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_REL_OUTSIDE;
    if (!t->has_control) {
        check(t, id, "not_applicable", "", "", "no control lines given");
        return;
    }
    if (isnan(rules->inside_share_min)) {
        off(t, id, "null", "inside_share_min is null");
        return;
    }
    int v = compare(t, id, !isnan(p->control_share), p->control_share, rules->inside_share_min);
    if (v < 0)
        put(t->value, sizeof(t->value), "control_share unknown");
    else
        put(t->value, sizeof(t->value), "control_share %.2f (%.2f of %.2f m² inside)",
            p->control_share, p->inside_control_m2, p->area_m2);
    put(t->thr, sizeof(t->thr), "%.2f", rules->inside_share_min);
    check(t, id, outcome3(v), t->value, t->thr,
          "share of the parcel inside the industrial control lines");
}

void ls__ptest_rel_retain_ab50(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_REL_RETAIN_AB50;
    if (isnan(rules->retain_ab_min_mu)) {
        off(t, id, "null", "retain_ab_min_mu is null");
        return;
    }
    put(t->thr, sizeof(t->thr), "%.2f mu", rules->retain_ab_min_mu);
    if (!t->outside) {
        check(t, id, "not_applicable", "", t->thr, "only when REL_OUTSIDE fired");
        return;
    }
    if (t->any_idle) { /* §4, §6: an idle parcel is reclaimed wherever it lies */
        check(t, id, "not_applicable", "", t->thr, "idle land: no exception overrides idle");
        return;
    }
    /* the enterprise's land: all its parcels (enterprises.land_mu), at least this one */
    long o = t->ents ? ls__evaluate_owner(p, t->ents) : -1;
    double land = o >= 0 && !isnan(t->ents[o].land_mu) ? t->ents[o].land_mu : p->area_mu;
    int v = 0;
    int cls = owner_class_state(t);
    if (land >= rules->retain_ab_min_mu) {
        if (cls == 1 && (strcmp(p->eval_class, "A") == 0 || strcmp(p->eval_class, "B") == 0)) {
            fired(t, id, "(%s,%.2f>=%.2f)", p->eval_class, land, rules->retain_ab_min_mu);
            v = 1;
        } else if (cls < 0) {
            no_data(t, id);
            v = -1;
        }
    }
    if (!t->record)
        return;
    char cls_text[96];
    owner_class_text(t, cls, cls_text, sizeof(cls_text));
    put(t->value, sizeof(t->value), "%s; the owner's land %.2f mu (this parcel %.2f mu)", cls_text,
        land, p->area_mu);
    check(t, id, outcome3(v), t->value, t->thr,
          land < rules->retain_ab_min_mu
              ? "the owner's land below the minimum"
              : "class A/B firm with large land: its parcel outside the lines stays");
}

/* REL_RETAIN_TRANSITION (domain.md §4, seed 000
 * "对规划用途已调整但5年内暂不实施的区域…可允许亩均效益 综合评价B档以上的企业实施技改"): a parcel
 * outside the lines (REL_OUTSIDE fired) that lies mostly in a transition zone (transition_share >=
 * inside_share_min) and whose owner's class is one of transition_retain_classes is retained; other
 * parcels there stay relocatable. */
void ls__ptest_rel_retain_transition(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_REL_RETAIN_TRANSITION;
    if (rules->ntransition_retain_classes == 0) {
        off(t, id, "null", "transition_retain_classes is null");
        return;
    }
    char classes[64] = "";
    for (size_t i = 0; i < rules->ntransition_retain_classes; i++)
        cat(classes, sizeof(classes), "%s%s", i ? "," : "", rules->transition_retain_classes[i]);
    put(t->thr, sizeof(t->thr), "transition_share >= %.2f; class in {%s}", rules->inside_share_min,
        classes);
    if (!t->outside) {
        if (t->record)
            check(t, id, "not_applicable", "", t->thr, "only when REL_OUTSIDE fired");
        return;
    }
    int in_zone = !isnan(rules->inside_share_min) && p->transition_share >= rules->inside_share_min;
    int v = 0, cls = in_zone ? owner_class_state(t) : -1;
    if (in_zone) {
        int listed = 0;
        for (size_t i = 0; cls == 1 && i < rules->ntransition_retain_classes; i++)
            listed |= strcmp(p->eval_class, rules->transition_retain_classes[i]) == 0;
        if (listed) {
            fired(t, id, "(%s,%.2f>=%.2f)", p->eval_class, p->transition_share,
                  rules->inside_share_min);
            v = 1;
        } else if (cls < 0) {
            no_data(t, id);
            v = -1;
        }
    }
    if (!t->record)
        return;
    char cls_text[96] = "";
    if (in_zone)
        owner_class_text(t, cls, cls_text, sizeof(cls_text));
    put(t->value, sizeof(t->value), "transition_share %.2f (%.2f m² in transition zones)%s%s",
        p->transition_share, p->transition_m2, in_zone ? "; " : "", cls_text);
    check(t, id, outcome3(v), t->value, t->thr,
          in_zone ? "class A/B firm in a transition zone (过渡控制区) may stay"
                  : "not mostly in a transition zone");
}

/* ---- low efficiency (低效) ------------------------------------------------------------------- */

/* A per-mu figure against its minimum: LE_TAX, LE_VA. */
static void per_mu_min(ls__ptests *t, ls__code_id id, double value, double min, const char *key,
                       const char *missing, const char *note)
{
    if (isnan(min)) {
        char why[64];
        put(why, sizeof(why), "%s is null", key);
        off(t, id, "null", why);
        return;
    }
    int v = compare(t, id, !isnan(value), value, min);
    if (v < 0)
        put(t->value, sizeof(t->value), "%s", missing);
    else
        put(t->value, sizeof(t->value), "%.2f 万元/亩", value);
    put(t->thr, sizeof(t->thr), "%.2f 万元/亩", min);
    check(t, id, outcome3(v), t->value, t->thr, note);
}

void ls__ptest_le_tax(ls__ptests *t)
{
    per_mu_min(t, LS_CODE_LE_TAX, t->p->tax_per_mu, t->rules->tax_per_mu_min, "tax_per_mu_min",
               "no tax data", "tax per mu (亩均税收)");
}

void ls__ptest_le_va(ls__ptests *t)
{
    per_mu_min(t, LS_CODE_LE_VA, t->p->value_added_per_mu, t->rules->va_per_mu_min, "va_per_mu_min",
               "no value-added data", "value added per mu (亩均增加值)");
}

void ls__ptest_le_far(ls__ptests *t)
{
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_LE_FAR;
    double far_limit = isfinite(p->far_floor) ? p->far_floor : t->rules->far_min;
    if (isnan(far_limit)) {
        off(t, id, "null", "no industry floor and far_min is null");
        return;
    }
    /* unknown floor area (a building without floors): the lower bound, each such building
     * counted as one storey, may already meet the floor (domain.md §1) */
    int lower_meets = !t->far_known && t->has_buildings && isnan(p->floor_area_m2) &&
                      isfinite(p->far_lower) && p->far_lower >= far_limit;
    int v = lower_meets ? 0 : compare(t, id, t->far_known, p->far, far_limit);
    if (lower_meets)
        put(t->value, sizeof(t->value),
            "far unknown; lower bound %.2f (buildings without floors as one storey)", p->far_lower);
    else if (v < 0 && t->has_buildings && isnan(p->floor_area_m2))
        put(t->value, sizeof(t->value), "far unknown (a building without floors); lower bound %.2f",
            p->far_lower);
    else if (v < 0)
        put(t->value, sizeof(t->value), "far unknown (%s)",
            t->has_buildings ? "not measured" : "no buildings layer");
    else
        put(t->value, sizeof(t->value), "far %.2f (%.2f m² floor area / %.2f m²)", p->far,
            p->floor_area_m2, p->area_m2);
    if (isfinite(p->far_floor))
        put(t->thr, sizeof(t->thr), "%.2f (industry floor, code %s)", far_limit,
            p->industry_code ? p->industry_code : "");
    else
        put(t->thr, sizeof(t->thr), "%.2f (far_min)", far_limit);
    check(t, id, outcome3(v), t->value, t->thr, "floor-area ratio (容积率)");
}

void ls__ptest_le_coverage(ls__ptests *t)
{
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_LE_COVERAGE;
    double min = t->rules->coverage_min;
    if (isnan(min)) {
        off(t, id, "null", "coverage_min is null");
        return;
    }
    int v = compare(t, id, t->cov_known, p->coverage, min);
    if (v < 0)
        put(t->value, sizeof(t->value), "coverage unknown (%s)",
            t->has_buildings ? "not measured" : "no buildings layer");
    else
        put(t->value, sizeof(t->value), "coverage %.2f (%.2f m² footprint / %.2f m²)", p->coverage,
            p->footprint_m2, p->area_m2);
    put(t->thr, sizeof(t->thr), "%.2f", min);
    check(t, id, outcome3(v), t->value, t->thr, "building coverage (建筑系数)");
}

void ls__ptest_le_class(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__code_id id = LS_CODE_LE_CLASS;
    if (rules->nlow_classes == 0) {
        off(t, id, "{}", "low_classes is empty");
        return;
    }
    int v = 0;
    int cls = owner_class_state(t);
    if (cls == 1 && in_list(rules->low_classes, rules->nlow_classes, t->p->eval_class)) {
        fired(t, id, "(%s)", t->p->eval_class);
        v = 1;
    } else if (cls < 0) {
        no_data(t, id);
        v = -1;
    }
    if (!t->record)
        return;
    owner_class_text(t, cls, t->value, sizeof(t->value));
    t->thr[0] = '\0';
    cat(t->thr, sizeof(t->thr), "{");
    join_list(rules->low_classes, rules->nlow_classes, t->thr, sizeof(t->thr));
    cat(t->thr, sizeof(t->thr), "}");
    check(t, id, outcome3(v), t->value, t->thr,
          cls == 0 ? "owner exempt from the evaluation: not missing data"
                   : "per-mu evaluation class of the owner (亩均效益评价)");
}

void ls__ptest_le_energy(ls__ptests *t)
{
    const ls__code_id id = LS_CODE_LE_ENERGY;
    double max = t->rules->energy_per_va_max, e = t->p->energy_per_va;
    if (isnan(max)) {
        off(t, id, "null", "energy_per_va_max is null");
        return;
    }
    int v = compare(t, id, !isnan(e), e, max);
    if (v < 0)
        put(t->value, sizeof(t->value), "no energy or value-added data");
    else
        put(t->value, sizeof(t->value), "%.2f tce/万元", e);
    put(t->thr, sizeof(t->thr), "%.2f tce/万元", max);
    check(t, id, outcome3(v), t->value, t->thr, "energy per value added (单位增加值能耗)");
}

void ls__ptest_le_tax_arrears(ls__ptests *t)
{
    const ls_rules *rules = t->rules;
    const ls__code_id id = LS_CODE_LE_TAX_ARREARS;
    if (isnan(rules->arrears_years)) {
        off(t, id, "null", "arrears_years is null");
        return;
    }
    /* a firm's arrears: the figure given, or the calendar years since the date given (the
     * larger when both are) */
    double worst = -INFINITY;
    int worst_since = LS_NO_DATE; /* the date the largest arrears counts from, if any */
    int missing = t->n == 0, nmissing = 0;
    for (size_t k = 0; k < t->n; k++) {
        const ls__ent_facts e = facts_at(t, k);
        double a = e.land_tax_arrears_years;
        int since = LS_NO_DATE;
        if (e.land_tax_arrears_since != LS_NO_DATE && t->reference_days != LS_NO_DATE) {
            double ay = ls__date_years(e.land_tax_arrears_since, t->reference_days);
            if (isnan(a) || ay > a) {
                a = ay;
                since = e.land_tax_arrears_since;
            }
        }
        if (isnan(a)) {
            missing = 1;
            nmissing++;
        } else if (a > worst) {
            worst = a;
            worst_since = since;
        }
    }
    int v = 0;
    if (worst >= rules->arrears_years) {
        if (worst_since != LS_NO_DATE)
            fired_years(t, id, worst, rules->arrears_years);
        else
            fired_cmp(t, id, worst, rules->arrears_years);
        v = 1;
    } else if (missing) {
        no_data(t, id);
        v = -1;
    }
    if (!t->record)
        return;
    char date[16];
    t->value[0] = t->note[0] = '\0';
    if (t->n == 0)
        cat(t->value, sizeof(t->value), "no enterprise on the parcel");
    else if (isfinite(worst) && worst_since != LS_NO_DATE)
        cat(t->value, sizeof(t->value), "largest arrears %.2f y since %s", shown_years(worst),
            date_text(worst_since, date, sizeof(date)));
    else if (isfinite(worst))
        cat(t->value, sizeof(t->value), "largest arrears %.2f y", worst);
    else
        cat(t->value, sizeof(t->value), "no arrears figure");
    if (nmissing)
        cat(t->note, sizeof(t->note), "%d of %zu firm(s) without an arrears figure; ", nmissing,
            t->n);
    cat(t->note, sizeof(t->note), "land-tax arrears (欠缴城镇土地使用税)");
    years_threshold(t->thr, sizeof(t->thr), rules->arrears_years, worst_since);
    check(t, id, outcome3(v), t->value, t->thr, t->note);
}

void ls__ptest_le_mortgaged_idle(ls__ptests *t)
{
    const ls__code_id id = LS_CODE_LE_MORTGAGED_IDLE;
    if (!t->rules->mortgaged_idle) {
        off(t, id, "off", "mortgaged_idle is false");
        return;
    }
    if (!t->any_idle) {
        check(t, id, "not_applicable", "", "mortgaged, with an IDLE_* code",
              "only when an IDLE_* code fired");
        return;
    }
    int mortgaged = 0, unknown = t->n == 0, nm = 0, nu = 0;
    for (size_t k = 0; k < t->n; k++) {
        int m = facts_at(t, k).mortgaged;
        if (m == 1) {
            mortgaged = 1;
            nm++;
        } else if (m != 0) {
            unknown = 1;
            nu++;
        }
    }
    int v = 0;
    if (mortgaged) {
        fired(t, id, NULL);
        v = 1;
    } else if (unknown) {
        no_data(t, id);
        v = -1;
    }
    if (t->n == 0)
        put(t->value, sizeof(t->value), "no enterprise on the parcel");
    else
        put(t->value, sizeof(t->value), "%d of %zu firm(s) mortgaged, %d unknown", nm, t->n, nu);
    check(t, id, outcome3(v), t->value, "mortgaged, with an IDLE_* code",
          "idle land under a mortgage (闲置抵押土地)");
}
