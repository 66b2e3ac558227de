/*
 * common/common.h: the bottom layer every stage shares: memory (arena,
 * growable arrays and buffers), the intern table, UTF-8 and character
 * classes, word sets, and the context with its warnings and errors.
 * Includes nothing of the layers above.
 */
#ifndef SM_COMMON_H
#define SM_COMMON_H

#include "summarizer.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


/* ---- memory ----------------------------------------------------------- */

/* Allocation never returns NULL.  When memory runs out, the allocator
 * unwinds to the public entry point that is running (see the guards below),
 * which returns SM_ERR_NOMEM: the library never exits the process, and the
 * code between the entry point and the allocator is spared a branch at
 * every allocation. */
void *sm_xmalloc(size_t n);
void *sm_xcalloc(size_t n, size_t size);
void *sm_xrealloc(void *p, size_t n);
char *sm_xstrdup(const char *s);
char *sm_xstrndup(const char *s, size_t n);
/* What the allocators do when memory is exhausted; also for allocations
 * made by others (libstemmer, getline) that came back empty. */
_Noreturn void sm_oom(void);

/* ---- guards: the out-of-memory contract --------------------------------
 *
 * Every public function that allocates opens a guard before any work and
 * closes it before it returns:
 *
 *     sm_guard g;
 *     sm_guard_open(&g);
 *     if (setjmp(g.jb))
 *         return <free or mark the owner>, sm_nomem(ctx);
 *     sm_status st = the_work(...);
 *     sm_guard_close(&g);
 *     return st;
 *
 * On exhaustion sm_oom() runs the cleanups registered under the innermost
 * guard (newest first, their frames still alive), closes it and longjmps
 * to its setjmp.  So:
 *   - everything allocated must, at every allocation, be reachable either
 *     from an owner the entry point frees or marks (the corpus, the topics,
 *     the digest being built) or from a cleanup registered with
 *     SM_CLEANUP_*; an owner must be consistent at every allocation (grow,
 *     then link);
 *   - a cleanup is popped (sm_cleanup_pop, or sm_cleanup_run to pop and
 *     free) on every path that leaves its frame, since its node lives
 *     there;
 *   - the work runs in a function of its own: the entry point's frame holds
 *     nothing that changes after setjmp;
 *   - a public function called from inside another one runs under its own
 *     guard and returns SM_ERR_NOMEM, which the caller passes on.
 * A corpus that saw SM_ERR_NOMEM can only be freed (every other call
 * returns SM_ERR_NOMEM again).  Guards are per thread. */
typedef struct sm_cleanup {
    struct sm_cleanup *next;
    void (*fn)(void *);
    void *arg;
} sm_cleanup;

typedef struct sm_guard {
    jmp_buf jb;
    struct sm_guard *prev;
    sm_cleanup *cleanups;
} sm_guard;

void sm_guard_open(sm_guard *g);
void sm_guard_close(sm_guard *g);
/* st = call (an sm_status expression) under a guard; when memory runs out
 * instead, on_nomem runs (after the cleanups) and st = SM_ERR_NOMEM. */
#define SM_GUARDED(st, call, on_nomem)                                         \
    do {                                                                       \
        sm_guard sm_g_;                                                        \
        sm_guard_open(&sm_g_);                                                 \
        if (setjmp(sm_g_.jb)) {                                                \
            on_nomem;                                                          \
            (st) = SM_ERR_NOMEM;                                               \
        } else {                                                               \
            (st) = (call);                                                     \
            sm_guard_close(&sm_g_);                                            \
        }                                                                      \
    } while (0)
/* Registers fn(arg) to run if memory runs out before the matching pop. */
void sm_cleanup_push(sm_cleanup *node, void (*fn)(void *), void *arg);
void sm_cleanup_pop(sm_cleanup *node);
/* Pops node and runs it: `free(x)` of a registered temporary. */
void sm_cleanup_run(sm_cleanup *node);
/* fn for a pointer variable: frees *(void **)slot. */
void sm_cleanup_free_ptr(void *slot);
/* fn for an sm_buf. */
void sm_cleanup_free_buf(void *buf);
/* A pointer variable, a growable array's storage, a buffer. */
#define SM_CLEANUP_PTR(node, var)                                              \
    sm_cleanup_push(&(node), sm_cleanup_free_ptr, (void *)&(var))
