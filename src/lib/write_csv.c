/*
 * write_csv.c — parcels.csv and blocks.csv for spreadsheet users.
 *
 * UTF-8 with a byte-order mark so Excel reads Chinese correctly; RFC 4180 quoting; fixed
 * number formats (areas in m² 2 decimals, mu 2, ratios 3, money 2); NULL as an empty cell.
 * Same dataset → byte-identical files (no timestamps, stable order = input order).
 * With a ledger (ds->has_ledger) columns are appended after the usual ones, named as in the
 * GeoPackage: parcels.csv change, first_listed, listed_runs; blocks.csv new_listed_mu,
 * resolved_mu, net_listed_mu. Without one the files are exactly as before.
 * Each row is formatted into one reused buffer (textout.c cells, numfmt.h numbers, no
 * printf) and written with one fwrite.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write_csv.h"
#include "textout.h"
#include "write_gpkg.h"

/* The row in b to the file; the buffer is kept for the next row. */
static void put_row(FILE *f, ls__buf *b)
{
    if (b->len)
        fwrite(b->data, 1, b->len, f);
    b->len = 0;
}

static int finish(ls_context *ctx, FILE *f, ls__buf *row, const char *path)
{
    int bad = ferror(f), oom = row->failed;
    ls__buf_free(row);
    if (fclose(f) != 0 || bad)
        return ls__error_set(ctx, LS_EIO, "%s: write failed", path);
    if (oom)
        return ls__error_set(ctx, LS_ENOMEM, "%s: out of memory", path);
    return LS_OK;
}

int ls__write_parcels_csv(ls_context *ctx, const ls__dataset *ds, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ls__error_set(ctx, LS_EIO, "%s: cannot create", path);
    fputs("\xEF\xBB\xBF", f);
    fputs("parcel_id,block_id,block_name,district,town,landuse,industrial,area_m2,area_mu,"
          "inside_control_m2,control_share,control_tier,footprint_m2,floor_area_m2,far,coverage,"
          "far_floor,industry_code,enterprise_ids,enterprise_count,tax_10k,value_added_10k,"
          "tax_per_mu,value_added_per_mu,energy_per_va,eval_score,eval_class,status,action,"
          "reasons,reclaimable_mu,far_uplift_m2,site_id,owner,transition_m2,transition_share,flags",
          f);
    fputs(ds->has_ledger ? ",change,first_listed,listed_runs\r\n" : "\r\n", f);
    ls__buf row = {0};
    for (size_t i = 0; i < ds->nparcels; i++) {
        const ls__parcel *p = &ds->parcels[i];
        int nids = 0;
        char *ids = ls__parcel_enterprise_ids(ds, p, &nids);
        ls__csv_text(&row, p->parcel_id, 0);
        ls__csv_text(&row, p->block_id, 0);
        ls__csv_text(&row, p->block_name, 0);
        ls__csv_text(&row, p->district, 0);
        ls__csv_text(&row, p->town, 0);
        ls__csv_text(&row, p->landuse, 0);
        ls__csv_int(&row, p->industrial, 0);
        ls__csv_num(&row, p->area_m2, 2, 0);
        ls__csv_num(&row, p->area_mu, 2, 0);
        ls__csv_num(&row, p->inside_control_m2, 2, 0);
        ls__csv_num(&row, p->control_share, 3, 0);
        ls__csv_text(&row, p->control_tier, 0);
        ls__csv_num(&row, p->footprint_m2, 2, 0);
        ls__csv_num(&row, p->floor_area_m2, 2, 0);
        ls__csv_num(&row, p->far, 3, 0);
        ls__csv_num(&row, p->coverage, 3, 0);
        ls__csv_num(&row, p->far_floor, 2, 0);
        ls__csv_text(&row, p->industry_code, 0);
        ls__csv_text(&row, ids, 0);
        ls__csv_int(&row, nids, 0);
        ls__csv_num(&row, p->tax_10k, 2, 0);
        ls__csv_num(&row, p->value_added_10k, 2, 0);
        ls__csv_num(&row, p->tax_per_mu, 2, 0);
        ls__csv_num(&row, p->value_added_per_mu, 2, 0);
        ls__csv_num(&row, p->energy_per_va, 3, 0);
        ls__csv_num(&row, p->eval_score, 2, 0);
        ls__csv_text(&row, p->eval_class, 0);
        ls__csv_text(&row, ls__status_name(p->status), 0);
        ls__csv_text(&row, ls__action_name(p->action), 0);
        ls__csv_text(&row, p->reasons, 0);
        ls__csv_num(&row, p->reclaimable_mu, 2, 0);
        ls__csv_num(&row, p->far_uplift_m2, 2, 0);
        if (p->site_id > 0)
            ls__csv_int(&row, p->site_id, 0);
        else
            ls__buf_addn(&row, ",", 1);
        ls__csv_text(&row, p->owner, 0);
        ls__csv_num(&row, p->transition_m2, 2, 0);
        ls__csv_num(&row, p->transition_share, 3, 0);
        ls__csv_text(&row, p->flags ? p->flags : "", !ds->has_ledger);
        if (ds->has_ledger) {
            ls__csv_text(&row, ls__change_name(p->change), 0);
            ls__csv_text(&row, p->first_listed, 0);
            ls__csv_int(&row, p->listed_runs, 1);
        }
        free(ids);
        put_row(f, &row);
    }
    return finish(ctx, f, &row, path);
}

