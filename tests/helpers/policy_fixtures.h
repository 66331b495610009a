/*
 * policy_fixtures.h — builders for the policy unit tests (evaluate, classify, sites): rules
 * with the national-2008 + Cixi defaults of domain.md §8, and parcels / enterprises / datasets
 * built directly in C, so each test states only the numbers it is about.
 *
 * Ownership: everything returned or initialised here is freed by the matching _free / _clear
 * (datasets by ls__dataset_free(), which also frees the enterprises, parcels and sites).
 */
#ifndef LS_TEST_POLICY_FIXTURES_H
#define LS_TEST_POLICY_FIXTURES_H

#include "landscan/landscan.h"
#include "model.h"

/* Reference date of every policy test (2025-12-31 as days since 1970). */
#define LS_TEST_REF_DAYS 20453

/* Rules: inside_share_min 0.5, retain_ab_min_mu 50, started_coverage_min 0.05,
 * unstarted_years 1, stalled_share 1/3, stalled_years 1, halted_years 2, idle_vacant and
 * idle_unsupplied on, arrears_years 2, mortgaged_idle on, tax_per_mu_min 5, va_per_mu_min off,
 * far_min 0.7, far_table NULL, industry_code_standard gbt4754-2017, far_target off,
 * coverage_min 0.30, energy_per_va_max off, low_classes {D}, site_min_mu 10, site_gap_m 5;
 * evaluation: mean benchmark, cap 2, percentile 25/45/25/5, below_min_mu 3, new_years 2,
 * tenants inherit, Huangyan weights (above: tax 30, VA 20, VA/energy 20, emission 10,
 * labour 10, R&D 10; below: tax 50, tax/electricity 50). Industrial codes 0601, M1. */
ls_rules *ls_test_rules_new(void);
void ls_test_rules_free(ls_rules *rules);
/* Replace a weight set (above != 0 → above) with n (name, weight) pairs. */
void ls_test_rules_set_weights(ls_rules *rules, int above, const char *const *names,
                               const double *weights, size_t n);

/* An industrial (0601) parcel of area_mu that passes every test of ls_test_rules_new():
 * started, supplied, inside the control lines (share 1), coverage 0.50, far 1.50, one
 * building, tax_per_mu 10, other per-mu figures NAN, far_floor NAN, no enterprises. */
void ls_test_parcel_init(ls__parcel *p, const char *parcel_id, double area_mu);
void ls_test_parcel_clear(ls__parcel *p);
/* Put enterprise index `ent` on the parcel. */
void ls_test_parcel_add_ent(ls__parcel *p, size_t ent);

/* An enterprise: role owner, scale above, producing, no arrears, not mortgaged, no veto,
 * founded unknown, no given class, all money figures NAN, land_mu NAN. */
void ls_test_enterprise_init(ls__enterprise *e, const char *enterprise_id);
void ls_test_enterprise_clear(ls__enterprise *e);
/* Set a string field (owned copy); value NULL clears it. */
void ls_test_set(char **field, const char *value);

/* Days since 1970 that lie `days` before the reference date. */
int ls_test_days_before(int days);

/* A dataset with n parcels and m enterprises initialised as above (ids "P1".., "E1"..) and a
 * fresh GEOS context; buildings and enterprises layers marked present. Free with
 * ls__dataset_free() (which also finishes the GEOS context). */
void ls_test_dataset_init(ls__dataset *ds, size_t nparcels, size_t nenterprises);
/* An axis-parallel rectangle in the dataset's GEOS context. */
GEOSGeometry *ls_test_rect(ls__dataset *ds, double x0, double y0, double x1, double y1);

#endif
