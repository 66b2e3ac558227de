/*
 * test_web.c: HTML pages, feeds, WARC files and gzip input (web/), and
 * `summarizer extract`: the exact article and metadata of small fixtures
 * (tests/fixtures/web/), every format, and each kind of bad input.
 */
#include "helpers.h"
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define FIX SM_TEST_DIR "/fixtures/web/"

/* Runs `summarizer extract ARGS...`; returns the exit code. */
static int extract(const char *const *args, char **out, char **err)
{
    const char *argv[16] = {"extract"};
    size_t n = 1;
    for (size_t i = 0; args[i] && n < 15; i++)
        argv[n++] = args[i];
    argv[n] = NULL;
    return th_run(argv, NULL, out, err);
}

static const char article_text[] =
    "title: Harbour bridge reopens after repairs\n"
    "source: The Coastal Herald\n"
    "date: 2024-05-02\n"
    "url: https://herald.example/news/harbour-bridge\n"
    "author: Mara Quinn\n"
    "file: " FIX "article.html\n"
    "\n"
    "The harbour bridge reopened to traffic on Thursday morning, three months after "
    "engineers closed it to replace corroded cables.\n"
    "\n"
    "City officials said the repairs, which cost about \xE2\x82\xAC" "40 million, were "
    "finished two weeks ahead of schedule, and that tolls would stay at last year\xE2\x80\x99s level.\n"
    "\n"
    "## What changes for drivers\n"
    "\n"
    "Heavy lorries will be limited to the inner lanes, and a new speed limit of 60 "
    "kilometres an hour applies across the whole span.\n"
    "\n"
    "Cyclists get a separate lane on the eastern side.\n"
    "\n"
    "Pedestrians keep the western walkway.\n"
    "\n"
    "We are pleased to give the bridge back to the people who use it every day, the mayor said.\n";

/* The article, not the page: navigation, header, consent notice, byline,
 * caption, alt text, hidden text, related links (a camelCase class), share
 * bar, aside, comments, form and footer gone; heading marked; list items
 * and quotation kept; entities decoded; metadata from the strongest source
 * (Open Graph and article:published_time over JSON-LD). */
static void test_article_text(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {FIX "article.html", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_string_equal(out, article_text);
    assert_string_equal(err, "");
    free(out);
    free(err);
}

static void test_article_json_markdown(void **state)
{
    (void)state;
    char *out, *err;
    const char *json[] = {"--format", "json", FIX "article.html", NULL};
    assert_int_equal(extract(json, &out, &err), 0);
    assert_non_null(strstr(out, "\"title\": \"Harbour bridge reopens after repairs\", "
                                "\"source\": \"The Coastal Herald\", \"date\": \"2024-05-02\", "
                                "\"url\": \"https://herald.example/news/harbour-bridge\", "
                                "\"author\": \"Mara Quinn\", \"paragraphs\": [{\"type\": \"paragraph\", "
                                "\"text\": \"The harbour bridge reopened"));
    assert_non_null(strstr(out, "{\"type\": \"heading\", \"text\": \"What changes for drivers\"}"));
    assert_string_equal(out + strlen(out) - 3, "]}\n");
    free(out);
    free(err);
    const char *md[] = {"--format", "markdown", FIX "article.html", NULL};
    assert_int_equal(extract(md, &out, &err), 0);
    assert_non_null(strstr(out, "# Harbour bridge reopens after repairs\n\n- File: "));
    assert_non_null(strstr(out, "- Source: The Coastal Herald\n- Date: 2024-05-02\n"
                                "- URL: <https://herald.example/news/harbour-bridge>\n"
                                "- Author: Mara Quinn\n"));
    assert_non_null(strstr(out, "\n## What changes for drivers\n"));
    free(out);
    free(err);
}

/* The extract of a page is itself a document: its header lines are read
 * back as metadata. */
static void test_extract_round_trip(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/page.txt", dir);
    assert_int_equal(th_write_file(path, article_text, strlen(article_text)), 0);
    char *out, *err;
    const char *args[] = {"--format", "json", path, NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "\"source\": \"The Coastal Herald\", \"date\": \"2024-05-02\""));
    assert_non_null(strstr(out, "\"author\": \"Mara Quinn\""));
    free(out);
    free(err);
    free(dir);
}

