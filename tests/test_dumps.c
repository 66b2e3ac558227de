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

/* Text written a sentence per line: one bad line (a list of nouns) must not
 * take every near-good line after it up to the end with it (jusText's
 * edges are bad); a run of prose lines is running text. */
static void test_sentence_per_line(void **state)
{
    (void)state;
    CHECK("The city council approved the new budget on Tuesday evening, after "
          "a long debate in which members of every party spoke, the public "
          "gallery was full to the doors, and the chair had to call for quiet "
          "more than once before the vote.\n"
          "Members argued about the plan for three hours.\n"
          "Road repairs, bus lanes, parking meters, street lights, bike racks, "
          "new benches, fresh paint.\n"
          "The mayor said that the money for the schools would be paid in two "
          "parts, the first of them in the autumn.\n"
          "Teachers welcomed the decision.\n"
          "Some of the members who voted against it said that it came too late "
          "for the schools that needed it most.\n"
          "It will be reviewed in the spring.\n",
          "The city council approved the new budget on Tuesday evening, after "
          "a long debate in which members of every party spoke, the public "
          "gallery was full to the doors, and the chair had to call for quiet "
          "more than once before the vote.",
          "Members argued about the plan for three hours.",
          "The mayor said that the money for the schools would be paid in two "
          "parts, the first of them in the autumn.",
          "Teachers welcomed the decision.",
          "Some of the members who voted against it said that it came too late "
          "for the schools that needed it most.",
          "It will be reviewed in the spring.");
}

/* A lower-case word with an inner capital is an identifier, kept whole;
 * a capital that opens a sentence after glued text still splits. */
static void test_lower_camel_case(void **state)
{
    (void)state;
    CHECK("The request uses reqHeaders and the bodyUsed flag, the team said "
          "on Monday.\n\nThe council rejected the proposalThe secretary of "
          "state said on Monday that the talks would go on.",
          "The request uses reqHeaders and the bodyUsed flag, the team said "
          "on Monday.",
          "The council rejected the proposal",
          "The secretary of state said on Monday that the talks would go on.");
}

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

/* also_in comes from article text only: a menu entry or teaser line on
 * one page never corroborates another page's sentence; a sentence does. */
static void test_corroboration_from_article_text(void **state)
{
    (void)state;
    static const char *const norway =
        "Norway delivered eight Leopard tanks to Ukraine on Monday, the "
        "Norwegian army said.";
    static const char *const texts[] = {
        "Norway delivered eight Leopard tanks to Ukraine on Monday, the "
        "Norwegian army said.\n\nThe tanks will help Ukrainian crews defend "
        "the eastern front, officials said.\n",
        /* A page whose menu and teasers mention the tanks. */
        "Home\n\nLeopard tanks for Ukraine\n\nNorway sends Leopard tanks "
        "to Ukraine\n\nThe city council voted to close two parks for repairs "
        "over the summer, the mayor said.\n\nResidents can still use the "
        "river path while the work goes on.\n",
        /* A page that reports the fact. */
        "Eight Leopard tanks from Norway were delivered to Ukraine on Monday, "
        "the Norwegian army said.\n\nThe European Union agreed to send "
        "artillery shells to Ukraine within a year.\n",
    };
    static const char *const sources[] = {"Alpha", "Beta", "Gamma"};
    for (int with_report = 0; with_report < 2; with_report++) {
        sm_corpus *c = sm_corpus_new(ctx);
        for (int i = 0; i < 2 + with_report; i++) {
            sm_docmeta m = {.source = sources[i], .date = "2024-05-01"};
            char name[16];
            snprintf(name, sizeof name, "doc%d", i);
            assert_int_equal(sm_corpus_add_text(c, name, texts[i],
                                                strlen(texts[i]), &m),
                             SM_OK);
        }
        assert_int_equal(sm_corpus_prepare(c), SM_OK);
        sm_topics *t = NULL;
        assert_int_equal(sm_topics_load(ctx, SM_TEST_DIR "/fixtures/digest/topics",
                                        &t),
                         SM_OK);
        sm_digest *d = NULL;
        assert_int_equal(sm_digest_build(c, t, NULL, &d), SM_OK);
        const sm_digest_sentence *found = NULL;
        for (size_t k = 0; k < d->n_topics; k++)
            for (size_t i = 0; i < d->topics[k].n_sentences; i++)
                if (strcmp(d->topics[k].sentences[i].text, norway) == 0)
                    found = &d->topics[k].sentences[i];
        assert_non_null(found);
        if (with_report) {
            assert_int_equal(found->n_also_in, 1);
            assert_string_equal(found->also_in_sources[0], "Gamma");
        } else {
            assert_int_equal(found->n_also_in, 0);
        }
        sm_digest_free(d);
        sm_topics_free(t);
        sm_corpus_free(c);
    }
}

