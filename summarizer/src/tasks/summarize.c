/*
 * summarize.c: one summary of a prepared corpus, generic or for a query.
 *
 * Scoring: TextRank (weighted PageRank on the similarity graph) with a
 * teleport vector that carries what the graph cannot see: for generic news
 * summaries the position of a sentence in its article, as far as the text
 * shows its first sentences to be its central ones (news puts the facts
 * first), for a query the sentence's relevance to the query.  Sentences that
 * cannot stand alone (opening with an unresolved reference, ending with a
 * colon, half a quotation), headings and very short fragments are
 * down-weighted rather than banned, so a corpus made of nothing else still
 * gets a summary.
 *
 * Selection: coverage of corroborated concepts plus rank (select.c), within
 * the budget, near-duplicates removed.
 *
 * Very large inputs: the graph is built over at most MAX_GRAPH candidates,
 * the sentences closest to the corpus centroid (Radev et al. 2004), which
 * keeps time and memory linear in the input.
 */
#include "tasks/tasks.h"

#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* The graph's size cap (see above): it bounds the graph's time and memory
 * whatever the input, and a cluster of news articles has far fewer
 * candidates.  The README's figure; tests/test_readme.c holds them equal. */
#define MAX_GRAPH 2000
/* How much a top-ranked sentence is worth against the concepts it covers
 * (sm_select_coverage's mu).  On Opinosis at 25 words, ROUGE-2 recall was
 * 0.076 by rank alone, 0.088 by coverage alone and about 0.10 with the mix;
 * 3 sits in the flat region of 2-4. */
#define RANK_WEIGHT 3.0
/* Weights of relevance and of sentences that read poorly alone.  Set by
 * hand with the first summarizer (commit 2058f14); measured since where
 * said.
 *   QUERY_LENGTH_DAMPING: a sentence's query relevance is the idf of the
 *     query terms it holds over sqrt(terms + this), so long sentences do not
 *     win by holding more words, nor one-word ones by holding one.  Was 5;
 *     on tools/query_eval.sh ROUGE-2 at 3 / 5 / 15: mixed 0.0974 / 0.0919
 *     / 0.0794, one aspect 0.1024 / 0.1013 / 0.0974, long query 0.0336 /
 *     0.0285 (1 gave 0.0963, 0.0997, 0.0340): 3 is best or level on all
 *     three, and denser sentences carry more facts per word.
 *   REL_TELEPORT_FLOOR, REL_FLOOR: on the same test 0.1 instead of 0.02,
 *     and 0.3 instead of 0.1, scored no better (mixed 0.0919, 0.0906).
 *   REL_TELEPORT_FLOOR: every candidate keeps this much teleport weight in a
 *     query or topic summary, so the graph still reaches it.
 *   REL_FLOOR: a score is multiplied by (this + relevance), so an
 *     irrelevant but central sentence keeps a tenth of its rank.
 *   WEAK_SENTENCE_FACTOR, SHORT_SENTENCE_WORDS: a heading or question,
 *     or a sentence under this many words, scores half (down-weighted, not
 *     banned, so a corpus of nothing else still gets a summary). */
#define QUERY_LENGTH_DAMPING 3.0
#define REL_TELEPORT_FLOOR 0.02
#define REL_FLOOR 0.1
#define WEAK_SENTENCE_FACTOR 0.5
#define SHORT_SENTENCE_WORDS 6
/* A query that matches little should not shrink the summary to those few
 * sentences: when the sentences holding a query term total fewer than this
 * many times the budget's words, every candidate stays, and the query only
 * weighs (REL_FLOOR + relevance), so the summary falls back on the most
 * central sentences after the relevant ones.  Twice the budget leaves the
 * choice among relevant sentences some room before the fall-back starts.
 * A topic (--topic) keeps its threshold: its briefings are meant to be
 * short when little is about it. */
#define QUERY_FALLBACK_BUDGETS 2.0
/* The lead prior of generic summaries: a sentence's teleport weight is
 * (1 + position)^-(LEAD_EXPONENT * w), news putting the main event first.
 * w says how far this corpus bears that out (Lin & Hovy 1997: which
 * positions carry the topic is a property of the genre, measured on the
 * text): the correlation r between the prior and the sentences' centroid
 * weight, over the n candidates, gives z = r sqrt(n), and w = z /
 * LEAD_FULL_Z, at most 1, 0 when the early sentences are not the central
 * ones.  z >= 2 is the usual 95% level.  On a list of opinions with no
 * order (Opinosis: one document of reviews, one a line) the prior only
 * favoured the first lines: ROUGE-2 at 20 words 0.0917 with it always on,
 * 0.1035 with w; the bundled news corpus (z = 4) keeps it whole. */
#define LEAD_EXPONENT 0.5
#define LEAD_FULL_Z 2.0
/* The damping of a query's walk: it follows the graph with this
 * probability and jumps to the relevant sentences with 1 - this.
 * Otterbacher et al. (2005) found a query weight of 0.7-0.95 best for
 * biased LexRank; with 0.15 (the generic damping's teleport) the query
 * barely moved the walk.  On tools/query_eval.sh (an Opinosis aspect
 * queried among its product's other aspects) ROUGE-2 rose from 0.0860 to
 * 0.0919 at 0.3 (0.0916 at 0.2); where every sentence is on topic it
 * stayed level (0.1021, 0.1013).  A topic (--topic) keeps SM_DAMPING:
 * nothing measured its summaries against references. */
