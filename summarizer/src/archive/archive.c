/*
 * archive.c: digest archives that never lose a digest.
 *
 * An archive is one gzip file of concatenated members (RFC 1952), one per
 * digest, so standard tools read it.  Every member has the same header shape:
 *
 *   1f 8b 08 06        ID1 ID2 CM=deflate FLG=FEXTRA|FHCRC
 *   MTIME(4) XFL OS    MTIME = the append time (low 32 bits), OS = 3 (Unix)
 *   XLEN(2)            = 4 + LEN
 *   'S' 'M' LEN(2)     one extra subfield:
 *     version(1) = 2
 *     csize(8)         bytes of deflate data that follow the header
 *     usize(8)         bytes of the digest
 *     ccrc(4)          CRC-32 of the deflate data and the trailer (version
 *                      1, still read: of the deflate data only)
 *     added(8)         append time, signed seconds since the epoch
 *     date '\0' format '\0' topics     (date "" or YYYY-MM-DD; topics
 *                                       comma-separated, to the end)
 *   CRC16(2)           low 16 bits of the CRC-32 of every header byte before
 *   deflate data (csize bytes, raw deflate)
 *   CRC32(4) ISIZE(4)  of the digest
 *
 * All integers are little-endian.  The header CRC covers every header byte
 * (MTIME and OS included) and ccrc every byte after it, so a change to any
 * byte of a member is found without inflating it: every command checks
 * every member that way (a CRC-32 runs at memory speed), and verify also
 * inflates.  csize lets a reader hop from member to member.
 *
 * Appends write a whole member with one write at the end of the last good
 * member, fsync, then update the index (archive_index.c); see
 * sm_archive_append.
 */
#include "archive/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

enum {
    GZ_FLAGS = 0x02 | 0x04, /* FHCRC | FEXTRA */
    SUB_VERSION = 2,        /* written; 1 (ccrc without the trailer) is read */
    SUB_VERSION_1 = 1,
    SUB_FIXED = 29,         /* version, csize, usize, ccrc, added */
    HDR_PREFIX = 16,        /* fixed header, XLEN, SI1 SI2 LEN */
    MAX_SUB = 65531,        /* XLEN (<= 65535) also counts SI1 SI2 LEN */
    /* Limits of the format, not tuning: a format name is a word like
     * "markdown" (16 leaves room); the topic list must fit the extra
     * field's 65,531 bytes with the fixed fields, date and format. */
    MAX_FORMAT = 16,
    MAX_TOPICS = 60000,
    TRAILER = 8
};

/* The largest digest a member holds: ISIZE keeps only 32 bits, and a
 * digest is a page of text, so 1 GiB is far beyond any real one while
 * keeping every size exact in 32 bits.  A limit of the format. */
#define MAX_DIGEST ((size_t)1 << 30)
/* Bytes inflated at a time: zlib's own examples use 16 KiB; set by hand,
 * the CRC and the copy cost the same whatever the size. */
#define INFLATE_CHUNK 16384
/* Bytes first read of a member: its header (usually under 100 bytes) and,
 * for most digests, all of it, in one pread.  Set by hand. */
#define FIRST_READ 4096
/* Tries at a fresh name for a saved copy (PATH.removed-*) before giving
 * up: names collide only within one second of one process. */
#define SAVE_NAME_TRIES 1000
/* Times an archive replaced while we waited for its lock is opened again
 * before giving up: each time takes another repair to finish. */
#define LOCK_REOPENS 100

/* ---- messages --------------------------------------------------------- */

char *sm_arch_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return sm_xstrdup(fmt);
    char *s = sm_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

sm_status sm_arch_fail(char **errmsg, sm_status st, const char *fmt, ...)
{
    if (!errmsg)
        return st;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    /* The new message is made before the old one goes: running out of
     * memory here leaves *errmsg as it was, for sm_arch_nomem. */
    char *m;
    if (n < 0) {
        m = sm_xstrdup(fmt);
    } else {
        m = sm_xmalloc((size_t)n + 1);
        va_start(ap, fmt);
        vsnprintf(m, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    free(*errmsg);
    *errmsg = m;
    return st;
}

sm_status sm_arch_nomem(char **errmsg, const char *path)
{
    if (!errmsg)
        return SM_ERR_NOMEM;
    free(*errmsg);
    /* Plain malloc: no guard is open any more to unwind to. */
    const char *p = path ? path : "archive";
    size_t n = strlen(p) + sizeof ": out of memory";
    *errmsg = malloc(n);
    if (*errmsg)
        snprintf(*errmsg, n, "%s: out of memory", p);
    return SM_ERR_NOMEM;
}

void sm_arch_cleanup_fd(void *fdp)
{
    int *fd = fdp;
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

void sm_arch_cleanup_map(void *mapping)
{
    sm_arch_mapping *mp = mapping;
    sm_arch_unmap(mp->base, mp->size);
    mp->base = NULL;
}

/* ---- little-endian fields ---------------------------------------------- */

static uint32_t le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}
static uint64_t le64(const uint8_t *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}
static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}
static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

uint32_t sm_arch_crc(const void *p, uint64_t n)
{
    return (uint32_t)crc32_z(0, (const Bytef *)p, (z_size_t)n);
}

/* ---- validation of metadata ------------------------------------------ */

bool sm_arch_valid_date(const char *d, size_t n)
{
    return n == 0 || sm_date_valid(d, n); /* an entry may have no date */
}

bool sm_arch_valid_format(const char *f, size_t n)
{
    if (n == 0 || n > MAX_FORMAT)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((f[i] >= 'a' && f[i] <= 'z') || (f[i] >= '0' && f[i] <= '9')))
            return false;
    return true;
}

bool sm_arch_valid_topics(const char *t, size_t n)
{
    if (n > MAX_TOPICS)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
            return false;
    return true;
}

/* ---- one member ------------------------------------------------------- */

