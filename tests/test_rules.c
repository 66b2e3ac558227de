/* test_rules.c: the rules of text every stage shares, each pinned once:
 * character classes, what a word is, what ends a sentence, dates, idf,
 * photo credits; and the bug their copies caused (a shared sentence
 * ending in 。 taken for boilerplate). */
#include "helpers.h"
#include "text/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sm_lower folds A-Z only, eight bytes at a time when the text is ASCII:
 * every length around the word size, the bytes just outside A-Z ('@',
 * '[', '`', '{', DEL), and text with a non-ASCII letter in any place. */
static void lower_case(void **state)
{
    (void)state;
    const char *src = "@AZ[`az{\x7f" "MiXeD Case 09-Words.";
    const char *want = "@az[`az{\x7f" "mixed case 09-words.";
    sm_buf b = {0};
    for (size_t n = 0; n <= strlen(src); n++) {
        b.len = 0;
        sm_buf_adds(&b, "Kept");
        sm_lower(src, n, &b);
        assert_int_equal(b.len, 4 + n);
        assert_memory_equal(b.s, "Kept", 4);
        assert_memory_equal(b.s + 4, want, n);
    }
    for (size_t at = 0; at + 2 <= 18; at++) {
        char in[32], out[32];
        memcpy(in, "ABCDEFGHIJKLMNOPQR", 18);
        memcpy(out, "abcdefghijklmnopqr", 18);
        memcpy(in + at, "\xc3\x89", 2); /* É */
        memcpy(out + at, "\xc3\xa9", 2); /* é */
        b.len = 0;
        sm_lower(in, 18, &b);
        assert_int_equal(b.len, 18);
        assert_memory_equal(b.s, out, 18);
    }
    sm_buf_free(&b);
}

/* sm_word_key reads every length of word at every place of a text,
 * the first and last bytes included, as the zero-padded bytes, or says
 * it cannot. */
static void word_keys(void **state)
{
    (void)state;
    const char *text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    size_t len = strlen(text);
    for (size_t n = 1; n <= 24; n++) {
        for (size_t a = 0; a + n <= len; a++) {
            const size_t lims[] = {a + n, len};
            for (size_t l = 0; l < 2; l++) {
                size_t lim = lims[l];
                uint64_t key[3] = {1, 2, 3}, want[3] = {0};
                memcpy(want, text + a, n);
                if (sm_word_key(text, lim, a, a + n, key))
                    assert_memory_equal(key, want, sizeof want);
            }
        }
    }
    /* A word inside a text of eight bytes or more is always read. */
    uint64_t key[3];
    assert_true(sm_word_key(text, 8, 6, 8, key));
    assert_true(sm_word_key(text, 9, 0, 2, key));
}

static void terminal_punctuation(void **state)
{
    (void)state;
    const int32_t yes[] = {'.', '!', '?', 0x2026 /* … */, 0x3002 /* 。 */,
                           0xFF01 /* ！ */, 0xFF1F /* ？ */, 0x203C /* ‼ */};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(sm_cp_is_terminal(yes[i]));
    const int32_t no[] = {',', ':', ';', '"', ')', 'a', 0x3001 /* 、 */,
                          0xFF0C /* ， */, -1};
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(sm_cp_is_terminal(no[i]));
    const int32_t closers[] = {'"', '\'', ')', ']', 0x2019, 0x201D, 0x00BB,
                               0x203A};
    for (size_t i = 0; i < sizeof closers / sizeof *closers; i++)
        assert_true(sm_cp_is_closer(closers[i]));
    assert_false(sm_cp_is_closer('('));
    assert_false(sm_cp_is_closer(0x201C));
}

static void character_classes(void **state)
{
    (void)state;
    /* Words: letters of any script, digits, combining marks. */
    const int32_t word[] = {'a', 'Z', '7', 0x00E9 /* é */, 0x0416 /* Ж */,
                            0x4E2D /* 中 */, 0x0301 /* combining acute */,
                            0x0663 /* Arabic-Indic 3 */, 0x00BD /* ½ */};
    for (size_t i = 0; i < sizeof word / sizeof *word; i++)
        assert_true(sm_cp_is_word(word[i]));
    const int32_t notword[] = {' ', '-', '\'', '.', 0x2019, 0x3002, 0x00A0, -1};
    for (size_t i = 0; i < sizeof notword / sizeof *notword; i++)
        assert_false(sm_cp_is_word(notword[i]));
    assert_true(sm_cp_is_apostrophe('\''));
    assert_true(sm_cp_is_apostrophe(0x2019));
    assert_false(sm_cp_is_apostrophe('`'));
    assert_true(sm_cp_is_lower(0x00E9));
    assert_false(sm_cp_is_lower(0x00C9));
    assert_true(sm_cp_is_upper(0x00C9));
    assert_true(sm_cp_is_digit(0x0663));
    assert_false(sm_cp_is_digit(0x00BD));
    assert_true(sm_cp_is_space(0x00A0));
    assert_true(sm_cp_is_space(0x200B));
    assert_false(sm_cp_is_space(-1));
    /* Budget words are white-space separated tokens. */
    assert_int_equal(sm_count_words("U.S.-led talks  ended\n", 22), 3);
    assert_int_equal(sm_count_words("", 0), 0);
}

