/* test_discover.c: stories found without a profile, their titles and
 * keyphrases, suggested profiles, and the keywords command. */
#include "helpers.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STORIES SM_TEST_DIR "/fixtures/stories"

/* A digest of the fixture with no profiles and discovery on. */
static sm_digest *discover(sm_ctx *ctx, const char *topics_dir, size_t n,
                           sm_corpus **cp, sm_topics **tp)
{
    sm_corpus *c = sm_corpus_new(ctx);
    assert_int_equal(sm_corpus_add_path(c, STORIES), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, topics_dir, &t), SM_OK);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    o.discover = n;
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_OK);
    *cp = c;
    *tp = t;
    return d;
}

static void assert_docs(const sm_digest_topic *tp, const char *const *want)
{
    size_t n = 0;
    while (want[n])
        n++;
    assert_int_equal(tp->n_documents, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(tp->documents[i], want[i]);
    /* Every sentence of the briefing comes from the story's documents. */
    for (size_t i = 0; i < tp->n_sentences; i++) {
        bool found = false;
        for (size_t k = 0; k < n && !found; k++)
            found = strcmp(tp->sentences[i].doc, want[k]) == 0;
        if (!found)
            fail_msg("%s: sentence from %s", tp->id, tp->sentences[i].doc);
    }
}

static bool has_keyword(const sm_digest_topic *tp, const char *kw)
{
    for (size_t k = 0; k < tp->n_keywords; k++)
        if (strcmp(tp->keywords[k], kw) == 0)
            return true;
    return false;
}

/* Four stories, recovered exactly, ranked by outlets then documents. */
static void stories_recovered(void **state)
{
    (void)state;
    char *empty = th_tmpdir();
    sm_ctx *ctx = th_ctx();
    sm_corpus *c;
    sm_topics *t;
    sm_digest *d = discover(ctx, empty, 10, &c, &t);
    assert_int_equal(d->n_topics, 4);
    static const char *const fire[] = {"a1.txt", "a2.txt", "a3.txt", NULL};
    static const char *const bank[] = {"b1.txt", "b2.txt", "b3.txt", NULL};
    static const char *const cup[] = {"c1.txt", "c2.txt", NULL};
    static const char *const museum[] = {"d1.txt", NULL};
    const char *const *want[] = {fire, bank, cup, museum};
    for (size_t i = 0; i < 4; i++) {
        assert_true(d->topics[i].discovered);
        assert_true(d->topics[i].n_sentences > 0);
        assert_docs(&d->topics[i], want[i]);
    }
    /* Titles: the most central headline of each story. */
    assert_string_equal(d->topics[0].title,
                        "Wildfire near Redmont forces thousands to evacuate");
    assert_string_equal(d->topics[1].title,
                        "Central bank raises interest rates to 4.5 percent");
    assert_string_equal(d->topics[2].title,
                        "Harbor City win the cup final on penalties");
    assert_string_equal(d->topics[3].title,
                        "Museum of maps opens in the old customs house");
    /* Keyphrases name the story; ids are made of them. */
    assert_true(has_keyword(&d->topics[0], "Redmont"));
    assert_true(has_keyword(&d->topics[0], "wildfire"));
    assert_true(has_keyword(&d->topics[1], "interest rate"));
    assert_true(has_keyword(&d->topics[1], "central bank"));
    assert_true(has_keyword(&d->topics[2], "cup final"));
    assert_true(has_keyword(&d->topics[2], "Northgate United"));
    assert_string_equal(d->topics[1].id, "governor-martin-feld");
    /* At most N stories. */
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    d = discover(ctx, empty, 2, &c, &t);
    assert_int_equal(d->n_topics, 2);
    assert_docs(&d->topics[1], bank);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
    rmdir(empty);
    free(empty);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(th_write_file(path, text, strlen(text)), 0);
}

static void unput(const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    unlink(path);
}

/* A story a profile covers is the profile's briefing, not repeated; a
 * suggested profile loads and follows its story. */
static void profiles_and_suggestions(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    put(dir, "rates.topic", "id: rates\ntitle: Rates\nterm: 2 interest rate\n"
                            "term: 1 inflation\nterm: 1 central bank\n");
    sm_ctx *ctx = th_ctx();
    sm_corpus *c;
    sm_topics *t;
    sm_digest *d = discover(ctx, dir, 10, &c, &t);
    assert_int_equal(d->n_topics, 4);
    assert_string_equal(d->topics[0].id, "rates");
    assert_false(d->topics[0].discovered);
    for (size_t i = 1; i < 4; i++) {
        assert_true(d->topics[i].discovered);
        for (size_t k = 0; k < d->topics[i].n_documents; k++)
            assert_int_not_equal(d->topics[i].documents[k][0], 'b');
    }
    /* The cup final's suggested profile. */
    const sm_digest_topic *cup = &d->topics[2];
    assert_string_equal(cup->documents[0], "c1.txt");
    char *profile = sm_topic_profile(cup);
    assert_non_null(profile);
    assert_non_null(strstr(profile, "\nterm: 3.0 "));
    unput(dir, "rates.topic");
    put(dir, "cup.topic", profile);
    free(profile);
    sm_digest_free(d);
    sm_topics_free(t);
    sm_topics *t2 = NULL;
    assert_int_equal(sm_topics_load(ctx, dir, &t2), SM_OK);
    assert_int_equal(sm_topics_count(t2), 1);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    sm_digest *d2 = NULL;
    assert_int_equal(sm_digest_build(c, t2, &o, &d2), SM_OK);
    assert_int_equal(d2->n_topics, 1);
    assert_true(d2->topics[0].n_sentences >= 2);
    for (size_t i = 0; i < d2->topics[0].n_sentences; i++)
        assert_int_equal(d2->topics[0].sentences[i].doc[0], 'c');
    sm_digest_free(d2);
    sm_topics_free(t2);
    sm_corpus_free(c);
    unput(dir, "cup.topic");
    rmdir(dir);
    free(dir);
    sm_ctx_free(ctx);
}

static void json_round_trip(void **state)
{
    (void)state;
    char *empty = th_tmpdir();
    sm_ctx *ctx = th_ctx();
    sm_corpus *c;
    sm_topics *t;
    sm_digest *d = discover(ctx, empty, 10, &c, &t);
    size_t len = 0;
    char *json = sm_digest_render(d, SM_FORMAT_JSON, &len);
    assert_non_null(strstr(json, "\"discovered\": true, \"keywords\": [\""));
    assert_non_null(strstr(json, "\"documents\": [\"c1.txt\", \"c2.txt\"]"));
    char err[256];
    sm_digest *back = sm_digest_parse_json(json, len, err, sizeof err);
    assert_non_null(back);
    size_t len2 = 0;
    char *again = sm_digest_render(back, SM_FORMAT_JSON, &len2);
    assert_int_equal(len, len2);
    assert_memory_equal(json, again, len);
    free(again);
    free(json);
    sm_digest_free(back);
    sm_digest_free(d);
    sm_corpus_free(c);
    sm_topics_free(t);
    sm_ctx_free(ctx);
    rmdir(empty);
    free(empty);
}

/* The command line: digest of discovered stories alone, keywords, and a
 * suggested profile for a named story. */
static void command_line(void **state)
{
    (void)state;
    char *empty = th_tmpdir();
    char *out = NULL, *err = NULL;
    const char *digest[] = {"digest", "--topics", empty, "--discover", "3",
                            STORIES, NULL};
    assert_int_equal(th_run(digest, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "== Wildfire near Redmont forces thousands to evacuate ["));
    assert_null(strstr(out, "Museum of maps"));
    free(out);
    free(err);
    /* No profiles and no discovery: nothing to do, said so. */
    const char *none[] = {"digest", "--topics", empty, STORIES, NULL};
    assert_int_equal(th_run(none, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "--discover"));
    free(out);
    free(err);
    const char *kw[] = {"keywords", "--n", "3", STORIES "/a1.txt",
                        STORIES "/a2.txt", NULL};
    assert_int_equal(th_run(kw, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "Redmont\n"));
    size_t lines = 0;
    for (const char *p = out; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, 3);
    free(out);
    free(err);
    const char *sug[] = {"topics", "suggest", "--topics", empty, "3",
                         STORIES, NULL};
    assert_int_equal(th_run(sug, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "title: Harbor City win the cup final on penalties\n"));
    assert_non_null(strstr(out, "term: 3.0 "));
    free(out);
    free(err);
    const char *bad[] = {"topics", "suggest", "--topics", empty, "no-such",
                         STORIES, NULL};
    assert_int_equal(th_run(bad, NULL, &out, &err), 1);
    assert_non_null(strstr(err, "no discovered story 'no-such'"));
    assert_non_null(strstr(err, "governor-martin-feld"));
    free(out);
    free(err);
    rmdir(empty);
    free(empty);
}

/* The bundled corpus with no profiles: the Xi-Putin talks, the aid, the ICC
 * warrant and the 2025 phone call come out as stories a reader names. */
static void bundled_corpus(void **state)
{
    (void)state;
    char *empty = th_tmpdir();
    char *out = NULL, *err = NULL;
    const char *args[] = {"digest", "--topics", empty, "--discover", "5",
                          "--format", "json", SM_SOURCE_DIR "/corpus", NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"title\": \"First meeting between Russian "
                                "President PUTIN and Chinese President XI"));
    assert_non_null(strstr(out, "\"title\": \"Xi and Putin speak by phone "
                                "on the third anniversary of the invasion\""));
    assert_non_null(strstr(out, "\"id\": \"international-criminal-court\""));
    assert_non_null(strstr(out, "ammunition"));
    free(out);
    free(err);
    rmdir(empty);
    free(empty);
}