/* Inflates a member's data, checking that it is one deflate stream of exactly
 * csize bytes that inflates to usize bytes with CRC-32 crc.  out, when not
 * NULL, has room for usize bytes. */
static bool inflate_data(const uint8_t *in, uint64_t csize, uint64_t usize,
                         uint32_t crc, char *out, char *why, size_t whylen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    int init = inflateInit2(&z, -15);
    if (init == Z_MEM_ERROR)
        sm_oom();
    if (init != Z_OK) {
        snprintf(why, whylen, "cannot initialize zlib");
        return false;
    }
    uint8_t chunk[INFLATE_CHUNK];
    const uint8_t *ip = in;
    uint64_t left = csize, total = 0;
    uint32_t c = (uint32_t)crc32(0, NULL, 0);
    bool ok = false;
    for (;;) {
        if (z.avail_in == 0 && left) {
            uInt n = left > UINT_MAX ? UINT_MAX : (uInt)left;
            z.next_in = (Bytef *)(uintptr_t)ip;
            z.avail_in = n;
            ip += n;
            left -= n;
        }
        z.next_out = chunk;
        z.avail_out = sizeof chunk;
        int ret = inflate(&z, Z_NO_FLUSH);
        size_t got = sizeof chunk - z.avail_out;
        if (got) {
            if (total + got > usize) {
                snprintf(why, whylen,
                         "data inflates to more than the %" PRIu64
                         " bytes the header gives", usize);
                goto done;
            }
            if (out)
                memcpy(out + total, chunk, got);
            c = (uint32_t)crc32(c, chunk, (uInt)got);
            total += got;
        }
        if (ret == Z_STREAM_END)
            break;
        if (ret == Z_MEM_ERROR) { /* its window, allocated on first use */
            inflateEnd(&z);
            sm_oom();
        }
        if (ret == Z_BUF_ERROR && z.avail_in == 0 && left == 0) {
            snprintf(why, whylen, "deflate data ends early");
            goto done;
        }
        if (ret != Z_OK && ret != Z_BUF_ERROR) {
            snprintf(why, whylen, "invalid deflate data (%s)",
                     z.msg ? z.msg : "zlib error");
            goto done;
        }
    }
    if (z.avail_in != 0 || left != 0)
        snprintf(why, whylen, "deflate stream ends %" PRIu64
                 " bytes before the member's data does",
                 (uint64_t)z.avail_in + left);
    else if (total != usize)
        snprintf(why, whylen, "data inflates to %" PRIu64 " bytes, not %" PRIu64,
                 total, usize);
    else if (c != crc)
        snprintf(why, whylen, "CRC-32 mismatch (trailer %08" PRIx32
                 ", data %08" PRIx32 ")", crc, c);
    else
        ok = true;
done:
    inflateEnd(&z);
    return ok;
}

int sm_arch_parse(const uint8_t *p, uint64_t avail, bool full,
                  sm_arch_member *m, char *why, size_t whylen)
{
    static const uint8_t magic[4] = {0x1f, 0x8b, 8, GZ_FLAGS};
    static const char *const magic_why[4] = {
        "not a gzip member (bad magic bytes)",
        "not a gzip member (bad magic bytes)",
        "gzip member with an unknown compression method",
        "gzip member without a digest header (not written by summarizer)"};
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < 4; i++) {
        if (i >= avail) {
            m->need = HDR_PREFIX;
            snprintf(why, whylen, "incomplete gzip header (%" PRIu64 " bytes)",
                     avail);
            return SM_ARCH_TORN;
        }
        if (p[i] != magic[i]) {
            snprintf(why, whylen, "%s", magic_why[i]);
            return SM_ARCH_BAD;
        }
    }
    if (avail >= 12) {
        uint32_t xlen = le16(p + 10);
        if (xlen < 4 + SUB_FIXED + 2) {
            snprintf(why, whylen, "%s", magic_why[3]);
            return SM_ARCH_BAD;
        }
    }
    if ((avail >= 13 && p[12] != 'S') || (avail >= 14 && p[13] != 'M')) {
        snprintf(why, whylen, "%s", magic_why[3]);
        return SM_ARCH_BAD;
    }
    if (avail < HDR_PREFIX) {
        m->need = HDR_PREFIX;
        snprintf(why, whylen, "incomplete gzip header (%" PRIu64 " bytes)", avail);
        return SM_ARCH_TORN;
    }
    uint32_t xlen = le16(p + 10), sublen = le16(p + 14);
    if (sublen + 4 != xlen) {
        snprintf(why, whylen, "malformed gzip extra field");
        return SM_ARCH_BAD;
    }
    if (avail > HDR_PREFIX && p[HDR_PREFIX] != SUB_VERSION &&
        p[HDR_PREFIX] != SUB_VERSION_1) {
        snprintf(why, whylen, "digest header of unknown version %u",
                 (unsigned)p[HDR_PREFIX]);
        return SM_ARCH_BAD;
    }
    uint64_t hdrlen = HDR_PREFIX + (uint64_t)sublen + 2;
    if (avail < hdrlen) {
        m->need = hdrlen;
        snprintf(why, whylen, "incomplete gzip header (%" PRIu64 " of %" PRIu64
                 " bytes)", avail, hdrlen);
        return SM_ARCH_TORN;
    }
    uint32_t hcrc = sm_arch_crc(p, hdrlen - 2) & 0xffff;
    if (hcrc != le16(p + hdrlen - 2)) {
        snprintf(why, whylen, "gzip header CRC-16 mismatch (stored %04" PRIx32
                 ", computed %04" PRIx32 ")", le16(p + hdrlen - 2), hcrc);
        return SM_ARCH_BAD;
    }
    const uint8_t *f = p + HDR_PREFIX;
    m->hdrlen = hdrlen;
    m->csize = le64(f + 1);
    m->usize = le64(f + 9);
    m->ccrc = le32(f + 17);
    m->added = (int64_t)le64(f + 21);
    const char *s = (const char *)f + SUB_FIXED;
    size_t slen = sublen - SUB_FIXED;
    const char *z1 = memchr(s, '\0', slen);
    const char *z2 = z1 ? memchr(z1 + 1, '\0', slen - (size_t)(z1 + 1 - s)) : NULL;
    if (!z2 || !sm_arch_valid_date(s, (size_t)(z1 - s)) ||
        !sm_arch_valid_format(z1 + 1, (size_t)(z2 - z1 - 1)) ||
        !sm_arch_valid_topics(z2 + 1, slen - (size_t)(z2 + 1 - s))) {
        snprintf(why, whylen, "malformed digest header");
        return SM_ARCH_BAD;
    }
    memcpy(m->date, s, (size_t)(z1 - s));
    m->date[z1 - s] = '\0';
    m->format = z1 + 1;
    m->formatlen = (size_t)(z2 - z1 - 1);
    m->topics = z2 + 1;
    m->topicslen = slen - (size_t)(z2 + 1 - s);
    if (m->csize > UINT64_MAX / 2 || m->usize > MAX_DIGEST) {
        snprintf(why, whylen, "digest header gives impossible sizes");
        return SM_ARCH_BAD;
    }
    m->total = hdrlen + m->csize + TRAILER;
    if (avail < m->total) {
        m->need = m->total;
        snprintf(why, whylen, "incomplete member (%" PRIu64 " of %" PRIu64
                 " bytes: an interrupted append)", avail, m->total);
        return SM_ARCH_TORN;
    }
    const uint8_t *data = p + hdrlen;
    m->crc = le32(data + m->csize);
    m->isize = le32(data + m->csize + 4);
    bool v1 = p[HDR_PREFIX] == SUB_VERSION_1;
    uint32_t cc = sm_arch_crc(data, m->csize + (v1 ? 0 : TRAILER));
    if (cc != m->ccrc) {
        snprintf(why, whylen, "stored data CRC-32 mismatch (header %08" PRIx32
                 ", data %08" PRIx32 ")", m->ccrc, cc);
        return SM_ARCH_BAD;
    }
    if (m->isize != (uint32_t)m->usize) {
        snprintf(why, whylen, "ISIZE %" PRIu32 " does not match the length %" PRIu64
                 " in the header", m->isize, m->usize);
        return SM_ARCH_BAD;
    }
    if (full && !inflate_data(data, m->csize, m->usize, m->crc, NULL, why, whylen))
        return SM_ARCH_BAD;
    return SM_ARCH_OK;
}