/* A paragraph wrapped at 70 columns, the way a text browser dumps it: a
 * line that breaks before a capital ("the House" / "Intelligence
 * Committee") loses nothing. */
static const char wrapped[] =
    "  \xE2\x80\xA2 Home\n"
    "  \xE2\x80\xA2 World news\n"
    "\n"
    "Smith, a former official of the agency, testified before the House\n"
    "Intelligence Committee Tuesday about the leak, and he told the members\n"
    "that the reports had been shared with the White House weeks before\n"
    "they were made public. He said that no one in the agency had been\n"
    "asked to keep the matter quiet, and that the committee would receive\n"
    "every document it requested by the end of the month.\n"
    "\n"
    "The chairman said the hearing would continue on Thursday with two\n"
    "other officials who worked in the agency at the time of the leak.\n";

static void test_wrapped_dump(void **state)
{
    (void)state;
    CHECK(wrapped,
          "Smith, a former official of the agency, testified before the House "
          "Intelligence Committee Tuesday about the leak, and he told the "
          "members that the reports had been shared with the White House "
          "weeks before they were made public.",
          "He said that no one in the agency had been asked to keep the "
          "matter quiet, and that the committee would receive every document "
          "it requested by the end of the month.",
          "The chairman said the hearing would continue on Thursday with two "
          "other officials who worked in the agency at the time of the leak.");
}

/* Newswire as typed: a paragraph's first line indented (three spaces or a
 * tab), its continuations not, and no blank line between paragraphs.  The
 * first line is the paragraph's start, not a line of its own (it was: the
 * lead lost its first words to a dateline-only line and "``Then
 * nothing,'' said" was cut from its speaker).  A compound broken at its
 * hyphen is one word again ("twice-" / "daily"). */
static const char indented[] =
    "   LAKEPORT, Ontario (AP) _ A ferry carrying 212 passengers ran aground\n"
    "in fog on Lake Huron on Thursday, and coast guard boats took everyone\n"
    "ashore by nightfall, officials said.\n"
    "\tPassengers said they felt a long shudder. ``Then nothing,'' said\n"
    "Elena Voss, 41, a teacher who was travelling home with her two sons.\n"
    "   The ferry, the Northern Star, a 40-year-old vessel, was on its twice-\n"
    "daily run to Manitou Island, which it serves between April and November.\n";

static void test_indented_paragraphs(void **state)
{
    (void)state;
    CHECK(indented,
          "A ferry carrying 212 passengers ran aground in fog on Lake Huron "
          "on Thursday, and coast guard boats took everyone ashore by "
          "nightfall, officials said.",
          "Passengers said they felt a long shudder.",
          "``Then nothing,'' said Elena Voss, 41, a teacher who was "
          "travelling home with her two sons.",
          "The ferry, the Northern Star, a 40-year-old vessel, was on its "
          "twice-daily run to Manitou Island, which it serves between April "
          "and November.");
}