#define SM_CLEANUP_VEC(node, vec)                                              \
    sm_cleanup_push(&(node), sm_cleanup_free_ptr, (void *)&(vec).v)
#define SM_CLEANUP_BUF(node, buf)                                              \
    sm_cleanup_push(&(node), sm_cleanup_free_buf, (void *)&(buf))

/* Test hook: the nth allocation from now fails as if memory were exhausted
 * (0: none does); returns how many allocations were made since the last
 * call. */
unsigned long sm_test_fail_alloc(unsigned long nth);
/* Test hook: how many guards were closed with a cleanup still registered
 * (a frame that left without popping it); should stay 0. */
unsigned long sm_test_unpopped_cleanups(void);

/* n * size; an overflow is out of memory. */
size_t sm_mul(size_t n, size_t size);

/* A per-run arena: many small allocations freed at once. */
typedef struct sm_arena_block sm_arena_block;
typedef struct sm_arena {
    sm_arena_block *head;
} sm_arena;

void *sm_arena_alloc(sm_arena *a, size_t n); /* aligned for any type, zeroed */
/* A copy of v[0..n) (n may be 0: a valid pointer to nothing), packed at
 * uint32_t's alignment, not max_align_t's. */
uint32_t *sm_arena_u32dup(sm_arena *a, const uint32_t *v, size_t n);
char *sm_arena_strndup(sm_arena *a, const char *s, size_t n);
void sm_arena_free(sm_arena *a);

/* Growable array: `SM_VEC(T) v = {0}; SM_PUSH(v, x);` */
#define SM_VEC(T)                                                              \
    struct {                                                                   \
        T *v;                                                                  \
        size_t n, cap;                                                         \
    }
#define SM_RESERVE(vec, want)                                                  \
    do {                                                                       \
        if ((want) > (vec).cap) {                                              \
            size_t sm_nc_ = (vec).cap ? (vec).cap : 8;                         \
            while (sm_nc_ < (want))                                            \
                sm_nc_ *= 2;                                                   \
            (vec).v = sm_xrealloc((vec).v, sm_mul(sm_nc_, sizeof *(vec).v));   \
            (vec).cap = sm_nc_;                                                \
        }                                                                      \
    } while (0)
#define SM_PUSH(vec, x)                                                        \
    do {                                                                       \
        SM_RESERVE(vec, (vec).n + 1);                                          \
        /* n grows after x is made: x may run out of memory. */               \
        (vec).v[(vec).n] = (x);                                                \
        (vec).n++;                                                             \
    } while (0)
#define SM_FREEVEC(vec)                                                        \
    do {                                                                       \
        free((vec).v);                                                         \
        (vec).v = NULL;                                                        \
        (vec).n = (vec).cap = 0;                                               \
    } while (0)

/* Growable byte buffer, always NUL-terminated once anything was added. */
typedef struct sm_buf {
    char *s;
    size_t len, cap;
} sm_buf;

void sm_buf_add(sm_buf *b, const char *s, size_t n);
/* Makes room for n more bytes (and the NUL) without changing the content. */
void sm_buf_reserve(sm_buf *b, size_t n);
void sm_buf_adds(sm_buf *b, const char *s);
/* Grows b for n more bytes and the NUL (the slow path of the adders). */
void sm_buf_grow(sm_buf *b, size_t n);
static inline void sm_buf_addc(sm_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        sm_buf_grow(b, 1);
    b->s[b->len++] = c;
    b->s[b->len] = '\0';
}
/* printf into b, always in the C locale: "%g" writes 0.25 whatever
 * LC_NUMERIC the program set (common/cnum.c). */
