/*
 * archive/archive.h: what the archive's source files (archive.c: format, index,
 * append, read; archive_check.c: verify, repair; archive_search.c) share.
 * The on-disk format is described at the top of archive.c, the index at
 * the top of archive_index.c.
 */
#ifndef SM_ARCHIVE_INT_H
#define SM_ARCHIVE_INT_H

#include "common/common.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

/* What sm_arch_parse makes of the bytes at an offset. */
enum {
    SM_ARCH_OK = 0, /* a whole, sound member */
    SM_ARCH_TORN,   /* the start of a member, cut short by the end of file */
    SM_ARCH_BAD,    /* anything else: damage */
    SM_ARCH_IOERR   /* sm_arch_load only: the file could not be read */
};

/* A parsed member header; pointers point into the parsed bytes. */
typedef struct sm_arch_member {
    uint64_t hdrlen, csize, usize, total;
    uint64_t need; /* SM_ARCH_TORN: bytes needed to go further */
    uint32_t ccrc, crc, isize;
    int64_t added;
    char date[11];
    const char *format, *topics;
    size_t formatlen, topicslen;
} sm_arch_member;

typedef SM_VEC(sm_archive_entry) sm_arch_entries;

/* Where a scan stopped. */
typedef struct sm_arch_tail {
    int kind;        /* SM_ARCH_OK: at the end of the file */
    uint64_t end;    /* end of the last good member */
    uint64_t offset; /* where the problem starts (== end) */
    uint64_t number; /* the number the member there would have */
    char *why;       /* malloc'd reason, NULL when kind is SM_ARCH_OK */
    uint64_t listed;     /* digests the index lists (0: no index) */
    uint64_t listed_end; /* the bytes they span */
} sm_arch_tail;

/* Parses and checks the member at p, of which avail bytes exist before the
 * end of the file.  full also inflates it.  why gets the reason otherwise. */
int sm_arch_parse(const uint8_t *p, uint64_t avail, bool full,
                  sm_arch_member *m, char *why, size_t whylen);
/* The same on a file, reading only the member. */
int sm_arch_load(int fd, uint64_t off, uint64_t fsize, bool full,
                 uint8_t **bytes, sm_arch_member *m, char *why, size_t whylen);
void sm_arch_entry_from(sm_archive_entry *e, const sm_arch_member *m,
                        uint64_t number, uint64_t off, sm_arena *arena);
bool sm_arch_entries_equal(const sm_archive_entry *a, const sm_archive_entry *b);
/* Hops over members from start, appending them to ents until the end of the
 * file or the first one that is not sound. */
void sm_arch_scan(const uint8_t *base, uint64_t fsize, uint64_t start, bool full,
                  sm_arena *arena, sm_arch_entries *ents, sm_arch_tail *tail);

/* Finds the members of the open archive at path by hopping over the whole
 * file and checking every member's stored bytes (header CRC-16, CRC-32 of
 * data and trailer) without inflating, then holds them against the index:
 * a member that differs from its index line, or digests the index lists
 * that the file no longer holds (a cut, even at a member boundary), are
 * damage (tail->kind SM_ARCH_BAD).  A torn tail the index does not list is
 * an interrupted append (SM_ARCH_TORN).  *dirty: the index should be
 * rewritten (it is missing, malformed or misses members at the end).
 * *tail starts zeroed (its why is freed); the caller frees tail->why. */
sm_status sm_arch_load_members(int fd, const char *path, uint64_t fsize,
                               sm_arena *arena, sm_arch_entries *ents,
                               sm_arch_tail *tail, bool *dirty, char **errmsg);
/* Saves base[from..to) of the archive at path beside it, in
 * PATH.removed-<time>-<pid>; returns the malloc'd name, NULL on failure. */
char *sm_arch_save_removed(const char *path, const uint8_t *const *parts,
                           const uint64_t *lens, size_t n);
/* The file an archive path stands for: a symbolic link resolved to its
 * target (so the archive, its index and a repaired copy stay together
 * there); path itself when it does not exist yet.  malloc'd. */
