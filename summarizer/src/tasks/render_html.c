/*
 * render_html.c: digests as one self-contained HTML page a reader would
 * choose to open: a real <title> (dates and topics), the text's language,
 * light and dark themes by prefers-color-scheme, every attribution linked
 * to its article when a URL is known, and, for several days, a table of
 * contents with an id per day and per briefing.  No script, no font, no
 * image, no request: one file that works offline and in a mail.
 *
 * What readers do not need is left out: word budgets and counts are the
 * tool's business (they stay in the JSON).  The period shown is the span of
 * the dates the shown sentences carry, not of every document read.
 */
#include "tasks/tasks.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Topic titles named in the page's <title> before "and N more": a browser
 * tab or a bookmark shows about this much. */
#define TITLE_TOPICS 3

static const char html_style[] =
    ":root{color-scheme:light dark;--fg:#1f2328;--bg:#fbfaf8;--muted:#5c6370;"
    "--rule:#dedbd5;--link:#0b57d0;--accent:#9c2a1f;--card:#fff}\n"
    "@media (prefers-color-scheme:dark){:root{--fg:#e6e3de;--bg:#15171a;"
    "--muted:#9da3ad;--rule:#30343a;--link:#8ab4f8;--accent:#f28b82;"
    "--card:#1c1f23}}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:46em;padding:2.2em 1.3em 4em;color:var(--fg);"
    "background:var(--bg);font:18px/1.6 Georgia,'Times New Roman',serif}\n"
    "header{margin-bottom:1.6em}\n"
    ".kicker,.meta,.src,nav{font-family:system-ui,-apple-system,'Segoe UI',"
    "sans-serif}\n"
    ".kicker{font-size:.75em;font-weight:700;letter-spacing:.09em;"
    "text-transform:uppercase;color:var(--accent);margin:0}\n"
    "h1{font-size:2em;line-height:1.2;margin:.15em 0 .2em}\n"
    ".meta{color:var(--muted);font-size:.85em;margin:0}\n"
    "h2{font-size:1.45em;line-height:1.3;margin:2.2em 0 .6em}\n"
    "h3{font-size:1.2em;line-height:1.3;margin:1.8em 0 .5em;padding-top:.8em;"
    "border-top:1px solid var(--rule)}\n"
    "article>h2{padding-bottom:.25em;border-bottom:2px solid var(--fg)}\n"
    "h2+section>h3{border-top:0;padding-top:0}\n"
    "ul{list-style:none;margin:0;padding:0}\n"
    "li{margin:0 0 1.1em}\n"
    ".src{display:block;margin-top:.25em;color:var(--muted);font-size:.8em;"
    "line-height:1.45}\n"
    "a{color:var(--link);text-decoration:none}\n"
    "a:hover,a:focus{text-decoration:underline}\n"
    ".empty{color:var(--muted);font-style:italic}\n"
    "nav{background:var(--card);border:1px solid var(--rule);border-radius:8px;"
    "padding:.8em 1.1em;font-size:.9em}\n"
    "nav ol{margin:.3em 0 0;padding-left:1.2em}\n"
    "nav li{margin:.25em 0}\n"
    "nav .topics{color:var(--muted)}\n"
    "@media (max-width:34em){body{font-size:16.5px;padding:1.3em 1em 3em}"
    "h1{font-size:1.6em}}\n";

/* The earliest and latest date of the sentences shown in ds, NULL when
 * none has one. */
static void shown_span(const sm_digest *const *ds, size_t n, const char **from,
                       const char **to)
{
    *from = *to = NULL;
    for (size_t k = 0; k < n; k++)
        for (size_t t = 0; t < ds[k]->n_topics; t++)
            for (size_t i = 0; i < ds[k]->topics[t].n_sentences; i++) {
                const char *d = ds[k]->topics[t].sentences[i].date;
                if (d && (!*from || strcmp(d, *from) < 0))
                    *from = d;
                if (d && (!*to || strcmp(d, *to) > 0))
                    *to = d;
            }
}

/* "2023-03-20", "2023-03-20 to 2023-03-21", from the shown sentences, else
 * the digests' own period, else nothing. */
static void add_span(sm_buf *b, const sm_digest *const *ds, size_t n)
{
    const char *from, *to;
    shown_span(ds, n, &from, &to);
    if (!from && n) {
        from = ds[0]->from ? ds[0]->from : ds[0]->to;
        to = ds[n - 1]->to ? ds[n - 1]->to : ds[n - 1]->from;
    }
    if (from && to && strcmp(from, to) != 0)
        sm_buf_printf(b, "%s to %s", from, to);
    else if (from || to)
        sm_buf_adds(b, from ? from : to);
}

