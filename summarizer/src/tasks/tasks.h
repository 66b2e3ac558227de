/*
 * tasks/tasks.h: what the tasks (summaries, digests, topics, rendering)
 * share among themselves.  Uses rank/, text/ and common/.
 */
#ifndef SM_TASKS_H
#define SM_TASKS_H

#include "rank/rank.h"

/* topics.c: relevance of sentences ids[0..n) to every topic, into
 * rel[i * ntopics + topic], each >= 0. */
void sm_topics_relevance(const sm_topics *t, sm_corpus *c, const uint32_t *ids,
                         size_t n, double *rel);
double sm_topics_threshold(const sm_topics *t, size_t i);
sm_ctx *sm_topics_ctx(const sm_topics *t);

/* discover.c: stories of the period that no profile covers. */
#define SM_STORY_KEYWORDS 8 /* keyphrases kept per story */
typedef struct sm_found {
    char *id, *title;       /* owned */
    char **keywords;        /* owned, n_keywords of them, best first */
    size_t n_keywords;
    uint32_t *docs;         /* documents of the story, ascending */
    size_t n_docs;
    uint32_t *cand;         /* its eligible sentences no profile took */
    double *rel;            /* their relevance to the story */
    size_t n_cand;
    uint32_t story;         /* discover.c's own number for it */
} sm_found;
/* Groups the sentences pool[0..npool) (ascending ids, the period's) into
 * stories and returns the best max of them that no profile covers, best
 * first.  state[i] says what pool[i] is: 0 not eligible for a briefing, 1
 * eligible, 2 eligible but taken by a profile topic.  Story ids avoid
 * ids[0..nids).  *out is freed with sm_found_free. */
size_t sm_discover(sm_corpus *c, const uint32_t *pool, size_t npool,
                   const uint8_t *state, size_t max, const char *const *ids,
                   size_t nids, sm_found **out);
void sm_found_free(sm_found *f, size_t n);
/* The best max keyphrases of sentences ids[0..n) (TextRank on words), best
 * first: *out is a NULL-terminated array of owned strings (free each and the
 * array); *scores (optional) their scores, freed with free().  Returns how
 * many. */
size_t sm_keyphrases(sm_corpus *c, const uint32_t *ids, size_t n, size_t max,
                     char ***out, double **scores);

/* render.c, for render_html.c: whether a URL is a web link (http or
 * https: only those become links), and a sentence's attribution and "also
 * in" outlets as HTML, each outlet linked to its article when known. */
bool sm_web_url(const char *url);
void sm_render_html_attribution(sm_buf *b, const sm_digest_sentence *s);
/* novelty.c: what the reader already has.  Fills seen[doc] for a summary
 * or a digest of `date` (NULL: of everything): documents added as seen
 * (dated before date, or undated), and with `earlier` every document dated
 * before date (a daily digest's earlier days). */
void sm_seen_docs(const sm_corpus *c, const char *date, bool earlier,
                  bool *seen);
bool sm_any_seen(const sm_corpus *c, const bool *seen);
/* Whether any document was added with sm_corpus_add_seen. */
bool sm_corpus_has_seen(const sm_corpus *c);
/* Judges candidates ids[0..n) against the seen documents' sentences,
 * compacting ids, scores and rel (either may be NULL) in place: a
 * restatement of a seen fact is dropped (counted in *dropped), an update (a
 * seen fact with a new figure) is kept and preferred, update_of[i] (when
 * not NULL) getting the seen document it updates (UINT32_MAX: new), and
 * anything else is discounted by its similarity to what was seen.  Returns
 * how many are left. */
size_t sm_novelty(const sm_corpus *c, const bool *seen, uint32_t *ids,
                  double *scores, double *rel, size_t n, uint32_t *update_of,
                  size_t *dropped);

#endif /* SM_TASKS_H */