char *sm_arch_resolve(const char *path);

bool sm_arch_valid_date(const char *d, size_t n);
bool sm_arch_pread(int fd, void *buf, size_t n, uint64_t off);
int sm_arch_map(int fd, uint64_t fsize, const uint8_t **base);
void sm_arch_unmap(const uint8_t *base, uint64_t fsize);
int sm_arch_sync_dir(const char *path);
/* Opens path and takes a shared (or, with write, exclusive) lock, retrying
 * when the file was replaced meanwhile.  -1 with *status and *errmsg set. */
int sm_arch_open_locked(const char *path, bool write, bool create,
                        struct stat *st, char **errmsg, sm_status *status);

uint32_t sm_arch_crc(const void *p, uint64_t n); /* CRC-32 */
bool sm_arch_valid_format(const char *f, size_t n);
bool sm_arch_valid_topics(const char *t, size_t n);
/* The most bytes given to one write(2): Linux writes at most 2 GiB - 4 KiB
 * at once anyway; 1 GiB keeps every count exact in an int. */
#define SM_ARCH_WRITE_CHUNK ((size_t)1 << 30)
/* Writes all of buf (at off when positional); false with errno set. */
bool sm_arch_write_all(int fd, const void *buf, size_t n, uint64_t off,
                       bool positional);

/* archive_index.c */
char *sm_arch_index_path(const char *path);
int sm_arch_read_index(const char *path, sm_arena *arena, sm_arch_entries *ents);
int sm_arch_write_index(const char *path, const sm_archive_entry *ents, size_t n);

/* An index update made in two steps, so that running out of memory never
 * falls between a change to the archive and the change to its index:
 * prepare (all the memory it needs) before the archive changes, commit
 * (allocates nothing) after.  Start from {0}; register
 * sm_arch_index_update_cleanup on it before preparing. */
typedef struct sm_arch_index_update {
    sm_buf text; /* the whole index, or the one line to append */
    char *ipath; /* PATH.idx */
    char *tmp;   /* the whole index's temporary file; NULL: append a line */
} sm_arch_index_update;
/* The whole index listing ents[0..n). */
void sm_arch_index_prepare_all(sm_arch_index_update *u, const char *path,
                               const sm_archive_entry *ents, size_t n);
/* One line for e, appended to an index that ends with e->number - 1. */
void sm_arch_index_prepare_line(sm_arch_index_update *u, const char *path,
                                const sm_archive_entry *e);
/* 0, or -1 with errno set (the index is then as it was). */
int sm_arch_index_commit(const sm_arch_index_update *u);
void sm_arch_index_update_cleanup(void *u);

/* ---- out of memory (common.h has the contract) ------------------------
 *
 * Every public sm_archive_* function that allocates runs its work under a
 * guard.  What the work holds when memory runs out is released by
 * cleanups: descriptors (closing one drops the archive's lock), mappings,
 * temporary files.  And every allocation an archive change needs is made
 * before the change: an append builds its member and its index line
 * before it writes either, a repair its index and the names of its files
 * before it saves, cuts or replaces anything.  So a call that runs out of
 * memory leaves the archive as it was, or (only after the commit) as it
 * should be. */
/* fn for an int variable holding a descriptor (-1: none). */
void sm_arch_cleanup_fd(void *fdp);
/* A mapping of an archive, as sm_arch_map makes it. */
typedef struct sm_arch_mapping {
    const uint8_t *base;
    uint64_t size;
} sm_arch_mapping;
/* fn for an sm_arch_mapping. */
void sm_arch_cleanup_map(void *mapping);
/* Stores "PATH: out of memory" in *errmsg (NULL when even that cannot be
 * made) after the work under the guard ran out; returns SM_ERR_NOMEM. */
sm_status sm_arch_nomem(char **errmsg, const char *path);

const char *sm_arch_path(const sm_archive *a);

/* A malloc'd printf. */
char *sm_arch_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Replaces *errmsg (when errmsg is not NULL) with a message; returns st. */
sm_status sm_arch_fail(char **errmsg, sm_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
