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
#include <zlib.h>

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

/* Resynchronisation after damage must cost linear time on any input: a
 * crafted file can put a member header with a good CRC-16 at every few
 * bytes, each claiming the rest of the file.  So the CRC-32 of any range is
 * found from prefix CRCs kept every CKPT bytes (crc(a..b) = P(b) xor
 * P(a) shifted over b-a bytes, zlib's crc32_combine), costing at most CKPT
 * bytes of CRC and one combine whatever the range; the checkpoints take
 * 4/CKPT of the file's size in memory.  And a member whose CRCs hold but
 * whose data does not inflate (only a crafted file does that: damage passes
 * a CRC-32 once in 2^32) is skipped whole, so inflating costs at most one
 * pass over the file. */
enum { CKPT = 256 };
/* Bytes of a damaged member parsed to say why it is bad: more than the
 * largest header (16 + 65535 + 2), so a bad header is named, but not its
 * data, which may claim the rest of the file. */
enum { REASON_LIMIT = 65600 };

typedef struct crc_ranges {
    const uint8_t *base;
    uint64_t size;
    uint32_t *ck; /* ck[k] = CRC-32 of base[0 .. k*CKPT) */
} crc_ranges;

static void ranges_init(crc_ranges *c, const uint8_t *base, uint64_t size)
{
    c->base = base;
    c->size = size;
    uint64_t n = size / CKPT + 1;
    c->ck = sm_xmalloc(sm_mul((size_t)n, sizeof *c->ck));
    uint32_t crc = sm_arch_crc(NULL, 0);
    c->ck[0] = crc;
    for (uint64_t k = 1; k < n; k++) {
        crc = (uint32_t)crc32_z(crc, base + (k - 1) * CKPT, CKPT);
        c->ck[k] = crc;
    }
}

static uint32_t prefix_crc(const crc_ranges *c, uint64_t x)
{
    uint64_t k = x / CKPT;
    return (uint32_t)crc32_z(c->ck[k], c->base + k * CKPT, (z_size_t)(x - k * CKPT));
}

/* CRC-32 of base[a..b). */
static uint32_t range_crc(const crc_ranges *c, uint64_t a, uint64_t b)
{
    if (b - a <= 2 * CKPT)
        return sm_arch_crc(c->base + a, b - a);
    return prefix_crc(c, b) ^
           (uint32_t)crc32_combine(prefix_crc(c, a), 0, (z_off_t)(b - a));
}

static uint32_t get16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t get32(const uint8_t *p) { return get16(p) | get16(p + 2) << 16; }
static uint64_t get64(const uint8_t *p) { return get32(p) | (uint64_t)get32(p + 4) << 32; }

/* Whether a member at off passes the header CRC-16 and the CRC-32 of its
 * stored bytes, in constant time; *total gets its size.  Same layout as
 * sm_arch_parse (archive.c) reads. */
static bool quick_member(const crc_ranges *c, uint64_t off, uint64_t *total)
{
    static const uint8_t magic[4] = {0x1f, 0x8b, 8, 0x06};
    const uint8_t *p = c->base + off;
    uint64_t avail = c->size - off;
    enum { PREFIX = 16, FIXED = 29, TRAIL = 8 };
    if (avail < PREFIX + FIXED + 2 || memcmp(p, magic, 4) != 0 || p[12] != 'S' ||
        p[13] != 'M' || get16(p + 14) + 4 != get16(p + 10) || get16(p + 14) < FIXED ||
        (p[PREFIX] != 1 && p[PREFIX] != 2))
        return false;
    uint64_t hdrlen = PREFIX + get16(p + 14) + 2;
    if (avail < hdrlen ||
        (range_crc(c, off, off + hdrlen - 2) & 0xffff) != get16(p + hdrlen - 2))
        return false;
    uint64_t csize = get64(p + PREFIX + 1);
    if (csize > avail - hdrlen || avail - hdrlen - csize < TRAIL)
        return false;
    *total = hdrlen + csize + TRAIL;
    uint64_t covered = csize + (p[PREFIX] == 1 ? 0 : TRAIL);
    return range_crc(c, off + hdrlen, off + hdrlen + covered) == get32(p + PREFIX + 17);
}

