/*
 * render.c: a digest as text, Markdown, JSON or a self-contained HTML page,
 * the JSON read back (archives keep JSON), and sm_digest_free.
 *
 * The JSON is one line, keys in a fixed order, so that render -> parse ->
 * render gives the same bytes and `--daily --format json` is JSON Lines:
 *
 *   {"period": {"from": "2023-03-20", "to": "2023-03-21"}, "documents": 5,
 *    "topics": [{"id": "aid", "title": "Aid to Ukraine", "budget_words": 120,
 *    "words": 117, "sentences": [{"text": "...", "doc": "a.txt",
 *    "source": "CNN", "date": "2023-03-20", "score": 0.031,
 *    "also_in": ["b.txt"]}]}]}
 *
 * "budget_bytes" follows "budget_words" only when a byte budget was in force
 * (budget_words is then 0).  Unknown strings are null.  Scores are printed
 * with 4 significant digits, which read back print the same.
 */
#include "tasks/tasks.h"

#include <setjmp.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- free ------------------------------------------------------------- */

static void sentence_free(sm_digest_sentence *s)
{
    free(s->text);
    free(s->doc);
    free(s->source);
    free(s->date);
    for (size_t i = 0; i < s->n_also_in; i++) {
        free(s->also_in[i]);
        if (s->also_in_sources)
            free(s->also_in_sources[i]);
    }
    for (size_t i = 0; s->also_in_urls && i < s->n_also_in; i++)
        free(s->also_in_urls[i]);
    free(s->also_in);
    free(s->also_in_sources);
    free(s->also_in_urls);
    free(s->title);
    free(s->url);
    free(s->update_of);
}

void sm_digest_free(sm_digest *d)
{
    if (!d)
        return;
    for (size_t t = 0; t < d->n_topics; t++) {
        sm_digest_topic *tp = &d->topics[t];
        for (size_t i = 0; i < tp->n_sentences; i++)
            sentence_free(&tp->sentences[i]);
        free(tp->sentences);
        free(tp->id);
        free(tp->title);
        for (size_t k = 0; k < tp->n_keywords; k++)
            free(tp->keywords[k]);
        free(tp->keywords);
        for (size_t k = 0; k < tp->n_documents; k++)
            free(tp->documents[k]);
        free(tp->documents);
    }
    free(d->topics);
    free(d->from);
    free(d->to);
    free(d->lang);
    free(d->seen_until);
    free(d);
}

/* ---- shared pieces ---------------------------------------------------- */

static double finite_or_zero(double x)
{
    return isfinite(x) ? x : 0.0;
}

/* "2023-03-20", "2023-03-20 to 2023-03-21", or "undated". */
static void add_period(sm_buf *b, const sm_digest *d)
{
    if (d->from && d->to && strcmp(d->from, d->to) != 0)
        sm_buf_printf(b, "%s to %s", d->from, d->to);
    else if (d->from || d->to)
        sm_buf_adds(b, d->from ? d->from : d->to);
    else
        sm_buf_adds(b, "undated");
}

static void add_budget(sm_buf *b, const sm_digest_topic *tp)
{
    if (tp->budget_bytes)
        sm_buf_printf(b, "%zu words, budget %zu bytes", tp->words,
                      tp->budget_bytes);
    else
        sm_buf_printf(b, "%zu/%zu words", tp->words, tp->budget_words);
}

/* How a format writes text and a link (url NULL: the name alone; title the
 * article's, or NULL). */
typedef struct sm_style {
    void (*esc)(sm_buf *, const char *, size_t);
    void (*link)(sm_buf *, const char *name, const char *url, const char *title);
} sm_style;

/* "CNN, 2023-03-20" with the file name standing in for an unknown outlet;
 * the outlet links to the article when its URL is known. */
static void add_attribution(sm_buf *b, const sm_digest_sentence *s,
                            const sm_style *st)
{
    const char *src = s->source ? s->source : s->doc ? s->doc : "unknown";
    st->link(b, src, s->url, s->title);
    if (s->date) {
        sm_buf_adds(b, ", ");
        st->esc(b, s->date, strlen(s->date));
    }
}

