/*
 * web/web.h: the web layer: HTML pages, RSS and Atom feeds, WARC archives
 * and gzip-compressed files turned into plain article text with metadata,
 * and newswire in SGML (TREC, DUC, TAC) into its stories.  It sits beside
 * text/ and uses only common/; text/ingest.c calls it
 * through this header, one file at a time, and gets back documents as it
 * would read them from text files (UTF-8, one block per paragraph,
 * paragraphs separated by a blank line).
 */
#ifndef SM_WEB_H
#define SM_WEB_H

#include "common/common.h"

/* What a file holds, judged by its content first and its name second. */
typedef enum sm_web_kind {
    SM_WEB_TEXT = 0, /* not for this layer: plain text */
    SM_WEB_GZIP,
    SM_WEB_HTML,
    SM_WEB_FEED, /* RSS 2.0, RSS 1.0 (RDF) or Atom */
    SM_WEB_WARC,
    SM_WEB_SGML  /* newswire in SGML: <DOC> ... </DOC> (sgml.c) */
} sm_web_kind;

sm_web_kind sm_web_sniff(const char *name, const char *data, size_t len);

/* One document found in a file.  Every string is UTF-8, NUL-terminated, or
 * NULL when unknown; all are owned by the layer and valid during the
 * callback only. */
typedef struct sm_web_doc {
    const char *suffix;  /* "#3" for the third of several documents, or "" */
    const char *text;    /* the article: paragraphs separated by "\n\n" */
    size_t len;
    const char *headings; /* the article's headings, one per line, or NULL */
    const char *title, *source, *date, *url, *author; /* date: YYYY-MM-DD */
    bool plain; /* text of a compressed text file: read it as a text file */
    bool as_text; /* a story with this metadata, cleaned as text files are */
} sm_web_doc;

typedef void (*sm_web_emit_fn)(void *userdata, const sm_web_doc *doc);

/* Per-corpus state of the layer (class and id hints, loaded once). */
typedef struct sm_web sm_web;
sm_web *sm_web_new(sm_ctx *ctx);
void sm_web_free(sm_web *w);

/* Reads one file's bytes (label names it in warnings) and calls emit for
 * every document it holds: a page gives one, a feed one per item, a WARC
 * one per HTML response.  A gzip file is inflated first (within a bound)
 * and read again.  What cannot be used is reported through sm_warnf;
 * returns the number of documents emitted. */
size_t sm_web_read(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata);

/* ---- shared inside the layer ------------------------------------------ */

/* Inflates gzip data (every member) into out, at most `limit` bytes.
 * Returns GUNZIP_OK; GUNZIP_DAMAGED (truncated, corrupt, trailing bytes)
 * with out holding what could be inflated; or GUNZIP_TOO_BIG when the data
 * inflates past limit.  msg[msglen] says why. */
enum { GUNZIP_OK, GUNZIP_DAMAGED, GUNZIP_TOO_BIG };
int sm_web_gunzip(const char *data, size_t len, size_t limit, sm_buf *out,
                  char *msg, size_t msglen);

/* Extracts the article of an HTML page and its metadata, and emits it.
 * charset is the one a transport declared (a WARC's HTTP header), or
 * NULL; url likewise. */
bool sm_web_html(sm_web *w, const char *label, const char *data, size_t len,
                 const char *charset, const char *url, const char *suffix,
                 sm_web_emit_fn emit, void *userdata);
size_t sm_web_feed(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata);
size_t sm_web_sgml(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata);
size_t sm_web_warc(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata);

/* A date "YYYY-MM-DD..." (ISO 8601, RFC 822 as feeds write it, or in a
 * URL path) as YYYY-MM-DD into out[11]; false when none is found. */
bool sm_web_date(const char *s, char out[11]);
bool sm_web_url_date(const char *url, char out[11]);
/* A character reference at s[0] == '&' in s[0..n): "&amp;", "&eacute;"
 * (HTML's 253 names, libxml2's table), "&#8217;", "&#x2019;", and the New
 * York Times wire's "&MD;" (an em dash).  Appends the character (nothing
 * for a control character; a space for a no-break space, so words are
 * counted as a reader counts them) and returns the bytes read; 0 when s
 * opens no known reference (left as it is). */
#define SM_ENTITY_MAX 16
size_t sm_web_entity(const char *s, size_t n, sm_buf *out);
/* y-mo-d as YYYY-MM-DD into out[11] when it is a plausible date. */
bool sm_web_ymd(int y, int mo, int d, char out[11]);
/* 1-12 for a month's English name or its three-letter abbreviation at the
 * start of s, 0 otherwise. */
int sm_web_month(const char *s);

#endif /* SM_WEB_H */
