/*
 * web_bench: how fast the web layer reads pages: every file given (or
 * found below a folder given) is read into memory first, then parsed and
 * its article extracted `--repeat` times (default 3) with the CPU time of
 * the process measured; prints MB/s of input and pages/s.  Pin it to one
 * core for the figure in tools/RESULTS.md:
 *
 *   taskset -c 0 build/tools/web_bench ../shared/eval/pages/readability
 */
#include "web/web.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

typedef struct file {
    char *path, *data;
    size_t len;
} file;
typedef SM_VEC(file) filevec;

static void add_path(filevec *fs, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return;
    if (S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return;
        struct dirent *e;
        SM_VEC(char *) names = {0};
        while ((e = readdir(d)))
            if (e->d_name[0] != '.')
                SM_PUSH(names, sm_xstrdup(e->d_name));
        closedir(d);
        for (size_t i = 0; i < names.n; i++) {
            sm_buf p = {0};
            sm_buf_printf(&p, "%s/%s", path, names.v[i]);
            /* Only pages: the expected texts beside them are not input. */
            if (strstr(names.v[i], "expected") == NULL)
                add_path(fs, p.s);
            sm_buf_free(&p);
            free(names.v[i]);
        }
        SM_FREEVEC(names);
        return;
    }
    FILE *f = fopen(path, "rb");
    if (!f)
        return;
    sm_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sm_buf_add(&b, chunk, got);
    fclose(f);
    if (b.len && sm_web_sniff(path, b.s, b.len) != SM_WEB_TEXT) {
        file fl = {sm_xstrdup(path), b.s, b.len};
        SM_PUSH(*fs, fl);
    } else {
        sm_buf_free(&b);
    }
}

static void count_doc(void *ud, const sm_web_doc *d)
{
    size_t *n = ud;
    *n += d->len ? 1 : 0;
}

static void quiet(void *ud, const char *msg)
{
    (void)ud;
    (void)msg;
}

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    int repeat = 3;
    filevec fs = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else
            add_path(&fs, argv[i]);
    }
    if (!fs.n || repeat < 1) {
        fprintf(stderr, "usage: web_bench [--repeat N] FILE|DIR...\n");
        return 2;
    }
    char err[256];
    sm_ctx *ctx = sm_ctx_new(NULL, NULL, err, sizeof err);
    if (!ctx) {
        fprintf(stderr, "web_bench: %s\n", err);
        return 1;
    }
    sm_ctx_set_warn(ctx, quiet, NULL);
    sm_web *w = sm_web_new(ctx);
    size_t bytes = 0, docs = 0;
    for (size_t i = 0; i < fs.n; i++)
        bytes += fs.v[i].len;
    double t0 = cpu_seconds();
    for (int r = 0; r < repeat; r++)
        for (size_t i = 0; i < fs.n; i++)
            sm_web_read(w, fs.v[i].path, fs.v[i].data, fs.v[i].len, count_doc, &docs);
    double t = cpu_seconds() - t0;
    double mb = (double)bytes * repeat / 1e6;
    printf("%zu files, %.1f MB, %d runs: %.2f s CPU, %.1f MB/s, %.0f pages/s, %zu documents per run\n",
           fs.n, (double)bytes / 1e6, repeat, t, mb / t, (double)fs.n * repeat / t,
           docs / (size_t)repeat);
    sm_web_free(w);
    sm_ctx_free(ctx);
    for (size_t i = 0; i < fs.n; i++) {
        free(fs.v[i].path);
        free(fs.v[i].data);
    }
    SM_FREEVEC(fs);
    return 0;
}
