/*
 * archive_check.c: verify and repair of digest archives.  Both inflate every
 * member; after damage they look for the next sound member (a member header
 * with a good CRC-16 whose data checks), so a flipped byte in the middle
 * costs one digest, not every digest after it.
 */
#include "archive/archive.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A stretch of the file that is not a sound member. */
typedef struct region {
    uint64_t start, end;
    int kind; /* SM_ARCH_TORN or SM_ARCH_BAD */
} region;

typedef struct full_scan {
    sm_arch_entries good; /* sound members, numbered as they would be kept;
                             offset is where each is now */
    SM_VEC(region) bad;
    uint64_t first_number; /* the number of the first bad region's member */
    char *first_why;
} full_scan;

static void scan_all(const uint8_t *base, uint64_t fsize, sm_arena *arena,
                     full_scan *s)
{
    uint64_t off = 0;
    char why[256];
    while (off < fsize) {
        sm_arch_member m;
        int r = sm_arch_parse(base + off, fsize - off, true, &m, why, sizeof why);
        if (r == SM_ARCH_OK) {
            sm_archive_entry e;
            sm_arch_entry_from(&e, &m, s->good.n + 1, off, arena);
            SM_PUSH(s->good, e);
            off += m.total;
            continue;
        }
        if (!s->bad.n) {
            s->first_number = s->good.n + 1;
            s->first_why = sm_xstrdup(why);
        }
        /* Resynchronize on the next sound member. */
        static const uint8_t magic[4] = {0x1f, 0x8b, 8, 0x06};
        uint64_t next = fsize;
        for (uint64_t p = off + 1; p + 4 <= fsize; p++) {
            const uint8_t *hit = memchr(base + p, 0x1f, (size_t)(fsize - p));
            if (!hit)
                break;
            p = (uint64_t)(hit - base);
            if (p + 4 > fsize)
                break;
            char w2[256];
            if (memcmp(hit, magic, 4) == 0 &&
                sm_arch_parse(hit, fsize - p, true, &m, w2, sizeof w2) == SM_ARCH_OK) {
                next = p;
                break;
            }
        }
        region reg = {off, next, r == SM_ARCH_TORN && next == fsize ? SM_ARCH_TORN
                                                                    : SM_ARCH_BAD};
        SM_PUSH(s->bad, reg);
        off = next;
    }
}

static void free_scan(full_scan *s)
{
    SM_FREEVEC(s->good);
    SM_FREEVEC(s->bad);
    free(s->first_why);
}

/* "member 3 at byte offset 123: CRC-32 mismatch" */
static char *damage_text(const char *path, const full_scan *s, uint64_t fsize)
{
    const region *r = &s->bad.v[0];
    uint64_t after = 0;
    for (size_t i = 0; i < s->good.n; i++)
        if (s->good.v[i].offset > r->start)
            after++;
    return sm_arch_msg("%s: %s at byte offset %" PRIu64 " (member %" PRIu64 "): %s"
                       " [%" PRIu64 " bad bytes; %zu damaged region%s; %" PRIu64
                       " sound digest%s after it; file size %" PRIu64 "]",
                       path, r->kind == SM_ARCH_TORN ? "torn tail" : "bad member",
                       r->start, s->first_number, s->first_why, r->end - r->start,
                       s->bad.n, s->bad.n == 1 ? "" : "s", after,
                       after == 1 ? "" : "s", fsize);
}

/* 1 when the index file lists exactly `good`, 0 when missing, -1 otherwise. */
static int check_index(const char *path, const sm_arch_entries *good)
{
    sm_arena arena = {0};
    sm_arch_entries ents = {0};
    int r = sm_arch_read_index(path, &arena, &ents);
    if (r == 1) {
        if (ents.n != good->n)
            r = -1;
        for (size_t i = 0; r == 1 && i < ents.n; i++)
            if (!sm_arch_entries_equal(&ents.v[i], &good->v[i]))
                r = -1;
    }
    SM_FREEVEC(ents);
    sm_arena_free(&arena);
    return r;
}

