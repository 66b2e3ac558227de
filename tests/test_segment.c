/*
 * test_segment.c: sentence segmentation: exact sentence lists for the tricky
 * cases, the gold segmentations of the bundled articles, and pathological
 * input that must finish.
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

/* Segments text and checks the sentences against want[] (NULL-terminated).
 * A leading "H:" in an expected sentence means it must be flagged a heading;
 * without it, it must not be. */
static void check(const char *text, const char *const *want)
{
    sm_spanvec v = {0};
    sm_segment(ctx, text, strlen(text), &v);
    size_t n = 0;
    while (want[n])
        n++;
    for (size_t i = 0; i < v.n || i < n; i++) {
        if (i >= v.n || i >= n) {
            for (size_t k = 0; k < v.n; k++)
                fprintf(stderr, "  got %zu: [%.*s]\n", k,
                        (int)(v.v[k].end - v.v[k].start), text + v.v[k].start);
            SM_FREEVEC(v);
            fail_msg("got %zu sentences, want %zu, in: %s", v.n, n, text);
        }
        const char *w = want[i];
        bool heading = strncmp(w, "H:", 2) == 0;
        if (heading)
            w += 2;
        size_t len = v.v[i].end - v.v[i].start;
        if (len != strlen(w) || memcmp(text + v.v[i].start, w, len) != 0) {
            fprintf(stderr, "sentence %zu: got [%.*s]\n           want [%s]\n", i,
                    (int)len, text + v.v[i].start, w);
            SM_FREEVEC(v);
            fail_msg("wrong sentence %zu", i);
        }
        bool got_heading = (v.v[i].flags & SM_SENT_HEADING) != 0;
        if (got_heading != heading) {
            SM_FREEVEC(v);
            fail_msg("sentence %zu [%s]: heading flag %d, want %d", i, w,
                     got_heading, heading);
        }
    }
    SM_FREEVEC(v);
}

#define CHECK(text, ...)                                                       \
    do {                                                                       \
        const char *const want_[] = {__VA_ARGS__, NULL};                       \
        check(text, want_);                                                    \
    } while (0)

static void test_abbreviations(void **state)
{
    (void)state;
    CHECK("Dr. Karen Donfried met Mr. Smith at 3 p.m. Monday. She left early.",
          "Dr. Karen Donfried met Mr. Smith at 3 p.m. Monday.",
          "She left early.");
    CHECK("Aid went to the U.S. The talks ended.", "Aid went to the U.S.",
          "The talks ended.");
    CHECK("The U.S. President spoke. Then he left.",
          "The U.S. President spoke.", "Then he left.");
    CHECK("It cost more, e.g. fuel and food. Prices rose.",
          "It cost more, e.g. fuel and food.", "Prices rose.");
    CHECK("Russia-U.S. contacts resumed on Jan. 5 in Geneva. Both sides spoke.",
          "Russia-U.S. contacts resumed on Jan. 5 in Geneva.",
          "Both sides spoke.");
    CHECK("He said no. The answer was final.", "He said no.",
          "The answer was final.");
}

static void test_initials(void **state)
{
    (void)state;
    CHECK("John F. Kennedy was shot in 1963. Lee H. Oswald was arrested.",
          "John F. Kennedy was shot in 1963.", "Lee H. Oswald was arrested.");
    CHECK("The report by J. R. R. Tolkien sold well. It was long.",
          "The report by J. R. R. Tolkien sold well.", "It was long.");
}

static void test_numbers(void **state)
{
    (void)state;
    CHECK("The talks lasted 4.5 hours. The US sent $350m and €1bn. It fired "
          "155mm shells near No. 10 Downing Street. Prices rose 3.2% in 2023. "
          "Version 2.0.1 shipped.",
          "The talks lasted 4.5 hours.", "The US sent $350m and €1bn.",
          "It fired 155mm shells near No. 10 Downing Street.",
          "Prices rose 3.2% in 2023.", "Version 2.0.1 shipped.");
}