/* The next offset after off where a sound member starts, or fsize. */
static uint64_t resync(const crc_ranges *c, uint64_t off, bool full)
{
    const uint8_t *base = c->base;
    uint64_t fsize = c->size;
    for (uint64_t p = off + 1; p + 4 <= fsize; p++) {
        const uint8_t *hit = memchr(base + p, 0x1f, (size_t)(fsize - p));
        if (!hit)
            break;
        p = (uint64_t)(hit - base);
        uint64_t total;
        if (!quick_member(c, p, &total))
            continue;
        sm_arch_member m;
        char why[256];
        if (sm_arch_parse(hit, fsize - p, full, &m, why, sizeof why) == SM_ARCH_OK)
            return p;
        p += total - 1; /* crafted: skip what it claims */
    }
    return fsize;
}

static void scan_all(const uint8_t *base, uint64_t fsize, sm_arena *arena,
                     full_scan *s)
{
    crc_ranges c;
    c.ck = NULL;
    sm_cleanup c_ck;
    SM_CLEANUP_PTR(c_ck, c.ck);
    ranges_init(&c, base, fsize);
    uint64_t off = 0;
    char why[256];
    while (off < fsize) {
        sm_arch_member m;
        uint64_t total = 0, avail = fsize - off;
        int r;
        bool quick = quick_member(&c, off, &total);
        if (quick) {
            r = sm_arch_parse(base + off, avail, true, &m, why, sizeof why);
        } else {
            /* Only for the reason: a parse of the header's room at most, so
             * a header that claims the rest of the file costs nothing. */
            uint64_t lim = avail < REASON_LIMIT ? avail : REASON_LIMIT;
            r = sm_arch_parse(base + off, lim, false, &m, why, sizeof why);
            if (r == SM_ARCH_TORN && lim < avail) {
                if (m.need > avail) {
                    snprintf(why, sizeof why, "incomplete member (%" PRIu64 " of %"
                             PRIu64 " bytes: an interrupted append)", avail, m.need);
                } else {
                    r = SM_ARCH_BAD;
                    snprintf(why, sizeof why, "stored data CRC-32 mismatch");
                }
            }
        }
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
        uint64_t next = resync(&c, quick ? off + total - 1 : off, true);
        region reg = {off, next, r == SM_ARCH_TORN && next == fsize ? SM_ARCH_TORN
                                                                    : SM_ARCH_BAD};
        SM_PUSH(s->bad, reg);
        off = next;
    }
    sm_cleanup_run(&c_ck);
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

static void free_arena(void *arena)
{
    sm_arena_free(arena);
}

/* 1 when the index file lists exactly `good`, 0 when missing, -1 otherwise;
 * *listed gets how many digests it lists. */
static int check_index(const char *path, const sm_arch_entries *good,
                       uint64_t *listed)
{
    sm_arena arena = {0};
    sm_arch_entries ents = {0};
    sm_cleanup c_arena, c_ents;
    sm_cleanup_push(&c_arena, free_arena, &arena);
    SM_CLEANUP_VEC(c_ents, ents);
    int r = sm_arch_read_index(path, &arena, &ents);
    *listed = ents.n;
    if (r == 1) {
        if (ents.n != good->n)
            r = -1;
        for (size_t i = 0; r == 1 && i < ents.n; i++)
            if (!sm_arch_entries_equal(&ents.v[i], &good->v[i]))
                r = -1;
    }
    sm_cleanup_run(&c_ents);
    sm_cleanup_run(&c_arena);
    return r;
}

/* What verify and repair hold, released by check_release on every path
 * (and by its cleanup when memory runs out). */
typedef struct check_job {
    char *real;          /* the archive's file (a link resolved) */
    int fd;              /* the archive, locked; -1: not open */
    sm_arch_mapping map; /* the archive, mapped */
    sm_arena arena;
    full_scan s;
    char *msg;           /* a message being made */
    sm_arch_index_update idx;
    uint64_t *from;      /* repair: where each kept member is now */
    char *tmp;           /* repair: the replacement's temporary file */
    bool tmp_made;       /* ... which exists */
} check_job;

static void check_release(void *p)
{
    check_job *j = p;
    if (j->tmp_made)
        unlink(j->tmp);
    sm_arch_cleanup_map(&j->map);
    sm_arch_cleanup_fd(&j->fd);
    free(j->real);
    free(j->msg);
    free(j->from);
    free(j->tmp);
    free_scan(&j->s);
    sm_arena_free(&j->arena);
    sm_arch_index_update_cleanup(&j->idx);
    memset(j, 0, sizeof *j);
    j->fd = -1;
}

/* What verify and repair both start with: the archive opened and locked
 * (exclusively for repair), mapped, and every member scanned. */
static sm_status check_open(check_job *j, const char *path, bool writable,
                            struct stat *st, char **errmsg)
{
    sm_status status = SM_OK;
    j->real = sm_arch_resolve(path);
    j->fd = sm_arch_open_locked(j->real, writable, false, st, errmsg, &status);
    if (j->fd < 0)
        return status;
    j->map.size = (uint64_t)st->st_size;
    if (sm_arch_map(j->fd, j->map.size, &j->map.base) < 0)
        return sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot map: %s", j->real,
                            strerror(errno));
    scan_all(j->map.base, j->map.size, &j->arena, &j->s);
    return SM_OK;
}

