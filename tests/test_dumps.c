/*
 * test_dumps.c: pages saved as text (w3m or lynx dumps, scraper files) as
 * the whole text pipeline leaves them: the exact sentences kept for small
 * hand-written fixtures (wrapped paragraphs, teaser runs, comment threads,
 * wire datelines, colons), through the public API only.
 */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sm_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = th_ctx();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sm_ctx_free(ctx);
    return 0;
}

/* Prepares a corpus of the NULL-terminated texts docs[] and checks that
 * document `doc` keeps exactly the sentences want[] (NULL-terminated). */
static void check_docs(const char *const *docs, size_t doc,
                       const char *const *want)
{
    sm_corpus *c = sm_corpus_new(ctx);
    for (size_t i = 0; docs[i]; i++) {
        char name[32];
        snprintf(name, sizeof name, "doc%zu", i);
        assert_int_equal(sm_corpus_add_text(c, name, docs[i], strlen(docs[i]),
                                            NULL),
                         SM_OK);
    }
    sm_status st = sm_corpus_prepare(c);
    size_t nwant = 0;
    while (want[nwant])
        nwant++;
    sm_doc_info d = {0};
    if (st == SM_OK)
        sm_corpus_doc(c, doc, &d);
    bool ok = d.n_sentences == nwant;
    for (size_t i = 0; ok && i < nwant; i++) {
        sm_sentence_info s;
        sm_corpus_sentence(c, d.first_sentence + i, &s);
        ok = s.len == strlen(want[i]) && memcmp(s.text, want[i], s.len) == 0;
    }
    if (!ok) {
        for (size_t i = 0; i < d.n_sentences; i++) {
            sm_sentence_info s;
            sm_corpus_sentence(c, d.first_sentence + i, &s);
            fprintf(stderr, "  got  %zu: [%.*s]\n", i, (int)s.len, s.text);
        }
        for (size_t i = 0; i < nwant; i++)
            fprintf(stderr, "  want %zu: [%s]\n", i, want[i]);
        sm_corpus_free(c);
        fail_msg("document %zu: wrong sentences", doc);
    }
    sm_corpus_free(c);
}

#define CHECK(text, ...)                                                       \
    do {                                                                       \
        const char *const docs_[] = {text, NULL};                              \
        const char *const want_[] = {__VA_ARGS__, NULL};                       \
        check_docs(docs_, 0, want_);                                           \
    } while (0)

/* A colon before a capital ends no sentence and cuts nothing off: only a
 * live blog's short label at the start of a line is dropped. */
static void test_colons(void **state)
{
    (void)state;
    CHECK("There was just one problem: The climactic song was cut from the "
          "film.\n\nHalf-Life: Alyx sold well in its first week.\n\n"
          "Fans waited years for Half-Life: Alyx to come out.",
          "There was just one problem: The climactic song was cut from the "
          "film.",
          "Half-Life: Alyx sold well in its first week.",
          "Fans waited years for Half-Life: Alyx to come out.");
    CHECK("Tanks delivered: Norway delivered eight tanks to Ukraine, the army "
          "said.\n\nThe vote was over by March: Officials confirmed it.",
          "Norway delivered eight tanks to Ukraine, the army said.",
          "The vote was over by March: Officials confirmed it.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colons),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
