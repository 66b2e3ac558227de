/*
 * conventions.c: what users expect of a Unix tool, shared by the commands:
 * standard input when no path is given, day names on the command line, and
 * a progress report on standard error for long runs on a terminal.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

bool cli_default_input(cli_args *a)
{
    if (a->npos > 0)
        return true;
    /* ots, jq and gzip read a pipe or a redirected file; a terminal means
     * the user forgot the input, which is a usage error, not a hang. */
    if (isatty(STDIN_FILENO))
        return false;
    a->pos[a->npos++] = "-";
    return true;
}

bool cli_parse_day(const char *s, char out[11])
{
    int back = strcmp(s, "today") == 0 ? 0 : strcmp(s, "yesterday") == 0 ? 1 : -1;
    if (back < 0)
        return sm_date_parse(s, strlen(s), out) != 0;
    /* The local calendar day, as date(1) prints it; noon keeps a
     * daylight-saving change from skipping or repeating a day. */
    time_t now = time(NULL);
    struct tm tm;
    if (!localtime_r(&now, &tm))
        return false;
    tm.tm_mday -= back;
    tm.tm_hour = 12;
    tm.tm_isdst = -1;
    if (mktime(&tm) == (time_t)-1)
        return false;
    return strftime(out, 11, "%Y-%m-%d", &tm) == 10;
}

/* ---- progress ----------------------------------------------------------- */

/* A short run shows nothing: reports start once the run has taken this
 * long (seconds), so that a run a user notices waiting for (the issue's
 * users waited 10-30 s in silence; a 20 MB file now takes about half a
 * second) says where it is, and the line is erased when the run ends. */
#define CLI_PROGRESS_AFTER 0.25
/* Redraws at most this often (seconds): a terminal line at 5 Hz reads
 * smoothly and costs nothing. */
#define CLI_PROGRESS_EVERY 0.2
/* Without a terminal (--progress into a log), one line per this many
 * seconds. */
#define CLI_PROGRESS_LOG_EVERY 1.0

static struct {
    bool on, tty, force, shown;
    double start, last;
} progress;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(void *ud, const char *stage, size_t done, size_t total)
{
    (void)ud;
    double t = now_seconds();
    if (!progress.force && t - progress.start < CLI_PROGRESS_AFTER)
        return;
    bool last = total && done == total;
    double every = progress.tty ? CLI_PROGRESS_EVERY : CLI_PROGRESS_LOG_EVERY;
    if (progress.shown && !last && t - progress.last < every)
        return;
    progress.last = t;
    progress.shown = true;
    if (progress.tty)
        fputs("\r\033[K", stderr);
    if (total)
        fprintf(stderr, "summarizer: %s %3u%% (%zu/%zu)", stage,
                (unsigned)(done * 100 / total), done, total);
    else
        fprintf(stderr, "summarizer: %s %zu", stage, done);
    fprintf(stderr, ", %.0f s", t - progress.start);
    fputc(progress.tty ? ' ' : '\n', stderr);
    fflush(stderr);
}

void cli_progress_attach(sm_ctx *ctx, bool quiet, bool force)
{
    progress.tty = isatty(STDERR_FILENO);
    progress.force = force;
    progress.on = force || (progress.tty && !quiet);
    progress.start = progress.last = now_seconds();
    progress.shown = false;
    if (progress.on)
        sm_ctx_set_progress(ctx, report, NULL);
}

void cli_progress_done(void)
{
    if (progress.shown && progress.tty)
        fputs("\r\033[K", stderr);
    progress.shown = false;
}

static void drop_warning(void *ud, const char *message)
{
    (void)ud;
    (void)message;
}

void cli_quiet_warnings(sm_ctx *ctx, bool quiet)
{
    if (quiet)
        sm_ctx_set_warn(ctx, drop_warning, NULL);
}