/* A run of short teasers between menus goes as a whole; a short
 * paragraph inside the article stays. */
static void test_teaser_run(void **state)
{
    (void)state;
    CHECK("Menu\n\n"
          "The city council voted on Monday to close two of its oldest parks "
          "for repairs over the summer, after inspectors found that the "
          "paths and the playgrounds had been damaged by the winter floods "
          "and the storms of March.\n\n"
          "It was close.\n\n"
          "Residents will still be able to walk along the river path while "
          "the work goes on, and the council said it would reopen both parks "
          "before the end of September if the weather holds.\n\n"
          "More from the city\n"
          "  \xE2\x80\xA2 Sign up\n"
          "Mayor Unveils New Budget Plan For Schools\n"
          "Bridge Closure Angers Commuters Again\n"
          "Ten Best Places To Eat Downtown\n"
          "  \xE2\x80\xA2 Log in\n"
          "  \xE2\x80\xA2 Contact us\n",
          "The city council voted on Monday to close two of its oldest parks "
          "for repairs over the summer, after inspectors found that the paths "
          "and the playgrounds had been damaged by the winter floods and the "
          "storms of March.",
          "It was close.",
          "Residents will still be able to walk along the river path while the "
          "work goes on, and the council said it would reopen both parks "
          "before the end of September if the weather holds.");
}

/* A comments heading after the article ends it: the thread below goes,
 * prose and all. */
static void test_comment_thread(void **state)
{
    (void)state;
    CHECK("The city council voted on Monday to close two of its oldest parks "
          "for repairs over the summer, after inspectors found that the "
          "paths and the playgrounds had been damaged by the winter floods "
          "and the storms of March.\n\n"
          "37 Comments\n\n"
          "jane_doe\n"
          "I walk there every day and I think this is a terrible decision by "
          "the council, who never listen to the people who live here.\n"
          "Reply\n\n"
          "old_timer\n"
          "The parks have needed this work for years and it is about time "
          "that somebody did something about the state of the paths.\n"
          "Reply\n",
          "The city council voted on Monday to close two of its oldest parks "
          "for repairs over the summer, after inspectors found that the paths "
          "and the playgrounds had been damaged by the winter floods and the "
          "storms of March.");
}

/* A comment count glued under a byline is no comments heading: the
 * article below it stays (the title and byline between two paragraphs
 * take their class, as short blocks do). */
static void test_comment_count_in_byline(void **state)
{
    (void)state;
    CHECK("The council closed two parks for the summer, and the mayor said "
          "the decision had been hard for everyone who uses them, but that "
          "the work could not wait for another year because the paths were "
          "no longer safe.\n\n"
          "Council closes parks\n"
          "Jane Doe, Staff writer\n"
          "11 Comments\n\n"
          "The city council voted on Monday to close two of its oldest parks "
          "for repairs over the summer, after inspectors found that the "
          "paths and the playgrounds had been damaged by the winter floods "
          "and the storms of March.\n",
          "The council closed two parks for the summer, and the mayor said the "
          "decision had been hard for everyone who uses them, but that the "
          "work could not wait for another year because the paths were no "
          "longer safe.",
          "Council closes parks", "Jane Doe, Staff writer",
          "The city council voted on Monday to close two of its oldest parks "
          "for repairs over the summer, after inspectors found that the paths "
          "and the playgrounds had been damaged by the winter floods and the "
          "storms of March.");
}

/* Chinese wrapped at 80 columns (39 characters of two columns a line) is
 * joined without spaces: the characters were never apart. */
static void test_wrapped_cjk(void **state)
{
    (void)state;
    /* 中国 (6 bytes, 4 columns) times 19, and 人 (2 columns): 78 columns. */
    char text[1024] = "", want[1024] = "";
    for (int line = 0; line < 4; line++) {
        for (int k = 0; k < 19; k++)
            strcat(text, "\xE4\xB8\xAD\xE5\x9B\xBD");
        strcat(text, "\xE4\xBA\xBA\n");
    }
    strcat(text, "\xE5\xA5\xBD\xE3\x80\x82\n"); /* 好。 */
    size_t w = 0;
    for (const char *p = text; *p; p++)
        if (*p != '\n')
            want[w++] = *p;
    want[w] = '\0';
    CHECK(text, want);
}

