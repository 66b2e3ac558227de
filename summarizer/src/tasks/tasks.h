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

#endif /* SM_TASKS_H */
