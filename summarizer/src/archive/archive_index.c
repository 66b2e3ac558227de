/*
 * archive_index.c: the archive's index, a copy of its member headers that
 * records what the archive held: how many digests, where each starts, and
 * so how many bytes.  Every command holds the members against it, so a cut
 * (even one at a member boundary, which leaves a valid shorter gzip file)
 * is damage that names the lost digests, never silently forgotten.
 *
 * ARCHIVE.idx is text:
 *
 *   summarizer-archive-index 1\n
 *   number\toffset\tsize\tcsize\tusize\tcrc\tadded\tdate\tformat\ttopics\tLCRC\n
 *   ...
 *
 * with crc and LCRC as 8 hex digits, LCRC the CRC-32 of the line before its
 * last tab.  It is valid when every line checks, the members are contiguous
 * from offset 0, and every member in the archive matches its line; members
 * after the last line (an append killed before its index update) are
 * added.  A missing or malformed index is rebuilt from the members; one
 * that lists more than the file holds is left for repair.
 *
 * The whole index is written to a temporary file, fsync'd and renamed; an
 * append to an archive whose index is current only appends its line (a torn
 * line fails its CRC and the index is rebuilt).
 */
#include "archive/archive.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define INDEX_MAGIC "summarizer-archive-index 1\n"

/* ---- the index --------------------------------------------------------- */

char *sm_arch_index_path(const char *path)
{
    return sm_arch_msg("%s.idx", path);
}

static void index_line(sm_buf *b, const sm_archive_entry *e)
{
    size_t start = b->len;
    sm_buf_printf(b, "%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
                  "\t%08" PRIx32 "\t%" PRId64 "\t%s\t%s\t",
                  e->number, e->offset, e->size, e->csize, e->usize, e->crc,
                  e->added, e->date, e->format);
    sm_buf_adds(b, e->topics);
    uint32_t c = sm_arch_crc(b->s + start, b->len - start);
    sm_buf_printf(b, "\t%08" PRIx32 "\n", c);
}

static bool parse_u64(const char **p, const char *end, uint64_t *out, int base)
{
    const char *s = *p;
    uint64_t v = 0;
    int digits = 0;
    while (s < end && *s != '\t') {
        int d;
        if (*s >= '0' && *s <= '9')
            d = *s - '0';
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = *s - 'a' + 10;
        else
            return false;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
            return false;
        v = v * (uint64_t)base + (uint64_t)d;
        s++;
        digits++;
    }
    if (!digits || s >= end)
        return false;
    *out = v;
    *p = s + 1;
    return true;
}

static bool field(const char **p, const char *end, const char **s, size_t *n)
{
    const char *t = memchr(*p, '\t', (size_t)(end - *p));
    if (!t)
        return false;
    *s = *p;
    *n = (size_t)(t - *p);
    *p = t + 1;
    return true;
}

/* Parses one index line line[0..len) (without its newline). */
static bool parse_index_line(const char *line, size_t len, sm_archive_entry *e,
                             sm_arena *arena)
{
    const char *lasttab = NULL;
    for (size_t i = len; i > 0; i--)
        if (line[i - 1] == '\t') {
            lasttab = line + i - 1;
            break;
        }
    if (!lasttab || line + len - lasttab != 9)
        return false;
    uint64_t lcrc = 0;
    for (int i = 0; i < 8; i++) {
        char c = lasttab[1 + i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (d < 0)
            return false;
        lcrc = lcrc << 4 | (uint64_t)d;
    }
    if (sm_arch_crc(line, (uint64_t)(lasttab - line)) != (uint32_t)lcrc)
        return false;
    const char *end = lasttab + 1; /* every field ends with a tab */
    const char *p = line;
    uint64_t crc, added;
    const char *s;
    size_t n;
    memset(e, 0, sizeof *e);
    if (!parse_u64(&p, end, &e->number, 10) || !parse_u64(&p, end, &e->offset, 10) ||
        !parse_u64(&p, end, &e->size, 10) || !parse_u64(&p, end, &e->csize, 10) ||
        !parse_u64(&p, end, &e->usize, 10) || !parse_u64(&p, end, &crc, 16) ||
        crc > UINT32_MAX)
        return false;
    e->crc = (uint32_t)crc;
    bool neg = p < end && *p == '-';
    if (neg)
        p++;
    if (!parse_u64(&p, end, &added, 10) || added > (uint64_t)INT64_MAX)
        return false;
    e->added = neg ? -(int64_t)added : (int64_t)added;
    if (!field(&p, end, &s, &n) || !sm_arch_valid_date(s, n))
        return false;
    memcpy(e->date, s, n);
    e->date[n] = '\0';
    if (!field(&p, end, &s, &n) || !sm_arch_valid_format(s, n))
        return false;
    e->format = sm_arena_strndup(arena, s, n);
    if (!field(&p, end, &s, &n) || p != end || !sm_arch_valid_topics(s, n))
        return false;
    e->topics = sm_arena_strndup(arena, s, n);
    return true;
}

/* Reads the index file.  Returns 1 when it was read whole, 0 when it is
 * missing, -1 when it is malformed (entries holds the lines before the first
 * bad one, which are still good as a prefix). */
int sm_arch_read_index(const char *path, sm_arena *arena, sm_arch_entries *ents)
{
    char *ipath = sm_arch_index_path(path);
    int fd = open(ipath, O_RDONLY | O_CLOEXEC);
    free(ipath);
    if (fd < 0)
        return errno == ENOENT ? 0 : -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > SIZE_MAX - 1) {
        close(fd);
        return -1;
    }
    size_t n = (size_t)st.st_size;
    char *buf = NULL;
    sm_cleanup c_fd, c_buf;
    sm_cleanup_push(&c_fd, sm_arch_cleanup_fd, &fd);
    SM_CLEANUP_PTR(c_buf, buf);
    buf = sm_xmalloc(n + 1);
    bool ok = sm_arch_pread(fd, buf, n, 0);
    sm_cleanup_run(&c_fd);
    int result = -1;
    size_t ml = sizeof INDEX_MAGIC - 1;
    if (!ok || n < ml || memcmp(buf, INDEX_MAGIC, ml) != 0)
        goto out;
    const char *p = buf + ml, *end = buf + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            goto out;
        sm_archive_entry e;
        if (!parse_index_line(p, (size_t)(nl - p), &e, arena) ||
            e.number != ents->n + 1)
            goto out;
        SM_PUSH(*ents, e);
        p = nl + 1;
    }
    result = 1;
