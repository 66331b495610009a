/*
 * classify_tests.h — the tests of classify.c (domain.md §2, §4), one function each, and the
 * state they share while one parcel is classified. Private to classify.c and
 * classify_tests.c.
 *
 * A test reads the parcel, its enterprises and the rules, and the outcomes of the tests
 * before it (an exception reads `outside`, LE_MORTGAGED_IDLE reads `any_idle`); it appends
 * its code (with its numbers) or NO_DATA_<code> to the reasons, sets the status flag of its
 * kind when it fires, and records its row of the check list. It never decides status or
 * action (classify.c does, from the flags). Codes, operators and labels are codes.h's.
 */
#ifndef LANDSCAN_CLASSIFY_TESTS_H
#define LANDSCAN_CLASSIFY_TESTS_H

#include "landscan/rules.h"
#include "model.h"

typedef struct ls__ptests {
    ls__parcel *p;
    const ls__enterprise *ents; /* the dataset's enterprise array, NULL when none */
    size_t n;                   /* enterprises on the parcel (0 without the array) */
    const ls_rules *rules;
    int reference_days; /* LS_NO_DATE when unknown */
    int has_control, has_buildings, has_enterprises;
    int cov_known, far_known; /* coverage / far measured (a buildings layer was given) */
    /* outcomes so far, by kind of the codes that fired */
    int any_idle, outside, retain, any_low;
    /* output */
    ls__buf text;    /* reasons */
    ls__buf no_data; /* codes that could not be evaluated */
    ls__buf checks;  /* the check list (model.h), when record */
    int record;
    /* when set, checks gets the stored form of rule_checks.c instead, its texts interned
     * here */
    ls__check_texts *texts;
    /* scratch for the check-list texts */
    char value[256], thr[512], note[256];
} ls__ptests;

typedef void (*ls__ptest_fn)(ls__ptests *t);

/* Record one row of the check list (no-op unless t->record); comparison NULL = the code's
 * operator. */
void ls__ptests_check(ls__ptests *t, ls__code_id code, const char *outcome, const char *value,
                      const char *comparison, const char *threshold, const char *note);

/* The tests, in evaluation order (codes.h). */
void ls__ptest_industrial(ls__ptests *t);
void ls__ptest_idle_unstarted(ls__ptests *t);
void ls__ptest_idle_stalled(ls__ptests *t);
void ls__ptest_idle_halted(ls__ptests *t);
void ls__ptest_idle_vacant(ls__ptests *t);
void ls__ptest_idle_unsupplied(ls__ptests *t);
void ls__ptest_rel_outside(ls__ptests *t);
void ls__ptest_rel_retain_ab50(ls__ptests *t);
void ls__ptest_rel_retain_transition(ls__ptests *t);
void ls__ptest_le_tax(ls__ptests *t);
void ls__ptest_le_va(ls__ptests *t);
void ls__ptest_le_far(ls__ptests *t);
void ls__ptest_le_coverage(ls__ptests *t);
void ls__ptest_le_class(ls__ptests *t);
void ls__ptest_le_energy(ls__ptests *t);
void ls__ptest_le_tax_arrears(ls__ptests *t);
void ls__ptest_le_mortgaged_idle(ls__ptests *t);

#endif
