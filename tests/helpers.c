/* helpers.c: what several test programs share. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "helpers.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

sm_ctx *th_ctx(void)
{
    char err[256];
    sm_ctx *ctx = sm_ctx_new(SM_SOURCE_DIR "/models", "english", err, sizeof err);
    if (!ctx)
        fail_msg("sm_ctx_new: %s", err);
    return ctx;
}

char *th_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    size_t got;
    while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0)
            s = realloc(s, cap *= 2);
    }
    fclose(f);
    s[n] = '\0';
    if (len)
        *len = n;
    return s;
}

int th_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

/* ---- temporary folders: made under $TMPDIR, removed at exit ------------- */

/* The folders this process made, removed by remove_tmpdirs at its exit
 * (a forked child that exits leaves its parent's alone). */
static struct {
    char **dirs;
    size_t n;
    pid_t owner;
} made;

/* Whether a walk met a folder it could not read. */
static bool unreadable;

/* nftw callback: gives folders back the permissions a test may have taken
 * away, so that what they hold can be removed. */
static int open_up(const char *path, const struct stat *st, int kind,
                   struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (kind == FTW_D || kind == FTW_DNR)
        chmod(path, 0700);
    if (kind == FTW_DNR)
        unreadable = true; /* its content is reached on the next walk */
    return 0;
}

/* nftw callback: removes what it is given, deepest first. */
static int remove_one(const char *path, const struct stat *st, int kind,
                      struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    (void)kind;
    remove(path); /* at exit, what cannot be removed stays */
    return 0;
}

static void remove_tree(const char *dir)
{
    unreadable = true;
    for (int pass = 0; pass < 8 && unreadable; pass++) {
        unreadable = false;
        nftw(dir, open_up, 16, FTW_PHYS);
    }
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_tmpdirs(void)
{
    if (getpid() != made.owner)
        return;
    for (size_t i = 0; i < made.n; i++) {
        remove_tree(made.dirs[i]);
        free(made.dirs[i]);
    }
    free(made.dirs);
    made.dirs = NULL;
    made.n = 0;
}

char *th_tmpdir_under(const char *base)
{
    size_t n = strlen(base) + sizeof "/sm-test-XXXXXX";
    char *d = malloc(n);
    snprintf(d, n, "%s/sm-test-XXXXXX", base);
    if (!mkdtemp(d)) {
        free(d);
        return NULL;
    }
    if (made.owner != getpid()) { /* the first folder of this process */
        if (made.owner == 0)
            atexit(remove_tmpdirs);
        for (size_t i = 0; i < made.n; i++) /* a parent's, after fork */
            free(made.dirs[i]);
        made.n = 0;
        made.owner = getpid();
    }
    made.dirs = realloc(made.dirs, (made.n + 1) * sizeof *made.dirs);
    made.dirs[made.n++] = strdup(d);
    return d;
}

char *th_tmpdir(void)
{
    const char *t = getenv("TMPDIR");
    return th_tmpdir_under(t && *t ? t : "/tmp");
}

static char *slurp_fd(int fd)
{
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    ssize_t got;
    while ((got = read(fd, s + n, cap - n - 1)) > 0) {
        n += (size_t)got;
        if (cap - n - 1 == 0)
            s = realloc(s, cap *= 2);
    }
    s[n] = '\0';
    return s;
}

int th_run(const char *const *args, const char *stdin_data, char **out,
           char **err)
{
    char *dir = th_tmpdir();
    size_t plen = strlen(dir) + sizeof "/out";
    char *opath = malloc(plen), *epath = malloc(plen), *ipath = malloc(plen);
    snprintf(opath, plen, "%s/out", dir);
    snprintf(epath, plen, "%s/err", dir);
    snprintf(ipath, plen, "%s/in", dir);
    th_write_file(ipath, stdin_data ? stdin_data : "",
                  stdin_data ? strlen(stdin_data) : 0);
    size_t n = 0;
    while (args[n])
        n++;
    char **argv = calloc(n + 2, sizeof *argv);
    argv[0] = (char *)SM_BINARY;
    for (size_t i = 0; i < n; i++)
        argv[i + 1] = (char *)args[i];
    pid_t pid = fork();
    if (pid == 0) {
        int in = open(ipath, O_RDONLY);
        int o = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        dup2(in, 0);
        dup2(o, 1);
        dup2(e, 2);
        setenv("SUMMARIZER_MODELS", SM_SOURCE_DIR "/models", 1);
        execv(SM_BINARY, argv);
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    free(argv);
    int fd = open(opath, O_RDONLY);
    char *o = slurp_fd(fd);
    close(fd);
    fd = open(epath, O_RDONLY);
    char *e = slurp_fd(fd);
    close(fd);
    if (out) *out = o; else free(o);
    if (err) *err = e; else free(e);
    unlink(opath);
    unlink(epath);
    unlink(ipath);
    rmdir(dir);
    free(opath);
    free(epath);
    free(ipath);
    free(dir);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