/* ---- file helpers ------------------------------------------------------ */

bool sm_arch_pread(int fd, void *buf, size_t n, uint64_t off)
{
    char *p = buf;
    while (n) {
        ssize_t r = pread(fd, p, n, (off_t)off);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            if (r == 0)
                errno = EIO; /* shorter than fstat said */
            return false;
        }
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return true;
}

/* Test hook: SM_ARCHIVE_TEST_ENOSPC_AFTER=N makes the archive's writes fail
 * with ENOSPC once N bytes have been written by this process, as a disk
 * that fills up would, so tests can stop an append at any byte. */
static bool test_enospc(size_t *n)
{
    static long long budget = -2; /* -2: not read yet, -1: no hook */
    if (budget == -2) {
        const char *s = getenv("SM_ARCHIVE_TEST_ENOSPC_AFTER");
        budget = s ? strtoll(s, NULL, 10) : -1;
    }
    if (budget < 0)
        return false;
    if (budget == 0) {
        errno = ENOSPC;
        return true;
    }
    if ((unsigned long long)*n > (unsigned long long)budget)
        *n = (size_t)budget;
    budget -= (long long)*n;
    return false;
}

bool sm_arch_write_all(int fd, const void *buf, size_t n, uint64_t off,
                      bool positional)
{
    const char *p = buf;
    while (n) {
        size_t k = n;
        if (test_enospc(&k))
            return false;
        ssize_t r = positional ? pwrite(fd, p, k, (off_t)off) : write(fd, p, k);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return false;
        if (r == 0) {
            errno = ENOSPC;
            return false;
        }
        p += r;
        n -= (size_t)r;
        off += (uint64_t)r;
    }
    return true;
}

/* Reads and checks the member at off, reading only as much as it needs.
 * *bytes (malloc'd, caller frees) holds what was read. */
int sm_arch_load(int fd, uint64_t off, uint64_t fsize, bool full,
                 uint8_t **bytes, sm_arch_member *m, char *why, size_t whylen)
{
    uint64_t avail = fsize - off;
    uint64_t want = avail < FIRST_READ ? avail : FIRST_READ;
    *bytes = NULL;
    for (;;) {
        if (want > SIZE_MAX - 1) {
            snprintf(why, whylen, "member too large");
            return SM_ARCH_BAD;
        }
        uint8_t *b = sm_xrealloc(*bytes, (size_t)want + 1);
        *bytes = b;
        if (!sm_arch_pread(fd, b, (size_t)want, off)) {
            snprintf(why, whylen, "read error: %s", strerror(errno));
            return SM_ARCH_IOERR;
        }
        int r = sm_arch_parse(b, want, full, m, why, whylen);
        if (r != SM_ARCH_TORN || want == avail)
            return r;
        want = m->need < avail ? m->need : avail;
    }
}

void sm_arch_entry_from(sm_archive_entry *e, const sm_arch_member *m,
                        uint64_t number, uint64_t off, sm_arena *arena)
{
    memset(e, 0, sizeof *e);
    e->number = number;
    e->offset = off;
    e->size = m->total;
    e->csize = m->csize;
    e->usize = m->usize;
    e->crc = m->crc;
    e->added = m->added;
    memcpy(e->date, m->date, sizeof e->date);
    e->format = sm_arena_strndup(arena, m->format, m->formatlen);
    e->topics = sm_arena_strndup(arena, m->topics, m->topicslen);
}