/* Runs work(j, path, rep, errmsg) on a job of its own; rep is never NULL. */
typedef sm_status (*check_fn)(check_job *j, const char *path,
                              sm_archive_report *rep, char **errmsg);

static sm_status check_run(check_fn work, const char *path,
                           sm_archive_report *rep, char **errmsg)
{
    sm_archive_report dummy;
    if (!rep)
        rep = &dummy;
    memset(rep, 0, sizeof *rep);
    check_job j;
    memset(&j, 0, sizeof j);
    j.fd = -1;
    sm_cleanup c_job;
    sm_cleanup_push(&c_job, check_release, &j);
    sm_status st = work(&j, path, rep, errmsg);
    sm_cleanup_run(&c_job);
    return st;
}

static sm_status verify_work(check_job *j, const char *path,
                             sm_archive_report *rep, char **errmsg)
{
    struct stat st;
    sm_status status = check_open(j, path, false, &st, errmsg);
    if (status != SM_OK)
        return status;
    const full_scan *s = &j->s;
    uint64_t fsize = (uint64_t)st.st_size;
    rep->size = fsize;
    rep->good = s->good.n;
    rep->bad = s->bad.n;
    rep->kept_bytes = fsize;
    rep->index_ok = check_index(j->real, &s->good, &rep->listed);
    if (s->bad.n) {
        rep->bad_offset = s->bad.v[0].start;
        j->msg = damage_text(j->real, s, fsize);
        rep->index_ok = -1;
        return sm_arch_fail(errmsg, SM_ERR_CORRUPT, "%s; run 'summarizer archive "
                            "repair %s'", j->msg, path);
    }
    if (rep->listed > s->good.n) {
        rep->bad = 1;
        rep->bad_offset = fsize;
        return sm_arch_fail(errmsg, SM_ERR_CORRUPT,
                            "%s: cut at byte offset %" PRIu64 ": the index lists "
                            "%" PRIu64 " digests, the file holds %zu (digests %zu-%"
                            PRIu64 " are missing); run 'summarizer archive repair "
                            "%s' to accept the loss", j->real, fsize, rep->listed,
                            s->good.n, s->good.n + 1, rep->listed, path);
    }
    if (rep->index_ok < 0) {
        j->msg = sm_arch_index_path(j->real);
        return sm_arch_fail(errmsg, SM_ERR_CORRUPT,
                            "%s: stale or damaged index (the members are "
                            "sound): run 'summarizer archive repair %s' to "
                            "rebuild it", j->msg, path);
    }
    return SM_OK;
}

sm_status sm_archive_verify(const char *path, sm_archive_report *rep, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    sm_status st;
    SM_GUARDED(st, check_run(verify_work, path, rep, errmsg),
               sm_arch_nomem(errmsg, path));
    return st;
}

