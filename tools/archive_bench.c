/*
 * archive_bench.c: builds an archive of 10,000 digests and times reading it
 * back: list (open through the index and walk the entries), show (open and
 * inflate one digest), the same without an index (a scan of the members),
 * verify (inflate everything), and, when given the summarizer binary, the
 * commands `archive list` and `archive show` end to end.
 *
 *   archive_bench [-n DIGESTS] [-d DIR] [-b SUMMARIZER_BINARY]
 *
 * Times are the median of several runs, in milliseconds.
 */
#include "summarizer.h"
#include "timing.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng = 88172645463325252ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const words[] = {
    "election", "markets", "fell", "parliament", "voters", "storm", "coast",
    "minister", "announced", "budget", "the", "a", "of", "in", "on", "today",
    "shares", "rose", "after", "talks", "ceasefire", "flood", "warning",
    "central", "bank", "rates", "inflation", "team", "won", "final", "said",
    "officials", "reported", "government", "people", "city", "year"};

/* A digest of three topics, five sentences each, rendered as JSON (about
 * 3 KB), so that `archive show --format text` can re-render it. */
static char *make_digest(int i, const char *date, size_t *len)
{
    static const char *const ids[] = {"politics", "business", "weather"};
    static const char *const titles[] = {"Politics", "Business", "Weather"};
    sm_digest_sentence sents[3][5];
    sm_digest_topic topics[3];
    char texts[3][5][400], docs[3][5][32];
    for (int t = 0; t < 3; t++) {
        for (int k = 0; k < 5; k++) {
            size_t n = 0;
            for (int w = 0; w < 22; w++) {
                const char *x = words[rnd() % (sizeof words / sizeof words[0])];
                n += (size_t)snprintf(texts[t][k] + n, sizeof texts[t][k] - n, "%s%s",
                                      w ? " " : "", x);
            }
            snprintf(texts[t][k] + n, sizeof texts[t][k] - n, ".");
            snprintf(docs[t][k], sizeof docs[t][k], "doc%d.txt", (int)(rnd() % 500));
            sents[t][k] = (sm_digest_sentence){.text = texts[t][k], .doc = docs[t][k],
                                               .date = (char *)date, .score = 0.1};
        }
        topics[t] = (sm_digest_topic){.id = (char *)ids[t], .title = (char *)titles[t],
                                      .budget_words = 120, .words = 110,
                                      .sentences = sents[t], .n_sentences = 5};
    }
    sm_digest d = {.from = (char *)date, .to = (char *)date,
                   .documents = (size_t)(20 + i % 30), .topics = topics, .n_topics = 3};
    return sm_digest_render(&d, SM_FORMAT_JSON, len);
}