/* "Aid to Ukraine, The court case and 2 more": the topics that have
 * something, in order, each once. */
static void add_topic_names(sm_buf *b, const sm_digest *const *ds, size_t n)
{
    const char *named[TITLE_TOPICS];
    size_t nn = 0, more = 0;
    SM_VEC(const char *) seen = {0};
    for (size_t k = 0; k < n; k++)
        for (size_t t = 0; t < ds[k]->n_topics; t++) {
            const sm_digest_topic *tp = &ds[k]->topics[t];
            if (!tp->n_sentences || !tp->title)
                continue;
            bool dup = false;
            for (size_t j = 0; j < seen.n && !dup; j++)
                dup = strcmp(seen.v[j], tp->title) == 0;
            if (dup)
                continue;
            SM_PUSH(seen, tp->title);
            if (nn < TITLE_TOPICS)
                named[nn++] = tp->title;
            else
                more++;
        }
    SM_FREEVEC(seen);
    for (size_t i = 0; i < nn; i++) {
        if (i)
            sm_buf_adds(b, i + 1 == nn && !more ? " and " : ", ");
        sm_buf_html_escape(b, named[i], strlen(named[i]));
    }
    if (more)
        sm_buf_printf(b, " and %zu more", more);
}

/* The id prefix of the k-th digest: its date when no other digest of the
 * page has that date, else its number. */
static void day_id(sm_buf *b, const sm_digest *const *ds, size_t n, size_t k)
{
    const char *d = ds[k]->to ? ds[k]->to : ds[k]->from;
    bool unique = d != NULL;
    for (size_t j = 0; j < n && unique; j++) {
        const char *e = ds[j]->to ? ds[j]->to : ds[j]->from;
        unique = j == k || !e || strcmp(d, e) != 0;
    }
    if (unique)
        sm_buf_printf(b, "day-%s", d);
    else
        sm_buf_printf(b, "day-%zu", k + 1);
}

static void topic_id(sm_buf *b, const sm_digest *const *ds, size_t n, size_t k,
                     const sm_digest_topic *tp, size_t t)
{
    if (n > 1) {
        day_id(b, ds, n, k);
        sm_buf_addc(b, '-');
    }
    if (tp->id && *tp->id)
        sm_buf_html_escape(b, tp->id, strlen(tp->id));
    else
        sm_buf_printf(b, "topic-%zu", t + 1);
}

static void render_topic(sm_buf *b, const sm_digest *const *ds, size_t n,
                         size_t k, size_t t)
{
    const sm_digest_topic *tp = &ds[k]->topics[t];
    const char *h = n > 1 ? "h3" : "h2";
    sm_buf_printf(b, "<section id=\"");
    topic_id(b, ds, n, k, tp, t);
    sm_buf_printf(b, "\">\n<%s>", h);
    if (tp->title)
        sm_buf_html_escape(b, tp->title, strlen(tp->title));
    sm_buf_printf(b, "</%s>\n", h);
    if (!tp->n_sentences && ds[k]->seen_until) {
        sm_buf_adds(b, "<p class=\"empty\">No new developments since ");
        sm_buf_html_escape(b, ds[k]->seen_until, strlen(ds[k]->seen_until));
        sm_buf_adds(b, ".</p>\n</section>\n");
        return;
    }
    if (!tp->n_sentences) {
        sm_buf_adds(b, "<p class=\"empty\">Nothing relevant.</p>\n</section>\n");
        return;
    }
    sm_buf_adds(b, "<ul>\n");
    for (size_t i = 0; i < tp->n_sentences; i++) {
        const sm_digest_sentence *s = &tp->sentences[i];
        sm_buf_adds(b, "<li>");
        if (s->text)
            sm_buf_html_escape(b, s->text, strlen(s->text));
        sm_buf_adds(b, "<span class=\"src\">");
        sm_render_html_attribution(b, s);
        sm_buf_adds(b, "</span></li>\n");
    }
    sm_buf_adds(b, "</ul>\n</section>\n");
}

