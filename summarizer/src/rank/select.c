/*
 * select.c: choosing sentences within a budget, each fact once.
 *
 * Greedy by score.  A candidate is passed over when it would break the
 * budget (a shorter one later may still fit, so the budget is filled
 * without ever being exceeded or a sentence being cut), or when its tf-idf
 * cosine with a sentence already chosen reaches max_sim: it then says the
 * same thing, in another outlet or again in the same live blog.  This is
 * MMR (Carbonell & Goldstein 1998) with lambda = 1 and a hard redundancy
 * threshold, which keeps the chosen set independent of score scale.
 */
#include "rank/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct cand {
    uint32_t id;
    double score;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

size_t sm_select(const sm_corpus *c, const uint32_t *ids, const double *scores,
                 size_t n, const sm_select_opts *o, uint32_t *out)
{
    cand *cs = sm_xmalloc(sm_mul(n ? n : 1, sizeof *cs));
    for (size_t i = 0; i < n; i++) {
        cs[i].id = ids[i];
        cs[i].score = scores[i];
    }
    qsort(cs, n, sizeof *cs, cand_cmp);
    size_t chosen = 0, words = 0, bytes = 0;
    for (size_t i = 0; i < n; i++) {
        if (o->sentences && chosen >= o->sentences)
            break;
        const sm_sent *s = &c->sents.v[cs[i].id];
        if (o->skip_dangling && sm_sent_dangling(c, cs[i].id))
            continue;
        if (o->skip_headings && (s->flags & SM_SENT_HEADING))
            continue;
        if (o->words && words + s->words > o->words)
            continue;
        if (o->bytes && bytes + s->len + 1 > o->bytes)
            continue;
        bool dup = false;
        if (o->max_sim < 1.0)
            for (size_t k = 0; k < chosen && !dup; k++) {
                const sm_sent *t = &c->sents.v[out[k]];
                /* Identical text is a duplicate even with no terms. */
                if (s->len == t->len && memcmp(s->text, t->text, s->len) == 0)
                    dup = true;
                else if (sm_sent_cosine(c, s, t) >= o->max_sim)
                    dup = true;
            }
        if (dup)
            continue;
        out[chosen++] = cs[i].id;
        words += s->words;
        bytes += s->len + 1;
        /* Nothing shorter than one word can fit once the budget is full. */
        if ((o->words && words >= o->words) || (o->bytes && bytes >= o->bytes))
            break;
    }
    free(cs);
    return chosen;
}

void sm_near_duplicates(const sm_corpus *c, uint32_t s, const uint32_t *ids,
                        size_t n, double min_sim, sm_u32vec *out)
{
    const sm_sent *a = &c->sents.v[s];
    for (size_t i = 0; i < n; i++) {
        if (ids[i] == s)
            continue;
        const sm_sent *b = &c->sents.v[ids[i]];
        if ((a->len == b->len && memcmp(a->text, b->text, a->len) == 0) ||
            sm_sent_cosine(c, a, b) >= min_sim)
            SM_PUSH(*out, ids[i]);
    }
}

/* ---- concept coverage ------------------------------------------------- */

/*
 * Coverage selection: the summary should cover the facts many sources
 * repeat, each once.  Facts are approximated by concepts, pairs of adjacent
 * content terms (stemmed bigrams with stopwords removed), weighted by how
 * many documents contain them (Gillick & Favre 2009, the ICSI summarizer);
 * with fewer than three documents, by how many sentences do.  A concept
 * seen once carries no weight: nothing corroborates it.
 *
 * The objective adds the sentences' rank scores (TextRank, biased by
 * position, query or topic) to the weight of the concepts covered, each
 * concept counted once however many chosen sentences contain it (a
 * monotone submodular function, Lin & Bilmes 2011), and is maximised
 * greedily by gain per max(words, MIN_COST_WORDS)^COST_EXP under the
 * budget.
 */
#define COST_EXP 0.7
/* Shorter sentences cost as much as this many words, so fragments and
 * captions dense in frequent names do not win on length alone. */