/* What verify and repair both start with: the archive opened and locked
 * (exclusively for repair), mapped, and every member scanned.  On success
 * the caller unmaps *base, frees the scan and the arena and closes the
 * returned descriptor; on failure nothing is left open and *status says
 * why. */
static int open_and_scan(const char *path, bool writable, struct stat *st,
                         const uint8_t **base, sm_arena *arena, full_scan *s,
                         char **errmsg, sm_status *status)
{
    int fd = sm_arch_open_locked(path, writable, false, st, errmsg, status);
    if (fd < 0)
        return -1;
    uint64_t fsize = (uint64_t)st->st_size;
    if (sm_arch_map(fd, fsize, base) < 0) {
        *status = sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot map: %s", path,
                               strerror(errno));
        close(fd);
        return -1;
    }
    memset(s, 0, sizeof *s);
    scan_all(*base, fsize, arena, s);
    return fd;
}

sm_status sm_archive_verify(const char *path, sm_archive_report *rep, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    sm_archive_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    struct stat st;
    sm_status status = SM_OK;
    const uint8_t *base;
    sm_arena arena = {0};
    full_scan s;
    int fd = open_and_scan(path, false, &st, &base, &arena, &s, errmsg, &status);
    if (fd < 0)
        return status;
    uint64_t fsize = (uint64_t)st.st_size;
    rep->size = fsize;
    sm_arch_unmap(base, fsize);
    rep->good = s.good.n;
    rep->bad = s.bad.n;
    rep->kept_bytes = fsize;
    if (s.bad.n) {
        rep->bad_offset = s.bad.v[0].start;
        char *t = damage_text(path, &s, fsize);
        status = sm_arch_fail(errmsg, SM_ERR_CORRUPT, "%s; run 'summarizer archive "
                              "repair %s'", t, path);
        free(t);
        rep->index_ok = -1;
    } else {
        rep->index_ok = check_index(path, &s.good);
        if (rep->index_ok < 0) {
            char *ip = sm_arch_index_path(path);
            status = sm_arch_fail(errmsg, SM_ERR_CORRUPT,
                                  "%s: stale or damaged index (the members are "
                                  "sound): run 'summarizer archive repair %s' to "
                                  "rebuild it", ip, path);
            free(ip);
        }
    }
    free_scan(&s);
    sm_arena_free(&arena);
    close(fd);
    return status;
}

/* Keeps the bytes repair removes (other than a torn tail, which never held a
 * digest) in PATH.removed-<time>-<pid> for whoever wants to look at them. */
static void save_removed(const char *path, const uint8_t *base, const full_scan *s)
{
    bool any = false;
    for (size_t i = 0; i < s->bad.n; i++)
        any |= s->bad.v[i].kind == SM_ARCH_BAD;
    if (!any)
        return;
    char *name = sm_arch_msg("%s.removed-%lld-%ld", path, (long long)time(NULL),
                             (long)getpid());
    int fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
        for (size_t i = 0; i < s->bad.n; i++) {
            const region *r = &s->bad.v[i];
            if (r->kind != SM_ARCH_BAD)
                continue;
            const uint8_t *p = base + r->start;
            uint64_t n = r->end - r->start;
            while (n) {
                ssize_t w = write(fd, p, n > (1u << 30) ? (1u << 30) : (size_t)n);
                if (w <= 0)
                    break;
                p += w;
                n -= (uint64_t)w;
            }
        }
        fsync(fd);
        close(fd);
    }
    free(name);
}

/* Writes the sound members into a new file that replaces path. */
static sm_status rewrite(const char *path, const uint8_t *base, full_scan *s,
                         mode_t mode, uint64_t *kept, char **errmsg)
{
    char *tmp = sm_arch_msg("%s.repair.%ld", path, (long)getpid());
    sm_status st = SM_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        st = sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot create: %s", tmp,
                          strerror(errno));
        free(tmp);
        return st;
    }
    uint64_t off = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < s->good.n; i++) {
        sm_archive_entry *e = &s->good.v[i];
        const uint8_t *p = base + e->offset;
        uint64_t n = e->size;
        while (ok && n) {
            ssize_t w = write(fd, p, n > (1u << 30) ? (1u << 30) : (size_t)n);
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                if (w == 0)
                    errno = ENOSPC;
                ok = false;
                break;
            }
            p += w;
            n -= (uint64_t)w;
        }
        e->offset = off;
        off += e->size;
    }
    ok = ok && fchmod(fd, mode & 07777) == 0 && fsync(fd) == 0;
    int e = errno;
    if (close(fd) < 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(tmp, path) < 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(tmp);
        st = sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot write the repaired archive "
                          "%s: %s (the archive is unchanged)", path, tmp, strerror(e));
    } else {
        sm_arch_sync_dir(path);
        *kept = off;
    }
    free(tmp);
    return st;
}

