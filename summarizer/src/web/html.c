/*
 * html.c: the layer's entry points: what a file is (by its content first,
 * its name second), the class and id hints, a page's character set, and
 * parsing a page with libxml2's HTML parser (error-recovering, as browsers
 * are) before extract.c reads the article out of it.
 */
#include "web/dom.h"

#include <libxml/encoding.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes of a file looked at to tell what it is, and to find a declared
 * charset (HTML5's prescan reads 1,024; pages put long scripts first). */
#define SNIFF_BYTES 65536
#define CHARSET_PRESCAN_BYTES 16384
/* The gzip bound: a file may inflate to GZIP_MAX_RATIO times its size (web
 * text compresses about 5-20 times), and always to GZIP_MIN_LIMIT, never
 * past GZIP_MAX_LIMIT. */
#define GZIP_MAX_RATIO 100
#define GZIP_MIN_LIMIT ((size_t)64 << 20)
#define GZIP_MAX_LIMIT ((size_t)1 << 30)
/* Pages past this are refused (libxml2 takes an int length, and a page
 * costs a few times its size in memory while it is read). */
#define HTML_MAX_BYTES ((size_t)256 << 20)

/* ---- hints ------------------------------------------------------------ */

sm_web *sm_web_new(sm_ctx *ctx)
{
    xmlInitParser();
    sm_web *w = sm_xcalloc(1, sizeof *w);
    w->ctx = ctx;
    sm_buf path = {0};
    sm_buf_printf(&path, "%s/web/classes.txt", ctx->models_dir);
    FILE *f = fopen(path.s, "rb");
    if (!f)
        sm_warnf(ctx, "%s: cannot read the class hints; pages are read without them",
                 path.s);
    char line[256];
    static const struct { const char *word; uint8_t bit; } kinds[] = {
        {"remove ", HINT_REMOVE}, {"keep ", HINT_KEEP},
        {"negative ", HINT_NEGATIVE}, {"positive ", HINT_POSITIVE}};
    while (f && fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "#\r\n");
        while (n && line[n - 1] == ' ')
            n--;
        line[n] = '\0';
        for (size_t k = 0; k < 4; k++) {
            size_t kl = strlen(kinds[k].word);
            if (strncmp(line, kinds[k].word, kl) != 0 || n <= kl)
                continue;
            const char *word = line + kl;
            size_t wl = n - kl;
            uint32_t id = sm_intern_add(&w->hints, word, wl);
            while (w->hint_bits.n <= id)
                SM_PUSH(w->hint_bits, 0);
            w->hint_bits.v[id] |= kinds[k].bit;
            if (word[wl - 1] == '*' && wl - 1 < 32)
                w->prefix_lens |= 1u << (wl - 1);
        }
    }
    if (f)
        fclose(f);
    sm_buf_free(&path);
    return w;
}

void sm_web_free(sm_web *w)
{
    if (!w)
        return;
    sm_intern_free(&w->hints);
    SM_FREEVEC(w->hint_bits);
    free(w);
}

static unsigned word_hints(const sm_web *w, const char *s, size_t n)
{
    unsigned bits = 0;
    uint32_t id = sm_intern_find(&w->hints, s, n);
    if (id != UINT32_MAX)
        bits |= w->hint_bits.v[id];
    char key[33];
    for (size_t p = 2; p <= n && p < 32; p++) {
        if (!(w->prefix_lens & (1u << p)))
            continue;
        memcpy(key, s, p);
        key[p] = '*';
        id = sm_intern_find(&w->hints, key, p + 1);
        if (id != UINT32_MAX)
            bits |= w->hint_bits.v[id];
    }
    return bits;
}

unsigned sm_web_hints(const sm_web *w, const char *value)
{
    unsigned bits = 0;
    char word[64];
    size_t n = 0;
    for (const char *p = value;; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        bool upper = c >= 'A' && c <= 'Z';
        /* "relatedStories": a capital after a lower-case letter starts a word */
        bool split = !alnum && !upper;
        if (upper && n && p > value && p[-1] >= 'a' && p[-1] <= 'z')
            split = true;
        if (split && n) {
            if (n < sizeof word)
                bits |= word_hints(w, word, n);
            n = 0;
        }
        if (!c)
            break;
        if ((alnum || upper) && n < sizeof word)
            word[n++] = upper ? (char)(c + 32) : c;
        else if (alnum || upper)
            n = sizeof word; /* too long to be a hint: ignored */
    }
    return bits;
}

