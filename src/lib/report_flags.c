/*
 * report_flags.c — what the reports show of the compliance flags and of 批而未供 land
 * (domain.md §10): the district's flagged parcels (parcels.flags not empty, in the report's
 * parcel order) and its `unsupplied` batches (by approval id), with their mu counted into the
 * report's total and its block groups, as districts / blocks.unsupplied_mu count them
 * (unsupplied.c: each batch where its remaining land mostly lies). Flags read in Chinese with
 * codes.c's phrases; the footprint / floor-area bases as 用地占比 / 建筑面积占比.
 */
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

static int cmp_unsup(const void *a, const void *b)
{
    const ls__runsup *x = *(const ls__runsup *const *)a, *y = *(const ls__runsup *const *)b;
    return strcmp(x->approval_id ? x->approval_id : "", y->approval_id ? y->approval_id : "");
}

int ls__report_build_flags(ls__report *rep)
{
    const ls__rdata *d = rep->data;
    rep->flagged = calloc(rep->nparcels + 1, sizeof(*rep->flagged));
    rep->unsupplied = calloc(d->nunsupplied + 1, sizeof(*rep->unsupplied));
    if (!rep->flagged || !rep->unsupplied)
        return LS_ENOMEM;
    for (size_t i = 0; i < rep->nparcels; i++)
        if (rep->parcels[i]->flags && *rep->parcels[i]->flags)
            rep->flagged[rep->nflagged++] = rep->parcels[i];
    for (size_t i = 0; i < d->nunsupplied; i++) {
        const ls__runsup *u = &d->unsupplied[i];
        if (rep->district && (!u->district || strcmp(u->district, rep->district) != 0))
            continue;
        rep->unsupplied[rep->nunsupplied++] = u;
        rep->total.unsupplied_mu += u->area_mu;
        for (size_t k = 0; u->block_id && k < rep->nblocks; k++)
            if (!rep->blocks[k].unassigned && strcmp(rep->blocks[k].key, u->block_id) == 0)
                rep->blocks[k].t.unsupplied_mu += u->area_mu;
    }
    qsort(rep->unsupplied, rep->nunsupplied, sizeof(*rep->unsupplied), cmp_unsup);
    return LS_OK;
}

/* s with every `from` replaced by `to` (caller frees; NULL on ENOMEM, s freed). */
static char *replace_all(char *s, const char *from, const char *to)
{
    if (!s)
        return NULL;
    ls__buf b = {0};
    ls__buf_add(&b, "");
    size_t n = strlen(from);
    for (const char *p = s; *p;) {
        const char *hit = strstr(p, from);
        if (!hit) {
            ls__buf_add(&b, p);
            break;
        }
        ls__buf_addn(&b, p, (size_t)(hit - p));
        ls__buf_add(&b, to);
        p = hit + n;
    }
    free(s);
    return ls__buf_take(&b);
}

char *ls__report_flags_zh(const char *flags)
{
    char *s = ls__report_reasons_zh(flags, 0);
    s = replace_all(s, "land:", "用地占比 ");
    return replace_all(s, "floor:", "建筑面积占比 ");
}
