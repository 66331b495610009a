/*
 * flags.c — compliance flags on parcels (domain.md §10): `flags` is a ";"-separated list like
 * `reasons`, in codes.h order, each code with its numbers. Flags never change status, action,
 * reasons or reclaimable land; only industrial parcels are flagged.
 *
 * CHK_ADMIN — administrative and living buildings (buildings `use` of class admin / living,
 * building_use.c) take more than the cap of the parcel: footprint basis admin_footprint_m2 /
 * area_m2 > admin_land_share_max, floor-area basis admin_floor_m2 / floor_area_m2 >
 * admin_floor_share_max (either fires; 不得超过: equal is allowed). Projects inside the lines
 * (control lines given, control_share ≥ inside_share_min) and those whose owner is class A/B
 * with land_mu ≥ retain_ab_min_mu get the *_raised caps instead when these are set
 * (zhejiang-ningbo 15 % / 30 %, seed 000 (五)). Footprint of buildings without a known use
 * is not counted; it makes the outcome no_data only when counting it as admin could make the
 * flag fire (three-valued, like classify.c). Without `use` on the buildings: no_data.
 *   e.g. CHK_ADMIN(land:0.080>0.070)  CHK_ADMIN(land:0.160>0.150,floor:0.350>0.300)
 *
 * CHK_CONTRACT_<INDICATOR> — a 标准地 commitment carried on the parcel (codes.h
 * ls__commitment: committed_tax_per_mu … committed_energy_per_va) that the parcel does not
 * meet, checked from the day contract_review_years calendar years have passed since
 * agreed_finish_date (ls__date_after_years: the anniversary, 29 February → 28 February) —
 * before that day the check is not_applicable ("not due"). Missed means actual < committed
 * (tax, value added per mu, FAR, investment per mu = investment_10k / area_mu) or actual >
 * committed (energy per value added). No commitment: not_applicable; commitment but no
 * agreed_finish_date or no actual figure: no_data (FAR unknown: its lower bound may settle
 * it). e.g. CHK_CONTRACT_TAX_PER_MU(3.20<5.00)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_batch.h"
#include "classify_tests.h"
#include "evaluate.h"
#include "evidence_text.h"
#include "flags.h"
#include "rule_checks.h"

#define cat ls__text_cat
#define put ls__text_put

static void date_text(int days, char *out, size_t len)
{
    int y, m, d;
    ls__date_to_ymd(days, &y, &m, &d);
    put(out, len, "%04d-%02d-%02d", y, m, d);
}

static void add_flag(ls__buf *b, ls__code_id id, const char *numbers)
{
    if (b->len)
        ls__buf_add(b, ";");
    ls__buf_add(b, ls__code(id)->code);
    ls__buf_add(b, "(");
    ls__buf_add(b, numbers);
    ls__buf_add(b, ")");
}

/* The raised caps apply (seed 000 (五)): inside the lines, or an A/B owner of enough land. */
static int raised_eligible(const ls__parcel *p, const ls__enterprise *ents, const ls_rules *r,
                           int has_control, char *why, size_t len)
{
    if (has_control && !isnan(r->inside_share_min) && p->control_share >= r->inside_share_min) {
        put(why, len, "inside the control lines (share %.2f >= %.2f)", p->control_share,
            r->inside_share_min);
        return 1;
    }
    if (isnan(r->retain_ab_min_mu) || !p->eval_class ||
        (strcmp(p->eval_class, "A") != 0 && strcmp(p->eval_class, "B") != 0)) {
        put(why, len, "not inside the lines, no A/B owner of enough land");
        return 0;
    }
    long o = ents ? ls__evaluate_owner(p, ents) : -1;
    double land = o >= 0 && !isnan(ents[o].land_mu) ? ents[o].land_mu : p->area_mu;
    put(why, len, "owner class %s with %.2f mu (%s %.2f)", p->eval_class, land,
        land >= r->retain_ab_min_mu ? ">=" : "<", r->retain_ab_min_mu);
    return land >= r->retain_ab_min_mu;
}

/* One basis of CHK_ADMIN: 1 over the cap, 0 not, -1 unknown; NAN cap: 0. */
static int over_cap(double share, double upper, double cap)
{
    if (isnan(cap))
        return 0;
    if (!isnan(share) && share > cap)
        return 1;
    if (isnan(share) || isnan(upper) || upper > cap)
        return -1;
    return 0;
}