/* ---- what a file is --------------------------------------------------- */

static bool name_ends(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && strcasecmp(name + n - e, ext) == 0;
}

static bool html_name(const char *name)
{
    static const char *const exts[] = {".html", ".htm", ".xhtml", ".shtml", NULL};
    for (size_t i = 0; exts[i]; i++)
        if (name_ends(name, exts[i]))
            return true;
    return false;
}

static size_t skip_space(const char *s, size_t i, size_t n)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                     s[i] == '\f'))
        i++;
    return i;
}

/* The first occurrence of needle in s[0..n), or NULL (memmem is GNU). */
static const char *find(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = s; n >= k && (p = memchr(p, needle[0], n - k + 1 - (size_t)(p - s)));
         p++)
        if (memcmp(p, needle, k) == 0)
            return p;
    return NULL;
}

/* Skips what may come before the first element: an XML declaration,
 * processing instructions, comments, a doctype (noting whether it says
 * html).  Returns the offset of the first element's '<', or n. */
static size_t first_element(const char *s, size_t n, bool *doctype_html)
{
    size_t i = skip_space(s, 0, n);
    while (i + 1 < n && s[i] == '<') {
        const char *end = NULL; /* the '>' that closes what is skipped */
        if (s[i + 1] == '?') {
            end = find(s + i, n - i, "?>");
            end = end ? end + 1 : NULL;
        } else if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            end = find(s + i, n - i, "-->");
            end = end ? end + 2 : NULL;
        } else if (s[i + 1] == '!') {
            end = memchr(s + i, '>', n - i);
            if (n - i >= 14 && strncasecmp(s + i, "<!doctype html", 14) == 0)
                *doctype_html = true;
        } else
            return i;
        if (!end)
            return n;
        i = skip_space(s, (size_t)(end - s) + 1, n);
    }
    return i < n && s[i] == '<' ? i : n;
}

static bool tag_is(const char *s, size_t n, const char *tag)
{
    size_t t = strlen(tag);
    return n > t && strncasecmp(s, tag, t) == 0 &&
           (s[t] == '>' || s[t] == ' ' || s[t] == '\t' || s[t] == '\n' ||
            s[t] == '\r' || s[t] == '/');
}

sm_web_kind sm_web_sniff(const char *name, const char *data, size_t len)
{
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b)
        return SM_WEB_GZIP;
    if (len >= 5 && memcmp(data, "WARC/", 5) == 0)
        return SM_WEB_WARC;
    size_t n = len < SNIFF_BYTES ? len : SNIFF_BYTES;
    size_t skip = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    bool utf16 = n >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
                 ((unsigned char)data[1] ^ (unsigned char)data[0]) == 0x01;
    if (utf16)
        return html_name(name) ? SM_WEB_HTML : SM_WEB_TEXT;
    bool doctype = false;
    size_t e = first_element(data + skip, n - skip, &doctype);
    if (e < n - skip) {
        const char *t = data + skip + e + 1;
        size_t tn = n - skip - e - 1;
        if (tag_is(t, tn, "rss") || tag_is(t, tn, "feed") || tag_is(t, tn, "rdf:RDF"))
            return SM_WEB_FEED;
        if (tag_is(t, tn, "DOC"))
            return SM_WEB_SGML;
        static const char *const html_tags[] = {"html", "head", "body", "meta",
            "title", "div", "p", "article", "section", "table", "link", "script",
            "style", "span", "a", "h1", "h2", "main", "header", "!--", NULL};
        for (size_t i = 0; html_tags[i]; i++)
            if (tag_is(t, tn, html_tags[i]))
                return SM_WEB_HTML;
    }
    if (doctype || html_name(name))
        return SM_WEB_HTML;
    if (name_ends(name, ".rss") || name_ends(name, ".atom"))
        return SM_WEB_FEED;
    if (name_ends(name, ".warc"))
        return SM_WEB_WARC;
    return SM_WEB_TEXT;
}

/* ---- charset ---------------------------------------------------------- */

/* The charset a page declares in a <meta> (charset="..." or http-equiv's
 * content="...; charset=..."), found by HTML5's prescan: within <meta ...>
 * tags of the first bytes, no parsing of the rest. */