/* Removes the temporary files (PATH.idx.tmp.PID, PATH.repair.PID) that a
 * process killed while writing left behind, when that process is gone.  The
 * caller holds the exclusive lock, so no live writer is using them. */
static void remove_leftovers(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? sm_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
                      : sm_xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    char *p1 = sm_arch_msg("%s.idx.tmp.", base), *p2 = sm_arch_msg("%s.repair.", base);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        const char *rest = NULL;
        if (strncmp(de->d_name, p1, strlen(p1)) == 0)
            rest = de->d_name + strlen(p1);
        else if (strncmp(de->d_name, p2, strlen(p2)) == 0)
            rest = de->d_name + strlen(p2);
        if (!rest || !*rest || strspn(rest, "0123456789") != strlen(rest))
            continue;
        long pid = strtol(rest, NULL, 10);
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue; /* its writer may still be alive */
        char *full = sm_arch_msg("%s/%s", dir, de->d_name);
        unlink(full);
        free(full);
    }
    if (d)
        closedir(d);
    free(p1);
    free(p2);
    free(dir);
}

sm_status sm_archive_repair(const char *path, sm_archive_report *rep, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    sm_archive_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    struct stat st;
    sm_status status = SM_OK;
    const uint8_t *base;
    sm_arena arena = {0};
    full_scan s;
    int fd = open_and_scan(path, true, &st, &base, &arena, &s, errmsg, &status);
    if (fd < 0)
        return status;
    uint64_t fsize = (uint64_t)st.st_size;
    rep->size = fsize;
    rep->kept_bytes = fsize;
    rep->good = s.good.n;
    rep->bad = s.bad.n;
    if (s.bad.n) {
        rep->bad_offset = s.bad.v[0].start;
        const region *r0 = &s.bad.v[0];
        bool only_torn_start = s.bad.n == 1 && r0->start == 0 && r0->kind == SM_ARCH_TORN;
        if (!s.good.n && !only_torn_start) {
            status = sm_arch_fail(errmsg, SM_ERR_FORMAT,
                                  "%s: not a digest archive (no sound member in %"
                                  PRIu64 " bytes; first problem at byte offset 0: "
                                  "%s); left unchanged", path, fsize, s.first_why);
            goto out;
        }
        save_removed(path, base, &s);
        bool tail_only = s.bad.n == 1 && r0->end == fsize;
        if (tail_only) {
            if (ftruncate(fd, (off_t)r0->start) < 0 || fsync(fd) < 0) {
                status = sm_arch_fail(errmsg, SM_ERR_IO,
                                      "%s: cannot truncate to %" PRIu64 " bytes: %s",
                                      path, r0->start, strerror(errno));
                goto out;
            }
            rep->kept_bytes = r0->start;
        } else {
            status = rewrite(path, base, &s, st.st_mode, &rep->kept_bytes, errmsg);
            if (status != SM_OK)
                goto out;
        }
    }
    remove_leftovers(path);
    if (check_index(path, &s.good) != 1 &&
        sm_arch_write_index(path, s.good.v, s.good.n) < 0) {
        char *ip = sm_arch_index_path(path);
        status = sm_arch_fail(errmsg, SM_ERR_IO,
                              "%s: cannot write the index: %s (the archive itself "
                              "is repaired)", ip, strerror(errno));
        free(ip);
    }
out:
    sm_arch_unmap(base, fsize);
    free_scan(&s);
    sm_arena_free(&arena);
    close(fd);
    return status;
}