#define QUERY_DAMPING 0.3
/* How far a query may lead a summary.  Its focus is the idf-weighted mean
 * of its terms' specificity (query_specificity: 0 for a term every document
 * uses at its usual rate) times the share of the candidates' words in
 * sentences that match none of its terms.  A focus of QUERY_FULL_FOCUS or
 * more gives the query the whole say, as before; below, the teleport
 * vector, the damping and the final weight are interpolated with the
 * generic summary's in proportion, so a query that singles out nothing
 * falls back on the generic summary instead of on the sentences that
 * repeat its words.  On tools/query_eval.sh, ROUGE-2 (mixed --query / long
 * query / one aspect --query, against 0.0938 / 0.0305 / 0.0967 before and
 * 0.0366 / 0.1026 with no query), at f5a3dfc:
 * specificity alone 0.0942 / 0.0387 / 0.0967; with QUERY_FULL_FOCUS at
 * 0.07, 0.15, 0.3: 0.0944 / 0.0378 / 0.1034, 0.0944 / 0.0408 / 0.1039,
 * 0.0940 / 0.0380 / 0.0998.  Without the matched-share factor (focus =
 * mean specificity) at 0.2, 0.35, 0.5: mixed 0.0944, 0.0940, 0.0940, long
 * 0.0408, 0.0394, 0.0385, one aspect 0.0967 each; at 1 (the plain mean)
 * mixed fell to 0.0798.  With QUERY_KEEP_ALL_FOCUS below: 0.0953 / 0.0408
 * / 0.1039, every row at or above no query and above before. */
#define QUERY_FULL_FOCUS 0.15
/* Below this focus (a quarter of QUERY_FULL_FOCUS) a query no longer keeps
 * the summary to the sentences matching it: the generic part of the mix
 * may choose any.  Measured like QUERY_FULL_FOCUS: keeping every candidate
 * below the full focus instead (or below half of it) lowered the long
 * query to 0.0339 (0.0363), mixed 0.0953 either way; at a quarter, 0.0953
 * / 0.0408 / 0.1039.  A query naming what every document is about ("the
 * ferry" in tests/test_summarize.c) then gives the generic summary. */
#define QUERY_KEEP_ALL_FOCUS (QUERY_FULL_FOCUS / 4.0)
/* A news cluster was gathered around one story, and a query of the
 * DUC/TAC kind (a title and a narrative: "Describe ...; include ...") asks
 * for that story or for part of it.  There the reports tell the facts the
 * narrative asks for in their own words ("killed 71" for "the toll",
 * "walked out" for "the formation of the government"), so in input that
 * reads as news (lead_evidence at FACT_REDUNDANCY_EVIDENCE) a query that
 * does not lead alone (focus under QUERY_FULL_FOCUS) keeps every
 * candidate: it leads the walk's teleport and weighs the scores and the
 * concepts, and the sentences that do not repeat its words still compete.
 * A query that singles out a part ("Leopard tanks" of the bundled corpus,
 * tests/test_facts.c) keeps to its sentences, not to end on a filler
 * about something else.  Among reviews of several aspects of a product,
 * which are no one story, a query keeps only its sentences (keeping every
 * one scored 0.0801 against 0.0919 on tools/query_eval.sh's mixed input).
 * Measured
 * 2026-11-30 on tools/newsquery_eval.sh (R-2; a narrative naming the
 * whole story, one asking for an aspect), with the request words of
 * models/english/query-stopwords.txt, against the session's start
 * (1dbc26e): at 100 words topic 0.2041 -> 0.2082, aspect 0.3606 -> 0.3769;
 * at 150 0.2834 -> 0.2933, 0.4485 -> 0.4358; at 200 0.3460 -> 0.3525,
 * 0.4750 -> 0.4880.  Without keeping every candidate: 100 words 0.2029 /
 * 0.3890, 150 0.2863 / 0.4399.  A prior of half a use more per query term
 * in query_specificity (a term used once no proof of specificity) raised
 * the topic row at 100 words to 0.2314 but lowered it at 150 (0.2813) and
 * the aspect row at every length (0.3227, 0.3558, 0.4455); the generic
 * damping for news queries as well (0.85 instead of QUERY_DAMPING) scored
 * no better. */
#define NEWS_QUERY_KEEPS_ALL true
/* Redundancy in news is at the level of facts: outlets word one event
 * differently ("Xi began a three-day visit to Moscow" / "Xi is currently
 * in Moscow on a three-day visit"), below the cosine of SM_MAX_SIM.  When
 * the input reads as news, its first sentences central as lead_evidence
 * measures, this much of the way to LEAD_FULL_Z (z >= 2, the 95% level), the
 * summary uses the digest's same-fact rule (rank/facts.c: a lower cosine
 * on the same day, shared names and figures, the same words quoted).  In
 * a list of opinions a repeated opinion is the corroboration a summary
 * should keep: there the cosine alone stays.  Measured 2026-11-29 on
 * 17f9ecb, R-1 / R-2 recall: bundled corpus at 100 words 0.3902 / 0.1281
 * -> 0.4000 / 0.1330 (the Xi visit told once instead of twice), at 250
 * words 0.6047 / 0.1925 -> 0.6139 / 0.2207, 50 words unchanged;
 * tests/fixtures/newswire at 100 words 0.5253 / 0.2338 -> 0.5272 /
 * 0.2357, at 150 0.6636 / 0.3104 -> 0.6785 / 0.3179, 40 and 60
 * unchanged.  Applied to every input instead,
 * Opinosis at 20 words fell 0.1016 -> 0.0992 and tools/query_eval.sh's
 * mixed --query 0.0972 -> 0.0930; with this gate both are unchanged, and
 * Opinosis at 50 words 0.1680 -> 0.1671 (at 0.5, z >= 1, 0.1648: a few
 * clusters of reviews pass a weaker test by chance). */
#define FACT_REDUNDANCY_EVIDENCE 1.0
/* The stand-alone reasons (standalone.c) of a sentence that leans on the
 * one before it: "His lawyer said he would appeal.", "The government froze
 * the company's assets." (the government told of before), a lower-case
 * fragment.  In news such a sentence is chosen only with that sentence
 * (sm_select_opts' need_context); its weight (sm_standalone_weight) still
 * discounts it.  Measured 2026-11-30 on 3b35c2e, R-1 / R-2 recall:
 * newswire fixtures at 60 and 100 words and the bundled corpus at 100 and
 * 250 unchanged; newswire at 150 0.6630 / 0.2992 -> 0.6608 / 0.2975, at
 * 250 0.7891 / 0.3901 -> 0.7908 / 0.3901; tools/newsquery_eval.sh aspect
 * --query R-2 0.3171 -> 0.3227, topic unchanged; Opinosis and
 * tools/query_eval.sh unchanged.  Leaving such sentences out of news
 * summaries altogether (skip_dangling, as the digest does) dropped "His
 * lawyer said he would appeal." even after "Ionescu, 58, who denied the
 * charges, was not in court." and left its words unused (newswire at 100
 * words R-1 0.5328 -> 0.5311), and lowered Opinosis at 20 words 0.1016 ->
 * 0.1007 (clusters that pass the news test). */