/* Keeps the bytes repair removes (a torn tail's too: it may be the end of a
 * digest that was cut) in PATH.removed-<time>-<pid> for whoever wants to
 * look at them.  False when they could not be kept: then nothing is
 * removed. */
static bool save_removed(const char *path, const uint8_t *base, const full_scan *s)
{
    if (!s->bad.n)
        return true;
    const uint8_t **parts = NULL;
    uint64_t *lens = NULL;
    sm_cleanup c_parts, c_lens;
    SM_CLEANUP_PTR(c_parts, parts);
    SM_CLEANUP_PTR(c_lens, lens);
    parts = sm_xmalloc(sm_mul(s->bad.n, sizeof *parts));
    lens = sm_xmalloc(sm_mul(s->bad.n, sizeof *lens));
    for (size_t i = 0; i < s->bad.n; i++) {
        parts[i] = base + s->bad.v[i].start;
        lens[i] = s->bad.v[i].end - s->bad.v[i].start;
    }
    char *name = sm_arch_save_removed(path, parts, lens, s->bad.n);
    int e = errno;
    sm_cleanup_run(&c_lens);
    sm_cleanup_run(&c_parts);
    bool ok = name != NULL;
    free(name);
    errno = e;
    return ok;
}

/* Before a repair that writes the sound members into a new file: where each
 * is now (j->from), where it will be (their offsets), and the new file's
 * name. */
static void plan_rewrite(check_job *j)
{
    sm_arch_entries *good = &j->s.good;
    j->from = sm_xmalloc(sm_mul(good->n + 1, sizeof *j->from));
    uint64_t off = 0;
    for (size_t i = 0; i < good->n; i++) {
        j->from[i] = good->v[i].offset;
        good->v[i].offset = off;
        off += good->v[i].size;
    }
    j->tmp = sm_arch_msg("%s.repair.%ld", j->real, (long)getpid());
}

/* Writes the sound members into j->tmp, which then replaces the archive.
 * Allocates nothing but the message of a failure. */
static sm_status rewrite(check_job *j, const struct stat *was, uint64_t *kept,
                         char **errmsg)
{
    const char *path = j->real;
    int fd = open(j->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot create: %s", j->tmp,
                            strerror(errno));
    j->tmp_made = true;
    uint64_t off = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < j->s.good.n; i++) {
        const sm_archive_entry *e = &j->s.good.v[i];
        const uint8_t *p = j->map.base + j->from[i];
        uint64_t n = e->size;
        while (ok && n) {
            ssize_t w = write(fd, p, n > SM_ARCH_WRITE_CHUNK ? SM_ARCH_WRITE_CHUNK
                                                             : (size_t)n);
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
        off += e->size;
    }
    /* The repaired archive keeps the owner and mode of the one it replaces
     * (the owner only when we may give it: as its owner, it is ours). */
    if (ok && fchown(fd, was->st_uid, was->st_gid) < 0 && errno != EPERM)
        ok = false;
    ok = ok && fchmod(fd, was->st_mode & 07777) == 0 && fsync(fd) == 0;
    int e = errno;
    if (close(fd) < 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(j->tmp, path) < 0) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        unlink(j->tmp);
        j->tmp_made = false;
        return sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot write the repaired "
                            "archive %s: %s (the archive is unchanged)", path,
                            j->tmp, strerror(e));
    }
    j->tmp_made = false;
    sm_arch_sync_dir(path);
    *kept = off;
    return SM_OK;
}

/* What remove_leftovers holds. */
typedef struct leftovers {
    char *dir, *p1, *p2, *full;
    DIR *d;
} leftovers;

static void leftovers_release(void *p)
{
    leftovers *l = p;
    if (l->d)
        closedir(l->d);
    free(l->dir);
    free(l->p1);
    free(l->p2);
    free(l->full);
    memset(l, 0, sizeof *l);
}

/* Removes the temporary files (PATH.idx.tmp.PID, PATH.repair.PID) that a
 * process killed while writing left behind, when that process is gone.  The
 * caller holds the exclusive lock, so no live writer is using them. */
