/*
 * codes.c — the one table of landscan's vocabulary (codes.h): statuses, actions and their
 * project categories, ledger change codes, reason codes and evaluation notes with their
 * labels.
 *
 * Each list is written once, as an X-macro, and expanded into the lookup tables and into
 * ls__list_item_names, so a name is spelled in one place. The order of a list is the order
 * of its enum in codes.h (checked at compile time by the counts). Labels follow domain.md:
 * idle is 疑似闲置 (suspected, §4); actions carry one label each, and the seed-004 project
 * categories are a column of their own (§6). Operators are the comparisons of domain.md §4,
 * following the wording of the source (以上 / 以下 / 以内 / 满 include the number: <=, >=;
 * 超过 / 不满 / 低于 / 不足 exclude it: <, >); classify.c compares with them and prints them.
 */
#include <string.h>

#include "codes.h"

/* name, Chinese, English */
#define STATUSES(X)                                                                                \
    X("idle", "疑似闲置", "suspected idle")                                                        \
    X("relocatable", "可腾退", "relocatable")                                                      \
    X("low_efficiency", "低效", "low efficiency")                                                  \
    X("efficient", "高效", "efficient")                                                            \
    X("non_industrial", "非工业", "non-industrial")

/* name, Chinese, English, seed-004 project category */
#define ACTIONS(X)                                                                                 \
    X("reclaim", "收回盘活", "reclaim", "")                                                        \
    X("relocate", "搬迁腾退", "relocate", "园区集聚/搬迁拆除")                                     \
    X("upgrade", "改造提升", "upgrade", "整治淘汰/改造提升")                                       \
    X("transitional_retain", "过渡保留", "transitional retain", "")                                \
    X("retain", "保留", "retain", "")                                                              \
    X("none", "不涉及", "none", "")

/* name, Chinese, English */
#define CHANGES(X)                                                                                 \
    X("unchanged", "未变化", "unchanged")                                                          \
    X("new", "新增列入", "newly listed")                                                           \
    X("persisting", "持续列入", "still listed")                                                    \
    X("resolved", "销号", "resolved")

/* The reason codes (tests after INDUSTRIAL), in evaluation order:
 * code, kind, operator, inputs needed, Chinese name, English name, Chinese reason phrase */
#define REASONS(X)                                                                                 \
    X("IDLE_UNSTARTED", LS_KIND_IDLE, ">=", "parcels.agreed_start_date", "逾期未动工",             \
      "granted, not started on time", "约定动工日起满期未动工(年)")                                \
    X("IDLE_STALLED", LS_KIND_IDLE, "<; >=", "enterprises.status / halted_since", "动工后停建",    \
      "started, then stalled", "已动工但建筑系数不足且停产(建筑系数;停产年数)")                    \
    X("IDLE_HALTED", LS_KIND_IDLE, ">=", "enterprises.status / halted_since", "企业停产",          \
      "production halted", "企业停产满期(年)")                                                     \
    X("IDLE_VACANT", LS_KIND_IDLE, "=", "enterprises and buildings layers", "无企业无建筑",        \
      "vacant: no firm, no building", "无企业且无建筑")                                            \
    X("IDLE_UNSUPPLIED", LS_KIND_IDLE, "=", "parcels.approved_unsupplied", "批而未供",             \
      "approved, not supplied", "批而未供")                                                        \
    X("REL_OUTSIDE", LS_KIND_REL, "<", "control lines", "工业控制线外",                            \
      "outside the industrial control lines", "位于工业控制线外(控制线内比例)")                    \
    X("REL_RETAIN_AB50", LS_KIND_RETAIN, "in {A,B}; >=", "enterprises layer (owner class)",        \
      "A/B类企业过渡保留", "class A/B firm on a large parcel retained",                            \
      "A/B类企业大地块过渡保留(类别;亩)")                                                          \
    X("REL_RETAIN_TRANSITION", LS_KIND_RETAIN, ">=; in",                                           \
      "control lines (transition tier), enterprises layer (owner class)", "过渡区A/B类企业保留",   \
      "class A/B firm in a transition zone retained",                                              \
      "过渡控制区内A/B类企业保留(类别;过渡区比例)")                                                \
    X("LE_TAX", LS_KIND_LE, "<=", "enterprises.tax_10k", "亩均税收", "tax per mu",                 \
      "亩均税收在标准以下(万元/亩)")                                                               \
    X("LE_VA", LS_KIND_LE, "<=", "enterprises.value_added_10k", "亩均增加值",                      \
      "value added per mu", "亩均增加值在标准以下(万元/亩)")                                       \
    X("LE_FAR", LS_KIND_LE, "<", "buildings layer", "容积率", "floor-area ratio",                  \
      "容积率低于下限")                                                                            \
    X("LE_COVERAGE", LS_KIND_LE, "<", "buildings layer", "建筑系数", "building coverage",          \
      "建筑系数低于下限")                                                                          \
    X("LE_CLASS", LS_KIND_LE, "in", "enterprises layer", "亩均效益评价类别",                       \
      "per-mu evaluation class", "亩均效益评价类别偏低")                                           \
    X("LE_ENERGY", LS_KIND_LE, ">", "enterprises.energy_tce and value_added_10k",                  \
      "单位增加值能耗", "energy per value added", "单位增加值能耗超标(吨标煤/万元)")               \
    X("LE_TAX_ARREARS", LS_KIND_LE, ">=", "enterprises.land_tax_arrears_years or _since",          \
      "欠缴城镇土地使用税", "land-tax arrears", "欠缴城镇土地使用税(年)")                          \
    X("LE_MORTGAGED_IDLE", LS_KIND_LE, "=", "enterprises.mortgaged", "闲置抵押土地",               \
      "mortgaged idle land", "闲置且已抵押")

