/*
 * feed.c: RSS 2.0, RSS 1.0 (RDF) and Atom feeds, one document per item or
 * entry: its title, link, date and author, the feed's title as the outlet,
 * and its text (HTML content read with the page reader, every block of it
 * kept; plain text as it is).  Parsed with libxml2's XML parser; an
 * invalid feed is named with the line of its first error and read as far
 * as the parser's recovery goes.  Text is taken from text and CDATA nodes
 * only, never by expanding entity references, so a feed's own entities
 * cannot multiply its size.
 */
#include "web/dom.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Feed fields beat anything the item's HTML says of itself. */
#define PRIO_FEED 10

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* The text directly inside n (text and CDATA children), or NULL. */
static char *text_of(const xmlNode *n)
{
    if (!n)
        return NULL;
    sm_buf b = {0};
    for (xmlNode *c = n->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            sm_buf_adds(&b, (const char *)c->content);
    return b.s;
}

/* An Atom link: the alternate one (or one without rel); RSS: its text. */
static char *link_of(const xmlNode *item)
{
    for (xmlNode *c = item->children; c; c = c->next) {
        if (!named(c, "link"))
            continue;
        xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
        if (!href)
            return text_of(c);
        xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
        bool alt = !rel || strcmp((const char *)rel, "alternate") == 0;
        xmlFree(rel);
        if (alt) {
            char *s = sm_xstrdup((const char *)href);
            xmlFree(href);
            return s;
        }
        xmlFree(href);
    }
    return NULL;
}

static bool looks_like_html(const char *s)
{
    for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
        if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/')
            return strchr(p, '>') != NULL;
    return false;
}

/* An item's body: the fullest HTML or text it carries, and whether it is
 * HTML.  Atom's xhtml content is serialised back to markup. */
static char *body_of(xmlNode *item, bool *html)
{
    static const char *const fields[] = {"encoded", "content", "description",
                                         "summary", NULL};
    for (size_t i = 0; fields[i]; i++) {
        xmlNode *c = child(item, fields[i]);
        if (!c)
            continue;
        xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
        bool xhtml = type && strcmp((const char *)type, "xhtml") == 0;
        xmlFree(type);
        char *s = NULL;
        if (xhtml) {
            xmlBufferPtr buf = xmlBufferCreate();
            for (xmlNode *k = c->children; k; k = k->next)
                xmlNodeDump(buf, c->doc, k, 0, 0);
            s = sm_xstrdup((const char *)xmlBufferContent(buf));
            xmlBufferFree(buf);
        } else {
            s = text_of(c);
        }
        if (s && *s) {
            *html = xhtml || looks_like_html(s);
            return s;
        }
        free(s);
    }
    return NULL;
}

static char *author_of(const xmlNode *item)
{
    xmlNode *a = child(item, "creator");
    if (a)
        return text_of(a);
    a = child(item, "author");
    if (child(a, "name"))
        return text_of(child(a, "name"));
    return text_of(a);
}

static bool read_item(sm_web *w, const char *label, xmlNode *item,
                      const char *feed_title, size_t number,
                      sm_web_emit_fn emit, void *userdata)
{
    web_meta meta = {0};
    char suffix[32];
    snprintf(suffix, sizeof suffix, "#%zu", number);
    char *title = text_of(child(item, "title")), *link = link_of(item);
    char *author = author_of(item);
    char *date = text_of(child(item, "pubDate"));
    static const char *const dates[] = {"date", "published", "updated", "issued", NULL};
    for (size_t i = 0; !date && dates[i]; i++)
        date = text_of(child(item, dates[i]));
    sm_web_meta_set(&meta, META_TITLE, title, PRIO_FEED);
    sm_web_meta_set(&meta, META_URL, link, PRIO_FEED);
    sm_web_meta_set(&meta, META_AUTHOR, author, PRIO_FEED);
    sm_web_meta_set(&meta, META_DATE, date, PRIO_FEED);
    sm_web_meta_set(&meta, META_SOURCE, feed_title, PRIO_FEED);
    bool html = false, ok = false;
    char *body = body_of(item, &html);
    if (!body) {
        sm_warnf(w->ctx, "%s%s: item has no text, skipped", label, suffix);
    } else if (html) {
        htmlDocPtr doc = htmlReadMemory(body, (int)strlen(body), NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        XML_PARSE_HUGE);
        if (doc)
            ok = sm_web_extract(w, label, doc, true, &meta, suffix, emit, userdata);
        xmlFreeDoc(doc);
    } else {
        sm_web_doc d = {0};
        d.suffix = suffix;
        d.text = body;
        d.len = strlen(body);
        d.title = meta.f[META_TITLE];
        d.source = meta.f[META_SOURCE];
        d.date = meta.f[META_DATE];
        d.url = meta.f[META_URL];
        d.author = meta.f[META_AUTHOR];
        emit(userdata, &d);
        ok = true;
    }
    free(body);
    free(title);
    free(link);
    free(author);
    free(date);
    sm_web_meta_free(&meta);
    return ok;
}

/* Parses the feed; on an error, names it with its line and parses again
 * recovering, so what can be read is read. */
static xmlDocPtr parse_feed(sm_web *w, const char *label, const char *data, size_t len)
{
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
               XML_PARSE_NOCDATA;
    xmlParserCtxtPtr pc = xmlNewParserCtxt();
    if (!pc)
        return NULL;
    xmlDocPtr doc = xmlCtxtReadMemory(pc, data, len > INT32_MAX ? INT32_MAX : (int)len,
                                      NULL, NULL, opts);
    if (!doc || !pc->wellFormed) {
        xmlErrorPtr e = xmlCtxtGetLastError(pc);
        char msg[200] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            msg[strcspn(msg, "\n")] = '\0';
        }
        sm_warnf(w->ctx, "%s:%d: invalid feed: %s", label, e ? e->line : 0, msg);
        xmlFreeDoc(doc);
        doc = xmlCtxtReadMemory(pc, data, len > INT32_MAX ? INT32_MAX : (int)len, NULL,
                                NULL, opts | XML_PARSE_RECOVER);
    }
    xmlFreeParserCtxt(pc);
    return doc;
}

size_t sm_web_feed(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata)
{
    xmlDocPtr doc = parse_feed(w, label, data, len);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    /* RSS 2.0: rss/channel/item; RSS 1.0: rdf:RDF/item; Atom: feed/entry. */
    xmlNode *channel = named(root, "rss") || named(root, "RDF") ? child(root, "channel") : root;
    xmlNode *items = named(root, "RDF") ? root : channel;
    const char *item_name = named(root, "feed") ? "entry" : "item";
    char *feed_title = text_of(child(channel, "title"));
    size_t n = 0, emitted = 0;
    for (xmlNode *c = items ? items->children : NULL; c; c = c->next)
        if (named(c, item_name))
            emitted += read_item(w, label, c, feed_title, ++n, emit, userdata);
    if (!n)
        sm_warnf(w->ctx, "%s: no items in the feed", label);
    free(feed_title);
    xmlFreeDoc(doc);
    return emitted;
}