int ls__write_blocks_csv(ls_context *ctx, const ls__dataset *ds, const char *path)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return ls__error_set(ctx, LS_EIO, "%s: cannot create", path);
    fputs("\xEF\xBB\xBF", f);
    fputs("block_id,name,parcel_count,industrial_count,industrial_mu", f);
    for (int s = 0; s < LS_STATUS_COUNT; s++)
        fprintf(f, ",%s_count,%s_mu", ls__status_name((ls__status)s),
                ls__status_name((ls__status)s));
    for (int a = 0; a < LS_ACTION_COUNT; a++)
        fprintf(f, ",%s_count,%s_mu", ls__action_name((ls__action)a),
                ls__action_name((ls__action)a));
    fputs(",reclaimable_mu,far,tax_per_mu,value_added_per_mu,far_uplift_m2,inside_control_mu,"
          "site_count,site_mu,unsupplied_mu",
          f);
    fputs(ds->has_ledger ? ",new_listed_mu,resolved_mu,net_listed_mu\r\n" : "\r\n", f);
    ls__buf row = {0};
    for (size_t i = 0; i < ds->nblocks; i++) {
        const ls__totals *t = &ds->block_totals[i];
        ls__csv_text(&row, ds->blocks[i].id, 0);
        ls__csv_text(&row, ds->blocks[i].name, 0);
        ls__csv_int(&row, t->parcel_count, 0);
        ls__csv_int(&row, t->industrial_count, 0);
        ls__csv_num(&row, t->industrial_mu, 2, 0);
        for (int s = 0; s < LS_STATUS_COUNT; s++) {
            ls__csv_int(&row, t->status_count[s], 0);
            ls__csv_num(&row, t->status_mu[s], 2, 0);
        }
        for (int a = 0; a < LS_ACTION_COUNT; a++) {
            ls__csv_int(&row, t->action_count[a], 0);
            ls__csv_num(&row, t->action_mu[a], 2, 0);
        }
        ls__csv_num(&row, t->reclaimable_mu, 2, 0);
        ls__csv_num(&row, t->far, 3, 0);
        ls__csv_num(&row, t->tax_per_mu, 2, 0);
        ls__csv_num(&row, t->value_added_per_mu, 2, 0);
        ls__csv_num(&row, t->far_uplift_m2, 2, 0);
        ls__csv_num(&row, t->inside_control_mu, 2, 0);
        ls__csv_int(&row, t->site_count, 0);
        ls__csv_num(&row, t->site_mu, 2, 0);
        ls__csv_num(&row, t->unsupplied_mu, 2, !ds->has_ledger);
        if (ds->has_ledger) {
            ls__csv_num(&row, t->new_listed_mu, 2, 0);
            ls__csv_num(&row, t->resolved_mu, 2, 0);
            ls__csv_num(&row, t->net_listed_mu, 2, 1);
        }
        put_row(f, &row);
    }
    return finish(ctx, f, &row, path);
}
