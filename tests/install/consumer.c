/*
 * consumer.c — a program outside the tree that uses the installed library the way an
 * embedder would: only <landscan/landscan.h>, linked through pkg-config. It loads a run
 * file with its rules and prints what the getters give, then the message of a run file
 * that does not exist. Built and run by check_install.sh.
 */
#include <landscan/landscan.h>
#include <math.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    ls_context *ctx = NULL;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    double tax = NAN;
    if (argc != 3 || ls_context_new(&ctx) != LS_OK)
        return 2;
    int rc = ls_run_file_load(ctx, argv[1], &cfg, &rules);
    if (rc != LS_OK) {
        fprintf(stderr, "load: %d %s\n", rc, ls_context_error(ctx));
        ls_context_free(ctx);
        return 1;
    }
    ls_rules_number(ctx, rules, "tax_per_mu_min", &tax);
    printf("%s %s %s %g\n", ls_version(), ls_rules_name(rules), ls_config_reference_date(cfg), tax);
    ls_rules_free(rules);
    ls_config_free(cfg);
    rc = ls_run_file_load(ctx, argv[2], &cfg, &rules);
    printf("%d %s\n", rc, ls_context_error(ctx));
    ls_context_free(ctx);
    return 0;
}
