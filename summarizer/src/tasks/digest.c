/*
 * digest.c: a briefing per topic from a prepared corpus, each fact once and
 * every sentence attributed.
 *
 * 1. The pool: the sentences of the documents in the period (all, or those
 *    dated opts->date).  Eligible are those that stand alone: not a heading,
 *    not dangling (standalone.c: an opening pronoun or connective, a
 *    trailing colon, a quotation cut in half), not a question, at least
 *    MIN_WORDS words, no first person outside quotation marks (a quote
 *    printed without its marks), no picture caption or credit.  A short
 *    sentence that only names nothing stays when its topic's terms carry
 *    it (drop_nameless).
 * 2. Relevance to every topic (topics.c).  A sentence goes to the one topic
 *    it is most relevant to, if that relevance reaches the topic's
 *    threshold, so no sentence is in two briefings and a topic with little
 *    material gets a short briefing rather than filler.
 * 3. Within a topic, biased TextRank (Otterbacher et al. 2005): PageRank on
 *    the similarity graph of the topic's candidates with the teleport vector
 *    proportional to relevance (sm_rank).  The graph's similarity is BM25's
 *    cosine by default (DEFAULT_SIMILARITY), not TextRank's word overlap.
 *    The score is
 *        n * pagerank * sqrt(relevance / max relevance) * corroboration
 *    with corroboration = 1 + CORROBORATION * (other documents carrying the
 *    fact): a fact three outlets reported outranks one only one had.  Another
 *    document carries the fact when the same-fact rule says so
 *    (sm_facts_corroborate), except by names alone without a word in common
 *    beyond them: every report of a meeting names the same four people.
 * 4. Each fact once.  Two sentences report the same fact when their texts
 *    are identical, their tf-idf cosine reaches SM_MAX_SIM (a near-verbatim
 *    repeat), or, from the same day (or a day unknown), it reaches
 *    SM_SAME_FACT_COS or they share the names and a figure or day that make
 *    the fact (rank/facts.c): a paraphrase in another outlet.  Two
 *    sentences naming different weekdays and none in common are two
 *    events (sm_facts_tell_weekdays).  Choice is greedy,
 *    MMR-style (Carbonell & Goldstein 1998): sm_select picks the best
 *    candidate that still fits the budget (score ^ SCORE_EXP per word); the
 *    sentence
 *    printed for its fact is the candidate reporting that fact that tells
 *    most of what the fact's candidates tell, per word (representative());
 *    every candidate reporting that fact leaves the race, and the others'
 *    scores are scaled by
 *    (1 - their highest cosine with a chosen sentence), so a briefing
 *    prefers a new fact to a closer look at one it has.  Facts an earlier
 *    topic's briefing told are removed first.  The sentence kept names in
 *    also_in every other document of the period reporting its fact.
 * 5. A briefing is ordered by date, then document, then position.
 */
#include "tasks/tasks.h"

#include <setjmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WORDS 120
/* Every candidate of a topic names the topic's actors ("Xi", "Putin",
 * "Chinese", "Russian"): TextRank's similarity counts each shared word
 * alike, so a sentence naming only them is linked to all the others and
 * becomes central ("As Xi's words were translated into Russian, Putin
 * looked his Chinese counterpart in the eye and smiled briefly", ranked
 * above the talks' length or the phone call).  BM25's cosine weighs a
 * shared word by its idf, so shared names count little and shared content
 * much.  On the bundled corpus (tests/fixtures/facts/digest_facts.txt):
 * 16 of 23 facts against 15 (the colour sentence leaves, the 2025 phone
 * call and Moscow's criminal case against the ICC judges come in, the
 * justice ministers go); with SCORE_EXP 0.5-1 it covers 15.  Summaries
 * keep TextRank (sm_summary_opts_init). */
#define DEFAULT_SIMILARITY SM_SIM_BM25
#define MIN_WORDS 5
#define CORROBORATION 0.25
/* Centrality has diminishing returns: a topic's hub sentence (the one that
 * shares the topic's words with every other) ranks several times above a
 * report of one detail, and per word that gap decides the briefing.  The
 * exponent narrows it without changing the order of the candidates.  On
 * the bundled corpus (tests/fixtures/facts/digest_facts.txt,
 * build/test_facts) with TextRank's similarity and without the names-only
 * corroboration that had multiplied one sentence's score by 1.5 (a false
 * "also in"), the score itself (1.0) covers 14 of the 23 expected facts,
 * 0.6 to 0.8 cover 15, 0.5 and 0.9 cover 14; with BM25's (the default,
 * DEFAULT_SIMILARITY) 1.0, 0.85, 0.6 and 0.5 cover 15, 0.7 covers 16. */
#define SCORE_EXP 0.7
/* A heading (no terminal punctuation) corroborates a fact only with at
 * least this many words: a headline does ("Xi and Putin meet in Moscow as
 * Russia's war in Ukraine continues"), menu entries, share bars and section
 * names ("World news", "Share on Facebook") are shorter. */
#define HEADLINE_WORDS 8
/* Past this many sentences a term is not followed in the same-fact search. */
#define MAX_FACT_POSTING 1000

void sm_digest_opts_init(sm_digest_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->words = DEFAULT_WORDS;
    opts->similarity = DEFAULT_SIMILARITY;
}

/* ---- sentences that cannot stand alone -------------------------------- */

/* What the eligibility tests look up in models/<lang>/standalone.txt,
 * found once per digest instead of once per sentence: the picture and
 * embed marks ('$' entries: a few of hundreds), and for the first-person
 * words ('*' entries) the longest and their first letters, so a word that
 * cannot be one is not looked up. */
typedef struct judge_lists {
    SM_VEC(const char *) marks; /* '$' entries, without the '$' */
    size_t person_max;          /* longest '*' entry, '*' included */
    uint64_t person_first[4];   /* bit b: a '*' entry's word opens with b */
    sm_buf w;                   /* the word being looked up */
} judge_lists;

static void judge_lists_free(void *p)
{
    judge_lists *j = p;
    SM_FREEVEC(j->marks);
    sm_buf_free(&j->w);
}

static void judge_lists_make(const sm_ctx *ctx, judge_lists *j)
{
    const sm_intern *set = &ctx->standalone.set;
    for (size_t k = 0; k < set->strs.n; k++) {
        const char *e = set->strs.v[k];
        if (e[0] == '$' && e[1])
            SM_PUSH(j->marks, e + 1);
        if (e[0] == '*' && e[1]) {
            unsigned char b = (unsigned char)e[1];
            j->person_first[b >> 6] |= 1ull << (b & 63);
            if (set->lens.v[k] > j->person_max)
                j->person_max = set->lens.v[k];
        }
    }
}

/* A first-person word outside quotation marks: a quotation printed without
 * its marks (a block quote, a tweet), whose speaker is in another sentence.
 * "US" is the country, so only lower-case "us" counts. */
