/*
 * sites.c: a site's template, found across its pages and dropped.
 *
 * A sentence that one site prints, word for word, in several of its pages
 * is the site's, not the article's: a funding note, a code-of-practice
 * line, a promotion of the day's top story, a share bar the extractor kept
 * inside the article's container (site-level template detection, Bar-Yossef
 * & Rajagopalan 2002).  Left in, it is summarized, and it makes one page
 * "also report" what another page says.  Every sentence of every document,
 * web page or text, is keyed by its site (the outlet, else the host of its
 * URL) and its text (case, digits and spacing folded); a key met in
 * SITE_MIN_DOCS pages of one site goes from all of them.  Documents that
 * give no site are one group and need UNKNOWN_MIN_DOCS: there the same
 * sentence in two documents may as well be one wire story printed by two
 * outlets, which is real corroboration.
 *
 * Two copies of one article (saved twice, or an update) share most of
 * their sentences: those are text, not template.  A document more than
 * COPY_SHARE of whose sentences recur is such a copy and does not count
 * towards a key (its template sentences still go when its other pages
 * show them to be template).
 *
 * One pass finds each key's first sentence (an open-addressing table of
 * sentence numbers, keyed by 64-bit hashes) and counts, a second recounts
 * without the copies, a third compacts the sentences: linear in the text.
 */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

/* Pages of one site that must print a sentence for it to be the site's:
 * two, since a site's template is in every page of it (a folder of two
 * pages of one site shows it). */
#define SITE_MIN_DOCS 2
/* Documents without a site: three, so that a wire story two outlets
 * printed (their names unknown) is not taken for a template. */
#define UNKNOWN_MIN_DOCS 3
/* A document with more than this share of its sentences recurring in its
 * site's other pages is a copy or a version of one of them.  A template is
 * a few sentences of a page (the fixtures' pages: 3 of 6 at most). */
#define COPY_SHARE 0.5

static uint64_t mix(uint64_t h, unsigned char b)
{
    h ^= b;
    return h * 1099511628211ull;
}

/* The site of a document as a hash: its outlet (case folded), else its
 * URL's host without "www."; 0 when it gives neither. */
uint64_t sm_site_of(const sm_doc *d)
{
    uint64_t h = 1469598103934665603ull;
    if (d->source && *d->source) {
        for (const char *s = d->source; *s; s++)
            h = mix(h, (unsigned char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s));
        return h | 1;
    }
    const char *u = d->url ? strstr(d->url, "://") : NULL;
    if (!u)
        return 0;
    u += 3;
    if (strncmp(u, "www.", 4) == 0)
        u += 4;
    size_t n = strcspn(u, "/:?#");
    if (n == 0)
        return 0;
    h = mix(h, 0xFF); /* a host is not an outlet of the same spelling */
    for (size_t i = 0; i < n; i++)
        h = mix(h, (unsigned char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] + 32 : u[i]));
    return h | 1;
}

