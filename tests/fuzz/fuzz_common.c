/*
 * fuzz_common.c — the in-memory file helper of the fuzz targets (see fuzz_common.h).
 * memfd_create keeps fuzzing off the disk and needs no clean-up beyond close().
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"

int fuzz_memfile(const uint8_t *data, size_t size, char *path, size_t path_len)
{
    int fd = memfd_create("landscan-fuzz", MFD_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    snprintf(path, path_len, "/proc/self/fd/%d", fd);
    return fd;
}