#define MIN_COST_WORDS 10.0

typedef struct concept {
    double w;
    uint32_t lastdoc; /* document (or sentence) last counted, + 1 */
    bool covered;
} concept;

static void intern_cleanup(void *t)
{
    sm_intern_free(t);
}

/* How concepts are counted: by the documents that hold them once the
 * candidates come from COVER_BY_DOC_DOCS documents or more, and a concept
 * counts when COVER_MIN_FEW of them (COVER_MIN_MANY from COVER_MANY_DOCS
 * documents on) hold it: one outlet's repetition is not corroboration.
 * Set by hand (Gillick and Favre 2009 count concepts in three documents of
 * ten), checked on the bundled corpus. */
#define COVER_BY_DOC_DOCS 3
#define COVER_MANY_DOCS 5
#define COVER_MIN_FEW 2
#define COVER_MIN_MANY 3

/* The greedy choice by gain per word can leave words of the budget unused
 * or spend them on a short filler where a longer sentence covers more.
 * Local search on the objective itself: swap a chosen sentence for one left
 * out when the swap raises the objective (concepts covered plus scale times
 * rank) within the budget, the best swap first, at most SWAP_ROUNDS times
 * (a sentence limit of 8 swaps is more than summaries of a few hundred
 * words use).  Equal objective never swaps, so of two sentences carrying
 * the same concepts the shorter one the greedy chose stays.  A round is
 * O(chosen x candidates x concepts per sentence).
 *   Only where concepts are counted by documents (several outlets
 * corroborating them, the setting of Gillick & Favre): on Opinosis, one
 * document of opinions whose concepts are counted by sentence, it chose
 * longer, looser opinions (ROUGE-2 at 20 words 0.1016 -> 0.0992, at 50
 * 0.1680 -> 0.1655).  Where it runs (2026-11-29, on 4a35368): the bundled
 * corpus at 250 words 0.5907 / 0.1831 -> 0.6047 / 0.1925 (50 and
 * 100 words unchanged); three newswire clusters written for the purpose
 * (four AP/Reuters/AFP-style reports of one event each, two 80-word
 * references) at 60 words 0.4497 / 0.1907 -> 0.4870 / 0.2205, at 40 words
 * 0.4458 / 0.2406 -> 0.4344 / 0.2249 (one swap), at 100 and 150 unchanged;
 * tools/query_eval.sh ROUGE-2 mixed --query 0.0953 -> 0.0972, long query
 * 0.0408 -> 0.0500, no query 0.0366 -> 0.0392 (one aspect: one document,
 * unchanged). */
#define SWAP_ROUNDS 8

/* Main events before background.  Agency reports of one story open with
 * its latest development, and each outlet's report may lead with another
 * event of the story (the miners trapped, found alive, brought up); the
 * background they all repeat further down (a module's mass and cost, the
 * prize money, the region's flood history) is corroborated as often but
 * leads none.  So when the input reads as news (sm_select_opts'
 * cover_leads) the objective also counts how well the summary covers the
 * documents' leads, each lead covered as far as the closest chosen
 * sentence resembles it (tf-idf cosine; 1 when the lead itself is
 * chosen): facility location over the leads (Lin & Bilmes 2011), a
 * monotone submodular term like the concepts.  LEAD_COVER_WEIGHT is a
 * lead's worth in documents, the unit of a concept's weight: a lead
 * covered whole counts as much as a concept 2.5 documents share.  As far
 * as a query or topic leads the summary the term weighs less
 * (cover_leads).  Measured 2026-11-29 on the nine clusters of
 * tests/fixtures/newswire, R-2 recall at 40 / 60 / 80 / 100 / 120 / 150
 * / 200 words: 0.1957 / 0.1996 / 0.1997 / 0.2278 / 0.2577 / 0.3064 /
 * 0.3535 without, 0.2052 / 0.2094 / 0.2017 / 0.2363 / 0.2470 / 0.2992 /
 * 0.3618 with it (R-1 at 100 words 0.5225 -> 0.5334); the bundled
 * corpus at 50, 100, 150 words unchanged, at 250 R-1 0.6139 -> 0.6186,
 * R-2 0.2207 either way; Opinosis (one document) and tools/query_eval.sh
 * (reviews, or a query leading) unchanged.  Weights 0.5-1.5 changed only
 * 60 and 150 words (150 for the worse), 3 scored as 2.5, 4 lowered the
 * bundled corpus at 100 words (R-2 0.1330 -> 0.1281; 0.0936 at 9).  Past LEAD_COVER_MAX_DOCS documents the
 * input is no one story and the n x documents cosines are not worth
 * their memory: the term is left out. */