void sm_buf_printf(sm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as the body of a JSON string (no quotes). */
void sm_buf_json_escape(sm_buf *b, const char *s, size_t n);
/* Appends s escaped for HTML text and attributes. */
void sm_buf_html_escape(sm_buf *b, const char *s, size_t n);
void sm_buf_free(sm_buf *b);

/* ---- numbers, whatever the locale (cnum.c) ---------------------------- */

/* The calling thread runs in the C locale between begin and end, so printf
 * and strtod use '.' as the decimal point; end restores its locale. */
typedef struct sm_c_numeric {
    void *prev; /* the thread's locale_t before begin */
} sm_c_numeric;
sm_c_numeric sm_c_numeric_begin(void);
void sm_c_numeric_end(sm_c_numeric saved);
/* strtod in the C locale: "1.5" is 1.5 under any LC_NUMERIC. */
double sm_strtod(const char *s, char **end);

/* ---- intern table: string -> dense id --------------------------------- */

typedef struct sm_intern {
    uint64_t *slots; /* hash tag << 32 | (id + 1); 0 = empty */
    size_t nslots;
    SM_VEC(char *) strs; /* id -> NUL-terminated copy */
    SM_VEC(uint32_t) lens;
    sm_arena arena;
} sm_intern;

/* Returns the id of s[0..n), adding it when absent. */
uint32_t sm_intern_add(sm_intern *t, const char *s, size_t n);
/* Returns the id, or UINT32_MAX when absent. */
uint32_t sm_intern_find(const sm_intern *t, const char *s, size_t n);
void sm_intern_free(sm_intern *t);
uint64_t sm_hash(const char *s, size_t n);

/* ---- key table: short keys -> values (util.c) ------------------------ */

/* Keys of up to SM_KEY_BYTES bytes held in the table itself, zero-padded
 * and compared as whole 64-bit words: a key never holds a NUL byte, so the
 * padding tells its length, and an entry whose first word is 0 is free.
 * Open addressing, linear probing, at most half full: a look-up compares
 * one entry or two neighbours in registers, where the intern table takes
 * five dependent loads (slot, length, string pointer, bytes).  Words and
 * word types (terms.c, learn.c) look up here first. */
#define SM_KEY_BYTES 24

typedef struct sm_keyent {
    uint64_t key[SM_KEY_BYTES / 8];
    uint32_t value;
} sm_keyent;

typedef struct sm_keytab {
    sm_keyent *e;
    size_t mask, n;
    unsigned shift; /* 64 - log2(mask + 1) */
} sm_keytab;

/* An empty table of 2^bits entries. */
void sm_keytab_init(sm_keytab *t, unsigned bits);
void sm_keytab_free(sm_keytab *t);
/* Adds key (h = sm_key_hash(key)) with value at `at`, the free entry
 * sm_keytab_find named; the table doubles first when it would pass half full. */
void sm_keytab_add(sm_keytab *t, const uint64_t key[SM_KEY_BYTES / 8], uint64_t h,
                   size_t at, uint32_t value);

/* The hash of a key: multiplying by odd constants carries every byte into
 * the top bits, which pick the entry (sm_keytab_at). */
static inline uint64_t sm_key_hash(const uint64_t key[SM_KEY_BYTES / 8])
{
    return key[0] * 0x9E3779B97F4A7C15ull + key[1] * 0xC2B2AE3D27D4EB4Full +
           key[2] * 0x165667B19E3779F9ull;
}

static inline bool sm_key_eq(const uint64_t a[SM_KEY_BYTES / 8],
                             const uint64_t b[SM_KEY_BYTES / 8])
{
    return ((a[0] ^ b[0]) | (a[1] ^ b[1]) | (a[2] ^ b[2])) == 0;
}

/* The first entry to probe for a key of hash h. */
static inline size_t sm_keytab_at(const sm_keytab *t, uint64_t h)
{
    return (size_t)(h >> t->shift);
}

/* The entry of key (h = sm_key_hash(key)), or NULL with *at the free
 * entry where it would go. */
static inline const sm_keyent *sm_keytab_find(const sm_keytab *t,
                                              const uint64_t key[SM_KEY_BYTES / 8],
                                              uint64_t h, size_t *at)
{
    size_t i = sm_keytab_at(t, h);
    for (;; i = (i + 1) & t->mask) {
        const sm_keyent *e = &t->e[i];
        if (sm_key_eq(e->key, key))
            return e;
        if (!e->key[0])
            break;
    }
    *at = i;
    return NULL;
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decodes one code point at s[0..n); returns its length (>= 1) and stores the
 * code point, or -1 in *cp for an invalid sequence (length 1 then). */
size_t sm_utf8_decode_multi(const unsigned char *s, size_t n, int32_t *cp);
static inline size_t sm_utf8_decode(const unsigned char *s, size_t n,
                                    int32_t *cp)
{
    if (s[0] < 0x80) { /* ASCII, most of every text: no call */
        *cp = s[0];
        return 1;
    }
    return sm_utf8_decode_multi(s, n, cp);
}
/* Appends cp encoded as UTF-8. */
void sm_utf8_encode(sm_buf *b, int32_t cp);

/* The markers of the standalone list's phrases that may stand anywhere in
 * a sentence: captions ('!', text/standalone.c), list marks and web
 * addresses ('<', '{'), legal marks ('}', text/page.c). */
#define SM_ANYWHERE_MARKERS "!<{}"

/* Opens the standalone list's entries that say a page phrase goes on
 * (common/ctx.c, text/page.c): a control character, in no list's text. */
#define SM_PAGE_PREFIX '\x1F'
/* The markers of the standalone list's page-furniture phrases (text/page.c);
 * bit k of ctx->page_marks stands for the k-th. */
#define SM_PAGE_MARKERS "?;&~=%^|\")]"

/* ---- rules of text (rules.c) ----------------------------------------- */

/* Every stage asks these, so that no two stages can disagree about a
 * character, a word, the end of a sentence, a date or a term's weight.
 * Negative code points (invalid bytes) are in no class. */

/* Unicode character classes (ASCII without a table look-up). */
bool sm_cp_is_space_u(int32_t c); /* the same, for c >= 0x80 */
bool sm_cp_is_letter_u(int32_t c);
bool sm_cp_is_upper_u(int32_t c);
bool sm_cp_is_lower_u(int32_t c);
bool sm_cp_is_digit_u(int32_t c);
bool sm_cp_is_word_u(int32_t c);
/* White space, U+200B and U+FEFF included. */
static inline bool sm_cp_is_space(int32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r');
    return sm_cp_is_space_u(c);
}
static inline bool sm_cp_is_letter(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    return sm_cp_is_letter_u(c);
}
static inline bool sm_cp_is_upper(int32_t c)
{
    if (c < 0x80)
        return c >= 'A' && c <= 'Z';
    return sm_cp_is_upper_u(c);
}
/* Lower-case letters (Ll). */
static inline bool sm_cp_is_lower(int32_t c)
{
    if (c < 0x80)
        return c >= 'a' && c <= 'z';
    return sm_cp_is_lower_u(c);
}
/* Decimal digits of any script (Nd). */
static inline bool sm_cp_is_digit(int32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return sm_cp_is_digit_u(c);
}

/* What a word is: one rule, seen two ways, defined here for every stage.
 *  - A token is a run of characters that are not gaps (sm_cp_is_gap: white
 *    space, no-break and thin spaces included).  Budgets and length rules
 *    count tokens (sm_count_words): "U.S.-led" is one, "30 000" with a
 *    no-break space two.  Ingest makes every gap of a document body an
 *    ASCII space (text/spaces.c, sm_cp_is_gap), so sm_count_words, which
 *    reads bytes, needs to know only ASCII white space.
 *  - A word is a run of word characters within a token (sm_next_word):
 *    letters, combining marks and digits (Unicode L*, Mn, Mc, Nd, Nl, No),
 *    with an apostrophe (straight or curly) kept inside when a word
 *    character follows it ("don't"); anything else splits ("U.S.-led" is
 *    u, s, led).  Terms (text/terms.c) and archive search are made of
 *    words.
 * Zero-width characters (U+200B, U+FEFF) are neither: a reader sees no gap,
 * so they split words but not tokens.  tests/test_rules.c pins both views
 * on the same strings. */
/* sm_count_words, but it stops once past `most` words and then returns
 * most + 1: for rules that only ask whether a text is short. */
size_t sm_count_words_upto(const char *text, size_t len, size_t most);
static inline bool sm_cp_is_word(int32_t c)
{
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9');
    return sm_cp_is_word_u(c);
}
static inline bool sm_cp_is_apostrophe(int32_t c)
{
    return c == '\'' || c == 0x2019;
}
/* A gap between tokens: white space, except the zero-width characters. */
static inline bool sm_cp_is_gap(int32_t c)
{
    return sm_cp_is_space(c) && c != 0x200B && c != 0xFEFF;
}
/* 1 for the ASCII bytes sm_cp_is_word takes (letters, digits), 0 for every
 * other byte, the bytes of non-ASCII characters included: sm_next_word
 * asks it of nearly every byte of every text, one load instead of three
 * range tests. */
extern const unsigned char sm_ascii_word[256];
/* The next word of s[*i..n): true with the word at s[*start..*end) and *i
 * past it; false (and *i = n) when no word is left. */
static inline bool sm_next_word(const unsigned char *s, size_t n, size_t *i,
                                size_t *start, size_t *end)
{
    size_t p = *i;
    int32_t cp;
    while (p < n) {
        /* ASCII, most bytes: tested without decoding. */
        if (sm_ascii_word[s[p]])
            break;
        if (s[p] < 0x80) {
            p++;
            continue;
        }
        size_t k = sm_utf8_decode(s + p, n - p, &cp);
        if (sm_cp_is_word(cp))
            break;
        p += k;
    }
    if (p >= n) {
        *i = n;
        return false;
    }
    size_t e = p;
    while (e < n) {
        if (sm_ascii_word[s[e]]) {
            e++;
            continue;
        }
        if (s[e] < 0x80 && s[e] != '\'')
            break; /* no word byte, no apostrophe */
        size_t k = sm_utf8_decode(s + e, n - e, &cp);
        if (!sm_cp_is_word(cp)) {
            int32_t next;
            if (!sm_cp_is_apostrophe(cp) || e + k >= n)
                break;
            sm_utf8_decode(s + e + k, n - e - k, &next);
            if (!sm_cp_is_word(next))
                break;
        }
        e += k;
    }
    *start = p;
    *end = *i = e;
    return true;
}

/* What ends a sentence: . ! ? and the ellipsis, the ideographic and
 * full-width forms (。 ！ ？) and the double exclamation mark.  The
 * cleaner (a line without one may be boilerplate) and the segmenter (a
 * boundary) both ask this. */
static inline bool sm_cp_is_terminal(int32_t c)
{
    return c == '.' || c == '?' || c == '!' || c == 0x2026 /* … */ ||
           c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ ||
           c == 0xFF1F /* ？ */ || c == 0x203C /* ‼ */;
}
/* Closing quotes and brackets that may follow terminal punctuation and
 * still belong to the sentence ("he said.” Next"). */
static inline bool sm_cp_is_closer(int32_t c)
{
    return c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x2019 ||
           c == 0x201D || c == 0x00BB /* » */ || c == 0x203A /* › */;
}

/* The white-space bytes of x (8 bytes of text, the first in the low byte
 * on a little-endian machine) as the high bit of each byte: ' ' exactly,
 * and \t..\r by two comparisons made by adding to the low 7 bits, which
 * never carries into the next byte. */
static inline uint64_t sm_space_bytes(uint64_t x)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    uint64_t t = x ^ (ones * ' ');
    uint64_t blank = ~(((t & ~high) + ~high) | t) & high;
    uint64_t low7 = x & ~high;
    uint64_t ge9 = (low7 + ones * (0x80 - 9)) & high;
    uint64_t ge14 = (low7 + ones * (0x80 - 14)) & high;
    return blank | (ge9 & ~ge14 & ~x & high);
}

/* A hash of two bytes into 4096 bits: the filters that tell whether a word
 * may open a phrase of a list by its first two bytes. */
static inline unsigned sm_pair_hash(unsigned char a, unsigned char b)
{
    return (((unsigned)a << 8 | b) * 0x9E3779B1u) >> 20;
}

/* Whether the ASCII word w stands at s[i] as a whole word. */
bool sm_has_word_at(const char *s, size_t n, size_t i, const char *w);

/* A term's inverse document frequency among n units (sentences) of which
 * df contain it: the probabilistic form of BM25,
 * log(1 + (n - df + 0.5) / (df + 0.5)), positive even for a term in every
 * unit.  The graph's similarities and the digest's fact matching use it. */
double sm_idf(double n, double df);

/* Whether a line ending s[0..n) and the next line opening with `next` are
 * a word broken at its hyphen ("6-year-" / "old", "pro-" / "Russian"): a
 * letter or digit, the hyphen, a letter.  Joined without a space. */
bool sm_hyphen_break(const char *s, size_t n, char next);

/* ---- context ---------------------------------------------------------- */

typedef struct sm_wordset {
    sm_intern set;
} sm_wordset;

bool sm_wordset_has(const sm_wordset *w, const char *s, size_t n);
/* Loads one word (or phrase) per line; '#' starts a comment.  A missing file
 * yields an empty set and returns false. */
bool sm_wordset_load(sm_wordset *w, const char *path);

/* The context: what a language and the models folder give, read-only once
 * sm_ctx_create returns (only `error`, the last message, is written later).
 * Whatever grows with the text (the vocabulary, caches) lives in the corpus,
 * so one context serves any number of corpora without growing. */
struct sm_ctx {
    char *models_dir;
    char *lang;               /* a libstemmer algorithm name, checked */
    sm_wordset stopwords;     /* models/<lang>/stopwords.txt */
    sm_wordset abbreviations; /* models/<lang>/abbreviations.txt, lower-case, no final dot */
    sm_wordset furniture;     /* models/<lang>/furniture.txt: lines that are page furniture */
    sm_wordset standalone;    /* models/<lang>/standalone.txt: see text/standalone.c */
    /* The ids of its entries looked for anywhere in a sentence (markers
     * SM_ANYWHERE_MARKERS), so that a sentence's search need not walk the
     * whole list. */
    SM_VEC(uint32_t) standalone_anywhere;
    /* The first words of page phrases (as the '`' entries), and by their
     * id the SM_PAGE_MARKERS whose phrases open with that word, so one
     * look-up of the word as written says which phrase searches can
     * match. */
    sm_intern page_heads;
    SM_VEC(uint16_t) page_marks;
    /* The first two bytes of those words (the first and 0 for a word of
     * one byte), as bits sm_pair_hash: a word whose bit is clear opens no
     * page phrase, and needs no look-up. */
    uint64_t page_head_pairs[64];
    /* models/<lang>/query-stopwords.txt: words a query uses to say what the
     * reader wants ("describe"), not what about */
    sm_wordset query_stopwords;
    /* For each first byte of furniture entries (a rule's marker, or a
     * whole-line entry's first letter), a bitmap of the entry lengths
     * (bytes, marker included, < 256) that occur, so the cleaner skips
     * look-ups that cannot match. */
    uint64_t furniture_lens[256][4];
    /* Likewise the entries' first two bytes after the marker, hashed into
     * 4096 bits per marker. */
    uint64_t furniture_heads[256][64];
    /* The first words of furniture entries (the marker, and the text up to
     * the first space), hashed into 65536 bits (sm_furniture_first): a
     * search for phrases of several words goes on past a word only when
     * some entry opens with it. */
    uint64_t furniture_firsts[1024];
    /* The stopwords' lengths and first two bytes, hashed into 4096 bits
     * (sm_stopword_maybe): most words that are no stopword need no
     * look-up. */
    uint64_t stopword_heads[64];
    sm_warn_fn warn;
    void *warn_ud;
    sm_progress_fn progress;
    void *progress_ud;
    char *error; /* last error message, owned */
    bool out_of_memory; /* the last error: "out of memory" (needs no memory) */
};

/* Whether some entry of the furniture list of three bytes or more is
 * marker + s[0] + s[1] + ... (ctx->furniture_heads). */
static inline bool sm_furniture_head(const sm_ctx *ctx, char marker,
                                     const char *s)
{
    unsigned h = ((unsigned)(unsigned char)s[0] * 31u + (unsigned char)s[1]) & 4095u;
    return (ctx->furniture_heads[(unsigned char)marker][h / 64] & (1ull << (h % 64))) != 0;
}

/* Whether marker + s[0..n) may be an entry of the furniture list: false
 * when no entry opening with marker has its length or its first two bytes
 * after the marker (ctx->furniture_lens, furniture_heads).  Most spans a
 * rule looks up fail here, without a hash. */
static inline bool sm_furniture_maybe(const sm_ctx *ctx, char marker,
                                      const char *s, size_t n)
{
    unsigned char m = (unsigned char)marker;
    size_t len = n + 1;
    if (len < 256 && !(ctx->furniture_lens[m][len / 64] & (1ull << (len % 64))))
        return false;
    return n < 2 || sm_furniture_head(ctx, marker, s);
}

/* The bit of ctx->furniture_firsts for marker + the word s[0..n). */
static inline unsigned sm_furniture_first_bit(char marker, const char *s,
                                              size_t n)
{
    uint64_t h = sm_hash(s, n) ^ ((uint64_t)(unsigned char)marker * 0x9E3779B97F4A7C15ull);
    return (unsigned)(h >> 48);
}

/* Whether some furniture entry is marker + s[0..n), or opens with it and
 * a space (ctx->furniture_firsts): false means neither. */
static inline bool sm_furniture_first(const sm_ctx *ctx, char marker,
                                      const char *s, size_t n)
{
    unsigned b = sm_furniture_first_bit(marker, s, n);
    return (ctx->furniture_firsts[b / 64] >> (b % 64)) & 1;
}

/* The bit of ctx->stopword_heads for a word of n bytes opening with a, b
 * (b 0 for a word of one byte). */
static inline unsigned sm_stopword_head_bit(size_t n, unsigned char a,
                                            unsigned char b)
{
    return (sm_pair_hash(a, b) + (unsigned)n * 0x9E3779B1u) & 4095u;
}

/* Whether s[0..n) may be a stopword: false when no stopword has its
 * length and first two bytes. */
static inline bool sm_stopword_maybe(const sm_ctx *ctx, const char *s,
                                     size_t n)
{
    if (n == 0)
        return true;
    unsigned b = sm_stopword_head_bit(n, (unsigned char)s[0],
                                      n > 1 ? (unsigned char)s[1] : 0);
    return (ctx->stopword_heads[b / 64] >> (b % 64)) & 1;
}

void sm_warnf(sm_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Reports progress through the context's callback, if any. */
static inline void sm_progress(const sm_ctx *ctx, const char *stage,
                               size_t done, size_t total)
{
    if (ctx && ctx->progress)
        ctx->progress(ctx->progress_ud, stage, done, total);
}
/* Records the error message and returns st. */
sm_status sm_fail(sm_ctx *ctx, sm_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Records "out of memory" (allocating nothing) and returns SM_ERR_NOMEM. */
sm_status sm_nomem(sm_ctx *ctx);

#endif /* SM_COMMON_H */