static void remove_leftovers(const char *path)
{
    leftovers l = {0};
    sm_cleanup c_l;
    sm_cleanup_push(&c_l, leftovers_release, &l);
    const char *slash = strrchr(path, '/');
    l.dir = slash ? sm_xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
                  : sm_xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    l.p1 = sm_arch_msg("%s.idx.tmp.", base);
    l.p2 = sm_arch_msg("%s.repair.", base);
    l.d = opendir(l.dir);
    struct dirent *de;
    while (l.d && (de = readdir(l.d))) {
        const char *rest = NULL;
        if (strncmp(de->d_name, l.p1, strlen(l.p1)) == 0)
            rest = de->d_name + strlen(l.p1);
        else if (strncmp(de->d_name, l.p2, strlen(l.p2)) == 0)
            rest = de->d_name + strlen(l.p2);
        if (!rest || !*rest || strspn(rest, "0123456789") != strlen(rest))
            continue;
        long pid = strtol(rest, NULL, 10);
        if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
            continue; /* its writer may still be alive */
        l.full = sm_arch_msg("%s/%s", l.dir, de->d_name);
        unlink(l.full);
        free(l.full);
        l.full = NULL;
    }
    sm_cleanup_run(&c_l);
}

/* Writes the prepared index; the archive is repaired whatever it says. */
static sm_status commit_index(check_job *j, char **errmsg)
{
    if (sm_arch_index_commit(&j->idx) == 0)
        return SM_OK;
    return sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot write the index: %s (the "
                        "archive itself is repaired)", j->idx.ipath,
                        strerror(errno));
}

/* Keeps the good members and drops the rest.  Everything the repair needs
 * in memory (the new index, the new file's name) is made before the
 * archive changes, so that running out of memory cannot leave it changed
 * with a stale index. */
static sm_status repair_work(check_job *j, const char *path,
                             sm_archive_report *rep, char **errmsg)
{
    struct stat st;
    sm_status status = check_open(j, path, true, &st, errmsg);
    if (status != SM_OK)
        return status;
    full_scan *s = &j->s;
    uint64_t fsize = (uint64_t)st.st_size;
    rep->size = fsize;
    rep->kept_bytes = fsize;
    rep->good = s->good.n;
    rep->bad = s->bad.n;
    int index_state = check_index(j->real, &s->good, &rep->listed);
    if (!s->bad.n) {
        remove_leftovers(j->real);
        if (index_state == 1)
            return SM_OK;
        sm_arch_index_prepare_all(&j->idx, j->real, s->good.v, s->good.n);
        return commit_index(j, errmsg);
    }
    rep->bad_offset = s->bad.v[0].start;
    const region *r0 = &s->bad.v[0];
    if (!s->good.n && !(s->bad.n == 1 && r0->kind == SM_ARCH_TORN && r0->start == 0))
        return sm_arch_fail(errmsg, SM_ERR_FORMAT,
                            "%s: not a digest archive (no sound member in %" PRIu64
                            " bytes; first problem at byte offset 0: %s); left "
                            "unchanged", j->real, fsize, s->first_why);
    bool cut = s->bad.n == 1 && r0->end == fsize;
    if (!cut)
        plan_rewrite(j);
    sm_arch_index_prepare_all(&j->idx, j->real, s->good.v, s->good.n);
    remove_leftovers(j->real);
    if (!save_removed(j->real, j->map.base, s))
        return sm_arch_fail(errmsg, SM_ERR_IO,
                            "%s: cannot save the damaged bytes beside the "
                            "archive: %s; left unchanged", j->real, strerror(errno));
    if (!cut)
        status = rewrite(j, &st, &rep->kept_bytes, errmsg);
    else if (ftruncate(j->fd, (off_t)r0->start) < 0 || fsync(j->fd) < 0)
        return sm_arch_fail(errmsg, SM_ERR_IO,
                            "%s: cannot truncate to %" PRIu64 " bytes: %s",
                            j->real, r0->start, strerror(errno));
    else
        rep->kept_bytes = r0->start;
    return status == SM_OK ? commit_index(j, errmsg) : status;
}

sm_status sm_archive_repair(const char *path, sm_archive_report *rep, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    sm_status st;
    SM_GUARDED(st, check_run(repair_work, path, rep, errmsg),
               sm_arch_nomem(errmsg, path));
    return st;
}
