/*
 * novelty.c: what the reader already has.  Update summarization (the DUC
 * and TAC update tasks, 2007-2011): documents added with sm_corpus_add_seen
 * (or, in a daily digest, the earlier days) are read and indexed but never
 * quoted, and a candidate sentence is judged against them:
 *
 * - OLD: its cosine with a seen sentence (idf-weighted sets of terms, a
 *   figure counted only when both sentences have it) reaches SEEN_SAME and
 *   it brings no number or date the seen sentence lacks: a restatement,
 *   dropped.
 * - UPDATE: it is about a seen fact that had a figure (cosine at least
 *   SEEN_RELATED) and carries a number or date that sentence does not
 *   (numbers compared as numbers, whatever word holds them): a changed
 *   figure, a new toll, a next date.  Kept, preferred (UPDATE_BONUS), and
 *   marked with the document it updates.
 * - NEW: anything else; its score is scaled by 1 - cosine (maximal
 *   marginal relevance against the seen set, Carbonell & Goldstein 1998).
 *
 * Summaries also discount the concepts the seen documents contain (the
 * ICSI update system's choice: Gillick et al. 2009), in select.c.
 */
#include "tasks/tasks.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The same fact told again.  Not summarize's redundancy threshold
 * (SM_MAX_SIM, 0.5, a near-verbatim repeat in one input): a later report,
 * often another outlet's, retells a seen fact in other words.  On the
 * update benchmark (tests/fixtures/update-newswire) the B sentences that
 * only retell A score 0.467-0.491 against their seen sentence ("Reform
 * Union won the most seats in the March election, 37 of the 101 in
 * parliament" / "With all votes counted, Reform Union had 37 of the 101
 * seats"; "Kestrel ... weighs 21 tons" / "The module weighs 21 tons and is
 * 14 meters long"), B's developments that name the story's actors at most
 * 0.381 ("prosecutors welcomed ... the seven-year sentence handed to ...
 * Dan Ionescu").  Between the two, nearer the retellings. */
#define SEEN_SAME 0.45
/* About the same fact with a changed figure: both sentences carry figures
 * and share this much (idf-weighted terms, the figures only one has aside).  On the fixture
 * of tests/test_update.c, "has now burned 25,000 acres" against "has
 * scorched 12,000 acres" scores 0.24 in a five-sentence corpus and 0.3 and
 * more in larger ones; unrelated sentences with numbers stay under 0.15. */
#define SEEN_RELATED 0.2
/* An update outranks a new sentence of the same score by this much: the
 * reader of an ongoing story wants what changed first. */
#define UPDATE_BONUS 1.25
/* Seen sentences compared exactly, out of those sharing the most weight. */
#define SEEN_CANDIDATES 8
/* A term in more seen sentences than this is not followed (it is common
 * and would make the search quadratic). */
#define MAX_SEEN_POSTING 2000

static bool has_figure(const sm_sent *s)
{
    for (size_t i = 0; i < s->len; i++)
        if (s->text[i] >= '0' && s->text[i] <= '9')
            return true;
    return false;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* The next number of t[*i..n) from *i: a run of digits with the marks
 * between them ("25,000", "6.9", "4:12"), whatever word holds it
 * ("6.9-magnitude", "$1.6", "30-year"); its start in *at, its length
 * returned (0: none left). */
static size_t next_number(const char *t, size_t n, size_t *i, size_t *at)
{
    while (*i < n && !is_digit(t[*i]))
        (*i)++;
    *at = *i;
    while (*i < n && (is_digit(t[*i]) ||
                      ((t[*i] == ',' || t[*i] == '.' || t[*i] == ':') &&
                       *i + 1 < n && is_digit(t[*i + 1]))))
        (*i)++;
    return *i - *at;
}

/* Whether a states a number b does not: a changed figure, a new count or
 * date.  Numbers are compared whole and apart from the words around them,
 * so "the 6.9-magnitude quake" repeats "the magnitude 6.9 quake". */
static bool new_figure(const sm_sent *a, const sm_sent *b)
{
    size_t i = 0, at;
    size_t n;
    while ((n = next_number(a->text, a->len, &i, &at)) > 0) {
        bool found = false;
        size_t j = 0, bt, m;
        while (!found && (m = next_number(b->text, b->len, &j, &bt)) > 0)
            found = m == n && memcmp(b->text + bt, a->text + at, n) == 0;
        if (!found)
            return true;
    }
    return false;
}

void sm_seen_docs(const sm_corpus *c, const char *date, bool earlier,
                  bool *seen)
{
    for (size_t d = 0; d < c->docs.n; d++) {
        const sm_doc *doc = &c->docs.v[d];
        bool before = date && doc->date && strcmp(doc->date, date) < 0;
        seen[d] = (doc->seen && (!date || !doc->date || before)) ||
                  (earlier && before);
    }
}

bool sm_corpus_has_seen(const sm_corpus *c)
{
    for (size_t d = 0; d < c->docs.n; d++)
        if (c->docs.v[d].seen)
            return true;
    return false;
}

bool sm_any_seen(const sm_corpus *c, const bool *seen)
{
    for (size_t d = 0; d < c->docs.n; d++)
        if (seen[d])
            return true;
    return false;
}

typedef struct seen_index {
    sm_u32vec *post; /* term -> seen sentences */
    size_t nterms;
    double *acc;
    uint32_t *stamp;
    sm_u32vec touched;
} seen_index;

static void index_seen(const sm_corpus *c, const bool *seen, seen_index *ix)
{
    /* nterms only once post holds them: the cleanup walks post[nterms]. */
    size_t nt = c->df.n;
    ix->post = sm_xcalloc(nt ? nt : 1, sizeof *ix->post);
    ix->nterms = nt;
    ix->acc = sm_xcalloc(c->sents.n ? c->sents.n : 1, sizeof *ix->acc);
    ix->stamp = sm_xcalloc(c->sents.n ? c->sents.n : 1, sizeof *ix->stamp);
    for (size_t i = 0; i < c->sents.n; i++) {
        const sm_sent *s = &c->sents.v[i];
        if (!seen[s->doc])
            continue;
        for (uint32_t k = 0; k < s->nterms; k++) {
            sm_u32vec *pl = &ix->post[s->terms[k]];
            if (pl->n < MAX_SEEN_POSTING + 1 &&
                (pl->n == 0 || pl->v[pl->n - 1] != i))
                SM_PUSH(*pl, (uint32_t)i);
        }
    }
}

static void seen_index_free(seen_index *ix)
{
    for (size_t t = 0; t < ix->nterms; t++)
        SM_FREEVEC(ix->post[t]);
    free(ix->post);
    free(ix->acc);
    free(ix->stamp);
    SM_FREEVEC(ix->touched);
}

static void seen_index_cleanup(void *ix)
{
    seen_index_free(ix);
}

/* Whether term t is a figure (it holds a digit): figures are what an update
 * changes, so the fact a sentence reports is compared without them. */
static bool figure_term(const sm_corpus *c, uint32_t t)
{
    for (const char *p = c->vocab.terms.strs.v[t]; *p; p++)
        if (*p >= '0' && *p <= '9')
            return true;
    return false;
}

/* Whether sentence s holds term t. */
static bool has_term(const sm_sent *s, uint32_t t)
{
    for (uint32_t j = 0; j < s->nterms; j++)
        if (s->terms[j] == t)
            return true;
    return false;
}

/* The idf-weight a counts of its own distinct terms (*norm, squared) and
 * shares with b (return, squared): a figure only when b has it too. */
static double shared_weight(const sm_corpus *c, const sm_sent *a,
                            const sm_sent *b, double *norm)
{
    double dot = 0, n = (double)c->sents.n;
    *norm = 0;
    for (uint32_t i = 0; i < a->nterms; i++) {
        uint32_t t = a->terms[i];
        bool dup = false;
        for (uint32_t j = 0; j < i && !dup; j++)
            dup = a->terms[j] == t;
        if (dup)
            continue;
        bool in_b = has_term(b, t);
        if (!in_b && figure_term(c, t))
            continue;
        double w = sm_idf(n, (double)c->df.v[t]);
        *norm += w * w;
        if (in_b)
            dot += w * w;
    }
    return dot;
}

/* The idf-weighted cosine of two sentences' sets of terms, figures counted
 * only when both have them: "has burned 25,000 acres" and "has burned
 * 12,000 acres" are one fact with a changed figure, and "the prize, worth
 * 2 million kroner" and "the prize is worth 2 million kroner, about
 * $190,000" one fact told again. */
static double fact_cosine(const sm_corpus *c, const sm_sent *a,
                          const sm_sent *b)
{
    double na, nb;
    double dot = shared_weight(c, a, b, &na);
    (void)shared_weight(c, b, a, &nb);
    return na > 0 && nb > 0 ? dot / sqrt(na * nb) : 0;
}

/* The seen sentence closest to s (cosine), or UINT32_MAX; *cos gets it. */
static uint32_t closest_seen(const sm_corpus *c, seen_index *ix, uint32_t sid,
                             uint32_t stamp, double *cos)
{
    const sm_sent *s = &c->sents.v[sid];
    ix->touched.n = 0;
    for (uint32_t k = 0; k < s->nterms; k++) {
        const sm_u32vec *pl = &ix->post[s->terms[k]];
        if (pl->n > MAX_SEEN_POSTING)
            continue;
        double w = sm_idf((double)c->sents.n, (double)c->df.v[s->terms[k]]);
        for (size_t j = 0; j < pl->n; j++) {
            uint32_t o = pl->v[j];
            if (ix->stamp[o] != stamp) {
                ix->stamp[o] = stamp;
                ix->acc[o] = 0;
                SM_PUSH(ix->touched, o);
            }
            ix->acc[o] += w;
        }
    }
    uint32_t top[SEEN_CANDIDATES];
    size_t nt = 0;
    for (size_t i = 0; i < ix->touched.n; i++) {
        uint32_t o = ix->touched.v[i];
        if (nt == SEEN_CANDIDATES && ix->acc[o] <= ix->acc[top[nt - 1]])
            continue;
        size_t j = nt < SEEN_CANDIDATES ? nt++ : nt - 1;
        while (j > 0 && ix->acc[top[j - 1]] < ix->acc[o]) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = o;
    }
    uint32_t best = UINT32_MAX;
    *cos = 0;
    for (size_t i = 0; i < nt; i++) {
        double cs = fact_cosine(c, s, &c->sents.v[top[i]]);
        if (cs > *cos) {
            *cos = cs;
            best = top[i];
        }
    }
    return best;
}

size_t sm_novelty(const sm_corpus *c, const bool *seen, uint32_t *ids,
                  double *scores, double *rel, size_t n, uint32_t *update_of,
                  size_t *dropped)
{
    seen_index ix = {0};
    sm_cleanup c_ix;
    sm_cleanup_push(&c_ix, seen_index_cleanup, &ix);
    index_seen(c, seen, &ix);
    size_t m = 0;
    *dropped = 0;
    for (size_t i = 0; i < n; i++) {
        double cs = 0;
        uint32_t o = closest_seen(c, &ix, ids[i], (uint32_t)i + 1, &cs);
        uint32_t of = UINT32_MAX;
        double f = 1.0 - cs;
        if (o != UINT32_MAX && cs >= SEEN_RELATED &&
            has_figure(&c->sents.v[o]) &&
            new_figure(&c->sents.v[ids[i]], &c->sents.v[o])) {
            of = c->sents.v[o].doc;
            f = UPDATE_BONUS;
        } else if (cs >= SEEN_SAME) {
            (*dropped)++;
            continue;
        }
        ids[m] = ids[i];
        if (scores)
            scores[m] = scores[i] * f;
        if (rel)
            rel[m] = rel[i];
        if (update_of)
            update_of[m] = of;
        m++;
    }
    sm_cleanup_run(&c_ix);
    return m;
}

/* ---- adding what was seen ------------------------------------------------ */

/* Whether path starts like a digest archive: a gzip member with an extra
 * field (archive/archive.c writes its 'SM' subfield there). */
static bool looks_like_archive(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    unsigned char h[4] = {0};
    size_t got = fread(h, 1, sizeof h, f);
    fclose(f);
    return got == 4 && h[0] == 0x1f && h[1] == 0x8b && h[2] == 8 && (h[3] & 4);
}

/* One archived digest as a document: its sentences, one paragraph each. */
static sm_status add_digest_doc(sm_corpus *c, const char *name,
                                const sm_archive_entry *e, const char *data,
                                size_t len)
{
    sm_docmeta meta = {0};
    meta.source = "digest archive";
    meta.date = e->date[0] ? e->date : NULL;
    if (strcmp(e->format, "json") != 0)
        return sm_corpus_add_text(c, name, data, len, &meta);
    char err[256];
    sm_digest *d = sm_digest_parse_json(data, len, err, sizeof err);
    if (!d) {
        sm_warnf(c->ctx, "%s: skipped: %s", name, err);
        return SM_OK;
    }
    sm_buf b = {0};
    for (size_t t = 0; t < d->n_topics; t++)
        for (size_t i = 0; i < d->topics[t].n_sentences; i++) {
            const char *s = d->topics[t].sentences[i].text;
            if (s) {
                sm_buf_adds(&b, s);
                sm_buf_adds(&b, "\n\n");
            }
        }
    sm_status st = SM_OK;
    if (b.len)
        st = sm_corpus_add_text(c, name, b.s, b.len, &meta);
    sm_buf_free(&b);
    sm_digest_free(d);
    return st;
}

static sm_status add_seen_archive(sm_corpus *c, const char *path)
{
    sm_archive *a = NULL;
    char *msg = NULL;
    if (sm_archive_open(path, &a, &msg) != SM_OK) {
        sm_status st = sm_fail(c->ctx, SM_ERR_IO, "%s", msg ? msg : path);
        free(msg);
        return st;
    }
    const char *damage = sm_archive_damage(a, NULL);
    if (damage)
        sm_warnf(c->ctx, "%s (the digests before it count as seen)", damage);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    sm_status st = SM_OK;
    for (size_t i = 0; i < sm_archive_count(a) && st == SM_OK; i++) {
        const sm_archive_entry *e = sm_archive_entry_at(a, i);
        char *data = NULL;
        size_t len = 0;
        if (sm_archive_read(a, i, &data, &len, &msg) != SM_OK) {
            sm_warnf(c->ctx, "%s", msg ? msg : path);
            free(msg);
            msg = NULL;
            continue;
        }
        sm_buf name = {0};
        sm_buf_printf(&name, "%s#%llu", base, (unsigned long long)e->number);
        st = add_digest_doc(c, name.s, e, data, len);
        sm_buf_free(&name);
        free(data);
    }
    sm_archive_close(a);
    return st;
}

static sm_status add_seen_work(sm_corpus *c, const char *path)
{
    if (c->prepared)
        return sm_fail(c->ctx, SM_ERR_USAGE,
                       "documents cannot be added to a prepared corpus");
    size_t before = c->docs.n;
    sm_status st = looks_like_archive(path) ? add_seen_archive(c, path)
                                            : sm_corpus_add_path(c, path);
    for (size_t d = before; d < c->docs.n; d++)
        c->docs.v[d].seen = true;
    return st;
}

sm_status sm_corpus_add_seen(sm_corpus *c, const char *path)
{
    sm_status st;
    SM_GUARDED(st, add_seen_work(c, path), (void)0);
    return st == SM_ERR_NOMEM ? sm_nomem(c->ctx) : st;
}
