/*
 * graph.c: the sentence similarity graph, built sparsely.
 *
 * An inverted index over the chosen sentences' terms gives, for each
 * sentence, the later sentences it shares a term with; only those pairs are
 * ever scored, so sentences that share nothing cost nothing.  A term shared
 * by very many sentences would still make the work quadratic, so beyond
 * FULL_POSTING sentences a term links each sentence only to the WINDOW
 * sentences that follow it in the term's posting list; small inputs (every
 * test fixture, every news cluster) are never windowed.
 *
 * Similarities:
 *   TextRank (Mihalcea & Tarau 2004): |Si ∩ Sj| / (log|Si| + log|Sj|), with
 *     |S| the number of content terms, counted at least 2 so that one-word
 *     sentences do not divide by log 1 = 0.
 *   BM25: cosine of the two sentences' BM25-weighted term vectors (k1 1.2,
 *     b 0.75, idf log(1 + (N - df + 0.5) / (df + 0.5)) over the corpus).
 */
#include "rank/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FULL_POSTING 500
#define WINDOW 64

typedef struct local_sent {
    uint32_t first, n; /* range in the shared term/weight arrays */
    double norm;       /* BM25: vector length; TextRank: log(max(|S|, 2)) */
} local_sent;

static int u32cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* BM25's term-frequency saturation k1 and length normalisation b, at the
 * values of Robertson and Zaragoza (2009) and most systems, not tuned here;
 * written out with k1 + 1 and 1 - b as the literals the similarity always
 * used, so the scores stay bit for bit what they were. */
#define BM25_K1 1.2
#define BM25_B 0.75
#define BM25_K1_PLUS_1 2.2
#define BM25_1_MINUS_B 0.25

static double idf(const sm_corpus *c, uint32_t t)
{
    return sm_idf((double)c->sents.n, t < c->df.n ? (double)c->df.v[t] : 0.0);
}

/* Unique sorted terms of a sentence with their counts, appended to terms/tf. */
static uint32_t unique_terms(const sm_sent *s, sm_u32vec *terms, sm_u32vec *tf,
                             sm_u32vec *scratch)
{
    scratch->n = 0;
    SM_RESERVE(*scratch, s->nterms);
    memcpy(scratch->v, s->terms, s->nterms * sizeof *s->terms);
    scratch->n = s->nterms;
    qsort(scratch->v, scratch->n, sizeof *scratch->v, u32cmp);
    uint32_t u = 0;
    for (size_t i = 0; i < scratch->n;) {
        size_t j = i;
        while (j < scratch->n && scratch->v[j] == scratch->v[i])
            j++;
        SM_PUSH(*terms, scratch->v[i]);
        SM_PUSH(*tf, (uint32_t)(j - i));
        u++;
        i = j;
    }
    return u;
}

double sm_sent_cosine(const sm_corpus *c, const sm_sent *a, const sm_sent *b)
{
    sm_u32vec ta = {0}, fa = {0}, tb = {0}, fb = {0}, scratch = {0};
    sm_cleanup c_ta, c_fa, c_tb, c_fb, c_scratch;
    SM_CLEANUP_VEC(c_ta, ta);
    SM_CLEANUP_VEC(c_fa, fa);
    SM_CLEANUP_VEC(c_tb, tb);
    SM_CLEANUP_VEC(c_fb, fb);
    SM_CLEANUP_VEC(c_scratch, scratch);
    unique_terms(a, &ta, &fa, &scratch);
    unique_terms(b, &tb, &fb, &scratch);
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < ta.n; i++) {
        double w = fa.v[i] * idf(c, ta.v[i]);
        na += w * w;
    }
    for (size_t i = 0; i < tb.n; i++) {
        double w = fb.v[i] * idf(c, tb.v[i]);
        nb += w * w;
    }
    size_t i = 0, j = 0;
    while (i < ta.n && j < tb.n) {
        if (ta.v[i] < tb.v[j]) {
            i++;
        } else if (ta.v[i] > tb.v[j]) {
            j++;
        } else {
            double w = idf(c, ta.v[i]);
            dot += fa.v[i] * w * fb.v[j] * w;
            i++;
            j++;
        }
    }
    sm_cleanup_run(&c_ta);
    sm_cleanup_run(&c_fa);
    sm_cleanup_run(&c_tb);
    sm_cleanup_run(&c_fb);
    sm_cleanup_run(&c_scratch);
    return (na > 0 && nb > 0) ? dot / (sqrt(na) * sqrt(nb)) : 0.0;
}

