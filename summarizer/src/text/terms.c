/*
 * terms.c: from text to term ids.  Words are as common.h's sm_next_word
 * takes them (runs of letters, digits and combining marks, apostrophes
 * inside a word kept, curly ones made straight);
 * they are lower-cased code point by code point with utf8proc (Unicode's
 * simple lower-case mapping, which the Snowball stemmers expect), checked
 * against the stopword list, stemmed with libstemmer, and interned.
 *
 * libstemmer has no cache and stemming dominates the cost, so every distinct
 * lower-cased surface form is stemmed once per vocabulary: a table of
 * surface words gives the term id and whether the word is a stopword (for
 * words of up to TERM_KEY bytes, v->term_cache, which holds the words
 * themselves; v->stems and v->stem_of for the few longer ones).
 *
 * A vocabulary belongs to one corpus (or one set of topics), never to the
 * context: the context only lends the language and the stopwords, so it stays
 * the same size however many corpora use it, and so does the libstemmer
 * state, which is written by every call.
 */
#include "text/text.h"

#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define STOP_BIT 0x80000000u
/* Longer "words" (base64, URLs without separators) are noise and would
 * bloat the term table: no word of a dictionary is near 64 bytes, even in
 * German.  Set by hand. */
#define TERM_MAX_BYTES 64

/* Eight bytes at a time, as one 64-bit word (memcpy: no alignment or
 * aliasing assumptions; compilers make it one load or store). */
#define HIGH_BITS 0x8080808080808080ull
#define BYTES_OF(x) (0x0101010101010101ull * (x))

static inline uint64_t load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline void store8(char *p, uint64_t v)
{
    memcpy(p, &v, sizeof v);
}

/* Eight ASCII bytes with A-Z lower-cased: a byte below 0x80 plus at most
 * 0x5A stays below 0x100, so no sum carries into the next byte, and the
 * high bit of each sum says ">= 'A'" and "> 'Z'". */
static inline uint64_t lower8(uint64_t w)
{
    uint64_t ge_a = w + BYTES_OF(0x80 - 'A');
    uint64_t gt_z = w + BYTES_OF(0x7F - 'Z');
    return w | ((ge_a & ~gt_z & HIGH_BITS) >> 2);
}

/* The high bit of every non-zero byte of w, whose bytes are all ASCII:
 * adding 0x7F to a byte's low seven bits carries into its high bit unless
 * they are all 0. */
static inline uint64_t nonzero_bytes(uint64_t w)
{
    return ((w & ~HIGH_BITS) + BYTES_OF(0x7F)) & HIGH_BITS;
}

/* Lower-cases p[0..n) in place when it is all ASCII; false (p partly
 * changed) when it is not. */
static bool lower_ascii(char *p, size_t n)
{
    if (n < 8) {
        for (size_t k = 0; k < n; k++) {
            if ((unsigned char)p[k] >= 0x80)
                return false;
            if (p[k] >= 'A' && p[k] <= 'Z')
                p[k] = (char)(p[k] - 'A' + 'a');
        }
        return true;
    }
    size_t k = 0;
    for (; k + 8 <= n; k += 8) {
        uint64_t w = load8(p + k);
        if (w & HIGH_BITS)
            return false;
        store8(p + k, lower8(w));
    }
    /* The tail as the last eight bytes again: lower-casing twice is the
     * same as once. */
    if (k < n) {
        uint64_t w = load8(p + n - 8);
        if (w & HIGH_BITS)
            return false;
        store8(p + n - 8, lower8(w));
    }
    return true;
}

void sm_lower(const char *s, size_t n, sm_buf *b)
{
    /* Most text is ASCII: copy and fold in place. */
    size_t start = b->len;
    sm_buf_add(b, s, n);
    if (lower_ascii(b->s + start, n))
        return;
    b->len = start;
    b->s[start] = '\0';
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        if (u[i] < 0x80) {
            char ch = (char)u[i];
            if (ch >= 'A' && ch <= 'Z')
                ch = (char)(ch - 'A' + 'a');
            sm_buf_addc(b, ch);
            i++;
            continue;
        }
        int32_t cp;
        size_t k = sm_utf8_decode(u + i, n - i, &cp);
        if (cp < 0)
            cp = 0xFFFD;
        else if (cp == 0x2019)
            cp = '\'';
        else
            cp = utf8proc_tolower(cp);
        sm_utf8_encode(b, cp);
        i += k;
    }
}