static void test_quotes(void **state)
{
    (void)state;
    CHECK("He said “we will win.” Next day he left. “Why?” she asked. “Stop!” "
          "He ran.",
          "He said “we will win.”", "Next day he left.", "“Why?” she asked.",
          "“Stop!”", "He ran.");
    CHECK("He called it \"a disgrace.\" Then he left. 'Go,' she said.",
          "He called it \"a disgrace.\"", "Then he left.", "'Go,' she said.");
    CHECK("It was a “sombre” occasion. Khan said so.",
          "It was a “sombre” occasion.", "Khan said so.");
    CHECK("The US views Russia as China’s “junior partner.” A call is planned.",
          "The US views Russia as China’s “junior partner.”",
          "A call is planned.");
}

static void test_question_exclamation_ellipsis(void **state)
{
    (void)state;
    CHECK("Is it over? Nobody knows! Really.", "Is it over?", "Nobody knows!",
          "Really.");
    CHECK("We can cooperate … we can work. But … Moscow waits. Wait... What?",
          "We can cooperate … we can work.", "But … Moscow waits.", "Wait...",
          "What?");
    /* Tokenised text: a stop standing apart still ends the sentence; an
     * ellipsis standing apart does not. */
    CHECK("A great hotel . The staff were kind ! Would stay again ... Maybe .",
          "A great hotel .", "The staff were kind !",
          "Would stay again ... Maybe .");
}

static void test_glued_headlines(void **state)
{
    (void)state;
    CHECK("Blinken warns world ‘should not be fooled’ by Xi’s ‘peace’ "
          "proposalThe US secretary of state spoke.",
          "H:Blinken warns world ‘should not be fooled’ by Xi’s ‘peace’ proposal",
          "The US secretary of state spoke.");
    /* A capitalised word with an inner capital is cut only when the text
     * uses both halves as words of their own. */
    CHECK("Russia and China ‘share similar goals’, Xi tells PutinChina’s "
          "president met Putin.",
          "H:Russia and China ‘share similar goals’, Xi tells Putin",
          "China’s president met Putin.");
    CHECK("More ShortsSpeaking of trade, Xi was brief. Speaking later, he "
          "smiled. Shorts are videos.",
          "H:More Shorts", "Speaking of trade, Xi was brief.",
          "Speaking later, he smiled.", "Shorts are videos.");
    CHECK("Xi met Putin on March 20, 2023Ministers discussed a plan.",
          "H:Xi met Putin on March 20, 2023", "Ministers discussed a plan.");
    /* Names with inner capitals stay whole. */
    CHECK("He bought an iPhone at McDonald’s, watched YouTube on a MacBook and "
          "opened PowerPoint with DeSantis and MacKenzie near LaGuardia.",
          "He bought an iPhone at McDonald’s, watched YouTube on a MacBook and "
          "opened PowerPoint with DeSantis and MacKenzie near LaGuardia.");
    CHECK("Staff were banned from using their iPhones, said @JosepBorrellF.",
          "Staff were banned from using their iPhones, said @JosepBorrellF.");
    CHECK("Photograph: EPAThe pair will dine tonight.", "H:Photograph: EPA",
          "The pair will dine tonight.");
}

/* Words with an inner capital are names, never two sentences: brands,
 * outlets, plural acronyms. */
static void test_inner_capitals(void **state)
{
    (void)state;
    CHECK("Analysts at DigiTimes said supply was short. Apple's FaceTime works "
          "on the HomePod. PolitiFact rated the claim false.",
          "Analysts at DigiTimes said supply was short.",
          "Apple's FaceTime works on the HomePod.",
          "PolitiFact rated the claim false.");
    CHECK("Reddit AMAs drew savers with IRAs and GPUs to the forum.",
          "Reddit AMAs drew savers with IRAs and GPUs to the forum.");
    /* The halves of the name used alone elsewhere, one only: still a name. */
    CHECK("Time went by. PolitiFact checked. Fact is, it was late.",
          "Time went by.", "PolitiFact checked.", "Fact is, it was late.");
    CHECK("Apple's FaceTime call. Time is short.",
          "Apple's FaceTime call.", "Time is short.");
}