/* The squared tf-idf length of the unique terms t[0..n) counted f. */
static double sq_norm(const sm_corpus *c, const uint32_t *t, const uint32_t *f,
                      size_t n)
{
    double v = 0;
    for (size_t i = 0; i < n; i++) {
        double w = f[i] * idf(c, t[i]);
        v += w * w;
    }
    return v;
}

void sm_sent_cosines(const sm_corpus *c, const uint32_t *ids, size_t n,
                     const uint32_t *to, size_t nt, double *out)
{
    /* The targets' unique terms, target k's at [at[k], at[k + 1]). */
    sm_u32vec tt = {0}, tf = {0}, ta = {0}, fa = {0}, scratch = {0};
    size_t *at = NULL;
    double *nb = NULL;
    sm_cleanup c_tt, c_tf, c_ta, c_fa, c_scratch, c_at, c_nb;
    SM_CLEANUP_VEC(c_tt, tt);
    SM_CLEANUP_VEC(c_tf, tf);
    SM_CLEANUP_VEC(c_ta, ta);
    SM_CLEANUP_VEC(c_fa, fa);
    SM_CLEANUP_VEC(c_scratch, scratch);
    SM_CLEANUP_PTR(c_at, at);
    SM_CLEANUP_PTR(c_nb, nb);
    at = sm_xmalloc(sm_mul(nt + 1, sizeof *at));
    nb = sm_xmalloc(sm_mul(nt ? nt : 1, sizeof *nb));
    for (size_t k = 0; k < nt; k++) {
        at[k] = tt.n;
        unique_terms(&c->sents.v[to[k]], &tt, &tf, &scratch);
        nb[k] = sq_norm(c, tt.v + at[k], tf.v + at[k], tt.n - at[k]);
    }
    at[nt] = tt.n;
    for (size_t i = 0; i < n; i++) {
        ta.n = fa.n = 0;
        unique_terms(&c->sents.v[ids[i]], &ta, &fa, &scratch);
        double na = sq_norm(c, ta.v, fa.v, ta.n);
        for (size_t k = 0; k < nt; k++) {
            /* The same sums in the same order as sm_sent_cosine. */
            double dot = 0;
            size_t x = 0, y = at[k];
            while (x < ta.n && y < at[k + 1]) {
                if (ta.v[x] < tt.v[y]) {
                    x++;
                } else if (ta.v[x] > tt.v[y]) {
                    y++;
                } else {
                    double w = idf(c, ta.v[x]);
                    dot += fa.v[x] * w * tf.v[y] * w;
                    x++;
                    y++;
                }
            }
            out[i * nt + k] = (na > 0 && nb[k] > 0)
                                  ? dot / (sqrt(na) * sqrt(nb[k])) : 0.0;
        }
    }
    sm_cleanup_run(&c_nb);
    sm_cleanup_run(&c_at);
    sm_cleanup_run(&c_scratch);
    sm_cleanup_run(&c_fa);
    sm_cleanup_run(&c_ta);
    sm_cleanup_run(&c_tf);
    sm_cleanup_run(&c_tt);
}

/* What sm_graph_build's stages share.  The arrays are owned by its
 * cleanups; a stage only fills them. */