static bool unquoted_first_person(const sm_ctx *ctx, judge_lists *j,
                                  const char *s, size_t n)
{
    bool straight = false;
    int curly = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"') {
            straight = !straight;
            continue;
        }
        if (ch == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            if ((unsigned char)s[i + 2] == 0x9C)
                curly++;
            else if ((unsigned char)s[i + 2] == 0x9D && curly > 0)
                curly--;
            i += 2;
            continue;
        }
        if (straight || curly || !((ch | 32) >= 'a' && (ch | 32) <= 'z') ||
            (i > 0 && ((s[i - 1] | 32) >= 'a' && (s[i - 1] | 32) <= 'z')))
            continue;
        /* A word as written, looked up with the list's '*' marker
         * (models/<lang>/standalone.txt) when it can be an entry. */
        size_t e = i;
        while (e < n && (((s[e] | 32) >= 'a' && (s[e] | 32) <= 'z')))
            e++;
        if (e - i + 1 <= j->person_max &&
            (j->person_first[ch >> 6] >> (ch & 63) & 1)) {
            j->w.len = 0;
            sm_buf_addc(&j->w, '*');
            sm_buf_add(&j->w, s + i, e - i);
            if (sm_wordset_has(&ctx->standalone, j->w.s, j->w.len))
                return true;
        }
        i = e - 1;
    }
    return false;
}

static bool contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (k == 0)
        return true;
    const char *p = s, *end = s + n;
    while ((size_t)(end - p) >= k &&
           (p = memchr(p, needle[0], (size_t)(end - p) - k + 1)) != NULL) {
        if (memcmp(p, needle, k) == 0)
            return true;
        p++;
    }
    return false;
}

/* Picture furniture that line cleaning may let through: captions (a page
 * prints a caption twice, as alt text and below the picture, so a sentence
 * repeated at once is one), credits glued to text, image and tweet links. */
static bool picture_furniture(const sm_corpus *c, const judge_lists *j,
                              size_t i)
{
    const sm_sent *s = &c->sents.v[i];
    if (sm_credit_inline(c->ctx, s->text, s->len))
        return true; /* a credit glued to text (credits.c) */
    /* Picture and embed marks: the '$' entries of
     * models/<lang>/standalone.txt, as written. */
    for (size_t k = 0; k < j->marks.n; k++)
        if (contains(s->text, s->len, j->marks.v[k]))
            return true;
    for (size_t t = i ? i - 1 : i; t <= i + 1 && t < c->sents.n; t++) {
        const sm_sent *o = &c->sents.v[t];
        if (t != i && o->doc == s->doc && o->len == s->len &&
            memcmp(o->text, s->text, s->len) == 0)
            return true;
    }
    /* A caption is followed by its credit: "Photograph: AP", "(Susan
     * Walsh/AP)" (credits.c). */
    if (i + 1 < c->sents.n && c->sents.v[i + 1].doc == s->doc) {
        const sm_sent *t = &c->sents.v[i + 1];
        if (sm_credit_opens(c->ctx, t->text, t->len) ||
            (t->text[0] == '(' && sm_credit_paren(t->text, t->len)))
            return true;
    }
    return false;
}

/* True when sentence i may go into a briefing: it can be read without
 * its neighbours, or the only thing it lacks is a name (SM_ALONE_NOFACT:
 * "Confrontation is never good."), which drop_nameless decides once its
 * topic is known (NOFACT_TOPIC).  The tests go cheapest per sentence they
 * rule out first: the first person, then the stand-alone judgement
 * (standalone.c, which stops early for a sentence already showing another
 * reason), then picture_furniture, which rules out few.  Digest of the 1
 * MB bench corpus: 660 M instructions in this order, 665 M with pictures
 * before the judgement, 738 M with the judgement first. */
static bool eligible(const sm_corpus *c, judge_lists *j, size_t i)
{
    const sm_sent *s = &c->sents.v[i];
    if (s->flags & (SM_SENT_HEADING | SM_SENT_QUESTION))
        return false;
    if (s->words < MIN_WORDS || s->nterms < 2)
        return false;
    return !unquoted_first_person(c->ctx, j, s->text, s->len) &&
           sm_sent_alone_within(c, i, SM_ALONE_NOFACT) &&
           !picture_furniture(c, j, i);
}

/* The sentence as printed: every run of white space made one space (a
 * lead-in label was already dropped by sm_corpus_prepare). */
static char *clean_text(const char *s, size_t n)
{
    sm_buf b = {0};
    sm_cleanup c_b;
    SM_CLEANUP_BUF(c_b, b);
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
            ch == '\f' || ch == '\v') {
            space = b.len > 0;
            continue;
        }
        if (space)
            sm_buf_addc(&b, ' ');
        space = false;
        sm_buf_addc(&b, ch);
    }
    if (!b.s)
        sm_buf_add(&b, "", 0);
    sm_cleanup_pop(&c_b);
    return b.s;
}

/* A chosen sentence with its sort keys, so the comparison needs no corpus
 * (qsort has no user pointer, and a global would not be thread-safe). */
typedef struct placed {
    const char *date;
    uint32_t doc, position, id;
    double score;
} placed;

