/*
 * test_extract_rules.c: one small page per rule of article extraction
 * (web/extract.c), written for these tests (tests/fixtures/web/rules/),
 * each with the exact paragraphs `summarizer extract` must keep, so a rule
 * that keeps too much or too little fails here.
 */
#include "helpers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RULES SM_TEST_DIR "/fixtures/web/rules/"

/* The article `summarizer extract` prints for one fixture: what follows
 * the metadata lines and the blank line after them. */
static void assert_article(const char *file, const char *want)
{
    char *out, *err;
    const char *argv[] = {"extract", file, NULL};
    assert_int_equal(th_run(argv, NULL, &out, &err), 0);
    const char *body = strstr(out, "\n\n");
    assert_non_null(body);
    assert_string_equal(body + 2, want);
    assert_string_equal(err, "");
    free(out);
    free(err);
}

/* A story in two parts far apart in the page, named alike but for a
 * digit: both parts kept, the teaser links between them not. */
static void test_split_story(void **state)
{
    (void)state;
    assert_article(RULES "split.html",
        "The last lighthouse on the northern cape has a keeper again, for the first time "
        "in forty years, after the council voted to staff it through the winter.\n\n"
        "Storms cut the cape's power lines twice last year, and the automatic lamp failed "
        "both times, leaving the channel dark for a night.\n\n"
        "The new keeper, a retired fisherman, will live in the tower from October to March, "
        "and the council will pay for his food, fuel and radio.\n\n"
        "He said he had watched the lamp from his boat for thirty years, and that he knew, "
        "better than anyone, what a dark channel meant for the boats.\n\n"
        "Volunteers will take the summer months, when the weather is calmer and the nights "
        "are short, so that the light is never left alone.\n\n"
        "The council's budget, agreed in March, sets aside money for the tower's roof, its "
        "windows and a new lens, which arrives in the autumn.\n\n"
        "Other towns along the coast, which lost their keepers in the same years, have "
        "written to ask how the council made the numbers work.\n");
}

/* MathML is the formula's text: kept in its sentence. */
static void test_math(void **state)
{
    (void)state;
    assert_article(RULES "math.html",
        "The area of a circle grows with the square of its radius, so doubling the radius "
        "makes the area four times larger, whatever the circle.\n\n"
        "For a radius r the area is \xCF\x80 r 2 square units, as the ancient geometers knew.\n\n"
        "The same reasoning, with a little more work, gives the volume of a sphere, and the "
        "surface of a cylinder, from the same few steps.\n");
}

/* A heading that links to its own place in the page (a permalink) is a
 * heading; one that links away is a teaser. */
static void test_page_links(void **state)
{
    (void)state;
    assert_article(RULES "pagelinks.html",
        "## When to prune\xC2\xB6\n\n"
        "Prune apple and pear trees in winter, while they are dormant, and plums in summer, "
        "when the silver leaf fungus is least active.\n\n"
        "## How to cut\xC2\xB6\n\n"
        "Cut just above an outward-facing bud, at a slight angle, so that water runs off the "
        "cut and the new shoot grows away from the centre.\n\n"
        "Never remove more than a quarter of the crown in one year, or the tree answers with "
        "a thicket of weak, upright shoots.\n");
}

/* jusText's stopword density with context: short blocks unlike prose (a
 * time stamp at the top, a photo label and agency credit in a row, an ad
 * label at the end) go; a short label between two paragraphs of prose
 * stays. */
static void test_stopword_density(void **state)
{
    (void)state;
    assert_article(RULES "stopwords.html",
        "The bakery in the village square has won the national prize for bread, beating "
        "more than four hundred entries from all over the country.\n\n"
        "Its owner, who took over the shop from her father ten years ago, said that the "
        "secret was in the flour, which comes from a mill down the road.\n\n"
        "## Second thoughts\n\n"
        "She said she had almost not entered, because the journey to the capital was long "
        "and the shop would have to close for two days.\n\n"
        "The prize comes with a sum of money that she plans to spend on a new oven, and "
        "with a year of visits from customers who read about it.\n");
}

/* A page in another language than the context's has no stopwords to
 * judge by: nothing is dropped for want of them. */
static void test_stopwords_other_language(void **state)
{
    (void)state;
    assert_article(RULES "stopwords-fr.html",
        "## Boulangerie Martin\n\n"
        "La boulangerie de la place du village a remport\xC3\xA9 le prix national du pain, "
        "devant plus de quatre cents candidats venus de tout le pays.\n\n"
        "Sa patronne, qui a repris la boutique de son p\xC3\xA8re il y a dix ans, affirme que "
        "le secret tient \xC3\xA0 la farine, moulue au moulin voisin.\n\n"
        "## Prix national\n");
}

/* Text directly in a container, in paragraphs made by <br><br>, and a
 * table of prose are article; a consent notice, aria-hidden text, a
 * caption with its credit, alt text and a form's label are not. */
static void test_breaks_and_furniture(void **state)
{
    (void)state;
    assert_article(RULES "brs.html",
        "Canal boats are back on the city's oldest waterway, after a dry summer left the "
        "locks closed for nine weeks and stranded dozens of boats upstream.\n\n"
        "The water authority said that rain in September had refilled the reservoirs that "
        "feed the canal, and that all twelve locks would open on Monday.\n\n"
        "Boat owners, some of whom live aboard all year, said they had lost bookings, and "
        "asked the authority to pay for the weeks of trade they missed.\n\n"
        "The authority has promised a study of how the canal could be fed in dry years, "
        "with a report due before the end of next spring.\n");
}

/* A page of sections of short headed items, where the plain reading finds
 * only one longer notice: read again with sections scored as paragraphs
 * (Readability), the page's items are the article. */
static void test_sections(void **state)
{
    (void)state;
    assert_article(RULES "sections.html",
        "## Night mode\n\n"
        "Takes clear pictures in the dark, without a flash, by stacking many short exposures.\n\n"
        "## Zoom\n\n"
        "Brings distant subjects close, with little loss of detail, using two lenses at once.\n\n"
        "Before you start, charge the battery fully, because the first update of the software "
        "takes about twenty minutes and needs power throughout.\n\n"
        "## Portraits\n\n"
        "Blurs the background behind a face, the way an expensive lens would, and keeps hair sharp.\n\n"
        "## Video\n\n"
        "Records steady video while you walk, and keeps voices clear, even in the wind.\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_story),
        cmocka_unit_test(test_math),
        cmocka_unit_test(test_page_links),
        cmocka_unit_test(test_stopword_density),
        cmocka_unit_test(test_stopwords_other_language),
        cmocka_unit_test(test_breaks_and_furniture),
        cmocka_unit_test(test_sections),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
