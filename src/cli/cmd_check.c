/*
 * cmd_check.c — `landscan check RUN.yaml`: reads the run file, the rules and every input
 * (ls_run with check_only: read, overlay, measure and classify, so the data-quality rows are
 * the ones `run` writes; nothing is written, the ledger is not touched) and prints a
 * data-quality report on stdout:
 *   - per layer: features read, skipped, repaired geometries, source CRS, encoding, path;
 *   - per mapped field: missing (NULL or blank) and invalid (unparseable) values;
 *   - the enterprise → parcel join coverage (by parcel id, by enterprise id, by location);
 *   - what the compliance flags can use: buildings by `use` class, parcels with 标准地
 *     commitments (and an agreed_finish_date);
 *   - the data-quality rows, the ones `run` would write.
 * Columns are padded by display width (textwidth.c), so Chinese field names line up.
 * Exit 1 (with the one-line message) when the run would fail at these stages.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void check_usage(FILE *f)
{
    fputs("usage: landscan check RUN.yaml [--quiet]\n"
          "\n"
          "Validates the run file, the rules and every input and prints a data-quality\n"
          "report: per layer the features read, CRS, encoding and geometry repairs, missing\n"
          "values per mapped field, the join coverage of enterprises to parcels and the\n"
          "data-quality rows. Writes nothing. Exit 1 when the run would fail.\n"
          "\n"
          "  -q, --quiet        no progress on stderr\n",
          f);
}

static double pct(long part, long whole)
{
    return whole > 0 ? 100.0 * (double)part / (double)whole : 0.0;
}

/* What the compliance flags can use: building uses and 标准地 commitments. */
static void print_flags(const ls_config *cfg, const ls_run_summary *s)
{
    static const char *const names[7] = {"admin 行政办公", "living 生活服务", "production 生产",
                                         "storage 仓储",   "other 附属",      "unknown value 未知",
                                         "no value 缺失"};
    printf("\ncompliance inputs 合规检查数据\n");
    const ls_input *b = ls_config_input(cfg, LS_INPUT_BUILDINGS);
    if (!b || !ls_input_field(b, "use")) {
        printf("  buildings use: not mapped (CHK_ADMIN cannot be evaluated)\n");
    } else {
        long all = 0;
        for (int i = 0; i < 7; i++)
            all += s->buildings_by_use[i];
        printf("  buildings by use 建筑用途 (CHK_ADMIN counts admin and living):");
        for (int i = 0; i < 7; i++)
            printf("%s %s %ld (%.1f%%)", i ? "," : "", names[i], s->buildings_by_use[i],
                   pct(s->buildings_by_use[i], all));
        printf("\n");
    }
    printf("  parcels with a 标准地 commitment 承诺指标: %ld, of which with agreed_finish_date "
           "%ld (CHK_CONTRACT_* needs it)\n",
           s->parcels_with_commitment, s->commitments_with_finish_date);
}