static void test_bullets_and_headings(void **state)
{
    (void)state;
    CHECK("Also today:\n  • Ministers met in London.\n  • Dr. Karen Donfried is "
          "leaving.",
          "Also today:", "Ministers met in London.",
          "Dr. Karen Donfried is leaving.");
    CHECK("- one item\n- two items\n* three", "H:one item", "H:two items",
          "H:three");
    CHECK("China backs peace efforts\nPresident Xi hailed the talks.\n\nKishida "
          "in Ukraine\n\nThe summit coincides with a visit.",
          "H:China backs peace efforts", "President Xi hailed the talks.",
          "H:Kishida in Ukraine", "The summit coincides with a visit.");
    CHECK("1) €1 bn for immediate delivery\n2) €1 bn for joint procurement",
          "H:1) €1 bn for immediate delivery", "H:2) €1 bn for joint procurement");
}

static void test_lines_and_paragraphs(void **state)
{
    (void)state;
    /* A hard-wrapped line continues; a finished one ends the sentence. */
    CHECK("The talks between the two\nleaders lasted four hours.\nThen they ate.",
          "The talks between the two\nleaders lasted four hours.",
          "Then they ate.");
    CHECK("A line ending with Dr.\nKaren Donfried spoke.",
          "A line ending with Dr.\nKaren Donfried spoke.");
    /* A sentence never spans a paragraph break. */
    CHECK("No terminal here\n\nand lower case next.", "H:No terminal here",
          "and lower case next.");
    CHECK("", NULL);
    CHECK("  \n\n \xC2\xA0 \n", NULL);
    CHECK("\xE2\x80\x94 *", NULL);
}

static void test_paragraph_index(void **state)
{
    (void)state;
    const char *t = "One. Two.\n\n\n\nThree.\nFour\n \n\nFive.";
    sm_spanvec v = {0};
    sm_segment(ctx, t, strlen(t), &v);
    assert_int_equal(v.n, 5);
    assert_int_equal(v.v[0].para, 0);
    assert_int_equal(v.v[1].para, 0);
    assert_int_equal(v.v[2].para, 1);
    assert_int_equal(v.v[3].para, 1);
    assert_int_equal(v.v[4].para, 2);
    SM_FREEVEC(v);
}

static void test_caption_glued(void **state)
{
    (void)state;
    const char *t = "China’s Xi Jinping arrives in Moscow to meet Vladimir Putin "
                    "– video The prosecutor said so.";
    CHECK(t, "H:China’s Xi Jinping arrives in Moscow to meet Vladimir Putin – video",
          "The prosecutor said so.");
    sm_spanvec v = {0};
    sm_segment(ctx, t, strlen(t), &v);
    assert_int_equal(v.n, 2);
    assert_true(sm_sentence_is_furniture(ctx, t + v.v[0].start,
                                         v.v[0].end - v.v[0].start));
    assert_false(sm_sentence_is_furniture(ctx, t + v.v[1].start,
                                          v.v[1].end - v.v[1].start));
    SM_FREEVEC(v);
    /* A dash and a capital elsewhere is not a caption. */
    CHECK("Talks – which lasted hours – ended. Xi left.",
          "Talks – which lasted hours – ended.", "Xi left.");
}

static void test_unicode(void **state)
{
    (void)state;
    CHECK("Он сказал. Это всё.", "Он сказал.", "Это всё.");
    CHECK("Støre noted it. Ærø is an island. Élysée said no.", "Støre noted it.",
          "Ærø is an island.", "Élysée said no.");
    /* Invalid bytes and a truncated sequence at the end do not crash. */
    const char bad[] = "Bad \xFF\xFE bytes. Next \xE2\x80";
    sm_spanvec v = {0};
    sm_segment(ctx, bad, sizeof bad - 1, &v);
    assert_true(v.n >= 1);
    SM_FREEVEC(v);
}

