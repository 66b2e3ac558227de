/*
 * extract.c: every document as the tool understood it (`summarizer
 * extract`): its metadata, then the paragraphs the summarizer chooses
 * from, after cleaning and with what the sentence rules dropped left out,
 * headings marked.  A user checks and reuses the cleaned text from here.
 */
#include "tasks/tasks.h"

#include <stdlib.h>
#include <string.h>

/* Whether the paragraph p is one of the document's headings: for a page,
 * one the markup said was a heading; for text, a lone line without the
 * punctuation that ends a sentence (the summarizer never chooses those). */
static bool is_heading(const sm_doc *d, const char *p, size_t n,
                       size_t nsents, uint32_t flags)
{
    if (d->headings) {
        for (const char *h = d->headings; *h;) {
            const char *nl = strchr(h, '\n');
            size_t hn = nl ? (size_t)(nl - h) : strlen(h);
            if (hn == n && memcmp(h, p, n) == 0)
                return true;
            h += hn + (nl != NULL);
        }
        return false;
    }
    return nsents == 1 && (flags & SM_SENT_HEADING);
}

typedef struct para {
    sm_buf text;
    size_t sents;
    uint32_t flags;
} para;

static void put_meta_text(sm_buf *b, const char *key, const char *v)
{
    if (v)
        sm_buf_printf(b, "%s: %s\n", key, v);
}

static void put_json_field(sm_buf *b, const char *key, const char *v)
{
    sm_buf_printf(b, "\"%s\": ", key);
    if (!v) {
        sm_buf_adds(b, "null, ");
        return;
    }
    sm_buf_addc(b, '"');
    sm_buf_json_escape(b, v, strlen(v));
    sm_buf_adds(b, "\", ");
}

static void doc_head(sm_buf *b, const sm_doc *d, sm_format f, size_t i)
{
    if (f == SM_FORMAT_JSON) {
        sm_buf_addc(b, '{');
        put_json_field(b, "name", d->name);
        put_json_field(b, "path", d->path);
        put_json_field(b, "title", d->title);
        put_json_field(b, "source", d->source);
        put_json_field(b, "date", d->date);
        put_json_field(b, "url", d->url);
        put_json_field(b, "author", d->author);
        sm_buf_adds(b, "\"paragraphs\": [");
        return;
    }
    if (f == SM_FORMAT_MARKDOWN) {
        if (i)
            sm_buf_adds(b, "\n---\n\n");
        sm_buf_printf(b, "# %s\n\n", d->title ? d->title : d->name);
        sm_buf_printf(b, "- File: %s\n", d->path ? d->path : d->name);
        if (d->source) sm_buf_printf(b, "- Source: %s\n", d->source);
        if (d->date) sm_buf_printf(b, "- Date: %s\n", d->date);
        if (d->url) sm_buf_printf(b, "- URL: <%s>\n", d->url);
        if (d->author) sm_buf_printf(b, "- Author: %s\n", d->author);
        return;
    }
    /* Text: the header lines the input reader understands, so a page's
     * extract is itself a document. */
    if (i)
        sm_buf_adds(b, "\n----\n\n");
    put_meta_text(b, "title", d->title);
    put_meta_text(b, "source", d->source);
    put_meta_text(b, "date", d->date);
    put_meta_text(b, "url", d->url);
    put_meta_text(b, "author", d->author);
    put_meta_text(b, "file", d->path ? d->path : d->name);
}

static void put_para(sm_buf *b, const sm_doc *d, const para *p, sm_format f,
                     bool *first)
{
    if (!p->text.len)
        return;
    bool head = is_heading(d, p->text.s, p->text.len, p->sents, p->flags);
    if (f == SM_FORMAT_JSON) {
        sm_buf_printf(b, "%s{\"type\": \"%s\", \"text\": \"", *first ? "" : ", ",
                      head ? "heading" : "paragraph");
        sm_buf_json_escape(b, p->text.s, p->text.len);
        sm_buf_adds(b, "\"}");
    } else {
        sm_buf_adds(b, head ? "\n## " : "\n");
        sm_buf_add(b, p->text.s, p->text.len);
        sm_buf_addc(b, '\n');
    }
    *first = false;
}

/* Appends a sentence to a paragraph, its line breaks made spaces. */
static void para_add(para *p, const char *s, size_t n)
{
    if (p->text.len)
        sm_buf_addc(&p->text, ' ');
    for (size_t i = 0; i < n; i++)
        sm_buf_addc(&p->text, s[i] == '\n' ? ' ' : s[i]);
}

char *sm_corpus_extract(const sm_corpus *c, sm_format format, size_t *len)
{
    sm_buf b = {0};
    sm_buf_add(&b, "", 0);
    para p = {0};
    for (size_t i = 0; i < c->docs.n; i++) {
        const sm_doc *d = &c->docs.v[i];
        doc_head(&b, d, format, i);
        bool first = true;
        uint32_t cur = UINT32_MAX;
        for (size_t k = d->first_sentence; k < d->first_sentence + d->n_sentences; k++) {
            const sm_sent *s = &c->sents.v[k];
            if (s->para != cur) {
                put_para(&b, d, &p, format, &first);
                p.text.len = 0;
                p.sents = 0;
                p.flags = SM_SENT_HEADING;
                cur = s->para;
            }
            para_add(&p, s->text, s->len);
            p.sents++;
            p.flags &= s->flags;
        }
        put_para(&b, d, &p, format, &first);
        p.text.len = 0;
        if (format == SM_FORMAT_JSON)
            sm_buf_adds(&b, "]}\n");
    }
    sm_buf_free(&p.text);
    if (len)
        *len = b.len;
    return b.s;
}
