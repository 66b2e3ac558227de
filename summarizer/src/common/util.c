/*
 * util.c: memory, the arena, buffers, the intern table, UTF-8 helpers, and
 * error and warning reporting shared by every stage.
 */
#include "common/common.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The innermost guard of this thread (common.h has the contract). */
static _Thread_local sm_guard *guard_top;

/* The test hook's countdown: the allocation that brings it to 0 fails. */
static _Thread_local unsigned long fail_countdown, alloc_count;

unsigned long sm_test_fail_alloc(unsigned long nth)
{
    unsigned long n = alloc_count;
    alloc_count = 0;
    fail_countdown = nth;
    return n;
}

void sm_guard_open(sm_guard *g)
{
    g->prev = guard_top;
    g->cleanups = NULL;
    guard_top = g;
}

/* Guards closed with cleanups still registered: a frame that returned
 * without popping its own (a bug the out-of-memory test looks for). */
static _Thread_local unsigned long unpopped;

void sm_guard_close(sm_guard *g)
{
    if (g->cleanups)
        unpopped++;
    guard_top = g->prev;
}

unsigned long sm_test_unpopped_cleanups(void)
{
    return unpopped;
}

void sm_cleanup_push(sm_cleanup *node, void (*fn)(void *), void *arg)
{
    node->fn = fn;
    node->arg = arg;
    node->next = guard_top ? guard_top->cleanups : NULL;
    if (guard_top)
        guard_top->cleanups = node;
}

void sm_cleanup_pop(sm_cleanup *node)
{
    if (!guard_top)
        return;
    /* Usually the newest; a frame may release its temporaries in any
     * order. */
    for (sm_cleanup **p = &guard_top->cleanups; *p; p = &(*p)->next)
        if (*p == node) {
            *p = node->next;
            return;
        }
}

void sm_cleanup_run(sm_cleanup *node)
{
    sm_cleanup_pop(node);
    node->fn(node->arg);
}

void sm_cleanup_free_ptr(void *slot)
{
    void **p = slot;
    free(*p);
    *p = NULL;
}

void sm_cleanup_free_buf(void *buf)
{
    sm_buf_free(buf);
}

void sm_oom(void)
{
    sm_guard *g = guard_top;
    if (!g) {
        /* Unreachable: every public function that allocates opens a guard
         * (the out-of-memory test walks them).  Nothing can be returned
         * from here, so stop on the spot rather than run on with NULL. */
        fputs("summarizer: out of memory outside a library call\n", stderr);
        __builtin_trap();
    }
    for (sm_cleanup *c = g->cleanups; c; c = c->next)
        c->fn(c->arg);
    guard_top = g->prev;
    longjmp(g->jb, 1);
}

/* Whether the test hook makes this allocation fail. */
static inline bool fail_now(void)
{
    alloc_count++;
    return fail_countdown && --fail_countdown == 0;
}

void *sm_xmalloc(size_t n)
{
    void *p = fail_now() ? NULL : malloc(n ? n : 1);
    if (!p)
        sm_oom();
    return p;
}

void *sm_xcalloc(size_t n, size_t size)
{
    void *p = fail_now() ? NULL : calloc(n ? n : 1, size ? size : 1);
    if (!p)
        sm_oom();
    return p;
}

void *sm_xrealloc(void *p, size_t n)
{
    void *q = fail_now() ? NULL : realloc(p, n ? n : 1);
    if (!q)
        sm_oom();
    return q;
}

