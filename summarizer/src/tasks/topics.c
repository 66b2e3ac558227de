/*
 * topics.c: topic profiles and the relevance of a sentence to each topic.
 *
 * A topic profile is one plain-text UTF-8 file, models/topics/<id>.topic by
 * default (sm_topics_load reads every *.topic file of a directory, sorted by
 * name, so a user adds a topic by adding a file).  One "key: value" per line;
 * '#' at the start of a line or after a blank starts a comment that runs to
 * the end of the line ("C#" is a word, "x # note" a comment); blank lines
 * are ignored, and so is a byte-order mark at the start of the file:
 *
 *   id: aid                       required, once; [a-z0-9_-], unique across files
 *   title: Aid to Ukraine         required, once; shown as the briefing heading
 *   description: free text        optional, once; documentation only
 *   threshold: 1.0                optional, once; minimum relevance (default 1)
 *   term: 2 leopard               a weighted word or phrase; the weight is a
 *   term: 1.5 security assistance number in (0, 100]; repeatable
 *   exclude: football             a sentence containing this word or phrase is
 *                                 not relevant to the topic; repeatable
 *
 * Words and phrases go through the same pipeline as the text (sm_terms:
 * lower-cased, stemmed), so "tanks" matches "tank" and "Tanks".  Their terms
 * are interned in the topics' own vocabulary, not the context's, so one set
 * of topics serves any number of corpora: a corpus's term ids are mapped to
 * the topics' ones (by the stemmed string) when its sentences are scored.  A phrase
 * matches its words in order with nothing between them (stopwords count, so
 * "no limits" does not match "limits").  A one-word term may not be a
 * stopword.  Anything else (an unknown key, a missing id or title, a bad
 * weight, an id used by two files) is SM_ERR_FORMAT with "file:line: problem".
 *
 * Relevance (sm_topics_relevance): a sentence's score for a topic is
 *
 *     sum over the topic's terms present in it of  weight * sqrt(1 + ln(N/df))
 *     ------------------------------------------------------------------------
 *                      sqrt(max(content words, 8))
 *
 * where N is the number of sentences scored together and df how many of them
 * contain the term: a term found everywhere counts its weight, a rare one up
 * to ~2.5 times it.  Each term counts once per sentence, so repeating a word
 * does not make a sentence more relevant; the square root of the length keeps
 * long sentences from winning by size alone without favouring fragments (the
 * floor of 8).  An exclude term sets the score to 0.
 */
#include "tasks/tasks.h"

#include <setjmp.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A topic's threshold when its file gives none (summarizer-topic(5)): one
 * full-weight term in a sentence of LENGTH_FLOOR terms or fewer, set by
 * hand with the first profiles of models/topics on the bundled corpus. */
#define DEFAULT_THRESHOLD 1.0
/* Relevance is divided by the square root of a sentence's length in terms,
 * counted as at least this many: without a floor a two-word fragment that
 * names the topic outranks every real sentence.  Set by hand on the
 * bundled corpus (about the length of a short news sentence's content
 * terms). */
#define LENGTH_FLOOR 8.0
/* A sentence is about a topic only when its document is: one word a
 * profile shares with every other subject ("talks", "leaders", "court",
 * "million") must not take a page about anything into a briefing.  The
 * document must contain a key term of the profile (weight at least
 * KEY_SHARE of its heaviest: "xi", "leopard", "warrant", the words the
 * author weighted as the topic's own) and distinct terms weighing at least
 * DOC_MIN_SHARE of all the profile's weights.  Measured with the shipped
 * profiles: the bundled corpus's articles that their briefings quote have
 * shares of 0.20 (a live blog's ICC paragraphs) to 0.86; of the 130 pages
 * of ../shared/eval/pages/readability (none about these topics), 11 pages
 * have a key term and their shares are at most 0.13, except one report on
 * the ICC itself (0.25). */
#define KEY_SHARE (2.0 / 3.0)
#define DOC_MIN_SHARE 0.16
/* What a document holds for a topic (doc_evidence). */
enum { EV_KEY = 1, EV_PAIR = 2 };