/* Outlets named in a digest line's "also in" before "and N more". */
#define ALSO_IN_SHOWN 8

static const char *also_name(const sm_digest_sentence *s, size_t k)
{
    return s->also_in_sources && s->also_in_sources[k] ? s->also_in_sources[k]
                                                       : s->also_in[k];
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* "; updates NAME" for a sentence that changes a fact the reader had. */
static void add_update(sm_buf *b, const sm_digest_sentence *s,
                       const sm_style *st)
{
    if (!s->update_of)
        return;
    sm_buf_adds(b, "; updates ");
    st->esc(b, s->update_of, strlen(s->update_of));
}

static void add_also(sm_buf *b, const sm_digest_sentence *s,
                     const sm_style *st)
{
    if (!s->n_also_in)
        return;
    /* A reader knows outlets, not file names; each is named once, and a
     * fact that a whole news day repeats names the first few.  A name seen
     * before is one already shown: nothing is shown once the list is full. */
    sm_buf_adds(b, "; also in ");
    const char *shown[ALSO_IN_SHOWN];
    size_t ns = 0, k = 0;
    for (; k < s->n_also_in && ns < ALSO_IN_SHOWN; k++) {
        const char *name = also_name(s, k);
        bool seen = false;
        for (size_t j = 0; j < ns && !seen; j++)
            seen = strcmp(shown[j], name) == 0;
        if (seen)
            continue;
        if (ns)
            sm_buf_adds(b, ", ");
        st->link(b, name, s->also_in_urls ? s->also_in_urls[k] : NULL, NULL);
        shown[ns++] = name;
    }
    if (k == s->n_also_in)
        return;
    /* The rest: distinct names counted in a sorted copy, as thousands of
     * copies of one fact would make pairwise comparison quadratic. */
    const char **all = NULL;
    sm_cleanup c_all;
    SM_CLEANUP_PTR(c_all, all);
    all = sm_xmalloc(sm_mul(s->n_also_in, sizeof *all));
    for (size_t i = 0; i < s->n_also_in; i++)
        all[i] = also_name(s, i);
    qsort(all, s->n_also_in, sizeof *all, name_cmp);
    size_t distinct = 0;
    for (size_t i = 0; i < s->n_also_in; i++)
        distinct += i == 0 || strcmp(all[i - 1], all[i]) != 0;
    sm_cleanup_run(&c_all);
    if (distinct > ns)
        sm_buf_printf(b, " and %zu more", distinct - ns);
}

static void plain(sm_buf *b, const char *s, size_t n)
{
    sm_buf_add(b, s, n);
}

/* Text names outlets alone; the article's URL gets a line of its own
 * (render_text), where terminals and mail make it clickable. */
static void plain_link(sm_buf *b, const char *name, const char *url,
                       const char *title)
{
    (void)url;
    (void)title;
    sm_buf_adds(b, name);
}

static const sm_style text_style = {plain, plain_link};

/* ---- text ------------------------------------------------------------- */

static void render_text(sm_buf *b, const sm_digest *d)
{
    sm_buf_adds(b, "Digest: ");
    add_period(b, d);
    sm_buf_printf(b, " (%zu document%s)\n", d->documents,
                  d->documents == 1 ? "" : "s");
    for (size_t t = 0; t < d->n_topics; t++) {
        const sm_digest_topic *tp = &d->topics[t];
        sm_buf_printf(b, "\n== %s [%s] (", tp->title ? tp->title : "",
                      tp->id ? tp->id : "");
        add_budget(b, tp);
        sm_buf_adds(b, ") ==\n");
        if (!tp->n_sentences && d->seen_until)
            sm_buf_printf(b, "(no new developments since %s)\n", d->seen_until);
        else if (!tp->n_sentences)
            sm_buf_adds(b, "(nothing relevant)\n");
        for (size_t i = 0; i < tp->n_sentences; i++) {
            const sm_digest_sentence *s = &tp->sentences[i];
            sm_buf_printf(b, "- %s\n  (", s->text ? s->text : "");
            add_attribution(b, s, &text_style);
            add_also(b, s, &text_style);
            add_update(b, s, &text_style);
            sm_buf_adds(b, ")\n");
            if (s->url)
                sm_buf_printf(b, "  %s\n", s->url);
        }
    }
}

/* ---- Markdown --------------------------------------------------------- */

/* Backslash-escapes what Markdown would take for markup. */
static void md_escape(sm_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (strchr("\\`*_[]<>#|", s[i]) && s[i] != '\0')
            sm_buf_addc(b, '\\');
        if (s[i] == '\n' || s[i] == '\r')
            sm_buf_addc(b, ' ');
        else
            sm_buf_addc(b, s[i]);
    }
}