/* Terms are made of the same words: an apostrophe between word
 * characters stays inside, a hyphen splits. */
static void terms_use_the_word_rule(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_vocab voc = {0};
    sm_u32vec v = {0};
    const char *t = "Don\xE2\x80\x99t well-known caf\xC3\xA9s";
    sm_terms(ctx, &voc, t, strlen(t), true, &v);
    assert_int_equal(v.n, 4); /* don't, well, known, cafés */
    SM_FREEVEC(v);
    sm_vocab_free(&voc);
    sm_ctx_free(ctx);
}

/* One rule, two views (common.h): tokens, what budgets count, are runs of
 * non-gaps once ingest made every gap a space; words, what terms and
 * archive search are made of, are the word-character runs within them.
 * Both pinned on the same strings, and terms taken from the same words. */
typedef struct word_case {
    const char *text;
    size_t tokens;
    const char *words; /* separated by '|' */
} word_case;

static void words_and_tokens(void **state)
{
    (void)state;
    static const word_case cases[] = {
        /* no-break and narrow no-break spaces are gaps */
        {"Mr\u00A0Putin met 30\u202F000 troops.", 6, "Mr|Putin|met|30|000|troops"},
        /* hyphens and dots split words, not tokens */
        {"U.S.-led talks  ended\n", 3, "U|S|led|talks|ended"},
        {"well-known e-mail", 2, "well|known|e|mail"},
        /* an apostrophe stays inside a word, not at its edges */
        {"Don't won\u2019t 'quoted' rock'n'roll", 4,
         "Don't|won\u2019t|quoted|rock'n'roll"},
        {"the outlets' reports", 3, "the|outlets|reports"},
        /* Chinese and Japanese: no gaps, one token and one word per run of
         * letters; the ideographic space is a gap; full-width digits are
         * digits */
        {"\u4E2D\u56FD\u548C\u4FC4\u7F57\u65AF\u7B7E\u7F72\u4E86\u534F\u8BAE\u3002",
         1, "\u4E2D\u56FD\u548C\u4FC4\u7F57\u65AF\u7B7E\u7F72\u4E86\u534F\u8BAE"},
        {"\u6771\u4EAC\u3000\uFF12\uFF10\uFF12\uFF14\u5E74", 2,
         "\u6771\u4EAC|\uFF12\uFF10\uFF12\uFF14\u5E74"},
        /* a zero-width space is no gap, but splits words */
        {"zero\u200Bwidth", 1, "zero|width"},
        {"caf\u00E9 na\u00EFve", 2, "caf\u00E9|na\u00EFve"},
        {" \t\n\u00A0", 0, ""},
    };
    sm_ctx *ctx = th_ctx();
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        const word_case *wc = &cases[c];
        size_t len = strlen(wc->text);
        char *buf = malloc(len + 1);
        memcpy(buf, wc->text, len + 1);
        sm_normalize_spaces(buf, &len);
        if (sm_count_words(buf, len) != wc->tokens)
            fail_msg("'%s': %zu tokens, not %zu", wc->text,
                     sm_count_words(buf, len), wc->tokens);
        char got[256] = "";
        size_t i = 0, a, b, nwords = 0;
        const unsigned char *u = (const unsigned char *)buf;
        while (sm_next_word(u, len, &i, &a, &b)) {
            snprintf(got + strlen(got), sizeof got - strlen(got), "%s%.*s",
                     nwords ? "|" : "", (int)(b - a), buf + a);
            nwords++;
        }
        if (strcmp(got, wc->words) != 0)
            fail_msg("'%s': words '%s', not '%s'", wc->text, got, wc->words);
        /* Terms are made of the same words, one term each. */
        sm_vocab voc = {0};
        sm_u32vec v = {0};
        sm_terms(ctx, &voc, buf, len, true, &v);
        if (v.n != nwords)
            fail_msg("'%s': %zu terms for %zu words", wc->text, v.n, nwords);
        SM_FREEVEC(v);
        sm_vocab_free(&voc);
        free(buf);
    }
    sm_ctx_free(ctx);
}