#define LEAD_COVER_WEIGHT 2.5
#define LEAD_COVER_MAX_DOCS 64

/* Whether sentence a says what the chosen b says: the same-fact rule when
 * the options carry one, else identical text or a cosine of max_sim. */
static bool redundant(const sm_corpus *c, const sm_select_opts *o,
                      uint32_t a, uint32_t b)
{
    const sm_sent *s = &c->sents.v[a], *t = &c->sents.v[b];
    if (s->len == t->len && memcmp(s->text, t->text, s->len) == 0)
        return true;
    double cos = sm_sent_cosine(c, s, t);
    return o->facts ? sm_same_fact(o->facts, a, b, cos) : cos >= o->max_sim;
}

/* Whether sentence id may join the chosen out[0..chosen) (but out[skip]):
 * when it shows a reason of o->need_context, only with the sentence
 * before it in its document among them. */
static bool context_ok(const sm_corpus *c, const sm_select_opts *o,
                       uint32_t id, const uint32_t *out, size_t chosen,
                       size_t skip)
{
    if (!o->need_context || !(sm_sent_alone(c, id) & o->need_context))
        return true;
    if (id == 0 || c->sents.v[id - 1].doc != c->sents.v[id].doc)
        return false;
    for (size_t k = 0; k < chosen; k++)
        if (k != skip && out[k] == id - 1)
            return true;
    return false;
}

/* Whether a chosen sentence other than out[j] needs out[j] for its
 * context (context_ok), so out[j] may not be swapped out. */
static bool context_of_other(const sm_corpus *c, const sm_select_opts *o,
                             const uint32_t *out, size_t chosen, size_t j)
{
    if (!o->need_context)
        return false;
    for (size_t k = 0; k < chosen; k++)
        if (k != j && out[k] == out[j] + 1 &&
            c->sents.v[out[k]].doc == c->sents.v[out[j]].doc &&
            (sm_sent_alone(c, out[k]) & o->need_context))
            return true;
    return false;
}

typedef struct swap_state {
    const sm_corpus *c;
    const uint32_t *ids;
    const double *scores;
    size_t n;
    const sm_select_opts *o;
    double scale;
    const concept *cs;
    size_t nconcepts;
    const uint32_t *sc;
    const size_t *first;
    /* Lead coverage (lead_matrix): lm[i * nleads + d] is candidate i's
     * cosine with document d's lead, lw a covered lead's worth; nleads is
     * 0 when it is off. */
    const double *lm;
    size_t nleads;
    double lw;
} swap_state;

/* What candidate i adds to the leads' coverage cov (per lead, the best
 * cosine of a chosen sentence with it). */
static double lead_gain(const swap_state *g, const double *cov, size_t i)
{
    double v = 0;
    for (size_t d = 0; d < g->nleads; d++) {
        double m = g->lm[i * g->nleads + d];
        if (m > cov[d])
            v += m - cov[d];
    }
    return g->lw * v;
}

/* Raises the leads' coverage cov by candidate i. */
static void lead_take(const swap_state *g, double *cov, size_t i)
{
    for (size_t d = 0; d < g->nleads; d++)
        if (g->lm[i * g->nleads + d] > cov[d])
            cov[d] = g->lm[i * g->nleads + d];
}