char *sm_xstrndup(const char *s, size_t n)
{
    char *d = sm_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *sm_xstrdup(const char *s)
{
    return s ? sm_xstrndup(s, strlen(s)) : NULL;
}

size_t sm_mul(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        sm_oom();
    return n * size;
}

/* ---- arena ------------------------------------------------------------ */

struct sm_arena_block {
    sm_arena_block *next;
    size_t used, cap;
    _Alignas(max_align_t) unsigned char data[];
};

/* Bytes of an arena block: large enough that the block headers and the
 * malloc calls are few next to the strings interned in it, small enough
 * that a tiny corpus does not hold much unused.  Set by hand, not
 * measured; an allocation over a quarter of it gets a block of its own,
 * so a block never wastes more than that quarter at its end. */
#define ARENA_BLOCK (64 * 1024)
#define ARENA_OWN_BLOCK (ARENA_BLOCK / 4)

/* n bytes at a multiple of align (a power of two, at most max_align_t's)
 * from the arena, not initialised.  Each allocation is aligned only as
 * its type needs: term ids and strings pack with no padding between them
 * (a sixth of the terms' memory went to rounding every array up to 16
 * bytes). */
static void *arena_take(sm_arena *a, size_t n, size_t align)
{
    sm_arena_block *b = a->head;
    size_t at = b ? (b->used + align - 1) & ~(align - 1) : 0;
    if (!b || at > b->cap || b->cap - at < n) {
        size_t cap = n > ARENA_OWN_BLOCK ? n : ARENA_BLOCK;
        b = sm_xmalloc(sizeof *b + cap);
        b->used = 0;
        b->cap = cap;
        at = 0;
        if (n > ARENA_OWN_BLOCK && a->head) {
            /* A large block goes behind the current one so the current
             * block's free space is not wasted. */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    b->used = at + n;
    return b->data + at;
}

void *sm_arena_alloc(sm_arena *a, size_t n)
{
    void *p = arena_take(a, n, _Alignof(max_align_t));
    memset(p, 0, n);
    return p;
}

uint32_t *sm_arena_u32dup(sm_arena *a, const uint32_t *v, size_t n)
{
    uint32_t *p = arena_take(a, sm_mul(n, sizeof *v), _Alignof(uint32_t));
    if (n)
        memcpy(p, v, n * sizeof *v);
    return p;
}

char *sm_arena_strndup(sm_arena *a, const char *s, size_t n)
{
    char *d = arena_take(a, n + 1, 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void sm_arena_free(sm_arena *a)
{
    sm_arena_block *b = a->head;
    while (b) {
        sm_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

/* ---- buffers ---------------------------------------------------------- */

/* A buffer's first size: most hold a word, a line or a sentence, so the
 * doublings after it are few.  Set by hand, not measured. */
#define BUF_FIRST_CAP 64

void sm_buf_grow(sm_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : BUF_FIRST_CAP;
    while (cap < b->len + extra + 1) {
        if (cap > SIZE_MAX / 2)
            sm_oom();
        cap *= 2;
    }
    b->s = sm_xrealloc(b->s, cap);
    b->cap = cap;
}

void sm_buf_reserve(sm_buf *b, size_t n)
{
    sm_buf_grow(b, n);
    b->s[b->len] = '\0';
}

void sm_buf_add(sm_buf *b, const char *s, size_t n)
{
    sm_buf_grow(b, n);
    if (n)
        memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void sm_buf_adds(sm_buf *b, const char *s)
{
    sm_buf_add(b, s, strlen(s));
}

void sm_buf_printf(sm_buf *b, const char *fmt, ...)
{
    va_list ap;
    sm_c_numeric saved = sm_c_numeric_begin();
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n >= 0) {
        sm_buf_grow(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
        b->len += (size_t)n;
    }
    sm_c_numeric_end(saved);
}

void sm_buf_json_escape(sm_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': sm_buf_add(b, "\\\"", 2); break;
        case '\\': sm_buf_add(b, "\\\\", 2); break;
        case '\n': sm_buf_add(b, "\\n", 2); break;
        case '\r': sm_buf_add(b, "\\r", 2); break;
        case '\t': sm_buf_add(b, "\\t", 2); break;
        default:
            if (c < 0x20)
                sm_buf_printf(b, "\\u%04x", c);
            else
                sm_buf_addc(b, (char)c);
        }
    }
}

void sm_buf_html_escape(sm_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': sm_buf_adds(b, "&amp;"); break;
        case '<': sm_buf_adds(b, "&lt;"); break;
        case '>': sm_buf_adds(b, "&gt;"); break;
        case '"': sm_buf_adds(b, "&quot;"); break;
        case '\'': sm_buf_adds(b, "&#39;"); break;
        default: sm_buf_addc(b, s[i]);
        }
    }
}

void sm_buf_free(sm_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->len = b->cap = 0;
}

/* ---- intern table ----------------------------------------------------- */

/* Unaligned little reads without undefined behaviour: memcpy, which
 * compilers turn into one load. */
static inline uint64_t read64(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline uint64_t read32(const char *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* Odd 64-bit constants with well-spread bits (the golden ratio's, and
 * MurmurHash3's finaliser's). */
#define HASH_K1 0x9e3779b97f4a7c15ull
#define HASH_K2 0xff51afd7ed558ccdull
#define HASH_K3 0xc4ceb9fe1a85ec53ull

/* Eight bytes at a time: every key is hashed on every look-up, and most
 * are words of a few bytes, which byte-at-a-time FNV-1a spent a multiply
 * per byte on (a fifth of all the time of a summary).  The tail of 1-7
 * bytes is read as one or two overlapping loads.  Values differ between
 * byte orders: they never leave the process.  In line, as the intern
 * table's look-ups call it. */
static inline uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = HASH_K1 ^ ((uint64_t)n * HASH_K2);
    while (n > 8) {
        uint64_t v = read64(s) * HASH_K3;
        h ^= (v << 31) | (v >> 33);
        h = ((h << 27) | (h >> 37)) * HASH_K1;
        s += 8;
        n -= 8;
    }
    uint64_t v;
    if (n >= 4)
        v = read32(s) | (read32(s + n - 4) << 32);
    else if (n > 0)
        v = (uint64_t)(unsigned char)s[0] |
            ((uint64_t)(unsigned char)s[n / 2] << 8) |
            ((uint64_t)(unsigned char)s[n - 1] << 16);
    else
        v = 0;
    h ^= v * HASH_K3;
    /* Mix so both the low bits (the slot) and the high bits (the tag)
     * depend on every byte: high bits down, a multiply that carries every
     * bit up, high bits down again (MurmurHash3's finaliser without its
     * second round, which the keys of a few bytes, hashed most, do not
     * need: each already went through one multiply). */
    h ^= h >> 32;
    h *= HASH_K2;
    h ^= h >> 29;
    return h;
}

uint64_t sm_hash(const char *s, size_t n)
{
    return hash_bytes(s, n);
}

/* memcmp(a, b, n) == 0 without a library call for the short keys that
 * are most look-ups (words): eight bytes at a time, the tail as two
 * overlapping loads. */
static inline bool key_equal(const char *a, const char *b, size_t n)
{
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8)
            if (read64(a + i) != read64(b + i))
                return false;
        return i == n || read64(a + n - 8) == read64(b + n - 8);
    }
    if (n >= 4)
        return read32(a) == read32(b) && read32(a + n - 4) == read32(b + n - 4);
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return false;
    return true;
}

/* A slot holds the id + 1 in its low half and the upper 32 bits of the key's
 * hash in its high half, so a probe that meets another key almost never
 * touches that key's bytes: on large tables the strings are cache misses. */
static inline size_t intern_slot(const sm_intern *t, const char *s, size_t n,
                                 uint64_t h, bool *found)
{
    size_t mask = t->nslots - 1;
    size_t i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    for (;;) {
        uint64_t e = t->slots[i];
        if (!e) {
            *found = false;
            return i;
        }
        if ((uint32_t)(e >> 32) == tag) {
            uint32_t id = (uint32_t)e - 1;
            if (t->lens.v[id] == n && key_equal(t->strs.v[id], s, n)) {
                *found = true;
                return i;
            }
        }
        i = (i + 1) & mask;
    }
}

uint32_t sm_intern_find(const sm_intern *t, const char *s, size_t n)
{
    if (!t->nslots)
        return UINT32_MAX;
    bool found;
    size_t i = intern_slot(t, s, n, hash_bytes(s, n), &found);
    return found ? (uint32_t)t->slots[i] - 1 : UINT32_MAX;
}

/* Slots of a new table.  Many tables hold a handful of keys (the
 * concepts of one selection, a short word list), and zeroing 1,024 slots
 * for each cost more than the doublings a large table goes through from
 * here.  A power of two (the slot is the hash masked). */
#define INTERN_MIN_SLOTS 16

uint32_t sm_intern_add(sm_intern *t, const char *s, size_t n)
{
    if ((t->strs.n + 1) * 2 > t->nslots) {
        size_t ns = t->nslots ? t->nslots * 2 : INTERN_MIN_SLOTS;
        uint64_t *slots = sm_xcalloc(ns, sizeof *slots);
        for (size_t k = 0; k < t->nslots; k++) {
            uint64_t e = t->slots[k];
            if (!e)
                continue;
            uint32_t id = (uint32_t)e - 1;
            uint64_t h = hash_bytes(t->strs.v[id], t->lens.v[id]);
            size_t i = (size_t)h & (ns - 1);
            while (slots[i])
                i = (i + 1) & (ns - 1);
            slots[i] = e;
        }
        free(t->slots);
        t->slots = slots;
        t->nslots = ns;
    }
    bool found;
    uint64_t h = hash_bytes(s, n);
    size_t i = intern_slot(t, s, n, h, &found);
    if (found)
        return (uint32_t)t->slots[i] - 1;
    uint32_t id = (uint32_t)t->strs.n;
    /* Every allocation before any change, so running out of memory leaves
     * the table as it was. */
    SM_RESERVE(t->strs, t->strs.n + 1);
    SM_RESERVE(t->lens, t->lens.n + 1);
    char *copy = sm_arena_strndup(&t->arena, s, n);
    SM_PUSH(t->strs, copy);
    SM_PUSH(t->lens, (uint32_t)n);
    t->slots[i] = ((h >> 32) << 32) | ((uint64_t)id + 1);
    return id;
}

/* ---- key table -------------------------------------------------------- */

void sm_keytab_init(sm_keytab *t, unsigned bits)
{
    t->e = sm_xcalloc((size_t)1 << bits, sizeof *t->e);
    t->mask = ((size_t)1 << bits) - 1;
    t->n = 0;
    t->shift = 64 - bits;
}

void sm_keytab_free(sm_keytab *t)
{
    free(t->e);
    memset(t, 0, sizeof *t);
}

/* Doubles the table; the new array is allocated before anything changes. */
static void keytab_grow(sm_keytab *t)
{
    size_t cap = (t->mask + 1) * 2;
    sm_keyent *e = sm_xcalloc(cap, sizeof *e);
    unsigned shift = t->shift - 1;
    for (size_t k = 0; k <= t->mask; k++) {
        if (!t->e[k].key[0])
            continue;
        size_t i = (size_t)(sm_key_hash(t->e[k].key) >> shift);
        while (e[i].key[0])
            i = (i + 1) & (cap - 1);
        e[i] = t->e[k];
    }
    free(t->e);
    t->e = e;
    t->mask = cap - 1;
    t->shift = shift;
}

void sm_keytab_add(sm_keytab *t, const uint64_t key[SM_KEY_BYTES / 8], uint64_t h,
                   size_t at, uint32_t value)
{
    if ((t->n + 1) * 2 > t->mask + 1) {
        keytab_grow(t);
        at = sm_keytab_at(t, h);
        while (t->e[at].key[0])
            at = (at + 1) & t->mask;
    }
    memcpy(t->e[at].key, key, sizeof t->e[at].key);
    t->e[at].value = value;
    t->n++;
}

void sm_intern_free(sm_intern *t)
{
    free(t->slots);
    SM_FREEVEC(t->strs);
    SM_FREEVEC(t->lens);
    sm_arena_free(&t->arena);
    t->slots = NULL;
    t->nslots = 0;
}

/* ---- UTF-8 ------------------------------------------------------------ */

size_t sm_utf8_decode_multi(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned char c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; v = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; v = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; v = c & 0x07; min = 0x10000;
    } else {
        *cp = -1;
        return 1;
    }
    if (n < len) {
        *cp = -1;
        return 1;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = -1;
            return 1;
        }
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = -1;
        return 1;
    }
    *cp = v;
    return len;
}

void sm_utf8_encode(sm_buf *b, int32_t cp)
{
    char t[4];
    if (cp < 0x80) {
        sm_buf_addc(b, (char)cp);
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6));
        t[1] = (char)(0x80 | (cp & 0x3F));
        sm_buf_add(b, t, 2);
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12));
        t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F));
        sm_buf_add(b, t, 3);
    } else {
        t[0] = (char)(0xF0 | (cp >> 18));
        t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[3] = (char)(0x80 | (cp & 0x3F));
        sm_buf_add(b, t, 4);
    }
}

