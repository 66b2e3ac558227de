/*
 * test_standalone.c: which sentences can be read without their neighbours
 * (text/standalone.c), one sentence and its expected reasons at a time, and
 * that a digest never chooses one that cannot.
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

static uint32_t reasons(const char *s)
{
    sm_buf tmp = {0};
    uint32_t r = sm_standalone_reasons(ctx, &tmp, s, strlen(s));
    sm_buf_free(&tmp);
    return r;
}

#define EXPECT(s, want)                                                        \
    do {                                                                       \
        uint32_t got_ = reasons(s);                                            \
        if (got_ != (uint32_t)(want))                                          \
            fail_msg("[%s]: reasons %#x, want %#x", s, got_, (unsigned)(want)); \
    } while (0)

static void test_stands_alone(void **state)
{
    (void)state;
    EXPECT("Norway delivered eight Leopard 2 tanks to Ukraine, the Norwegian "
           "Armed Forces announced.", 0);
    EXPECT("The US has committed more than $32 billion in Presidential "
           "Drawdown funds to aid Ukraine.", 0);
    /* A definite noun with a complement says which one. */
    EXPECT("The announcement of new sanctions came on Monday in Brussels.", 0);
    EXPECT("The talks between Xi and Putin lasted 4.5 hours.", 0);
    /* A short sentence that names something is a fact. */
    EXPECT("Training for Ukrainian soldiers is underway in Poland.", 0);
    EXPECT("Prices rose 3% in May.", 0);
    EXPECT("“We will win,” Zelensky said.", 0);
}

static void test_openers(void **state)
{
    (void)state;
    EXPECT("In addition, Rall worked with the Red Cross in Bosnia and Croatia.",
           SM_ALONE_REFERENCE);
    EXPECT("All the while, police looked on calmly.",
           SM_ALONE_REFERENCE | SM_ALONE_NOFACT);
    EXPECT("He said the war could end immediately if Putin withdrew troops.",
           SM_ALONE_REFERENCE);
    EXPECT("It's fast to acquire satellites in the Alps.", SM_ALONE_REFERENCE);
    EXPECT("“However, nothing changed,” Kirby said.", SM_ALONE_REFERENCE);
    EXPECT("The two leaders are expected to hold further meetings tomorrow.",
           SM_ALONE_REFERENCE);
    /* "Here" is a word of its own, "Herewith" is not "here". */
    EXPECT("Herewith Ukraine ends the talks in Minsk.", 0);
}

static void test_definite_reference(void **state)
{
    (void)state;
    EXPECT("The announcement was matched by the US, with President Joe Biden "
           "saying that he was providing 31 M1 Abrams tanks to Ukraine.",
           SM_ALONE_DEFINITE);
    EXPECT("The move drew criticism from Moscow and Beijing.",
           SM_ALONE_DEFINITE);
    EXPECT("The president told reporters he was open and candid with Xi.",
           SM_ALONE_DEFINITE);
}

static void test_fragments_captions_cuts(void **state)
{
    (void)state;
    EXPECT("and the talks went on for hours in the Kremlin.",
           SM_ALONE_REFERENCE | SM_ALONE_FRAGMENT);
    EXPECT("continued in the Kremlin on Tuesday.", SM_ALONE_FRAGMENT);
    EXPECT("A. We never discussed the Moscow deal with Reuters.",
           SM_ALONE_FRAGMENT);
    EXPECT("Q: Did you meet the Chinese delegation in Moscow?",
           SM_ALONE_FRAGMENT);
    EXPECT("John Kirby speaks during the daily briefing at the White House in "
           "Washington, DC, on Monday.", SM_ALONE_CAPTION);
    EXPECT("Xi Jinping, left, and Vladimir Putin at the Kremlin.",
           SM_ALONE_CAPTION);
    EXPECT("Kirby said the US would “not accept a ceasefire that", SM_ALONE_CUT);
    /* Newswire's quotes: a quotation cut by the boundary after its first
     * sentence, and a whole one. */
    EXPECT("Kestrel is home,'' said station commander Yuki Tanabe, a Japanese "
           "astronaut.", SM_ALONE_CUT);
    EXPECT("``We heard a roar,'' said Mehmet Yilmaz, 52, who pulled his two "
           "daughters from the rubble.", 0);
    EXPECT("Here are the latest headlines:",
           SM_ALONE_REFERENCE | SM_ALONE_CUT | SM_ALONE_NOFACT);
    EXPECT("Confrontation is never good.", SM_ALONE_NOFACT);
}

