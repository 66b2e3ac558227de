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
#include "internal.h"

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
        if (o->skip_dangling && (s->flags & SM_SENT_DANGLING))
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
