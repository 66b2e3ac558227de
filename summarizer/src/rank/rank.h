/*
 * rank/rank.h: the ranking layer: the sparse similarity graph, PageRank and
 * budgeted, redundancy-aware selection.  Uses text/ and common/.
 */
#ifndef SM_RANK_H
#define SM_RANK_H

#include "text/text.h"

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
/* sm_sent_cosine of each of ids[0..n) with each of to[0..nt), into
 * out[i * nt + k] (room for n x nt), each sentence's vector made once. */
void sm_sent_cosines(const sm_corpus *c, const uint32_t *ids, size_t n,
                     const uint32_t *to, size_t nt, double *out);

/* rank.c: weighted PageRank with teleport vector `bias` (NULL: uniform),
 * damping d, to L1 tolerance tol.  Writes n scores summing to 1.  The
 * graph is spent: each weight w(j,i) becomes the walk's w(j,i) / W(j). */
#define SM_DAMPING 0.85
#define SM_TOLERANCE 1e-9
int sm_pagerank(sm_graph *g, const double *bias, double d, double tol,
                double *scores);

/* rank.c: builds the graph over ids[0..n) and runs PageRank with the given
 * teleport bias (NULL: uniform; need not be normalised, all >= 0).  Writes
 * n scores summing to 1. */
void sm_rank(const sm_corpus *c, const uint32_t *ids, size_t n,
             sm_similarity sim, const double *bias, double *scores);
/* The same with damping d: the walk follows the graph with probability d
 * and jumps by the bias with 1 - d. */
void sm_rank_damped(const sm_corpus *c, const uint32_t *ids, size_t n,
                    sm_similarity sim, const double *bias, double d,
                    double *scores);

/* select.c: the budgeted, redundancy-aware choice of sentences. */
typedef struct sm_select_opts {
    size_t words, bytes, sentences; /* 0 = unbounded; bytes count text plus
                                       one '\n' per sentence */
    double max_sim;   /* a candidate whose cosine with a chosen sentence is
                         at or above this is a duplicate; >= 1.0: off */
    bool skip_dangling; /* never choose sm_sent_dangling sentences */
    bool skip_headings; /* never choose SM_SENT_HEADING sentences */
    /* Coverage selection: documents the reader has (NULL: none); the
     * concepts their sentences contain weigh nothing (ICSI's update
     * summaries, Gillick et al. 2009). */
    const bool *seen_docs;
    /* Coverage selection: when set, two sentences are redundant by the
     * same-fact rule (sm_same_fact, below) instead of max_sim alone. */
    struct sm_facts *facts;
    /* Coverage selection: how far (0..1) the summary should resemble as
     * many of the documents' leads (their first candidates) as it can,
     * because the input reads as news and each lead tells one of its main
     * events (see select.c); 0: off. */
    double cover_leads;
    /* Coverage selection: a candidate showing any of these stand-alone
     * reasons (SM_ALONE_*: an opening pronoun, a definite reference) is
     * chosen only with the sentence before it in its document, which tells
     * who or what it means; 0: off. */
    uint32_t need_context;
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
/* Two sentences of the same day report the same fact at this tf-idf cosine.
 * Lower than SM_MAX_SIM because outlets word a fact differently: on the
 * bundled corpus one fact in two outlets scores 0.32-0.41 ("$350 million
 * in security aid" / "$350m in weapons and equipment"), a live blog
 * repeating itself 0.65-0.97, distinct facts of one topic mostly below
 * 0.3. */
#define SM_SAME_FACT_COS 0.3

/* facts.c: fact keys (names, numbers) of a set of sentences, weighted by
 * their idf over the sentences added. */
typedef struct sm_facts sm_facts;
sm_facts *sm_facts_new(const sm_corpus *c);
/* Two sentences that each name a weekday (models/<lang>/weekdays.txt)
 * and none in common are two events, whatever else they share: the
 * digest's rule.  Off unless asked for: in generic summaries of the
 * newswire fixtures it lets a third day's report compete with the second
 * day's main event, and one of nine summaries loses it (100 words: R-1 /
 * R-2 0.5328 / 0.2363 -> 0.5256 / 0.2268). */
void sm_facts_tell_weekdays(sm_facts *f);
/* Documents of different dates may report the same event: a summary of a
 * story told over several days (wire reports restate the first day's
 * facts), where a digest keeps days apart. */
void sm_facts_any_day(sm_facts *f);
/* Counts sentence id's keys (add every sentence the test will compare). */
void sm_facts_add(sm_facts *f, uint32_t id);
/* Whether a and b share enough weighted names and numbers to be one fact. */
bool sm_facts_share_keys(sm_facts *f, uint32_t a, uint32_t b);
/* The whole same-fact rule, given the pair's tf-idf cosine: identical text,
 * a near-verbatim repeat (SM_MAX_SIM) or the same words quoted, on any
 * day; on the same day (or a day unknown) a paraphrase, by cosine
 * (SM_SAME_FACT_COS), by shared fact keys, or by a cosine nearly as high
 * with nothing named in one that the other does not name, so a 2023 visit
 * and a 2025 call of the same two presidents stay two facts. */
bool sm_same_fact(sm_facts *f, uint32_t a, uint32_t b, double cos);
/* Which test of the rule found a and b one fact (the first that holds, in
 * this order), or 0: the digest counts as corroboration only a report of
 * the same content, not the same names (digest.c). */
enum {
    SM_FACT_COPY = 1,  /* identical, or a cosine of SM_MAX_SIM */
    SM_FACT_QUOTE,     /* the same words quoted */
    SM_FACT_COS,       /* same day, cosine of SM_SAME_FACT_COS */
    SM_FACT_KEYS,      /* same day, shared names with a figure or day */
    SM_FACT_NAMES,     /* same day, shared names alone */
    SM_FACT_NEAR       /* same day, near cosine, nothing else named */
};
int sm_same_fact_how(sm_facts *f, uint32_t a, uint32_t b, double cos);
/* Whether b, in another document, corroborates a: the same fact by the
 * rule, and when by names alone, with a word in common that is no name or
 * figure ("Putin looked his Chinese counterpart in the eye" names the four
 * names of every report of the meeting, and reports none of them). */
bool sm_facts_corroborate(sm_facts *f, uint32_t a, uint32_t b, double cos);
void sm_facts_free(sm_facts *f);

#endif /* SM_RANK_H */