/* Evaluation notes of evaluate.c: code, Chinese, English */
#define NOTES(X)                                                                                   \
    X("EVAL_GIVEN", "采用上报评价类别", "class given in the records")                              \
    X("EVAL_SCORED", "按指标计算", "scored on the indicators")                                     \
    X("EVAL_NEW", "新办企业,免评", "new enterprise, exempt")                                       \
    X("EVAL_OUT_OF_SCOPE", "不在评价范围", "out of the evaluation's scope")                        \
    X("EVAL_NO_DATA", "缺少评价数据", "no evaluation data")                                        \
    X("EVAL_VETO", "一票否决,定为D类", "veto: class D")                                            \
    X("EVAL_INHERITED", "承租企业沿用权利人类别", "tenant inherits the owner's class")

/* Compliance flags (domain.md §10; flags.c): code, operator (fires when measure op limit),
 * inputs needed, Chinese name, English name, Chinese phrase. 不得超过 (CHK_ADMIN): equal is
 * allowed, so >; a commitment (承诺不低于 / 不高于) is missed only strictly below / above. */
#define FLAGS(X)                                                                                   \
    X("CHK_ADMIN", ">", "buildings.use", "行政办公及生活服务设施超标",                             \
      "administrative and living facilities over the cap",                                         \
      "行政办公及生活服务设施用地(或建筑面积)占比超过上限")                                        \
    X("CHK_CONTRACT_TAX_PER_MU", "<", "parcels.committed_tax_per_mu, enterprises.tax_10k",         \
      "未达标准地承诺亩均税收", "standard-land commitment missed: tax per mu",                     \
      "亩均税收低于标准地承诺(万元/亩)")                                                           \
    X("CHK_CONTRACT_VA_PER_MU", "<", "parcels.committed_va_per_mu, enterprises.value_added_10k",   \
      "未达标准地承诺亩均增加值", "standard-land commitment missed: value added per mu",           \
      "亩均增加值低于标准地承诺(万元/亩)")                                                         \
    X("CHK_CONTRACT_FAR", "<", "parcels.committed_far, buildings layer", "未达标准地承诺容积率",   \
      "standard-land commitment missed: floor-area ratio", "容积率低于标准地承诺")                 \
    X("CHK_CONTRACT_INVESTMENT_PER_MU", "<",                                                       \
      "parcels.committed_investment_per_mu, parcels.investment_10k", "未达标准地承诺投资强度",     \
      "standard-land commitment missed: investment per mu", "投资强度低于标准地承诺(万元/亩)")     \
    X("CHK_CONTRACT_ENERGY_PER_VA", ">",                                                           \
      "parcels.committed_energy_per_va, enterprises.energy_tce and value_added_10k",               \
      "超出标准地承诺单位增加值能耗", "standard-land commitment missed: energy per value added",   \
      "单位增加值能耗高于标准地承诺(吨标煤/万元)")

