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

int sm_pagerank(const sm_graph *g, const double *bias, double d, double tol,
                double *scores)
{
    size_t n = g->n;
    if (n == 0)
        return 0;
    double *b = NULL;
    double *out = NULL;
    double *next = NULL;
    sm_cleanup c_b, c_out, c_next;
    SM_CLEANUP_PTR(c_b, b);
    SM_CLEANUP_PTR(c_out, out);
    SM_CLEANUP_PTR(c_next, next);
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
    for (size_t j = 0; j < n; j++) {
        double s = 0;
        for (size_t k = g->rowstart[j]; k < g->rowstart[j + 1]; k++)
            s += g->w[k];
        out[j] = s;
    }
    next = sm_xmalloc(sm_mul(n, sizeof *next));
    for (size_t i = 0; i < n; i++)
        scores[i] = b[i];
    int iter = 0;
    while (iter < MAX_ITER) {
        iter++;
        double dangling = 0;
        for (size_t j = 0; j < n; j++)
            if (out[j] <= 0)
                dangling += scores[j];
        for (size_t i = 0; i < n; i++) {
            /* The graph is symmetric: i's in-edges are its row. */
            double s = 0;
            for (size_t k = g->rowstart[i]; k < g->rowstart[i + 1]; k++) {
                uint32_t j = g->col[k];
                s += g->w[k] / out[j] * scores[j];
            }
            next[i] = (1.0 - d) * b[i] + d * (s + dangling * b[i]);
        }
        double diff = 0;
        for (size_t i = 0; i < n; i++) {
            diff += fabs(next[i] - scores[i]);
            scores[i] = next[i];
        }
        if (diff < tol)
            break;
    }
    sm_cleanup_run(&c_b);
    sm_cleanup_run(&c_out);
    sm_cleanup_run(&c_next);
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
