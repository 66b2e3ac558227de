/* test_rouge.c: the ROUGE scorer (tools/lib/rouge.c) on cases counted by
 * hand; expected stems and bootstrap figures were checked against the Perl
 * code of ROUGE-1.5.5. */
#include "helpers.h"
#include "rouge.h"

#include <stdlib.h>
#include <string.h>

#define EPS 1e-9

static rg_scorer *scorer(size_t words, size_t bytes, int stem)
{
    rg_opts o;
    rg_opts_init(&o);
    o.words = words;
    o.bytes = bytes;
    o.stem = stem;
    rg_scorer *s = rg_scorer_new(&o);
    assert_non_null(s);
    return s;
}

static rg_text *text(rg_scorer *s, const char *t)
{
    rg_text *x = rg_text_new(s, t, strlen(t));
    assert_non_null(x);
    return x;
}

/* The tokens of t joined by single spaces (caller frees). */
static char *joined(rg_scorer *s, const char *t)
{
    rg_text *x = text(s, t);
    size_t cap = 1;
    for (size_t i = 0; i < rg_text_ntokens(x); i++)
        cap += strlen(rg_text_token(s, x, i)) + 1;
    char *out = calloc(cap, 1);
    assert_non_null(out);
    for (size_t i = 0; i < rg_text_ntokens(x); i++) {
        if (i)
            strcat(out, " ");
        strcat(out, rg_text_token(s, x, i));
    }
    rg_text_free(x);
    return out;
}

static void expect_tokens(rg_scorer *s, const char *in, const char *want)
{
    char *got = joined(s, in);
    assert_string_equal(got, want);
    free(got);
}

static void score1(rg_scorer *s, const char *peer, const char *ref,
                   rg_result *r)
{
    rg_text *p = text(s, peer), *m = text(s, ref);
    assert_int_equal(rg_score(s, p, &m, 1, r), 0);
    rg_text_free(p);
    rg_text_free(m);
}

static void test_tokenize_punctuation(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 0);
    /* lower-cased; every byte outside [a-z0-9] separates, hyphens included;
     * UTF-8 bytes are separators too */
    expect_tokens(s, "The cat's hat -- isn't RED!\nx-ray 3.5 caf\xc3\xa9 $10",
                  "the cat s hat isn t red x ray 3 5 caf 10");
    expect_tokens(s, "", "");
    expect_tokens(s, "\n\n  ...  \n", "");
    rg_scorer_free(s);
}

static void test_stemming(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"running", "run"},     {"runs", "run"},
        {"runner", "runner"},   {"caresses", "caress"},
        {"ponies", "poni"},     {"agreement", "agreem"}, /* CYL's step 4 */
        {"generalization", "gener"}, {"yearly", "yearli"},
        {"hopping", "hop"},     {"filing", "file"},
        {"yelling", "yell"},    {"relational", "relat"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *st = rg_porter_stem(cases[i][0]);
        assert_non_null(st);
        assert_string_equal(st, cases[i][1]);
        free(st);
    }
    /* only tokens longer than 3 bytes are stemmed */
    rg_scorer *s = scorer(0, 0, 1);
    expect_tokens(s, "Running runs ran was cats hopping", "run run ran was cat hop");
    rg_scorer_free(s);

    /* stemming makes "running dogs" match "runs dog" */
    rg_result r;
    s = scorer(0, 0, 1);
    score1(s, "running dogs", "runs dog", &r);
    assert_int_equal(r.m[RG_1].hit, 2);
    assert_true(r.m[RG_1].r == 1.0);
    rg_scorer_free(s);
    s = scorer(0, 0, 0);
    score1(s, "running dogs", "runs dog", &r);
    assert_int_equal(r.m[RG_1].hit, 0);
    rg_scorer_free(s);
}

static void test_exceptions(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 1);
    assert_int_equal(
        rg_scorer_load_exceptions(s, SM_TEST_DIR "/fixtures/rouge/tiny.exc"), 0);
    /* base forms come back unstemmed; "they" is stemmed as usual */
    expect_tokens(s, "They were better", "thei be good"); /* y -> i */
    rg_result r;
    score1(s, "they were better", "they be good", &r);
    assert_int_equal(r.m[RG_1].hit, 3);
    assert_int_equal(rg_scorer_load_exceptions(s, "/nonexistent/x.exc"), -1);
    rg_scorer_free(s);
}