/* Page furniture written as sentences (page.c), and the article sentences
 * that look like it but are not. */
static void test_page_reader(void **state)
{
    (void)state;
    EXPECT("Please disable your ad blocker to keep reading our journalism "
           "for free.", SM_ALONE_READER);
    EXPECT("Subscribe now and get unlimited access to every story.",
           SM_ALONE_READER);
    EXPECT("Check your inbox to confirm your subscription.",
           SM_ALONE_READER | SM_ALONE_NOFACT);
    EXPECT("For more stories like this one, visit www.example.org today.",
           SM_ALONE_READER);
    /* Quoted speech, a reader's word without the web, a noun that is also
     * an imperative. */
    EXPECT("“You can check your email later,” Ruiz told the council.", 0);
    EXPECT("If you look at your browser history, you will see every site "
           "you visited.", 0);
    EXPECT("Share prices rose 3% in early trading on Tuesday.", 0);
    /* A prompt at the end of a line, a short imperative with the site's
     * voice; a longer one is advice. */
    EXPECT("New - Harbour Live TV - Click here for showtimes.",
           SM_ALONE_READER);
    EXPECT("Try our other games!", SM_ALONE_READER | SM_ALONE_NOFACT);
    EXPECT("Sorry, we can't load comments right now.",
           SM_ALONE_READER | SM_ALONE_NOFACT);
    EXPECT("The ferry left at noon <div style=\"display:none\"> with 40 "
           "cars on board.", SM_ALONE_READER);
    EXPECT("Keep your receipts for a month and check them against your "
           "bank statement before you pay.", 0);
}

static void test_page_legal_credit(void **state)
{
    (void)state;
    EXPECT("All content may not be published, broadcast, rewritten or "
           "redistributed.", SM_ALONE_LEGAL);
    EXPECT("We use cookies to give you the best experience on our website.",
           SM_ALONE_LEGAL | SM_ALONE_READER);
    EXPECT("Any information on this website is not intended as a substitute "
           "for professional advice.", SM_ALONE_LEGAL);
    /* One word of the law is news about the law; quoted terms too. */
    EXPECT("A federal court ruled that the copyright claim against the band "
           "had no merit.", 0);
    EXPECT("Regulators said the firm \"never asked for consent\" before it "
           "sold cookies data.", 0);
    EXPECT("Portions of this page are ©2019 by the Harbour Courier.",
           SM_ALONE_LEGAL);
    EXPECT("Your privacy is important to us.",
           SM_ALONE_LEGAL | SM_ALONE_NOFACT);
    EXPECT("Posted by Tom Berg in Harbour News.", SM_ALONE_CREDIT);
    EXPECT("Maria Keller is a senior reporter who covers transport for the "
           "Courier.", SM_ALONE_CREDIT);
    EXPECT("Keller is a former mayor who led the city for ten years.", 0);
}

static void test_page_teaser_list(void **state)
{
    (void)state;
    EXPECT("Why Are So Many Ferries Running Late This Summer?",
           SM_ALONE_TEASER);
    EXPECT("Ferry fares: what changes in the new year?",
           SM_ALONE_TEASER | SM_ALONE_NOFACT);
    EXPECT("The council's plan for the harbour, the roads and the schools…",
           SM_ALONE_TEASER);
    /* Names are capitalised, and so is a title in quotes. */
    EXPECT("President Xi Jinping met Vladimir Putin in Moscow on Monday.", 0);
    EXPECT("The Beatles released \"Let It Be\" in 1970 after the breakup.", 0);
    EXPECT("Ferry times, harbour news and more.",
           SM_ALONE_TEASER | SM_ALONE_NOFACT);
    EXPECT("Tom Berg waved at the crowd, and Lord Of The Isles left the "
           "harbour at noon.", 0);
    EXPECT("Politics • Business • Sport • Sign in", SM_ALONE_LIST);
    EXPECT("Updated 3 hours ago", SM_ALONE_LIST);
    EXPECT("Comments (105)", SM_ALONE_LIST);
    EXPECT("Prices rose 3% in May.", 0);
    EXPECT("On March 3, 2025, the council met again.", 0);
}