/* The slot value of a lower-cased surface word met for the first time:
 * its term id (the stem's, added when new), with STOP_BIT set for
 * stopwords. */
static uint32_t stem_word(const sm_ctx *ctx, sm_vocab *vo, const char *w,
                          size_t n)
{
    bool stop = sm_wordset_has(&ctx->stopwords, w, n);
    /* Possessive 's is the stemmer's business in English; elsewhere an
     * apostrophe is kept as part of the word. */
    const sb_symbol *st = sb_stemmer_stem(vo->stemmer, (const sb_symbol *)w, (int)n);
    uint32_t tid;
    if (st) {
        int sl = sb_stemmer_length(vo->stemmer);
        tid = sm_intern_add(&vo->terms, (const char *)st, (size_t)sl);
    } else {
        tid = sm_intern_add(&vo->terms, w, n);
    }
    return tid | (stop ? STOP_BIT : 0);
}

/* The slot value for a lower-cased surface word longer than the word
 * table's entries hold (TERM_KEY bytes). */
static uint32_t surface_slot(const sm_ctx *ctx, sm_vocab *vo, const char *w,
                             size_t n)
{
    uint32_t sid = sm_intern_find(&vo->stems, w, n);
    if (sid != UINT32_MAX)
        return vo->stem_of.v[sid];
    uint32_t v = stem_word(ctx, vo, w, n);
    SM_RESERVE(vo->stem_of, vo->stems.strs.n + 1);
    sid = sm_intern_add(&vo->stems, w, n);
    vo->stem_of.v[sid] = v;
    if (vo->stem_of.n <= sid)
        vo->stem_of.n = (size_t)sid + 1;
    return v;
}

/* Words of up to TERM_KEY bytes (lower-cased, nearly all of them) are
 * looked up in a key table (common.h) that holds the words themselves;
 * longer ones, few, take the intern table every time (surface_slot).  This
 * replaced a direct-mapped cache of 2^14 such entries in front of the
 * intern table: a cache miss (5% of the words of the 100 MB bench corpus,
 * 820,000 look-ups) cost five dependent loads (slot, length, string
 * pointer, bytes, stem_of), and terms took 16.0% of the time of a summary
 * of it; with the table, 15.0% (perf, the mean of two runs each on a busy
 * machine, so roughly).  Its first size holds a short text's words. */
#define TERM_KEY SM_KEY_BYTES
#define WORDS_MIN_BITS 10

struct sm_term_cache {
    sm_keytab words;
};

/* The slot value of the word in key (n bytes, zero-padded, hash h).  A new
 * word is stemmed and added, so terms are made in the order of the words'
 * first occurrences. */
static inline uint32_t word_slot(const sm_ctx *ctx, sm_vocab *vo,
                                 const uint64_t key[TERM_KEY / 8], size_t n,
                                 uint64_t h)
{
    sm_keytab *t = &vo->term_cache->words;
    size_t at;
    const sm_keyent *e = sm_keytab_find(t, key, h, &at);
    if (e)
        return e->value;
    uint32_t v = stem_word(ctx, vo, (const char *)key, n);
    sm_keytab_add(t, key, h, at, v);
    return v;
}

/* The table is larger than the processor's nearer caches, and a word's
 * entry is wherever its hash says: waiting for entries one word at a time
 * was most of the time of terms on a large corpus.  The entries of this
 * many words in a row are asked for together (a prefetch each), then the
 * words are looked up in order, so the results and the order terms are
 * made in stay those of one word at a time.  (A ring that looks a word up
 * when the eighth after it is read took more instructions for no gain.) */
#define TERM_BATCH 8
#if defined(__GNUC__) || defined(__clang__)
#define TERM_PREFETCH(p) __builtin_prefetch(p)
#else
#define TERM_PREFETCH(p) ((void)(p))
#endif

typedef struct term_batch {
    struct {
        uint64_t key[TERM_KEY / 8];
        uint64_t h;
        size_t n;
    } w[TERM_BATCH];
    size_t n;
} term_batch;

