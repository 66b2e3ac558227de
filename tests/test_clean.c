/*
 * test_clean.c: page-furniture removal on synthetic articles (not the seed
 * ones), cross-document recurrence, one-line articles that must survive, the
 * bundled corpus, and sm_sentence_is_furniture.
 */
#include "helpers.h"
#include "tasks/tasks.h"

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

/* A corpus built by hand, as ingest would leave it. */
static void corpus_init(sm_corpus *c)
{
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
}

static void corpus_add(sm_corpus *c, const char *text)
{
    sm_doc d = {0};
    d.name = sm_xstrdup("doc");
    d.raw = sm_xstrdup(text);
    d.rawlen = strlen(text);
    size_t start = sm_ingest_header(&d);
    memmove(d.raw, d.raw + start, d.rawlen - start + 1);
    d.rawlen -= start;
    SM_PUSH(c->docs, d);
}

static void corpus_done(sm_corpus *c)
{
    for (size_t i = 0; i < c->docs.n; i++) {
        free(c->docs.v[i].name);
        free(c->docs.v[i].raw);
        free(c->docs.v[i].body);
        free(c->docs.v[i].date);
        free(c->docs.v[i].source);
        free(c->docs.v[i].title);
        free(c->docs.v[i].url);
    }
    SM_FREEVEC(c->docs);
}

static void assert_body(const sm_doc *d, const char *want)
{
    if (d->bodylen != strlen(want) || strcmp(d->body, want) != 0)
        fail_msg("body:\n[%s]\nwant:\n[%s]", d->body, want);
}

static const char synthetic[] =
    "Skip to main content\n"
    "Menu\n"
    "By Jane Doe and John Roe, Example News\n"
    "Published 10:45 am EST, Tue January 9, 2024\n"
    "12 Comments\n"
    "Share this article\n"
    "\n"
    "Floods hit the valley\n"
    "\n"
    "Heavy rain flooded the valley on Tuesday, officials said.\n"
    "The river rose 2.5 metres overnight.\n"
    "\n"
    "A rescue worker carries a child through the water in Springfield.\n"
    "A rescue worker carries a child through the water in Springfield. "
    "(Jane Doe/Example Photos)\n"
    "\n"
    "READ MORE | Storm season starts early this year\n"
    "Advertisement\n"
    "Residents were told to leave their homes.\n"
    "\xC2\xA0\n"
    "2 hours ago\n"
    "\n"
    "From Example News staff in Springfield\n"
    "\n"
    "Schools will stay closed until Friday.\n"
    "Reporting by Jane Doe; Editing by John Roe\n"
    "(Photo: Example Agency)\n"
    "Follow us on Facebook\n"
    "Subscribe\n"
    "Sign up for our daily newsletter at example.com and get the news first.\n"
    "\n"
    "Leave a comment\n"
    "Your email address will not be published. Required fields are marked *\n"
    "Save my name, email, and website in this browser for the next time I "
    "comment.\n"
    "Post Comment\n"
    "Source link\n";

static void test_synthetic(void **state)
{
    (void)state;
    sm_corpus c;
    corpus_init(&c);
    corpus_add(&c, synthetic);
    sm_clean_corpus(&c);
    assert_body(&c.docs.v[0],
                "Floods hit the valley\n"
                "\n"
                "Heavy rain flooded the valley on Tuesday, officials said.\n"
                "The river rose 2.5 metres overnight.\n"
                "\n"
                "Residents were told to leave their homes.\n"
                "\n"
                "Schools will stay closed until Friday.");
    corpus_done(&c);
}

/* Short lines recurring across documents are boilerplate; a sentence two
 * outlets both quote is not. */
static void test_recurrence(void **state)
{
    (void)state;
    sm_corpus c;
    corpus_init(&c);
    corpus_add(&c, "Around the Globe Network\n\nThe minister resigned on "
                   "Monday.\n\n“We will never give up,” he said.\n\nMore from "
                   "our partners");
    corpus_add(&c, "Around the Globe Network\n\nParliament met on Tuesday.\n\n"
                   "“We will never give up,” he said.\n\nMore from our partners");
    corpus_add(&c, "Audio\nAudio\nA third outlet reported the vote.\n\nBackground");
    sm_clean_corpus(&c);
    assert_body(&c.docs.v[0], "The minister resigned on Monday.\n\n"
                              "“We will never give up,” he said.");
    assert_body(&c.docs.v[1], "Parliament met on Tuesday.\n\n"
                              "“We will never give up,” he said.");
    /* Repeated twice in one document; a heading seen once stays. */
    assert_body(&c.docs.v[2], "A third outlet reported the vote.\n\nBackground");
    corpus_done(&c);
}