/* A URL inside Markdown's (<...>): what would end it is percent-encoded. */
static void md_url(sm_buf *b, const char *url)
{
    for (const char *p = url; *p; p++) {
        if (*p == '<' || *p == '>' || *p == ' ' || *p == '\n' || *p == '\\')
            sm_buf_printf(b, "%%%02X", (unsigned char)*p);
        else
            sm_buf_addc(b, *p);
    }
}

static void md_link(sm_buf *b, const char *name, const char *url,
                    const char *title)
{
    if (!url) {
        md_escape(b, name, strlen(name));
        return;
    }
    sm_buf_addc(b, '[');
    md_escape(b, name, strlen(name));
    sm_buf_adds(b, "](<");
    md_url(b, url);
    sm_buf_addc(b, '>');
    if (title) {
        sm_buf_adds(b, " \"");
        for (const char *p = title; *p; p++) {
            if (*p == '"' || *p == '\\')
                sm_buf_addc(b, '\\');
            sm_buf_addc(b, *p == '\n' ? ' ' : *p);
        }
        sm_buf_addc(b, '"');
    }
    sm_buf_addc(b, ')');
}

static const sm_style md_style = {md_escape, md_link};

static void render_markdown(sm_buf *b, const sm_digest *d)
{
    sm_buf_adds(b, "# Digest: ");
    add_period(b, d);
    sm_buf_printf(b, "\n\n%zu document%s.\n", d->documents,
                  d->documents == 1 ? "" : "s");
    for (size_t t = 0; t < d->n_topics; t++) {
        const sm_digest_topic *tp = &d->topics[t];
        sm_buf_adds(b, "\n## ");
        if (tp->title)
            md_escape(b, tp->title, strlen(tp->title));
        sm_buf_adds(b, "\n\n*");
        add_budget(b, tp);
        sm_buf_adds(b, "*\n\n");
        if (!tp->n_sentences && d->seen_until)
            sm_buf_printf(b, "No new developments since %s.\n", d->seen_until);
        else if (!tp->n_sentences)
            sm_buf_adds(b, "Nothing relevant.\n");
        for (size_t i = 0; i < tp->n_sentences; i++) {
            const sm_digest_sentence *s = &tp->sentences[i];
            sm_buf_adds(b, "- ");
            if (s->text)
                md_escape(b, s->text, strlen(s->text));
            sm_buf_adds(b, " (");
            add_attribution(b, s, &md_style);
            add_also(b, s, &md_style);
            add_update(b, s, &md_style);
            sm_buf_adds(b, ")\n");
        }
    }
}

/* ---- HTML: render_html.c, with these pieces ------------------------- */

static void html_esc(sm_buf *b, const char *s, size_t n)
{
    sm_buf_html_escape(b, s, n);
}

/* Only web links are made links: a javascript: or file: URL from a
 * manifest never becomes clickable. */
bool sm_web_url(const char *url)
{
    return url && (strncasecmp(url, "https://", 8) == 0 ||
                   strncasecmp(url, "http://", 7) == 0);
}

static void html_link(sm_buf *b, const char *name, const char *url,
                      const char *title)
{
    if (!sm_web_url(url)) {
        html_esc(b, name, strlen(name));
        return;
    }
    sm_buf_adds(b, "<a href=\"");
    html_esc(b, url, strlen(url));
    sm_buf_addc(b, '"');
    if (title) {
        sm_buf_adds(b, " title=\"");
        html_esc(b, title, strlen(title));
        sm_buf_addc(b, '"');
    }
    sm_buf_addc(b, '>');
    html_esc(b, name, strlen(name));
    sm_buf_adds(b, "</a>");
}

