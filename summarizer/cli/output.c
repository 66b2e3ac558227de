/* output.c: where the commands write what they made: standard output or a
 * file given with -o, never half-written, and never destroying what the
 * path stood for:
 *   - a symbolic link is followed: its target is replaced, the link stays;
 *   - a character device or a FIFO (/dev/null, a pipe) is written through,
 *     as a shell's > would, never replaced by a regular file;
 *   - any other file that is not a regular file is refused;
 *   - a regular file is replaced atomically (temporary file in the same
 *     directory, fsync, rename) by one with the same mode and owner; when
 *     its owner cannot be kept it is left alone, with an error;
 *   - a regular file with other hard links is written in place, as cp and
 *     editors do: a rename would give only this name the new content and
 *     leave the other names on the old.  Its room is reserved before the
 *     first byte changes, so a full disk leaves it as it was. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool write_fd(int fd, const char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            if (w == 0)
                errno = ENOSPC;
            return false;
        }
        off += (size_t)w;
    }
    return true;
}

/* Writes data to path through a temporary file in the same directory and a
 * rename, so a reader sees the old file or the new one, never half.  was,
 * when not NULL, is the file replaced: its mode and owner are kept. */
static bool write_atomically(const char *path, const char *data, size_t len,
                             const struct stat *was)
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
    bool ok = true;
    int saved = 0;
    if (was && (fchown(fd, was->st_uid, was->st_gid) != 0)) {
        saved = errno;
        cli_error("%s: cannot keep its owner (uid %ld, gid %ld): %s; left as it was",
                  path, (long)was->st_uid, (long)was->st_gid, strerror(saved));
        unlink(tmp.s);
        close(fd);
        cli_buf_free(&tmp);
        return false;
    }
    ok = fchmod(fd, was ? was->st_mode & 07777 : 0666 & ~mask) == 0;
    ok = ok && write_fd(fd, data, len) && fsync(fd) == 0;
    saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && rename(tmp.s, path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok) {
        cli_error("%s: cannot write: %s%s", path, strerror(saved),
                  was ? "; left as it was" : "");
        unlink(tmp.s);
    }
    cli_buf_free(&tmp);
    return ok;
}

/* A character device or a FIFO: written to as it is, never replaced. */
static bool write_through(const char *path, const char *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        cli_error("%s: cannot open for writing: %s", path, strerror(errno));
        return false;
    }
    bool ok = write_fd(fd, data, len);
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        cli_error("%s: cannot write: %s", path, strerror(saved));
    return ok;
}

/* A regular file with other hard links: overwritten in place (same inode,
 * so every name sees the new content).  The room is reserved first, so
 * running out of space fails before anything changed. */
static bool write_in_place(const char *path, const char *data, size_t len,
                           const struct stat *was)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        cli_error("%s: cannot open for writing: %s", path, strerror(errno));
        return false;
    }
    struct stat now;
    if (fstat(fd, &now) != 0 || now.st_dev != was->st_dev ||
        now.st_ino != was->st_ino) {
        cli_error("%s: replaced while being written; not written", path);
        close(fd);
        return false;
    }
    int r = len > (size_t)was->st_size && len <= (size_t)LLONG_MAX
                ? posix_fallocate(fd, 0, (off_t)len)
                : 0;
    /* Some file systems cannot reserve room: then the writes will tell. */
    if (r != 0 && r != EOPNOTSUPP && r != EINVAL) {
        cli_error("%s: cannot make room for %zu bytes: %s; left as it was", path,
                  len, strerror(r));
        close(fd);
        return false;
    }
    bool ok = write_fd(fd, data, len) && ftruncate(fd, (off_t)len) == 0 &&
              fsync(fd) == 0;
    int saved = errno;
    if (close(fd) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        cli_error("%s: cannot write: %s (the file has %ld names and was being "
                  "written in place)", path, strerror(saved), (long)was->st_nlink);
    return ok;
}

static bool write_file(const char *path, const char *data, size_t len)
{
    struct stat st;
    char *target = NULL;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        target = realpath(path, NULL);
        if (!target) {
            cli_error("%s: a symbolic link whose target cannot be reached (%s); "
                      "nothing written", path, strerror(errno));
            return false;
        }
    }
    const char *where = target ? target : path;
    bool ok;
    if (stat(where, &st) != 0) {
        if (errno == ENOENT) {
            ok = write_atomically(where, data, len, NULL);
        } else {
            cli_error("%s: %s", where, strerror(errno));
            ok = false;
        }
    } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
        ok = write_through(where, data, len);
    } else if (!S_ISREG(st.st_mode)) {
        cli_error("%s: not a regular file (%s); not replaced", where,
                  S_ISDIR(st.st_mode) ? "a folder" : S_ISBLK(st.st_mode) ? "a block device"
                  : S_ISSOCK(st.st_mode) ? "a socket" : "of an unknown kind");
        ok = false;
    } else if (st.st_nlink > 1) {
        ok = write_in_place(where, data, len, &st);
    } else {
        ok = write_atomically(where, data, len, &st);
    }
    free(target);
    return ok;
}

bool cli_write_output(const char *path, const char *data, size_t len)
{
    if (path && strcmp(path, "-") != 0)
        return write_file(path, data, len);
    if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
        cli_error("standard output: %s", strerror(errno));
        return false;
    }
    return true;
}
