/*
 * report_csv.c — one district's parcel lists as CSV (`landscan report --format csv`).
 *
 * One file per district with the listed parcels — suspected idle, relocatable, low
 * efficiency, in that order, each sorted by block and parcel id — with the columns of the
 * workbook's list sheets, the Chinese reasons and compliance flags (合规提示). UTF-8 with a
 * byte-order mark so Excel reads Chinese correctly, RFC 4180 quoting, CRLF, fixed decimals (mu,
 * ratios, money 2), NULL as an empty cell. Same report → byte-identical file.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_write.h"
#include "textout.h"

static void number(FILE *f, double v, int dec)
{
    if (!isnan(v))
        fprintf(f, "%.*f", dec, v == 0 ? 0.0 : v);
    fputc(',', f);
}

int ls__report_write_csv(ls_context *ctx, const ls__report *rep, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ls__error_set(ctx, LS_EIO, "%s: cannot create", path);
    int oom = 0;
    fputs("\xEF\xBB\xBF"
          "清单,地块编号,区块编号,区块名称,镇街,权利人,土地用途,面积(亩),容积率,建筑系数,"
          "控制线内比例,亩均税收(万元/亩),亩均增加值(万元/亩),评价类别,状态,处置方式,"
          "项目类别,可盘活(亩),提容潜力(平方米),连片地块编号,原因,合规提示\r\n",
          f);
    for (int k = 0; k < 3; k++) {
        for (size_t i = 0; i < rep->nparcels; i++) {
            const ls__rparcel *p = rep->parcels[i];
            if (p->status != ls__report_list_status[k])
                continue;
            char *why = ls__report_reasons_zh(p->reasons, 1);
            oom |= why == NULL;
            ls__csv_text_f(f, ls__report_list_title[k], 0);
            ls__csv_text_f(f, p->parcel_id, 0);
            ls__csv_text_f(f, p->block_id, 0);
            ls__csv_text_f(f, p->block_name, 0);
            ls__csv_text_f(f, p->town, 0);
            ls__csv_text_f(f, p->owner, 0);
            ls__csv_text_f(f, p->landuse, 0);
            number(f, p->area_mu, 2);
            number(f, p->far, 2);
            number(f, p->coverage, 2);
            number(f, p->control_share, 2);
            number(f, p->tax_per_mu, 2);
            number(f, p->value_added_per_mu, 2);
            ls__csv_text_f(f, p->eval_class, 0);
            ls__csv_text_f(f, ls__status_label(p->status), 0);
            ls__csv_text_f(f, ls__action_label(p->action), 0);
            ls__csv_text_f(f, ls__action_category(p->action), 0);
            number(f, p->reclaimable_mu, 2);
            number(f, p->far_uplift_m2, 0);
            if (p->site_id > 0)
                fprintf(f, "%d", p->site_id);
            fputc(',', f);
            ls__csv_text_f(f, why, 0);
            free(why);
            char *flags = ls__report_flags_zh(p->flags);
            oom |= flags == NULL;
            ls__csv_text_f(f, flags, 1);
            free(flags);
        }
    }
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (oom)
        return ls__error_set(ctx, LS_ENOMEM, "out of memory");
    if (bad)
        return ls__error_set(ctx, LS_EIO, "%s: write failed", path);
    return LS_OK;
}