/* Two paragraphs of an article, good blocks on their own. */
#define PARKS                                                                  \
    "The city council voted on Monday to close two of its oldest parks for "   \
    "repairs over the summer, after inspectors found that the paths and the "  \
    "playgrounds had been damaged by the winter floods and the storms of "     \
    "March.\n\n"
#define RIVER                                                                  \
    "Residents will still be able to walk along the river path while the "     \
    "work goes on, and the council said it would reopen both parks before "    \
    "the end of September if the weather holds, and if the new gates arrive "  \
    "in time.\n\n"
#define PARKS_S                                                                \
    "The city council voted on Monday to close two of its oldest parks for "   \
    "repairs over the summer, after inspectors found that the paths and the "  \
    "playgrounds had been damaged by the winter floods and the storms of "     \
    "March."
#define RIVER_S                                                                \
    "Residents will still be able to walk along the river path while the "     \
    "work goes on, and the council said it would reopen both parks before "    \
    "the end of September if the weather holds, and if the new gates arrive "  \
    "in time."

/* A teaser's card (a list item holding a title, a summary and a source,
 * indented under its bullet) goes whole, summary sentences and all; an
 * item that opens with a sentence, or a term with its paragraph, stays
 * (the term alone is a menu entry's shape, and goes). */
static void test_teaser_cards(void **state)
{
    (void)state;
    CHECK(PARKS
          "  \xE2\x80\xA2 Mayor unveils new budget plan for schools\n"
          "    Mayor unveils new budget plan for schools\n"
          "    The mayor said on Friday that every school in the city would "
          "get more money next year, and that teachers would be paid more.\n"
          "    City News\n\n"
          RIVER
          "  \xE2\x80\xA2 Paths\n"
          "    The paths will be rebuilt with stone from the old quarry, the "
          "council said.\n\n"
          "  \xE2\x80\xA2 The river path stays open during the work.\n"
          "    It is lit at night.\n"
          "    Dogs must be kept on a lead.\n\n"
          PARKS,
          PARKS_S, RIVER_S,
          "The paths will be rebuilt with stone from the old quarry, the "
          "council said.",
          "The river path stays open during the work.", "It is lit at night.",
          "Dogs must be kept on a lead.", PARKS_S);
}

/* Under a navigation heading ("Related": a line the furniture list names
 * whole) the list is links, even a line of sentences. */
static void test_related_list(void **state)
{
    (void)state;
    CHECK(PARKS
          "Related\n\n"
          "  \xE2\x80\xA2 I walked the river path. It is the best walk in "
          "the city.\n\n"
          RIVER
          "The council will meet again in April to look at the budget.\n\n"
          "  \xE2\x80\xA2 The river path stays open during the work.\n",
          PARKS_S, RIVER_S,
          "The council will meet again in April to look at the budget.",
          "The river path stays open during the work.");
}

/* A caption printed twice (under the picture and in a gallery, or glued
 * to itself) goes; a paragraph quoted twice stays. */
static void test_repeated_lines(void **state)
{
    (void)state;
    CHECK(PARKS
          "A child plays in the park on Sunday.\n\n"
          RIVER
          "A child plays in the park on Sunday.\n\n"
          "The storm damaged the gates.The storm damaged the gates.\n\n"
          "A dog runs along the river path.\n\n"
          "A dog runs along the river path.\n\n"
          PARKS,
          PARKS_S, RIVER_S, PARKS_S);
}

/* A photo credit on a line of its own goes with the caption sentence
 * above it; a paragraph above a picture without a credit stays. */