/* A page saved as text (tests/fixtures/furniture/harbour.txt, written for
 * this test: prompts glued to paragraphs, a legal line, a bio, a teaser,
 * a share bar): its 100-word summary is the article's sentences only,
 * shorter than the budget rather than filled with furniture. */
static void test_dump_summary(void **state)
{
    (void)state;
    const char *args[] = {"summarize", "--words", "100",
                          SM_TEST_DIR "/fixtures/furniture/harbour.txt", NULL};
    char *out = NULL, *err = NULL;
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_string_equal(
        out,
        "The Lindqvist harbour board voted on Tuesday to build a new ferry "
        "terminal on the eastern pier, ending two years of talks between the "
        "port, the city council and three ferry companies.\n"
        "The terminal will cost 48 million euros and should open in the "
        "spring of 2028, the board said in a statement.\n"
        "Construction crews will start clearing the eastern pier in March.\n"
        "Residents near the eastern pier have complained about traffic and "
        "noise since the plan was first announced in 2024.\n");
    free(out);
    free(err);
}

/* The reasons the corpus c gives its sentence opening with prefix. */
static uint32_t corpus_reasons(const sm_corpus *c, const char *prefix)
{
    for (size_t i = 0; i < c->sents.n; i++)
        if (c->sents.v[i].len >= strlen(prefix) &&
            memcmp(c->sents.v[i].text, prefix, strlen(prefix)) == 0)
            return sm_sent_alone(c, i);
    fail_msg("no sentence opens with [%s]", prefix);
    return 0;
}

static sm_corpus *corpus_of(const char *const *texts, size_t n)
{
    sm_corpus *c = sm_corpus_new(ctx);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "doc%zu.txt", i);
        assert_int_equal(sm_corpus_add_text(c, name, texts[i],
                                            strlen(texts[i]), NULL), SM_OK);
    }
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    return c;
}

/* A sentence opening with a name its report introduced in full before,
 * and that no other report uses, needs that introduction: "Yusov spoke as
 * ..." after "Andriy Yusov, a representative of ...".  The story's actor
 * every report names ("Putin") does not, nor anyone in a single document,
 * where nothing tells the two apart. */
static void test_surname_opening(void **state)
{
    (void)state;
    const char *docs[] = {
        "Ukraine's army said on Monday it had retaken the village of Klishchiivka. "
        "\"Ukraine is monitoring closely,\" Andriy Yusov, a representative of "
        "the defence intelligence agency, told national television. "
        "Yusov spoke as Putin was hosting Xi in Moscow.\n",
        "Russian President Vladimir Putin hosted Xi Jinping in Moscow on Monday. "
        "Putin said the talks were useful and sincere.\n",
        "Xi arrived in Moscow on Monday for talks with Vladimir Putin. "
        "Putin greeted his guest at the Kremlin.\n",
    };
    sm_corpus *c = corpus_of(docs, 3);
    assert_true(corpus_reasons(c, "Yusov spoke") & SM_ALONE_REFERENCE);
    assert_false(corpus_reasons(c, "Putin said the talks") & SM_ALONE_REFERENCE);
    assert_false(corpus_reasons(c, "Ukraine's army said") & SM_ALONE_REFERENCE);
    sm_corpus_free(c);
    c = corpus_of(docs, 1);
    assert_false(corpus_reasons(c, "Yusov spoke") & SM_ALONE_REFERENCE);
    sm_corpus_free(c);
}

static void test_weights(void **state)
{
    (void)state;
    assert_true(sm_standalone_weight(0) == 1.0);
    /* Every signal costs something, and the worst one decides. */
    for (uint32_t b = 1; b <= SM_ALONE_LIST; b <<= 1) {
        double w = sm_standalone_weight(b);
        assert_true(w > 0 && w < 1);
        assert_true(sm_standalone_weight(b | SM_ALONE_FRAGMENT) <= w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stands_alone),
        cmocka_unit_test(test_openers),
        cmocka_unit_test(test_definite_reference),
        cmocka_unit_test(test_fragments_captions_cuts),
        cmocka_unit_test(test_page_reader),
        cmocka_unit_test(test_page_legal_credit),
        cmocka_unit_test(test_page_teaser_list),
        cmocka_unit_test(test_dump_summary),
        cmocka_unit_test(test_weights),
        cmocka_unit_test(test_surname_opening),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