static void date_of(int i, char out[11])
{
    time_t t = (time_t)946684800 + (time_t)i * 86400; /* 2000-01-01 */
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

static int run_cli(const char *bin, char *const argv[])
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        dup2(fd, 1);
        execv(bin, argv);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(int argc, char **argv)
{
    int n = 10000;
    const char *dir = NULL, *bin = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-n") == 0)
            n = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-d") == 0)
            dir = argv[i + 1];
        else if (strcmp(argv[i], "-b") == 0)
            bin = argv[i + 1];
    }
    if (n < 1) {
        fputs("usage: archive_bench [-n DIGESTS] [-d DIR] [-b SUMMARIZER]\n", stderr);
        return 2;
    }
    char tmpl[600];
    snprintf(tmpl, sizeof tmpl, "%s/sm-archive-bench-XXXXXX", dir ? dir : "/tmp");
    if (!mkdtemp(tmpl)) {
        perror(tmpl);
        return 1;
    }
    char path[700], idx[720];
    snprintf(path, sizeof path, "%s/bench.gz", tmpl);
    snprintf(idx, sizeof idx, "%s/bench.gz.idx", tmpl);

    size_t total = 0;
    double t0 = tool_now_ms();
    for (int i = 0; i < n; i++) {
        char date[11];
        date_of(i, date);
        size_t len;
        char *d = make_digest(i, date, &len);
        char *msg = NULL;
        if (sm_archive_append(path, d, len, date, "politics,business,weather", "json",
                              -1, NULL, &msg) != SM_OK) {
            fprintf(stderr, "append %d: %s\n", i, msg);
            return 1;
        }
        total += len;
        free(d);
    }
    double build = tool_now_ms() - t0;
    struct stat st;
    stat(path, &st);
    struct stat ist;
    stat(idx, &ist);
    printf("archive: %d digests, %zu bytes of digests, %lld bytes compressed "
           "(%.1f%%), index %lld bytes, in %s\n",
           n, total, (long long)st.st_size, 100.0 * (double)st.st_size / (double)total,
           (long long)ist.st_size, tmpl);
    printf("build:  %.0f ms (%.3f ms per append, fsync included)\n", build,
           build / n);

    enum { REPS = 9 };
    double v[REPS];
    char *msg = NULL;
    sm_archive *a;
    /* list: open through the index and walk every entry */
    for (int r = 0; r < REPS; r++) {
        t0 = tool_now_ms();
        if (sm_archive_open(path, &a, &msg) != SM_OK)
            return 1;
        uint64_t sum = 0;
        for (size_t i = 0; i < sm_archive_count(a); i++)
            sum += sm_archive_entry_at(a, i)->usize;
        sm_archive_close(a);
        v[r] = tool_now_ms() - t0;
        if (sum != total)
            return 1;
    }
    printf("list (API, index):        %8.2f ms\n", tool_median(v, REPS));
    /* show: open, find by date, inflate one digest */
    for (int r = 0; r < REPS; r++) {
        char date[11];
        date_of(n / 2 + r, date);
        t0 = tool_now_ms();
        if (sm_archive_open(path, &a, &msg) != SM_OK)
            return 1;
        size_t k = 0;
        for (size_t i = sm_archive_count(a); i > 0; i--)
            if (strcmp(sm_archive_entry_at(a, i - 1)->date, date) == 0) {
                k = i - 1;
                break;
            }
        char *d;
        size_t len;
        if (sm_archive_read(a, k, &d, &len, &msg) != SM_OK)
            return 1;
        free(d);
        sm_archive_close(a);
        v[r] = tool_now_ms() - t0;
    }
    printf("show (API, index, by date):%7.2f ms\n", tool_median(v, REPS));
    /* the same with no index: the members are scanned and the index rebuilt */
    for (int r = 0; r < REPS; r++) {
        unlink(idx);
        t0 = tool_now_ms();
        if (sm_archive_open(path, &a, &msg) != SM_OK)
            return 1;
        sm_archive_close(a);
        v[r] = tool_now_ms() - t0;
    }
    printf("open without index (scan + rebuild): %.2f ms\n", tool_median(v, REPS));
    sm_archive_report rep;
    t0 = tool_now_ms();
    if (sm_archive_verify(path, &rep, &msg) != SM_OK) {
        fprintf(stderr, "%s\n", msg);
        return 1;
    }
    printf("verify (inflate all):     %8.2f ms\n", tool_now_ms() - t0);

    if (bin) {
        char *list[] = {(char *)bin, "archive", "list", path, NULL};
        char *show[] = {(char *)bin, "archive", "show", path, "--number", "5000", NULL};
        char *showt[] = {(char *)bin, "archive", "show", path, "--number", "5000",
                         "--format", "text", NULL};
        char *none[] = {(char *)bin, "--version", NULL};
        struct {
            const char *name;
            char **argv;
        } cmds[] = {{"summarizer --version (start-up)", none},
                    {"summarizer archive list", list},
                    {"summarizer archive show --number 5000", show},
                    {"summarizer archive show --number 5000 --format text", showt}};
        for (size_t c = 0; c < sizeof cmds / sizeof cmds[0]; c++) {
            for (int r = 0; r < REPS; r++) {
                t0 = tool_now_ms();
                if (run_cli(bin, cmds[c].argv) != 0) {
                    fprintf(stderr, "%s failed\n", cmds[c].name);
                    return 1;
                }
                v[r] = tool_now_ms() - t0;
            }
            printf("%-52s %8.2f ms\n", cmds[c].name, tool_median(v, REPS));
        }
    }
    unlink(idx);
    unlink(path);
    rmdir(tmpl);
    return 0;
}
