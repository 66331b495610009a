/*
 * context.h — the landscan library context: error codes, the last error message,
 * notices, progress reporting and the interrupt flag.
 *
 * Every library call takes an ls_context as its first argument. The context owns no
 * geometry; it carries the one-line message of the last failure (naming the file, layer,
 * feature or YAML line), a notice callback for warnings, a progress callback (the library
 * never prints) and an interrupt flag that a signal handler may set.
 *
 * Threads: one ls_context per thread. A context and everything loaded with it (config,
 * rules, results) are used by one thread at a time; the library makes its own worker
 * contexts for the threads it starts. The one exception is ls_context_interrupt(): it may
 * be called from any thread or from a signal handler while another thread runs a call on
 * the context. Contexts share nothing, so separate threads may each run their own.
 *
 * Arguments: a NULL where a handle or an out parameter is required is a programmer error;
 * the call returns LS_EINVAL with "<function>: invalid argument: <name>" as the message.
 *
 * Ownership: ls_context_new() gives the caller a context to free with ls_context_free().
 * Strings returned by ls_context_error() are borrowed and valid until the next call.
 */
#ifndef LANDSCAN_CONTEXT_H
#define LANDSCAN_CONTEXT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes: 0 success, negative on failure. */
enum {
    LS_OK = 0,
    LS_EINVAL = -1,       /* bad input data or configuration */
    LS_ENOTFOUND = -2,    /* a file, layer, field or preset does not exist */
    LS_EIO = -3,          /* reading or writing failed */
    LS_ENOMEM = -4,       /* out of memory */
    LS_EGEOM = -5,        /* unusable geometry */
    LS_ECRS = -6,         /* coordinate reference system problem */
    LS_EDEP = -7,         /* a dependency (GDAL, GEOS, PROJ, SQLite) failed */
    LS_EINTERRUPTED = -8, /* the interrupt flag was set */
    LS_EEXIST = -9,       /* output exists and overwriting was not allowed */
    LS_EINTERNAL = -10    /* a bug: should never happen */
};

/* Notice levels passed to the notice callback. */
enum { LS_NOTICE_INFO = 0, LS_NOTICE_WARNING = 1 };

typedef struct ls_context ls_context;

/* Progress: stage is a short label ("read parcels"), fraction in [0, 1]. `landscan run`
 * writes its reports on a second thread, which reports too: the callback may be called from
 * two threads at once. */
typedef void (*ls_progress_fn)(const char *stage, double fraction, void *userdata);
/* Notices: warnings and information the caller may show (never errors). */
typedef void (*ls_notice_fn)(int level, const char *message, void *userdata);

/* Create a context. Returns LS_OK or LS_ENOMEM. */
int ls_context_new(ls_context **out);
/* Free a context; NULL is accepted. */
void ls_context_free(ls_context *ctx);

/* The last error message (one line), or "" when none. Borrowed. */
const char *ls_context_error(const ls_context *ctx);
/* The last error code, LS_OK when none. */
int ls_context_error_code(const ls_context *ctx);

void ls_context_set_progress(ls_context *ctx, ls_progress_fn fn, void *userdata);
void ls_context_set_notice(ls_context *ctx, ls_notice_fn fn, void *userdata);

/* Ask a running call to stop as soon as possible: it returns LS_EINTERRUPTED and leaves no
 * half-written output. Async-signal-safe; callable from any thread. */
void ls_context_interrupt(ls_context *ctx);
int ls_context_interrupted(const ls_context *ctx);

/* Directory holding the shipped rules presets; NULL restores the default. */
int ls_context_set_preset_dir(ls_context *ctx, const char *dir);
const char *ls_context_preset_dir(const ls_context *ctx);

/* Library version string, e.g. "0.1.0". */
const char *ls_version(void);

#ifdef __cplusplus
}
#endif
#endif