static void dates(void **state)
{
    (void)state;
    const char *ok[] = {"2024-03-20", "1999-12-31", "2025-01-01"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        assert_true(sm_date_valid(ok[i], strlen(ok[i])));
    const char *bad[] = {"2024-13-01", "2024-00-10", "2024-03-32",
                         "2024-03-00", "2024/03/20", "24-03-20",
                         "2024-03-2", "2024-03-200", "abcd-ef-gh", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_false(sm_date_valid(bad[i], strlen(bad[i])));
    assert_false(sm_date_valid(NULL, 0));
    /* Only n bytes are read. */
    assert_true(sm_date_valid("2024-03-20T10:00", 10));
}

static void idf(void **state)
{
    (void)state;
    assert_true(fabs(sm_idf(10, 2) - log(1.0 + 8.5 / 2.5)) < 1e-12);
    /* Rarer terms weigh more; a term in every unit still weighs > 0. */
    assert_true(sm_idf(100, 1) > sm_idf(100, 10));
    assert_true(sm_idf(100, 100) > 0);
}

static void credits(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    const char *opens[] = {"Photograph: AP", "photo: Reuters", "VIDEO: x",
                           "Illustration: Jane Doe"};
    for (size_t i = 0; i < sizeof opens / sizeof *opens; i++)
        assert_true(sm_credit_opens(ctx, opens[i], strlen(opens[i])));
    const char *notopens[] = {"Minister: we will go", "Photographs are art",
                              "The photograph: a story", ""};
    for (size_t i = 0; i < sizeof notopens / sizeof *notopens; i++)
        assert_false(sm_credit_opens(ctx, notopens[i], strlen(notopens[i])));
    const char *in = "Crowds gather in the square. Photograph: AgencyNext text";
    assert_true(sm_credit_inline(ctx, in, strlen(in)));
    const char *notin = "The minister said: talks went well.";
    assert_false(sm_credit_inline(ctx, notin, strlen(notin)));
    const char *p = "Crowds gather in the square (Susan Walsh/AP)";
    assert_true(sm_credit_paren(p, strlen(p)));
    const char *q = "Crowds gather in the square (about 2,000 people)";
    assert_false(sm_credit_paren(q, strlen(q)));
    const char *r = "A ratio (one of many words in a very long aside/remark here)";
    assert_false(sm_credit_paren(r, strlen(r)));
    sm_ctx_free(ctx);
}

/* A short sentence two outlets share is prose whatever punctuation ends
 * it: the cleaner and the segmenter agree on what ends a sentence. */
static void shared_sentence_kept(void **state)
{
    (void)state;
    const char *ends[] = {".", "!", "?", "\xE3\x80\x82" /* 。 */,
                          "\xEF\xBC\x81" /* ！ */};
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
        sm_ctx *ctx = th_ctx();
        sm_corpus *c = sm_corpus_new(ctx);
        char shared[128];
        snprintf(shared, sizeof shared, "Both sides signed rare earth deals%s",
                 ends[e]);
        for (int o = 0; o < 2; o++) {
            char text[512], src[32];
            snprintf(src, sizeof src, "Outlet %c", 'A' + o);
            snprintf(text, sizeof text,
                     "%s\n\nOfficials in outlet %d described talks about "
                     "tariffs that lasted several hours on Tuesday.\n",
                     shared, o);
            sm_docmeta m = {.source = src};
            assert_int_equal(sm_corpus_add_text(c, src, text, strlen(text), &m),
                             SM_OK);
        }
        assert_int_equal(sm_corpus_prepare(c), SM_OK);
        size_t found = 0;
        for (size_t i = 0; i < sm_corpus_n_sentences(c); i++) {
            sm_sentence_info si;
            sm_corpus_sentence(c, i, &si);
            if (si.len == strlen(shared) && memcmp(si.text, shared, si.len) == 0)
                found++;
        }
        if (found != 2)
            fail_msg("ending %s: the shared sentence kept %zu times, not 2",
                     ends[e], found);
        sm_corpus_free(c);
        sm_ctx_free(ctx);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lower_case),
        cmocka_unit_test(word_keys),
        cmocka_unit_test(terminal_punctuation),
        cmocka_unit_test(character_classes),
        cmocka_unit_test(terms_use_the_word_rule),
        cmocka_unit_test(words_and_tokens),
        cmocka_unit_test(dates),
        cmocka_unit_test(idf),
        cmocka_unit_test(credits),
        cmocka_unit_test(shared_sentence_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