static void test_counts_one_reference(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 0);
    rg_result r;
    score1(s, "the cat sat on the mat", "the cat lay on the mat", &r);
    /* unigrams: the x2, cat, on, mat */
    assert_int_equal(r.m[RG_1].hit, 5);
    assert_int_equal(r.m[RG_1].model, 6);
    assert_int_equal(r.m[RG_1].peer, 6);
    assert_true(r.m[RG_1].r == 0.83333 && r.m[RG_1].p == 0.83333);
    assert_true(r.m[RG_1].f == 0.83333);
    /* bigrams: "the cat", "on the", "the mat" of 5 */
    assert_int_equal(r.m[RG_2].hit, 3);
    assert_int_equal(r.m[RG_2].model, 5);
    assert_true(r.m[RG_2].r == 0.6 && r.m[RG_2].p == 0.6 && r.m[RG_2].f == 0.6);
    /* SU4: 5 unigrams (the last token's is not counted) + 15 skip pairs;
     * hits: unigrams the x2, cat, on; pairs the-cat, the-on, the-the,
     * the-mat x2, cat-on, cat-the, cat-mat, on-the, on-mat */
    assert_int_equal(r.m[RG_SU4].model, 20);
    assert_int_equal(r.m[RG_SU4].peer, 20);
    assert_int_equal(r.m[RG_SU4].hit, 14);
    assert_true(r.m[RG_SU4].r == 0.7 && r.m[RG_SU4].f == 0.7);
    /* LCS: the cat on the mat */
    assert_int_equal(r.m[RG_L].hit, 5);
    assert_int_equal(r.m[RG_L].model, 6);
    assert_true(r.m[RG_L].r == 0.83333);
    rg_scorer_free(s);
}

static void test_skip_gap(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 0);
    rg_result r;
    /* a..g: pairs at most 5 apart; "a g" is 6 apart and does not count */
    score1(s, "a g", "a b c d e f g", &r);
    /* model: 6 unigrams + pairs: 5+5+4+3+2+1 = 20 -> 26 */
    assert_int_equal(r.m[RG_SU4].model, 26);
    /* peer: unigram a + pair "a g" = 2; hits: unigram a only */
    assert_int_equal(r.m[RG_SU4].peer, 2);
    assert_int_equal(r.m[RG_SU4].hit, 1);
    rg_scorer_free(s);
}

static void test_several_references(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 0);
    rg_text *p = text(s, "a b c d");
    rg_text *m[2] = {text(s, "a b x"), text(s, "c d a b y z")};
    rg_result r;
    assert_int_equal(rg_score(s, p, m, 2, &r), 0);
    /* model average: hits and counts pooled over the references */
    assert_int_equal(r.m[RG_1].hit, 2 + 4);
    assert_int_equal(r.m[RG_1].model, 3 + 6);
    assert_int_equal(r.m[RG_1].peer, 4 * 2);
    assert_true(r.m[RG_1].r == 0.66667 && r.m[RG_1].p == 0.75);
    assert_true(r.m[RG_1].f == 0.70588); /* from the rounded R and P */
    assert_int_equal(r.m[RG_2].hit, 1 + 2);
    assert_int_equal(r.m[RG_2].model, 2 + 5);
    assert_int_equal(r.m[RG_2].peer, 3 * 2);
    assert_true(r.m[RG_2].r == 0.42857 && r.m[RG_2].p == 0.5);
    assert_true(r.m[RG_2].f == 0.46154);
    rg_text_free(p);
    rg_text_free(m[0]);
    rg_text_free(m[1]);
    rg_scorer_free(s);

    /* the same from files, with punctuation */
    char *pt = th_read_file(SM_TEST_DIR "/fixtures/rouge/peer.txt", NULL);
    char *r1 = th_read_file(SM_TEST_DIR "/fixtures/rouge/ref1.txt", NULL);
    char *r2 = th_read_file(SM_TEST_DIR "/fixtures/rouge/ref2.txt", NULL);
    assert_true(pt && r1 && r2);
    s = scorer(0, 0, 1);
    p = text(s, pt);
    m[0] = text(s, r1);
    m[1] = text(s, r2);
    assert_int_equal(rg_score(s, p, m, 2, &r), 0);
    assert_int_equal(r.m[RG_1].hit, 5 + 3);
    assert_true(r.m[RG_1].r == 0.66667 && r.m[RG_1].p == 0.66667);
    assert_int_equal(r.m[RG_2].hit, 3 + 0);
    assert_true(r.m[RG_2].r == 0.3 && r.m[RG_2].p == 0.3);
    rg_text_free(p);
    rg_text_free(m[0]);
    rg_text_free(m[1]);
    rg_scorer_free(s);
    free(pt);
    free(r1);
    free(r2);
}