static void test_caption_and_credit(void **state)
{
    (void)state;
    CHECK(PARKS
          "Families picnic by the pond on a warm afternoon.\n\n\n"
          "Jane Doe/Example Images/Getty Images\n\n"
          RIVER
          "The pond will be drained in June.\n\n"
          "[photo]\n\n"
          PARKS
          "The gates of the old park.\n"
          "Photo: Jane Doe\n\n"
          RIVER,
          PARKS_S, RIVER_S, "The pond will be drained in June.", PARKS_S,
          RIVER_S);
}

/* A block of legal or consent text goes ("$" phrases of the furniture
 * list, or a copyright sign); an article's paragraph about consent and
 * terms of service stays. */
static void test_legal_blocks(void **state)
{
    (void)state;
    CHECK(PARKS
          "Tech companies often defend their data collection by pointing to "
          "consent, saying that users agreed to the terms of service when "
          "they signed up, though few of them ever read those terms.\n\n"
          RIVER
          "We use cookies to improve your experience on our site and to show "
          "you relevant advertising. By clicking accept you agree to it.\n\n"
          "\xC2\xA9 2024 Example Media Group Ltd. The content of this site is "
          "provided for information and may not be copied or redistributed "
          "without permission.\n",
          PARKS_S,
          "Tech companies often defend their data collection by pointing to "
          "consent, saying that users agreed to the terms of service when "
          "they signed up, though few of them ever read those terms.",
          RIVER_S);
}

/* A long article paragraph (past LEGAL_MAX_WORDS) that names a legal
 * phrase is no legal block: block features count only a sample of a
 * block's words, and that sample once hid the paragraph's length. */
static void test_long_paragraph_with_legal_phrase(void **state)
{
    (void)state;
    CHECK(PARKS
          "The regulator said the firm had buried the switches that control tracking deep inside settings menus that few parents ever opened, and that its notice, which ended with the words all rights reserved in small grey type, told families almost nothing about what was gathered. "
          "Investigators counted more than forty separate screens that a parent would have had to visit in the right order to turn off the collection of location data, voice recordings and contact lists from a single tablet used by a child at home or at school. "
          "Lawyers for the company argued during the hearings that every screen had been tested with groups of parents before launch, that the wording had been approved by outside counsel, and that no complaint had been filed by any family in the first two years. "
          "The panel rejected that account after reading internal messages in which designers described the menus as a maze that would keep the switches out of sight, and it ordered the firm to delete the data it had gathered from children under thirteen. "
          "Consumer groups welcomed the ruling on Tuesday evening and said they would now ask other regulators across the region to open similar inquiries into the games, tablets and smart speakers that are sold to families with young children every year. "
          "The company has until the end of next month to present a new design, which must let a parent turn off every kind of collection from one screen, and it faces a further penalty for every day that the old menus remain in use after that date.\n\n"
          RIVER,
          PARKS_S,
          "The regulator said the firm had buried the switches that control tracking deep inside settings menus that few parents ever opened, and that its notice, which ended with the words all rights reserved in small grey type, told families almost nothing about what was gathered.",
          "Investigators counted more than forty separate screens that a parent would have had to visit in the right order to turn off the collection of location data, voice recordings and contact lists from a single tablet used by a child at home or at school.",
          "Lawyers for the company argued during the hearings that every screen had been tested with groups of parents before launch, that the wording had been approved by outside counsel, and that no complaint had been filed by any family in the first two years.",
          "The panel rejected that account after reading internal messages in which designers described the menus as a maze that would keep the switches out of sight, and it ordered the firm to delete the data it had gathered from children under thirteen.",
          "Consumer groups welcomed the ruling on Tuesday evening and said they would now ask other regulators across the region to open similar inquiries into the games, tablets and smart speakers that are sold to families with young children every year.",
          "The company has until the end of next month to present a new design, which must let a parent turn off every kind of collection from one screen, and it faces a further penalty for every day that the old menus remain in use after that date.",
          RIVER_S);
}

