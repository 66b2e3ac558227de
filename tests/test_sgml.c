/*
 * test_sgml.c: newswire in SGML (web/sgml.c), as the TREC, DUC and TAC
 * collections hold it: the story of each <DOC> and nothing of the wire's
 * routing, its identifier, date, source and headline, one file or many
 * documents a file, and damaged files (tests/fixtures/sgml/); character
 * references in text files.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIX SM_TEST_DIR "/fixtures/sgml/"

static int run(const char *const *argv, char **out, char **err)
{
    return th_run(argv, NULL, out, err);
}

/* A DUC cluster: an AP story (paragraphs as indented first lines, no
 * <P>) and a New York Times one (<P>, a routing <HEADER>, slug, byline
 * and trailer outside <TEXT>, "&MD;" dashes and undeclared entities). */
static void test_cluster(void **state)
{
    (void)state;
    char *out, *err;
    const char *argv[] = {"extract", "--format", "json", FIX "duc", NULL};
    assert_int_equal(run(argv, &out, &err), 0);
    assert_string_equal(err, "");
    assert_non_null(strstr(out,
        "{\"name\": \"APW19990311.0112\", \"path\": \"" FIX "duc/APW19990311.0112\", "
        "\"title\": null, \"source\": \"APW\", \"date\": \"1999-03-11\", \"url\": null, "
        "\"author\": null, \"paragraphs\": [{\"type\": \"paragraph\", \"text\": "
        "\"A ferry carrying 212 passengers ran aground in fog on Lake Huron on Thursday, "
        "and coast guard boats took everyone ashore by nightfall, officials said.\"}, "
        "{\"type\": \"paragraph\", \"text\": \"No one was hurt, said Capt. Ruth Amsel of "
        "the coast guard. ``The water was calm and the crew kept everyone on deck,'' she "
        "said.\"}, "));
    assert_non_null(strstr(out,
        "{\"name\": \"NYT19990312.0230\", \"path\": \"" FIX "duc/NYT19990312.0230\", "
        "\"title\": \"FERRY RUNS AGROUND IN FOG; ALL ABOARD SAFE\", \"source\": \"NYT\", "
        "\"date\": \"1999-03-12\", \"url\": null, \"author\": null, \"paragraphs\": "
        "[{\"type\": \"paragraph\", \"text\": \"Fog as thick as wool settled over Lake "
        "Huron on Thursday morning, and the ferry Northern Star \xE2\x80\x94 with 212 "
        "passengers aboard \xE2\x80\x94 ran onto a sandbar a mile from Manitou Island.\"}"));
    static const char *const routing[] = {"DOCNO", "NEWS STORY", "Cx1f", "&QL;",
        "BC-FERRY", "ATTN", "DANA HOLLIS", "News Service", "0147EST", "<", NULL};
    for (size_t i = 0; routing[i]; i++)
        if (strstr(out, routing[i]))
            fail_msg("routing in the text: %s", routing[i]);
    free(out);
    free(err);
}

/* The summary of the cluster opens with the AP story's lead: read as a
 * text file, its first line was glued to the tags and lost. */
static void test_summary_has_the_lead(void **state)
{
    (void)state;
    char *out, *err;
    const char *argv[] = {"summarize", "--words", "45", FIX "duc", NULL};
    assert_int_equal(run(argv, &out, &err), 0);
    assert_string_equal(out,
        "A ferry carrying 212 passengers ran aground in fog on Lake Huron on Thursday, "
        "and coast guard boats took everyone ashore by nightfall, officials said.\n"
        "The ferry, the Northern Star, was on its daily run to Manitou Island.\n"
        "Passengers said they felt a long shudder.\n");
    free(out);
    free(err);
}

/* Several documents a file (Gigaword, AQUAINT): each its own, named by
 * its id attribute; a <P> left open still ends its paragraph; "&amp;". */
static void test_many_a_file(void **state)
{
    (void)state;
    char *out, *err;
    const char *argv[] = {"extract", FIX "wire.sgml", NULL};
    assert_int_equal(run(argv, &out, &err), 0);
    assert_string_equal(out,
        "title: Rail link to the port opens\nsource: XIN_ENG\ndate: 2005-06-14\n"
        "file: " FIX "wire.sgml#XIN_ENG_20050614.0042\n\n"
        "The rail link between the port of Halden and the inland freight yard opened on "
        "Tuesday, cutting the trip for containers from six hours to two.\n\n"
        "The line cost 1.2 billion kroner & took four years to build.\n"
        "\n----\n\n"
        "title: First freight train reaches the yard\nsource: XIN_ENG\ndate: 2005-06-15\n"
        "file: " FIX "wire.sgml#XIN_ENG_20050615.0007\n\n"
        "The first freight train on the new line reached the inland yard on Wednesday "
        "with 40 containers of timber.\n\n"
        "Its driver said the run took one hour and fifty minutes.\n");
    assert_string_equal(err, "");
    free(out);
    free(err);
}