/* For several days: one entry per day, its briefings linked. */
static void render_toc(sm_buf *b, const sm_digest *const *ds, size_t n)
{
    sm_buf_adds(b, "<nav aria-label=\"Contents\"><strong>Contents</strong>\n<ol>\n");
    for (size_t k = 0; k < n; k++) {
        sm_buf_adds(b, "<li><a href=\"#");
        day_id(b, ds, n, k);
        sm_buf_adds(b, "\">");
        add_span(b, &ds[k], 1);
        if (!ds[k]->from && !ds[k]->to && !ds[k]->n_topics)
            sm_buf_adds(b, "Undated");
        sm_buf_adds(b, "</a>");
        bool first = true;
        for (size_t t = 0; t < ds[k]->n_topics; t++) {
            const sm_digest_topic *tp = &ds[k]->topics[t];
            if (!tp->n_sentences)
                continue;
            sm_buf_adds(b, first ? " <span class=\"topics\">&middot; " : ", ");
            first = false;
            sm_buf_adds(b, "<a href=\"#");
            topic_id(b, ds, n, k, tp, t);
            sm_buf_adds(b, "\">");
            if (tp->title)
                sm_buf_html_escape(b, tp->title, strlen(tp->title));
            sm_buf_adds(b, "</a>");
        }
        sm_buf_adds(b, first ? "</li>\n" : "</span></li>\n");
    }
    sm_buf_adds(b, "</ol>\n</nav>\n");
}

static void render_head(sm_buf *b, const sm_digest *const *ds, size_t n)
{
    const char *lang = n ? ds[0]->lang : NULL;
    sm_buf_adds(b, "<!DOCTYPE html>\n<html");
    if (lang) {
        sm_buf_adds(b, " lang=\"");
        sm_buf_html_escape(b, lang, strlen(lang));
        sm_buf_adds(b, "\"");
    }
    sm_buf_adds(b, ">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, "
                   "initial-scale=1\">\n"
                   "<meta name=\"generator\" content=\"summarizer\">\n"
                   "<meta name=\"color-scheme\" content=\"light dark\">\n"
                   "<title>");
    sm_buf span = {0}, topics = {0};
    sm_cleanup c_span, c_topics;
    SM_CLEANUP_BUF(c_span, span);
    SM_CLEANUP_BUF(c_topics, topics);
    add_span(&span, ds, n);
    sm_buf_adds(b, n > 1 ? "Daily digest" : "Digest");
    if (span.len) {
        sm_buf_adds(b, " ");
        sm_buf_add(b, span.s, span.len);
    }
    add_topic_names(&topics, ds, n);
    if (topics.len) {
        sm_buf_adds(b, ": ");
        sm_buf_add(b, topics.s, topics.len);
    }
    sm_cleanup_run(&c_topics);
    sm_buf_adds(b, "</title>\n<style>\n");
    sm_buf_adds(b, html_style);
    sm_buf_adds(b, "</style>\n</head>\n<body>\n<header>\n<p class=\"kicker\">");
    sm_buf_adds(b, n > 1 ? "Daily digest" : "Digest");
    sm_buf_adds(b, "</p>\n<h1>");
    if (span.len)
        sm_buf_add(b, span.s, span.len);
    else
        sm_buf_adds(b, "Undated");
    sm_cleanup_run(&c_span);
    size_t docs = 0;
    for (size_t k = 0; k < n; k++)
        docs += ds[k]->documents;
    sm_buf_printf(b, "</h1>\n<p class=\"meta\">From %zu article%s%s</p>\n"
                  "</header>\n",
                  docs, docs == 1 ? "" : "s", n > 1 ? ", one briefing a day" : "");
}

static char *render_page(const sm_digest *const *ds, size_t n, size_t *len)
{
    sm_buf b = {0};
    sm_cleanup c_b;
    SM_CLEANUP_BUF(c_b, b);
    render_head(&b, ds, n);
    if (n > 1)
        render_toc(&b, ds, n);
    sm_buf_adds(&b, "<main>\n");
    for (size_t k = 0; k < n; k++) {
        sm_buf_adds(&b, "<article");
        if (n > 1) {
            sm_buf_adds(&b, " id=\"");
            day_id(&b, ds, n, k);
            sm_buf_adds(&b, "\">\n<h2>");
            add_span(&b, &ds[k], 1);
            sm_buf_adds(&b, "</h2");
        }
        sm_buf_adds(&b, ">\n");
        for (size_t t = 0; t < ds[k]->n_topics; t++)
            render_topic(&b, ds, n, k, t);
        sm_buf_adds(&b, "</article>\n");
    }
    sm_buf_adds(&b, "</main>\n</body>\n</html>\n");
    sm_cleanup_pop(&c_b);
    if (len)
        *len = b.len;
    return b.s;
}

char *sm_digests_render_html(const sm_digest *const *ds, size_t n, size_t *len)
{
    sm_guard g;
    sm_guard_open(&g);
    if (setjmp(g.jb))
        return NULL;
    char *r = render_page(ds, n, len);
    sm_guard_close(&g);
    return r;
}