/* Wire datelines go from the front of their sentence; the sentence stays.
 * An upper-case word before a dash is no dateline without a place's
 * shape. */
static void test_datelines(void **state)
{
    (void)state;
    CHECK("WASHINGTON (AP) -- The Senate voted on Tuesday to pass the bill.\n\n"
          "BERLIN, Sept. 11 (Xinhua) -- Germany's exports rose in July, data "
          "showed.\n\n"
          "WOODS HOLE, Mass. _ Scientists found a new species of squid.\n\n"
          "LONDON (Reuters) - Britain's economy grew faster than expected.\n\n"
          "LONDON \xE2\x80\x94 After nearly 20 years, the talks resumed.\n\n"
          "US - China trade talks resumed on Monday in Geneva.\n\n"
          "NASA - the agency - said the launch was delayed.",
          "The Senate voted on Tuesday to pass the bill.",
          "Germany's exports rose in July, data showed.",
          "Scientists found a new species of squid.",
          "Britain's economy grew faster than expected.",
          "After nearly 20 years, the talks resumed.",
          "US - China trade talks resumed on Monday in Geneva.",
          "NASA - the agency - said the launch was delayed.");
}

/* Text that is not wrapped (one paragraph per line, long and short lines
 * mixed) is never joined. */
static void test_unwrapped_text_kept(void **state)
{
    (void)state;
    CHECK("Norway delivered eight tanks to Ukraine on Monday, the army said in "
          "a statement\n"
          "Officials gave no date for the next delivery.\n"
          "The tanks left from a port in the north of the country.\n",
          "Norway delivered eight tanks to Ukraine on Monday, the army said "
          "in a statement",
          "Officials gave no date for the next delivery.",
          "The tanks left from a port in the north of the country.");
}

/* Checks that the dump tests/fixtures/dumps/<name> keeps exactly want[]. */
static void check_fixture(const char *name, const char *const *want)
{
    char path[256];
    snprintf(path, sizeof path, "%s/fixtures/dumps/%s", SM_TEST_DIR, name);
    size_t len = 0;
    char *text = th_read_file(path, &len);
    assert_non_null(text);
    const char *const docs[] = {text, NULL};
    check_docs(docs, 0, want);
    free(text);
}

#define CHECK_FIXTURE(name, ...)                                               \
    do {                                                                       \
        const char *const want_[] = {__VA_ARGS__, NULL};                       \
        check_fixture(name, want_);                                            \
    } while (0)

/* A chart (a picture's placeholder, then a run of its labels) takes the
 * sentence above it, its title; a sentence above a picture with no labels
 * stays. */
static void test_chart_title(void **state)
{
    (void)state;
    CHECK_FIXTURE(
        "chart.txt",
        "The city council said on Monday that the cost of its borrowing would "
        "rise sharply over the next five years, after the rates it pays on its "
        "bonds climbed for the third time this year and the budget office "
        "warned that the schools, the parks and the buses would all have to "
        "wait for the money they were promised.",
        "Council members from both parties agreed that the debt could not keep "
        "growing at this pace, but they did not agree on what to cut first, "
        "and the vote on the new budget was put off until the end of the "
        "month while the mayor meets with the unions and the school board.",
        "The new bus depot opened in May.",
        "The mayor said she would present a plan of her own in two weeks, and "
        "that it would not raise the property tax for families, although it "
        "might raise the fees that large companies pay for their permits and "
        "their parking.");
}

#define PARKS_W                                                                \
    "The city council voted on Monday to close two of its oldest parks for "   \
    "repairs over the summer, after inspectors found that the paths and the "  \
    "playgrounds had been damaged by the winter floods and the storms of "     \
    "March."
