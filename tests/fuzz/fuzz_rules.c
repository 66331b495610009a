/*
 * fuzz_rules.c — fuzz target for the rules file parser (src/lib/rules.c): any bytes given
 * as a rules YAML must load or fail with one line; loaded rules are resolved for a year,
 * written back as YAML and JSON, and the YAML is loaded again (it must load: the writer's
 * contract is "loadable again"). `extends:` may name the shipped presets (LS_FUZZ_PRESET_DIR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_common.h"
#include "internal.h" /* the ls_config / ls_rules layouts */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    ls_context *ctx = NULL;
    if (ls_context_new(&ctx) != LS_OK)
        return 0;
    ls_context_set_preset_dir(ctx, LS_FUZZ_PRESET_DIR);
    int fd = fuzz_memfile(data, size, path, sizeof(path));
    ls_rules *rules = NULL, *again = NULL;
    char *yaml = NULL, *json = NULL;
    if (fd < 0)
        goto cleanup;
    int rc = ls_rules_load(ctx, path, "/", &rules);
    if (rc != LS_OK) {
        const char *msg = ls_context_error(ctx);
        if (getenv("LS_FUZZ_VERBOSE"))
            fprintf(stderr, "%s\n", msg);
        FUZZ_CHECK(rules == NULL && msg && *msg && !strchr(msg, '\n'));
        goto cleanup;
    }
    ls_rules_apply_year(rules, 2025);
    (void)ls_rules_is_industrial(rules, "0601");
    (void)ls_rules_is_industrial(rules, "工业用地");
    if (ls_rules_to_json(ctx, rules, &json) != LS_OK ||
        ls_rules_to_yaml(ctx, rules, &yaml) != LS_OK)
        goto cleanup;
    {
        char path2[64];
        int fd2 = fuzz_memfile((const uint8_t *)yaml, strlen(yaml), path2, sizeof(path2));
        if (fd2 >= 0) {
            rc = ls_rules_load(ctx, path2, "/", &again);
            if (rc != LS_OK) {
                fprintf(stderr, "written rules do not load again: %s\n%s\n", ls_context_error(ctx),
                        yaml);
                abort();
            }
            close(fd2);
        }
    }
cleanup:
    ls_rules_free(again);
    ls_rules_free(rules);
    free(yaml);
    free(json);
    if (fd >= 0)
        close(fd);
    ls_context_free(ctx);
    return 0;
}