typedef struct graph_work {
    const sm_corpus *c;
    const uint32_t *ids;
    size_t n;
    sm_similarity sim;
    sm_u32vec terms, tf, scratch; /* unique terms and counts, by ls */
    local_sent *ls;
    double *wt;     /* BM25 weight of each entry of terms */
    size_t *pstart; /* postings of term t: post[pstart[t] .. pstart[t + 1]) */
    uint32_t *post;
    uint32_t *place; /* place of each entry of terms in its posting */
    double *acc;       /* BM25: the overlap with each later sentence */
    uint32_t *shared;  /* TextRank: the terms shared with each later one */
    uint32_t *touched; /* the later sentences met, in the order met */
    size_t *upper;     /* upper[i]: where row i's entries j > i begin */
    size_t *pos;
} graph_work;

/* Per-sentence unique terms, their BM25 weights and each sentence's norm. */
static void sentence_vectors(graph_work *w)
{
    const sm_corpus *c = w->c;
    size_t n = w->n;
    w->ls = sm_xcalloc(n, sizeof *w->ls);
    double total_len = 0;
    for (size_t i = 0; i < n; i++)
        total_len += c->sents.v[w->ids[i]].nterms;
    double avg = total_len / (double)n;
    if (avg <= 0)
        avg = 1;
    for (size_t i = 0; i < n; i++) {
        w->ls[i].first = (uint32_t)w->terms.n;
        w->ls[i].n = unique_terms(&c->sents.v[w->ids[i]], &w->terms, &w->tf,
                                  &w->scratch);
    }
    w->wt = sm_xcalloc(w->terms.n ? w->terms.n : 1, sizeof *w->wt);
    local_sent *ls = w->ls;
    for (size_t i = 0; i < n; i++) {
        const sm_sent *s = &c->sents.v[w->ids[i]];
        if (w->sim == SM_SIM_BM25) {
            double norm = 0;
            for (uint32_t k = ls[i].first; k < ls[i].first + ls[i].n; k++) {
                double f = w->tf.v[k];
                double x = idf(c, w->terms.v[k]) * f * BM25_K1_PLUS_1 /
                           (f + BM25_K1 * (BM25_1_MINUS_B + BM25_B * s->nterms / avg));
                w->wt[k] = x;
                norm += x * x;
            }
            ls[i].norm = sqrt(norm);
        } else {
            ls[i].norm = log(s->nterms > 2 ? (double)s->nterms : 2.0);
        }
    }
}

/* Inverted index: postings of local sentence ids, in increasing order, and
 * for every (sentence, term) its place in that posting. */
static void build_postings(graph_work *w)
{
    const sm_u32vec *terms = &w->terms;
    size_t *fill = NULL;
    sm_cleanup c_fill;
    SM_CLEANUP_PTR(c_fill, fill);
    uint32_t maxterm = 0;
    for (size_t k = 0; k < terms->n; k++)
        if (terms->v[k] >= maxterm)
            maxterm = terms->v[k] + 1;
    size_t *pstart = w->pstart = sm_xcalloc((size_t)maxterm + 1, sizeof *pstart);
    for (size_t k = 0; k < terms->n; k++)
        pstart[terms->v[k] + 1]++;
    for (size_t t = 0; t < maxterm; t++)
        pstart[t + 1] += pstart[t];
    w->post = sm_xmalloc(sm_mul(terms->n ? terms->n : 1, sizeof *w->post));
    w->place = sm_xmalloc(sm_mul(terms->n ? terms->n : 1, sizeof *w->place));
    fill = sm_xcalloc((size_t)maxterm + 1, sizeof *fill);
    for (size_t i = 0; i < w->n; i++)
        for (uint32_t k = w->ls[i].first; k < w->ls[i].first + w->ls[i].n; k++) {
            uint32_t t = terms->v[k];
            size_t at = pstart[t] + fill[t]++;
            w->post[at] = (uint32_t)i;
            w->place[k] = (uint32_t)at;
        }
    sm_cleanup_run(&c_fill);
}

/* The end of t's posting that sentence i, at place p in it, links to:
 * past FULL_POSTING sentences, only the WINDOW after i. */
static size_t posting_end(const graph_work *w, uint32_t t, size_t p)
{
    size_t end = w->pstart[t + 1];
    if (end - w->pstart[t] > FULL_POSTING && end > p + 1 + WINDOW)
        end = p + 1 + WINDOW;
    return end;
}