#define NEED_CONTEXT                                                          \
    (SM_ALONE_REFERENCE | SM_ALONE_DEFINITE | SM_ALONE_FRAGMENT)
/* Words per byte of budget when the budget is in bytes, and per sentence
 * when it is in sentences: news averages about 6 bytes and 20 words. */
#define BYTES_PER_WORD 6
#define WORDS_PER_SENTENCE 20
/* The budget when none is given: a 100-word summary, the length of the
 * DUC multi-document task and of the README's examples. */
#define DEFAULT_WORDS 100

void sm_summary_opts_init(sm_summary_opts *o)
{
    memset(o, 0, sizeof *o);
    o->words = DEFAULT_WORDS;
    o->similarity = SM_SIM_TEXTRANK;
    o->order = SM_ORDER_SOURCE;
}

void sm_summary_free(sm_summary *s)
{
    if (!s)
        return;
    free(s->picks);
    free(s);
}

static double idf_of(const sm_corpus *c, uint32_t t)
{
    double df = t < c->df.n ? c->df.v[t] : 0;
    return log(((double)c->sents.n + 1.0) / (df + 0.5));
}

/* Keeps the MAX_GRAPH sentences whose terms weigh most in the corpus
 * centroid (sum of tf-idf of the corpus' terms, per term in the sentence,
 * over its length). */
typedef struct scored {
    uint32_t id;
    double v;
} scored;

static int u32_asc(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* Whether a ranks below b: lower centroid value, or the same and later. */
static bool scored_below(const scored *a, const scored *b)
{
    return a->v < b->v || (a->v == b->v && a->id > b->id);
}

/* Restores the min-heap (worst at the root) below slot i. */
static void heap_down(scored *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && scored_below(&h[l], &h[m]))
            m = l;
        if (r < n && scored_below(&h[r], &h[m]))
            m = r;
        if (m == i)
            return;
        scored t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* A term's weight in the corpus centroid (its document frequency times its
 * idf), once per term rather than per use; NULL-safe for an empty corpus. */
static double *centroid_weights(const sm_corpus *c)
{
    size_t nt = c->df.n;
    double *tw = sm_xmalloc(sm_mul(nt ? nt : 1, sizeof *tw));
    for (size_t t = 0; t < nt; t++)
        tw[t] = c->df.v[t] ? c->df.v[t] * idf_of(c, (uint32_t)t) : 0;
    return tw;
}

/* A sentence's centroid value: its terms' centroid weights over its
 * length (damped by 10 terms, so short sentences do not win by ratio). */
static double centroid_value(const sm_corpus *c, const double *tw,
                             const sm_sent *t)
{
    double v = 0;
    for (uint32_t k = 0; k < t->nterms; k++) {
        uint32_t term = t->terms[k];
        v += term < c->df.n ? tw[term] : 0;
    }
    return t->nterms ? v / sqrt((double)t->nterms + 10.0) : 0;
}

/* The best k of ids[0..n) by centroid value (weights tw; ties: the earlier
 * sentence) into h, in heap order (worst first); returns how many. */
static size_t centroid_top(const sm_corpus *c, const double *tw,
                           const uint32_t *ids, size_t n, size_t k, scored *h)
{
    /* A heap whose root is the worst kept: the same set a full sort would
     * give, in O(n log k). */
    size_t hn = 0;
    for (size_t i = 0; i < n; i++) {
        scored x = {ids[i], centroid_value(c, tw, &c->sents.v[ids[i]])};
        if (hn < k) {
            h[hn++] = x;
            if (hn == k)
                for (size_t j = k / 2; j-- > 0;)
                    heap_down(h, hn, j);
        } else if (scored_below(&h[0], &x)) {
            h[0] = x;
            heap_down(h, hn, 0);
        }
    }
    return hn;
}

static size_t centroid_prefilter(const sm_corpus *c, uint32_t *ids, size_t n)
{
    double *tw = NULL;
    scored *h = NULL;
    sm_cleanup c_tw, c_h;
    SM_CLEANUP_PTR(c_tw, tw);
    SM_CLEANUP_PTR(c_h, h);
    tw = centroid_weights(c);
    h = sm_xmalloc(MAX_GRAPH * sizeof *h);
    size_t hn = centroid_top(c, tw, ids, n, MAX_GRAPH, h);
    for (size_t i = 0; i < hn; i++)
        ids[i] = h[i].id;
    sm_cleanup_run(&c_h);
    sm_cleanup_run(&c_tw);
    qsort(ids, hn, sizeof *ids, u32_asc);
    return hn;
}

static int scored_best_first(const void *a, const void *b)
{
    const scored *x = a, *y = b;
    return scored_below(y, x) ? -1 : scored_below(x, y) ? 1 : 0;
}

/* How many more than MAX_GRAPH sentences are judged at first when the
 * candidates are too many for the graph (drop_page_furniture): page
 * furniture among the sentences nearest the centroid is rare, and when
 * more of them are furniture the next round takes twice as many.  A
 * quarter: set by hand, no round after the first on the bench corpora. */
#define PAGE_SLACK (MAX_GRAPH / 4)

/* Drops page furniture (SM_ALONE_PAGE: "Sign up for our newsletter", a
 * copyright line) from the candidates ids[0..n) (ascending), keeping at
 * most MAX_GRAPH, the best by centroid value (centroid_prefilter), in
 * ascending order; returns how many.  A sentence's centroid value does not
 * depend on which others are candidates, so judging only the best, in that
 * order, until MAX_GRAPH pass keeps exactly the sentences that judging
 * every one first and filtering after would keep; judging is the costly
 * part (standalone.c), and only these are judged. */