static bool entry_matches(const sm_archive_entry *e, const sm_arch_member *m)
{
    return e->size == m->total && e->csize == m->csize && e->usize == m->usize &&
           e->crc == m->crc && e->added == m->added &&
           strcmp(e->date, m->date) == 0 &&
           strlen(e->format) == m->formatlen &&
           memcmp(e->format, m->format, m->formatlen) == 0 &&
           strlen(e->topics) == m->topicslen &&
           memcmp(e->topics, m->topics, m->topicslen) == 0;
}

bool sm_arch_entries_equal(const sm_archive_entry *a, const sm_archive_entry *b)
{
    return a->number == b->number && a->offset == b->offset &&
           a->size == b->size && a->csize == b->csize && a->usize == b->usize &&
           a->crc == b->crc && a->added == b->added &&
           strcmp(a->date, b->date) == 0 && strcmp(a->format, b->format) == 0 &&
           strcmp(a->topics, b->topics) == 0;
}

char *sm_arch_resolve(const char *path)
{
    char *r = realpath(path, NULL);
    if (r)
        return r;
    /* Not there yet (or a dangling link): created where it is named. */
    return sm_xstrdup(path);
}

char *sm_arch_save_removed(const char *path, const uint8_t *const *parts,
                           const uint64_t *lens, size_t n)
{
    static unsigned seq; /* several saves by one process in one second */
    char *name = NULL;
    int fd = -1;
    for (int tries = 0; tries < SAVE_NAME_TRIES && fd < 0; tries++) {
        free(name);
        unsigned k = seq++;
        name = k ? sm_arch_msg("%s.removed-%lld-%ld-%u", path, (long long)time(NULL),
                               (long)getpid(), k)
                 : sm_arch_msg("%s.removed-%lld-%ld", path, (long long)time(NULL),
                               (long)getpid());
        fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    bool ok = fd >= 0;
    for (size_t i = 0; ok && i < n; i++)
        for (uint64_t done = 0; ok && done < lens[i];) {
            size_t k = lens[i] - done > SM_ARCH_WRITE_CHUNK
                        ? SM_ARCH_WRITE_CHUNK : (size_t)(lens[i] - done);
            ok = sm_arch_write_all(fd, parts[i] + done, k, 0, false);
            done += k;
        }
    ok = ok && fsync(fd) == 0;
    int e = errno;
    if (fd >= 0 && close(fd) < 0 && ok) {
        ok = false;
        e = errno;
    }
    if (!ok) {
        if (fd >= 0)
            unlink(name);
        free(name);
        errno = e;
        return NULL;
    }
    sm_arch_sync_dir(name);
    return name;
}

/* The directory of path, for fsync after a create or rename. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return sm_xstrdup(".");
    if (slash == path)
        return sm_xstrdup("/");
    return sm_xstrndup(path, (size_t)(slash - path));
}

static sm_status dir_of_work(const char *path, char **dir)
{
    *dir = dir_of(path);
    return SM_OK;
}

int sm_arch_sync_dir(const char *path)
{
    /* Runs after commits, where running out of memory must not unwind the
     * call: a directory whose name cannot be made is not synced, as when
     * its fsync fails. */
    char *dir = NULL;
    sm_status st;
    SM_GUARDED(st, dir_of_work(path, &dir), (void)0);
    if (st != SM_OK) {
        errno = ENOMEM;
        return -1;
    }
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    free(dir);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

int sm_arch_open_locked(const char *path, bool write, bool create,
                        struct stat *st, char **errmsg, sm_status *status)
{
    for (int attempt = 0;; attempt++) {
        int flags = (write ? O_RDWR : O_RDONLY) | O_CLOEXEC | (create ? O_CREAT : 0);
        int fd = open(path, flags, 0666);
        if (fd < 0) {
            *status = sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot open%s: %s", path,
                                   write ? " for writing" : "", strerror(errno));
            return -1;
        }
        if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
            int e = errno;
            close(fd);
            *status = sm_arch_fail(errmsg, SM_ERR_IO, "%s: %s", path,
                                   S_ISREG(st->st_mode) ? strerror(e)
                                                        : "not a regular file");
            return -1;
        }
        if (write && (st->st_mode & 0222) == 0) {
            /* Honoured even for root, who could write it anyway. */
            close(fd);
            *status = sm_arch_fail(errmsg, SM_ERR_IO,
                                   "%s: cannot write: the archive is read-only "
                                   "(mode %03o)", path,
                                   (unsigned)(st->st_mode & 0777));
            return -1;
        }
        int r;
        while ((r = flock(fd, write ? LOCK_EX : LOCK_SH)) < 0 && errno == EINTR)
            ;
        if (r < 0) {
            int e = errno;
            close(fd);
            *status = sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot lock: %s", path,
                                   strerror(e));
            return -1;
        }
        /* repair may have replaced the file while we waited for the lock:
         * then lock the new one. */
        struct stat now;
        if (fstat(fd, st) == 0 && stat(path, &now) == 0 &&
            now.st_dev == st->st_dev && now.st_ino == st->st_ino)
            return fd;
        close(fd);
        if (attempt > LOCK_REOPENS) {
            *status = sm_arch_fail(errmsg, SM_ERR_IO,
                                   "%s: the file keeps being replaced", path);
            return -1;
        }
    }
}

/* ---- scanning ------------------------------------------------------------ */

