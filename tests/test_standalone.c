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
    EXPECT("Here are the latest headlines:",
           SM_ALONE_REFERENCE | SM_ALONE_CUT | SM_ALONE_NOFACT);
    EXPECT("Confrontation is never good.", SM_ALONE_NOFACT);
}

static void test_weights(void **state)
{
    (void)state;
    assert_true(sm_standalone_weight(0) == 1.0);
    /* Every signal costs something, and the worst one decides. */
    for (uint32_t b = 1; b <= SM_ALONE_NOFACT; b <<= 1) {
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
        cmocka_unit_test(test_weights),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
