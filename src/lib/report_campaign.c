/*
 * report_campaign.c — the campaign part of one district's report view (domain.md §10): the
 * rows of table `targets` that belong to the report (its district's; the whole run's rows,
 * district "", for a report without district) and the district's supply-restricted firms
 * (enterprises.supply_restricted: classes in no_new_land_classes get no new land, seed 004),
 * largest land first, then by id. The writers (report_html.c, report_xlsx.c) format them;
 * the labels of the indicators are codes.c's (ls__target_from_name).
 */
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

static int cmp_restricted(const void *a, const void *b)
{
    const ls__rent *x = *(const ls__rent *const *)a, *y = *(const ls__rent *const *)b;
    if (x->land_mu != y->land_mu)
        return x->land_mu > y->land_mu ? -1 : 1;
    return strcmp(x->enterprise_id ? x->enterprise_id : "",
                  y->enterprise_id ? y->enterprise_id : "");
}

int ls__report_build_campaign(const ls__rdata *d, ls__report *rep)
{
    rep->targets = calloc(d->ntargets + 1, sizeof(*rep->targets));
    rep->restricted = calloc(rep->nents + 1, sizeof(*rep->restricted));
    if (!rep->targets || !rep->restricted)
        return LS_ENOMEM;
    const char *want = rep->district ? rep->district : "";
    for (size_t i = 0; i < d->ntargets; i++)
        if (strcmp(d->targets[i].district, want) == 0)
            rep->targets[rep->ntargets++] = &d->targets[i];
    for (size_t i = 0; i < rep->nents; i++)
        if (rep->ents[i]->supply_restricted)
            rep->restricted[rep->nrestricted++] = rep->ents[i];
    if (rep->nrestricted > 1)
        qsort(rep->restricted, rep->nrestricted, sizeof(*rep->restricted), cmp_restricted);
    return LS_OK;
}