static size_t drop_page_furniture(const sm_corpus *c, uint32_t *ids, size_t n)
{
    size_t m = 0;
    if (n <= MAX_GRAPH) {
        for (size_t i = 0; i < n; i++)
            if (!(sm_sent_alone(c, ids[i]) & SM_ALONE_PAGE))
                ids[m++] = ids[i];
        return m;
    }
    double *tw = NULL;
    scored *h = NULL;
    uint32_t *keep = NULL;
    sm_cleanup c_tw, c_h, c_keep;
    SM_CLEANUP_PTR(c_tw, tw);
    SM_CLEANUP_PTR(c_h, h);
    SM_CLEANUP_PTR(c_keep, keep);
    tw = centroid_weights(c);
    keep = sm_xmalloc(MAX_GRAPH * sizeof *keep);
    for (size_t k = MAX_GRAPH + PAGE_SLACK;; k = k > n / 2 ? n : 2 * k) {
        if (k > n)
            k = n;
        h = sm_xrealloc(h, sm_mul(k, sizeof *h));
        size_t hn = centroid_top(c, tw, ids, n, k, h);
        qsort(h, hn, sizeof *h, scored_best_first);
        m = 0;
        for (size_t i = 0; i < hn && m < MAX_GRAPH; i++)
            if (!(sm_sent_alone(c, h[i].id) & SM_ALONE_PAGE))
                keep[m++] = h[i].id;
        if (m == MAX_GRAPH || hn == n)
            break;
    }
    memcpy(ids, keep, m * sizeof *ids);
    qsort(ids, m, sizeof *ids, u32_asc);
    sm_cleanup_run(&c_keep);
    sm_cleanup_run(&c_h);
    sm_cleanup_run(&c_tw);
    return m;
}

/* How far the corpus bears out the lead prior, in [0, 1] (see
 * LEAD_EXPONENT): the correlation of the prior with the candidates'
 * centroid values, as z = r sqrt(n), over LEAD_FULL_Z. */
static double lead_evidence(const sm_corpus *c, const uint32_t *ids, size_t n)
{
    if (n < 3)
        return 1.0; /* nothing to measure: news is the default */
    double *tw = NULL;
    sm_cleanup c_tw;
    SM_CLEANUP_PTR(c_tw, tw);
    tw = centroid_weights(c);
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        const sm_sent *t = &c->sents.v[ids[i]];
        double x = 1.0 / sqrt(1.0 + t->position);
        double y = centroid_value(c, tw, t);
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
    }
    sm_cleanup_run(&c_tw);
    double m = (double)n;
    double cov = sxy / m - (sx / m) * (sy / m);
    double vx = sxx / m - (sx / m) * (sx / m);
    double vy = syy / m - (sy / m) * (sy / m);
    if (!(vx > 1e-12) || !(vy > 1e-12))
        return 1.0; /* every sentence first, or all alike: nothing to say */
    double z = cov / sqrt(vx * vy) * sqrt(m);
    return z <= 0 ? 0.0 : z >= LEAD_FULL_Z ? 1.0 : z / LEAD_FULL_Z;
}

/* Output order: date, then document, then position.  The keys travel with
 * the picks so the comparison needs no global state. */
typedef struct order_key {
    const char *date;
    uint32_t doc, position;
    sm_pick pick;
} order_key;

static int source_order(const void *a, const void *b)
{
    const order_key *x = a, *y = b;
    int dc = sm_datecmp(x->date, y->date);
    if (dc)
        return dc;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    return (x->position > y->position) - (x->position < y->position);
}

static void sort_source_order(const sm_corpus *c, sm_pick *p, size_t n)
{
    order_key *k = NULL;
    sm_cleanup c_k;
    SM_CLEANUP_PTR(c_k, k);
    k = sm_xmalloc(sm_mul(n ? n : 1, sizeof *k));
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[p[i].sentence];
        k[i].date = c->docs.v[s->doc].date;
        k[i].doc = s->doc;
        k[i].position = s->position;
        k[i].pick = p[i];
    }
    qsort(k, n, sizeof *k, source_order);
    for (size_t i = 0; i < n; i++)
        p[i] = k[i].pick;
    sm_cleanup_run(&c_k);
}

/* Drops from a query's terms the words that say what the reader wants
 * ("describe", "include details") rather than what about:
 * models/<lang>/query-stopwords.txt, stemmed like the text.  A query made
 * of nothing else is kept whole. */
static void drop_request_words(sm_corpus *c, sm_u32vec *q)
{
    const sm_wordset *w = &c->ctx->query_stopwords;
    if (w->set.strs.n == 0)
        return;
    sm_u32vec drop = {0};
    sm_cleanup c_drop;
    SM_CLEANUP_VEC(c_drop, drop);
    for (size_t k = 0; k < w->set.strs.n; k++)
        sm_terms(c->ctx, &c->vocab, w->set.strs.v[k], w->set.lens.v[k], false,
                 &drop);
    size_t m = 0;
    for (size_t i = 0; i < q->n; i++) {
        bool d = false;
        for (size_t k = 0; k < drop.n && !d; k++)
            d = drop.v[k] == q->v[i];
        if (!d)
            q->v[m++] = q->v[i];
    }
    if (m > 0)
        q->n = m;
    sm_cleanup_run(&c_drop);
}

/* The candidates: every sentence but headings, fragments and page
 * furniture (standalone.c), unless
 * nothing else is there, and none longer than the whole budget; at most
 * MAX_GRAPH when page furniture was left out.  Sets *too_long when one was
 * left out for its length. */
static size_t candidates(const sm_corpus *c, const sm_summary_opts *o,
                         uint32_t *ids, bool *too_long)
{
    size_t n = 0;
    *too_long = false;
    for (int pass = 0; pass < 2 && n == 0; pass++) {
        for (size_t i = 0; i < c->sents.n; i++) {
            const sm_sent *s = &c->sents.v[i];
            /* A "sentence" with no word at all (punctuation, a run of
             * symbols, one giant token) is never a summary. */
            if (s->nterms == 0 || c->docs.v[s->doc].seen)
                continue;
            if (pass == 0 && ((s->flags & SM_SENT_HEADING) || s->words < 4))
                continue;
            /* "Speaking today, Khan said:" announces what the next
             * sentence says; alone it says nothing. */
            if (s->len && s->text[s->len - 1] == ':')
                continue;
            /* A sentence longer than the whole budget can never be chosen;
             * left in, it could crowd every usable one out of the graph.
             * (*too_long only matters when nothing is left: then pass 1,
             * which lets page furniture in, sets it for every such one.) */
            if ((o->words && s->words > o->words) ||
                (o->bytes && (size_t)s->len + 1 > o->bytes)) {
                *too_long = true;
                continue;
            }
            ids[n++] = (uint32_t)i;
        }
        /* A shorter summary beats one filled with page furniture. */
        if (pass == 0)
            n = drop_page_furniture(c, ids, n);
    }
    return n;
}

