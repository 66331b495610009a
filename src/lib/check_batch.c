/*
 * check_batch.c — a per-parcel stage that records check lines (classify, flags) run over
 * the parcels on several threads with the same result as on one.
 *
 * The parcels are cut into chunks of consecutive indexes that the threads take in turn. The
 * stage's function works on one parcel only (it may change that parcel and read everything
 * else) and writes the parcel's check lines in the stored form of rule_checks.c, their
 * texts interned in the table of the chunk. Afterwards, on the calling thread, the chunks'
 * tables are merged into ds->check_texts in chunk order — the texts new to the run get ids
 * in the order one thread would have met them — and each parcel's lines are appended to
 * p->checks with their ids translated. One thread (jobs <= 1) interns straight into
 * ds->check_texts and appends at once.
 *
 * Threads never touch the context (errors come back as codes, the message is set here) and
 * never report progress; whatever the stage accumulates across parcels (data_quality rows,
 * counts) it does after ls__check_batch, in parcel order.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check_batch.h"
#include "rule_checks.h"

/* At most this many parcels a chunk; fewer when there are few parcels, so that every thread
 * has several chunks (and small runs take the merging path too). */
#define CHUNK_MAX 2048

typedef struct batch_chunk {
    ls__check_texts *texts; /* the chunk's own texts */
    size_t *map;            /* its ids → ids of ds->check_texts; NULL when the same */
    ls__buf lines;          /* the lines of the chunk's parcels, one after the other */
    int error;
} batch_chunk;

typedef struct batch {
    ls_context *ctx;
    ls__dataset *ds;
    ls__check_fn fn;
    void *arg;
    batch_chunk *chunks;
    size_t nchunks, chunk; /* chunk: parcels a chunk */
    size_t *off, *len;     /* per parcel: its lines in its chunk's buffer */
    int (*step)(struct batch *b, size_t c, ls__buf *scratch); /* what the threads do */
    pthread_mutex_t lock;
    size_t next; /* the next chunk to take */
    int interrupted;
} batch;

static size_t chunk_end(const batch *b, size_t c)
{
    return (c + 1) * b->chunk < b->ds->nparcels ? (c + 1) * b->chunk : b->ds->nparcels;
}

/* Step 1: the stage on the chunk's parcels, their lines kept aside in one buffer (freed
 * whole afterwards: no per-parcel copy left as holes in the threads' heaps). */
static int run_chunk(batch *b, size_t c, ls__buf *scratch)
{
    (void)scratch;
    batch_chunk *ch = &b->chunks[c];
    if (!(ch->texts = ls__check_texts_new()))
        return LS_ENOMEM;
    for (size_t i = c * b->chunk; i < chunk_end(b, c); i++) {
        b->off[i] = ch->lines.len;
        int error = b->fn(b->arg, i, ch->texts, &ch->lines);
        if (error == LS_OK && ch->lines.failed)
            error = LS_ENOMEM;
        if (error != LS_OK)
            return error;
        b->len[i] = ch->lines.len - b->off[i];
    }
    char *fit = ch->lines.data ? realloc(ch->lines.data, ch->lines.len + 1) : NULL;
    if (fit) { /* the chunks wait for each other: no slack meanwhile */
        ch->lines.data = fit;
        ch->lines.cap = ch->lines.len + 1;
    }
    return LS_OK;
}

/* Step 3 (after the merge): the chunk's lines onto its parcels, ids translated. */
static int append_chunk(batch *b, size_t c, ls__buf *scratch)
{
    batch_chunk *ch = &b->chunks[c];
    int error = LS_OK;
    for (size_t i = c * b->chunk; i < chunk_end(b, c) && error == LS_OK; i++) {
        if (!b->len[i])
            continue;
        const char *lines = ch->lines.data + b->off[i];
        size_t len = b->len[i];
        if (ch->map) {
            if ((error = ls__rule_checks_remap(lines, len, ch->map, scratch)) != LS_OK)
                break;
            lines = scratch->data;
            len = scratch->len;
        }
        error = ls__rule_checks_append(&b->ds->parcels[i], lines, len);
    }
    ls__buf_free(&ch->lines);
    return error;
}

static void *worker(void *arg)
{
    batch *b = arg;
    ls__buf scratch = {0};
    for (;;) {
        if (ls_context_interrupted(b->ctx)) {
            b->interrupted = 1; /* only ever set to 1 */
            break;
        }
        pthread_mutex_lock(&b->lock);
        size_t c = b->next++;
        pthread_mutex_unlock(&b->lock);
        if (c >= b->nchunks)
            break;
        b->chunks[c].error = b->step(b, c, &scratch);
        if (b->chunks[c].error != LS_OK)
            break;
    }
    ls__buf_free(&scratch);
    return NULL;
}