static const sm_style html_style = {html_esc, html_link};

void sm_render_html_attribution(sm_buf *b, const sm_digest_sentence *s)
{
    add_attribution(b, s, &html_style);
    add_also(b, s, &html_style);
    add_update(b, s, &html_style);
}

/* ---- JSON ------------------------------------------------------------- */

static void json_str(sm_buf *b, const char *s)
{
    if (!s) {
        sm_buf_adds(b, "null");
        return;
    }
    sm_buf_addc(b, '"');
    sm_buf_json_escape(b, s, strlen(s));
    sm_buf_addc(b, '"');
}

/* Appends `, "key": [strings]`. */
static void json_str_array(sm_buf *b, const char *key, char *const *v, size_t n)
{
    sm_buf_printf(b, ", \"%s\": [", key);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sm_buf_adds(b, ", ");
        json_str(b, v[i]);
    }
    sm_buf_addc(b, ']');
}

static void render_json(sm_buf *b, const sm_digest *d)
{
    sm_buf_adds(b, "{\"period\": {\"from\": ");
    json_str(b, d->from);
    sm_buf_adds(b, ", \"to\": ");
    json_str(b, d->to);
    sm_buf_adds(b, "}");
    if (d->lang) {
        sm_buf_adds(b, ", \"lang\": ");
        json_str(b, d->lang);
    }
    if (d->seen_until) {
        sm_buf_adds(b, ", \"seen_until\": ");
        json_str(b, d->seen_until);
    }
    sm_buf_printf(b, ", \"documents\": %zu, \"topics\": [", d->documents);
    for (size_t t = 0; t < d->n_topics; t++) {
        const sm_digest_topic *tp = &d->topics[t];
        sm_buf_adds(b, t ? ", {\"id\": " : "{\"id\": ");
        json_str(b, tp->id);
        sm_buf_adds(b, ", \"title\": ");
        json_str(b, tp->title);
        sm_buf_printf(b, ", \"budget_words\": %zu", tp->budget_words);
        if (tp->budget_bytes)
            sm_buf_printf(b, ", \"budget_bytes\": %zu", tp->budget_bytes);
        if (tp->discovered) {
            sm_buf_adds(b, ", \"discovered\": true");
            json_str_array(b, "keywords", tp->keywords, tp->n_keywords);
            json_str_array(b, "documents", tp->documents, tp->n_documents);
        }
        sm_buf_printf(b, ", \"words\": %zu, \"sentences\": [", tp->words);
        for (size_t i = 0; i < tp->n_sentences; i++) {
            const sm_digest_sentence *s = &tp->sentences[i];
            sm_buf_adds(b, i ? ", {\"text\": " : "{\"text\": ");
            json_str(b, s->text);
            sm_buf_adds(b, ", \"doc\": ");
            json_str(b, s->doc);
            sm_buf_adds(b, ", \"source\": ");
            json_str(b, s->source);
            sm_buf_adds(b, ", \"date\": ");
            json_str(b, s->date);
            if (s->title) {
                sm_buf_adds(b, ", \"title\": ");
                json_str(b, s->title);
            }
            if (s->url) {
                sm_buf_adds(b, ", \"url\": ");
                json_str(b, s->url);
            }
            sm_buf_printf(b, ", \"score\": %.4g, \"also_in\": [",
                          finite_or_zero(s->score));
            for (size_t k = 0; k < s->n_also_in; k++) {
                if (k)
                    sm_buf_adds(b, ", ");
                json_str(b, s->also_in[k]);
            }
            sm_buf_adds(b, "]");
            if (s->also_in_sources) {
                sm_buf_adds(b, ", \"also_in_sources\": [");
                for (size_t k = 0; k < s->n_also_in; k++) {
                    if (k)
                        sm_buf_adds(b, ", ");
                    json_str(b, s->also_in_sources[k]);
                }
                sm_buf_adds(b, "]");
            }
            if (s->also_in_urls) {
                sm_buf_adds(b, ", \"also_in_urls\": [");
                for (size_t k = 0; k < s->n_also_in; k++) {
                    if (k)
                        sm_buf_adds(b, ", ");
                    json_str(b, s->also_in_urls[k]);
                }
                sm_buf_adds(b, "]");
            }
            if (s->update_of) {
                sm_buf_adds(b, ", \"update_of\": ");
                json_str(b, s->update_of);
            }
            sm_buf_adds(b, "}");
        }
        sm_buf_adds(b, "]}");
    }
    sm_buf_adds(b, "]}\n");
}