static void test_charsets(void **state)
{
    (void)state;
    char *out, *err;
    const char *latin[] = {FIX "latin1.html", NULL};
    assert_int_equal(extract(latin, &out, &err), 0);
    assert_non_null(strstr(out, "\nThe caf\xC3\xA9 owners of the old town reopened"));
    assert_non_null(strstr(out, "cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e alone"));
    assert_string_equal(err, "");
    free(out);
    free(err);
    /* Declared ISO-8859-1, written in UTF-8: the bytes win, with a word. */
    const char *lying[] = {FIX "lying.html", NULL};
    assert_int_equal(extract(lying, &out, &err), 0);
    assert_non_null(strstr(out, "\nThe caf\xC3\xA9 owners"));
    assert_non_null(strstr(err, "lying.html: declares charset iso-8859-1 but is valid UTF-8"));
    free(out);
    free(err);
}

static void test_url_date_and_host(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {FIX "urldate.html", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "title: Council votes to expand the tram network\n"
                                "source: dailyplanet.example\ndate: 2023-03-20\n"));
    free(out);
    free(err);
}

/* Dates cut short anywhere: each prefix in an allocation of its own size,
 * so that a read past its end is an AddressSanitizer report (found by
 * fuzz_web: "2023-1" read two bytes past the string). */
static void test_cut_dates(void **state)
{
    (void)state;
    const char *full[] = {"2023-03-20T10:00Z", "http://x.example/2023/03/20/a"};
    for (int k = 0; k < 2; k++) {
        size_t n = strlen(full[k]);
        for (size_t i = 0; i <= n; i++) {
            char *s = malloc(i + 1), out[11];
            memcpy(s, full[k], i);
            s[i] = '\0';
            bool ok = k ? sm_web_url_date(s, out) : sm_web_date(s, out);
            /* whole dates only: a prefix short of the day is no date */
            assert_int_equal(ok, i >= (k ? 27u : 10u));
            if (ok)
                assert_string_equal(out, "2023-03-20");
            free(s);
        }
    }
}

/* A page's paragraphs lose their wire datelines as text lines do. */
static void test_web_datelines(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {FIX "dateline.html", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "\nAfter nearly twenty years of hostile relations,"));
    assert_non_null(strstr(out, "\nAid agencies welcomed the move,"));
    assert_null(strstr(out, "LONDON"));
    assert_null(strstr(out, "GENEVA"));
    assert_non_null(strstr(out, "\nThe decision follows months of talks"));
    free(out);
    free(err);
}

