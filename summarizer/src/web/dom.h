/*
 * web/dom.h: what the files of the web layer share about a parsed page:
 * the hints read from models/web/classes.txt, the flat list of text blocks
 * a page is read into, and the page's metadata.  Private to web/.
 */
#ifndef SM_WEB_DOM_H
#define SM_WEB_DOM_H

#include "web/web.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* What a class or id word says about its element (models/web/classes.txt). */
enum {
    HINT_REMOVE = 1,
    HINT_KEEP = 2,
    HINT_NEGATIVE = 4,
    HINT_POSITIVE = 8
};

struct sm_web {
    sm_ctx *ctx;
    sm_intern hints;          /* word, or word followed by '*' for a prefix */
    SM_VEC(uint8_t) hint_bits; /* per hint id: HINT_* */
    uint32_t prefix_lens;     /* bit n: some prefix entry has n bytes (< 32) */
};

/* The HINT_* bits of one class or id attribute value. */
unsigned sm_web_hints(const sm_web *w, const char *value);

/* Kinds of text block. */
enum {
    BLOCK_TEXT = 0,  /* a paragraph, or text directly in a container */
    BLOCK_HEADING,
    BLOCK_ITEM,      /* a list item */
    BLOCK_QUOTE,
    BLOCK_PRE,
    BLOCK_CELL
};

/* An element that holds kept text, in document order (a parent always
 * comes before its children). */
typedef struct web_elem {
    uint32_t parent;      /* index, or NO_ELEM */
    uint32_t chars;       /* characters of kept text below it */
    uint32_t link_chars;  /* of which inside links */
    uint32_t commas;      /* commas of kept text below it */
    float score;          /* Readability's content score */
    uint32_t class_hash;  /* of its class attribute, 0 when it has none */
    int16_t weight;       /* class and id hints: -50 .. 50 */
    uint8_t tag;          /* TAG_* of html.c */
    uint8_t flags;        /* ELEM_* of html.c */
} web_elem;
#define NO_ELEM UINT32_MAX

typedef struct web_block {
    size_t start, len;    /* in the page's text buffer */
    uint32_t elem;        /* the innermost block element holding it */
    uint32_t chars, link_chars, commas, words, stopwords;
    uint8_t kind;         /* BLOCK_* */
    uint8_t level;        /* heading level 1-6 */
    bool keep;
    bool drop_later;      /* judged unlike prose (extract.c) */
} web_block;

/* Metadata fields; each remembers how trustworthy its source was, so a
 * published-time meta beats a <time> element wherever they stand. */
enum { META_TITLE, META_SOURCE, META_DATE, META_URL, META_AUTHOR, META_N };
typedef struct web_meta {
    char *f[META_N];
    int prio[META_N];
} web_meta;
/* Sets field f to value (trimmed; a date normalised to YYYY-MM-DD) when prio
 * beats what it holds. */
void sm_web_meta_set(web_meta *m, int f, const char *value, int prio);

void sm_web_meta_free(web_meta *m);
/* Reads metadata from one element of the page (meta, link, time, a JSON-LD
 * script); called for every element the walk meets. */
void sm_web_meta_element(web_meta *m, xmlNode *node);
/* Settles the metadata once the page is read: fallbacks (the <title>, a
 * date in the URL, the site's host as the outlet). */
void sm_web_meta_finish(web_meta *m, const char *doc_title);

/* Reads the article out of a parsed document and emits it with meta.  With
 * whole set (a feed item's content), every kept block is the article. */
bool sm_web_extract(sm_web *w, const char *label, xmlDoc *doc, bool whole,
                    web_meta *meta, const char *suffix, sm_web_emit_fn emit,
                    void *userdata);

#endif /* SM_WEB_DOM_H */