static int cmp_placed(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    if (x->doc != y->doc) {
        int d = sm_datecmp(x->date, y->date);
        if (d)
            return d;
        return x->doc < y->doc ? -1 : 1;
    }
    return (x->position > y->position) - (x->position < y->position);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* ---- the same fact ---------------------------------------------------- */

/* The period's sentences as tf-idf vectors (weighted as sm_sent_cosine
 * weights them) with an inverted index, so that finding every sentence
 * reporting a given fact costs the postings of its terms, not a pass over
 * the whole period. */
/* A term of a sentence with its count there. */
typedef struct tcount {
    uint32_t term;
    uint32_t tf;
} tcount;
typedef SM_VEC(tcount) tcountvec;

typedef struct fact_index {
    const sm_corpus *c;
    /* corpus sentence id -> the seen document its fact updates, UINT32_MAX
     * when new; NULL without seen material (novelty.c) */
    uint32_t *update_of;
    size_t n;          /* sentences of the period */
    const uint32_t *ids; /* period index -> corpus sentence id */
    uint32_t *pos;     /* corpus sentence id -> index + 1 (0: not in period) */
    /* A term's weight in a sentence is tf * idf.  A sentence's vector is
     * made again from its terms when it is wanted (a sort of a dozen ids),
     * not stored: a 1,000 MB digest has some hundred million of them. */
    double *norm;      /* n */
    size_t nterms;
    double *idf;       /* nterms */
    size_t *pstart;    /* nterms + 1: each term's range in psent/ptf */
    uint32_t *psent;
    uint16_t *ptf;     /* the term's count in that sentence (capped) */
    double *acc;       /* n: dot products being summed */
    uint32_t *touched; /* n: indices with acc != 0 */
    sm_u32vec scratch;
    tcountvec qa, qb;  /* vectors being compared */
    SM_VEC(size_t) cursor; /* other_docs: per term of qa, its next posting */
    sm_facts *facts;   /* names, figures and days of the candidates */
    /* Per document: one of the discovered story's, or one giving it
     * candidates, while its briefing is built (NULL: any document may
     * corroborate). */
    const bool *members;
} fact_index;

static double fact_idf(const sm_corpus *c, uint32_t t)
{
    return sm_idf((double)c->sents.n, t < c->df.n ? (double)c->df.v[t] : 0.0);
}

/* A sentence's terms in ascending order: a dozen or so, where insertion
 * sort beats a call to qsort for every one of a million sentences.  Up to
 * this many (the usual cut-over of library sorts; set by hand). */
#define INSERTION_SORT_MAX 32
static void sort_u32(uint32_t *v, size_t n)
{
    if (n > INSERTION_SORT_MAX) {
        qsort(v, n, sizeof *v, cmp_u32);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Sentence s's distinct terms in ascending order, with their counts. */
static void sentence_vector(const sm_sent *s, sm_u32vec *scratch, tcountvec *out)
{
    scratch->n = 0;
    SM_RESERVE(*scratch, (size_t)s->nterms + 1);
    memcpy(scratch->v, s->terms, s->nterms * sizeof *s->terms);
    scratch->n = s->nterms;
    sort_u32(scratch->v, scratch->n);
    out->n = 0;
    for (size_t k = 0; k < scratch->n;) {
        size_t e = k;
        while (e < scratch->n && scratch->v[e] == scratch->v[k])
            e++;
        /* A sentence has at most SEG_MAX_BYTES / 2 terms: the cap, which
         * lets a posting keep its count in 16 bits, is only for safety. */
        tcount tc = {scratch->v[k], e - k > UINT16_MAX ? UINT16_MAX : (uint32_t)(e - k)};
        SM_PUSH(*out, tc);
        k = e;
    }
}

static void fact_index_build(fact_index *fi, const sm_corpus *c,
                             const uint32_t *ids, size_t n)
{
    memset(fi, 0, sizeof *fi);
    fi->c = c;
    fi->n = n;
    fi->ids = ids;
    fi->pos = sm_xcalloc(c->sents.n ? c->sents.n : 1, sizeof *fi->pos);
    fi->norm = sm_xmalloc(sm_mul(n ? n : 1, sizeof *fi->norm));
    /* Every term id a sentence holds was interned by sm_corpus_prepare. */
    fi->nterms = c->vocab.terms.strs.n;
    fi->pstart = sm_xcalloc(fi->nterms + 1, sizeof *fi->pstart);
    /* Pass 1: norms, and how many sentences hold each term. */
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        fi->pos[ids[i]] = (uint32_t)i + 1;
        sentence_vector(s, &fi->scratch, &fi->qa);
        double nn = 0;
        for (size_t k = 0; k < fi->qa.n; k++) {
            double wt = (double)fi->qa.v[k].tf * fact_idf(c, fi->qa.v[k].term);
            nn += wt * wt;
            fi->pstart[fi->qa.v[k].term + 1]++;
        }
        fi->norm[i] = sqrt(nn);
    }
    /* Postings, in period order, of the terms the same-fact search follows:
     * one in more than MAX_FACT_POSTING sentences gets an empty list (it
     * would be skipped anyway), which on a large input leaves out most
     * postings. */
    fi->idf = sm_xmalloc(sm_mul(fi->nterms ? fi->nterms : 1, sizeof *fi->idf));
    for (size_t t = 0; t < fi->nterms; t++) {
        fi->idf[t] = fi->pstart[t + 1] ? fact_idf(c, (uint32_t)t) : 0.0;
        if (fi->pstart[t + 1] > MAX_FACT_POSTING)
            fi->pstart[t + 1] = 0;
        fi->pstart[t + 1] += fi->pstart[t];
    }
    size_t np = fi->pstart[fi->nterms];
    size_t *fill = NULL;
    sm_cleanup c_fill;
    SM_CLEANUP_PTR(c_fill, fill);
    fill = sm_xmalloc(sm_mul(fi->nterms + 1, sizeof *fill));
    memcpy(fill, fi->pstart, (fi->nterms + 1) * sizeof *fill);
    fi->psent = sm_xmalloc(sm_mul(np ? np : 1, sizeof *fi->psent));
    fi->ptf = sm_xmalloc(sm_mul(np ? np : 1, sizeof *fi->ptf));
    /* Pass 2: the lists, from the terms as they stand (no sort): a term
     * met again in the same sentence counts in the posting it opened. */
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        for (uint32_t k = 0; k < s->nterms; k++) {
            uint32_t t = s->terms[k];
            if (fill[t] > fi->pstart[t] && fi->psent[fill[t] - 1] == (uint32_t)i) {
                if (fi->ptf[fill[t] - 1] < UINT16_MAX)
                    fi->ptf[fill[t] - 1]++;
                continue;
            }
            if (fill[t] == fi->pstart[t + 1])
                continue; /* not followed */
            size_t at = fill[t]++;
            fi->psent[at] = (uint32_t)i;
            fi->ptf[at] = 1;
        }
    }
    sm_cleanup_run(&c_fill);
    fi->acc = sm_xcalloc(n ? n : 1, sizeof *fi->acc);
    fi->facts = sm_facts_new(c);
    sm_facts_tell_weekdays(fi->facts);
    fi->touched = sm_xmalloc(sm_mul(n ? n : 1, sizeof *fi->touched));
}

static void fact_index_free(fact_index *fi)
{
    free(fi->pos);
    free(fi->update_of);
    free(fi->norm);
    free(fi->idf);
    free(fi->pstart);
    free(fi->psent);
    free(fi->ptf);
    free(fi->acc);
    free(fi->touched);
    sm_facts_free(fi->facts);
    SM_FREEVEC(fi->scratch);
    SM_FREEVEC(fi->qa);
    SM_FREEVEC(fi->qb);
    SM_FREEVEC(fi->cursor);
}

/* Cosine of period sentences i and j. */
static double fact_cosine(fact_index *fi, size_t i, size_t j)
{
    if (fi->norm[i] <= 0 || fi->norm[j] <= 0)
        return 0.0;
    const sm_sent *si = &fi->c->sents.v[fi->ids[i]];
    const sm_sent *sj = &fi->c->sents.v[fi->ids[j]];
    sentence_vector(si, &fi->scratch, &fi->qa);
    sentence_vector(sj, &fi->scratch, &fi->qb);
    size_t a = 0, ae = fi->qa.n, b = 0, be = fi->qb.n;
    double dot = 0;
    while (a < ae && b < be) {
        uint32_t ta = fi->qa.v[a].term, tb = fi->qb.v[b].term;
        if (ta < tb)
            a++;
        else if (ta > tb)
            b++;
        else {
            double idf = fi->idf[ta];
            dot += ((double)fi->qa.v[a++].tf * idf) * ((double)fi->qb.v[b++].tf * idf);
        }
    }
    return dot / (fi->norm[i] * fi->norm[j]);
}

/* Whether period sentences a and b report the same fact, given their
 * cosine (rank/facts.c: near-verbatim on any day, a paraphrase by cosine
 * or by shared names, figures and days on the same day). */
static bool same_fact_cos(const fact_index *fi, uint32_t a, uint32_t b,
                          double cs)
{
    return sm_same_fact(fi->facts, a, b, cs);
}

/* The same for corpus sentence ids a and b, both in the period. */
static bool same_fact(fact_index *fi, uint32_t a, uint32_t b,
                      double *cos)
{
    double cs = fact_cosine(fi, fi->pos[a] - 1, fi->pos[b] - 1);
    if (cos)
        *cos = cs;
    return same_fact_cos(fi, a, b, cs);
}

/* Sentences of the period whose dot products other_docs sums at a time:
 * their sums (8 bytes each, 64 KB) stay in the L2 cache of any current
 * x86 core, where summing over the whole period (8 MB at 100 MB of news)
 * missed the cache at nearly every posting: other_docs was a sixth of a
 * 100 MB digest.  Set by hand. */
#define OTHER_DOCS_BLOCK 8192
/* The sentences other_docs meets are far apart in c->sents, and the
 * same-fact test reads each: asked for this many ahead, the next ones are
 * in cache when their turn comes.  Set by hand. */
#define PREFETCH_AHEAD 8

/* Adds s's products with the sentences in [lo, lo + OTHER_DOCS_BLOCK) into
 * fi->acc, term by term in ascending order (so each sum is added up in the
 * same order whatever the blocks), moving each term's cursor past them;
 * returns how many sentences were met, listed in fi->touched. */
static size_t block_products(fact_index *fi, size_t lo)
{
    size_t hi = lo + OTHER_DOCS_BLOCK, nt = 0;
    for (size_t k = 0; k < fi->qa.n; k++) {
        uint32_t t = fi->qa.v[k].term;
        double idf = fi->idf[t], wk = (double)fi->qa.v[k].tf * idf;
        size_t p = fi->cursor.v[k], end = fi->pstart[t + 1];
        for (; p < end && fi->psent[p] < hi; p++) {
            uint32_t j = fi->psent[p];
            if (fi->acc[j] == 0)
                fi->touched[nt++] = j;
            fi->acc[j] += wk * ((double)fi->ptf[p] * idf);
        }
        fi->cursor.v[k] = p;
    }
    return nt;
}

/* Documents other than s's own that carry the same fact as s
 * (sm_facts_corroborate: not by names alone), in corpus order, without
 * repeats; for a discovered story, only its own (see add_stories): another
 * story's report worded alike is another fact ("Prosecutors opened an
 * investigation into the collapse of the dormitory" is no report of the
 * investigation into a mine's owners over its collapse).  The dot products are summed over the postings of
 * s's terms, a block of the period at a time; identical texts share every
 * term, so they are found too. */
static void other_docs(fact_index *fi, uint32_t s, sm_u32vec *docs)
{
    const sm_corpus *c = fi->c;
    size_t i = fi->pos[s] - 1;
    sentence_vector(&c->sents.v[s], &fi->scratch, &fi->qa);
    /* A term in very many sentences weighs almost nothing in a cosine but
     * would make this scan quadratic: its list is empty (see
     * fact_index_build); small inputs never skip one. */
    fi->cursor.n = 0;
    SM_RESERVE(fi->cursor, fi->qa.n);
    for (size_t k = 0; k < fi->qa.n; k++)
        fi->cursor.v[fi->cursor.n++] = fi->pstart[fi->qa.v[k].term];
    docs->n = 0;
    uint32_t own = c->sents.v[s].doc;
    for (;;) {
        /* The next block starts at the first sentence a cursor is on. */
        size_t lo = SIZE_MAX;
        for (size_t k = 0; k < fi->qa.n; k++)
            if (fi->cursor.v[k] < fi->pstart[fi->qa.v[k].term + 1] &&
                fi->psent[fi->cursor.v[k]] < lo)
                lo = fi->psent[fi->cursor.v[k]];
        if (lo == SIZE_MAX)
            break;
        size_t nt = block_products(fi, lo);
        for (size_t k = 0; k < nt; k++) {
            uint32_t j = fi->touched[k];
            double cs = fi->acc[j] / (fi->norm[i] * fi->norm[j]);
            fi->acc[j] = 0;
            if (k + PREFETCH_AHEAD < nt)
                __builtin_prefetch(&c->sents.v[fi->ids[fi->touched[k + PREFETCH_AHEAD]]]);
            uint32_t d = c->sents.v[fi->ids[j]].doc;
            if (d != own && (!fi->members || fi->members[d]) &&
                sm_facts_corroborate(fi->facts, s, fi->ids[j], cs))
                SM_PUSH(*docs, d);
        }
    }
    if (docs->n > 1)
        qsort(docs->v, docs->n, sizeof *docs->v, cmp_u32);
    size_t w = 0;
    for (size_t k = 0; k < docs->n; k++)
        if (w == 0 || docs->v[w - 1] != docs->v[k])
            docs->v[w++] = docs->v[k];
    docs->n = w;
}

/* What a sentence costs of the budget.  A briefing is a few facts in a
 * fixed number of words, so a candidate is worth its score per word
 * (DENSITY_EXP 1): a 20-word sentence of the same fact and rank beats a
 * 40-word one, and two short facts beat one long one.  Below
 * DENSITY_MIN_WORDS a sentence costs as much as one of that length, and
 * one of FILLER_WORDS or fewer is a filler ("FUNCINPEC will take justice
 * and information."): half as much information per word in news, so it
 * counts double. */
#define DENSITY_EXP 1.0
#define DENSITY_MIN_WORDS 12.0
#define FILLER_WORDS 8
#define FILLER_COST 2.0

static double word_cost(uint32_t words)
{
    double w = (double)words > DENSITY_MIN_WORDS ? (double)words : DENSITY_MIN_WORDS;
    return pow(w, DENSITY_EXP) * (words <= FILLER_WORDS ? FILLER_COST : 1.0);
}

typedef struct scored {
    uint32_t id;
    double score;
    double overlap; /* highest cosine with a sentence chosen so far */
} scored;

/* The sentence to print for a fact.  The one sm_select chose (best score
 * per word) gives way to another candidate reporting the same fact when
 * that one tells more per word: the scores of the candidates it reports
 * the same fact as (itself included) over its word_cost.  Of "Berg told
 * Dunn the summit was 'a new chapter'" and "Dunn said the summit marked
 * 'an old friendship renewed'" (two statements) and "Berg spoke of 'a new
 * chapter', Dunn of 'an old friendship renewed'", the last is printed and
 * the other two leave the race (tests/fixtures/facts/visit); on the
 * bundled corpus, "Xi is in Moscow on a three-day visit hosted by Putin"
 * replaces a sentence on the visit that named a speaker beside it, and the
 * third report of the visit leaves with it.
 *
 * REP_SCORE_SHARE: only candidates scoring at least half the chosen one
 * compete; at 0.3 a passing mention ("While everyone is focused on
 * another story, X recently called Y a 'dear friend'") won over the report
 * of the meeting it came from.  REP_MIN_GAIN: the other must tell 10% more
 * per word, so a sentence one word shorter but telling no more does not
 * replace a better-ranked one (an archived digest then keeps the words a
 * later day's news repeats, which novelty.c recognises).  REP_MAX: at most
 * this many challengers, the first found, so the cost is REP_MAX + 1 passes
 * of same-fact tests over the candidates per sentence chosen. */
#define REP_SCORE_SHARE 0.5
#define REP_MIN_GAIN 1.1
#define REP_MAX 8

/* What candidate sc[r] tells per word (see above). */
static double fact_mass(fact_index *fi, const scored *sc, size_t m, size_t r)
{
    double mass = 0;
    for (size_t i = 0; i < m; i++)
        if (i == r || same_fact(fi, sc[r].id, sc[i].id, NULL))
            mass += sc[i].score;
    return mass / word_cost(fi->c->sents.v[sc[r].id].words);
}

/* The index of the sentence to print for the fact of sc[p], among those
 * that fit in left words and left_bytes bytes (0: unbounded). */
static size_t representative(fact_index *fi, const scored *sc, size_t m,
                             size_t p, size_t left, size_t left_bytes)
{
    const sm_corpus *c = fi->c;
    /* sm_select chose the fact by score ^ SCORE_EXP per word; the report
     * of it to beat is the best by score per word. */
    size_t top = p;
    double topv = sc[p].score / word_cost(c->sents.v[sc[p].id].words);
    for (size_t i = 0; i < m; i++) {
        const sm_sent *r = &c->sents.v[sc[i].id];
        double v = sc[i].score / word_cost(r->words);
        if (v > topv && (!left || r->words <= left) &&
            (!left_bytes || r->len + 1 <= left_bytes) &&
            same_fact(fi, sc[p].id, sc[i].id, NULL)) {
            top = i;
            topv = v;
        }
    }
    p = top;
    size_t best = p, tried = 0;
    double bestv = fact_mass(fi, sc, m, p);
    for (size_t i = 0; i < m && tried < REP_MAX; i++) {
        const sm_sent *r = &c->sents.v[sc[i].id];
        if (i == p || (left && r->words > left) || (left_bytes && r->len + 1 > left_bytes) ||
            sc[i].score < REP_SCORE_SHARE * sc[p].score ||
            !same_fact(fi, sc[p].id, sc[i].id, NULL))
            continue;
        tried++;
        double v = fact_mass(fi, sc, m, i);
        if (v > bestv * (best == p ? REP_MIN_GAIN : 1.0)) {
            bestv = v;
            best = i;
        }
    }
    return best;
}

static void fill_sentence(fact_index *fi, uint32_t id, double score,
                          sm_digest_sentence *out)
{
    const sm_corpus *c = fi->c;
    const sm_sent *s = &c->sents.v[id];
    const sm_doc *doc = &c->docs.v[s->doc];
    out->text = clean_text(s->text, s->len);
    out->doc = sm_xstrdup(doc->name);
    out->source = sm_xstrdup(doc->source);
    out->date = sm_xstrdup(doc->date);
    out->title = sm_xstrdup(doc->title);
    out->url = sm_xstrdup(doc->url);
    out->score = isfinite(score) ? score : 0.0;
    if (fi->update_of && fi->update_of[id] != UINT32_MAX)
        out->update_of = sm_xstrdup(c->docs.v[fi->update_of[id]].name);
    sm_u32vec docs = {0};
    sm_cleanup c_docs;
    SM_CLEANUP_VEC(c_docs, docs);
    other_docs(fi, id, &docs);
    out->also_in = sm_xcalloc(docs.n ? docs.n : 1, sizeof *out->also_in);
    out->also_in_sources = sm_xcalloc(docs.n ? docs.n : 1, sizeof *out->also_in_sources);
    /* Counted once both arrays exist, so a digest freed half-filled (no
     * memory) frees what is there. */
    out->n_also_in = docs.n;
    for (size_t k = 0; k < docs.n; k++) {
        out->also_in[k] = sm_xstrdup(c->docs.v[docs.v[k]].name);
        out->also_in_sources[k] = sm_xstrdup(c->docs.v[docs.v[k]].source);
        if (c->docs.v[docs.v[k]].url && !out->also_in_urls)
            out->also_in_urls = sm_xcalloc(docs.n, sizeof *out->also_in_urls);
    }
    /* URLs only when one is known: most corpora have none. */
    for (size_t k = 0; out->also_in_urls && k < docs.n; k++)
        out->also_in_urls[k] = sm_xstrdup(c->docs.v[docs.v[k]].url);
    sm_cleanup_run(&c_docs);
}

/* The candidates' scores (step 3 at the top of the file), in a new array
 * the caller frees. */
static scored *score_candidates(sm_corpus *c, const sm_digest_opts *o,
                                const uint32_t *cand_in, const double *rel_in,
                                size_t n, fact_index *fi)
{
    sm_u32vec docs = {0};
    double *pr = NULL;
    scored *sc = NULL;
    sm_cleanup c_pr, c_sc, c_docs;
    SM_CLEANUP_PTR(c_pr, pr);
    SM_CLEANUP_PTR(c_sc, sc);
    SM_CLEANUP_VEC(c_docs, docs);
    pr = sm_xmalloc(sm_mul(n, sizeof *pr));
    sm_rank(c, cand_in, n, o->similarity, rel_in, pr);
    double maxrel = 0;
    for (size_t i = 0; i < n; i++)
        if (rel_in[i] > maxrel)
            maxrel = rel_in[i];
    sc = sm_xmalloc(sm_mul(n, sizeof *sc));
    for (size_t i = 0; i < n; i++) {
        other_docs(fi, cand_in[i], &docs);
        double r = maxrel > 0 ? rel_in[i] / maxrel : 1.0;
        double p = isfinite(pr[i]) && pr[i] > 0 ? pr[i] : 0.0;
        sc[i].id = cand_in[i];
        sc[i].overlap = 0;
        sc[i].score = (double)n * p * sqrt(r) *
                      (1.0 + CORROBORATION * (double)docs.n);
    }
    sm_cleanup_run(&c_docs);
    sm_cleanup_run(&c_pr);
    sm_cleanup_pop(&c_sc);
    return sc;
}

/* A discovered story is one story's reports, as a newswire cluster is:
 * each report leads with one of its main events, and a briefing of the
 * story is a summary of them.  Its sentences are chosen as a summary's are
 * (sm_select_coverage: the concepts covered, the documents' leads
 * covered, STORY_RANK_WEIGHT times the scores, each fact once by the
 * digest's rule) instead of by score per word.  Measured with the nine
 * newswire fixture clusters given as one folder (digest --discover 12,
 * no profiles, each cluster's first story against its two references,
 * 100 words): 0.4804 / 0.1987 by score per word, 0.5092 /
 * 0.2183 so; lead cover 0.25-0.75 with weight 0.5 all give 0.2183, weight
 * 1 0.2103-0.2143, 2 0.2005-0.2058.  A profile topic gathers sentences of
 * many stories under one theme: chosen so, the bundled corpus's digest
 * covers 12-14 of its 23 expected facts instead of 16, so profile topics
 * keep the greedy below. */
#define STORY_COVER_LEADS 0.5
#define STORY_RANK_WEIGHT 0.5

static size_t choose_story(sm_corpus *c, const sm_digest_opts *o,
                           const scored *sc, const double *rel, size_t m,
                           size_t budget_words, fact_index *fi, uint32_t *ids,
                           double *sv, uint32_t *chosen, double *cscore,
                           uint32_t *cpos)
{
    for (size_t i = 0; i < m; i++) {
        ids[i] = sc[i].id;
        sv[i] = sc[i].score;
    }
    sm_select_opts so = {0};
    so.words = budget_words;
    so.bytes = o->bytes;
    so.max_sim = SM_MAX_SIM;
    so.skip_headings = true;
    so.facts = fi->facts;
    so.cover_leads = STORY_COVER_LEADS;
    size_t k = sm_select_coverage(c, ids, sv, rel, m, &so, STORY_RANK_WEIGHT, chosen);
    for (size_t j = 0; j < k; j++) {
        cpos[j] = c->sents.v[chosen[j]].position;
        for (size_t i = 0; i < m; i++)
            if (sc[i].id == chosen[j])
                cscore[j] = sc[i].score;
    }
    return k;
}

/* Ranks and chooses one topic's briefing from its candidates (a discovered
 * story's when story is set), filling tp's sentences.  taken holds the sentences of earlier briefings and gets this
 * one's. */
static void build_topic(sm_corpus *c, const sm_digest_opts *o,
                        const uint32_t *cand_in, const double *rel_in,
                        size_t ncand_in, bool story, fact_index *fi,
                        sm_u32vec *taken, sm_digest_topic *tp)
{
    if (ncand_in == 0)
        return;
    size_t n = ncand_in;
    scored *sc = NULL;
    uint32_t *ids = NULL;
    double *sv = NULL;
    uint32_t *chosen = NULL;
    double *cscore = NULL;
    uint32_t *cpos = NULL;
    placed *pl = NULL;
    double *srel = NULL;
    sm_cleanup c_sc, c_ids, c_sv, c_chosen, c_cscore, c_cpos, c_pl, c_srel;
    SM_CLEANUP_PTR(c_sc, sc);
    SM_CLEANUP_PTR(c_ids, ids);
    SM_CLEANUP_PTR(c_sv, sv);
    SM_CLEANUP_PTR(c_chosen, chosen);
    SM_CLEANUP_PTR(c_cscore, cscore);
    SM_CLEANUP_PTR(c_cpos, cpos);
    SM_CLEANUP_PTR(c_pl, pl);
    SM_CLEANUP_PTR(c_srel, srel);
    sc = score_candidates(c, o, cand_in, rel_in, n, fi);

    /* Facts an earlier briefing told are not told again. */
    size_t m = 0;
    srel = sm_xmalloc(sm_mul(n ? n : 1, sizeof *srel));
    double maxrel = 0;
    for (size_t i = 0; i < n; i++)
        if (rel_in[i] > maxrel)
            maxrel = rel_in[i];
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < taken->n && !dup; j++)
            dup = same_fact(fi, sc[i].id, taken->v[j], NULL);
        if (!dup) {
            srel[m] = maxrel > 0 ? rel_in[i] / maxrel : 1.0;
            sc[m++] = sc[i];
        }
    }

    /* Greedy within the budget, each fact once (see the top of the file):
     * sm_select picks the best candidate that still fits, every candidate
     * reporting the same fact leaves the race, the rest are discounted by
     * their overlap with what was chosen. */
    ids = sm_xmalloc(sm_mul(m ? m : 1, sizeof *ids));
    sv = sm_xmalloc(sm_mul(m ? m : 1, sizeof *sv));
    chosen = sm_xmalloc(sm_mul(m ? m : 1, sizeof *chosen));
    cscore = sm_xmalloc(sm_mul(m ? m : 1, sizeof *cscore));
    cpos = sm_xmalloc(sm_mul(m ? m : 1, sizeof *cpos));
    size_t k = 0, words = 0, bytes = 0;
    size_t budget_words = o->bytes ? 0 : (o->words ? o->words : DEFAULT_WORDS);
    if (story) {
        k = choose_story(c, o, sc, srel, m, budget_words, fi, ids, sv, chosen, cscore, cpos);
        m = 0; /* chosen: the greedy loop below is for profile topics */
    }
    while (m > 0) {
        for (size_t i = 0; i < m; i++) {
            ids[i] = sc[i].id;
            sv[i] = pow(sc[i].score, SCORE_EXP) * (1.0 - sc[i].overlap) /
                    word_cost(c->sents.v[sc[i].id].words);
        }
        sm_select_opts so = {0};
        so.sentences = 1;
        so.words = budget_words ? budget_words - words : 0;
        so.bytes = o->bytes ? o->bytes - bytes : 0;
        so.max_sim = 1.0; /* the same-fact test below replaces it */
        /* Candidates are eligible by this file's own judgement (step 1),
         * which admits a nameless sentence on topic. */
        so.skip_dangling = false;
        so.skip_headings = true;
        uint32_t pick;
        if ((budget_words && words >= budget_words) ||
            (o->bytes && bytes >= o->bytes) ||
            sm_select(c, ids, sv, m, &so, &pick) == 0)
            break;
        size_t at = 0;
        while (sc[at].id != pick)
            at++;
        pick = sc[representative(fi, sc, m, at, so.words, so.bytes)].id;
        size_t w = 0;
        double cs = 0;
        const sm_sent *ps = &c->sents.v[pick];
        cpos[k] = ps->position;
        chosen[k] = pick;
        for (size_t i = 0; i < m; i++) {
            if (sc[i].id == pick) {
                cscore[k] = sc[i].score;
            } else if (!same_fact(fi, pick, sc[i].id, &cs)) {
                if (cs > sc[i].overlap)
                    sc[i].overlap = cs;
                sc[w++] = sc[i];
            } else {
                /* A live blog that tells a fact twice tells it first where
                 * it first says it: the briefing places it there, so what
                 * follows it in the blog follows it here too. */
                const sm_sent *ds = &c->sents.v[sc[i].id];
                if (ds->doc == ps->doc && ds->position < cpos[k])
                    cpos[k] = ds->position;
            }
        }
        k++;
        m = w;
        words += c->sents.v[pick].words;
        bytes += c->sents.v[pick].len + 1;
    }
    sm_cleanup_run(&c_srel);
    sm_cleanup_run(&c_ids);
    sm_cleanup_run(&c_sv);
    sm_cleanup_run(&c_sc);

    pl = sm_xmalloc(sm_mul(k ? k : 1, sizeof *pl));
    for (size_t j = 0; j < k; j++) {
        const sm_sent *s = &c->sents.v[chosen[j]];
        pl[j] = (placed){c->docs.v[s->doc].date, s->doc, cpos[j],
                         chosen[j], cscore[j]};
    }
    qsort(pl, k, sizeof *pl, cmp_placed);
    tp->sentences = sm_xcalloc(k ? k : 1, sizeof *tp->sentences);
    tp->n_sentences = k;
    for (size_t j = 0; j < k; j++) {
        fill_sentence(fi, pl[j].id, pl[j].score, &tp->sentences[j]);
        tp->words += sm_count_words(tp->sentences[j].text,
                                    strlen(tp->sentences[j].text));
        SM_PUSH(*taken, pl[j].id);
    }
    sm_cleanup_run(&c_pl);
    sm_cleanup_run(&c_chosen);
    sm_cleanup_run(&c_cscore);
    sm_cleanup_run(&c_cpos);
}

