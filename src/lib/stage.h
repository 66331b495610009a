/*
 * stage.h — staging of an output folder (stage.c): outputs are written into a temporary
 * folder inside the destination and moved into place only when all are complete, so a
 * failed or interrupted writer leaves the destination as it was. Used by ls_run() for its
 * output folder and by ls_report_write() for reports/.
 */
#ifndef LANDSCAN_STAGE_H
#define LANDSCAN_STAGE_H

#include "internal.h"

typedef struct ls__stage {
    char *dir;   /* the destination */
    char *tmp;   /* dir/.landscan-tmp-<pid>: write here */
    int created; /* dir did not exist before ls__stage_begin() */
} ls__stage;

/* Create dir (and its parents) when missing, and an empty temporary folder in it (a
 * leftover of a crashed process with the same pid is removed first). On failure (LS_EIO,
 * LS_ENOMEM, the message names the folder) *st holds nothing to release. */
int ls__stage_begin(ls_context *ctx, const char *dir, ls__stage *st);

/* Move every entry of the temporary folder into dir, in name order; an entry of the same
 * name is replaced (a folder with all it holds). LS_EIO names the entry that failed. */
int ls__stage_commit(ls_context *ctx, ls__stage *st);

/* Remove the temporary folder with whatever is left in it; when `failed` and dir was
 * created by ls__stage_begin(), remove dir too if it is empty. Accepts a zeroed stage. */
void ls__stage_end(ls__stage *st, int failed);

/* A writer failed inside the temporary folder: rewrite the context's message so that it
 * names the destination (not .landscan-tmp-<pid>), says that nothing was left behind, and
 * adds the cause the writer may not have seen: the file system full (free space measured
 * before the temporary folder goes) or read-only. Returns `error` (unchanged for
 * LS_EINTERRUPTED and LS_ENOMEM). */
int ls__stage_failed(ls_context *ctx, const ls__stage *st, int error);

/* Create a folder and its parents (0 on success or when it exists, -1 and errno). */
int ls__mkdir_p(const char *path);

/* Remove a file or a folder with everything in it (only for our own outputs). */
void ls__remove_tree(const char *path);

#endif