/* The error when there is no candidate at all. */
static sm_status no_candidates(sm_corpus *c, const sm_summary_opts *o,
                               bool too_long)
{
    char *names = sm_corpus_names(c);
    sm_status st;
    if (too_long && o->words)
        st = sm_fail(c->ctx, SM_ERR_INPUT,
                     "%s: no sentence fits in %zu words (the budget is never "
                     "exceeded and sentences are never cut)", names, o->words);
    else if (too_long)
        st = sm_fail(c->ctx, SM_ERR_INPUT,
                     "%s: no sentence fits in %zu bytes (the budget is never "
                     "exceeded and sentences are never cut)", names, o->bytes);
    else
        st = sm_fail(c->ctx, SM_ERR_INPUT,
                     "%s: no sentence with words in the input", names);
    free(names);
    return st;
}

/* How far each query term singles out part of the input rather than being
 * what all of it is about: 1 minus the normalised entropy of the term's
 * rate (uses per content term) across the candidates' documents.  A term
 * every document uses at its usual rate ("kindle" among a Kindle's reviews,
 * "Quebec" in a cluster about Quebec) gets about 0: generic centrality
 * already finds what the whole input is about, and a query naming it would
 * only pull the summary to the sentences that repeat the name.  With one
 * document the spread says nothing and every term keeps its weight.
 * spec[k] in [0, 1] for each query term; returns the query's focus, the
 * idf-weighted mean of spec. */
static double query_specificity(const sm_corpus *c, const uint32_t *ids,
                                size_t n, const sm_u32vec *q, double *spec)
{
    /* The candidates' documents, numbered 0..docs: memory O(documents +
     * candidates) whatever the query's length. */
    uint32_t *dix = NULL;
    double *len = NULL, *tf = NULL;
    sm_cleanup c_dix, c_len, c_tf;
    SM_CLEANUP_PTR(c_dix, dix);
    SM_CLEANUP_PTR(c_len, len);
    SM_CLEANUP_PTR(c_tf, tf);
    dix = sm_xmalloc(sm_mul(c->docs.n ? c->docs.n : 1, sizeof *dix));
    for (size_t d = 0; d < c->docs.n; d++)
        dix[d] = UINT32_MAX;
    len = sm_xcalloc(n ? n : 1, sizeof *len);
    tf = sm_xcalloc(n ? n : 1, sizeof *tf);
    size_t docs = 0;
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        if (dix[s->doc] == UINT32_MAX)
            dix[s->doc] = (uint32_t)docs++;
        len[dix[s->doc]] += s->nterms;
    }
    double num = 0, den = 0;
    for (size_t k = 0; k < q->n; k++) {
        spec[k] = 1.0;
        if (docs >= 2) {
            memset(tf, 0, docs * sizeof *tf);
            for (size_t i = 0; i < n; i++) {
                const sm_sent *s = &c->sents.v[ids[i]];
                for (uint32_t m = 0; m < s->nterms; m++)
                    if (s->terms[m] == q->v[k])
                        tf[dix[s->doc]] += 1;
            }
            double tot = 0, h = 0;
            for (size_t d = 0; d < docs; d++)
                if (len[d] > 0)
                    tot += tf[d] / len[d];
            for (size_t d = 0; d < docs && tot > 0; d++) {
                double p = len[d] > 0 ? tf[d] / len[d] / tot : 0;
                if (p > 0)
                    h -= p * log(p);
            }
            spec[k] = tot > 0 ? 1.0 - h / log((double)docs) : 0.0;
            if (spec[k] < 0)
                spec[k] = 0;
        }
        double w = idf_of(c, q->v[k]);
        num += w * spec[k];
        den += w;
    }
    sm_cleanup_run(&c_tf);
    sm_cleanup_run(&c_len);
    sm_cleanup_run(&c_dix);
    return den > 0 ? num / den : 0;
}

/* Relevance to the topic and the query, rel[0..*n), keeping only the
 * relevant candidates when there are any (a short summary beats
 * off-topic filler) unless the input is news (NEWS_QUERY_KEEPS_ALL), scaled
 * to a maximum of 1. */