typedef struct topic_term {
    uint32_t *ids; /* term ids of the word or phrase, in order */
    size_t n;
    double weight; /* 0 for an exclude */
    bool exclude;
} topic_term;

typedef struct topic {
    char *id, *title, *description, *file;
    double threshold;
    double total_weight, max_weight; /* of its terms, excludes aside */
    SM_VEC(topic_term) terms; /* terms and excludes */
} topic;

/* Lookup from the first term id of a word or phrase to (topic, term). */
typedef struct first_entry {
    uint32_t first;
    uint32_t topic, term;
} first_entry;

struct sm_topics {
    sm_ctx *ctx;
    sm_vocab vocab; /* the terms of every topic; ids below are into it */
    SM_VEC(topic) v;
    SM_VEC(first_entry) index; /* sorted by first */
};

/* ---- loading ---------------------------------------------------------- */

static void topic_free(topic *tp)
{
    for (size_t i = 0; i < tp->terms.n; i++)
        free(tp->terms.v[i].ids);
    SM_FREEVEC(tp->terms);
    free(tp->id);
    free(tp->title);
    free(tp->description);
    free(tp->file);
}

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' ||
           ch == '\v';
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && is_blank((*s)[*n - 1]))
        (*n)--;
}

static bool valid_id(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '-' || ch == '_'))
            return false;
    }
    return true;
}

/* Length of the line before its comment: a '#' at its start or after a
 * blank. */
static size_t comment_start(const char *line, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (line[i] == '#' && (i == 0 || is_blank(line[i - 1])))
            return i;
    return n;
}

/* Turns a word or phrase into term ids.  A single word is looked up as the
 * text's terms are (stopwords dropped); a phrase keeps its stopwords so that
 * "no limits" means those two words.  Returns false when nothing indexable is
 * left (a stopword, punctuation). */
static bool phrase_terms(sm_ctx *ctx, sm_vocab *vocab, const char *s, size_t n,
                         topic_term *out)
{
    sm_u32vec content = {0}, all = {0};
    sm_cleanup c_content, c_all;
    SM_CLEANUP_VEC(c_content, content);
    SM_CLEANUP_VEC(c_all, all);
    sm_terms(ctx, vocab, s, n, false, &content);
    sm_terms(ctx, vocab, s, n, true, &all);
    bool ok = content.n > 0;
    if (ok) {
        sm_u32vec *use = all.n > 1 ? &all : &content;
        out->n = use->n;
        out->ids = sm_xmalloc(sm_mul(use->n, sizeof *out->ids));
        memcpy(out->ids, use->v, use->n * sizeof *out->ids);
    }
    sm_cleanup_run(&c_all);
    sm_cleanup_run(&c_content);
    return ok;
}

/* The value of a 'threshold:' line, at most one per profile. */
static sm_status parse_threshold(sm_ctx *ctx, const char *path, size_t lineno,
                                 const char *val, size_t vallen,
                                 bool *have_threshold, topic *tp)
{
    char *num = sm_xstrndup(val, vallen), *end;
    errno = 0;
    double th = sm_strtod(num, &end);
    bool bad = errno || *end || !isfinite(th) || th < 0 || *have_threshold;
    free(num);
    if (bad)
        return sm_fail(ctx, SM_ERR_FORMAT,
                       "%s:%zu: threshold '%.*s' is not a single "
                       "number >= 0",
                       path, lineno, (int)vallen, val);
    tp->threshold = th;
    *have_threshold = true;
    return SM_OK;
}

/* A 'term: <weight> <word or phrase>' or 'exclude: <word or phrase>' line,
 * added to tp's terms (and weights). */