/* The rules keys that hold a test's threshold, with what is compared with them (domain.md
 * §4, §7; the operator as the source words it): key, code, "measure op this" */
#define THRESHOLDS(X)                                                                              \
    X("inside_share_min", LS_CODE_REL_OUTSIDE, "fires when control_share < this")                  \
    X("retain_ab_min_mu", LS_CODE_REL_RETAIN_AB50, "applies when the owner's land_mu >= this")     \
    X("transition_retain_classes", LS_CODE_REL_RETAIN_TRANSITION,                                  \
      "applies when transition_share >= inside_share_min and the owner's class is in this")        \
    X("started_coverage_min", LS_CODE_IDLE_UNSTARTED, "not started when coverage < this")          \
    X("unstarted_years", LS_CODE_IDLE_UNSTARTED,                                                   \
      "fires when calendar years since agreed_start_date >= this")                                 \
    X("stalled_share", LS_CODE_IDLE_STALLED, "fires when coverage < this x coverage_min")          \
    X("stalled_years", LS_CODE_IDLE_STALLED,                                                       \
      "fires when calendar years every firm halted >= this")                                       \
    X("halted_years", LS_CODE_IDLE_HALTED, "fires when calendar years every firm halted >= this")  \
    X("arrears_years", LS_CODE_LE_TAX_ARREARS, "fires when years of arrears >= this")              \
    X("tax_per_mu_min", LS_CODE_LE_TAX, "fires when tax_per_mu <= this")                           \
    X("va_per_mu_min", LS_CODE_LE_VA, "fires when value_added_per_mu <= this")                     \
    X("far_min", LS_CODE_LE_FAR, "fires when far < this")                                          \
    X("coverage_min", LS_CODE_LE_COVERAGE, "fires when coverage < this")                           \
    X("energy_per_va_max", LS_CODE_LE_ENERGY, "fires when energy_per_va > this")                   \
    X("low_classes", LS_CODE_LE_CLASS, "fires when the owner's class is in this")                  \
    X("admin_land_share_max", LS_CODE_CHK_ADMIN,                                                   \
      "flags when the admin and living footprint / area_m2 > this")                                \
    X("admin_floor_share_max", LS_CODE_CHK_ADMIN,                                                  \
      "flags when the admin and living floor area / floor_area_m2 > this")                         \
    X("admin_land_share_max_raised", LS_CODE_CHK_ADMIN,                                            \
      "replaces admin_land_share_max for projects inside the lines or A/B firms of "               \
      "retain_ab_min_mu")                                                                          \
    X("admin_floor_share_max_raised", LS_CODE_CHK_ADMIN,                                           \
      "replaces admin_floor_share_max for projects inside the lines or A/B firms of "              \
      "retain_ab_min_mu")                                                                          \
    X("contract_review_years", LS_CODE_CHK_CONTRACT_TAX_PER_MU,                                    \
      "commitments checked when calendar years since agreed_finish_date >= this")                  \
    X("site_min_mu", LS_CODE_COUNT, "a site is kept when its area_mu > this")                      \
    X("overlap_tolerance_m2", LS_CODE_COUNT, "parcel pairs overlapping by > this are reported")

typedef struct named {
    const char *name, *zh, *en, *category;
} named;