void sm_arch_scan(const uint8_t *base, uint64_t fsize, uint64_t start, bool full,
                  sm_arena *arena, sm_arch_entries *ents, sm_arch_tail *tail)
{
    uint64_t off = start;
    char why[256];
    tail->kind = SM_ARCH_OK;
    while (off < fsize) {
        sm_arch_member m;
        int r = sm_arch_parse(base + off, fsize - off, full, &m, why, sizeof why);
        if (r != SM_ARCH_OK) {
            tail->kind = r;
            tail->offset = off;
            tail->number = ents->n + 1;
            tail->why = sm_xstrdup(why);
            break;
        }
        sm_archive_entry e;
        sm_arch_entry_from(&e, &m, ents->n + 1, off, arena);
        SM_PUSH(*ents, e);
        off += m.total;
    }
    tail->end = off;
}

int sm_arch_map(int fd, uint64_t fsize, const uint8_t **base)
{
    *base = NULL;
    if (fsize == 0)
        return 0;
    if (fsize > SIZE_MAX) {
        errno = EFBIG;
        return -1;
    }
    void *p = mmap(NULL, (size_t)fsize, PROT_READ, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED)
        return -1;
    *base = p;
    return 0;
}

void sm_arch_unmap(const uint8_t *base, uint64_t fsize)
{
    if (base)
        munmap((void *)(uintptr_t)base, (size_t)fsize);
}

/* Turns what the index lists beyond the sound members into damage: a
 * member that differs from its index line, or listed digests the file no
 * longer holds whole. */
static void hold_against_index(const sm_arch_entries *idx, sm_arch_entries *ents,
                               sm_arch_tail *tail, uint64_t fsize)
{
    size_t n = idx->n < ents->n ? idx->n : ents->n;
    for (size_t i = 0; i < n; i++)
        if (!sm_arch_entries_equal(&idx->v[i], &ents->v[i])) {
            char *why = sm_arch_msg("digest %zu differs from its line in the index",
                                    i + 1);
            free(tail->why);
            tail->why = why;
            tail->kind = SM_ARCH_BAD;
            tail->offset = tail->end = ents->v[i].offset;
            tail->number = i + 1;
            ents->n = i;
            return;
        }
    if (idx->n <= ents->n)
        return;
    /* The index lists digests that are not there whole: the file was cut
     * (at a member boundary, or inside a listed member). */
    char range[64];
    if (idx->n - ents->n == 1)
        snprintf(range, sizeof range, "digest %zu is", ents->n + 1);
    else
        snprintf(range, sizeof range, "digests %zu-%zu are", ents->n + 1, idx->n);
    char *was = tail->why;
    tail->why = sm_arch_msg("the index lists %zu digest%s in %" PRIu64 " bytes, but "
                            "the file holds %zu whole (%" PRIu64 " bytes): %s "
                            "missing%s%s", idx->n, idx->n == 1 ? "" : "s",
                            tail->listed_end, ents->n, fsize, range,
                            was ? " or damaged: " : "", was ? was : "");
    free(was);
    if (tail->kind == SM_ARCH_OK) {
        tail->offset = tail->end;
        tail->number = ents->n + 1;
    }
    tail->kind = SM_ARCH_BAD;
}

sm_status sm_arch_load_members(int fd, const char *path, uint64_t fsize,
                               sm_arena *arena, sm_arch_entries *ents,
                               sm_arch_tail *tail, bool *dirty, char **errmsg)
{
    sm_arch_entries idx = {0};
    sm_cleanup c_idx;
    SM_CLEANUP_VEC(c_idx, idx);
    int ir = sm_arch_read_index(path, arena, &idx);
    free(tail->why);
    memset(tail, 0, sizeof *tail);
    tail->listed = idx.n;
    if (idx.n)
        tail->listed_end = idx.v[idx.n - 1].offset + idx.v[idx.n - 1].size;
    ents->n = 0;
    sm_arch_mapping mp = {NULL, fsize};
    if (sm_arch_map(fd, fsize, &mp.base) < 0) {
        sm_cleanup_run(&c_idx);
        return sm_arch_fail(errmsg, SM_ERR_IO, "%s: cannot map: %s", path,
                            strerror(errno));
    }
    sm_cleanup c_map;
    sm_cleanup_push(&c_map, sm_arch_cleanup_map, &mp);
    sm_arch_scan(mp.base, fsize, 0, false, arena, ents, tail);
    sm_cleanup_run(&c_map);
    hold_against_index(&idx, ents, tail, fsize);
    *dirty = ir != 1 || idx.n != ents->n;
    sm_cleanup_run(&c_idx);
    return SM_OK;
}

/* ---- append ------------------------------------------------------------- */

/* What an append holds, released by append_release on every path (and by
 * its cleanup when memory runs out). */
typedef struct append_job {
    char *real;        /* the archive's file (a link resolved) */
    uint8_t *mem;      /* the new member, whole */
    size_t memlen;
    int fd;            /* the archive, locked exclusively; -1: not open */
    uint64_t end;      /* where the new member goes */
    sm_arena arena;
    sm_arch_entries ents;
    sm_arch_tail tail;
    sm_arch_index_update idx; /* the new member's index line (or index) */
} append_job;

static void append_release(void *p)
{
    append_job *j = p;
    sm_arch_cleanup_fd(&j->fd);
    free(j->real);
    free(j->mem);
    free(j->tail.why);
    SM_FREEVEC(j->ents);
    sm_arena_free(&j->arena);
    sm_arch_index_update_cleanup(&j->idx);
    memset(j, 0, sizeof *j);
    j->fd = -1;
}

static void end_deflate(void *z)
{
    deflateEnd(z);
}

/* Builds the whole member in memory (j->mem) so it reaches the file in one
 * write. */
