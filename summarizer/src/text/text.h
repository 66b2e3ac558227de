/*
 * text/text.h: the text layer: documents and their ingest, cleaning of page
 * furniture, sentence splitting and terms.  Uses only common/.
 */
#ifndef SM_TEXT_H
#define SM_TEXT_H

#include "common/common.h"

#include <string.h>

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
    /* Material the reader already has (sm_corpus_add_seen): read, indexed
     * and counted, never quoted; summaries report what the rest adds. */
    bool seen;
    /* From a web page (web/): its author, its headings (one per line, as
     * in raw), and which fields the page gave (DOC_PAGE_*), which a
     * manifest overrides. */
    char *author;
    char *headings;
    unsigned page_meta;
    /* Its text is a page's article as web/ extracted it from the DOM:
     * already cleaned, so the text rules (made for text dumps) leave it
     * alone. */
    bool from_web;
} sm_doc;

enum {
    DOC_PAGE_SOURCE = 1u << 0,
    DOC_PAGE_DATE = 1u << 1,
    DOC_PAGE_TITLE = 1u << 2,
    DOC_PAGE_URL = 1u << 3
};

/* One per sentence of the corpus (a million at 100 MB): the two pointers
 * first, so the eight counts pack into 48 bytes with no padding. */
typedef struct sm_sent {
    const char *text; /* points into its document's body */
    uint32_t *terms;   /* term ids in order (stopwords dropped), arena */
    uint32_t len;
    uint32_t doc;
    uint32_t position; /* within the document */
    uint32_t para;     /* paragraph index within the document */
    uint32_t words;
    uint32_t nterms;
    uint32_t flags;    /* SM_SENT_* */
    /* The SM_ALONE_* reasons it cannot stand alone once SM_SENT_JUDGED is
     * in flags: read them through sm_sent_alone, which judges on first
     * need, never directly. */
    uint32_t alone_memo;
} sm_sent;

enum {
    SM_SENT_HEADING = 1u << 0,  /* no terminal punctuation: a heading or list item */
    SM_SENT_QUESTION = 1u << 2,
    SM_SENT_JUDGED = 1u << 3    /* alone_memo holds its stand-alone reasons */
};

struct sb_stemmer;
struct sm_term_cache;

/* terms.c: a vocabulary: the words met so far and their term ids.  Each
 * corpus has its own (so a context shared by many corpora never grows), as
 * does a set of topics.  Zero-initialised; sm_vocab_free releases it. */
typedef struct sm_vocab {
    struct sb_stemmer *stemmer; /* ctx->lang's; made on first use (stateful) */
    /* Surface (lower-case) words longer than the word table's entries
     * (terms.c) -> id; see stem_of */
    sm_intern stems;
    SM_VEC(uint32_t) stem_of;   /* surface id -> term id (| STOP_BIT) */
    sm_intern terms;            /* stemmed terms -> term id */
    /* Shorter surface words -> term id (| STOP_BIT), the words held in
     * the table's entries; made on first use. */
    struct sm_term_cache *term_cache;
    sm_buf lower; /* a word being lower-cased */
} sm_vocab;

void sm_vocab_free(sm_vocab *v);
/* Frees what only adding words needs (stemmer, surface table, cache),
 * keeping the terms: a vocabulary that is complete and only looked up. */
void sm_vocab_freeze(sm_vocab *v);

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
    bool out_of_memory; /* a call ran out of memory: the corpus can only be freed */
    sm_vocab vocab; /* every word of this corpus, its term ids */
    /* document frequency per term id (sized to vocab.terms at prepare) */
    SM_VEC(uint32_t) df;
    struct sm_web *web; /* web/ state, made on the first web file */
};

/* st = call under a guard (common.h) for corpus c: when memory runs out,
 * or ran out before, c is marked and st is SM_ERR_NOMEM. */
#define SM_CORPUS_GUARDED(st, c, call)                                         \
    do {                                                                       \
        SM_GUARDED(st, (c)->out_of_memory ? SM_ERR_NOMEM : (call),             \
                   (c)->out_of_memory = true);                                 \
        if ((c)->out_of_memory)                                                \
            (st) = sm_nomem((c)->ctx);                                         \
    } while (0)

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

