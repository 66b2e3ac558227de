/* output.c: where the commands write what they made: standard output or a
 * file given with -o, never half-written. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes data to path through a temporary file in the same directory and a
 * rename, so a reader sees the old file or the new one, never half. */
static bool write_atomically(const char *path, const char *data, size_t len)
{
    cli_buf tmp = {0};
    cli_buf_printf(&tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp.s);
    if (fd < 0) {
        cli_error("%s: cannot create a temporary file: %s", path,
                  strerror(errno));
        cli_buf_free(&tmp);
        return false;
    }
    mode_t mask = umask(0);
    umask(mask);
    bool ok = fchmod(fd, 0666 & ~mask) == 0;
    size_t off = 0;
    while (ok && off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            ok = false;
        else
            off += (size_t)w;
    }
    ok = ok && fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp.s, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        cli_error("%s: cannot write: %s", path, strerror(saved));
        unlink(tmp.s);
    }
    cli_buf_free(&tmp);
    return ok;
}

bool cli_write_output(const char *path, const char *data, size_t len)
{
    if (path && strcmp(path, "-") != 0)
        return write_atomically(path, data, len);
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
        cli_error("standard output: %s", strerror(errno));
        return false;
    }
    return true;
}