static sm_status build_member(append_job *j, const char *data, size_t len,
                              const char *date, const char *topics,
                              const char *format, int level, int64_t added,
                              char **errmsg, const char *path)
{
    size_t dl = strlen(date), fl = strlen(format), tl = strlen(topics);
    size_t sublen = SUB_FIXED + dl + 1 + fl + 1 + tl;
    size_t hdrlen = HDR_PREFIX + sublen + 2;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return sm_arch_fail(errmsg, SM_ERR_NOMEM, "%s: cannot initialize zlib", path);
    sm_cleanup c_z;
    sm_cleanup_push(&c_z, end_deflate, &z);
    uLong bound = deflateBound(&z, (uLong)len);
    size_t total = hdrlen + (size_t)bound + TRAILER;
    uint8_t *m = j->mem = sm_xmalloc(total);
    z.next_in = (Bytef *)(uintptr_t)data;
    z.avail_in = (uInt)len;
    z.next_out = m + hdrlen;
    z.avail_out = (uInt)bound;
    int ret = deflate(&z, Z_FINISH);
    uint64_t csize = z.total_out;
    sm_cleanup_run(&c_z);
    if (ret != Z_STREAM_END)
        return sm_arch_fail(errmsg, SM_ERR_NOMEM, "%s: compression failed", path);
    m[0] = 0x1f;
    m[1] = 0x8b;
    m[2] = 8;
    m[3] = GZ_FLAGS;
    put32(m + 4, added >= 0 && added <= (int64_t)UINT32_MAX ? (uint32_t)added : 0);
    m[8] = level == 9 ? 2 : level == 1 ? 4 : 0;
    m[9] = 3;
    put16(m + 10, (uint32_t)sublen + 4);
    m[12] = 'S';
    m[13] = 'M';
    put16(m + 14, (uint32_t)sublen);
    uint8_t *f = m + HDR_PREFIX;
    f[0] = SUB_VERSION;
    put64(f + 1, csize);
    put64(f + 9, len);
    put64(f + 21, (uint64_t)added);
    char *s = (char *)f + SUB_FIXED;
    memcpy(s, date, dl + 1);
    memcpy(s + dl + 1, format, fl + 1);
    memcpy(s + dl + 1 + fl + 1, topics, tl);
    uint8_t *t = m + hdrlen + csize;
    put32(t, sm_arch_crc(data, len));
    put32(t + 4, (uint32_t)len);
    put32(f + 17, sm_arch_crc(m + hdrlen, csize + TRAILER));
    put16(m + hdrlen - 2, sm_arch_crc(m, hdrlen - 2) & 0xffff);
    j->memlen = hdrlen + (size_t)csize + TRAILER;
    return SM_OK;
}

/* Test hook: SM_ARCHIVE_TEST_DELAY_US makes an append write its member in
 * four pieces with that many microseconds between them, and pause before the
 * index update, so a crash test can kill it in the middle. */
static long test_delay(void)
{
    const char *s = getenv("SM_ARCHIVE_TEST_DELAY_US");
    return s ? strtol(s, NULL, 10) : 0;
}

static bool write_member(int fd, const uint8_t *m, size_t n, uint64_t off)
{
    long delay = test_delay();
    if (delay <= 0)
        return sm_arch_write_all(fd, m, n, off, true);
    size_t piece = n / 4 + 1;
    for (size_t done = 0; done < n; done += piece) {
        size_t k = n - done < piece ? n - done : piece;
        if (!sm_arch_write_all(fd, m + done, k, off + done, true))
            return false;
        usleep((useconds_t)delay);
    }
    return true;
}

/* Removes the torn tail [end, fsize) an interrupted append left (it never
 * held a completed digest), after saving its bytes beside the archive.
 * Nothing is allocated once the saved copy exists. */
static sm_status clear_torn_tail(int fd, const char *path, uint64_t end,
                                 uint64_t fsize, char **errmsg)
{
    uint64_t n = fsize - end;
    if (n > SIZE_MAX - 1)
        return sm_arch_fail(errmsg, SM_ERR_IO, "%s: torn tail too large", path);
    uint8_t *buf = NULL;
    sm_cleanup c_buf;
    SM_CLEANUP_PTR(c_buf, buf);
    buf = sm_xmalloc((size_t)n + 1);
    char *saved = NULL;
    if (sm_arch_pread(fd, buf, (size_t)n, end)) {
        const uint8_t *parts[1] = {buf};
        saved = sm_arch_save_removed(path, parts, &n, 1);
    }
    int e = errno;
    sm_cleanup_run(&c_buf);
    if (!saved)
        return sm_arch_fail(errmsg, SM_ERR_IO,
                            "%s: cannot save the torn tail at byte offset %" PRIu64
                            " beside the archive: %s; the archive is unchanged",
                            path, end, strerror(e));
    free(saved);
    if (ftruncate(fd, (off_t)end) < 0 || fsync(fd) < 0)
        return sm_arch_fail(errmsg, SM_ERR_IO,
                            "%s: cannot remove the torn tail at byte offset %" PRIu64
                            ": %s", path, end, strerror(errno));
    return SM_OK;
}

/* Makes the new member's entry and its index update (one line when the
 * index listed every member, else a whole new index), before anything is
 * written. */
static sm_status prepare_append(append_job *j, bool dirty, char **errmsg)
{
    sm_arch_entries *ents = &j->ents;
    j->end = ents->n ? ents->v[ents->n - 1].offset + ents->v[ents->n - 1].size : 0;
    sm_arch_member m;
    char why[256];
    if (sm_arch_parse(j->mem, j->memlen, false, &m, why, sizeof why) != SM_ARCH_OK)
        return sm_arch_fail(errmsg, SM_ERR_IO, "%s: internal error: %s", j->real, why);
    sm_archive_entry ne;
    sm_arch_entry_from(&ne, &m, ents->n + 1, j->end, &j->arena);
    SM_PUSH(*ents, ne);
    if (dirty)
        sm_arch_index_prepare_all(&j->idx, j->real, ents->v, ents->n);
    else
        sm_arch_index_prepare_line(&j->idx, j->real, &ne);
    return SM_OK;
}

/* Writes the member at j->end, then its index update.  When either fails
 * the archive is cut back: the digest is added with its index line or not
 * at all.  Allocates nothing before the index is written. */
