/*
 * archive_kill.c: `kill -9` at random moments during `summarizer archive add`
 * of a large digest, N times, and what the archive looks like after each.
 *
 *   archive_kill [-n KILLS] [-s DIGEST_KB] [-k PER_ARCHIVE] [-d DIR]
 *                [-b SUMMARIZER_BINARY]
 *
 * Each round writes a digest (its first line names its round, the rest is
 * generated text of DIGEST_KB kilobytes, default 2048), starts `archive add`
 * and sends SIGKILL after a random delay drawn from 0 to the time an add
 * takes (measured first), so kills land while starting, compressing,
 * writing, syncing and updating the index.  Do not rebuild the binary
 * while it runs.  An add that exits 0 is completed; one
 * that was killed is completed when its digest is in the archive afterwards
 * (its member was written whole).  After every round the archive must serve
 * exactly the completed digests, each read back byte for byte (the newest
 * few, the older ones are checked at the end of each archive), and report
 * at most a torn tail or a stale index.  Every other round runs `repair`,
 * so the next add has to clear a torn tail itself.  Every PER_ARCHIVE
 * rounds (default 100) the archive is checked whole: `verify` and `repair`
 * must leave exactly the completed digests, and a new archive is started.
 *
 * Prints the figures: kills, adds completed, torn tails seen, mismatches.
 * Exit status 0 when there was no mismatch.
 */
#include "summarizer.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t seed = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    return seed;
}

static double now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static size_t kb = 2048;

/* The digest of round k: "digest k\n", then words that compress about as
 * well as prose. */
static char *make_digest(unsigned k, size_t *len)
{
    static const char *const words[] = {"the", "minister", "said", "on", "Monday",
                                        "that", "aid", "to", "Ukraine", "would",
                                        "rise", "tanks", "arrived", "in", "March",
                                        "court", "warrant", "talks", "Beijing"};
    size_t n = kb * 1024;
    char *s = malloc(n + 64);
    size_t p = (size_t)snprintf(s, 64, "digest %u\n", k);
    uint64_t r = k * 2654435761u + 1;
    while (p < n) {
        r = r * 6364136223846793005ull + 1442695040888963407ull;
        const char *w = words[(r >> 33) % (sizeof words / sizeof words[0])];
        size_t wl = strlen(w);
        memcpy(s + p, w, wl);
        p += wl;
        s[p++] = (r >> 20) % 12 == 0 ? '\n' : ' ';
    }
    s[p] = '\0';
    *len = p;
    return s;
}

static int write_file(const char *path, const char *d, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(d, 1, n, f);
    return fclose(f) == 0 && w == n ? 0 : -1;
}

/* Starts `archive add` of round k's digest (each round its own date, so no
 * two digests are alike); returns its pid. */
static pid_t start_add(const char *bin, const char *arch, const char *in, unsigned k)
{
    char date[32];
    snprintf(date, sizeof date, "%04u-%02u-%02u", 2000 + k / 336, 1 + k / 28 % 12,
             1 + k % 28);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(bin, bin, "archive", "add", "--format", "text", "--date", date,
              "--topics", "kill", arch, in, (char *)NULL);
        _exit(127);
    }
    return pid;
}

typedef struct figures {
    unsigned kills, completed, killed_but_whole, torn, stale, mismatches, repairs;
} figures;

static void mismatch(figures *f, const char *what, unsigned round)
{
    fprintf(stderr, "archive_kill: round %u: %s\n", round, what);
    f->mismatches++;
}

/* Checks the archive serves exactly ids[0..n) (reading those from `from`
 * on) or one more, `maybe`; returns the new count of completed digests. */
static size_t check(const char *arch, unsigned *ids, size_t n, unsigned maybe,
                    size_t from, figures *f, unsigned round)
{
    sm_archive *a;
    char *msg = NULL;
    if (sm_archive_open(arch, &a, &msg) != SM_OK) {
        mismatch(f, msg ? msg : "cannot open", round);
        free(msg);
        return n;
    }
    const char *dmg = sm_archive_damage(a, NULL);
    if (dmg && !strstr(dmg, "torn tail"))
        mismatch(f, dmg, round);
    f->torn += dmg != NULL;
    size_t got = sm_archive_count(a);
    if (got == n + 1 && maybe != UINT32_MAX) {
        ids[n++] = maybe;
        f->killed_but_whole++;
        f->completed++;
    }
    if (got != n)
        mismatch(f, "the archive does not hold exactly the completed digests", round);
    for (size_t i = from; i < got && i < n; i++) {
        char *data;
        size_t len;
        unsigned k;
        if (sm_archive_read(a, i, &data, &len, &msg) != SM_OK) {
            mismatch(f, msg, round);
            free(msg);
            msg = NULL;
            continue;
        }
        size_t wl;
        char *want = sscanf(data, "digest %u", &k) == 1 ? make_digest(k, &wl) : NULL;
        if (!want || k != ids[i] || wl != len || memcmp(want, data, len) != 0)
            mismatch(f, "a digest reads back different", round);
        free(want);
        free(data);
    }
    sm_archive_close(a);
    return n;
}