static sm_status parse_term(sm_ctx *ctx, sm_vocab *vocab, const char *path,
                            size_t lineno, const char *val, size_t vallen,
                            bool exclude, topic *tp)
{
    topic_term tt = {0};
    tt.exclude = exclude;
    const char *phrase = val;
    size_t plen = vallen;
    if (!tt.exclude) {
        size_t wlen = 0;
        while (wlen < vallen && !is_blank(val[wlen]))
            wlen++;
        char *num = sm_xstrndup(val, wlen), *end;
        errno = 0;
        double w = sm_strtod(num, &end);
        bool bad = errno || *end || end == num || !isfinite(w) ||
                   w <= 0 || w > 100;
        free(num);
        if (bad)
            return sm_fail(ctx, SM_ERR_FORMAT,
                           "%s:%zu: bad weight '%.*s' (want 'term: "
                           "<weight in (0, 100]> <word or phrase>')",
                           path, lineno, (int)wlen, val);
        tt.weight = w;
        phrase = val + wlen;
        plen = vallen - wlen;
        trim(&phrase, &plen);
        if (plen == 0)
            return sm_fail(ctx, SM_ERR_FORMAT,
                           "%s:%zu: term has a weight but no word",
                           path, lineno);
    }
    /* Room first, so the term's ids are never held by tt alone when memory
     * runs out. */
    SM_RESERVE(tp->terms, tp->terms.n + 1);
    if (!phrase_terms(ctx, vocab, phrase, plen, &tt))
        return sm_fail(ctx, SM_ERR_FORMAT,
                       "%s:%zu: '%.*s' has no word that can be matched "
                       "(a stopword or punctuation)",
                       path, lineno, (int)plen, phrase);
    SM_PUSH(tp->terms, tt);
    if (!tt.exclude) {
        tp->total_weight += tt.weight;
        if (tt.weight > tp->max_weight)
            tp->max_weight = tt.weight;
    }
    return SM_OK;
}

/* A parsed profile needs an id, a title and a term that is not an
 * exclusion; lineno is the file's last line, for the message. */
static sm_status check_complete(sm_ctx *ctx, const char *path, size_t lineno,
                                const topic *tp)
{
    if (!tp->id)
        return sm_fail(ctx, SM_ERR_FORMAT, "%s:%zu: no 'id:' line", path,
                       lineno);
    if (!tp->title)
        return sm_fail(ctx, SM_ERR_FORMAT, "%s:%zu: no 'title:' line", path,
                       lineno);
    bool any = false;
    for (size_t i = 0; i < tp->terms.n; i++)
        any |= !tp->terms.v[i].exclude;
    if (!any)
        return sm_fail(ctx, SM_ERR_FORMAT, "%s:%zu: no 'term:' line", path,
                       lineno);
    return SM_OK;
}

/* Parses one profile into tp.  On error records "file:line: problem" in the
 * context and returns SM_ERR_FORMAT. */
static sm_status parse_topic(sm_ctx *ctx, sm_vocab *vocab, const char *path,
                             const char *text, size_t len, topic *tp)
{
    size_t lineno = 0, pos = 0;
    tp->threshold = DEFAULT_THRESHOLD;
    bool have_threshold = false;
    while (pos < len) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        if (lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            n -= 3;
        }
        n = comment_start(line, n);
        trim(&line, &n);
        if (n == 0)
            continue;
        const char *colon = memchr(line, ':', n);
        if (!colon)
            return sm_fail(ctx, SM_ERR_FORMAT,
                           "%s:%zu: expected 'key: value'", path, lineno);
        const char *key = line;
        size_t keylen = (size_t)(colon - line);
        trim(&key, &keylen);
        const char *val = colon + 1;
        size_t vallen = (size_t)(line + n - val);
        trim(&val, &vallen);
#define KEY(k) (keylen == sizeof(k) - 1 && memcmp(key, k, keylen) == 0)
        if (vallen == 0)
            return sm_fail(ctx, SM_ERR_FORMAT, "%s:%zu: '%.*s' has no value",
                           path, lineno, (int)keylen, key);
        sm_status st = SM_OK;
        if (KEY("id")) {
            if (tp->id)
                return sm_fail(ctx, SM_ERR_FORMAT, "%s:%zu: a second 'id'",
                               path, lineno);
            if (!valid_id(val, vallen))
                return sm_fail(ctx, SM_ERR_FORMAT,
                               "%s:%zu: id '%.*s' is not 1-64 of a-z, 0-9, "
                               "'-', '_'",
                               path, lineno, (int)vallen, val);
            tp->id = sm_xstrndup(val, vallen);
        } else if (KEY("title")) {
            if (tp->title)
                return sm_fail(ctx, SM_ERR_FORMAT, "%s:%zu: a second 'title'",
                               path, lineno);
            tp->title = sm_xstrndup(val, vallen);
        } else if (KEY("description")) {
            if (tp->description)
                return sm_fail(ctx, SM_ERR_FORMAT,
                               "%s:%zu: a second 'description'", path, lineno);
            tp->description = sm_xstrndup(val, vallen);
        } else if (KEY("threshold")) {
            st = parse_threshold(ctx, path, lineno, val, vallen,
                                 &have_threshold, tp);
        } else if (KEY("term") || KEY("exclude")) {
            st = parse_term(ctx, vocab, path, lineno, val, vallen,
                            KEY("exclude"), tp);
        } else {
            return sm_fail(ctx, SM_ERR_FORMAT,
                           "%s:%zu: unknown key '%.*s' (known: id, title, "
                           "description, threshold, term, exclude)",
                           path, lineno, (int)keylen, key);
        }
#undef KEY
        if (st != SM_OK)
            return st;
    }
    return check_complete(ctx, path, lineno, tp);
}