static bool declared_charset(const char *s, size_t n, char out[48])
{
    if (n > CHARSET_PRESCAN_BYTES)
        n = CHARSET_PRESCAN_BYTES;
    for (const char *p = s; (p = memchr(p, '<', (size_t)(s + n - p)));) {
        p++;
        if ((size_t)(s + n - p) < 5 || strncasecmp(p, "meta", 4) != 0)
            continue;
        const char *end = memchr(p, '>', (size_t)(s + n - p));
        if (!end)
            return false;
        for (const char *q = p; q + 7 < end; q++) {
            if (strncasecmp(q, "charset", 7) != 0)
                continue;
            const char *v = q + 7;
            while (v < end && (*v == ' ' || *v == '='))
                v++;
            while (v < end && (*v == '"' || *v == '\''))
                v++;
            size_t k = 0;
            while (v < end && k + 1 < 48 &&
                   ((*v >= 'a' && *v <= 'z') || (*v >= 'A' && *v <= 'Z') ||
                    (*v >= '0' && *v <= '9') || *v == '-' || *v == '_' || *v == '.' ||
                    *v == ':'))
                out[k++] = *v++;
            out[k] = '\0';
            if (k)
                return true;
        }
        p = end;
    }
    return false;
}

static bool valid_utf8(const char *s, size_t n, bool *ascii)
{
    const unsigned char *u = (const unsigned char *)s;
    *ascii = true;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        *ascii = false;
        int32_t cp;
        i += sm_utf8_decode(u + i, n - i, &cp);
        if (cp < 0)
            return false;
    }
    return true;
}

static bool is_utf8_name(const char *cs)
{
    return strcasecmp(cs, "utf-8") == 0 || strcasecmp(cs, "utf8") == 0;
}

/* Chooses the encoding to parse with: a BOM first, then the declared
 * charset (transport, then meta) unless the bytes give it the lie, then
 * UTF-8 when the bytes are valid UTF-8, else windows-1252 (what browsers
 * assume of an undeclared legacy page).  Writes into enc[48]; *skip gets
 * the BOM's length. */