#define RIVER_W                                                                \
    "Residents will still be able to walk along the river path while the "     \
    "work goes on, and the council said it would reopen both parks before "    \
    "the end of September if the weather holds, and if the new gates arrive "  \
    "in time."
#define REPAIRS_W                                                              \
    "The repairs will cost about two million euros, most of it paid by the "   \
    "regional government, which set aside money for flood damage in the "      \
    "spring and has already paid for the work on the harbour wall, the old "   \
    "fish market and the bridge over the canal."

/* Under a navigation heading, related stories' cards (a title twice, a
 * summary cut short, a date, a section) go up to the next finished
 * paragraph, which stays. */
static void test_related_cards(void **state)
{
    (void)state;
    CHECK_FIXTURE("related-cards.txt", PARKS_W, RIVER_W, REPAIRS_W);
}

/* A card set as lines with no blank line between them (a title, its
 * summary, a "Read now" button) goes whole; two short lines of the article
 * set the same way, with no title and no button, stay. */
static void test_glued_card(void **state)
{
    (void)state;
    CHECK_FIXTURE("glued-card.txt", PARKS_W, RIVER_W,
                  "The river path is open from dawn.", "The gates close at nine.",
                  REPAIRS_W);
    /* A short article a line per paragraph, with its agency's name below,
     * is no card. */
    CHECK("Council closes two old parks\n" PARKS_W "\n" RIVER_W "\nReuters\n",
          "Council closes two old parks", PARKS_W, RIVER_W);
}

/* The sentence above a form's text field is the form's prompt; a sentence
 * above a link's label ("[Search]") stays. */
static void test_form_prompt(void **state)
{
    (void)state;
    CHECK_FIXTURE("form.txt", PARKS_W, RIVER_W, REPAIRS_W,
                  "Read the full report on the council's website.");
}

/* A run of short sentences between two lists (a box between menus) is no
 * running text; a run after one list, at the end, is. */
static void test_box_between_menus(void **state)
{
    (void)state;
    CHECK_FIXTURE("menu-box.txt", PARKS_W, RIVER_W,
                  "The mayor said the parks were closed.",
                  "She said they would reopen in the autumn.",
                  "The council agreed.");
}

/* A sidebar: teasers with their link glued on ("... the council said.
 * Read now") go, and a list of short questions (links' titles) makes no
 * run of running text. */
static void test_sidebar_teasers(void **state)
{
    (void)state;
    CHECK_FIXTURE("sidebar.txt", PARKS_W, RIVER_W);
}

/* A republication note after the article ("Originally published at ...")
 * goes with the sentences glued to it; an article's "originally published
 * in 1890" stays. */
static void test_republication_note(void **state)
{
    (void)state;
    CHECK(PARKS
          "The map of the parks, originally published in 1890, shows the "
          "river path and the old gates where they still stand today.\n\n"
          RIVER
          "Originally published at www.example.com on May 1, 2024. Sadly "
          "the parks are still closed, and the council has not said when the "
          "gates will open again for the families who live nearby and walk "
          "there every day.\n\n"
          PARKS,
          PARKS_S,
          "The map of the parks, originally published in 1890, shows the "
          "river path and the old gates where they still stand today.",
          RIVER_S, PARKS_S);
}

/* A standfirst (one sentence between the headline and the byline) goes;
 * the same sentence under a headline with no byline below it stays. */
static void test_standfirst(void **state)
{
    (void)state;
    CHECK("City Council Closes Two Old Parks For The Summer\n\n"
          "The repairs will take all summer, and nobody knows who pays.\n\n"
          "By Jane Doe\n\n"
          PARKS RIVER,
          "City Council Closes Two Old Parks For The Summer", PARKS_S,
          RIVER_S);
    CHECK("City Council Closes Two Old Parks For The Summer\n\n"
          "The repairs will take all summer, and nobody knows who pays.\n\n"
          PARKS RIVER,
          "City Council Closes Two Old Parks For The Summer",
          "The repairs will take all summer, and nobody knows who pays.",
          PARKS_S, RIVER_S);
}