/* ---- word sets -------------------------------------------------------- */

bool sm_wordset_has(const sm_wordset *w, const char *s, size_t n)
{
    /* The probe in line: word lists are asked about every word. */
    if (!w->set.nslots)
        return false;
    bool found;
    intern_slot(&w->set, s, n, hash_bytes(s, n), &found);
    return found;
}

static void close_file(void *f)
{
    fclose(f);
}

bool sm_wordset_load(sm_wordset *w, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    sm_cleanup c_file, c_line;
    sm_cleanup_push(&c_file, close_file, f);
    SM_CLEANUP_PTR(c_line, line);
    errno = 0;
    while ((got = getline(&line, &cap, f)) != -1) {
        size_t n = (size_t)got;
        char *hash = memchr(line, '#', n);
        if (hash)
            n = (size_t)(hash - line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
                     line[n - 1] == ' ' || line[n - 1] == '\t'))
            n--;
        size_t s = 0;
        while (s < n && (line[s] == ' ' || line[s] == '\t'))
            s++;
        if (s < n)
            sm_intern_add(&w->set, line + s, n - s);
    }
    /* getline says -1 both at the end and when it cannot grow the line. */
    if (!feof(f) && errno == ENOMEM)
        sm_oom();
    sm_cleanup_pop(&c_line);
    sm_cleanup_pop(&c_file);
    free(line);
    fclose(f);
    return true;
}