static void chk_admin(ls__ptests *t, const ls__enterprise *ents, int has_control, int has_use,
                      ls__buf *flags)
{
    const ls_rules *r = t->rules;
    const ls__parcel *p = t->p;
    const ls__code_id id = LS_CODE_CHK_ADMIN;
    char why[160];
    int eligible = raised_eligible(p, ents, r, has_control, why, sizeof(why));
    double land_cap = eligible && !isnan(r->admin_land_share_max_raised)
                          ? r->admin_land_share_max_raised
                          : r->admin_land_share_max;
    double floor_cap = eligible && !isnan(r->admin_floor_share_max_raised)
                           ? r->admin_floor_share_max_raised
                           : r->admin_floor_share_max;
    t->thr[0] = '\0';
    if (!isnan(land_cap))
        cat(t->thr, sizeof(t->thr), "land %.3f", land_cap);
    if (!isnan(floor_cap))
        cat(t->thr, sizeof(t->thr), "%sfloor %.3f", t->thr[0] ? ", " : "", floor_cap);
    if (isnan(land_cap) && isnan(floor_cap)) {
        ls__ptests_check(t, id, "off", "", NULL, "null",
                         "admin_land_share_max and admin_floor_share_max are null");
        return;
    }
    cat(t->thr, sizeof(t->thr), " (%s caps: %s)", eligible ? "raised" : "standard", why);
    if (!has_use) {
        ls__ptests_check(t, id, "no_data", "", NULL, t->thr, "no buildings use given");
        return;
    }
    double area = p->area_m2 > 0 ? p->area_m2 : NAN;
    double land = p->admin_footprint_m2 / area;
    double land_up = (p->admin_footprint_m2 + p->use_unknown_m2) / area;
    double floor = NAN, floor_up = NAN;
    if (!isnan(p->floor_area_m2) && p->floor_area_m2 > 0) {
        floor = p->admin_floor_m2 / p->floor_area_m2;
        floor_up = (p->admin_floor_m2 + p->use_unknown_floor_m2) / p->floor_area_m2;
    } else if (p->floor_area_m2 == 0.0) {
        floor = floor_up = 0.0;
    }
    int lv = over_cap(land, land_up, land_cap), fv = over_cap(floor, floor_up, floor_cap);
    int v = lv == 1 || fv == 1 ? 1 : lv < 0 || fv < 0 ? -1 : 0;
    if (v == 1) {
        char nums[128] = "";
        if (lv == 1)
            cat(nums, sizeof(nums), "land:%.3f>%.3f", land, land_cap);
        if (fv == 1)
            cat(nums, sizeof(nums), "%sfloor:%.3f>%.3f", nums[0] ? "," : "", floor, floor_cap);
        add_flag(flags, id, nums);
    }
    put(t->value, sizeof(t->value),
        "admin/living footprint %.2f m2 of %.2f m2 (share %.4f); floor area %.2f of "
        "%.2f m2 (share %.4f)",
        p->admin_footprint_m2, p->area_m2, land, p->admin_floor_m2, p->floor_area_m2, floor);
    if (v < 0)
        put(t->note, sizeof(t->note),
            "%.2f m2 of footprint without a known use (or an unknown floor area) could "
            "reach the cap",
            p->use_unknown_m2);
    else
        put(t->note, sizeof(t->note), "%s",
            v == 1 ? "不得超过: only a share above the cap is flagged"
                   : "within the caps (equal is allowed)");
    ls__ptests_check(t, id,
                     v == 1   ? "fired"
                     : v == 0 ? "not_fired"
                              : "no_data",
                     t->value, NULL, t->thr, t->note);
}

static void chk_contract(ls__ptests *t, int c, int reference_days, ls__buf *flags)
{
    const ls__parcel *p = t->p;
    const ls__commitment_info *ci = ls__commitment(c);
    const ls__code_id id = ci->code;
    const double years = t->rules->contract_review_years;
    double committed = p->committed[c];
    if (isnan(years)) {
        ls__ptests_check(t, id, "off", "", NULL, "null", "contract_review_years is null");
        return;
    }
    if (isnan(committed)) {
        ls__ptests_check(t, id, "not_applicable", "", NULL, "", "no commitment on the parcel");
        return;
    }
    put(t->thr, sizeof(t->thr), "committed %.2f%s%s", committed, *ci->unit ? " " : "", ci->unit);
    if (p->agreed_finish_date == LS_NO_DATE || reference_days == LS_NO_DATE) {
        ls__ptests_check(t, id, "no_data", "", NULL, t->thr,
                         "no agreed_finish_date: the review date is unknown");
        return;
    }
    int due = ls__date_after_years(p->agreed_finish_date, years);
    char finish[16], due_text[16];
    date_text(p->agreed_finish_date, finish, sizeof(finish));
    date_text(due, due_text, sizeof(due_text));
    if (reference_days < due) {
        put(t->note, sizeof(t->note), "not due: reviewed from %s (%.2f y after %s)", due_text,
            years, finish);
        ls__ptests_check(t, id, "not_applicable", "", NULL, t->thr, t->note);
        return;
    }
    double actual = NAN, lower = NAN;
    switch (c) {
    case LS_COMMIT_TAX_PER_MU:
        actual = p->tax_per_mu;
        break;
    case LS_COMMIT_VA_PER_MU:
        actual = p->value_added_per_mu;
        break;
    case LS_COMMIT_FAR:
        actual = p->far;
        lower = p->far_lower;
        break;
    case LS_COMMIT_INVESTMENT_PER_MU:
        actual = p->area_mu > 0 ? p->investment_10k / p->area_mu : NAN;
        break;
    default:
        actual = p->energy_per_va;
        break;
    }
    int higher_missed = strcmp(ls__code(id)->op, ">") == 0;
    int v;
    if (!isnan(actual))
        v = higher_missed ? actual > committed : actual < committed;
    else if (!isnan(lower) && lower >= committed)
        v = 0; /* FAR unknown, but its lower bound already meets the commitment */
    else
        v = -1;
    if (v == 1) {
        char nums[64];
        put(nums, sizeof(nums), "%.2f%s%.2f", actual, ls__code(id)->op, committed);
        add_flag(flags, id, nums);
    }
    if (isnan(actual))
        put(t->value, sizeof(t->value), "%s unknown", ci->measure);
    else
        put(t->value, sizeof(t->value), "%s %.2f%s%s", ci->measure, actual, *ci->unit ? " " : "",
            ci->unit);
    put(t->note, sizeof(t->note), "reviewed from %s (%.2f y after %s)%s", due_text, years, finish,
        v < 0 ? ": no actual figure" : "");
    ls__ptests_check(t, id,
                     v == 1   ? "fired"
                     : v == 0 ? "not_fired"
                              : "no_data",
                     t->value, NULL, t->thr, t->note);
}

