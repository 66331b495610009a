/*
 * test_diff.c — end-to-end: `landscan diff A.gpkg B.gpkg -o DIR` on two runs of
 * testdata/e2e/classify (fixture described in test_run_classify.c: five parcels of 15 mu;
 * Q05 tax 30 万元 → 2.00 万元/亩, FAR 0.8 < floor 1.0; Q02 tax 150 → 10.00 万元/亩, FAR 1.6).
 *
 * Run A: the case as shipped (tax_per_mu_min 5). Run B: tax_per_mu_min 12 and parcel Q01
 * renamed Q09 in parcels.geojson. By hand:
 *   Q02: 10.00 <= 12 → LE_TAX fires: efficient/retain → low_efficiency/upgrade; reclaimable
 *        15 × max(0, 1 − 1.6/1.0) = 0 before and after.
 *   Q05: low_efficiency both times (LE_FAR), but its reasons text changes (threshold 12).
 *   Q03: relocatable both times, but LE_TAX (10.00 <= 12) now fires too: reasons change.
 *   Q01 removed, Q09 added; Q04 (non industrial) unchanged.
 *   Listed mu (idle + relocatable + low efficiency): A = Q01 + Q03 + Q05 = 45;
 *   B = Q09 + Q03 + Q05 + Q02 = 60. Reclaimable: A = 15 (Q01) + 15 (Q03) + 15 × (1 − 0.8) = 33,
 *   B = 15 (Q09) + 15 + 3 + 0 = 33.
 *   Causes: rules (tax_per_mu_min 5 → 12) and input (the parcels file changed).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "e2e_helpers.h"

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Replace every `from` by `to` (same length) in the file. */
static void replace_in_file(const char *path, const char *from, const char *to)
{
    size_t len = 0;
    char *s = e2e_read_file(path, &len);
    assert_non_null(s);
    assert_int_equal(strlen(from), strlen(to));
    for (char *p = strstr(s, from); p; p = strstr(p + 1, from))
        memcpy(p, to, strlen(to));
    write_file(path, s);
    free(s);
}

static void run_ok(const char *const *args, e2e_result *r)
{
    assert_int_equal(e2e_run(r, args), 0);
    if (r->exit_code != 0)
        fail_msg("landscan %s exited %d: %s", args[0], r->exit_code, r->err);
}

static void test_diff__rules_and_parcels(void **state)
{
    (void)state;
    char *dir = e2e_copy_case("classify");
    assert_non_null(dir);
    char *run = e2e_join(dir, "RUN.yaml");
    char *a = e2e_join(dir, "a"), *b = e2e_join(dir, "b"), *o = e2e_join(dir, "d");
    char *ga = e2e_join(a, "landscan.gpkg"), *gb = e2e_join(b, "landscan.gpkg");
    e2e_result r;
    const char *args_a[] = {"run", run, "-o", a, "--quiet", "--no-ledger", NULL};
    run_ok(args_a, &r);
    e2e_result_free(&r);
    char *rules = e2e_join(dir, "rules.yaml");
    write_file(rules, "extends: national-2008\ntax_per_mu_min: 12\n");
    char *parcels = e2e_join(dir, "parcels.geojson");
    replace_in_file(parcels, "\"Q01\"", "\"Q09\"");
    const char *args_b[] = {"run", run, "-o", b, "--quiet", "--no-ledger", NULL};
    run_ok(args_b, &r);
    e2e_result_free(&r);

    const char *args_d[] = {"diff", ga, gb, "-o", o, NULL};
    run_ok(args_d, &r);
    assert_non_null(strstr(r.out, "tax_per_mu_min: 5 → 12"));
    assert_non_null(strstr(r.out, "3 changed, 1 added, 1 removed, 1 unchanged"));
    e2e_result_free(&r);

    char *csv_path = e2e_join(o, "diff.csv");
    assert_true(e2e_file_has_bom(csv_path));
    char *csv = e2e_read_file(csv_path, NULL);
    assert_non_null(csv);
    assert_non_null(strstr(csv, "Q02,丙区,changed,status;action;reasons,efficient,low_efficiency,"
                                "retain,upgrade,"));
    assert_non_null(strstr(csv, "Q05,丙区,changed,reasons,low_efficiency,low_efficiency,"));
    assert_non_null(strstr(csv, "Q01,丙区,removed,,idle,,reclaim,"));
    assert_non_null(strstr(csv, "Q09,丙区,added,,,idle,,reclaim,"));
    assert_non_null(strstr(csv, "Q03,丙区,changed,reasons,relocatable,relocatable,"));
    assert_null(strstr(csv, "Q04,"));
    /* an added parcel owes nothing to the rules: only the input cause */
    assert_non_null(strstr(csv, ",input,input data changed: parcels\r\n"));
    assert_non_null(strstr(csv, ",rules;input,rules: tax_per_mu_min: 5 → 12; input data changed: "
                                "parcels\r\n"));
    char *html_path = e2e_join(o, "diff.html");
    char *html = e2e_read_file(html_path, NULL);
    assert_non_null(html);
    /* 合计 row: listed 45 → 60 (+15), ..., reclaimable 33 → 33 */
    assert_non_null(strstr(html, "<td>合计</td><td class=n>45.00</td><td class=n>60.00</td>"
                                 "<td class=n>+15.00</td>"));
    assert_non_null(strstr(html, "<td class=n>33.00</td><td class=n>33.00</td><td class=n>+0.00"
                                 "</td></tr>"));

    /* -o again without --force refuses; a missing file is exit 1 */
    const char *args_again[] = {"diff", ga, gb, "-o", o, NULL};
    assert_int_equal(e2e_run(&r, args_again), 0);
    assert_int_equal(r.exit_code, 1);
    assert_non_null(strstr(r.err, "exists"));
    e2e_result_free(&r);
    char *missing = e2e_join(dir, "nope.gpkg");
    const char *args_missing[] = {"diff", ga, missing, NULL};
    assert_int_equal(e2e_run(&r, args_missing), 0);
    assert_int_equal(r.exit_code, 1);
    assert_non_null(strstr(r.err, "nope.gpkg"));
    e2e_result_free(&r);

    free(missing);
    free(html);
    free(html_path);
    free(csv);
    free(csv_path);
    free(parcels);
    free(rules);
    free(ga);
    free(gb);
    free(a);
    free(b);
    free(o);
    free(run);
    e2e_rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_diff__rules_and_parcels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