/* A text in another language than the stopword list's whose paragraphs
 * are all short (none a good block by itself, as Chinese paragraphs are)
 * is still judged when three of them run on: its menus go, its
 * paragraphs stay, even between two menus. */
static void test_short_paragraphs(void **state)
{
    (void)state;
    /* Menus: 汽车 旅游 美食, 天气 招聘.  Paragraphs: 市议会周一关闭了两个公园。
     * 三月的洪水损坏了小路。 市长说公园将在九月重新开放。 */
#define P1 "\xE5\xB8\x82\xE8\xAE\xAE\xE4\xBC\x9A\xE5\x91\xA8\xE4\xB8\x80" \
           "\xE5\x85\xB3\xE9\x97\xAD\xE4\xBA\x86\xE4\xB8\xA4\xE4\xB8\xAA" \
           "\xE5\x85\xAC\xE5\x9B\xAD\xE3\x80\x82"
#define P2 "\xE4\xB8\x89\xE6\x9C\x88\xE7\x9A\x84\xE6\xB4\xAA\xE6\xB0\xB4" \
           "\xE6\x8D\x9F\xE5\x9D\x8F\xE4\xBA\x86\xE5\xB0\x8F\xE8\xB7\xAF" \
           "\xE3\x80\x82"
#define P3 "\xE5\xB8\x82\xE9\x95\xBF\xE8\xAF\xB4\xE5\x85\xAC\xE5\x9B\xAD" \
           "\xE5\xB0\x86\xE5\x9C\xA8\xE4\xB9\x9D\xE6\x9C\x88\xE9\x87\x8D" \
           "\xE6\x96\xB0\xE5\xBC\x80\xE6\x94\xBE\xE3\x80\x82"
    CHECK("  \xE2\x80\xA2 \xE6\xB1\xBD\xE8\xBD\xA6\n"
          "  \xE2\x80\xA2 \xE6\x97\x85\xE6\xB8\xB8\n"
          "  \xE2\x80\xA2 \xE7\xBE\x8E\xE9\xA3\x9F\n\n" P1 "\n\n" P2
          "\n\n" P3 "\n\n"
          "  \xE2\x80\xA2 \xE5\xA4\xA9\xE6\xB0\x94\n"
          "  \xE2\x80\xA2 \xE6\x8B\x9B\xE8\x81\x98\n",
          P1, P2, P3);
#undef P1
#undef P2
#undef P3
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_colons),
        cmocka_unit_test(test_wrapped_dump),
        cmocka_unit_test(test_indented_paragraphs),
        cmocka_unit_test(test_teaser_run),
        cmocka_unit_test(test_comment_thread),
        cmocka_unit_test(test_comment_count_in_byline),
        cmocka_unit_test(test_wrapped_cjk),
        cmocka_unit_test(test_teaser_cards),
        cmocka_unit_test(test_related_list),
        cmocka_unit_test(test_repeated_lines),
        cmocka_unit_test(test_legal_blocks),
        cmocka_unit_test(test_long_paragraph_with_legal_phrase),
        cmocka_unit_test(test_caption_and_credit),
        cmocka_unit_test(test_datelines),
        cmocka_unit_test(test_sentence_per_line),
        cmocka_unit_test(test_lower_camel_case),
        cmocka_unit_test(test_unwrapped_text_kept),
        cmocka_unit_test(test_corroboration_from_article_text),
        cmocka_unit_test(test_chart_title),
        cmocka_unit_test(test_related_cards),
        cmocka_unit_test(test_glued_card),
        cmocka_unit_test(test_form_prompt),
        cmocka_unit_test(test_box_between_menus),
        cmocka_unit_test(test_sidebar_teasers),
        cmocka_unit_test(test_republication_note),
        cmocka_unit_test(test_standfirst),
        cmocka_unit_test(test_short_paragraphs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