/* The flags of one parcel into p->flags; its checks into t->checks (t->texts set: the
 * stored form). */
static int flags_one(ls__ptests *t, const ls__enterprise *enterprises, int reference_days,
                     int has_control, int has_use)
{
    ls__parcel *p = t->p;
    ls__buf flags = {0};
    if (p->industrial) {
        chk_admin(t, enterprises, has_control, has_use, &flags);
        for (int c = 0; c < LS_COMMIT_COUNT; c++)
            chk_contract(t, c, reference_days, &flags);
    } else {
        for (int c = LS_CODE_CHK_ADMIN; c < LS_CODE_COUNT; c++)
            ls__ptests_check(t, (ls__code_id)c, "not_applicable", "", NULL, "",
                             "not industrial land");
    }
    int failed = flags.failed || t->checks.failed;
    char *text = flags.len ? ls__buf_take(&flags) : ls__strdup("");
    ls__buf_free(&flags);
    if (!text || failed) {
        free(text);
        return LS_ENOMEM;
    }
    free(p->flags);
    p->flags = text;
    return LS_OK;
}

int ls__flags_parcel(ls_context *ctx, ls__parcel *p, const ls__enterprise *enterprises,
                     const ls_rules *rules, int reference_days, int has_control, int has_use)
{
    ls__ptests t = {0};
    t.p = p;
    t.rules = rules;
    t.record = 1;
    int error = flags_one(&t, enterprises, reference_days, has_control, has_use);
    char *checks = error == LS_OK ? ls__buf_take(&t.checks) : NULL;
    char *all = checks ? ls__sprintf("%s%s", p->checks ? p->checks : "", checks) : NULL;
    ls__buf_free(&t.checks);
    free(checks);
    if (!all)
        return ls__error_set(ctx, LS_ENOMEM, "flags: out of memory");
    free(p->checks);
    p->checks = all;
    return LS_OK;
}

struct flags_job {
    ls__dataset *ds;
    const ls_rules *rules;
    int reference_days, has_control, has_use;
};

/* One parcel, on any thread (ls__check_batch): its CHK_* lines after classify's. */
static int flags_batch_one(void *arg, size_t i, ls__check_texts *texts, ls__buf *lines)
{
    const struct flags_job *j = arg;
    ls__ptests t = {0};
    t.p = &j->ds->parcels[i];
    t.rules = j->rules;
    t.record = 1;
    t.texts = texts;
    t.checks = *lines;
    int error = flags_one(&t, j->ds->enterprises, j->reference_days, j->has_control, j->has_use);
    *lines = t.checks;
    return error;
}

int ls__flags_assess(ls_context *ctx, ls__dataset *ds, const ls_rules *rules, int reference_days)
{
    int has_control = ds->layers[LS_INPUT_CONTROL_LINES].present;
    int has_use = ds->layers[LS_INPUT_BUILDINGS].present && ds->has_building_use;
    struct flags_job job = {ds, rules, reference_days, has_control, has_use};
    int error = ls__check_batch(ctx, ds, ds->jobs, "flags", flags_batch_one, &job);
    if (error != LS_OK)
        return error;
    size_t industrial = 0;
    for (size_t i = 0; i < ds->nparcels; i++)
        industrial += ds->parcels[i].industrial ? 1 : 0;
    int on = !isnan(rules->admin_land_share_max) || !isnan(rules->admin_floor_share_max) ||
             !isnan(rules->admin_land_share_max_raised) ||
             !isnan(rules->admin_floor_share_max_raised);
    if (on && !has_use && industrial) {
        char *msg = ls__sprintf("input for CHK_ADMIN not given (buildings.use): flag not "
                                "evaluated on %zu industrial parcels",
                                industrial);
        int rc =
            msg ? ls__dq_add(&ds->dq, "parcels", "(all)", msg, "no CHK_ADMIN in flags") : LS_ENOMEM;
        free(msg);
        if (rc != LS_OK)
            return ls__error_set(ctx, LS_ENOMEM, "flags: out of memory");
    }
    return LS_OK;
}