static void close_file(void *f)
{
    fclose(f);
}

static sm_status read_all(sm_ctx *ctx, const char *path, char **out,
                          size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sm_fail(ctx, SM_ERR_IO, "%s: %s", path, strerror(errno));
    sm_buf b = {0};
    sm_cleanup c_f, c_b;
    sm_cleanup_push(&c_f, close_file, f);
    SM_CLEANUP_BUF(c_b, b);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sm_buf_add(&b, chunk, got);
    bool err = ferror(f);
    sm_cleanup_run(&c_f);
    if (err) {
        sm_cleanup_run(&c_b);
        return sm_fail(ctx, SM_ERR_IO, "%s: read error", path);
    }
    if (!b.s)
        sm_buf_add(&b, "", 0);
    sm_cleanup_pop(&c_b);
    *out = b.s;
    *len = b.len;
    return SM_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_first(const void *a, const void *b)
{
    const first_entry *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->topic != y->topic)
        return x->topic < y->topic ? -1 : 1;
    return x->term < y->term ? -1 : (x->term > y->term);
}

static void build_index(sm_topics *t)
{
    for (size_t i = 0; i < t->v.n; i++)
        for (size_t j = 0; j < t->v.v[i].terms.n; j++) {
            first_entry e = {t->v.v[i].terms.v[j].ids[0], (uint32_t)i,
                             (uint32_t)j};
            SM_PUSH(t->index, e);
        }
    if (t->index.n)
        qsort(t->index.v, t->index.n, sizeof *t->index.v, cmp_first);
}

/* What loading holds while it runs; freed by load_run_free, also when
 * memory runs out half-way. */
typedef struct load_run {
    sm_topics *t;
    SM_VEC(char *) names;
    sm_buf defdir, path;
    char *text;
    topic tp;
    DIR *d;
} load_run;

static void load_run_free(void *p)
{
    load_run *r = p;
    sm_topics_free(r->t);
    for (size_t i = 0; i < r->names.n; i++)
        free(r->names.v[i]);
    SM_FREEVEC(r->names);
    sm_buf_free(&r->defdir);
    sm_buf_free(&r->path);
    free(r->text);
    topic_free(&r->tp);
    if (r->d)
        closedir(r->d);
    memset(r, 0, sizeof *r);
}