/* Lines of a hard-wrapped paragraph are sentence fragments, never judged
 * as furniture by their shape. */
static void test_hard_wrapped(void **state)
{
    (void)state;
    static const char text[] =
        "Skip to main content\n"
        "\n"
        "Heavy rain hit the towns first described\n"
        "by Jane Doe and John Roe, Example News\n"
        "and others in a report published\n"
        "3 hours ago\n"
        "by the ministry, officials said.\n";
    sm_corpus c;
    corpus_init(&c);
    corpus_add(&c, text);
    sm_clean_corpus(&c);
    assert_body(&c.docs.v[0], "Heavy rain hit the towns first described\n"
                              "by Jane Doe and John Roe, Example News\n"
                              "and others in a report published\n"
                              "3 hours ago\n"
                              "by the ministry, officials said.");
    corpus_done(&c);
}

/* Reads a bundled article with its lines joined by spaces: the way
 * benchmarks feed documents, the whole article on one line. */
static char *one_line(const char *stem)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s.txt", SM_SOURCE_DIR, stem);
    size_t len;
    char *t = th_read_file(path, &len);
    assert_non_null(t);
    for (size_t i = 0; i < len; i++)
        if (t[i] == '\n')
            t[i] = ' ';
    size_t a = 0, b = len;
    while (a < b && t[a] == ' ')
        a++;
    while (b > a && t[b - 1] == ' ')
        b--;
    memmove(t, t + a, b - a);
    t[b - a] = '\0';
    return t;
}

static void test_one_line_article(void **state)
{
    (void)state;
    char *t3 = one_line("003_2b0fc1edd1746f18");
    char *t4 = one_line("004_7b267b99a1c28714");
    sm_corpus c;
    corpus_init(&c);
    corpus_add(&c, t3);
    corpus_add(&c, t4);
    corpus_add(&c, t4); /* the same article twice: still not boilerplate */
    corpus_add(&c, "Short one-line article about a vote. Source link");
    sm_clean_corpus(&c);
    assert_body(&c.docs.v[0], t3);
    assert_body(&c.docs.v[1], t4);
    assert_body(&c.docs.v[2], t4);
    assert_body(&c.docs.v[3], "Short one-line article about a vote. Source link");
    corpus_done(&c);
    free(t3);
    free(t4);
}

/* A one-line article with inline photo credits loses the captions and
 * credits, and keeps every sentence of the gold segmentation. */
static void test_one_line_with_captions(void **state)
{
    (void)state;
    char *t = one_line("001_e1367c04ae1515f4");
    sm_corpus c;
    corpus_init(&c);
    corpus_add(&c, t);
    sm_clean_corpus(&c);
    const char *body = c.docs.v[0].body;
    char path[512];
    snprintf(path, sizeof path, "%s/gold/001_e1367c04ae1515f4.txt", SM_TEST_DIR);
    char *gold = th_read_file(path, NULL);
    assert_non_null(gold);
    size_t checked = 0;
    for (char *line = strtok(gold, "\n"); line; line = strtok(NULL, "\n")) {
        /* Known loss: glued to its credit ("Photograph: APICC prosecutor"),
         * where no rule can tell the agency from the acronym. */
        if (line[0] == '#' || strncmp(line, "ICC prosecutor", 14) == 0)
            continue;
        if (!strstr(body, line))
            fail_msg("lost: %s", line);
        checked++;
    }
    assert_true(checked > 50);
    assert_null(strstr(body, "Photograph:"));
    assert_null(strstr(body, "shakes hands with the Russian president"));
    assert_null(strstr(body, "gestures while speaking"));
    free(gold);
    corpus_done(&c);
    free(t);
}

static void test_huge_line(void **state)
{
    (void)state;
    size_t n = 20u << 20;
    char *t = malloc(n + 1);
    assert_non_null(t);
    for (size_t i = 0; i < n; i++)
        t[i] = (i % 7 == 6) ? ' ' : 'a';
    t[n - 1] = '.';
    t[n] = '\0';
    sm_corpus c;
    corpus_init(&c);
    corpus_add(&c, t);
    corpus_add(&c, "Source link\nSource link\n\n\n");
    corpus_add(&c, "");
    sm_clean_corpus(&c);
    assert_int_equal(c.docs.v[0].bodylen, n);
    assert_body(&c.docs.v[1], "");
    assert_body(&c.docs.v[2], "");
    corpus_done(&c);
    free(t);
}

