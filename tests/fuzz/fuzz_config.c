/*
 * fuzz_config.c — fuzz target for the run file parser (src/lib/config.c): any bytes given
 * as RUN.yaml must load or fail with an error code and a one-line message, never crash or
 * leak. A loaded config is walked (every field looked up) before it is freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "internal.h" /* the ls_config layout */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return 0;
    int fd = fuzz_memfile(data, size, path, sizeof(path));
    if (fd >= 0) {
        ls_config *cfg = NULL;
        int rc = ls_config_load(ctx, path, &cfg);
        if (rc == LS_OK) {
            for (int r = 0; r < LS_INPUT_COUNT; r++) {
                const ls_input *in = &cfg->inputs[r];
                for (size_t i = 0; i < in->nfields; i++)
                    FUZZ_CHECK(ls_input_field(in, in->fields[i].canonical) != NULL);
            }
            ls_config_free(cfg);
        } else {
            const char *msg = ls_context_error(ctx);
            if (getenv("LS_FUZZ_VERBOSE"))
                fprintf(stderr, "%s\n", msg);
            FUZZ_CHECK(cfg == NULL && msg && *msg && !strchr(msg, '\n'));
        }
        close(fd);
    }
    ls_context_free(ctx);
    return 0;
}