static double swap_add_gain(const swap_state *g, const uint32_t *cnt, size_t i)
{
    double v = g->scale * g->scores[i];
    for (size_t k = g->first[i]; k < g->first[i + 1]; k++)
        if (cnt[g->sc[k]] == 0)
            v += g->cs[g->sc[k]].w;
    return v;
}

static bool swap_dup(const swap_state *g, const uint32_t *out, size_t chosen,
                     size_t skip, uint32_t id)
{
    for (size_t k = 0; k < chosen && g->o->max_sim < 1.0; k++)
        if (k != skip && redundant(g->c, g->o, id, out[k]))
            return true;
    return false;
}

static void improve_by_swaps(const swap_state *g, size_t *pick, size_t chosen,
                             uint32_t *out)
{
    uint32_t *cnt = NULL;
    bool *in = NULL;
    double *cov = NULL; /* the leads' coverage without the one swapped out */
    sm_cleanup c_cnt, c_in, c_cov;
    SM_CLEANUP_PTR(c_cnt, cnt);
    SM_CLEANUP_PTR(c_in, in);
    SM_CLEANUP_PTR(c_cov, cov);
    cov = sm_xcalloc(g->nleads ? g->nleads : 1, sizeof *cov);
    cnt = sm_xcalloc(g->nconcepts ? g->nconcepts : 1, sizeof *cnt);
    in = sm_xcalloc(g->n, sizeof *in); /* chosen, or found redundant */
    size_t words = 0, bytes = 0;
    for (size_t j = 0; j < chosen; j++) {
        in[pick[j]] = true;
        for (size_t k = g->first[pick[j]]; k < g->first[pick[j] + 1]; k++)
            cnt[g->sc[k]]++;
        words += g->c->sents.v[g->ids[pick[j]]].words;
        bytes += g->c->sents.v[g->ids[pick[j]]].len + 1;
    }
    for (int round = 0; round < SWAP_ROUNDS; round++) {
        size_t bj = SIZE_MAX, bi = SIZE_MAX;
        double bd = 1e-9;
        for (size_t j = 0; j < chosen; j++) {
            const sm_sent *sj = &g->c->sents.v[g->ids[pick[j]]];
            if (context_of_other(g->c, g->o, out, chosen, j))
                continue;
            for (size_t k = g->first[pick[j]]; k < g->first[pick[j] + 1]; k++)
                cnt[g->sc[k]]--;
            double loss = swap_add_gain(g, cnt, pick[j]);
            if (g->nleads) {
                memset(cov, 0, g->nleads * sizeof *cov);
                for (size_t m = 0; m < chosen; m++)
                    if (m != j)
                        lead_take(g, cov, pick[m]);
                loss += lead_gain(g, cov, pick[j]);
            }
            for (size_t i = 0; i < g->n; i++) {
                const sm_sent *s = &g->c->sents.v[g->ids[i]];
                if (in[i] || (g->o->skip_dangling && sm_sent_dangling(g->c, g->ids[i])) ||
                    (g->o->skip_headings && (s->flags & SM_SENT_HEADING)) ||
                    (g->o->words && words - sj->words + s->words > g->o->words) ||
                    (g->o->bytes && bytes - sj->len + s->len > g->o->bytes) ||
                    !context_ok(g->c, g->o, g->ids[i], out, chosen, j))
                    continue;
                double d = swap_add_gain(g, cnt, i) + lead_gain(g, cov, i) - loss;
                if (d > bd) {
                    bd = d;
                    bi = i;
                    bj = j;
                }
            }
            for (size_t k = g->first[pick[j]]; k < g->first[pick[j] + 1]; k++)
                cnt[g->sc[k]]++;
        }
        if (bi == SIZE_MAX)
            break;
        in[bi] = true;
        if (swap_dup(g, out, chosen, bj, g->ids[bi]))
            continue; /* stays marked: never a candidate again */
        const sm_sent *sj = &g->c->sents.v[g->ids[pick[bj]]];
        const sm_sent *si = &g->c->sents.v[g->ids[bi]];
        words = words - sj->words + si->words;
        bytes = bytes - sj->len + si->len;
        for (size_t k = g->first[pick[bj]]; k < g->first[pick[bj] + 1]; k++)
            cnt[g->sc[k]]--;
        for (size_t k = g->first[bi]; k < g->first[bi + 1]; k++)
            cnt[g->sc[k]]++;
        in[pick[bj]] = false;
        pick[bj] = bi;
        out[bj] = g->ids[bi];
    }
    sm_cleanup_run(&c_cov);
    sm_cleanup_run(&c_in);
    sm_cleanup_run(&c_cnt);
}