/* ---- errors and warnings ---------------------------------------------- */

static char *vformat(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
static char *vformat(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        n = 0;
    char *s = sm_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

void sm_warnf(sm_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = vformat(fmt, ap);
    va_end(ap);
    if (ctx && ctx->warn)
        ctx->warn(ctx->warn_ud, msg);
    else
        fprintf(stderr, "summarizer: warning: %s\n", msg);
    free(msg);
}

sm_status sm_fail(sm_ctx *ctx, sm_status st, const char *fmt, ...)
{
    if (ctx) {
        va_list ap;
        va_start(ap, fmt);
        char *msg = vformat(fmt, ap);
        va_end(ap);
        free(ctx->error);
        ctx->error = msg;
        ctx->out_of_memory = false;
    }
    return st;
}

sm_status sm_nomem(sm_ctx *ctx)
{
    if (ctx) {
        free(ctx->error);
        ctx->error = NULL;
        ctx->out_of_memory = true;
    }
    return SM_ERR_NOMEM;
}

static bool ascii_alnum(char ch)
{
    return ((ch | 32) >= 'a' && (ch | 32) <= 'z') || (ch >= '0' && ch <= '9');
}

bool sm_hyphen_break(const char *s, size_t n, char next)
{
    return n >= 2 && s[n - 1] == '-' && ascii_alnum(s[n - 2]) &&
           (next | 32) >= 'a' && (next | 32) <= 'z';
}
