/*
 * test_facts.c: the same-fact rule (rank/facts.c) on pairs labelled by hand
 * from the bundled corpus (tests/fixtures/facts/pairs.tsv): precision and
 * recall of the whole rule against the tf-idf cosine alone, and exact
 * verdicts on the examples.
 */
#include "helpers.h"
#include "tasks/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sm_ctx *ctx;
static sm_corpus *corpus;
static sm_facts *facts;

static int setup(void **state)
{
    (void)state;
    ctx = th_ctx();
    corpus = sm_corpus_new(ctx);
    if (sm_corpus_add_path(corpus, SM_SOURCE_DIR "/corpus") != SM_OK ||
        sm_corpus_prepare(corpus) != SM_OK)
        return -1;
    /* As the digest does: keys weighed over the whole period. */
    facts = sm_facts_new(corpus);
    for (size_t i = 0; i < corpus->sents.n; i++)
        sm_facts_add(facts, (uint32_t)i);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sm_facts_free(facts);
    sm_corpus_free(corpus);
    sm_ctx_free(ctx);
    return 0;
}

/* The corpus sentence whose text, white space squeezed, is t. */
static uint32_t find(const char *t)
{
    sm_buf b = {0};
    for (size_t i = 0; i < corpus->sents.n; i++) {
        const sm_sent *s = &corpus->sents.v[i];
        b.len = 0;
        bool space = false;
        for (size_t k = 0; k < s->len; k++) {
            char ch = s->text[k];
            if (ch == ' ' || ch == '\n' || ch == '\t') {
                space = b.len > 0;
                continue;
            }
            if (space)
                sm_buf_addc(&b, ' ');
            space = false;
            sm_buf_addc(&b, ch);
        }
        if (b.len == strlen(t) && memcmp(b.s, t, b.len) == 0) {
            sm_buf_free(&b);
            return (uint32_t)i;
        }
    }
    sm_buf_free(&b);
    fail_msg("not a sentence of the corpus: %s", t);
    return 0;
}

static bool same(uint32_t a, uint32_t b)
{
    double cs = sm_sent_cosine(corpus, &corpus->sents.v[a], &corpus->sents.v[b]);
    return sm_same_fact(facts, a, b, cs) && sm_same_fact(facts, b, a, cs);
}

static bool same_by_cosine(uint32_t a, uint32_t b)
{
    double cs = sm_sent_cosine(corpus, &corpus->sents.v[a], &corpus->sents.v[b]);
    return cs >= SM_SAME_FACT_COS;
}

typedef struct pr {
    size_t tp, fp, fn, tn;
} pr;

static void test_labelled_pairs(void **state)
{
    (void)state;
    char *text = th_read_file(SM_TEST_DIR "/fixtures/facts/pairs.tsv", NULL);
    assert_non_null(text);
    pr rule = {0}, cosine = {0};
    size_t pairs = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == '#')
            continue;
        char *t1 = strchr(line, '\t');
        assert_non_null(t1);
        *t1++ = '\0';
        char *t2 = strchr(t1, '\t');
        assert_non_null(t2);
        *t2++ = '\0';
        bool want = strcmp(line, "same") == 0;
        assert_true(want || strcmp(line, "diff") == 0);
        uint32_t a = find(t1), b = find(t2);
        bool got = same(a, b), cos = same_by_cosine(a, b);
        if (got != want)
            fprintf(stderr, "%s pair judged %s:\n  %s\n  %s\n", line,
                    got ? "same" : "diff", t1, t2);
        rule.tp += got && want;
        rule.fp += got && !want;
        rule.fn += !got && want;
        cosine.tp += cos && want;
        cosine.fp += cos && !want;
        cosine.fn += !cos && want;
        pairs++;
    }
    free(text);
    double p = (double)rule.tp / (double)(rule.tp + rule.fp);
    double r = (double)rule.tp / (double)(rule.tp + rule.fn);
    double pc = cosine.tp + cosine.fp ? (double)cosine.tp / (double)(cosine.tp + cosine.fp) : 0;
    double rc = (double)cosine.tp / (double)(cosine.tp + cosine.fn);
    fprintf(stderr, "%zu pairs: same-fact rule precision %.3f recall %.3f; "
            "cosine >= %.1f alone precision %.3f recall %.3f\n",
            pairs, p, r, SM_SAME_FACT_COS, pc, rc);
    assert_int_equal(pairs, 79);
    /* Fact keys find paraphrases the cosine misses without merging more
     * distinct facts (0.889 / 0.600 against 0.864 / 0.475 when written). */
    assert_true(p >= pc);
    assert_true(r >= rc + 0.1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_labelled_pairs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