static sm_status append_member(append_job *j, bool created, char **errmsg)
{
    const char *what = "append the digest";
    bool ok = write_member(j->fd, j->mem, j->memlen, j->end) && fsync(j->fd) == 0;
    if (ok) {
        if (created)
            sm_arch_sync_dir(j->real);
        if (test_delay() > 0)
            usleep((useconds_t)test_delay());
        what = "update the index";
        ok = sm_arch_index_commit(&j->idx) == 0;
    }
    if (ok)
        return SM_OK;
    int e = errno;
    if (ftruncate(j->fd, (off_t)j->end) == 0)
        (void)fsync(j->fd);
    return sm_arch_fail(errmsg, SM_ERR_IO,
                        "%s: cannot %s: %s; the digest was not added (the archive "
                        "is unchanged)", j->real, what, strerror(e));
}

static sm_status check_append_args(const char *path, const char *date,
                                   const char *topics, const char *format,
                                   int level, size_t len, char **errmsg)
{
    if (level < -1 || level > 9)
        return sm_arch_fail(errmsg, SM_ERR_USAGE,
                            "%s: compression level %d is not in -1..9", path, level);
    if (!sm_arch_valid_date(date, strlen(date)))
        return sm_arch_fail(errmsg, SM_ERR_USAGE, "%s: '%s' is not a date (YYYY-MM-DD)",
                            path, date);
    if (!sm_arch_valid_format(format, strlen(format)))
        return sm_arch_fail(errmsg, SM_ERR_USAGE,
                            "%s: '%s' is not a format name (1-16 of a-z 0-9)", path,
                            format);
    if (!sm_arch_valid_topics(topics, strlen(topics)))
        return sm_arch_fail(errmsg, SM_ERR_USAGE,
                            "%s: the topic list has control characters or is "
                            "longer than %d bytes", path, MAX_TOPICS);
    if (len > MAX_DIGEST)
        return sm_arch_fail(errmsg, SM_ERR_USAGE,
                            "%s: a digest of %zu bytes is larger than the 1 GiB "
                            "an archive member may hold", path, len);
    return SM_OK;
}

static sm_status append_work(append_job *j, const char *path, const char *data,
                             size_t len, const char *date, const char *topics,
                             const char *format, int level, uint64_t *number,
                             char **errmsg)
{
    if (!path || (!data && len))
        return sm_arch_fail(errmsg, SM_ERR_USAGE, "archive: no path or data");
    sm_status st = check_append_args(path, date, topics, format, level, len, errmsg);
    if (st != SM_OK)
        return st;
    int64_t added = (int64_t)time(NULL);
    st = build_member(j, data, len, date, topics, format, level, added, errmsg, path);
    if (st != SM_OK)
        return st;
    j->real = sm_arch_resolve(path);
    struct stat fst;
    j->fd = sm_arch_open_locked(j->real, true, true, &fst, errmsg, &st);
    if (j->fd < 0)
        return st;
    bool dirty;
    st = sm_arch_load_members(j->fd, j->real, (uint64_t)fst.st_size, &j->arena,
                              &j->ents, &j->tail, &dirty, errmsg);
    if (st != SM_OK)
        return st;
    if (j->tail.kind == SM_ARCH_BAD)
        return sm_arch_fail(errmsg, SM_ERR_CORRUPT,
                            "%s: damaged at byte offset %" PRIu64 " (digest %" PRIu64
                            "): %s; not appending after damage: run 'summarizer "
                            "archive repair %s'", j->real, j->tail.offset,
                            j->tail.number, j->tail.why, path);
    st = prepare_append(j, dirty, errmsg);
    if (st == SM_OK && j->tail.kind == SM_ARCH_TORN)
        st = clear_torn_tail(j->fd, j->real, j->tail.end, (uint64_t)fst.st_size,
                             errmsg);
    if (st == SM_OK)
        st = append_member(j, fst.st_size == 0, errmsg);
    if (st == SM_OK && number)
        *number = j->ents.n;
    return st;
}

/* sm_archive_append's arguments, in one place for its guard. */
typedef struct append_args {
    const char *path, *data, *date, *topics, *format;
    size_t len;
    int level;
    uint64_t *number;
    char **errmsg;
} append_args;

static sm_status append_run(const append_args *a)
{
    append_job j;
    memset(&j, 0, sizeof j);
    j.fd = -1;
    sm_cleanup c_job;
    sm_cleanup_push(&c_job, append_release, &j);
    sm_status st = append_work(&j, a->path, a->data, a->len,
                               a->date ? a->date : "", a->topics ? a->topics : "",
                               a->format ? a->format : "json", a->level, a->number,
                               a->errmsg);
    sm_cleanup_run(&c_job);
    return st;
}

/* The guard in a frame of its own: the public function's many arguments
 * would be live across its setjmp. */
static sm_status append_guarded(const append_args *a)
{
    sm_status st;
    SM_GUARDED(st, append_run(a), sm_arch_nomem(a->errmsg, a->path));
    return st;
}

sm_status sm_archive_append(const char *path, const char *data, size_t len,
                            const char *date, const char *topics,
                            const char *format, int level, uint64_t *number,
                            char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    const append_args args = {path, data, date, topics, format,
                              len,  level, number, errmsg};
    return append_guarded(&args);
}

/* ---- reading ------------------------------------------------------------ */

struct sm_archive {
    char *path;
    int fd;
    uint64_t fsize;
    sm_arena arena;
    sm_arch_entries ents;
    char *damage;
    uint64_t damage_offset;
};

static void archive_release(void *slot)
{
    sm_archive **a = slot;
    sm_archive_close(*a);
    *a = NULL;
}