#define NAMED3(n, zh, en) {n, zh, en, ""},
#define NAMED4(n, zh, en, cat) {n, zh, en, cat},
#define NAME_ONLY3(n, zh, en) n,
#define REASON_INFO(c, k, op, needs, zh, en, phrase) {c, k, op, needs, zh, en, phrase},
#define REASON_NAME(c, k, op, needs, zh, en, phrase) c,
#define NOTE_INFO(c, zh, en) {c, LS_KIND_EVAL, "", "", zh, en, zh},
#define FLAG_INFO(c, op, needs, zh, en, phrase) {c, LS_KIND_FLAG, op, needs, zh, en, phrase},

#define TOTALS3(n, zh, en) {n "_count", zh "地块数", n "_mu", zh "(亩)"},
#define TOTALS4(n, zh, en, cat) TOTALS3(n, zh, en)

static const named statuses[] = {STATUSES(NAMED3)};
static const ls__total_field status_totals[] = {STATUSES(TOTALS3)};
static const ls__total_field action_totals[] = {ACTIONS(TOTALS4)};
static const named actions[] = {ACTIONS(NAMED4)};
static const named changes[] = {CHANGES(NAMED3)};

static const ls__code_info codes[] = {{"INDUSTRIAL", LS_KIND_CHECK, "in", "parcels.landuse",
                                       "工业用地认定", "industrial land use", "工业用地"},
                                      REASONS(REASON_INFO) NOTES(NOTE_INFO) FLAGS(FLAG_INFO)};

/* field, measure compared, unit, code: one row per ls__commit_id, in the CHK_CONTRACT_* order */
static const ls__commitment_info commitments[] = {
    {"committed_tax_per_mu", "tax_per_mu", "万元/亩", LS_CODE_CHK_CONTRACT_TAX_PER_MU},
    {"committed_va_per_mu", "value_added_per_mu", "万元/亩", LS_CODE_CHK_CONTRACT_VA_PER_MU},
    {"committed_far", "far", "", LS_CODE_CHK_CONTRACT_FAR},
    {"committed_investment_per_mu", "investment_per_mu", "万元/亩",
     LS_CODE_CHK_CONTRACT_INVESTMENT_PER_MU},
    {"committed_energy_per_va", "energy_per_va", "吨标煤/万元", LS_CODE_CHK_CONTRACT_ENERGY_PER_VA},
};

const char *const ls__list_item_names[] = {STATUSES(NAME_ONLY3) REASONS(REASON_NAME) NULL};

#define THRESHOLD_ROW(k, c, rule) {k, c, rule},
static const struct threshold {
    const char *key;
    ls__code_id code;
    const char *rule;
} thresholds[] = {THRESHOLDS(THRESHOLD_ROW)};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
_Static_assert(COUNT(statuses) == LS_STATUS_COUNT, "statuses: one row per ls__status");
_Static_assert(COUNT(actions) == LS_ACTION_COUNT, "actions: one row per ls__action");
_Static_assert(COUNT(changes) == LS_CHANGE_COUNT, "changes: one row per LS_CHANGE_*");
_Static_assert(COUNT(codes) == LS_CODE_COUNT, "codes: one row per ls__code_id");
_Static_assert(COUNT(commitments) == LS_COMMIT_COUNT, "commitments: one row per ls__commit_id");

static int find_named(const named *t, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(t[i].name, name) == 0)
            return (int)i;
    return -1;
}

const char *ls__status_name(ls__status s)
{
    return (unsigned)s < LS_STATUS_COUNT ? statuses[s].name : "unknown";
}

const char *ls__status_label(ls__status s)
{
    return (unsigned)s < LS_STATUS_COUNT ? statuses[s].zh : "";
}

const char *ls__status_label_en(ls__status s)
{
    return (unsigned)s < LS_STATUS_COUNT ? statuses[s].en : "";
}

int ls__status_from_name(const char *name)
{
    return find_named(statuses, COUNT(statuses), name);
}

const char *ls__action_name(ls__action a)
{
    return (unsigned)a < LS_ACTION_COUNT ? actions[a].name : "unknown";
}

const char *ls__action_label(ls__action a)
{
    return (unsigned)a < LS_ACTION_COUNT ? actions[a].zh : "";
}