/* sites.c: drops every sentence that one site prints in several of its
 * pages (its template: funding notes, promotions, share bars), from web
 * pages and text alike; run on the split sentences, before anything is
 * counted across documents.  keys[i].key is sentence i's sm_site_key, made
 * while the text is split (and in the cache); the call then uses the
 * array for its counts (count), so the keys are lost. */
typedef union sm_site_slot {
    uint64_t key;
    uint32_t count[2];
} sm_site_slot;
void sm_drop_site_templates(sm_corpus *c, sm_site_slot *keys);
/* A document's site as a hash (its outlet, else its URL's host), 0 when
 * it names neither. */
uint64_t sm_site_of(const sm_doc *d);
/* The fold table sm_site_key takes: case, digits and spaces folded
 * (b lower-cased, '0' for a digit, ' ' for white space). */
void sm_site_fold(unsigned char fold[256]);
/* A sentence's key in its site: its text folded, runs of white space
 * made one, mixed with the site's hash. */
uint64_t sm_site_key(uint64_t site, const unsigned char *fold, const char *s,
                     size_t n);

/* A line of a document being cleaned (clean.c, dump.c). */
typedef struct sm_line {
    size_t a, b;     /* trimmed, in doc->raw */
    bool blank;
    bool drop;
    uint32_t key;    /* recurrence key id, UINT32_MAX when not a candidate */
} sm_line;

/* dump.c: pages saved as text.  sm_unwrap joins the hard-wrapped lines of
 * s[0..n) (a text browser's dump at any width from 60 to 160 columns) into
 * one line per paragraph, in place, and returns the new length (s stays
 * NUL-terminated); text that is not wrapped is left alone. */
size_t sm_unwrap(char *s, size_t n);
/* The block judge of a context: its word lists packed for the look-ups
 * of every word of every block.  Made once per corpus; borrows ctx, which
 * must outlive it.  sm_judge_free accepts NULL. */
typedef struct sm_judge sm_judge;
sm_judge *sm_judge_new(const sm_ctx *ctx);
void sm_judge_free(sm_judge *j);
/* Judges every block of lines (a paragraph, a list item) of raw with its
 * neighbours and sets drop on the lines of the bad ones: menus, teaser
 * runs, comment threads; a comments heading after the article drops the
 * rest.  A document with no block of running text is left alone. */
void sm_judge_blocks(const sm_judge *j, const char *raw, sm_line *ls, size_t n);
/* Length of a wire dateline at the start of s ("WASHINGTON (AP) -- ",
 * "BERLIN, Sept. 11 (Xinhua) -- ", "WOODS HOLE, Mass. _ "), separator and
 * spaces included; 0 when there is none. */
size_t sm_dateline_length(const char *s, size_t n);

/* segment.c: sentence boundaries of a cleaned body. */
typedef struct sm_span {
    size_t start, end; /* byte offsets into the body, end exclusive, trimmed */
    uint32_t para;
    uint32_t flags;    /* SM_SENT_HEADING when it has no terminal punctuation */
} sm_span;
typedef SM_VEC(sm_span) sm_spanvec;
void sm_segment(const sm_ctx *ctx, const char *body, size_t len,
                sm_spanvec *out);

/* learn.c: counts, over every body of a corpus, how each word type is
 * written before a full stop and without one, so the splitter can tell an
 * abbreviation the list lacks ("Cmndr.") and a listed one this corpus uses
 * as a plain word ("Hun Sen.").  Add every body, then ask. */
typedef struct sm_learned sm_learned;
enum { SM_LEARN_UNKNOWN = 0, SM_LEARN_ABBREV, SM_LEARN_WORD };
sm_learned *sm_learned_new(void);
void sm_learned_add(sm_learned *l, const sm_ctx *ctx, const char *body,
                    size_t len);
/* The verdict on a type: key is its lower-cased letters (inner dots kept,
 * no final dot), cap whether this occurrence is capitalised.  l may be
 * NULL (then SM_LEARN_UNKNOWN). */