/* TextRank: the later sentences sharing a term with sentence i into
 * w->touched (in the order met), with how many terms in w->shared.
 * Returns how many. */
static size_t overlap_textrank(graph_work *w, size_t i)
{
    const local_sent *ls = w->ls;
    uint32_t *shared = w->shared, *touched = w->touched;
    size_t nt = 0;
    for (uint32_t k = ls[i].first; k < ls[i].first + ls[i].n; k++) {
        size_t end = posting_end(w, w->terms.v[k], w->place[k]);
        for (size_t p = w->place[k] + 1; p < end; p++) {
            uint32_t j = w->post[p];
            if (shared[j]++ == 0)
                touched[nt++] = j;
        }
    }
    return nt;
}

/* BM25: the same, with the dot product of the weights in w->acc. */
static size_t overlap_bm25(graph_work *w, size_t i)
{
    const local_sent *ls = w->ls;
    const uint32_t *terms = w->terms.v;
    const double *wt = w->wt;
    double *acc = w->acc;
    size_t nt = 0;
    for (uint32_t k = ls[i].first; k < ls[i].first + ls[i].n; k++) {
        uint32_t t = terms[k];
        size_t end = posting_end(w, t, w->place[k]);
        for (size_t p = w->place[k] + 1; p < end; p++) {
            uint32_t j = w->post[p];
            if (acc[j] == 0)
                w->touched[nt++] = j;
            /* Find j's weight for t: its terms are sorted. */
            const uint32_t *tj = terms + ls[j].first;
            size_t lo = 0, hi = ls[j].n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (tj[mid] < t)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            acc[j] += wt[k] * wt[ls[j].first + lo];
            if (acc[j] == 0) /* cannot stay 0, but keep touched exact */
                acc[j] = 1e-300;
        }
    }
    return nt;
}

/* The entries j > i of every row i (a positive similarity with a later
 * sentence), in the order met, packed into g->col and g->w from the
 * start; w->upper[i] is where row i's begin, and g->rowstart[r + 1]
 * counts row r's entries of both halves. */
static void upper_rows(graph_work *w, sm_graph *g)
{
    size_t n = w->n, cap = 0, ne = 0;
    const local_sent *ls = w->ls;
    for (size_t i = 0; i < n; i++) {
        w->upper[i] = ne;
        size_t nt = w->sim == SM_SIM_BM25 ? overlap_bm25(w, i)
                                          : overlap_textrank(w, i);
        if (ne + nt > cap) {
            cap = cap ? cap : n;
            while (cap < ne + nt)
                cap *= 2;
            g->col = sm_xrealloc(g->col, sm_mul(cap, sizeof *g->col));
            g->w = sm_xrealloc(g->w, sm_mul(cap, sizeof *g->w));
        }
        for (size_t q = 0; q < nt; q++) {
            uint32_t j = w->touched[q];
            double x;
            if (w->sim == SM_SIM_BM25) {
                double den = ls[i].norm * ls[j].norm;
                x = den > 0 ? w->acc[j] / den : 0;
                w->acc[j] = 0;
            } else {
                x = (double)w->shared[j] / (ls[i].norm + ls[j].norm);
                w->shared[j] = 0;
            }
            if (x > 0 && isfinite(x)) {
                g->col[ne] = j;
                g->w[ne] = x;
                ne++;
                g->rowstart[i + 1]++;
                g->rowstart[j + 1]++;
            }
        }
    }
    w->upper[n] = ne;
}

/* Both halves of every row in place, rows in order: row r holds its
 * entries i < r in increasing i, then its own entries j > r in the order
 * met.  The arrays grow from the upper halves to twice their size; each
 * row's upper half moves up to its place, the last row first (a row never
 * moves down, so none is overwritten before it moved), then every entry
 * (i, j) is copied as (j, i) into j's lower half. */