static void test_truncate_words(void **state)
{
    (void)state;
    rg_scorer *s = scorer(4, 0, 0);
    expect_tokens(s, "one two three\nfour five six\n", "one two three four");
    /* the line that reaches the limit exactly is the last one read */
    expect_tokens(s, "a b c d\ne f", "a b c d");
    /* words are white-space fields of the raw line, punctuation included */
    expect_tokens(s, "Hello , world - again here", "hello world");
    rg_scorer_free(s);
    /* a line starting with white space has an empty first field (Perl's
     * split), which counts as a word */
    s = scorer(2, 0, 0);
    expect_tokens(s, " alpha beta\ngamma", "alpha");
    rg_scorer_free(s);
    /* references are truncated too */
    s = scorer(2, 0, 0);
    rg_result r;
    score1(s, "x y", "x y z w", &r);
    assert_int_equal(r.m[RG_1].model, 2);
    assert_true(r.m[RG_1].r == 1.0);
    rg_scorer_free(s);
}

static void test_truncate_bytes(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 8, 0);
    /* 6 bytes, then 2 of the next line: the newline is not counted */
    expect_tokens(s, "abcdef\nghij", "abcdef gh");
    rg_scorer_free(s);
    s = scorer(0, 7, 0);
    expect_tokens(s, "hello world", "hello w");
    rg_scorer_free(s);
}

static void test_lcs_union_and_clip(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 0);
    rg_result r;
    /* the reference unit's LCS with each peer line is unioned */
    score1(s, "a b\nc d", "a b c d", &r);
    assert_int_equal(r.m[RG_L].hit, 4);
    assert_int_equal(r.m[RG_L].model, 4);
    /* a peer token used once cannot be a hit for two reference units */
    score1(s, "a", "a\na", &r);
    assert_int_equal(r.m[RG_L].hit, 1);
    assert_int_equal(r.m[RG_L].model, 2);
    assert_true(r.m[RG_L].r == 0.5 && r.m[RG_L].p == 1.0);
    rg_scorer_free(s);
}

static void test_empty(void **state)
{
    (void)state;
    rg_scorer *s = scorer(0, 0, 1);
    rg_result r;
    score1(s, "", "some reference", &r);
    for (int k = 0; k < RG_NMETRICS; k++) {
        assert_int_equal(r.m[k].hit, 0);
        assert_true(r.m[k].r == 0 && r.m[k].p == 0 && r.m[k].f == 0);
    }
    score1(s, "one", "", &r);
    assert_true(r.m[RG_1].r == 0 && r.m[RG_1].p == 0);
    rg_scorer_free(s);
}

static void test_bootstrap(void **state)
{
    (void)state;
    rg_ci ci;
    const double x[] = {0.1, 0.2, 0.3, 0.9};
    assert_int_equal(rg_bootstrap(x, 4, 1000, 95, &ci), 0);
    /* ROUGE-1.5.5's computeAverages on the same four scores */
    assert_true(ci.avg == 0.37623);
    assert_true(ci.lo == 0.15);
    assert_true(ci.hi == 0.725);
    const double one[] = {0.5};
    assert_int_equal(rg_bootstrap(one, 1, 1000, 95, &ci), 0);
    assert_true(ci.avg == 0.5 && ci.lo == 0.5 && ci.hi == 0.5);
    assert_true(rg_round5(0.123455) == 0.12345);
    /* clusters are ordered as Perl sorts "<name>.<peer>" */
    assert_true(rg_cluster_cmp("abc", "abc_d") < 0);
    assert_true(rg_cluster_cmp("abc-d", "abc") < 0);
    assert_true(rg_cluster_cmp("abc", "abc") == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokenize_punctuation),
        cmocka_unit_test(test_stemming),
        cmocka_unit_test(test_exceptions),
        cmocka_unit_test(test_counts_one_reference),
        cmocka_unit_test(test_skip_gap),
        cmocka_unit_test(test_several_references),
        cmocka_unit_test(test_truncate_words),
        cmocka_unit_test(test_truncate_bytes),
        cmocka_unit_test(test_lcs_union_and_clip),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_bootstrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