static void choose_encoding(sm_web *w, const char *label, const char *data,
                            size_t len, const char *transport, char enc[48],
                            size_t *skip)
{
    *skip = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        *skip = 3;
        snprintf(enc, 48, "UTF-8");
        return;
    }
    if (len >= 2 && (unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) {
        *skip = 2;
        snprintf(enc, 48, "UTF-16LE");
        return;
    }
    if (len >= 2 && (unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF) {
        *skip = 2;
        snprintf(enc, 48, "UTF-16BE");
        return;
    }
    char decl[48] = "";
    if (transport && *transport && strlen(transport) < sizeof decl)
        snprintf(decl, sizeof decl, "%s", transport);
    else
        declared_charset(data, len, decl);
    bool ascii;
    bool utf8 = valid_utf8(data, len, &ascii);
    const char *fallback = utf8 ? "UTF-8" : "windows-1252";
    if (!decl[0] || (is_utf8_name(decl) && utf8)) {
        snprintf(enc, 48, "%s", fallback);
        return;
    }
    if (is_utf8_name(decl)) {
        sm_warnf(w->ctx, "%s: declares UTF-8 but is not valid UTF-8; read as windows-1252",
                 label);
        snprintf(enc, 48, "windows-1252");
        return;
    }
    if (utf8 && !ascii) {
        sm_warnf(w->ctx, "%s: declares charset %s but is valid UTF-8; read as UTF-8",
                 label, decl);
        snprintf(enc, 48, "UTF-8");
        return;
    }
    xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(decl);
    if (!h) {
        sm_warnf(w->ctx, "%s: unknown charset %s; read as %s", label, decl, fallback);
        snprintf(enc, 48, "%s", fallback);
        return;
    }
    xmlCharEncCloseFunc(h);
    snprintf(enc, 48, "%s", decl);
}

/* ---- pages ------------------------------------------------------------ */

/* A page with NUL bytes among its first bytes is not text (a UTF-16 page
 * has a BOM and is let through). */
#define BINARY_PROBE_BYTES 8192

bool sm_web_html(sm_web *w, const char *label, const char *data, size_t len,
                 const char *charset, const char *url, const char *suffix,
                 sm_web_emit_fn emit, void *userdata)
{
    char enc[48];
    size_t skip;
    choose_encoding(w, label, data, len, charset, enc, &skip);
    size_t probe = len < BINARY_PROBE_BYTES ? len : BINARY_PROBE_BYTES;
    if (strncmp(enc, "UTF-16", 6) != 0 && memchr(data, '\0', probe)) {
        sm_warnf(w->ctx, "%s%s: binary file (contains NUL bytes), skipped", label,
                 suffix ? suffix : "");
        return false;
    }
    if (len - skip > HTML_MAX_BYTES) {
        sm_warnf(w->ctx, "%s%s: page of %zu MB is over the %zu MB limit, skipped",
                 label, suffix ? suffix : "", len >> 20, HTML_MAX_BYTES >> 20);
        return false;
    }
    htmlParserCtxtPtr pc = htmlNewParserCtxt();
    if (!pc)
        return false;
    /* XML_PARSE_HUGE lifts libxml2's nesting limit (256 levels: a page
     * nested deeper would lose everything below) and its 10 MB text-node
     * limit.  That is safe for HTML: its parser is iterative, expands no
     * entities the page defines, and builds a tree linear in the page,
     * whose size is bounded above. */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
    htmlDocPtr doc = htmlCtxtReadMemory(pc, data + skip, (int)(len - skip), url, enc, opts);
    bool ok = false;
    if (!doc) {
        sm_warnf(w->ctx, "%s%s: not readable as HTML, skipped", label, suffix ? suffix : "");
    } else {
        web_meta meta = {0};
        if (url)
            sm_web_meta_set(&meta, META_URL, url, 1);
        ok = sm_web_extract(w, label, doc, false, &meta, suffix, emit, userdata);
        sm_web_meta_free(&meta);
        xmlFreeDoc(doc);
    }
    htmlFreeParserCtxt(pc);
    return ok;
}

/* ---- any file --------------------------------------------------------- */

static size_t gzip_limit(size_t len)
{
    size_t limit = len > GZIP_MAX_LIMIT / GZIP_MAX_RATIO ? GZIP_MAX_LIMIT
                                                         : len * GZIP_MAX_RATIO;
    return limit < GZIP_MIN_LIMIT ? GZIP_MIN_LIMIT : limit;
}

size_t sm_web_read(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata)
{
    sm_web_kind kind = sm_web_sniff(label, data, len);
    sm_buf inflated = {0};
    char *inner = NULL;
    if (kind == SM_WEB_GZIP) {
        char msg[160];
        int rc = sm_web_gunzip(data, len, gzip_limit(len), &inflated, msg, sizeof msg);
        if (rc == GUNZIP_TOO_BIG) {
            sm_warnf(w->ctx, "%s: %s: refused as a decompression bomb, skipped", label, msg);
            sm_buf_free(&inflated);
            return 0;
        }
        if (rc == GUNZIP_DAMAGED)
            sm_warnf(w->ctx, "%s: gzip data %s; using the %zu bytes before the damage",
                     label, msg, inflated.len);
        data = inflated.s ? inflated.s : "";
        len = inflated.len;
        /* The name without .gz says what the content is. */
        inner = sm_xstrdup(label);
        if (name_ends(inner, ".gz"))
            inner[strlen(inner) - 3] = '\0';
        kind = sm_web_sniff(inner, data, len);
        if (kind == SM_WEB_GZIP)
            kind = SM_WEB_TEXT; /* gzip in gzip: read as it is (binary) */
    }
    size_t n = 0;
    switch (kind) {
    case SM_WEB_HTML:
        n = sm_web_html(w, label, data, len, NULL, NULL, NULL, emit, userdata);
        break;
    case SM_WEB_FEED: n = sm_web_feed(w, label, data, len, emit, userdata); break;
    case SM_WEB_WARC: n = sm_web_warc(w, label, data, len, emit, userdata); break;
    case SM_WEB_SGML: n = sm_web_sgml(w, label, data, len, emit, userdata); break;
    default: {
        sm_web_doc d = {0};
        d.suffix = "";
        d.text = data;
        d.len = len;
        d.plain = true;
        emit(userdata, &d);
        n = 1;
    }
    }
    free(inner);
    sm_buf_free(&inflated);
    return n;
}