void sm_site_fold(unsigned char fold[256])
{
    for (int b = 0; b < 256; b++)
        fold[b] = (unsigned char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
    for (int b = '0'; b <= '9'; b++)
        fold[b] = '0';
    fold['\t'] = fold['\n'] = fold['\r'] = ' ';
}

/* ---- sentence keys ---------------------------------------------------
 *
 * A key hashes a sentence's folded stream: its bytes through the fold
 * table, each run of white space one space, a space at the end dropped.
 * Only whether two keys are equal matters, so the stream is hashed in
 * blocks of eight bytes at fixed offsets of the stream, whichever way its
 * bytes were made: eight input bytes at a time when they hold no line
 * break, tab or double space (most of every sentence), else one by one. */

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
#define KEY_K1 0x9E3779B97F4A7C15ull
#define KEY_K2 0xff51afd7ed558ccdull
#define KEY_K3 0xc4ceb9fe1a85ec53ull

/* Eight bytes, the first lowest whatever the machine's byte order (the
 * stream's blocks are built in that order). */
static inline uint64_t load8(const void *p)
{
    uint64_t v;
    memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* The high bit of every byte of w equal to c. */
static inline uint64_t bytes_eq(uint64_t w, unsigned char c)
{
    uint64_t x = w ^ (ONES * c);
    return ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;
}

/* The high bit of every ASCII byte of w in [lo, hi] (1 <= lo <= hi): no
 * sum below carries out of its byte. */
static inline uint64_t bytes_in(uint64_t w, unsigned char lo, unsigned char hi)
{
    uint64_t a = w & ~HIGHS;
    uint64_t ge = a + ONES * (unsigned char)(0x80 - lo);
    uint64_t gt = a + ONES * (unsigned char)(0x7F - hi);
    return ge & ~gt & ~w & HIGHS;
}

/* sm_site_fold's table on eight bytes holding no tab or line break. */
static inline uint64_t fold8(uint64_t w)
{
    uint64_t up = bytes_in(w, 'A', 'Z');
    uint64_t digit = ((bytes_in(w, '0', '9') >> 7) * 0xFF);
    return ((w | (up >> 2)) & ~digit) | (digit & (ONES * '0'));
}

/* The stream's bytes not yet mixed are kept in a register, byte j of
 * them at bits 8j (little-endian order, whatever the machine's): the
 * block mixed is the same either way, with no copying through memory. */
typedef struct key_stream {
    uint64_t h;
    size_t total;   /* bytes of the stream so far */
    uint64_t pend;  /* bytes not yet mixed */
    unsigned pn;    /* how many, 1..8 once any */
    bool space;     /* the stream's last byte is a space */
} key_stream;

static inline void key_mix(key_stream *k, uint64_t block)
{
    k->h = (k->h ^ block) * KEY_K2;
    k->h ^= k->h >> 29;
}

/* Appends one byte.  The first block is mixed once a byte follows it, so
 * the stream's last byte is never mixed before the end, where a space
 * there is dropped. */
static inline void key_byte(key_stream *k, unsigned char b)
{
    if (k->pn == 8) {
        key_mix(k, k->pend);
        k->pend = 0;
        k->pn = 0;
    }
    k->pend |= (uint64_t)b << (8 * k->pn++);
    k->total++;
    k->space = b == ' ';
}

/* Appends eight bytes (f, first byte lowest), the last of them last. */
static inline void key_word(key_stream *k, uint64_t f, bool last_space)
{
    if (k->pn == 0) {
        k->pend = f;
        k->pn = 8;
    } else if (k->pn == 8) {
        key_mix(k, k->pend);
        k->pend = f;
    } else {
        key_mix(k, k->pend | f << (8 * k->pn));
        k->pend = f >> (64 - 8 * k->pn);
    }
    k->total += 8;
    k->space = last_space;
}

static void key_bytes(key_stream *k, const unsigned char *fold,
                      const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char b = fold[(unsigned char)s[i]];
        if (b == ' ' && k->space)
            continue;
        key_byte(k, b);
    }
}

uint64_t sm_site_key(uint64_t site, const unsigned char *fold, const char *s,
                     size_t n)
{
    key_stream k = {.h = site ^ KEY_K1};
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w = load8(s + i);
        uint64_t sp = bytes_eq(w, ' ');
        /* Tab to carriage return (9-13): a superset of what the fold
         * table makes a space, which goes the slow way. */
        if ((bytes_in(w, '\t', '\r') | (sp & (sp << 8))) ||
            (k.space && s[i] == ' ')) {
            key_bytes(&k, fold, s + i, 8);
            continue;
        }
        key_word(&k, fold8(w), s[i + 7] == ' ');
    }
    key_bytes(&k, fold, s + i, n - i);
    if (k.space) {
        k.pn--;
        k.total--;
        k.pend &= k.pn ? ~0ull >> (64 - 8 * k.pn) : 0;
    }
    uint64_t h = (k.h ^ k.pend ^ ((uint64_t)k.total * KEY_K1)) * KEY_K3;
    h ^= h >> 33;
    h *= KEY_K2;
    h ^= h >> 33;
    return h ? h : 1;
}

/* A key's counts live at its first sentence (its representative), so the
 * arrays are as long as the sentences, not as the hash table, and the
 * count pass walks them in order (most sentences are their own
 * representative).  The table holds sentence numbers, not keys: half the
 * memory of a table of keys, the key read from the sentence's. */
typedef struct site_table {
    uint32_t *slots;   /* first sentence with a key + 1; 0 = empty */
    size_t mask;
    uint32_t *rep;     /* sentence -> first sentence with its key */
    /* Per representative, in the keys' memory once they are read:
     * count[0] is the last document counted + 1, count[1] the documents
     * counted, with KNOWN_SITE set when the key's site is known. */
    sm_site_slot *cnt;
} site_table;

#define KNOWN_SITE 0x80000000u

static void site_table_free(void *p)
{
    site_table *t = p;
    free(t->slots);
    free(t->rep);
    memset(t, 0, sizeof *t);
}

/* The first sentence with sentence i's key (i itself when it is new). */
static uint32_t rep_for(site_table *t, const sm_site_slot *keys, uint32_t i)
{
    uint64_t key = keys[i].key;
    size_t k = (size_t)key & t->mask;
    while (t->slots[k]) {
        uint32_t j = t->slots[k] - 1;
        if (keys[j].key == key)
            return j;
        k = (k + 1) & t->mask;
    }
    t->slots[k] = i + 1;
    return i;
}