/* Lists the *.topic files of dir into r->names, sorted. */
static sm_status list_topics(sm_ctx *ctx, load_run *r, const char *dir)
{
    r->d = opendir(dir);
    if (!r->d)
        return sm_fail(ctx, SM_ERR_IO, "%s: %s", dir, strerror(errno));
    struct dirent *e;
    while ((e = readdir(r->d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 6 && e->d_name[0] != '.' &&
            strcmp(e->d_name + n - 6, ".topic") == 0) {
            SM_RESERVE(r->names, r->names.n + 1);
            char *name = sm_xstrdup(e->d_name);
            r->names.v[r->names.n++] = name;
        }
    }
    closedir(r->d);
    r->d = NULL;
    /* No profile at all is a set of no topics (a digest may still
     * discover stories). */
    if (r->names.n)
        qsort(r->names.v, r->names.n, sizeof *r->names.v, cmp_str);
    return SM_OK;
}

/* Reads and parses r->path into r->t. */
static sm_status load_one(sm_ctx *ctx, load_run *r)
{
    sm_topics *t = r->t;
    size_t len = 0;
    sm_status st = read_all(ctx, r->path.s, &r->text, &len);
    if (st != SM_OK)
        return st;
    memset(&r->tp, 0, sizeof r->tp);
    st = parse_topic(ctx, &t->vocab, r->path.s, r->text, len, &r->tp);
    for (size_t k = 0; st == SM_OK && k < t->v.n; k++)
        if (strcmp(t->v.v[k].id, r->tp.id) == 0)
            st = sm_fail(ctx, SM_ERR_FORMAT,
                         "%s:1: duplicate topic id '%s' (also in %s)",
                         r->path.s, r->tp.id, t->v.v[k].file);
    if (st == SM_OK) {
        SM_RESERVE(t->v, t->v.n + 1);
        r->tp.file = sm_xstrdup(r->path.s);
        t->v.v[t->v.n++] = r->tp;
        memset(&r->tp, 0, sizeof r->tp);
    }
    return st;
}

static sm_status topics_load(sm_ctx *ctx, const char *dir, sm_topics **out)
{
    *out = NULL;
    load_run r = {0};
    sm_cleanup c_run;
    sm_cleanup_push(&c_run, load_run_free, &r);
    if (!dir) {
        sm_buf_printf(&r.defdir, "%s/topics", ctx->models_dir);
        dir = r.defdir.s;
    }
    r.t = sm_xcalloc(1, sizeof *r.t);
    r.t->ctx = ctx;
    sm_status st = list_topics(ctx, &r, dir);
    for (size_t i = 0; i < r.names.n && st == SM_OK; i++) {
        r.path.len = 0;
        sm_buf_printf(&r.path, "%s/%s", dir, r.names.v[i]);
        st = load_one(ctx, &r);
        free(r.text);
        r.text = NULL;
    }
    if (st == SM_OK) {
        build_index(r.t);
        sm_vocab_freeze(&r.t->vocab);
        *out = r.t;
        r.t = NULL;
    }
    sm_cleanup_run(&c_run);
    return st;
}

sm_status sm_topics_load(sm_ctx *ctx, const char *dir, sm_topics **out)
{
    sm_status st;
    *out = NULL;
    SM_GUARDED(st, topics_load(ctx, dir, out), (void)0);
    return st == SM_ERR_NOMEM ? sm_nomem(ctx) : st;
}

void sm_topics_free(sm_topics *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->v.n; i++)
        topic_free(&t->v.v[i]);
    SM_FREEVEC(t->v);
    SM_FREEVEC(t->index);
    sm_vocab_free(&t->vocab);
    free(t);
}

size_t sm_topics_count(const sm_topics *t)
{
    return t ? t->v.n : 0;
}

const char *sm_topics_id(const sm_topics *t, size_t i)
{
    return t && i < t->v.n ? t->v.v[i].id : NULL;
}

const char *sm_topics_title(const sm_topics *t, size_t i)
{
    return t && i < t->v.n ? t->v.v[i].title : NULL;
}

double sm_topics_threshold(const sm_topics *t, size_t i)
{
    return t && i < t->v.n ? t->v.v[i].threshold : DEFAULT_THRESHOLD;
}

sm_ctx *sm_topics_ctx(const sm_topics *t)
{
    return t ? t->ctx : NULL;
}

/* ---- relevance -------------------------------------------------------- */

