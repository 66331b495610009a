/*
 * codes.h — landscan's vocabulary in one table: parcel statuses, actions (with the seed-004
 * project category beside them), ledger change codes, reason codes (the tests of classify.c
 * with their operator, inputs needed and order) and the evaluation notes of evaluate.c, each
 * with its Chinese and English label.
 *
 * Every writer reads its names and labels from here: classify (reason text), explain,
 * styles (legend), write_gpkg / fields (captions), the reports, the rules output and the
 * ledger. A label is written once, in codes.c; one label per action everywhere. The project
 * category (整治淘汰/改造提升, 园区集聚/搬迁拆除, domain.md §6) is a separate column, not a
 * second label of the action. This file holds facts only: which tests fire and how is
 * classify.c's business.
 *
 * All returned strings are static UTF-8 (borrowed). Functions taking an enum value return
 * "" (labels) or "unknown" (names) for a value out of range.
 */
#ifndef LANDSCAN_CODES_H
#define LANDSCAN_CODES_H

#include <stddef.h>

/* Parcel status, in precedence order (domain.md §4). */
typedef enum {
    LS_STATUS_IDLE = 0,
    LS_STATUS_RELOCATABLE,
    LS_STATUS_LOW_EFFICIENCY,
    LS_STATUS_EFFICIENT,
    LS_STATUS_NON_INDUSTRIAL,
    LS_STATUS_COUNT
} ls__status;

/* Action (domain.md §6). */
typedef enum {
    LS_ACTION_RECLAIM = 0,
    LS_ACTION_RELOCATE,
    LS_ACTION_UPGRADE,
    LS_ACTION_TRANSITIONAL_RETAIN,
    LS_ACTION_RETAIN,
    LS_ACTION_NONE,
    LS_ACTION_COUNT
} ls__action;

/* Per-parcel change against the previous run of the same name (product.md, ledger). */
enum {
    LS_CHANGE_UNCHANGED = 0,
    LS_CHANGE_NEW,
    LS_CHANGE_PERSISTING,
    LS_CHANGE_RESOLVED,
    LS_CHANGE_COUNT
};

/* "idle", … (the value written in `status`). */
const char *ls__status_name(ls__status s);
/* 疑似闲置, … */
const char *ls__status_label(ls__status s);
/* "suspected idle", … */
const char *ls__status_label_en(ls__status s);
/* The status named `name`, or -1. */
int ls__status_from_name(const char *name);

/* "reclaim", … (the value written in `action`). */
const char *ls__action_name(ls__action a);
/* 收回盘活, 搬迁腾退, 改造提升, 过渡保留, 保留, 不涉及. */
const char *ls__action_label(ls__action a);
/* "reclaim", "relocate", "upgrade", "transitional retain", "retain", "none". */
const char *ls__action_label_en(ls__action a);
/* The seed-004 project category of an action: 整治淘汰/改造提升 (upgrade), 园区集聚/搬迁拆除
 * (relocate), "" for the others. */
const char *ls__action_category(ls__action a);
/* The action named `name`, or -1. */
int ls__action_from_name(const char *name);

/* "unchanged", "new", "persisting", "resolved" (the value written in `change`); an
 * out-of-range value reads "unchanged". */
const char *ls__change_name(int change);
/* 未变化, 新增列入, 持续列入, 销号. */
const char *ls__change_label(int change);
const char *ls__change_label_en(int change);
/* The change named `name`, or -1. */
int ls__change_from_name(const char *name);

/* The per-status and per-action totals fields of blocks, districts and towns, with their
 * captions: "idle_count" 疑似闲置地块数, "idle_mu" 疑似闲置(亩), … */
typedef struct ls__total_field {
    const char *count_name, *count_zh, *mu_name, *mu_zh;
} ls__total_field;

const ls__total_field *ls__status_totals(ls__status s); /* NULL out of range */
const ls__total_field *ls__action_totals(ls__action a); /* NULL out of range */

/* What a code is. */
typedef enum {
    LS_KIND_CHECK = 0, /* INDUSTRIAL: recorded in rule_checks, never a reason */
    LS_KIND_IDLE,      /* IDLE_*: status idle */
    LS_KIND_REL,       /* REL_OUTSIDE: status relocatable */
    LS_KIND_RETAIN,    /* an exception to REL_OUTSIDE: action transitional_retain */
    LS_KIND_LE,        /* LE_*: status low_efficiency */
    LS_KIND_EVAL,      /* EVAL_*: evaluation note of an enterprise */
    LS_KIND_FLAG       /* CHK_*: compliance flag (flags.c), never changes status */
} ls__code_kind;