int sm_learned_verdict(const sm_learned *l, const char *key, size_t n,
                       bool cap);
void sm_learned_free(sm_learned *l);
/* sm_segment with what the corpus taught (l may be NULL). */
void sm_segment_learned(const sm_ctx *ctx, const sm_learned *l,
                        const char *body, size_t len, sm_spanvec *out);

/* standalone.c: why a sentence cannot be read without its neighbours
 * (none: it can).  tmp is a scratch buffer. */
enum {
    SM_ALONE_REFERENCE = 1u << 0, /* opening pronoun or connective */
    SM_ALONE_DEFINITE = 1u << 1,  /* "The announcement was ..." */
    SM_ALONE_FRAGMENT = 1u << 2,  /* lower-case start, "A. " / "Q: " */
    SM_ALONE_CAPTION = 1u << 3,   /* describes a picture */
    SM_ALONE_CUT = 1u << 4,       /* half a quotation, trailing colon */
    SM_ALONE_NOFACT = 1u << 5,    /* short and names nothing */
    /* Page furniture a cleaner let through (page.c): */
    SM_ALONE_READER = 1u << 6,    /* addresses the reader: "Sign up ...", "your inbox" */
    SM_ALONE_LEGAL = 1u << 7,     /* copyright, consent, disclaimer */
    SM_ALONE_CREDIT = 1u << 8,    /* byline or author's bio */
    SM_ALONE_TEASER = 1u << 9,    /* a headline's shape: Title Case, "...", "X: why?" */
    SM_ALONE_LIST = 1u << 10      /* bullets, counters, timestamps */
};
/* The reasons that make a sentence page furniture, never article text: a
 * summary chooses such a sentence only when nothing else is there. */
#define SM_ALONE_PAGE                                                          \
    (SM_ALONE_READER | SM_ALONE_LEGAL | SM_ALONE_CREDIT | SM_ALONE_TEASER |    \
     SM_ALONE_LIST)
uint32_t sm_standalone_reasons(const sm_ctx *ctx, sm_buf *tmp, const char *s,
                               size_t n);
/* page.c: the page-furniture reasons (SM_ALONE_READER ... SM_ALONE_LIST) of
 * sentence s[0..n). */
uint32_t sm_page_reasons(const sm_ctx *ctx, sm_buf *tmp, const char *s,
                         size_t n);
/* The share of its value a sentence keeps given those reasons, in (0, 1]. */
double sm_standalone_weight(uint32_t reasons);
/* The reasons that sentence i of prepared corpus c shows only in its
 * corpus: SM_ALONE_REFERENCE when it opens with a name its document
 * introduced in full before and no other document uses ("Yusov spoke as
 * ..." after "Andriy Yusov, a representative of ..."). */
uint32_t sm_standalone_context_reasons(const sm_corpus *c, size_t i);
/* Sentence i of prepared corpus c: its stand-alone reasons
 * (sm_standalone_reasons of its text and sm_standalone_context_reasons),
 * judged on first need and kept in
 * the sentence.  Judging is a third of preparing a corpus, and a summary
 * needs the verdict only for the few thousand sentences it could choose,
 * so preparing leaves it to the readers.  The verdict depends on the text
 * and c's context alone: the same whoever asks first, in any order.  It
 * writes its memo through the const corpus, which is safe because a corpus
 * is used by one thread at a time (summarizer.h). */
uint32_t sm_sent_alone(const sm_corpus *c, size_t i);
/* Whether sentence i shows no reason but those in allowed.  A sentence
 * already showing another one is not judged for page furniture, the
 * costlier part (then nothing is kept: only whole verdicts are). */
bool sm_sent_alone_within(const sm_corpus *c, size_t i, uint32_t allowed);
/* Whether sentence i shows any of those reasons: a digest never chooses
 * it.  sm_sent_alone_within(c, i, 0) negated. */
bool sm_sent_dangling(const sm_corpus *c, size_t i);