static void batch_flush(const sm_ctx *ctx, sm_vocab *vo, term_batch *b,
                        bool keep_stopwords, sm_u32vec *out)
{
    for (size_t k = 0; k < b->n; k++) {
        uint32_t v = word_slot(ctx, vo, b->w[k].key, b->w[k].n, b->w[k].h);
        if (keep_stopwords || !(v & STOP_BIT))
            SM_PUSH(*out, v & ~STOP_BIT);
    }
    b->n = 0;
}

void sm_vocab_freeze(sm_vocab *v)
{
    if (v->stemmer)
        sb_stemmer_delete(v->stemmer);
    v->stemmer = NULL;
    sm_intern_free(&v->stems);
    SM_FREEVEC(v->stem_of);
    if (v->term_cache)
        sm_keytab_free(&v->term_cache->words);
    free(v->term_cache);
    v->term_cache = NULL;
    sm_buf_free(&v->lower);
}

void sm_vocab_free(sm_vocab *v)
{
    sm_vocab_freeze(v);
    sm_intern_free(&v->terms);
}

/* The stemmer and the word table, on first use. */
static void vocab_start(const sm_ctx *ctx, sm_vocab *vo)
{
    if (!vo->stemmer) {
        /* The context checked the language, so only memory can fail. */
        vo->stemmer = sb_stemmer_new(ctx->lang, "UTF_8");
        if (!vo->stemmer)
            sm_oom();
    }
    if (!vo->term_cache) {
        struct sm_term_cache *t = sm_xcalloc(1, sizeof *t);
        sm_cleanup c_t;
        SM_CLEANUP_PTR(c_t, t);
        sm_keytab_init(&t->words, WORDS_MIN_BITS);
        sm_cleanup_pop(&c_t);
        vo->term_cache = t;
    }
}

void sm_terms(const sm_ctx *ctx, sm_vocab *vo, const char *text, size_t len,
              bool keep_stopwords, sm_u32vec *out)
{
    vocab_start(ctx, vo);
    const unsigned char *u = (const unsigned char *)text;
    sm_buf *w = &vo->lower;
    size_t i = 0, start, end;
    term_batch batch;
    batch.n = 0;
    while (sm_next_word(u, len, &i, &start, &end)) {
        /* Most words are ASCII, so they are lower-cased into key here
         * instead of by sm_lower: a word's ASCII bytes are letters, digits
         * and the apostrophe, which all become lower case (or stay) with
         * the case bit 0x20 set, and the key's padding bytes stay 0. */
        uint64_t key[TERM_KEY / 8] = {0};
        char *kb = (char *)key;
        size_t n = end - start;
        bool ascii = false;
        if (n <= TERM_KEY) {
            if (!sm_word_key(text, len, start, end, key))
                memcpy(kb, u + start, n);
            ascii = ((key[0] | key[1] | key[2]) & HIGH_BITS) == 0;
        }
        if (ascii) {
            size_t b = batch.n++;
            for (size_t k = 0; k < TERM_KEY / 8; k++)
                batch.w[b].key[k] = key[k] | nonzero_bytes(key[k]) >> 2;
            batch.w[b].n = n;
            batch.w[b].h = sm_key_hash(batch.w[b].key);
            TERM_PREFETCH(&vo->term_cache->words.e[sm_keytab_at(&vo->term_cache->words, batch.w[b].h)]);
            if (batch.n == TERM_BATCH)
                batch_flush(ctx, vo, &batch, keep_stopwords, out);
            continue;
        }
        /* The words before this one first, to keep their order. */
        batch_flush(ctx, vo, &batch, keep_stopwords, out);
        w->len = 0;
        sm_lower(text + start, n, w);
        if (w->len > TERM_MAX_BYTES)
            continue;
        uint32_t v;
        if (w->len <= TERM_KEY) {
            memcpy(kb, w->s, w->len);
            memset(kb + w->len, 0, TERM_KEY - w->len);
            v = word_slot(ctx, vo, key, w->len, sm_key_hash(key));
        } else {
            v = surface_slot(ctx, vo, w->s, w->len);
        }
        if (keep_stopwords || !(v & STOP_BIT))
            SM_PUSH(*out, v & ~STOP_BIT);
    }
    batch_flush(ctx, vo, &batch, keep_stopwords, out);
}