/* verify, repair, verify: exactly the n completed digests must remain. */
static void final_check(const char *arch, size_t n, figures *f, unsigned round)
{
    sm_archive_report r;
    char *msg = NULL;
    sm_status st = sm_archive_verify(arch, &r, &msg);
    if (st != SM_OK && !strstr(msg, "torn tail") && !strstr(msg, "index"))
        mismatch(f, msg, round);
    free(msg);
    msg = NULL;
    if (sm_archive_repair(arch, &r, &msg) != SM_OK)
        mismatch(f, msg, round);
    free(msg);
    msg = NULL;
    if (sm_archive_verify(arch, &r, &msg) != SM_OK || r.good != n)
        mismatch(f, msg ? msg : "verify after repair: wrong count", round);
    free(msg);
}

int main(int argc, char **argv)
{
    unsigned kills = 100, per_archive = 100;
    const char *dir = "/tmp", *bin = "build/summarizer";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-n") == 0) kills = (unsigned)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-s") == 0) kb = (size_t)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-k") == 0) per_archive = (unsigned)atoi(argv[i + 1]);
        else if (strcmp(argv[i], "-d") == 0) dir = argv[i + 1];
        else if (strcmp(argv[i], "-b") == 0) bin = argv[i + 1];
    }
    if (!kills || !kb || !per_archive) {
        fprintf(stderr, "archive_kill: -n, -s and -k must be positive\n");
        return 2;
    }
    char arch[4096], in[4096], cmd[13000];
    snprintf(arch, sizeof arch, "%s/kill-%ld.gz", dir, (long)getpid());
    snprintf(in, sizeof in, "%s/kill-%ld.txt", dir, (long)getpid());
    /* How long one add takes, on an archive of a few digests. */
    size_t len;
    char *d = make_digest(0, &len);
    write_file(in, d, len);
    free(d);
    double t0 = now_us();
    int status;
    for (int i = 0; i < 3; i++)
        waitpid(start_add(bin, arch, in, (unsigned)i), &status, 0);
    double span = (now_us() - t0) / 3;
    unlink(arch);
    snprintf(cmd, sizeof cmd, "rm -f '%s'.idx '%s'.removed-*", arch, arch);
    if (system(cmd) != 0)
        return 1;
    figures f = {0};
    unsigned *ids = malloc((per_archive + 1) * sizeof *ids);
    size_t n = 0;
    unsigned done = 0, round = 0;
    while (done < kills) {
        round++;
        d = make_digest(round, &len);
        write_file(in, d, len);
        free(d);
        pid_t pid = start_add(bin, arch, in, round);
        usleep((useconds_t)((double)(rnd() % 1000) / 1000.0 * span));
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        unsigned maybe = round;
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
            ids[n++] = round;
            f.completed++;
            maybe = UINT32_MAX;
        } else if (WIFSIGNALED(status)) {
            f.kills++;
            done++;
        } else {
            /* Not killed, yet failed: said so, and the count goes on from
             * what the archive holds (its digest may be there). */
            mismatch(&f, "add failed without being killed", round);
        }
        struct stat st;
        if (stat(arch, &st) == 0) {
            n = check(arch, ids, n, maybe, n > 2 ? n - 2 : 0, &f, round);
            if (round % 2 == 0) {
                sm_archive_report r;
                char *msg = NULL;
                if (sm_archive_repair(arch, &r, &msg) != SM_OK)
                    mismatch(&f, msg, round);
                free(msg);
                f.repairs++;
            }
        }
        if (n >= per_archive || done == kills) {
            if (stat(arch, &st) == 0) {
                check(arch, ids, n, UINT32_MAX, 0, &f, round);
                final_check(arch, n, &f, round);
            }
            snprintf(cmd, sizeof cmd, "rm -f '%s' '%s'.idx '%s'.removed-*", arch, arch,
                     arch);
            if (system(cmd) != 0)
                return 1;
            n = 0;
        }
    }
    unlink(in);
    free(ids);
    printf("kills: %u in %u rounds (delay uniform in 0..%.0f ms, the time one add "
           "of a %zu KB digest took)\n", f.kills, round, span / 1000, kb);
    printf("adds completed: %u (%u of them killed after their member was whole)\n",
           f.completed, f.killed_but_whole);
    printf("rounds that found a torn tail: %u; repairs run: %u\n", f.torn, f.repairs);
    printf("every completed digest readable, verify+repair leave exactly them: %s "
           "(%u mismatches)\n", f.mismatches ? "NO" : "yes", f.mismatches);
    return f.mismatches ? 1 : 0;
}