static void relevance(sm_corpus *c, const sm_summary_opts *o,
                      size_t topic, const sm_u32vec *q, uint32_t *ids,
                      size_t *np, double *rel, double *focus, bool news)
{
    size_t n = *np;
    if (topic != SIZE_MAX) {
        size_t nt = sm_topics_count(o->topics);
        double *tr = NULL;
        sm_cleanup c_tr;
        SM_CLEANUP_PTR(c_tr, tr);
        tr = sm_xmalloc(sm_mul(sm_mul(n, nt), sizeof *tr));
        sm_topics_relevance(o->topics, c, ids, n, tr);
        /* Below the topic's threshold a sentence is not about it. */
        double th = sm_topics_threshold(o->topics, topic);
        for (size_t i = 0; i < n; i++)
            rel[i] = tr[i * nt + topic] >= th ? tr[i * nt + topic] : 0;
        sm_cleanup_run(&c_tr);
    }
    /* Query relevance: idf-weighted share of the query's terms that the
     * sentence contains, each term weighed by how far it singles out part
     * of the input. */
    double *spec = NULL;
    sm_cleanup c_spec;
    SM_CLEANUP_PTR(c_spec, spec);
    spec = sm_xmalloc(sm_mul(q->n ? q->n : 1, sizeof *spec));
    *focus = q->n ? query_specificity(c, ids, n, q, spec) : 1.0;
    for (size_t i = 0; i < n && q->n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        double r = 0;
        for (size_t k = 0; k < q->n; k++)
            for (uint32_t m = 0; m < s->nterms; m++)
                if (s->terms[m] == q->v[k]) {
                    r += idf_of(c, q->v[k]) * spec[k];
                    break;
                }
        rel[i] += r / sqrt((double)s->nterms + QUERY_LENGTH_DAMPING);
    }
    sm_cleanup_run(&c_spec);
    size_t m = 0, relwords = 0, allwords = 0;
    for (size_t i = 0; i < n; i++) {
        if (rel[i] > 0)
            relwords += c->sents.v[ids[i]].words;
        allwords += c->sents.v[ids[i]].words;
    }
    /* A query every sentence matches singles nothing out either. */
    if (allwords)
        *focus *= 1.0 - (double)relwords / (double)allwords;
    if (topic != SIZE_MAX || !q->n)
        *focus = 1.0;
    size_t budget = o->words ? o->words
                    : o->bytes ? o->bytes / BYTES_PER_WORD
                    : o->sentences ? o->sentences * WORDS_PER_SENTENCE
                                   : DEFAULT_WORDS;
    /* A query of little focus (QUERY_KEEP_ALL_FOCUS) keeps every
     * candidate, for the generic part of the summary. */
    bool fallback = topic == SIZE_MAX && q->n &&
                    ((double)relwords < QUERY_FALLBACK_BUDGETS * (double)budget ||
                     *focus < QUERY_KEEP_ALL_FOCUS ||
                     (news && NEWS_QUERY_KEEPS_ALL &&
                      *focus < QUERY_FULL_FOCUS));
    for (size_t i = 0; i < n && !fallback; i++)
        if (rel[i] > 0) {
            ids[m] = ids[i];
            rel[m] = rel[i];
            m++;
        }
    if (m > 0)
        n = m;
    double maxrel = 0;
    for (size_t i = 0; i < n; i++)
        if (rel[i] > maxrel)
            maxrel = rel[i];
    for (size_t i = 0; i < n; i++)
        rel[i] = maxrel > 0 ? rel[i] / maxrel : 0;
    *np = n;
}

/* The rank times what makes a sentence a poorer summary on its own. */
static void weigh_scores(const sm_corpus *c, const uint32_t *ids, size_t n,
                         const double *rel, double *score)
{
    bool news = lead_evidence(c, ids, n) >= FACT_REDUNDANCY_EVIDENCE;
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        double f = 1.0;
        if (rel)
            f *= REL_FLOOR + rel[i];
        /* What it keeps of its value out of its context (standalone.c).
         * A short sentence naming nothing is discounted only in news (its
         * first sentences central, FACT_REDUNDANCY_EVIDENCE), where it is
         * the filler the issue saw ending summaries ("Police said the
         * protest was peaceful."): in reviews ("The screen is bright.")
         * such opinions are the content; discounted there too, Opinosis
         * ROUGE-2 at 20 words fell from 0.0905 to 0.0847.  Measured in
         * news only (2026-11-29, on 2ca20c6): tools/query_eval.sh mixed
         * --query 0.3105 / 0.0972 -> 0.3180 / 0.1005 (the
         * candidates of some products' queries read as news), the other
         * rows, Opinosis and the bundled corpus unchanged, newswire
         * fixtures at 60 words R-1 0.4679 -> 0.4705, at 100 0.5334 ->
         * 0.5328 (R-2 unchanged at both). */
        f *= sm_standalone_weight(sm_sent_alone(c, ids[i]) &
                                     ~(news ? 0u : (uint32_t)SM_ALONE_NOFACT));
        if (s->flags & (SM_SENT_HEADING | SM_SENT_QUESTION))
            f *= WEAK_SENTENCE_FACTOR;
        if (s->words < SHORT_SENTENCE_WORDS)
            f *= WEAK_SENTENCE_FACTOR;
        score[i] *= f;
    }
}

static void facts_cleanup(void *slot)
{
    sm_facts **f = slot;
    sm_facts_free(*f);
    *f = NULL;
}

/* The selection (select.c) of the ranked candidates ids[0..n) into
 * chosen; g is how much a query or topic leads (QUERY_FULL_FOCUS), seen
 * the documents the reader has (NULL: none).  Returns how many. */
static size_t choose(sm_corpus *c, const sm_summary_opts *o,
                     const uint32_t *ids, const double *score,
                     const double *rel, size_t n, const bool *seen, double g,
                     uint32_t *chosen)
{
    sm_select_opts so = {0};
    so.seen_docs = seen;
    so.words = o->words;
    so.bytes = o->bytes;
    so.sentences = o->sentences;
    so.max_sim = o->no_redundancy ? 1.0 : SM_MAX_SIM;
    /* News: the first sentences central (FACT_REDUNDANCY_EVIDENCE).  As
     * far as a query or topic leads, it says itself what the summary is
     * about; the generic part of the mix covers the leads. */
    bool news = lead_evidence(c, ids, n) >= FACT_REDUNDANCY_EVIDENCE;
    so.cover_leads = news ? 1.0 - g : 0.0;
    /* A news summary prints its sentences in source order, so a sentence
     * opening with a pronoun, a definite reference or in lower case reads
     * right after the sentence it leans on, and nowhere else (NEED_CONTEXT).
     * Reviews are opinions one a line, whose "It is ..." needs no
     * neighbour. */
    if (news)
        so.need_context = NEED_CONTEXT;
    sm_facts *facts = NULL;
    sm_cleanup c_facts;
    sm_cleanup_push(&c_facts, facts_cleanup, &facts);
    if (!o->no_redundancy && news) {
        facts = sm_facts_new(c);
        sm_facts_any_day(facts);
        for (size_t i = 0; i < n; i++)
            sm_facts_add(facts, ids[i]);
        so.facts = facts;
    }
    size_t k = sm_select_coverage(c, ids, score, rel, n, &so, RANK_WEIGHT,
                                  chosen);
    sm_cleanup_run(&c_facts);
    return k;
}

static void summary_cleanup(void *slot)
{
    sm_summary **s = slot;
    sm_summary_free(*s);
    *s = NULL;
}