static char *digest_render(const sm_digest *d, sm_format format, size_t *len)
{
    if (!d)
        return NULL;
    if (format == SM_FORMAT_HTML)
        return sm_digests_render_html(&d, 1, len);
    sm_buf b = {0};
    sm_cleanup c_b;
    SM_CLEANUP_BUF(c_b, b);
    switch (format) {
    case SM_FORMAT_JSON: render_json(&b, d); break;
    case SM_FORMAT_MARKDOWN: render_markdown(&b, d); break;
    default: render_text(&b, d); break;
    }
    if (!b.s)
        sm_buf_add(&b, "", 0);
    sm_cleanup_pop(&c_b);
    if (len)
        *len = b.len;
    return b.s;
}

char *sm_digest_render(const sm_digest *d, sm_format format, size_t *len)
{
    sm_guard g;
    sm_guard_open(&g);
    if (setjmp(g.jb))
        return NULL;
    char *r = digest_render(d, format, len);
    sm_guard_close(&g);
    return r;
}

/* ---- JSON back -------------------------------------------------------- */

/* A string member that must be there, as a string or null. */
static bool get_str(const cJSON *obj, const char *key, bool nullable,
                    char **out, const char *where, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v && cJSON_IsString(v) && v->valuestring) {
        *out = sm_xstrdup(v->valuestring);
        return true;
    }
    if (v && nullable && cJSON_IsNull(v)) {
        *out = NULL;
        return true;
    }
    snprintf(err, errlen, "%s: \"%s\" is missing or not a string%s", where,
             key, nullable ? " or null" : "");
    return false;
}

/* A non-negative integer member. */
static bool get_count(const cJSON *obj, const char *key, bool optional,
                      size_t *out, const char *where, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v && optional) {
        *out = 0;
        return true;
    }
    if (v && cJSON_IsNumber(v) && v->valuedouble >= 0 &&
        v->valuedouble <= 9007199254740992.0 &&
        v->valuedouble == floor(v->valuedouble)) {
        *out = (size_t)v->valuedouble;
        return true;
    }
    snprintf(err, errlen, "%s: \"%s\" is missing or not a count", where, key);
    return false;
}

static const cJSON *get_array(const cJSON *obj, const char *key,
                              const char *where, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v && cJSON_IsArray(v))
        return v;
    snprintf(err, errlen, "%s: \"%s\" is missing or not an array", where, key);
    return NULL;
}

/* An optional array of n strings or nulls, parallel to another. */
static bool get_parallel(const cJSON *js, const char *key, size_t n,
                         char ***out, const char *where, char *err,
                         size_t errlen)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(js, key);
    if (!arr)
        return true;
    if (!cJSON_IsArray(arr) || (size_t)cJSON_GetArraySize(arr) != n) {
        snprintf(err, errlen, "%s: \"%s\" must be an array as long as \"also_in\"",
                 where, key);
        return false;
    }
    *out = sm_xcalloc(n ? n : 1, sizeof **out);
    size_t k = 0;
    const cJSON *a;
    cJSON_ArrayForEach(a, arr)
    {
        if (cJSON_IsString(a) && a->valuestring)
            (*out)[k] = sm_xstrdup(a->valuestring);
        else if (!cJSON_IsNull(a)) {
            snprintf(err, errlen, "%s: \"%s\" holds a non-string", where, key);
            return false;
        }
        k++;
    }
    return true;
}

