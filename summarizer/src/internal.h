/*
 * internal.h: what the library's stages share and the public header does not
 * show: the arena, growable arrays and buffers, the intern table, and the
 * layout of the context and the corpus.
 */
#ifndef SM_INTERNAL_H
#define SM_INTERNAL_H

#include "summarizer.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sb_stemmer;
struct sm_term_cache;

/* ---- memory ----------------------------------------------------------- */

/* Allocation that cannot fail silently: on exhaustion the process prints a
 * message and exits 1.  A summarizer that runs out of memory has nothing
 * better to do, and every caller is spared a branch. */
void *sm_xmalloc(size_t n);
void *sm_xcalloc(size_t n, size_t size);
void *sm_xrealloc(void *p, size_t n);
char *sm_xstrdup(const char *s);
char *sm_xstrndup(const char *s, size_t n);
/* n * size, exiting on overflow. */
size_t sm_mul(size_t n, size_t size);

/* A per-run arena: many small allocations freed at once. */
typedef struct sm_arena_block sm_arena_block;
typedef struct sm_arena {
    sm_arena_block *head;
} sm_arena;

void *sm_arena_alloc(sm_arena *a, size_t n); /* aligned for any type, zeroed */
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
        (vec).v[(vec).n++] = (x);                                              \
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
void sm_buf_printf(sm_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as the body of a JSON string (no quotes). */
void sm_buf_json_escape(sm_buf *b, const char *s, size_t n);
/* Appends s escaped for HTML text and attributes. */
void sm_buf_html_escape(sm_buf *b, const char *s, size_t n);
void sm_buf_free(sm_buf *b);

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

/* Unicode character classes (ASCII without a table look-up); negative code
 * points (invalid bytes) are in no class. */
bool sm_cp_is_space_u(int32_t c); /* the same, for c >= 0x80 */
bool sm_cp_is_letter_u(int32_t c);
bool sm_cp_is_upper_u(int32_t c);
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
/* Whether the ASCII word w stands at s[i] as a whole word. */
bool sm_has_word_at(const char *s, size_t n, size_t i, const char *w);

/* ---- context ---------------------------------------------------------- */

typedef struct sm_wordset {
    sm_intern set;
} sm_wordset;

bool sm_wordset_has(const sm_wordset *w, const char *s, size_t n);
/* Loads one word (or phrase) per line; '#' starts a comment.  A missing file
 * yields an empty set and returns false. */
bool sm_wordset_load(sm_wordset *w, const char *path);

struct sm_ctx {
    char *models_dir;
    char *lang;
    struct sb_stemmer *stemmer;
    sm_wordset stopwords;     /* models/stopwords/<lang>.txt */
    sm_wordset abbreviations; /* models/abbreviations/<lang>.txt, lower-case, no final dot */
    sm_wordset furniture;     /* models/furniture/<lang>.txt: lines that are page furniture */
    /* For each first byte of furniture entries (a rule's marker, or a
     * whole-line entry's first letter), a bitmap of the entry lengths
     * (bytes, marker included, < 256) that occur, so the cleaner skips
     * look-ups that cannot match. */
    uint64_t furniture_lens[256][4];
    /* Likewise the entries' first two bytes after the marker, hashed into
     * 4096 bits per marker. */
    uint64_t furniture_heads[256][64];
    sm_intern stems;          /* surface (lower-case) word -> id; see stem_of */
    SM_VEC(uint32_t) stem_of; /* surface id -> term id */
    sm_intern terms;          /* stemmed terms -> term id */
    /* Recent surface words -> stem_of value, in front of stems (terms.c);
     * allocated on first use, owned. */
    struct sm_term_cache *term_cache;
    sm_warn_fn warn;
    void *warn_ud;
    char *error; /* last error message, owned */
};

void sm_warnf(sm_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Records the error message and returns st. */
sm_status sm_fail(sm_ctx *ctx, sm_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- corpus ----------------------------------------------------------- */

typedef struct sm_doc {
    char *name, *path;
    char *source, *date, *title, *url;
    char *raw;   /* valid UTF-8, NUL-terminated, owned */
    size_t rawlen;
    char *body;  /* after cleaning: kept lines joined by '\n', paragraphs by "\n\n" */
    size_t bodylen;
    size_t first_sentence, n_sentences;
    bool meta_from_manifest;
} sm_doc;

typedef struct sm_sent {
    const char *text; /* points into its document's body */
    uint32_t len;
    uint32_t doc;
    uint32_t position; /* within the document */
    uint32_t para;     /* paragraph index within the document */
    uint32_t words;
    uint32_t *terms;   /* term ids in order (stopwords dropped), arena */
    uint32_t nterms;
    uint32_t flags;    /* SM_SENT_* */
} sm_sent;

enum {
    SM_SENT_HEADING = 1u << 0,  /* no terminal punctuation: a heading or list item */
    SM_SENT_DANGLING = 1u << 1, /* opens with an unresolved reference or ends with ':' */
    SM_SENT_QUESTION = 1u << 2
};

typedef struct sm_manifest_entry {
    char *name;
    char *source, *date, *title, *url;
} sm_manifest_entry;

struct sm_corpus {
    sm_ctx *ctx;
    SM_VEC(sm_doc) docs;
    SM_VEC(sm_sent) sents;
    SM_VEC(sm_manifest_entry) manifest;
    sm_arena arena;
    bool prepared;
    /* document frequency per term id (sized to ctx->terms at prepare) */
    SM_VEC(uint32_t) df;
};

/* The documents' paths (or names) for a message: the first three, then
 * "and N more".  The caller frees it. */
char *sm_corpus_names(const sm_corpus *c);

/* ---- stages (one source file each) ------------------------------------ */

/* ingest.c: metadata header lines at the top of doc->raw are read into doc and
 * stripped; returns the offset where the text starts. */
size_t sm_ingest_header(sm_doc *doc);

/* clean.c: removes page furniture from every document, setting doc->body.
 * Works on the whole corpus because lines that recur across documents are
 * furniture. */
void sm_clean_corpus(sm_corpus *c);

/* segment.c: sentence boundaries of a cleaned body. */
typedef struct sm_span {
    size_t start, end; /* byte offsets into the body, end exclusive, trimmed */
    uint32_t para;
    uint32_t flags;    /* SM_SENT_HEADING when it has no terminal punctuation */
} sm_span;
typedef SM_VEC(sm_span) sm_spanvec;
void sm_segment(const sm_ctx *ctx, const char *body, size_t len,
                sm_spanvec *out);

/* terms.c: appends the term ids of text (lower-cased, stopwords dropped,
 * stemmed, interned in ctx->terms) to out.  With keep_stopwords the stopwords
 * are kept. */
typedef SM_VEC(uint32_t) sm_u32vec;
void sm_terms(sm_ctx *ctx, const char *text, size_t len, bool keep_stopwords,
              sm_u32vec *out);
/* Lower-cases (Unicode case folding) into b. */
void sm_lower(const char *s, size_t n, sm_buf *b);

/* graph.c: the sparse similarity graph in CSR form. */
typedef struct sm_graph {
    size_t n;
    size_t *rowstart; /* n + 1 */
    uint32_t *col;
    double *w;
} sm_graph;
/* Builds the graph over sentences ids[0..n) (indices into c->sents). */
void sm_graph_build(const sm_corpus *c, const uint32_t *ids, size_t n,
                    sm_similarity sim, sm_graph *g);
void sm_graph_free(sm_graph *g);
/* Cosine similarity of two sentences' tf-idf vectors (redundancy). */
double sm_sent_cosine(const sm_corpus *c, const sm_sent *a, const sm_sent *b);

/* rank.c: weighted PageRank with teleport vector `bias` (NULL: uniform),
 * damping d, to L1 tolerance tol.  Writes n scores summing to 1. */
#define SM_DAMPING 0.85
#define SM_TOLERANCE 1e-9
int sm_pagerank(const sm_graph *g, const double *bias, double d, double tol,
                double *scores);

/* clean.c: true when one sentence (not a whole line) is page furniture
 * that got through line cleaning: a caption glued to text ("... – video"),
 * "Source link", a share prompt. */
bool sm_sentence_is_furniture(const sm_ctx *ctx, const char *s, size_t n);
/* The same with buffers kept from one sentence to the next. */
typedef struct sm_furniture sm_furniture;
sm_furniture *sm_furniture_new(const sm_ctx *ctx);
bool sm_furniture_sentence(sm_furniture *f, const char *s, size_t n);
void sm_furniture_free(sm_furniture *f);

/* rank.c: builds the graph over ids[0..n) and runs PageRank with the given
 * teleport bias (NULL: uniform; need not be normalised, all >= 0).  Writes
 * n scores summing to 1. */
void sm_rank(const sm_corpus *c, const uint32_t *ids, size_t n,
             sm_similarity sim, const double *bias, double *scores);

/* select.c: the budgeted, redundancy-aware choice of sentences. */
typedef struct sm_select_opts {
    size_t words, bytes, sentences; /* 0 = unbounded; bytes count text plus
                                       one '\n' per sentence */
    double max_sim;   /* a candidate whose cosine with a chosen sentence is
                         at or above this is a duplicate; >= 1.0: off */
    bool skip_dangling; /* never choose SM_SENT_DANGLING sentences */
    bool skip_headings; /* never choose SM_SENT_HEADING sentences */
} sm_select_opts;
/* Greedy choice by score, best first (ties: lower sentence id first); a
 * sentence that would exceed the budget is passed over for shorter ones.
 * Writes the chosen sentence ids, in choice order, to out (room for n) and
 * returns how many. */
size_t sm_select(const sm_corpus *c, const uint32_t *ids, const double *scores,
                 size_t n, const sm_select_opts *o, uint32_t *out);
/* Coverage selection (see select.c): greedy maximisation of the weight of
 * the concepts covered plus mu times the (normalised) scores, within the
 * budget.  rel (optional, per candidate, in [0, 1]) weights concepts by the
 * relevance of the sentences that carry them.  Same output as sm_select. */
size_t sm_select_coverage(const sm_corpus *c, const uint32_t *ids,
                          const double *scores, const double *rel, size_t n,
                          const sm_select_opts *o, double mu, uint32_t *out);
/* Appends to out the sentences among ids[0..n) (other than s) whose cosine
 * with s is at least min_sim. */
void sm_near_duplicates(const sm_corpus *c, uint32_t s, const uint32_t *ids,
                        size_t n, double min_sim, sm_u32vec *out);
/* The default redundancy threshold (tf-idf cosine). */
#define SM_MAX_SIM 0.5

/* topics.c: relevance of sentences ids[0..n) to every topic, into
 * rel[i * ntopics + topic], each >= 0. */
void sm_topics_relevance(const sm_topics *t, sm_corpus *c, const uint32_t *ids,
                         size_t n, double *rel);
double sm_topics_threshold(const sm_topics *t, size_t i);
sm_ctx *sm_topics_ctx(const sm_topics *t);

/* Compares dates for ordering: NULL (unknown) sorts last. */
int sm_datecmp(const char *a, const char *b);

#endif /* SM_INTERNAL_H */