/* The summary of the k chosen sentences, with their scores and sizes. */
static sm_summary *make_summary(const sm_corpus *c, const sm_summary_opts *o,
                                const uint32_t *ids, const double *score,
                                const uint32_t *upd, size_t n,
                                const uint32_t *chosen, size_t k)
{
    sm_summary *sum = NULL;
    sm_cleanup c_sum;
    sm_cleanup_push(&c_sum, summary_cleanup, &sum);
    sum = sm_xcalloc(1, sizeof *sum);
    sum->picks = sm_xcalloc(k ? k : 1, sizeof *sum->picks);
    sum->n = k;
    for (size_t i = 0; i < k; i++) {
        sum->picks[i].sentence = chosen[i];
        sum->picks[i].update_of = SIZE_MAX;
        for (size_t j = 0; j < n; j++)
            if (ids[j] == chosen[i]) {
                sum->picks[i].score = score[j];
                if (upd && upd[j] != UINT32_MAX)
                    sum->picks[i].update_of = upd[j];
                break;
            }
        sum->words += c->sents.v[chosen[i]].words;
        sum->bytes += c->sents.v[chosen[i]].len + 1;
    }
    if (o->order == SM_ORDER_SOURCE)
        sort_source_order(c, sum->picks, sum->n);
    sm_cleanup_pop(&c_sum);
    return sum;
}

/* What the reader already has (novelty.c): with seen documents, the
 * candidates ids[0..*n) lose what restates them and get their updates
 * marked (*upd) and their scores discounted; *seen (NULL without seen
 * material) says which documents were seen.  SM_ERR_INPUT when nothing new
 * is left. */
static sm_status judge_novelty(sm_corpus *c, uint32_t *ids, double *score,
                               double *rel, size_t *n, bool **seen,
                               uint32_t **upd)
{
    *upd = NULL;
    *seen = sm_xcalloc(c->docs.n ? c->docs.n : 1, sizeof **seen);
    sm_seen_docs(c, NULL, false, *seen);
    if (!sm_any_seen(c, *seen)) {
        free(*seen);
        *seen = NULL;
        return SM_OK;
    }
    size_t dropped = 0;
    *upd = sm_xmalloc(sm_mul(*n ? *n : 1, sizeof **upd));
    *n = sm_novelty(c, *seen, ids, score, rel, *n, *upd, &dropped);
    if (*n > 0)
        return SM_OK;
    free(*seen);
    free(*upd);
    *seen = NULL;
    *upd = NULL;
    return sm_fail(c->ctx, SM_ERR_INPUT, "nothing new: every sentence of the "
                   "input restates what was seen");
}

/* The index of o->topic among o->topics: SIZE_MAX when none is asked,
 * SM_ERR_USAGE when it is not there. */
static sm_status find_topic(sm_ctx *ctx, const sm_summary_opts *o,
                            size_t *topic)
{
    *topic = SIZE_MAX;
    if (!o->topics || !o->topic)
        return SM_OK;
    for (size_t k = 0; k < sm_topics_count(o->topics); k++)
        if (strcmp(sm_topics_id(o->topics, k), o->topic) == 0)
            *topic = k;
    if (*topic == SIZE_MAX)
        return sm_fail(ctx, SM_ERR_USAGE, "unknown topic '%s'", o->topic);
    return SM_OK;
}

static sm_status summarize(sm_corpus *c, const sm_summary_opts *o, sm_summary **out)
{
    *out = NULL;
    if (!c->prepared) {
        sm_status st = sm_corpus_prepare(c);
        if (st != SM_OK)
            return st;
    }
    if (c->sents.n == 0)
        return sm_fail(c->ctx, SM_ERR_INPUT, "no sentences to summarize");
    if (!o->words && !o->bytes && !o->sentences)
        return sm_fail(c->ctx, SM_ERR_USAGE, "a summary needs a budget");
    size_t topic;
    sm_status st = find_topic(c->ctx, o, &topic);
    if (st != SM_OK)
        return st;

    bool too_long;
    uint32_t *ids = NULL, *chosen = NULL;
    double *bias = NULL, *rel = NULL, *score = NULL;
    sm_u32vec q = {0};
    sm_cleanup c_ids, c_chosen, c_bias, c_rel, c_score, c_q;
    SM_CLEANUP_PTR(c_ids, ids);
    SM_CLEANUP_PTR(c_chosen, chosen);
    SM_CLEANUP_PTR(c_bias, bias);
    SM_CLEANUP_PTR(c_rel, rel);
    SM_CLEANUP_PTR(c_score, score);
    SM_CLEANUP_VEC(c_q, q);
    ids = sm_xmalloc(sm_mul(c->sents.n, sizeof *ids));
    size_t n = candidates(c, o, ids, &too_long);
    if (n == 0) {
        sm_cleanup_run(&c_q);
        sm_cleanup_run(&c_score);
        sm_cleanup_run(&c_rel);
        sm_cleanup_run(&c_bias);
        sm_cleanup_run(&c_chosen);
        sm_cleanup_run(&c_ids);
        return no_candidates(c, o, too_long);
    }
    sm_progress(c->ctx, "ranking", 0, 3);
    if (n > MAX_GRAPH)
        n = centroid_prefilter(c, ids, n);
    sm_progress(c->ctx, "ranking", 1, 3);

    /* Teleport bias: relevance when there is a query or topic, else the
     * lead (earlier sentences of an article say what it is about). */
    bias = sm_xmalloc(sm_mul(n, sizeof *bias));
    if (o->query) {
        sm_terms(c->ctx, &c->vocab, o->query, strlen(o->query), false, &q);
        drop_request_words(c, &q);
    }
    double damping = SM_DAMPING;
    double g = 0; /* how much a query or topic leads (QUERY_FULL_FOCUS) */
    if (q.n || topic != SIZE_MAX) {
        double focus = 1.0;
        rel = sm_xcalloc(n, sizeof *rel);
        /* A news cluster's query (NEWS_QUERY_KEEPS_ALL). */
        bool news = lead_evidence(c, ids, n) >= FACT_REDUNDANCY_EVIDENCE;
        relevance(c, o, topic, &q, ids, &n, rel, &focus, news);
        /* How much the query leads (QUERY_FULL_FOCUS): the rest of the
         * teleport, the damping and the final weight are the generic
         * summary's. */
        g = focus >= QUERY_FULL_FOCUS ? 1.0 : focus / QUERY_FULL_FOCUS;
        double e = g < 1.0 ? LEAD_EXPONENT * lead_evidence(c, ids, n) : 0;
        for (size_t i = 0; i < n; i++) {
            double prior = pow(1.0 + c->sents.v[ids[i]].position, -e);
            bias[i] = g * (rel[i] + REL_TELEPORT_FLOOR) + (1.0 - g) * prior;
            rel[i] = (1.0 - g) + g * rel[i];
        }
        if (q.n)
            damping = g * QUERY_DAMPING + (1.0 - g) * SM_DAMPING;
    } else {
        double e = LEAD_EXPONENT * lead_evidence(c, ids, n);
        for (size_t i = 0; i < n; i++)
            bias[i] = pow(1.0 + c->sents.v[ids[i]].position, -e);
    }
    score = sm_xmalloc(sm_mul(n, sizeof *score));
    sm_rank_damped(c, ids, n, o->similarity, bias, damping, score);
    weigh_scores(c, ids, n, rel, score);
    bool *seen = NULL;
    uint32_t *upd = NULL;
    sm_cleanup c_seen, c_upd;
    SM_CLEANUP_PTR(c_seen, seen);
    SM_CLEANUP_PTR(c_upd, upd);
    st = judge_novelty(c, ids, score, rel, &n, &seen, &upd);
    if (st == SM_OK) {
        sm_progress(c->ctx, "ranking", 2, 3);
        chosen = sm_xmalloc(sm_mul(n ? n : 1, sizeof *chosen));
        size_t k = choose(c, o, ids, score, rel, n, seen, g, chosen);
        *out = make_summary(c, o, ids, score, upd, n, chosen, k);
        sm_progress(c->ctx, "ranking", 3, 3);
    }
    sm_cleanup_run(&c_upd);
    sm_cleanup_run(&c_seen);
    sm_cleanup_run(&c_q);
    sm_cleanup_run(&c_score);
    sm_cleanup_run(&c_rel);
    sm_cleanup_run(&c_bias);
    sm_cleanup_run(&c_chosen);
    sm_cleanup_run(&c_ids);
    return st;
}