/* b->step over every chunk on `jobs` threads; the first failing chunk's error. */
static int run_step(batch *b, int jobs, int (*step)(batch *, size_t, ls__buf *))
{
    pthread_t threads[64];
    int started = 0;
    b->step = step;
    b->next = 0;
    for (int t = 0; t < jobs; t++) {
        if (pthread_create(&threads[t], NULL, worker, b) != 0)
            break;
        started++;
    }
    if (started < jobs)
        worker(b); /* this thread does what the missing ones would have done */
    for (int t = 0; t < started; t++)
        pthread_join(threads[t], NULL);
    for (size_t c = 0; c < b->nchunks; c++)
        if (b->chunks[c].error != LS_OK)
            return b->chunks[c].error;
    return b->interrupted || b->next < b->nchunks ? LS_EINTERRUPTED : LS_OK;
}

/* Step 2: the chunks' texts into ds->check_texts in chunk order. */
static int merge_texts(batch *b)
{
    for (size_t c = 0; c < b->nchunks; c++) {
        batch_chunk *ch = &b->chunks[c];
        size_t n = ls__check_texts_count(ch->texts);
        if (!(ch->map = malloc((n + 1) * sizeof(*ch->map))) ||
            ls__check_texts_merge(b->ds->check_texts, ch->texts, ch->map) != LS_OK)
            return LS_ENOMEM;
        int same = 1;
        for (size_t id = 1; id <= n && same; id++)
            same = ch->map[id] == id;
        if (same) {
            free(ch->map);
            ch->map = NULL;
        }
        ls__check_texts_free(ch->texts);
        ch->texts = NULL;
    }
    return LS_OK;
}

/* One thread: intern into ds->check_texts and append each parcel's lines at once. */
static int run_alone(ls_context *ctx, ls__dataset *ds, const char *stage, ls__check_fn fn,
                     void *arg)
{
    ls__buf out = {0};
    int error = LS_OK;
    for (size_t i = 0; i < ds->nparcels && error == LS_OK; i++) {
        if ((i & 255) == 0) {
            if (ls_context_interrupted(ctx)) {
                ls__buf_free(&out);
                return ls__error_set(ctx, LS_EINTERRUPTED, "%s: interrupted", stage);
            }
            ls__progress(ctx, stage, (double)i / (double)ds->nparcels);
        }
        out.len = 0;
        error = fn(arg, i, ds->check_texts, &out);
        if (error == LS_OK && out.failed)
            error = LS_ENOMEM;
        if (error == LS_OK && out.len)
            error = ls__rule_checks_append(&ds->parcels[i], out.data, out.len);
    }
    ls__buf_free(&out);
    if (error == LS_OK)
        ls__progress(ctx, stage, 1.0);
    return error == LS_OK ? LS_OK : ls__error_set(ctx, error, "%s: out of memory", stage);
}

int ls__check_batch(ls_context *ctx, ls__dataset *ds, int jobs, const char *stage, ls__check_fn fn,
                    void *arg)
{
    if (!ds->check_texts && !(ds->check_texts = ls__check_texts_new()))
        return ls__error_set(ctx, LS_ENOMEM, "%s: out of memory", stage);
    if (jobs > 64)
        jobs = 64;
    if ((size_t)jobs > ds->nparcels)
        jobs = (int)ds->nparcels;
    if (jobs <= 1)
        return run_alone(ctx, ds, stage, fn, arg);
    size_t chunk = ds->nparcels / ((size_t)jobs * 8);
    chunk = chunk < 1 ? 1 : chunk > CHUNK_MAX ? CHUNK_MAX : chunk;
    size_t nchunks = (ds->nparcels + chunk - 1) / chunk;

    int error = LS_OK;
    batch b;
    memset(&b, 0, sizeof(b));
    b.ctx = ctx;
    b.ds = ds;
    b.fn = fn;
    b.arg = arg;
    b.nchunks = nchunks;
    b.chunk = chunk;
    b.chunks = calloc(nchunks, sizeof(*b.chunks));
    b.off = calloc(ds->nparcels, sizeof(*b.off));
    b.len = calloc(ds->nparcels, sizeof(*b.len));
    if (!b.chunks || !b.off || !b.len || pthread_mutex_init(&b.lock, NULL) != 0) {
        free(b.chunks);
        free(b.off);
        free(b.len);
        return ls__error_set(ctx, LS_ENOMEM, "%s: out of memory", stage);
    }
    ls__progress(ctx, stage, 0.0);
    error = run_step(&b, jobs, run_chunk);
    if (error == LS_OK)
        error = merge_texts(&b);
    if (error == LS_OK)
        error = run_step(&b, jobs, append_chunk);
    pthread_mutex_destroy(&b.lock);
    if (error == LS_EINTERRUPTED)
        ls__error_set(ctx, error, "%s: interrupted", stage);
    else if (error != LS_OK)
        ls__error_set(ctx, error, "%s: out of memory", stage);
    else
        ls__progress(ctx, stage, 1.0);
    for (size_t c = 0; c < nchunks; c++) {
        ls__check_texts_free(b.chunks[c].texts);
        free(b.chunks[c].map);
        ls__buf_free(&b.chunks[c].lines);
    }
    free(b.chunks);
    free(b.off);
    free(b.len);
    return error;
}