/* The message for damage found on open: what is not served, and why. */
static char *damage_message(const sm_archive *a, const sm_arch_tail *tail,
                            const char *path)
{
    if (tail->offset == 0 && tail->kind == SM_ARCH_BAD && !tail->listed)
        return sm_arch_msg("%s: not a digest archive: at byte offset 0: %s",
                           a->path, tail->why);
    return sm_arch_msg("%s: %s at byte offset %" PRIu64 " (digest %" PRIu64 "): %s; "
                       "%" PRIu64 " bytes from there are not served: run "
                       "'summarizer archive repair %s'",
                       a->path, tail->kind == SM_ARCH_TORN ? "torn tail" : "damage",
                       tail->offset, tail->number, tail->why,
                       a->fsize - tail->offset, path);
}

static sm_status open_work(const char *path, sm_archive **out, char **errmsg)
{
    sm_archive *a = NULL;
    sm_arch_tail tail;
    memset(&tail, 0, sizeof tail);
    sm_cleanup c_a, c_why;
    sm_cleanup_push(&c_a, archive_release, &a);
    SM_CLEANUP_PTR(c_why, tail.why);
    a = sm_xcalloc(1, sizeof *a);
    a->fd = -1;
    a->path = sm_arch_resolve(path);
    struct stat st;
    sm_status status = SM_OK;
    a->fd = sm_arch_open_locked(a->path, false, false, &st, errmsg, &status);
    bool dirty = false;
    if (a->fd >= 0) {
        a->fsize = (uint64_t)st.st_size;
        status = sm_arch_load_members(a->fd, a->path, a->fsize, &a->arena, &a->ents,
                                      &tail, &dirty, errmsg);
    }
    if (a->fd < 0 || status != SM_OK) {
        sm_cleanup_run(&c_why);
        sm_cleanup_run(&c_a);
        return status;
    }
    if (tail.kind != SM_ARCH_OK) {
        a->damage_offset = tail.offset;
        a->damage = damage_message(a, &tail, path);
    }
    /* Only a sound archive's index is rewritten (to add members an append
     * could not record): a damaged one is left for repair, so the record of
     * what the archive held survives until someone has looked. */
    if (dirty && !a->damage)
        sm_arch_write_index(a->path, a->ents.v, a->ents.n);
    /* The lock kept appends out while the members were found.  It is not
     * needed to read them later (appends only add after them, repair
     * replaces the file rather than change it under us, or cuts only what
     * is not served), and holding it would make an append wait on a reader
     * paging its output. */
    flock(a->fd, LOCK_UN);
    sm_cleanup_run(&c_why);
    sm_cleanup_pop(&c_a);
    *out = a;
    return SM_OK;
}

sm_status sm_archive_open(const char *path, sm_archive **out, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    *out = NULL;
    sm_status st;
    SM_GUARDED(st, open_work(path, out, errmsg), sm_arch_nomem(errmsg, path));
    return st;
}

void sm_archive_close(sm_archive *a)
{
    if (!a)
        return;
    if (a->fd >= 0)
        close(a->fd);
    free(a->path);
    free(a->damage);
    SM_FREEVEC(a->ents);
    sm_arena_free(&a->arena);
    free(a);
}

size_t sm_archive_count(const sm_archive *a) { return a->ents.n; }

const sm_archive_entry *sm_archive_entry_at(const sm_archive *a, size_t i)
{
    return i < a->ents.n ? &a->ents.v[i] : NULL;
}

const char *sm_archive_damage(const sm_archive *a, uint64_t *offset)
{
    if (offset)
        *offset = a->damage ? a->damage_offset : 0;
    return a->damage;
}

const char *sm_arch_path(const sm_archive *a) { return a->path; }

static sm_status read_work(sm_archive *a, size_t i, char **data, size_t *len,
                           char **errmsg)
{
    if (i >= a->ents.n)
        return sm_arch_fail(errmsg, SM_ERR_USAGE, "%s: no digest number %zu (it has %zu)",
                            a->path, i + 1, a->ents.n);
    const sm_archive_entry *e = &a->ents.v[i];
    uint8_t *bytes = NULL;
    char *out = NULL;
    sm_cleanup c_bytes, c_out;
    SM_CLEANUP_PTR(c_bytes, bytes);
    SM_CLEANUP_PTR(c_out, out);
    sm_arch_member m;
    char why[256];
    int r = sm_arch_load(a->fd, e->offset, a->fsize, false, &bytes, &m, why, sizeof why);
    sm_status st = SM_OK;
    if (r == SM_ARCH_IOERR) {
        st = sm_arch_fail(errmsg, SM_ERR_IO, "%s: digest %" PRIu64 " at byte offset %"
                          PRIu64 ": %s", a->path, e->number, e->offset, why);
    } else if (r != SM_ARCH_OK || !entry_matches(e, &m)) {
        st = sm_arch_fail(errmsg, SM_ERR_CORRUPT, "%s: digest %" PRIu64
                          " at byte offset %" PRIu64 " is damaged: %s", a->path,
                          e->number, e->offset,
                          r != SM_ARCH_OK ? why : "header differs from the index");
    } else {
        out = sm_xmalloc((size_t)m.usize + 1);
        if (!inflate_data(bytes + m.hdrlen, m.csize, m.usize, m.crc, out, why,
                          sizeof why)) {
            st = sm_arch_fail(errmsg, SM_ERR_CORRUPT, "%s: digest %" PRIu64
                              " at byte offset %" PRIu64 " is damaged: %s",
                              a->path, e->number, e->offset, why);
        } else {
            out[m.usize] = '\0';
            *data = out;
            out = NULL; /* the caller's now */
            if (len)
                *len = (size_t)m.usize;
        }
    }
    sm_cleanup_run(&c_out);
    sm_cleanup_run(&c_bytes);
    return st;
}

sm_status sm_archive_read(sm_archive *a, size_t i, char **data, size_t *len,
                          char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    *data = NULL;
    if (len)
        *len = 0;
    sm_status st;
    SM_GUARDED(st, read_work(a, i, data, len, errmsg),
               sm_arch_nomem(errmsg, a->path));
    return st;
}