/* Spans are ordered, inside the text, non-empty and trimmed. */
static void check_spans(const char *t, size_t len, const sm_spanvec *v)
{
    size_t prev = 0;
    for (size_t i = 0; i < v->n; i++) {
        assert_true(v->v[i].start >= prev);
        assert_true(v->v[i].start < v->v[i].end);
        assert_true(v->v[i].end <= len);
        assert_true(t[v->v[i].start] != ' ' && t[v->v[i].end - 1] != ' ');
        prev = v->v[i].end;
    }
}

static char *repeat(const char *unit, size_t times, size_t *len)
{
    size_t u = strlen(unit);
    char *s = malloc(u * times + 1);
    assert_non_null(s);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * u, unit, u);
    s[u * times] = '\0';
    *len = u * times;
    return s;
}

static void test_pathological(void **state)
{
    (void)state;
    static const struct {
        const char *unit;
        size_t times;
    } cases[] = {
        {"a", 20u << 20},          /* a 20 MB line, no space, no punctuation */
        {"U.S. ", 30000},          /* an abbreviation repeated */
        {"word ", 2000000},        /* 10 MB of words, no punctuation */
        {".", 5u << 20},           /* only dots */
        {"aB", 1u << 20},          /* camelCase everywhere */
        {"PolitiFact Politi ", 1u << 16}, /* names whose halves recur */
        {"x.Y", 1u << 20},         /* glued full stops */
        {"“", 100000},            /* only openers */
        {"Mr. ", 30000},           /* titles that never end a sentence */
        {"A. ", 30000},            /* initials */
        {"\n", 1u << 20},          /* only line breaks */
        {"a\n", 1u << 20},         /* many lines, each a continuation */
        {"– video ", 30000},       /* caption shapes */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        size_t len;
        char *t = repeat(cases[k].unit, cases[k].times, &len);
        sm_spanvec v = {0};
        sm_segment(ctx, t, len, &v);
        check_spans(t, len, &v);
        /* Over-long sentences are force-split. */
        for (size_t i = 0; i < v.n; i++)
            assert_true(v.v[i].end - v.v[i].start <= 70000);
        SM_FREEVEC(v);
        free(t);
    }
}

/* A text without punctuation is split every SEG_MAX_WORDS (1000) words,
 * counted through runs of plain words as well as anywhere else. */
static void test_word_limit(void **state)
{
    (void)state;
    size_t len;
    char *t = repeat("word, ", 2500, &len);
    sm_spanvec v = {0};
    sm_segment(ctx, t, len, &v);
    check_spans(t, len, &v);
    assert_int_equal(v.n, 3);
    const size_t want[] = {1000, 1000, 500};
    for (size_t i = 0; i < v.n; i++) {
        size_t words = 1;
        for (size_t k = v.v[i].start; k < v.v[i].end; k++)
            words += t[k] == ' ';
        assert_int_equal(words, want[i]);
    }
    SM_FREEVEC(v);
    free(t);
}

/* ---- gold segmentations ----------------------------------------------- */

static bool is_ws(const char *s, size_t n, size_t *k)
{
    int32_t cp;
    *k = sm_utf8_decode((const unsigned char *)s, n, &cp);
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 ||
           cp == 0x200B || cp == 0xFEFF || cp == 0x202F ||
           (cp >= 0x2000 && cp <= 0x200A);
}

static void squeeze(sm_buf *b, const char *s, size_t n)
{
    size_t i = 0, k;
    while (i < n) {
        if (!is_ws(s + i, n - i, &k))
            sm_buf_add(b, s + i, k);
        i += k;
    }
}

/* The boundary F1 of tools/segeval.c: sentence starts and ends located in
 * the gold text without whitespace; a sentence not found is one wrong
 * boundary. */