static bool parse_sentence(const cJSON *js, sm_digest_sentence *s,
                           const char *where, char *err, size_t errlen)
{
    if (!cJSON_IsObject(js)) {
        snprintf(err, errlen, "%s: not an object", where);
        return false;
    }
    if (!get_str(js, "text", false, &s->text, where, err, errlen) ||
        !get_str(js, "doc", false, &s->doc, where, err, errlen) ||
        !get_str(js, "source", true, &s->source, where, err, errlen) ||
        !get_str(js, "date", true, &s->date, where, err, errlen))
        return false;
    /* Optional: the article's title and URL. */
    if ((cJSON_GetObjectItemCaseSensitive(js, "title") &&
         !get_str(js, "title", true, &s->title, where, err, errlen)) ||
        (cJSON_GetObjectItemCaseSensitive(js, "url") &&
         !get_str(js, "url", true, &s->url, where, err, errlen)))
        return false;
    const cJSON *score = cJSON_GetObjectItemCaseSensitive(js, "score");
    if (!score || !cJSON_IsNumber(score)) {
        snprintf(err, errlen, "%s: \"score\" is missing or not a number",
                 where);
        return false;
    }
    s->score = score->valuedouble;
    if (cJSON_GetObjectItemCaseSensitive(js, "update_of") &&
        !get_str(js, "update_of", true, &s->update_of, where, err, errlen))
        return false;
    const cJSON *also = get_array(js, "also_in", where, err, errlen);
    if (!also)
        return false;
    size_t n = (size_t)cJSON_GetArraySize(also);
    s->also_in = sm_xcalloc(n ? n : 1, sizeof *s->also_in);
    const cJSON *a;
    cJSON_ArrayForEach(a, also)
    {
        if (!cJSON_IsString(a) || !a->valuestring) {
            snprintf(err, errlen, "%s: \"also_in\" holds a non-string", where);
            return false;
        }
        char *name = sm_xstrdup(a->valuestring);
        s->also_in[s->n_also_in++] = name;
    }
    /* Optional: the outlets and URLs of also_in, one each, null when
     * unknown. */
    return get_parallel(js, "also_in_sources", s->n_also_in, &s->also_in_sources,
                        where, err, errlen) &&
           get_parallel(js, "also_in_urls", s->n_also_in, &s->also_in_urls,
                        where, err, errlen);
}

/* Reads an optional array of strings; counted as filled so that
 * sm_digest_free frees a partial one. */
static bool get_str_array(const cJSON *o, const char *key, char ***out,
                          size_t *n, const char *where, char *err,
                          size_t errlen)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!a)
        return true;
    if (!cJSON_IsArray(a)) {
        snprintf(err, errlen, "%s.%s: not an array", where, key);
        return false;
    }
    size_t m = (size_t)cJSON_GetArraySize(a);
    *out = sm_xcalloc(m ? m : 1, sizeof **out);
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!cJSON_IsString(e) || !e->valuestring) {
            snprintf(err, errlen, "%s.%s[%zu]: not a string", where, key, *n);
            return false;
        }
        char *str = sm_xstrdup(e->valuestring);
        (*out)[(*n)++] = str;
    }
    return true;
}

static bool parse_topic(const cJSON *jt, sm_digest_topic *tp, size_t ti,
                        char *err, size_t errlen)
{
    char where[64];
    snprintf(where, sizeof where, "topics[%zu]", ti);
    if (!cJSON_IsObject(jt)) {
        snprintf(err, errlen, "%s: not an object", where);
        return false;
    }
    if (!get_str(jt, "id", false, &tp->id, where, err, errlen) ||
        !get_str(jt, "title", false, &tp->title, where, err, errlen) ||
        !get_count(jt, "budget_words", false, &tp->budget_words, where, err,
                   errlen) ||
        !get_count(jt, "budget_bytes", true, &tp->budget_bytes, where, err,
                   errlen) ||
        !get_count(jt, "words", false, &tp->words, where, err, errlen))
        return false;
    const cJSON *disc = cJSON_GetObjectItemCaseSensitive(jt, "discovered");
    tp->discovered = cJSON_IsTrue(disc);
    if (tp->discovered &&
        (!get_str_array(jt, "keywords", &tp->keywords, &tp->n_keywords, where,
                        err, errlen) ||
         !get_str_array(jt, "documents", &tp->documents, &tp->n_documents,
                        where, err, errlen)))
        return false;
    const cJSON *sents = get_array(jt, "sentences", where, err, errlen);
    if (!sents)
        return false;
    size_t n = (size_t)cJSON_GetArraySize(sents);
    tp->sentences = sm_xcalloc(n ? n : 1, sizeof *tp->sentences);
    const cJSON *js;
    cJSON_ArrayForEach(js, sents)
    {
        char swhere[96];
        snprintf(swhere, sizeof swhere, "%s.sentences[%zu]", where,
                 tp->n_sentences);
        /* Counted before parsing so that sm_digest_free frees a partial
         * sentence too. */
        sm_digest_sentence *s = &tp->sentences[tp->n_sentences++];
        if (!parse_sentence(js, s, swhere, err, errlen))
            return false;
    }
    return true;
}