/* Counts, per key, the documents (not copies) that hold it. */
static void count_docs(const sm_corpus *c, site_table *t, const bool *copy)
{
    size_t n = c->sents.n;
    sm_site_slot *cnt = t->cnt;
    for (size_t i = 0; i < n; i++) {
        cnt[i].count[0] = 0;
        cnt[i].count[1] &= KNOWN_SITE;
    }
    /* Document by document (their sentences are consecutive), so the
     * sentence records, a million at 100 MB, are not read. */
    for (size_t d = 0; d < c->docs.n; d++) {
        const sm_doc *doc = &c->docs.v[d];
        if (copy && copy[d])
            continue;
        for (size_t i = doc->first_sentence; i < doc->first_sentence + doc->n_sentences; i++) {
            uint32_t k = t->rep[i];
            if (cnt[k].count[0] == d + 1)
                continue;
            cnt[k].count[0] = (uint32_t)d + 1;
            cnt[k].count[1]++;
        }
    }
}

static bool is_template(const site_table *t, uint32_t k)
{
    uint32_t v = t->cnt[k].count[1];
    return (v & ~KNOWN_SITE) >=
           (uint32_t)((v & KNOWN_SITE) ? SITE_MIN_DOCS : UNKNOWN_MIN_DOCS);
}

/* Removes the dropped sentences, renumbering positions and each
 * document's range. */
static void compact(sm_corpus *c, const site_table *t)
{
    size_t w = 0;
    for (size_t d = 0; d < c->docs.n; d++) {
        sm_doc *doc = &c->docs.v[d];
        size_t from = doc->first_sentence, to = from + doc->n_sentences;
        doc->first_sentence = w;
        uint32_t pos = 0;
        for (size_t i = from; i < to; i++) {
            if (is_template(t, t->rep[i]))
                continue;
            c->sents.v[w] = c->sents.v[i];
            c->sents.v[w++].position = pos++;
        }
        doc->n_sentences = w - doc->first_sentence;
    }
    c->sents.n = w;
}

/* The table is far larger than the processor's caches on a large corpus
 * (8 MB for a million sentences) and each sentence's slot is a miss: the
 * slot of the sentence this many ahead is asked for (a prefetch) before
 * each look-up, so the misses overlap instead of coming one at a time;
 * the look-ups stay in order. */
#define REP_AHEAD 8
#if defined(__GNUC__) || defined(__clang__)
#define REP_PREFETCH(p) __builtin_prefetch(p)
#else
#define REP_PREFETCH(p) ((void)(p))
#endif

/* Every sentence's representative, and whether each representative's
 * site is known (in cnt, made in keys' memory once they are read). */
static void find_reps(sm_corpus *c, site_table *t, sm_site_slot *keys)
{
    size_t n = c->sents.n;
    size_t cap = 16;
    while (cap < sm_mul(n, 2))
        cap *= 2;
    t->mask = cap - 1;
    t->slots = sm_xcalloc(cap, sizeof *t->slots);
    t->rep = sm_xmalloc(sm_mul(n, sizeof *t->rep));
    for (size_t i = 0; i < n; i++) {
        if (i + REP_AHEAD < n)
            REP_PREFETCH(&t->slots[(size_t)keys[i + REP_AHEAD].key & t->mask]);
        t->rep[i] = rep_for(t, keys, (uint32_t)i);
    }
    /* The table and the keys are done with: the counts take the keys'
     * memory, so no new memory is asked for (and zeroed by the kernel)
     * while the largest arrays of preparing are held. */
    free(t->slots);
    t->slots = NULL;
    t->cnt = keys;
    for (size_t d = 0; d < c->docs.n; d++) {
        const sm_doc *doc = &c->docs.v[d];
        uint32_t known = sm_site_of(doc) != 0 ? KNOWN_SITE : 0;
        for (size_t i = doc->first_sentence; i < doc->first_sentence + doc->n_sentences; i++)
            keys[i].count[1] = known;
    }
}

void sm_drop_site_templates(sm_corpus *c, sm_site_slot *keys)
{
    size_t n = c->sents.n;
    if (c->docs.n < SITE_MIN_DOCS || n == 0)
        return;
    site_table t = {0};
    bool *copy = NULL;
    sm_cleanup c_t, c_copy;
    sm_cleanup_push(&c_t, site_table_free, &t);
    SM_CLEANUP_PTR(c_copy, copy);
    copy = sm_xcalloc(c->docs.n, sizeof *copy);
    find_reps(c, &t, keys);
    count_docs(c, &t, NULL);
    bool any = false;
    for (size_t d = 0; d < c->docs.n; d++) {
        const sm_doc *doc = &c->docs.v[d];
        size_t rec = 0;
        for (size_t i = doc->first_sentence; i < doc->first_sentence + doc->n_sentences; i++)
            rec += is_template(&t, t.rep[i]);
        copy[d] = rec > COPY_SHARE * (double)doc->n_sentences;
        any |= rec > 0;
    }
    if (any) {
        count_docs(c, &t, copy);
        compact(c, &t);
    }
    sm_cleanup_run(&c_copy);
    sm_cleanup_run(&c_t);
}