static double gold_f1(const char *stem)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s.txt", SM_SOURCE_DIR, stem);
    size_t rawlen;
    char *raw = th_read_file(path, &rawlen);
    assert_non_null(raw);
    snprintf(path, sizeof path, "%s/gold/%s.txt", SM_TEST_DIR, stem);
    size_t glen;
    char *gold = th_read_file(path, &glen);
    assert_non_null(gold);

    sm_corpus c = {.ctx = ctx};
    sm_doc d = {.name = (char *)stem, .raw = raw, .rawlen = rawlen};
    size_t start = sm_ingest_header(&d);
    memmove(d.raw, d.raw + start, d.rawlen - start + 1);
    d.rawlen -= start;
    SM_PUSH(c.docs, d);
    sm_clean_corpus(&c);
    sm_doc *doc = &c.docs.v[0];
    sm_spanvec v = {0};
    sm_segment(ctx, doc->body, doc->bodylen, &v);

    sm_buf gs = {0}, one = {0};
    sm_buf_add(&gs, "", 0);
    SM_VEC(size_t) gb = {0};
    for (size_t i = 0; i < glen;) {
        const char *nl = memchr(gold + i, '\n', glen - i);
        size_t e = nl ? (size_t)(nl - gold) : glen;
        if (e > i && gold[i] != '#') {
            size_t before = gs.len;
            squeeze(&gs, gold + i, e - i);
            if (gs.len > before) {
                if (!gb.n || gb.v[gb.n - 1] != before)
                    SM_PUSH(gb, before);
                SM_PUSH(gb, gs.len);
            }
        }
        i = e + 1;
    }
    /* Boundaries are increasing positions: a bitmap over the gold text. */
    unsigned char *isgold = calloc(gs.len + 1, 1), *issys = calloc(gs.len + 1, 1);
    for (size_t i = 0; i < gb.n; i++)
        isgold[gb.v[i]] = 1;
    size_t cursor = 0, wrong = 0;
    for (size_t i = 0; i < v.n; i++) {
        const char *t = doc->body + v.v[i].start;
        size_t n = v.v[i].end - v.v[i].start;
        if (sm_sentence_is_furniture(ctx, t, n))
            continue;
        one.len = 0;
        squeeze(&one, t, n);
        sm_buf_add(&one, "", 0);
        const char *at = strstr(gs.s + cursor, one.s);
        if (!at)
            at = strstr(gs.s, one.s);
        if (!at || !one.len) {
            fprintf(stderr, "%s: not in gold: %.*s\n", stem, (int)n, t);
            wrong++;
            continue;
        }
        size_t p = (size_t)(at - gs.s);
        issys[p] = issys[p + one.len] = 1;
        cursor = p + one.len;
    }
    size_t hit = 0, nsys = wrong, ngold = 0;
    for (size_t i = 0; i <= gs.len; i++) {
        hit += isgold[i] && issys[i];
        nsys += issys[i];
        ngold += isgold[i];
    }
    double p = nsys ? (double)hit / (double)nsys : 0;
    double r = ngold ? (double)hit / (double)ngold : 0;
    double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0;
    fprintf(stderr, "%s: boundary precision %.4f recall %.4f F1 %.4f\n", stem, p,
            r, f1);
    free(isgold);
    free(issys);
    SM_FREEVEC(gb);
    sm_buf_free(&gs);
    sm_buf_free(&one);
    SM_FREEVEC(v);
    free(doc->body);
    free(doc->date);
    free(doc->source);
    free(doc->title);
    free(doc->url);
    free(doc->raw); /* NULL: the cleaner frees it once the body exists */
    SM_FREEVEC(c.docs);
    free(gold);
    return f1;
}

static void test_gold(void **state)
{
    (void)state;
    static const char *const stems[] = {"000_ba7aac7ce4dacd46",
                                        "001_e1367c04ae1515f4",
                                        "004_7b267b99a1c28714"};
    for (size_t i = 0; i < sizeof stems / sizeof *stems; i++)
        assert_true(gold_f1(stems[i]) >= 0.95);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abbreviations),
        cmocka_unit_test(test_initials),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_question_exclamation_ellipsis),
        cmocka_unit_test(test_glued_headlines),
        cmocka_unit_test(test_inner_capitals),
        cmocka_unit_test(test_bullets_and_headings),
        cmocka_unit_test(test_lines_and_paragraphs),
        cmocka_unit_test(test_paragraph_index),
        cmocka_unit_test(test_caption_glued),
        cmocka_unit_test(test_unicode),
        cmocka_unit_test(test_pathological),
        cmocka_unit_test(test_word_limit),
        cmocka_unit_test(test_gold),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