/* First index entry whose first term id is `id`, or t->index.n. */
static size_t index_lower(const sm_topics *t, uint32_t id)
{
    size_t lo = 0, hi = t->index.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->index.v[mid].first < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Marks in `hit` (one flag per index entry) the words and phrases present in
 * the term sequence seq[0..n). */
static void match_terms(const sm_topics *t, const uint32_t *seq, size_t n,
                        unsigned char *hit)
{
    for (size_t p = 0; p < n; p++) {
        for (size_t k = index_lower(t, seq[p]);
             k < t->index.n && t->index.v[k].first == seq[p]; k++) {
            if (hit[k])
                continue;
            const topic_term *tt =
                &t->v.v[t->index.v[k].topic].terms.v[t->index.v[k].term];
            if (tt->n > n - p)
                continue;
            size_t m = 1;
            while (m < tt->n && tt->ids[m] == seq[p + m])
                m++;
            if (m == tt->n)
                hit[k] = 1;
        }
    }
}

/* For each term id of c, the topics' id of the same term, or UINT32_MAX
 * when no topic has it.  The caller frees it. */
static uint32_t *map_terms(const sm_topics *t, const sm_corpus *c)
{
    size_t nc = c->vocab.terms.strs.n;
    uint32_t *map = sm_xmalloc(sm_mul(nc ? nc : 1, sizeof *map));
    memset(map, 0xFF, (nc ? nc : 1) * sizeof *map);
    const sm_intern *tt = &t->vocab.terms;
    for (size_t k = 0; k < tt->strs.n; k++) {
        uint32_t id = sm_intern_find(&c->vocab.terms, tt->strs.v[k], tt->lens.v[k]);
        if (id != UINT32_MAX)
            map[id] = (uint32_t)k;
    }
    return map;
}

/* What each document of the scored sentences says for each topic: the
 * summed weights (ev[d * nt + topic]) of the distinct words and phrases of
 * the profile it contains, excludes aside, and how many of them are key
 * terms (nev; weight at least KEY_SHARE of the profile's heaviest).  The
 * sentences are visited grouped by document (a counting sort), so a
 * word's last document tells whether it was counted. */
static void doc_evidence(const sm_topics *t, const sm_corpus *c,
                         const uint32_t *ids, size_t n,
                         const unsigned char *hits, double *ev, uint32_t *nev)
{
    size_t nd = c->docs.n, nt = t->v.n, ni = t->index.n;
    size_t *start = NULL;
    uint32_t *order = NULL, *last = NULL, *skeys = NULL;
    sm_cleanup c_start, c_order, c_last, c_skeys;
    SM_CLEANUP_PTR(c_start, start);
    SM_CLEANUP_PTR(c_order, order);
    SM_CLEANUP_PTR(c_last, last);
    SM_CLEANUP_PTR(c_skeys, skeys);
    start = sm_xcalloc(nd + 1, sizeof *start);
    order = sm_xmalloc(sm_mul(n, sizeof *order));
    last = sm_xcalloc(ni, sizeof *last);
    skeys = sm_xcalloc(nt, sizeof *skeys);
    for (size_t i = 0; i < n; i++)
        start[c->sents.v[ids[i]].doc + 1]++;
    for (size_t d = 0; d < nd; d++)
        start[d + 1] += start[d];
    for (size_t i = 0; i < n; i++)
        order[start[c->sents.v[ids[i]].doc]++] = (uint32_t)i;
    for (size_t j = 0; j < n; j++) {
        size_t i = order[j];
        uint32_t d = c->sents.v[ids[i]].doc;
        memset(skeys, 0, nt * sizeof *skeys);
        for (size_t k = 0; k < ni; k++) {
            if (!hits[i * ni + k])
                continue;
            const first_entry *e = &t->index.v[k];
            const topic_term *tt = &t->v.v[e->topic].terms.v[e->term];
            if (tt->exclude)
                continue;
            bool key = tt->weight >= KEY_SHARE * t->v.v[e->topic].max_weight;
            skeys[e->topic] += key;
            if (last[k] == d + 1)
                continue;
            last[k] = d + 1;
            ev[(size_t)d * nt + e->topic] += tt->weight;
            if (key)
                nev[(size_t)d * nt + e->topic] |= EV_KEY;
        }
        for (size_t k = 0; k < nt; k++)
            if (skeys[k] >= 2)
                nev[(size_t)d * nt + k] |= EV_PAIR;
    }
    sm_cleanup_run(&c_skeys);
    sm_cleanup_run(&c_last);
    sm_cleanup_run(&c_order);
    sm_cleanup_run(&c_start);
}

void sm_topics_relevance(const sm_topics *t, sm_corpus *c, const uint32_t *ids,
                         size_t n, double *rel)
{
    size_t nt = t->v.n, ni = t->index.n;
    for (size_t i = 0; i < n * nt; i++)
        rel[i] = 0;
    if (n == 0 || ni == 0)
        return;
    /* Pass 1: which words and phrases each sentence contains. */
    unsigned char *hits = NULL;
    size_t *df = NULL, *length = NULL;
    uint32_t *map = NULL;
    sm_u32vec seq = {0};
    sm_cleanup c_hits, c_df, c_length, c_map, c_seq;
    SM_CLEANUP_PTR(c_hits, hits);
    SM_CLEANUP_PTR(c_df, df);
    SM_CLEANUP_PTR(c_length, length);
    SM_CLEANUP_PTR(c_map, map);
    SM_CLEANUP_VEC(c_seq, seq);
    hits = sm_xcalloc(n, ni);
    df = sm_xcalloc(ni, sizeof *df);
    length = sm_xcalloc(n, sizeof *length);
    map = map_terms(t, c);
    size_t nmap = c->vocab.terms.strs.n;
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        seq.n = 0;
        sm_terms(c->ctx, &c->vocab, s->text, s->len, true, &seq);
        /* Into the topics' ids; a term no topic has matches nothing. */
        for (size_t k = 0; k < seq.n; k++)
            seq.v[k] = seq.v[k] < nmap ? map[seq.v[k]] : UINT32_MAX;
        /* A phrase keeps its stopwords but a one-word term never is one, so
         * one sequence with stopwords serves both. */
        match_terms(t, seq.v, seq.n, hits + i * ni);
        for (size_t k = 0; k < ni; k++)
            df[k] += hits[i * ni + k];
        length[i] = s->nterms ? s->nterms : seq.n;
    }
    sm_cleanup_run(&c_seq);
    sm_cleanup_run(&c_map);
    double *ev = NULL;
    uint32_t *nev = NULL;
    sm_cleanup c_ev, c_nev;
    SM_CLEANUP_PTR(c_ev, ev);
    SM_CLEANUP_PTR(c_nev, nev);
    ev = sm_xcalloc(sm_mul(c->docs.n ? c->docs.n : 1, nt), sizeof *ev);
    nev = sm_xcalloc(sm_mul(c->docs.n ? c->docs.n : 1, nt), sizeof *nev);
    doc_evidence(t, c, ids, n, hits, ev, nev);
    /* Pass 2: the weighted, length-normalised sum, for the documents
     * about the topic. */
    for (size_t i = 0; i < n; i++) {
        const double *dev = ev + (size_t)c->sents.v[ids[i]].doc * nt;
        const uint32_t *dkey = nev + (size_t)c->sents.v[ids[i]].doc * nt;
        double norm = sqrt(length[i] > LENGTH_FLOOR ? (double)length[i]
                                                    : LENGTH_FLOOR);
        for (size_t k = 0; k < ni; k++) {
            if (!hits[i * ni + k])
                continue;
            const first_entry *e = &t->index.v[k];
            const topic_term *tt = &t->v.v[e->topic].terms.v[e->term];
            double *r = &rel[i * nt + e->topic];
            if (!(dkey[e->topic] & EV_KEY) ||
                (!(dkey[e->topic] & EV_PAIR) &&
                 dev[e->topic] < DOC_MIN_SHARE * t->v.v[e->topic].total_weight))
                continue;
            if (tt->exclude) {
                *r = -INFINITY;
                continue;
            }
            if (*r == -INFINITY)
                continue;
            double idf = sqrt(1.0 + log((double)n / (double)df[k]));
            *r += tt->weight * idf / norm;
        }
        for (size_t k = 0; k < nt; k++)
            if (rel[i * nt + k] < 0)
                rel[i * nt + k] = 0;
    }
    sm_cleanup_run(&c_nev);
    sm_cleanup_run(&c_ev);
    sm_cleanup_run(&c_length);
    sm_cleanup_run(&c_df);
    sm_cleanup_run(&c_hits);
}
