/*
 * bench: runs a command and reports what it cost, for tools/bench.sh (so the
 * benchmark needs no /usr/bin/time).
 *
 *   bench -o STATS -- COMMAND [ARGS...]
 *
 * The command's output passes through.  STATS gets one line: wall seconds,
 * user seconds, system seconds, peak resident set size in KiB (the child's
 * ru_maxrss from wait4), exit status (128 + signal when killed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    const char *stats = NULL;
    int i = 1;
    if (i + 1 < argc && !strcmp(argv[i], "-o")) {
        stats = argv[i + 1];
        i += 2;
    }
    if (i < argc && !strcmp(argv[i], "--"))
        i++;
    if (!stats || i >= argc) {
        fputs("usage: bench -o STATS -- COMMAND [ARGS...]\n", stderr);
        return 2;
    }
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("bench: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[i], argv + i);
        fprintf(stderr, "bench: %s: %s\n", argv[i], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    pid_t got;
    while ((got = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        ;
    double t1 = now();
    if (got < 0) {
        perror("bench: wait4");
        return 1;
    }
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    FILE *f = fopen(stats, "w");
    if (!f) {
        fprintf(stderr, "bench: %s: %s\n", stats, strerror(errno));
        return 1;
    }
    fprintf(f, "%.3f %.3f %.3f %ld %d\n", t1 - t0, tv(ru.ru_utime),
            tv(ru.ru_stime), ru.ru_maxrss, code);
    if (fclose(f) != 0)
        return 1;
    return code;
}