/* The tests of classify.c, in evaluation order (the order of `reasons` and rule_checks). */
typedef enum {
    LS_CODE_INDUSTRIAL = 0,
    LS_CODE_IDLE_UNSTARTED,
    LS_CODE_IDLE_STALLED,
    LS_CODE_IDLE_HALTED,
    LS_CODE_IDLE_VACANT,
    LS_CODE_IDLE_UNSUPPLIED,
    LS_CODE_REL_OUTSIDE,
    LS_CODE_REL_RETAIN_AB50,
    LS_CODE_REL_RETAIN_TRANSITION,
    LS_CODE_LE_TAX,
    LS_CODE_LE_VA,
    LS_CODE_LE_FAR,
    LS_CODE_LE_COVERAGE,
    LS_CODE_LE_CLASS,
    LS_CODE_LE_ENERGY,
    LS_CODE_LE_TAX_ARREARS,
    LS_CODE_LE_MORTGAGED_IDLE,
    LS_CODE_TEST_COUNT, /* the codes above are tests; evaluation notes follow */
    LS_CODE_EVAL_GIVEN = LS_CODE_TEST_COUNT,
    LS_CODE_EVAL_SCORED,
    LS_CODE_EVAL_NEW,
    LS_CODE_EVAL_OUT_OF_SCOPE,
    LS_CODE_EVAL_NO_DATA,
    LS_CODE_EVAL_VETO,
    LS_CODE_EVAL_INHERITED,
    /* compliance flags (domain.md §10, flags.c), in the order of `flags` */
    LS_CODE_CHK_ADMIN,
    LS_CODE_CHK_CONTRACT_TAX_PER_MU,
    LS_CODE_CHK_CONTRACT_VA_PER_MU,
    LS_CODE_CHK_CONTRACT_FAR,
    LS_CODE_CHK_CONTRACT_INVESTMENT_PER_MU,
    LS_CODE_CHK_CONTRACT_ENERGY_PER_VA,
    LS_CODE_COUNT
} ls__code_id;

typedef struct ls__code_info {
    const char *code; /* "LE_TAX" */
    ls__code_kind kind;
    const char *op;        /* comparison as printed in reasons and rule_checks: "<", "in", … */
    const char *needs;     /* the inputs the test needs, "" for notes */
    const char *zh, *en;   /* name: 亩均税收 / "tax per mu" */
    const char *reason_zh; /* the reason as a Chinese phrase with its unit, for reports */
} ls__code_info;

/* The table entry of a code (0 ≤ id < LS_CODE_COUNT). */
const ls__code_info *ls__code(ls__code_id id);
/* The entry whose code is the first len bytes of `code` (len (size_t)-1: NUL-terminated),
 * NULL when none. */
const ls__code_info *ls__code_find(const char *code, size_t len);

/* 标准地 commitments carried on a parcel (domain.md §10, product.md extensions), in the order
 * of the CHK_CONTRACT_* codes. */
typedef enum {
    LS_COMMIT_TAX_PER_MU = 0,
    LS_COMMIT_VA_PER_MU,
    LS_COMMIT_FAR,
    LS_COMMIT_INVESTMENT_PER_MU,
    LS_COMMIT_ENERGY_PER_VA,
    LS_COMMIT_COUNT
} ls__commit_id;

typedef struct ls__commitment_info {
    const char *field;   /* the parcels field: "committed_tax_per_mu" */
    const char *measure; /* what it is compared with: "tax_per_mu" */
    const char *unit;    /* "万元/亩", "" for FAR */
    ls__code_id code; /* LS_CODE_CHK_CONTRACT_* (its operator: not met when actual op committed) */
} ls__commitment_info;

/* The entry of a commitment (0 ≤ c < LS_COMMIT_COUNT), NULL out of range. */
const ls__commitment_info *ls__commitment(int c);

/* The comparison a rules key is the threshold of, as printed by `landscan rules`:
 * "tax_per_mu <= this", …; *code (when not NULL) gets its test (LS_CODE_COUNT for a rule that
 * is no reason code, such as site_min_mu). NULL for a key that is no threshold. */
const char *ls__code_key_rule(const char *key, ls__code_id *code);

/* What a list of the rules file may name (rules.c `lists:`): the statuses, then the reason
 * codes (IDLE_*, REL_*, LE_*), NULL-terminated. */
extern const char *const ls__list_item_names[];

/* Campaign target indicators (domain.md §10; rules `targets:`), in output order. */
typedef enum {
    LS_TARGET_RECLAIMED_MU = 0, /* 盘活/腾出低效工业用地: Σ ledger resolved_mu since base year */
    LS_TARGET_RENOVATED_MU,         /* 工改工: resolved parcels that stay industrial */
    LS_TARGET_HALTED_FIRMS_CLEARED, /* 出清长期停产企业: firms whose halted parcels left the lists
                                     */
    LS_TARGET_TAX_PER_MU,           /* 规上工业亩均税收 */
    LS_TARGET_VA_PER_MU,            /* 规上工业亩均增加值 */
    LS_TARGET_LABOUR_PRODUCTIVITY, /* 规上全员劳动生产率 */
    LS_TARGET_RD_SHARE,            /* 规上研发经费占营业收入比重 */
    LS_TARGET_INVESTMENT_PER_MU,   /* 亩均投资强度: landscan has no investment data */
    LS_TARGET_OUTPUT_PER_MU,       /* 亩均产出强度: landscan has no output (产值) data */
    LS_TARGET_COUNT
} ls__target_id;

typedef struct ls__target_info {
    const char *name;       /* "reclaimed_mu" (rules key under targets:, targets.indicator) */
    const char *zh, *en;    /* 盘活低效工业用地 / "reclaimed low-efficiency land" */
    const char *unit;       /* 亩, 家, 万元/亩, … */
    int cumulative;         /* counted over the ledger series since targets_base_year */
    int decimals;           /* digits printed in reports */
    const char *unmeasured; /* why landscan cannot measure it, NULL when it can */
} ls__target_info;

/* The entry of a target indicator (NULL out of range). */
const ls__target_info *ls__target(ls__target_id id);
/* The indicator named `name`, or -1. */
int ls__target_from_name(const char *name);

#endif