sm_status sm_summarize(sm_corpus *c, const sm_summary_opts *o, sm_summary **out)
{
    sm_status st;
    *out = NULL;
    SM_CORPUS_GUARDED(st, c, summarize(c, o, out));
    return st;
}

/* A sentence on one line: inner line breaks (a hard-wrapped sentence)
 * become spaces, which keeps the byte count. */
static void put_line(sm_buf *b, const char *s, size_t n)
{
    size_t start = b->len;
    sm_buf_add(b, s, n);
    for (size_t i = start; i < b->len; i++)
        if (b->s[i] == '\n' || b->s[i] == '\r' || b->s[i] == '\t')
            b->s[i] = ' ';
}

static void json_str(sm_buf *b, const char *s)
{
    if (!s) {
        sm_buf_adds(b, "null");
        return;
    }
    sm_buf_addc(b, '"');
    sm_buf_json_escape(b, s, strlen(s));
    sm_buf_addc(b, '"');
}

static sm_status summary_write(const sm_corpus *c, const sm_summary *s,
                               sm_format format, FILE *out)
{
    sm_buf b = {0}, line = {0};
    sm_cleanup c_b, c_line;
    SM_CLEANUP_BUF(c_b, b);
    SM_CLEANUP_BUF(c_line, line);
    if (format == SM_FORMAT_JSON) {
        sm_buf_printf(&b, "{\"words\": %zu, \"bytes\": %zu, \"sentences\": [",
                      s->words, s->bytes);
        for (size_t i = 0; i < s->n; i++) {
            const sm_sent *t = &c->sents.v[s->picks[i].sentence];
            const sm_doc *d = &c->docs.v[t->doc];
            line.len = 0;
            put_line(&line, t->text, t->len);
            sm_buf_adds(&b, i ? ",\n  {\"text\": \"" : "\n  {\"text\": \"");
            sm_buf_json_escape(&b, line.s, line.len);
            sm_buf_adds(&b, "\", \"doc\": ");
            json_str(&b, d->name);
            sm_buf_adds(&b, ", \"source\": ");
            json_str(&b, d->source);
            sm_buf_adds(&b, ", \"date\": ");
            json_str(&b, d->date);
            if (d->title) {
                sm_buf_adds(&b, ", \"title\": ");
                json_str(&b, d->title);
            }
            if (d->url) {
                sm_buf_adds(&b, ", \"url\": ");
                json_str(&b, d->url);
            }
            sm_buf_printf(&b, ", \"position\": %u, \"score\": %.6g",
                          t->position, s->picks[i].score);
            /* With seen material: new, or an update of a seen document. */
            size_t up = s->picks[i].update_of;
            if (up < c->docs.n) {
                sm_buf_adds(&b, ", \"novelty\": \"update\", \"update_of\": ");
                json_str(&b, c->docs.v[up].name);
            } else if (sm_corpus_has_seen(c)) {
                sm_buf_adds(&b, ", \"novelty\": \"new\"");
            }
            sm_buf_adds(&b, "}");
        }
        sm_buf_adds(&b, s->n ? "\n]}\n" : "]}\n");
    } else {
        for (size_t i = 0; i < s->n; i++) {
            const sm_sent *t = &c->sents.v[s->picks[i].sentence];
            put_line(&b, t->text, t->len);
            sm_buf_addc(&b, '\n');
        }
    }
    size_t w = b.len ? fwrite(b.s, 1, b.len, out) : 0;
    bool ok = w == b.len && fflush(out) == 0 && !ferror(out);
    sm_cleanup_run(&c_line);
    sm_cleanup_run(&c_b);
    if (!ok)
        return sm_fail(c->ctx, SM_ERR_IO, "cannot write the summary: %s",
                       "write error (disk full or closed pipe?)");
    return SM_OK;
}

sm_status sm_summary_write(const sm_corpus *c, const sm_summary *s,
                           sm_format format, FILE *out)
{
    sm_status st;
    SM_GUARDED(st, summary_write(c, s, format, out), (void)0);
    return st == SM_ERR_NOMEM ? sm_nomem(c->ctx) : st;
}