static void test_gzip(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {FIX "article.html.gz", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    const char *body = strstr(article_text, "\n\n");
    assert_non_null(strstr(out, body));
    assert_string_equal(err, "");
    free(out);
    free(err);
    const char *cut[] = {FIX "truncated.html.gz", NULL};
    assert_int_equal(extract(cut, &out, &err), 0);
    assert_non_null(strstr(err, "truncated.html.gz: gzip data truncated"));
    assert_non_null(strstr(out, "\nThe harbour bridge reopened to traffic"));
    free(out);
    free(err);
}

/* 80 MB of zeros in 80 KB: refused, not inflated into memory. */
static void test_gzip_bomb(void **state)
{
    (void)state;
    size_t n = (size_t)80 << 20;
    char *zeros = calloc(1, n);
    assert_non_null(zeros);
    char *dir = th_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/bomb.html.gz", dir);
    gzFile g = gzopen(path, "wb9");
    assert_non_null(g);
    assert_int_equal(gzwrite(g, zeros, (unsigned)n), (int)n);
    gzclose(g);
    free(zeros);
    char *out, *err;
    const char *args[] = {path, NULL};
    assert_int_equal(extract(args, &out, &err), 1);
    assert_non_null(strstr(err, "bomb.html.gz: inflates to more than"));
    assert_non_null(strstr(err, "refused as a decompression bomb"));
    free(out);
    free(err);
    free(dir);
}

static void test_rss(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {FIX "feed.rss", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_string_equal(out,
        "title: New bridge opens over the river\nsource: Valley Gazette\ndate: 2024-05-14\n"
        "url: https://gazette.example/bridge\nauthor: Ana Ruiz\nfile: " FIX "feed.rss#1\n\n"
        "The new footbridge over the river opened on Monday after two years of work.\n\n"
        "It links the old mill with the market square.\n"
        "\n----\n\n"
        "title: School choir wins regional prize\nsource: Valley Gazette\ndate: 2024-05-15\n"
        "url: https://gazette.example/choir\nfile: " FIX "feed.rss#2\n\n"
        "The primary school choir won first prize at the regional festival on Saturday, "
        "ahead of twelve other schools.\n\n"
        "Its conductor said the children had rehearsed every week since January.\n");
    assert_string_equal(err, "");
    free(out);
    free(err);
}

static void test_atom(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {"--format", "json", FIX "feed.atom", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "{\"name\": \"feed.atom#1\", \"path\": \"" FIX "feed.atom#1\", "
        "\"title\": \"Mountain railway celebrates its centenary\", \"source\": \"Hill Post\", "
        "\"date\": \"2024-06-01\", \"url\": \"https://hillpost.example/railway\", "
        "\"author\": \"Lea Brandt\", \"paragraphs\": [{\"type\": \"paragraph\", \"text\": "
        "\"The mountain railway carried its first passengers a hundred years ago this week.\"}]}\n"));
    /* xhtml content; the link without rel; updated as the date */
    assert_non_null(strstr(out, "\"date\": \"2024-06-02\", \"url\": \"https://hillpost.example/snow\""));
    assert_non_null(strstr(out, "\"text\": \"Twenty centimetres of snow fell on the pass overnight, "
                                "closing the road to caravans.\""));
    /* plain-text summary */
    assert_non_null(strstr(out, "\"text\": \"The hut on the summit opens for the season on Friday.\""));
    free(out);
    free(err);
}

static void test_bad_feeds(void **state)
{
    (void)state;
    char *out, *err;
    const char *bad[] = {FIX "invalid.rss", NULL};
    assert_int_equal(extract(bad, &out, &err), 0);
    assert_non_null(strstr(err, "invalid.rss:10: invalid feed: "));
    assert_non_null(strstr(out, "\nFine text of the first item, which is complete.\n"));
    free(out);
    free(err);
    const char *empty[] = {FIX "empty.rss", NULL};
    assert_int_equal(extract(empty, &out, &err), 1);
    assert_non_null(strstr(err, "empty.rss:1: invalid feed: "));
    free(out);
    free(err);
}

static void test_warc(void **state)
{
    (void)state;
    static const char *const files[] = {FIX "pages.warc", FIX "pages.warc.gz"};
    for (size_t i = 0; i < 2; i++) {
        char *out, *err;
        const char *args[] = {"--format", "json", files[i], NULL};
        assert_int_equal(extract(args, &out, &err), 0);
        /* Two HTML pages; the request, the image and the 404 are not. */
        size_t docs = 0;
        for (const char *p = out; (p = strchr(p, '\n')); p++)
            docs++;
        assert_int_equal(docs, 2);
        assert_non_null(strstr(out, "#1\", \"title\": \"Storm closes ferry routes\", "
            "\"source\": \"Island News\", \"date\": \"2024-05-03\", "
            "\"url\": \"https://island.example/2024/05/03/storm\""));
        /* chunked transfer coding undone */
        assert_non_null(strstr(out, "#4\", \"title\": \"Library extends its opening hours\""));
        assert_non_null(strstr(out, "\"Students had asked for longer hours during the examination "
                                    "season for several years.\""));
        assert_string_equal(err, "");
        free(out);
        free(err);
    }
}

static void test_truncated_warc(void **state)
{
    (void)state;
    char *out, *err;
    const char *args[] = {FIX "truncated.warc", NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(err, "truncated.warc: byte 1726: WARC record truncated (296 of 411 bytes)"));
    assert_non_null(strstr(out, "\nAll ferry routes to the islands were cancelled on Friday"));
    assert_non_null(strstr(out, "\nThe central library will open until ten in the evening"));
    free(out);
    free(err);
}

/* A record's target URI is kept whole however long it is (a query string
 * can run to kilobytes), and header names and values are read without
 * regard to case. */
static void test_warc_long_uri(void **state)
{
    (void)state;
    sm_buf uri = {0}, page = {0}, rec = {0};
    sm_buf_adds(&uri, "https://long.example/story?");
    for (int i = 0; i < 600; i++)
        sm_buf_printf(&uri, "k%d=v%d&", i, i);
    sm_buf_adds(&page, "HTTP/1.1 200 OK\r\ncontent-type: TEXT/HTML; Charset=UTF-8\r\n\r\n"
                       "<html><head><title>Long address</title></head><body><article>"
                       "<p>The council approved the new harbour plan on Tuesday after "
                       "a long debate about its cost and its effect on fishing.</p>"
                       "</article></body></html>");
    sm_buf_printf(&rec, "WARC/1.0\r\nwarc-type: response\r\nWARC-Target-URI: %s\r\n"
                        "Content-Length: %zu\r\n\r\n%s\r\n\r\n", uri.s, page.len, page.s);
    char *dir = th_tmpdir();
    sm_buf path = {0};
    sm_buf_printf(&path, "%s/long.warc", dir);
    assert_int_equal(th_write_file(path.s, rec.s, rec.len), 0);
    char *out, *err;
    const char *args[] = {path.s, NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    sm_buf want = {0};
    sm_buf_printf(&want, "\nurl: %s\n", uri.s);
    assert_true(uri.len > 4000);
    assert_non_null(strstr(out, want.s));
    assert_non_null(strstr(out, "\nThe council approved the new harbour plan on Tuesday"));
    free(out);
    free(err);
    sm_buf_free(&want);
    sm_buf_free(&uri);
    sm_buf_free(&page);
    sm_buf_free(&rec);
    sm_buf_free(&path);
    free(dir);
}

/* A chunk-size line that runs to the end of its record: the size is read
 * within the record, never from the bytes after it: strtoull skipped the
 * white space and read "-50" there, a size of 2^64 - 80, and copied a
 * negative length. */
static void test_warc_chunk_at_end(void **state)
{
    (void)state;
    static const char body[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                               "Transfer-Encoding: chunked\r\n\r\n"
                               "7F\r\n<html><body><article><p>The ferry service resumed on "
                               "Monday after the storm had passed the islands.</p></article>"
                               "</body></html>\r\n  \t";
    sm_buf rec = {0};
    sm_buf_printf(&rec, "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: %zu\r\n\r\n%s"
                        "\r\n\r\n-50\nnot a record\n", sizeof body - 1, body);
    char *dir = th_tmpdir();
    sm_buf path = {0};
    sm_buf_printf(&path, "%s/chunk.warc", dir);
    assert_int_equal(th_write_file(path.s, rec.s, rec.len), 0);
    char *out, *err;
    const char *args[] = {path.s, NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "\nThe ferry service resumed on Monday after the storm"));
    assert_non_null(strstr(err, "chunk.warc#1: damaged chunked response, read as far as it goes"));
    assert_non_null(strstr(err, ": not a WARC record; the rest is skipped"));
    free(out);
    free(err);
    sm_buf_free(&rec);
    sm_buf_free(&path);
    free(dir);
}

static void test_bad_pages(void **state)
{
    (void)state;
    char *out, *err;
    const char *none[] = {FIX "noarticle.html", NULL};
    assert_int_equal(extract(none, &out, &err), 1);
    assert_non_null(strstr(err, "noarticle.html: no article text found in the page, skipped"));
    free(out);
    free(err);
    const char *bin[] = {FIX "binary.html", FIX "urldate.html", NULL};
    assert_int_equal(extract(bin, &out, &err), 0);
    assert_non_null(strstr(err, "binary.html: binary file (contains NUL bytes), skipped"));
    assert_non_null(strstr(out, "The city council voted on Monday"));
    free(out);
    free(err);
}

/* Unclosed tags and 10,000 levels of nesting: read, no recursion. */
static void test_deep_and_unclosed(void **state)
{
    (void)state;
    sm_buf page = {0};
    sm_buf_adds(&page, "<html><body>");
    for (int i = 0; i < 10000; i++)
        sm_buf_adds(&page, i % 2 ? "<div>" : "<span><b>");
    sm_buf_adds(&page, "<p>Deep inside the page, this paragraph is the article, and it "
                       "has enough words to be kept.<p>An unclosed second paragraph follows "
                       "it, also long enough to count as prose.");
    char *dir = th_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/deep.html", dir);
    assert_int_equal(th_write_file(path, page.s, page.len), 0);
    sm_buf_free(&page);
    char *out, *err;
    const char *args[] = {path, NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "\n\nDeep inside the page, this paragraph is the article, and it "
                                "has enough words to be kept.\n\nAn unclosed second paragraph"));
    free(out);
    free(err);
    free(dir);
}

static void count_doc(void *ud, const sm_web_doc *d)
{
    size_t *n = ud;
    (*n)++;
    assert_true(d->len > (size_t)40 << 20);
}

/* A 50 MB page is read whole (no 10 MB text-node limit cuts it). */
static void test_big_page(void **state)
{
    (void)state;
    sm_ctx *ctx = th_ctx();
    sm_buf page = {0};
    sm_buf_adds(&page, "<html><head><title>A long report</title></head><body><article>");
    static const char para[] = "<p>Officials said the talks would continue, and the ministers "
                               "agreed on a plan for the region.</p>\n";
    while (page.len < (size_t)50 << 20)
        sm_buf_add(&page, para, sizeof para - 1);
    sm_buf_adds(&page, "</article></body></html>");
    sm_web *w = sm_web_new(ctx);
    size_t n = 0;
    assert_int_equal(sm_web_read(w, "big.html", page.s, page.len, count_doc, &n), 1);
    assert_int_equal(n, 1);
    sm_web_free(w);
    sm_buf_free(&page);
    sm_ctx_free(ctx);
}

/* Sniffed by content: HTML in a .txt file and on standard input. */
static void test_sniffing(void **state)
{
    (void)state;
    assert_int_equal(sm_web_sniff("a.txt", "<!DOCTYPE html><p>x", 19), SM_WEB_HTML);
    assert_int_equal(sm_web_sniff("a", "  <html lang=en>", 16), SM_WEB_HTML);
    assert_int_equal(sm_web_sniff("a", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", 41),
                     SM_WEB_FEED);
    assert_int_equal(sm_web_sniff("a", "<feed xmlns=\"http://www.w3.org/2005/Atom\">", 42),
                     SM_WEB_FEED);
    assert_int_equal(sm_web_sniff("a", "WARC/1.0\r\n", 10), SM_WEB_WARC);
    assert_int_equal(sm_web_sniff("a", "\x1f\x8b\x08", 3), SM_WEB_GZIP);
    assert_int_equal(sm_web_sniff("a.txt", "The <b> tag is bold.", 20), SM_WEB_TEXT);
    assert_int_equal(sm_web_sniff("page.html", "plain words", 11), SM_WEB_HTML);
    size_t len;
    char *html = th_read_file(FIX "article.html", &len);
    assert_non_null(html);
    char *out, *err;
    const char *args[] = {"summarize", "--sentences", "3", "-", NULL};
    assert_int_equal(th_run(args, html, &out, &err), 0);
    assert_null(strchr(out, '<'));
    assert_null(strstr(out, "cookies"));
    assert_non_null(strstr(out, "harbour bridge"));
    free(out);
    free(err);
    free(html);
}

/* An explicit manifest wins over what the page says of itself. */
static void test_manifest_wins(void **state)
{
    (void)state;
    char *dir = th_tmpdir();
    char path[512];
    size_t len;
    char *html = th_read_file(FIX "article.html", &len);
    snprintf(path, sizeof path, "%s/article.html", dir);
    assert_int_equal(th_write_file(path, html, len), 0);
    free(html);
    static const char manifest[] = "file\tsource\tdate\narticle.html\tManifest Outlet\t2024-06-30\n";
    snprintf(path, sizeof path, "%s/manifest.tsv", dir);
    assert_int_equal(th_write_file(path, manifest, strlen(manifest)), 0);
    char *out, *err;
    const char *args[] = {dir, NULL};
    assert_int_equal(extract(args, &out, &err), 0);
    assert_non_null(strstr(out, "title: Harbour bridge reopens after repairs\n"
                                "source: Manifest Outlet\ndate: 2024-06-30\n"));
    free(out);
    free(err);
    free(dir);
}

/* A digest of saved pages is attributed with the outlet and date the page
 * gives, and so is a summary. */
static void test_digest_of_pages(void **state)
{
    (void)state;
    char *dir = th_tmpdir(), *topics = th_tmpdir();
    char path[1200];
    static const char *const pages[] = {"article.html", "urldate.html"};
    for (size_t i = 0; i < 2; i++) {
        size_t len;
        char src[512];
        snprintf(src, sizeof src, FIX "%s", pages[i]);
        char *html = th_read_file(src, &len);
        snprintf(path, sizeof path, "%s/%s", dir, pages[i]);
        assert_int_equal(th_write_file(path, html, len), 0);
        free(html);
    }
    static const char topic[] = "id: transport\ntitle: Transport\nterm: 2 bridge\nterm: 2 tram\n"
                                "term: 1 traffic\nterm: 1 network\n";
    snprintf(path, sizeof path, "%s/transport.topic", topics);
    assert_int_equal(th_write_file(path, topic, strlen(topic)), 0);
    char *out, *err;
    const char *args[] = {"digest", "--topics", topics, dir, NULL};
    assert_int_equal(th_run(args, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "Digest: 2023-03-20 to 2024-05-02 (2 documents)"));
    assert_non_null(strstr(out, "- The harbour bridge reopened to traffic on Thursday morning"));
    assert_non_null(strstr(out, "(The Coastal Herald, 2024-05-02)"));
    assert_null(strchr(out, '<'));
    free(out);
    free(err);
    const char *day[] = {"summarize", "--format", "json", "--sentences", "1", dir, NULL};
    assert_int_equal(th_run(day, NULL, &out, &err), 0);
    assert_non_null(strstr(out, "\"source\": \"The Coastal Herald\", \"date\": \"2024-05-02\""));
    free(out);
    free(err);
    free(dir);
    free(topics);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_article_text),
        cmocka_unit_test(test_article_json_markdown),
        cmocka_unit_test(test_extract_round_trip),
        cmocka_unit_test(test_charsets),
        cmocka_unit_test(test_url_date_and_host),
        cmocka_unit_test(test_cut_dates),
        cmocka_unit_test(test_web_datelines),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_gzip_bomb),
        cmocka_unit_test(test_rss),
        cmocka_unit_test(test_atom),
        cmocka_unit_test(test_bad_feeds),
        cmocka_unit_test(test_warc),
        cmocka_unit_test(test_truncated_warc),
        cmocka_unit_test(test_warc_long_uri),
        cmocka_unit_test(test_warc_chunk_at_end),
        cmocka_unit_test(test_bad_pages),
        cmocka_unit_test(test_deep_and_unclosed),
        cmocka_unit_test(test_big_page),
        cmocka_unit_test(test_sniffing),
        cmocka_unit_test(test_manifest_wins),
        cmocka_unit_test(test_digest_of_pages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