/* The candidates' concepts and their weights, built by collect_concepts:
 * cs by concept id; sc the concept ids of candidate i, each once, at
 * sc[first[i]] .. sc[first[i + 1] - 1]. */
typedef SM_VEC(concept) concept_vec;

/* How many documents the candidates come from (they arrive grouped by
 * document): that decides how concepts are counted. */
static size_t count_docs(const sm_corpus *c, const uint32_t *ids, size_t n)
{
    size_t ndocs = 0;
    uint32_t last = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t d = c->sents.v[ids[i]].doc;
        if (d != last) {
            ndocs++;
            last = d;
        }
    }
    return ndocs;
}

/* Interns the candidates' concepts in keys, weighs each by the documents
 * (by_doc) or sentences that hold it, and lists each candidate's unique
 * concepts in sc from first[i]; first has n + 1 entries. */
static void collect_concepts(const sm_corpus *c, const uint32_t *ids, size_t n,
                             bool by_doc, sm_intern *keys, concept_vec *cs,
                             sm_u32vec *sc, size_t *first)
{
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[ids[i]];
        first[i] = sc->n;
        uint32_t unit = by_doc ? s->doc : ids[i];
        for (uint32_t k = 0; k + 1 < s->nterms; k++) {
            uint32_t key[2] = {s->terms[k], s->terms[k + 1]};
            uint32_t id = sm_intern_add(keys, (const char *)key, sizeof key);
            if (id >= cs->n) {
                concept z = {0, 0, false};
                SM_PUSH(*cs, z);
            }
            if (cs->v[id].lastdoc != unit + 1) {
                cs->v[id].lastdoc = unit + 1;
                cs->v[id].w += 1;
            }
            /* Unique per sentence. */
            bool seen = false;
            for (size_t m = first[i]; m < sc->n && !seen; m++)
                seen = sc->v[m] == id;
            if (!seen)
                SM_PUSH(*sc, id);
        }
    }
    first[n] = sc->n;
}

/* Zeroes the concepts too few units corroborate, and those of documents
 * the reader has already seen (o->seen_docs). */
static void drop_uncounted(const sm_corpus *c, const sm_select_opts *o,
                           const sm_intern *keys, concept_vec *cs,
                           double min_count)
{
    for (size_t k = 0; k < cs->n; k++)
        if (cs->v[k].w < min_count)
            cs->v[k].w = 0;
    if (o->seen_docs)
        for (size_t i = 0; i < c->sents.n; i++) {
            const sm_sent *s = &c->sents.v[i];
            if (!o->seen_docs[s->doc])
                continue;
            for (uint32_t k = 0; k + 1 < s->nterms; k++) {
                uint32_t key[2] = {s->terms[k], s->terms[k + 1]};
                uint32_t id = sm_intern_find(keys, (const char *)key, sizeof key);
                if (id != UINT32_MAX)
                    cs->v[id].w = 0;
            }
        }
}

/* In a query or topic summary a concept weighs as much as the sentences
 * that carry it are relevant (rel[i] for candidate i). */