/* spaces.c: rewrites every Unicode space separator (U+00A0, U+2009,
 * U+202F, ...) in s[0..*len) as one ASCII space, in place, so words are
 * what a reader splitting on white space counts; *len shrinks and s stays
 * NUL-terminated when it was.  Returns how many were replaced. */
size_t sm_normalize_spaces(char *s, size_t *len);

/* terms.c: appends the term ids of text (lower-cased, stopwords of ctx
 * dropped, stemmed with ctx's language, interned in v->terms) to out.  With
 * keep_stopwords the stopwords are kept.  ctx is only read. */
typedef SM_VEC(uint32_t) sm_u32vec;
void sm_terms(const sm_ctx *ctx, sm_vocab *v, const char *text, size_t len,
              bool keep_stopwords, sm_u32vec *out);
/* Lower-cases (Unicode case folding) into b. */
void sm_lower(const char *s, size_t n, sm_buf *b);

/* The bytes s[a..e) (1 to 24 of them) as the three words of a
 * zero-padded key, read in whole words without leaving s[0..len): the
 * word tables of terms.c and learn.c then compare keys in registers.
 * Writing a key byte by byte and reading it back as words stalls the
 * processor on every word of the text (a store it cannot forward).  False
 * (key unset) where the words cannot be read so (a big-endian machine,
 * or a short text). */
static inline bool sm_word_key(const char *s, size_t len, size_t a, size_t e,
                               uint64_t key[3])
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    size_t n = e - a;
    uint64_t w[3];
    if (n <= 8) {
        if (a + 8 <= len) {
            memcpy(&w[0], s + a, 8);
            key[0] = n == 8 ? w[0] : w[0] & ((1ull << (8 * n)) - 1);
        } else if (e >= 8) {
            memcpy(&w[0], s + e - 8, 8);
            key[0] = w[0] >> (64 - 8 * n);
        } else {
            return false;
        }
        key[1] = key[2] = 0;
        return true;
    }
    memcpy(&w[0], s + a, 8);
    memcpy(&w[2], s + e - 8, 8);
    key[0] = w[0];
    if (n <= 16) {
        key[1] = w[2] >> (128 - 8 * n);
        key[2] = 0;
    } else {
        memcpy(&w[1], s + a + 8, 8);
        key[1] = w[1];
        key[2] = w[2] >> (192 - 8 * n);
    }
    return true;
#else
    (void)s, (void)len, (void)a, (void)e, (void)key;
    return false;
#endif
}

/* clean.c: true when one sentence (not a whole line) is page furniture
 * that got through line cleaning: a caption glued to text ("... – video"),
 * "Source link", a share prompt. */
bool sm_sentence_is_furniture(const sm_ctx *ctx, const char *s, size_t n);
/* The same with buffers kept from one sentence to the next. */
typedef struct sm_furniture sm_furniture;
sm_furniture *sm_furniture_new(const sm_ctx *ctx);
bool sm_furniture_sentence(sm_furniture *f, const char *s, size_t n);
void sm_furniture_free(sm_furniture *f);

/* credits.c: photo credits, the one definition every stage uses.  A
 * credit label is a "!label:" entry of the furniture list ("Photograph:",
 * "Photo:"), matched case-insensitively. */
/* Whether s ends with a parenthesised credit: "... (Susan Walsh/AP)". */
bool sm_credit_paren(const char *s, size_t n);
/* Whether the word before s[colon] (a ':', searched back to lo) is a
 * credit label. */
bool sm_credit_label_at(const sm_ctx *ctx, const char *s, size_t lo,
                        size_t colon);
/* Whether s carries a credit label anywhere ("... Photograph: AP"). */
bool sm_credit_inline(const sm_ctx *ctx, const char *s, size_t n);
/* Whether s opens with a credit label ("Photo: Reuters"): a credit, and
 * the sentence before it in its paragraph a caption. */
bool sm_credit_opens(const sm_ctx *ctx, const char *s, size_t n);

/* Compares dates for ordering: NULL (unknown) sorts last. */
int sm_datecmp(const char *a, const char *b);

#endif /* SM_TEXT_H */