static void mirror_rows(graph_work *w, sm_graph *g)
{
    size_t n = w->n;
    for (size_t i = 0; i < n; i++)
        g->rowstart[i + 1] += g->rowstart[i];
    size_t nnz = g->rowstart[n];
    g->col = sm_xrealloc(g->col, sm_mul(nnz ? nnz : 1, sizeof *g->col));
    g->w = sm_xrealloc(g->w, sm_mul(nnz ? nnz : 1, sizeof *g->w));
    size_t next = w->upper[n]; /* where the row after r began */
    for (size_t r = n; r-- > 0;) {
        size_t from = w->upper[r], len = next - from;
        size_t to = g->rowstart[r + 1] - len;
        memmove(g->col + to, g->col + from, len * sizeof *g->col);
        memmove(g->w + to, g->w + from, len * sizeof *g->w);
        w->upper[r] = to;
        next = from;
    }
    size_t *pos = w->pos = sm_xmalloc(sm_mul(n, sizeof *pos));
    memcpy(pos, g->rowstart, n * sizeof *pos);
    for (size_t i = 0; i < n; i++)
        for (size_t k = w->upper[i]; k < g->rowstart[i + 1]; k++) {
            size_t at = pos[g->col[k]]++;
            g->col[at] = (uint32_t)i;
            g->w[at] = g->w[k];
        }
}

void sm_graph_build(const sm_corpus *c, const uint32_t *ids, size_t n,
                    sm_similarity sim, sm_graph *g)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->rowstart = sm_xcalloc(n + 1, sizeof *g->rowstart);
    if (n == 0)
        return;

    /* g's arrays are the caller's (sm_graph_free) from here. */
    graph_work w = {.c = c, .ids = ids, .n = n, .sim = sim};
    sm_cleanup c_ls, c_wt, c_pstart, c_post, c_place, c_acc, c_shared,
        c_touched, c_upper, c_pos, c_terms, c_tf, c_scratch;
    SM_CLEANUP_PTR(c_ls, w.ls);
    SM_CLEANUP_PTR(c_wt, w.wt);
    SM_CLEANUP_PTR(c_pstart, w.pstart);
    SM_CLEANUP_PTR(c_post, w.post);
    SM_CLEANUP_PTR(c_place, w.place);
    SM_CLEANUP_PTR(c_acc, w.acc);
    SM_CLEANUP_PTR(c_shared, w.shared);
    SM_CLEANUP_PTR(c_touched, w.touched);
    SM_CLEANUP_PTR(c_upper, w.upper);
    SM_CLEANUP_PTR(c_pos, w.pos);
    SM_CLEANUP_VEC(c_terms, w.terms);
    SM_CLEANUP_VEC(c_tf, w.tf);
    SM_CLEANUP_VEC(c_scratch, w.scratch);
    sentence_vectors(&w);
    build_postings(&w);
    if (sim == SM_SIM_BM25)
        w.acc = sm_xcalloc(n, sizeof *w.acc);
    else
        w.shared = sm_xcalloc(n, sizeof *w.shared);
    w.touched = sm_xmalloc(sm_mul(n, sizeof *w.touched));
    w.upper = sm_xmalloc(sm_mul(n + 1, sizeof *w.upper));
    upper_rows(&w, g);
    /* The postings are done with: free them before the rows double. */
    sm_cleanup_run(&c_acc);
    sm_cleanup_run(&c_shared);
    sm_cleanup_run(&c_touched);
    sm_cleanup_run(&c_post);
    sm_cleanup_run(&c_place);
    sm_cleanup_run(&c_pstart);
    mirror_rows(&w, g);
    sm_cleanup_run(&c_pos);
    sm_cleanup_run(&c_upper);
    sm_cleanup_run(&c_wt);
    sm_cleanup_run(&c_ls);
    sm_cleanup_run(&c_terms);
    sm_cleanup_run(&c_tf);
    sm_cleanup_run(&c_scratch);
}

void sm_graph_free(sm_graph *g)
{
    free(g->rowstart);
    free(g->col);
    free(g->w);
    memset(g, 0, sizeof *g);
}