static void weigh_by_relevance(const double *rel, size_t n, const size_t *first,
                               const sm_u32vec *sc, concept_vec *cs)
{
    double *rs = NULL;
    double *rn = NULL;
    sm_cleanup c_rs, c_rn;
    SM_CLEANUP_PTR(c_rs, rs);
    SM_CLEANUP_PTR(c_rn, rn);
    rs = sm_xcalloc(cs->n ? cs->n : 1, sizeof *rs);
    rn = sm_xcalloc(cs->n ? cs->n : 1, sizeof *rn);
    for (size_t i = 0; i < n; i++)
        for (size_t m = first[i]; m < first[i + 1]; m++) {
            rs[sc->v[m]] += rel[i];
            rn[sc->v[m]] += 1;
        }
    for (size_t k = 0; k < cs->n; k++)
        cs->v[k].w *= 0.1 + (rn[k] > 0 ? rs[k] / rn[k] : 0);
    sm_cleanup_run(&c_rs);
    sm_cleanup_run(&c_rn);
}

/* The rank term, scaled to the concepts: a sentence of top rank is worth
 * mu times an average sentence's concept mass. */
static double rank_scale(const double *scores, size_t n, const size_t *first,
                         const sm_u32vec *sc, const concept_vec *cs, double mu)
{
    double maxs = 0, mass = 0;
    size_t with = 0;
    for (size_t i = 0; i < n; i++) {
        if (scores[i] > maxs)
            maxs = scores[i];
        double m = 0;
        for (size_t k = first[i]; k < first[i + 1]; k++)
            m += cs->v[sc->v[k]].w;
        if (m > 0) {
            mass += m;
            with++;
        }
    }
    return mu * (with ? mass / (double)with : 1.0) / (maxs > 0 ? maxs : 1.0);
}

/* The greedy choice: the candidate of best gain per cost that fits the
 * budget, until none fits; a redundant one is dropped.  gone (n, zeroed)
 * marks candidates ruled out; pick gets the chosen candidates' indices,
 * out their sentence ids.  Returns how many were chosen. */
static size_t choose_greedy(const swap_state *g, concept_vec *cs, bool *gone,
                            size_t *pick, uint32_t *out)
{
    const sm_corpus *c = g->c;
    const sm_select_opts *o = g->o;
    const uint32_t *ids = g->ids;
    size_t chosen = 0, words = 0, bytes = 0;
    double *cov = NULL; /* the leads' coverage by the chosen */
    sm_cleanup c_cov;
    SM_CLEANUP_PTR(c_cov, cov);
    cov = sm_xcalloc(g->nleads ? g->nleads : 1, sizeof *cov);
    for (;;) {
        if (o->sentences && chosen >= o->sentences)
            break;
        size_t best = SIZE_MAX;
        double bestv = 0;
        for (size_t i = 0; i < g->n; i++) {
            if (gone[i])
                continue;
            const sm_sent *s = &c->sents.v[ids[i]];
            if ((o->skip_dangling && sm_sent_dangling(c, ids[i])) ||
                (o->skip_headings && (s->flags & SM_SENT_HEADING)) ||
                (o->words && words + s->words > o->words) ||
                (o->bytes && bytes + s->len + 1 > o->bytes)) {
                gone[i] = true;
                continue;
            }
            double gain = g->scale * g->scores[i];
            for (size_t k = g->first[i]; k < g->first[i + 1]; k++)
                if (!cs->v[g->sc[k]].covered)
                    gain += cs->v[g->sc[k]].w;
            gain += lead_gain(g, cov, i);
            double v = gain / pow(s->words > MIN_COST_WORDS ? (double)s->words : MIN_COST_WORDS, COST_EXP);
            /* Needing its context, not yet: the sentence before it may
             * still be chosen.  Asked only of a new best, the cheaper. */
            if ((v > bestv || (v == bestv && best != SIZE_MAX && ids[i] < ids[best])) &&
                context_ok(c, o, ids[i], out, chosen, SIZE_MAX)) {
                bestv = v;
                best = i;
            }
        }
        if (best == SIZE_MAX)
            break;
        gone[best] = true;
        const sm_sent *s = &c->sents.v[ids[best]];
        bool dup = false;
        for (size_t k = 0; k < chosen && !dup && o->max_sim < 1.0; k++)
            dup = redundant(c, o, ids[best], out[k]);
        if (dup)
            continue;
        pick[chosen] = best;
        out[chosen++] = ids[best];
        words += s->words;
        bytes += s->len + 1;
        for (size_t k = g->first[best]; k < g->first[best + 1]; k++)
            cs->v[g->sc[k]].covered = true;
        lead_take(g, cov, best);
    }
    sm_cleanup_run(&c_cov);
    return chosen;
}