/* The bundled articles: furniture gone, content kept. */
static void test_seed_corpus(void **state)
{
    (void)state;
    static const char *const files[] = {
        "000_ba7aac7ce4dacd46", "001_e1367c04ae1515f4", "002_4ac66692c8016f07",
        "003_2b0fc1edd1746f18", "004_7b267b99a1c28714"};
    sm_corpus c;
    corpus_init(&c);
    for (size_t i = 0; i < 5; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/corpus/%s.txt", SM_SOURCE_DIR, files[i]);
        char *t = th_read_file(path, NULL);
        assert_non_null(t);
        corpus_add(&c, t);
        free(t);
    }
    sm_clean_corpus(&c);
    static const char *const gone[] = {
        "Skip to content", "Follow CNN", "41 Posts", "Sort by", "3 hr 25 min ago",
        "Updated 0255 GMT", "By Kathleen Magramo", "From CNN staff",
        "From CNN's Maria Kostenko", "(Susan Walsh/AP)", "contributed reporting",
        "LEAVE A REPLY", "Please enter your", "FILE PHOTO", "WATCH |",
        "With inputs from agencies", "You can now write for", "Source link",
        "Leave a Reply", "Your email address", "Featured News"};
    static const char *const kept[] = {
        "Xi holds talks in Moscow while US is skeptical",
        "Talks between the two leaders lasted more than four hours",
        "The talks lasted for 4.5 hours, according to RIA.",
        "The US secretary of state, Antony Blinken, has voiced scepticism",
        "China backs peace efforts",
        "Tens of thousands of people have been killed",
        "Kishida in Ukraine",
        "Ukraine’s foreign ministry described the trip as “historic”"};
    for (size_t g = 0; g < sizeof gone / sizeof *gone; g++)
        for (size_t i = 0; i < c.docs.n; i++)
            if (strstr(c.docs.v[i].body, gone[g]))
                fail_msg("document %zu still has \"%s\"", i, gone[g]);
    for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) {
        bool found = false;
        for (size_t i = 0; i < c.docs.n; i++)
            found |= strstr(c.docs.v[i].body, kept[k]) != NULL;
        if (!found)
            fail_msg("\"%s\" was removed", kept[k]);
    }
    /* The CNN caption pair went, the text after it stayed. */
    assert_null(strstr(c.docs.v[0].body, "speaks during the daily briefing"));
    assert_non_null(strstr(c.docs.v[0].body, "The White House maintained"));
    corpus_done(&c);
}

static bool furn(const char *s)
{
    return sm_sentence_is_furniture(ctx, s, strlen(s));
}

static void test_sentence_is_furniture(void **state)
{
    (void)state;
    assert_true(furn("Source link"));
    assert_true(furn("Advertisement"));
    assert_true(furn("China’s Xi arrives in Moscow – video"));
    assert_true(furn("Floods sweep the valley - photos"));
    assert_true(furn("Photograph: Reuters"));
    assert_true(furn("Follow us on Twitter"));
    assert_true(furn("Share this article"));
    assert_true(furn("4 hr 12 min ago"));
    assert_true(furn("Updated 1120 GMT (1920 HKT) April 2, 2024"));
    assert_true(furn("By Ann Lee and Bo Chan, Reuters"));
    assert_true(furn("Jane Doe (@janedoe) May 2, 2024"));
    assert_true(furn("Read more: the floods in pictures"));
    assert_true(furn("(Mark Smith/Example Agency)"));
    assert_false(furn("The president spoke on Monday."));
    assert_false(furn("By the end of the day, the talks had ended."));
    assert_false(furn("From Kyiv, the president flew to Warsaw."));
    assert_false(furn("The talks lasted 4.5 hours, according to RIA."));
    assert_false(furn("China backs peace efforts"));
    assert_false(furn("Share prices fell sharply on Monday."));
    assert_false(furn(""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synthetic),
        cmocka_unit_test(test_recurrence),
        cmocka_unit_test(test_hard_wrapped),
        cmocka_unit_test(test_one_line_article),
        cmocka_unit_test(test_one_line_with_captions),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_seed_corpus),
        cmocka_unit_test(test_sentence_is_furniture),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
