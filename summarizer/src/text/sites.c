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
 * One pass keys and counts (an open-addressing table of 64-bit hashes), a
 * second recounts without the copies, a third compacts the sentences:
 * linear in the text.
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

/* Eight bytes are mixed at a time: every sentence of the input passes
 * here, and a multiply per byte was most of this file's time. */
uint64_t sm_site_key(uint64_t site, const unsigned char *fold, const char *s,
                     size_t n)
{
    uint64_t h = site ^ 0x9E3779B97F4A7C15ull, acc = 0;
    unsigned nb = 0;
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = fold[(unsigned char)s[i]];
        if (b == ' ') {
            space = true;
            continue;
        }
        if (space) {
            acc = acc << 8 | ' ';
            if (++nb == 8) {
                h = (h ^ acc) * 0xff51afd7ed558ccdull;
                h ^= h >> 29;
                acc = 0;
                nb = 0;
            }
            space = false;
        }
        acc = acc << 8 | b;
        if (++nb == 8) {
            h = (h ^ acc) * 0xff51afd7ed558ccdull;
            h ^= h >> 29;
            acc = 0;
            nb = 0;
        }
    }
    h = (h ^ acc ^ ((uint64_t)nb << 56)) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

typedef struct site_table {
    uint64_t *keys; /* 0 = empty */
    uint32_t *lastdoc; /* last document counted + 1 */
    uint32_t *ndocs;
    uint32_t *slot_of; /* sentence -> its slot */
    bool *site_known; /* slot -> whether its site is known */
    size_t mask;
} site_table;

static void site_table_free(void *p)
{
    site_table *t = p;
    free(t->keys);
    free(t->lastdoc);
    free(t->ndocs);
    free(t->slot_of);
    free(t->site_known);
    memset(t, 0, sizeof *t);
}

static uint32_t slot_for(site_table *t, uint64_t key)
{
    size_t i = (size_t)key & t->mask;
    while (t->keys[i] && t->keys[i] != key)
        i = (i + 1) & t->mask;
    t->keys[i] = key;
    return (uint32_t)i;
}

/* Counts, per slot, the documents (not copies) that hold its key. */
static void count_docs(const sm_corpus *c, site_table *t, const bool *copy)
{
    memset(t->lastdoc, 0, (t->mask + 1) * sizeof *t->lastdoc);
    memset(t->ndocs, 0, (t->mask + 1) * sizeof *t->ndocs);
    for (size_t i = 0; i < c->sents.n; i++) {
        uint32_t d = c->sents.v[i].doc, k = t->slot_of[i];
        if ((copy && copy[d]) || t->lastdoc[k] == d + 1)
            continue;
        t->lastdoc[k] = d + 1;
        t->ndocs[k]++;
    }
}

static bool is_template(const site_table *t, uint32_t k)
{
    return t->ndocs[k] >= (t->site_known[k] ? SITE_MIN_DOCS : UNKNOWN_MIN_DOCS);
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
            if (is_template(t, t->slot_of[i]))
                continue;
            c->sents.v[w] = c->sents.v[i];
            c->sents.v[w++].position = pos++;
        }
        doc->n_sentences = w - doc->first_sentence;
    }
    c->sents.n = w;
}

void sm_drop_site_templates(sm_corpus *c, const uint64_t *keys)
{
    size_t n = c->sents.n;
    if (c->docs.n < SITE_MIN_DOCS || n == 0)
        return;
    site_table t = {0};
    bool *copy = NULL;
    sm_cleanup c_t, c_copy;
    sm_cleanup_push(&c_t, site_table_free, &t);
    SM_CLEANUP_PTR(c_copy, copy);
    size_t cap = 16;
    while (cap < sm_mul(n, 2))
        cap *= 2;
    t.mask = cap - 1;
    t.keys = sm_xcalloc(cap, sizeof *t.keys);
    t.lastdoc = sm_xcalloc(cap, sizeof *t.lastdoc);
    t.ndocs = sm_xcalloc(cap, sizeof *t.ndocs);
    t.site_known = sm_xcalloc(cap, sizeof *t.site_known);
    t.slot_of = sm_xmalloc(sm_mul(n, sizeof *t.slot_of));
    copy = sm_xcalloc(c->docs.n, sizeof *copy);
    for (size_t d = 0; d < c->docs.n; d++) {
        const sm_doc *doc = &c->docs.v[d];
        bool known = sm_site_of(doc) != 0;
        for (size_t i = doc->first_sentence; i < doc->first_sentence + doc->n_sentences; i++) {
            uint32_t k = slot_for(&t, keys[i]);
            t.site_known[k] = known;
            t.slot_of[i] = k;
        }
    }
    count_docs(c, &t, NULL);
    bool any = false;
    for (size_t d = 0; d < c->docs.n; d++) {
        const sm_doc *doc = &c->docs.v[d];
        size_t rec = 0;
        for (size_t i = doc->first_sentence; i < doc->first_sentence + doc->n_sentences; i++)
            rec += is_template(&t, t.slot_of[i]);
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