/* Each candidate's cosine with each document's lead (the document's first
 * candidate; candidates arrive grouped by document), n x *nleads; NULL
 * with *nleads 0 past LEAD_COVER_MAX_DOCS documents. */
static double *lead_matrix(const sm_corpus *c, const uint32_t *ids, size_t n,
                           size_t *nleads)
{
    size_t nd = count_docs(c, ids, n);
    *nleads = 0;
    if (nd > LEAD_COVER_MAX_DOCS)
        return NULL;
    uint32_t lead[LEAD_COVER_MAX_DOCS];
    uint32_t last = UINT32_MAX;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (c->sents.v[ids[i]].doc != last) {
            last = c->sents.v[ids[i]].doc;
            lead[k++] = ids[i];
        }
    double *m = sm_xmalloc(sm_mul(sm_mul(n, nd), sizeof *m));
    sm_sent_cosines(c, ids, n, lead, nd, m);
    *nleads = nd;
    return m;
}

size_t sm_select_coverage(const sm_corpus *c, const uint32_t *ids,
                          const double *scores, const double *rel, size_t n,
                          const sm_select_opts *o, double mu, uint32_t *out)
{
    if (n == 0)
        return 0;
    size_t ndocs = count_docs(c, ids, n);
    bool by_doc = ndocs >= COVER_BY_DOC_DOCS;
    double min_count = by_doc && ndocs >= COVER_MANY_DOCS ? COVER_MIN_MANY
                                                          : COVER_MIN_FEW;

    sm_intern keys = {0};
    concept_vec cs = {0};
    sm_u32vec sc = {0}; /* candidates' unique concept ids, by first[] */
    sm_cleanup c_keys;
    sm_cleanup_push(&c_keys, intern_cleanup, &keys);
    size_t *first = NULL;
    bool *gone = NULL;
    size_t *pick = NULL; /* chosen candidates' indices into ids */
    sm_cleanup c_first, c_gone, c_pick, c_sc, c_cs;
    SM_CLEANUP_PTR(c_pick, pick);
    SM_CLEANUP_PTR(c_first, first);
    SM_CLEANUP_PTR(c_gone, gone);
    SM_CLEANUP_VEC(c_sc, sc);
    SM_CLEANUP_VEC(c_cs, cs);
    first = sm_xmalloc(sm_mul(n + 1, sizeof *first));
    collect_concepts(c, ids, n, by_doc, &keys, &cs, &sc, first);
    drop_uncounted(c, o, &keys, &cs, min_count);
    if (rel)
        weigh_by_relevance(rel, n, first, &sc, &cs);
    double scale = rank_scale(scores, n, first, &sc, &cs, mu);

    gone = sm_xcalloc(n, sizeof *gone);
    pick = sm_xmalloc(sm_mul(n, sizeof *pick));
    double *lm = NULL;
    size_t nleads = 0;
    sm_cleanup c_lm;
    SM_CLEANUP_PTR(c_lm, lm);
    if (by_doc && o->cover_leads > 0)
        lm = lead_matrix(c, ids, n, &nleads);
    swap_state g = {c, ids, scores, n, o, scale, cs.v, cs.n, sc.v, first,
                    lm, nleads, LEAD_COVER_WEIGHT * o->cover_leads};
    size_t chosen = choose_greedy(&g, &cs, gone, pick, out);
    if (by_doc)
        improve_by_swaps(&g, pick, chosen, out);
    sm_cleanup_run(&c_lm);
    sm_cleanup_run(&c_pick);
    sm_cleanup_run(&c_gone);
    sm_cleanup_run(&c_first);
    sm_cleanup_run(&c_sc);
    sm_cleanup_run(&c_cs);
    sm_cleanup_run(&c_keys);
    return chosen;
}