static void json_cleanup(void *root)
{
    cJSON_Delete(root);
}

static void digest_cleanup(void *slot)
{
    sm_digest **d = slot;
    sm_digest_free(*d);
    *d = NULL;
}

static sm_digest *digest_parse_json(const char *json, size_t len, char *err,
                                    size_t errlen)
{
    if (errlen)
        err[0] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, false);
    if (!root) {
        size_t off = end && end >= json ? (size_t)(end - json) : 0;
        snprintf(err, errlen, "not valid JSON near byte %zu", off);
        return NULL;
    }
    while (end && end < json + len &&
           (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
        end++;
    if (end && end < json + len && *end) {
        snprintf(err, errlen, "trailing data after the digest at byte %zu",
                 (size_t)(end - json));
        cJSON_Delete(root);
        return NULL;
    }
    sm_digest *d = NULL;
    sm_cleanup c_root, c_d;
    sm_cleanup_push(&c_root, json_cleanup, root);
    sm_cleanup_push(&c_d, digest_cleanup, &d);
    d = sm_xcalloc(1, sizeof *d);
    bool ok = false;
    const cJSON *period, *topics;
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "a digest is a JSON object");
        goto end;
    }
    period = cJSON_GetObjectItemCaseSensitive(root, "period");
    if (!period || !cJSON_IsObject(period)) {
        snprintf(err, errlen, "\"period\" is missing or not an object");
        goto end;
    }
    if (!get_str(period, "from", true, &d->from, "period", err, errlen) ||
        !get_str(period, "to", true, &d->to, "period", err, errlen) ||
        (cJSON_GetObjectItemCaseSensitive(root, "lang") &&
         !get_str(root, "lang", true, &d->lang, "digest", err, errlen)) ||
        (cJSON_GetObjectItemCaseSensitive(root, "seen_until") &&
         !get_str(root, "seen_until", true, &d->seen_until, "digest", err,
                  errlen)) ||
        !get_count(root, "documents", false, &d->documents, "digest", err,
                   errlen))
        goto end;
    topics = get_array(root, "topics", "digest", err, errlen);
    if (!topics)
        goto end;
    size_t n = (size_t)cJSON_GetArraySize(topics);
    d->topics = sm_xcalloc(n ? n : 1, sizeof *d->topics);
    const cJSON *jt;
    cJSON_ArrayForEach(jt, topics)
    {
        sm_digest_topic *tp = &d->topics[d->n_topics];
        d->n_topics++;
        if (!parse_topic(jt, tp, d->n_topics - 1, err, errlen))
            goto end;
    }
    ok = true;
end:
    sm_cleanup_run(&c_root);
    if (!ok) {
        sm_cleanup_run(&c_d);
        return NULL;
    }
    sm_cleanup_pop(&c_d);
    return d;
}

sm_digest *sm_digest_parse_json(const char *json, size_t len, char *err,
                                size_t errlen)
{
    sm_guard g;
    sm_guard_open(&g);
    if (setjmp(g.jb)) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    sm_digest *d = digest_parse_json(json, len, err, errlen);
    sm_guard_close(&g);
    return d;
}
