/*
 * rank.c: weighted PageRank over the similarity graph (TextRank), with an
 * optional teleport ("personalisation") vector that biases the walk towards
 * a query or a topic (biased LexRank, Otterbacher et al. 2005).
 *
 *   PR(i) = (1 - d) b(i) + d * sum_j w(j,i) / W(j) * PR(j)
 *
 * with b the normalised bias (uniform without one) and W(j) the sum of j's
 * edge weights.  A sentence with no edges gives its mass back through b, so
 * the scores always sum to 1.  Iteration is Jacobi-style in a fixed order,
 * so results are deterministic; it stops when the L1 change is below tol
 * or after MAX_ITER sweeps.
 */
#include "rank/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ITER 1000

/* The walk's transition weights in place: each entry (i, j) of g becomes
 * w(j,i) / W(j), the same quotient the sum used to divide out at every
 * sweep, so the scores are bit for bit what they were and a sweep costs a
 * multiplication per entry instead of a division too. */
static void normalise_weights(sm_graph *g, const double *out)
{
    size_t nnz = g->rowstart[g->n];
    for (size_t k = 0; k < nnz; k++)
        g->w[k] = g->w[k] / out[g->col[k]];
}

/* One sweep: next from cur; returns the L1 change.  dangling lists the
 * sentences without edges, in increasing order, whose mass goes back
 * through b. */
static double sweep(const sm_graph *g, const double *b, double d,
                    const uint32_t *dangling, size_t ndangling,
                    const double *cur, double *next)
{
    double lost = 0;
    for (size_t q = 0; q < ndangling; q++)
        lost += cur[dangling[q]];
    const size_t *rowstart = g->rowstart;
    const uint32_t *col = g->col;
    const double *w = g->w;
    double diff = 0;
    for (size_t i = 0; i < g->n; i++) {
        /* The graph is symmetric: i's in-edges are its row. */
        double s = 0;
        size_t k = rowstart[i], end = rowstart[i + 1];
        /* Four at a time, added in the same order: rows are hundreds of
         * entries long, and the loop's own count was a third of it. */
        for (; k + 4 <= end; k += 4) {
            s += w[k] * cur[col[k]];
            s += w[k + 1] * cur[col[k + 1]];
            s += w[k + 2] * cur[col[k + 2]];
            s += w[k + 3] * cur[col[k + 3]];
        }
        for (; k < end; k++)
            s += w[k] * cur[col[k]];
        next[i] = (1.0 - d) * b[i] + d * (s + lost * b[i]);
        diff += fabs(next[i] - cur[i]);
    }
    return diff;
}

int sm_pagerank(sm_graph *g, const double *bias, double d, double tol,
                double *scores)
{
    size_t n = g->n;
    if (n == 0)
        return 0;
    double *b = NULL;
    double *out = NULL;
    double *next = NULL;
    uint32_t *dangling = NULL;
    sm_cleanup c_b, c_out, c_next, c_dangling;
    SM_CLEANUP_PTR(c_b, b);
    SM_CLEANUP_PTR(c_out, out);
    SM_CLEANUP_PTR(c_next, next);
    SM_CLEANUP_PTR(c_dangling, dangling);
    b = sm_xmalloc(sm_mul(n, sizeof *b));
    double bsum = 0;
    for (size_t i = 0; i < n; i++) {
        double v = bias ? bias[i] : 1.0;
        b[i] = (v > 0 && isfinite(v)) ? v : 0.0;
        bsum += b[i];
    }
    for (size_t i = 0; i < n; i++)
        b[i] = bsum > 0 ? b[i] / bsum : 1.0 / (double)n;

    out = sm_xmalloc(sm_mul(n, sizeof *out)); /* W(j) */
    dangling = sm_xmalloc(sm_mul(n, sizeof *dangling));
    size_t ndangling = 0;
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t k = g->rowstart[j]; k < g->rowstart[j + 1]; k++)
            s += g->w[k];
        out[j] = s;
        if (s <= 0)
            dangling[ndangling++] = (uint32_t)j;
    }
    normalise_weights(g, out);
    next = sm_xmalloc(sm_mul(n, sizeof *next));
    for (size_t i = 0; i < n; i++)
        scores[i] = b[i];
    /* The sweeps alternate between the two arrays instead of copying. */
    double *cur = scores, *nxt = next;
    int iter = 0;
    while (iter < MAX_ITER) {
        iter++;
        double diff = sweep(g, b, d, dangling, ndangling, cur, nxt);
        double *t = cur;
        cur = nxt;
        nxt = t;
        if (diff < tol)
            break;
    }
    if (cur != scores)
        memcpy(scores, cur, n * sizeof *scores);
    sm_cleanup_run(&c_b);
    sm_cleanup_run(&c_out);
    sm_cleanup_run(&c_next);
    sm_cleanup_run(&c_dangling);
    return iter;
}

static void graph_cleanup(void *g)
{
    sm_graph_free(g);
}

void sm_rank(const sm_corpus *c, const uint32_t *ids, size_t n,
             sm_similarity sim, const double *bias, double *scores)
{
    sm_rank_damped(c, ids, n, sim, bias, SM_DAMPING, scores);
}

void sm_rank_damped(const sm_corpus *c, const uint32_t *ids, size_t n,
                    sm_similarity sim, const double *bias, double d,
                    double *scores)
{
    sm_graph g = {0};
    sm_cleanup c_g;
    sm_cleanup_push(&c_g, graph_cleanup, &g);
    sm_graph_build(c, ids, n, sim, &g);
    sm_pagerank(&g, bias, d, SM_TOLERANCE, scores);
    sm_cleanup_pop(&c_g);
    sm_graph_free(&g);
}
