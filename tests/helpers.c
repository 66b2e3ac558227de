/* helpers.c: what several test programs share. */
#include "helpers.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

char *th_tmpdir(void)
{
    char tmpl[] = "/tmp/sm-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
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
    char opath[512], epath[512], ipath[512];
    snprintf(opath, sizeof opath, "%s/out", dir);
    snprintf(epath, sizeof epath, "%s/err", dir);
    snprintf(ipath, sizeof ipath, "%s/in", dir);
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
    free(dir);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