const char *ls__action_label_en(ls__action a)
{
    return (unsigned)a < LS_ACTION_COUNT ? actions[a].en : "";
}

const char *ls__action_category(ls__action a)
{
    return (unsigned)a < LS_ACTION_COUNT ? actions[a].category : "";
}

int ls__action_from_name(const char *name)
{
    return find_named(actions, COUNT(actions), name);
}

const char *ls__change_name(int change)
{
    return change >= 0 && change < LS_CHANGE_COUNT ? changes[change].name : "unchanged";
}

const char *ls__change_label(int change)
{
    return change >= 0 && change < LS_CHANGE_COUNT ? changes[change].zh : "";
}

const char *ls__change_label_en(int change)
{
    return change >= 0 && change < LS_CHANGE_COUNT ? changes[change].en : "";
}

const ls__total_field *ls__status_totals(ls__status s)
{
    return (unsigned)s < LS_STATUS_COUNT ? &status_totals[s] : NULL;
}

const ls__total_field *ls__action_totals(ls__action a)
{
    return (unsigned)a < LS_ACTION_COUNT ? &action_totals[a] : NULL;
}

int ls__change_from_name(const char *name)
{
    return find_named(changes, COUNT(changes), name);
}

const ls__code_info *ls__code(ls__code_id id)
{
    return (unsigned)id < LS_CODE_COUNT ? &codes[id] : NULL;
}

const ls__commitment_info *ls__commitment(int c)
{
    return c >= 0 && c < LS_COMMIT_COUNT ? &commitments[c] : NULL;
}

const ls__code_info *ls__code_find(const char *code, size_t len)
{
    if (!code)
        return NULL;
    if (len == (size_t)-1)
        len = strlen(code);
    for (size_t i = 0; i < COUNT(codes); i++)
        if (strlen(codes[i].code) == len && strncmp(codes[i].code, code, len) == 0)
            return &codes[i];
    return NULL;
}

const char *ls__code_key_rule(const char *key, ls__code_id *code)
{
    for (size_t i = 0; key && i < COUNT(thresholds); i++)
        if (strcmp(thresholds[i].key, key) == 0) {
            if (code)
                *code = thresholds[i].code;
            return thresholds[i].rule;
        }
    return NULL;
}

static const ls__target_info targets[] = {
    {"reclaimed_mu", "盘活低效工业用地", "reclaimed low-efficiency land", "亩", 1, 2, NULL},
    {"renovated_mu", "工改工", "industrial land renewed for industry", "亩", 1, 2, NULL},
    {"halted_firms_cleared", "出清长期停产企业", "long-halted firms cleared", "家", 1, 0, NULL},
    {"tax_per_mu", "规上工业亩均税收", "tax per mu of firms above designated size", "万元/亩", 0, 2,
     NULL},
    {"va_per_mu", "规上工业亩均增加值", "value added per mu of firms above designated size",
     "万元/亩", 0, 2, NULL},
    {"labour_productivity", "规上全员劳动生产率", "labour productivity above designated size",
     "万元/人", 0, 2, NULL},
    {"rd_share", "规上研发经费占营业收入比重", "R&D share of revenue above designated size", "", 0,
     3, NULL},
    {"investment_per_mu", "亩均投资强度", "investment per mu", "万元/亩", 0, 2,
     "no investment data: landscan reads no investment field"},
    {"output_per_mu", "亩均产出强度", "output per mu", "万元/亩", 0, 2,
     "no output (产值) data: landscan reads no output field"},
};
_Static_assert(COUNT(targets) == LS_TARGET_COUNT, "targets: one row per ls__target_id");

const ls__target_info *ls__target(ls__target_id id)
{
    return (unsigned)id < LS_TARGET_COUNT ? &targets[id] : NULL;
}

int ls__target_from_name(const char *name)
{
    for (size_t i = 0; name && i < COUNT(targets); i++)
        if (strcmp(targets[i].name, name) == 0)
            return (int)i;
    return -1;
}