out:
    sm_cleanup_run(&c_buf);
    return result;
}

void sm_arch_index_prepare_all(sm_arch_index_update *u, const char *path,
                               const sm_archive_entry *ents, size_t n)
{
    sm_buf_adds(&u->text, INDEX_MAGIC);
    for (size_t i = 0; i < n; i++)
        index_line(&u->text, &ents[i]);
    u->ipath = sm_arch_index_path(path);
    u->tmp = sm_arch_msg("%s.tmp.%ld", u->ipath, (long)getpid());
}

void sm_arch_index_prepare_line(sm_arch_index_update *u, const char *path,
                                const sm_archive_entry *e)
{
    index_line(&u->text, e);
    u->ipath = sm_arch_index_path(path);
}

/* Writes the whole index to its temporary file, fsyncs it and renames it
 * over the index. */
static int commit_all(const sm_arch_index_update *u)
{
    int r = -1, e = 0;
    int fd = open(u->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0)
        return -1;
    bool ok = sm_arch_write_all(fd, u->text.s, u->text.len, 0, false) &&
              fsync(fd) == 0;
    e = errno;
    if (close(fd) < 0 && ok) {
        ok = false;
        e = errno;
    }
    if (ok && rename(u->tmp, u->ipath) == 0) {
        sm_arch_sync_dir(u->ipath);
        r = 0;
    } else {
        if (ok)
            e = errno;
        unlink(u->tmp);
    }
    errno = e;
    return r;
}

/* Appends the line to the index. */
static int commit_line(const sm_arch_index_update *u)
{
    int fd = open(u->ipath, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* A line that does not reach the disk whole is cut off again, so the
     * index ends with its last complete line. */
    struct stat st;
    bool have = fstat(fd, &st) == 0;
    bool ok = have && sm_arch_write_all(fd, u->text.s, u->text.len, 0, false) &&
              fsync(fd) == 0;
    int err = errno;
    if (!ok && have && ftruncate(fd, st.st_size) == 0)
        (void)fsync(fd);
    close(fd);
    errno = err;
    return ok ? 0 : -1;
}

int sm_arch_index_commit(const sm_arch_index_update *u)
{
    return u->tmp ? commit_all(u) : commit_line(u);
}

void sm_arch_index_update_cleanup(void *p)
{
    sm_arch_index_update *u = p;
    sm_buf_free(&u->text);
    free(u->ipath);
    free(u->tmp);
    memset(u, 0, sizeof *u);
}

/* Writes the whole index to a temporary file, fsyncs it and renames it over
 * the index.  Returns 0, or -1 with errno set. */
int sm_arch_write_index(const char *path, const sm_archive_entry *ents, size_t n)
{
    sm_arch_index_update u = {0};
    sm_cleanup c_u;
    sm_cleanup_push(&c_u, sm_arch_index_update_cleanup, &u);
    sm_arch_index_prepare_all(&u, path, ents, n);
    int r = sm_arch_index_commit(&u);
    int e = errno;
    sm_cleanup_run(&c_u);
    errno = e;
    return r;
}