/* A story's briefing is a summary of its reports (digest.c,
 * choose_story): three newswire stories in one folder, and the mine
 * story's briefing opens with its first report's lead (by score per word
 * it told the collapse's hour and place instead).  Its "also in" names
 * reports of the story only: "Reached at her home in Lagos, Okonkwo said
 * she had been asleep when the jury called" was also in an earthquake
 * report ("Most victims were asleep when their homes fell"). */
static void story_briefing(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    static const char *const clusters[] = {"mine", "quake", "prize"};
    for (size_t i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, SM_TEST_DIR "/fixtures/newswire/%s/docs", clusters[i]);
        assert_int_equal(sm_corpus_add_path(c, path), SM_OK);
    }
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    char *empty = th_tmpdir();
    sm_topics *t = NULL;
    assert_int_equal(sm_topics_load(ctx, empty, &t), SM_OK);
    sm_digest_opts o;
    sm_digest_opts_init(&o);
    o.discover = 5;
    sm_digest *d = NULL;
    assert_int_equal(sm_digest_build(c, t, &o, &d), SM_OK);
    bool lead = false;
    for (size_t k = 0; k < d->n_topics; k++) {
        const sm_digest_topic *tp = &d->topics[k];
        for (size_t i = 0; i < tp->n_sentences; i++) {
            const sm_digest_sentence *s = &tp->sentences[i];
            lead |= strcmp(s->text, "Nineteen miners were trapped about 400 meters "
                           "underground on Wednesday after a tunnel collapsed at a "
                           "copper mine in northern Chile, and rescuers said they "
                           "did not know whether the men were alive.") == 0;
            for (size_t a = 0; a < s->n_also_in; a++) {
                bool member = false;
                for (size_t j = 0; j < tp->n_documents && !member; j++)
                    member = strcmp(tp->documents[j], s->also_in[a]) == 0;
                if (!member)
                    fail_msg("%s: \"%s\" also in %s, not of the story", tp->id,
                             s->text, s->also_in[a]);
            }
        }
    }
    assert_true(lead);
    sm_digest_free(d);
    sm_topics_free(t);
    sm_corpus_free(c);
    sm_ctx_free(ctx);
    rmdir(empty);
    free(empty);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stories_recovered),
        cmocka_unit_test(profiles_and_suggestions),
        cmocka_unit_test(json_round_trip),
        cmocka_unit_test(command_line),
        cmocka_unit_test(bundled_corpus),
        cmocka_unit_test(story_briefing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