/* An identifier without a date ("LA030389-0017"): the date element,
 * written out ("March 3, 1989, Friday, Home Edition"), dates it. */
static void test_date_element(void **state)
{
    (void)state;
    char *out, *err;
    const char *argv[] = {"extract", FIX "dated.sgml", NULL};
    assert_int_equal(run(argv, &out, &err), 0);
    assert_string_equal(out,
        "title: COUNCIL VOTES TO KEEP LIBRARY OPEN ON SUNDAYS\nsource: LA\n"
        "date: 1989-03-03\nfile: " FIX "dated.sgml\n\n"
        "The City Council voted 9 to 4 on Thursday to keep the central library open on "
        "Sundays, reversing a cut it had approved in January.\n");
    free(out);
    free(err);
}

/* A document with no story is named and skipped; one cut off before its
 * </DOC> is read to the end of the file, with a warning. */
static void test_broken(void **state)
{
    (void)state;
    char *out, *err;
    const char *argv[] = {"extract", FIX "broken.sgml", NULL};
    assert_int_equal(run(argv, &out, &err), 0);
    assert_string_equal(err,
        "summarizer: warning: " FIX "broken.sgml: document APW19990101.0001 has no story "
        "(no <TEXT>), skipped\n"
        "summarizer: warning: " FIX "broken.sgml: a document has no </DOC>; read to the "
        "end of the file (truncated?)\n");
    assert_non_null(strstr(out, "file: " FIX "broken.sgml#APW19990101.0002\n\n"
        "The harbour master said the storm had passed by midnight and that the port "
        "would reopen at dawn.\n"));
    free(out);
    free(err);
    /* Nothing usable: the command fails. */
    char *dir = th_tmpdir();
    char path[4096];
    snprintf(path, sizeof path, "%s/routing.sgml", dir);
    static const char only[] = "<DOC>\n<DOCNO> X1 </DOCNO>\n<HEADER> A1 &QL; </HEADER>\n</DOC>\n";
    assert_int_equal(th_write_file(path, only, strlen(only)), 0);
    const char *argv2[] = {"summarize", path, NULL};
    assert_int_not_equal(run(argv2, &out, &err), 0);
    assert_non_null(strstr(err, "routing.sgml: document X1 has no story (no <TEXT>), skipped"));
    free(out);
    free(err);
    free(dir);
}

/* A text file scraped from markup keeps its character references
 * ("&amp;", "&#8217;", "&mdash;", "&nbsp;"): they are decoded as the file
 * is read; what is no reference ("AT&T", "R&D;", "&foo;") stays. */
static void test_text_references(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_corpus *c = sm_corpus_new(ctx);
    static const char text[] =
        "Smith &amp; Jones said on Monday&nbsp;night that the firm&#8217;s deal "
        "&mdash; worth &#x24;4 million &#0;&mdash; was done.\n\n"
        "AT&T and its R&D; unit said &foo; was not a word they knew at all.\n";
    assert_int_equal(sm_corpus_add_text(c, "refs.txt", text, sizeof text - 1, NULL), SM_OK);
    assert_int_equal(sm_corpus_prepare(c), SM_OK);
    assert_int_equal(sm_corpus_n_sentences(c), 2);
    static const char *const want[] = {
        "Smith & Jones said on Monday night that the firm\xE2\x80\x99s deal "
        "\xE2\x80\x94 worth $4 million \xE2\x80\x94 was done.",
        "AT&T and its R&D; unit said &foo; was not a word they knew at all.",
    };
    for (size_t i = 0; i < 2; i++) {
        sm_sentence_info si;
        sm_corpus_sentence(c, i, &si);
        if (si.len != strlen(want[i]) || memcmp(si.text, want[i], si.len) != 0)
            fail_msg("sentence %zu: [%.*s]", i, (int)si.len, si.text);
    }
    sm_corpus_free(c);
    sm_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cluster),
        cmocka_unit_test(test_summary_has_the_lead),
        cmocka_unit_test(test_many_a_file),
        cmocka_unit_test(test_date_element),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_text_references),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