static void print_report(const ls_config *cfg, const ls_rules *rules, const ls_run_summary *s)
{
    printf("run file 运行文件: %s\n  name %s, reference date %s, rules %s\n\n", ls_config_path(cfg),
           ls_config_name(cfg), ls_config_reference_date(cfg), ls_rules_name(rules));

    /* columns padded by display width: Chinese names take two columns per character */
    int crs_w = 12, enc_w = 10;
    for (size_t i = 0; i < s->nlayers; i++) {
        int w = cli_text_width(s->layers[i].crs), e = cli_text_width(s->layers[i].encoding);
        crs_w = w > crs_w ? w : crs_w;
        enc_w = e > enc_w ? e : enc_w;
    }
    printf("layers 图层\n");
    printf("  %-14s %9s %8s %8s  ", "layer", "features", "skipped", "repaired");
    cli_print_padded(stdout, "crs", crs_w + 1);
    cli_print_padded(stdout, "encoding", enc_w + 1);
    printf("path\n");
    for (size_t i = 0; i < s->nlayers; i++) {
        const ls_layer_summary *l = &s->layers[i];
        printf("  %-14s %9ld %8ld %8ld  ", l->role, l->features, l->skipped, l->repaired);
        cli_print_padded(stdout, l->crs, crs_w + 1);
        cli_print_padded(stdout, l->encoding, enc_w + 1);
        printf("%s\n", l->path);
    }

    printf(
        "\nmapped fields 字段映射 (missing 缺失 = NULL or blank; invalid 无效 = does not parse)\n");
    int src_w = 16;
    for (size_t i = 0; i < s->nlayers; i++)
        for (size_t k = 0; k < s->layers[i].nfields; k++) {
            int w = cli_text_width(s->layers[i].fields[k].source);
            src_w = w > src_w ? w : src_w;
        }
    printf("  %-14s %-24s ", "layer", "field");
    cli_print_padded(stdout, "source", src_w);
    printf(" %9s %7s %9s\n", "missing", "%", "invalid");
    for (size_t i = 0; i < s->nlayers; i++) {
        const ls_layer_summary *l = &s->layers[i];
        if (l->nfields == 0)
            printf("  %-14s (no fields mapped)\n", l->role);
        for (size_t k = 0; k < l->nfields; k++) {
            const ls_field_summary *f = &l->fields[k];
            printf("  %-14s %-24s ", l->role, f->canonical);
            cli_print_padded(stdout, f->source, src_w);
            printf(" %9ld %6.1f%% %9ld\n", f->missing, pct(f->missing, l->features), f->invalid);
        }
    }

    printf("\nenterprise join 企业→宗地关联\n");
    if (s->enterprise_records == 0) {
        printf("  no enterprise records (no enterprises input, or it is empty)\n");
    } else {
        long joined = s->enterprise_records - s->unjoined;
        printf("  records %ld: joined %ld (%.1f%%) — by parcel id %ld, by enterprise id %ld, "
               "by location %ld; unjoined %ld\n",
               s->enterprise_records, joined, pct(joined, s->enterprise_records),
               s->joined_by_parcel_id, s->joined_by_enterprise_id, s->joined_by_location,
               s->unjoined);
        long parcels = 0;
        for (size_t i = 0; i < s->nlayers; i++)
            if (strcmp(s->layers[i].role, "parcels") == 0)
                parcels = s->layers[i].features - s->layers[i].skipped;
        printf("  parcels with an enterprise: %ld of %ld (%.1f%%)\n", s->parcels_with_enterprise,
               parcels, pct(s->parcels_with_enterprise, parcels));
    }

    print_flags(cfg, s);

    printf("\ndata quality 数据质量: %ld rows\n", s->data_quality_rows);
    for (size_t i = 0; i < s->nproblems; i++)
        printf("  %s\n", s->problems[i]);
    printf("\ncheck passed: the run can read every input (nothing was written)\n");
}

int cmd_check(int argc, char **argv)
{
    const char *run_path = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            check_usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0) {
            quiet = 1;
        } else if ((argv[i][0] == '-' && argv[i][1]) || run_path) {
            fprintf(stderr, "landscan check: unexpected argument '%s'\n", argv[i]);
            check_usage(stderr);
            return EXIT_USAGE;
        } else {
            run_path = argv[i];
        }
    }
    if (!run_path) {
        check_usage(stderr);
        return EXIT_USAGE;
    }
    ls_context *ctx = NULL;
    ls_config *cfg = NULL;
    ls_rules *rules = NULL;
    ls_run_summary *sum = NULL;
    if (!(ctx = cli_context_new(quiet, 0)))
        return EXIT_INTERNAL;
    ls_run_options opts = LS_RUN_OPTIONS_INIT;
    opts.check_only = 1;
    int rc = ls_run_file_load(ctx, run_path, &cfg, &rules);
    if (rc == LS_OK)
        rc = ls_run(ctx, cfg, rules, &opts, &sum);
    int code = EXIT_OK;
    if (rc != LS_OK) {
        code = cli_fail(ctx, rc);
    } else {
        cli_progress_done();
        print_report(cfg, rules, sum);
    }
    ls_run_summary_free(sum);
    ls_rules_free(rules);
    ls_config_free(cfg);
    ls_context_free(ctx);
    return code;
}