/* A briefing is a handful of sentences: on a very large input, only the
 * MAX_TOPIC_CANDIDATES most relevant candidates of a topic are ranked, so
 * the cost of ranking stays bounded however much text comes in.  Keeps
 * corpus order among those kept. */
#define MAX_TOPIC_CANDIDATES 3000

typedef struct relkey {
    double rel;
    uint32_t id;
} relkey;

static int relkey_desc(const void *a, const void *b)
{
    const relkey *x = a, *y = b;
    if (x->rel != y->rel)
        return x->rel < y->rel ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

static int relkey_by_id(const void *a, const void *b)
{
    const relkey *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

static size_t keep_most_relevant(uint32_t *ids, double *rel, size_t n)
{
    if (n <= MAX_TOPIC_CANDIDATES)
        return n;
    relkey *k = NULL;
    sm_cleanup c_k;
    SM_CLEANUP_PTR(c_k, k);
    k = sm_xmalloc(sm_mul(n, sizeof *k));
    for (size_t i = 0; i < n; i++)
        k[i] = (relkey){rel[i], ids[i]};
    qsort(k, n, sizeof *k, relkey_desc);
    qsort(k, MAX_TOPIC_CANDIDATES, sizeof *k, relkey_by_id);
    for (size_t i = 0; i < MAX_TOPIC_CANDIDATES; i++) {
        ids[i] = k[i].id;
        rel[i] = k[i].rel;
    }
    sm_cleanup_run(&c_k);
    return MAX_TOPIC_CANDIDATES;
}

/* What the reader already has (novelty.c): restated facts leave the
 * eligible sentences elig[0..n), updates are marked in fi, and d learns
 * the latest date seen.  Returns how many sentences are left. */
static size_t drop_seen(const sm_corpus *c, const sm_digest_opts *o,
                        uint32_t *elig, size_t n, fact_index *fi, sm_digest *d)
{
    bool *seen = NULL;
    uint32_t *upd = NULL;
    sm_cleanup c_seen, c_upd;
    SM_CLEANUP_PTR(c_seen, seen);
    SM_CLEANUP_PTR(c_upd, upd);
    seen = sm_xcalloc(c->docs.n ? c->docs.n : 1, sizeof *seen);
    sm_seen_docs(c, o->date, o->earlier_seen, seen);
    if (!sm_any_seen(c, seen)) {
        sm_cleanup_run(&c_upd);
        sm_cleanup_run(&c_seen);
        return n;
    }
    const char *until = NULL;
    for (size_t k = 0; k < c->docs.n; k++)
        if (seen[k] && c->docs.v[k].date &&
            (!until || strcmp(c->docs.v[k].date, until) > 0))
            until = c->docs.v[k].date;
    d->seen_until = sm_xstrdup(until);
    upd = sm_xmalloc(sm_mul(n ? n : 1, sizeof *upd));
    size_t dropped = 0;
    size_t m = sm_novelty(c, seen, elig, NULL, NULL, n, upd, &dropped);
    fi->update_of = sm_xmalloc(sm_mul(c->sents.n ? c->sents.n : 1,
                                      sizeof *fi->update_of));
    memset(fi->update_of, 0xff, (c->sents.n ? c->sents.n : 1) * sizeof *fi->update_of);
    for (size_t i = 0; i < m; i++)
        fi->update_of[elig[i]] = upd[i];
    sm_cleanup_run(&c_upd);
    sm_cleanup_run(&c_seen);
    return m;
}

/* What sm_discover found, freed on any exit (sm_found_free). */
typedef struct found_list {
    sm_found *f;
    size_t n;
} found_list;

static void found_cleanup(void *p)
{
    found_list *l = p;
    sm_found_free(l->f, l->n);
    l->f = NULL;
    l->n = 0;
}

/* Appends a briefing for each story discovery finds (discover.c) that no
 * profile covers: elig[0..ne) are the eligible sentences, best[i] the
 * profile topic elig[i] went to (SIZE_MAX: none). */
static void add_stories(sm_corpus *c, const sm_digest_opts *o,
                        const uint32_t *pool, size_t npool,
                        const uint32_t *elig, const size_t *best, size_t ne,
                        fact_index *fi, sm_u32vec *taken, sm_digest *d)
{
    uint8_t *state = NULL;
    const char **ids = NULL;
    bool *members = NULL;
    found_list fl = {NULL, 0};
    sm_cleanup c_state, c_ids, c_fl, c_members;
    SM_CLEANUP_PTR(c_state, state);
    SM_CLEANUP_PTR(c_ids, ids);
    SM_CLEANUP_PTR(c_members, members);
    sm_cleanup_push(&c_fl, found_cleanup, &fl);
    state = sm_xcalloc(npool ? npool : 1, sizeof *state);
    for (size_t i = 0, j = 0; i < npool && j < ne; i++)
        if (pool[i] == elig[j]) {
            state[i] = best[j] == SIZE_MAX ? 1 : 2;
            j++;
        }
    ids = sm_xcalloc(d->n_topics + 1, sizeof *ids);
    for (size_t t = 0; t < d->n_topics; t++)
        ids[t] = d->topics[t].id;
    fl.n = sm_discover(c, pool, npool, state, o->discover, ids,
                       d->n_topics, &fl.f);
    sm_found *f = fl.f;
    size_t nf = fl.n;
    d->topics = sm_xrealloc(d->topics,
                            sm_mul(d->n_topics + nf + 1, sizeof *d->topics));
    for (size_t k = 0; k < nf; k++) {
        sm_digest_topic *tp = &d->topics[d->n_topics++];
        memset(tp, 0, sizeof *tp);
        tp->id = f[k].id;
        tp->title = f[k].title;
        f[k].id = f[k].title = NULL;
        tp->discovered = 1;
        tp->keywords = f[k].keywords;
        tp->n_keywords = f[k].n_keywords;
        f[k].keywords = NULL;
        f[k].n_keywords = 0;
        tp->documents = sm_xcalloc(f[k].n_docs + 1, sizeof *tp->documents);
        for (size_t i = 0; i < f[k].n_docs; i++)
            tp->documents[i] = sm_xstrdup(c->docs.v[f[k].docs[i]].name);
        tp->n_documents = f[k].n_docs;
        tp->budget_bytes = o->bytes;
        tp->budget_words = o->bytes ? 0 : (o->words ? o->words : DEFAULT_WORDS);
        f[k].n_cand = keep_most_relevant(f[k].cand, f[k].rel, f[k].n_cand);
        if (!members)
            members = sm_xcalloc(c->docs.n ? c->docs.n : 1, sizeof *members);
        /* Its documents, and those giving it candidates (a live blog's
         * posts on the story). */
        for (size_t i = 0; i < f[k].n_docs; i++)
            members[f[k].docs[i]] = true;
        for (size_t i = 0; i < f[k].n_cand; i++)
            members[c->sents.v[f[k].cand[i]].doc] = true;
        fi->members = members;
        build_topic(c, o, f[k].cand, f[k].rel, f[k].n_cand, true, fi, taken, tp);
        fi->members = NULL;
        memset(members, 0, c->docs.n * sizeof *members);
    }
    sm_cleanup_run(&c_members);
    sm_cleanup_run(&c_fl);
    sm_cleanup_run(&c_ids);
    sm_cleanup_run(&c_state);
}

static void digest_cleanup(void *slot)
{
    sm_digest **d = slot;
    sm_digest_free(*d);
    *d = NULL;
}

static void fact_index_cleanup(void *fi)
{
    fact_index_free(fi);
    memset(fi, 0, sizeof(fact_index));
}

/* The period's documents: marks them in in_period (zeroed, one per
 * document), counts them and sets d's date range and language. */
static void mark_period(const sm_corpus *c, const sm_digest_opts *opts,
                        bool *in_period, sm_digest *d)
{
    const char *from = NULL, *to = NULL;
    for (size_t i = 0; i < c->docs.n; i++) {
        const char *date = c->docs.v[i].date;
        if (c->docs.v[i].seen ||
            (opts->date && (!date || strcmp(date, opts->date) != 0)))
            continue;
        in_period[i] = true;
        d->documents++;
        if (date && (!from || strcmp(date, from) < 0))
            from = date;
        if (date && (!to || strcmp(date, to) > 0))
            to = date;
    }
    if (opts->date && !from)
        from = to = opts->date;
    d->from = sm_xstrdup(from);
    d->to = sm_xstrdup(to);
    d->lang = sm_xstrdup(sm_language_code(c->ctx->lang));
}

/* The period's sentences: the pool that corroborates (also_in) and those
 * eligible for a briefing.  The pool is the article text: a menu entry,
 * share bar or list item two pages share (no terminal punctuation, few
 * words) must never make one page report another's sentence; an article's
 * headline (a long heading) may. */
static void period_sentences(const sm_corpus *c, const bool *in_period,
                             sm_u32vec *pool, sm_u32vec *elig)
{
    judge_lists j = {0};
    sm_cleanup c_j;
    sm_cleanup_push(&c_j, judge_lists_free, &j);
    judge_lists_make(c->ctx, &j);
    for (size_t i = 0; i < c->sents.n; i++) {
        const sm_sent *s = &c->sents.v[i];
        if (!in_period[s->doc])
            continue;
        if (!(s->flags & SM_SENT_HEADING) || s->words >= HEADLINE_WORDS)
            SM_PUSH(*pool, (uint32_t)i);
        if (eligible(c, &j, i))
            SM_PUSH(*elig, (uint32_t)i);
    }
    sm_cleanup_run(&c_j);
}

/* Each sentence goes to the topic it fits best: best[i] for eligible
 * sentence i, SIZE_MAX when no topic's threshold is reached.  rel holds
 * ne x nt relevances, row by sentence. */
static void best_topics(const sm_topics *topics, const double *rel, size_t ne,
                        size_t nt, size_t *best)
{
    for (size_t i = 0; i < ne; i++) {
        best[i] = SIZE_MAX;
        double top = 0;
        for (size_t t = 0; t < nt; t++) {
            double r = rel[i * nt + t];
            if (r > top) {
                top = r;
                best[i] = t;
            }
        }
        if (best[i] != SIZE_MAX && top < sm_topics_threshold(topics, best[i]))
            best[i] = SIZE_MAX;
    }
}

/* A short sentence that names nothing ("There's no statute of limitations
 * for war crimes.") has no name or figure to say what it is about, so the
 * stand-alone judgement sets it aside; in a digest a topic's own terms can
 * say it.  It stays a candidate when its relevance to its topic reaches
 * NOFACT_TOPIC times the topic's threshold: the topic's terms must carry
 * it twice over, as two of the profile's terms in eight words do (the
 * example reaches 3.9 times; a remark such as "Confrontation is never
 * good." reaches no topic at all).  The others leave the eligible
 * sentences, so story discovery does not take them either.  Returns the
 * new count; elig, rel (ne x nt) and best are compacted alike. */
#define NOFACT_TOPIC 2.0

static size_t drop_nameless(const sm_corpus *c, const sm_topics *topics,
                            uint32_t *elig, double *rel, size_t *best,
                            size_t ne, size_t nt)
{
    size_t w = 0;
    for (size_t i = 0; i < ne; i++) {
        if (sm_sent_alone(c, elig[i]) == SM_ALONE_NOFACT &&
            (best[i] == SIZE_MAX ||
             rel[i * nt + best[i]] <
                 NOFACT_TOPIC * sm_topics_threshold(topics, best[i])))
            continue;
        if (w != i) {
            elig[w] = elig[i];
            best[w] = best[i];
            memmove(rel + w * nt, rel + i * nt, nt * sizeof *rel);
        }
        w++;
    }
    return w;
}

/* A briefing for each profile topic, from the eligible sentences elig[0..ne)
 * that went to it (best), the most relevant first kept. */
static void add_profile_topics(sm_corpus *c, const sm_topics *topics,
                               const sm_digest_opts *opts, const uint32_t *elig,
                               const size_t *best, const double *rel, size_t ne,
                               fact_index *fi, sm_u32vec *taken, sm_digest *d)
{
    size_t nt = sm_topics_count(topics);
    sm_u32vec cand = {0};
    double *crel = NULL;
    sm_cleanup c_crel, c_cand;
    SM_CLEANUP_PTR(c_crel, crel);
    SM_CLEANUP_VEC(c_cand, cand);
    d->topics = sm_xcalloc(nt ? nt : 1, sizeof *d->topics);
    d->n_topics = nt;
    crel = sm_xmalloc(sm_mul(ne ? ne : 1, sizeof *crel));
    for (size_t t = 0; t < nt; t++) {
        sm_digest_topic *tp = &d->topics[t];
        tp->id = sm_xstrdup(sm_topics_id(topics, t));
        tp->title = sm_xstrdup(sm_topics_title(topics, t));
        tp->budget_bytes = opts->bytes;
        tp->budget_words =
            opts->bytes ? 0 : (opts->words ? opts->words : DEFAULT_WORDS);
        cand.n = 0;
        for (size_t i = 0; i < ne; i++)
            if (best[i] == t) {
                crel[cand.n] = rel[i * nt + t];
                SM_PUSH(cand, elig[i]);
            }
        cand.n = keep_most_relevant(cand.v, crel, cand.n);
        build_topic(c, opts, cand.v, crel, cand.n, false, fi, taken, tp);
    }
    sm_cleanup_run(&c_crel);
    sm_cleanup_run(&c_cand);
}

static sm_status digest_build(sm_corpus *c, const sm_topics *topics,
                              const sm_digest_opts *opts, sm_digest **out)
{
    *out = NULL;
    sm_ctx *ctx = c->ctx;
    if (!c->prepared)
        return sm_fail(ctx, SM_ERR_USAGE,
                       "the corpus must be prepared before a digest");
    if (!topics || sm_topics_ctx(topics) != ctx)
        return sm_fail(ctx, SM_ERR_USAGE,
                       "the topics were loaded with another context");
    sm_digest_opts defaults;
    if (!opts) {
        sm_digest_opts_init(&defaults);
        opts = &defaults;
    }

    sm_digest *d = NULL;
    fact_index fi = {0};
    sm_u32vec pool = {0}, elig = {0}, taken = {0};
    sm_cleanup c_d, c_fi;
    sm_cleanup_push(&c_d, digest_cleanup, &d);
    sm_cleanup_push(&c_fi, fact_index_cleanup, &fi);
    bool *in_period = NULL;
    double *rel = NULL;
    size_t *best = NULL;
    sm_cleanup c_in_period, c_rel, c_best, c_pool, c_elig, c_taken;
    SM_CLEANUP_PTR(c_in_period, in_period);
    SM_CLEANUP_PTR(c_rel, rel);
    SM_CLEANUP_PTR(c_best, best);
    SM_CLEANUP_VEC(c_pool, pool);
    SM_CLEANUP_VEC(c_elig, elig);
    SM_CLEANUP_VEC(c_taken, taken);
    d = sm_xcalloc(1, sizeof *d);
    in_period = sm_xcalloc(c->docs.n ? c->docs.n : 1, sizeof *in_period);
    mark_period(c, opts, in_period, d);
    period_sentences(c, in_period, &pool, &elig);
    sm_cleanup_run(&c_in_period);
    fact_index_build(&fi, c, pool.v, pool.n);
    elig.n = drop_seen(c, opts, elig.v, elig.n, &fi, d);

    size_t nt = sm_topics_count(topics), ne = elig.n;
    rel = sm_xcalloc(ne && nt ? ne * nt : 1, sizeof *rel);
    if (ne && nt)
        sm_topics_relevance(topics, c, elig.v, ne, rel);
    best = sm_xmalloc(sm_mul(ne ? ne : 1, sizeof *best));
    best_topics(topics, rel, ne, nt, best);
    ne = elig.n = drop_nameless(c, topics, elig.v, rel, best, ne, nt);

    /* Names, figures and days are weighed over the sentences that went to
     * a topic: the ones briefings are made of. */
    for (size_t i = 0; i < ne; i++)
        if (best[i] != SIZE_MAX)
            sm_facts_add(fi.facts, elig.v[i]);

    add_profile_topics(c, topics, opts, elig.v, best, rel, ne, &fi, &taken, d);
    if (opts->discover)
        add_stories(c, opts, pool.v, pool.n, elig.v, best, ne, &fi, &taken, d);
    sm_cleanup_run(&c_best);
    sm_cleanup_run(&c_rel);
    sm_cleanup_run(&c_taken);
    sm_cleanup_run(&c_fi);
    sm_cleanup_run(&c_pool);
    sm_cleanup_run(&c_elig);
    sm_cleanup_pop(&c_d);
    *out = d;
    return SM_OK;
}

sm_status sm_digest_build(sm_corpus *c, const sm_topics *topics,
                          const sm_digest_opts *opts, sm_digest **out)
{
    sm_status st;
    *out = NULL;
    SM_CORPUS_GUARDED(st, c, digest_build(c, topics, opts, out));
    return st;
}
