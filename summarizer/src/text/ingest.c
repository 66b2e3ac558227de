/*
 * ingest.c: getting documents in.  Files, directories (recursive, sorted) and
 * standard input; UTF-8 validation and repair; line endings; the optional
 * metadata header at the top of a file; the sidecar manifest.
 *
 * A file is read whole: documents are articles, and the later stages need
 * the whole text at once anyway.  Nothing here is quadratic in a line's
 * length, so a 50 MB single line costs what 50 MB of short lines cost.
 */
#include "text/text.h"
#include "web/web.h"

#include <setjmp.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The sidecar manifest a directory may hold; it is read as metadata, never
 * as a document.  So are README files and hidden files. */
#define MANIFEST_NAME "manifest.tsv"

static sm_corpus *corpus_new(sm_ctx *ctx)
{
    sm_corpus *c = sm_xcalloc(1, sizeof *c);
    c->ctx = ctx;
    return c;
}

sm_corpus *sm_corpus_new(sm_ctx *ctx)
{
    sm_guard g;
    sm_guard_open(&g);
    if (setjmp(g.jb)) {
        sm_nomem(ctx);
        return NULL;
    }
    sm_corpus *c = corpus_new(ctx);
    sm_guard_close(&g);
    return c;
}

static void free_meta(sm_manifest_entry *e)
{
    free(e->name);
    free(e->source);
    free(e->date);
    free(e->title);
    free(e->url);
}

static void close_file(void *f)
{
    fclose(f);
}

static void close_fd(void *fd)
{
    close(*(int *)fd);
}

static void close_dir(void *d)
{
    closedir(d);
}

static void free_meta(sm_manifest_entry *e);

static void meta_cleanup(void *e)
{
    free_meta(e);
    memset(e, 0, sizeof(sm_manifest_entry));
}

/* Frees what a document holds (a cleanup, common.h, for one being made). */
static void doc_free(void *p)
{
    sm_doc *d = p;
    free(d->name);
    free(d->path);
    free(d->source);
    free(d->date);
    free(d->title);
    free(d->url);
    free(d->raw);
    free(d->body);
    free(d->author);
    free(d->headings);
    memset(d, 0, sizeof *d);
}

void sm_corpus_free(sm_corpus *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->docs.n; i++)
        doc_free(&c->docs.v[i]);
    sm_web_free(c->web);
    SM_FREEVEC(c->docs);
    SM_FREEVEC(c->sents);
    for (size_t i = 0; i < c->manifest.n; i++)
        free_meta(&c->manifest.v[i]);
    SM_FREEVEC(c->manifest);
    SM_FREEVEC(c->df);
    sm_vocab_free(&c->vocab);
    sm_arena_free(&c->arena);
    free(c);
}

/* ---- text normalisation ----------------------------------------------- */

/* Whether s[i] (an '&') opens a character reference (web.h). */
static bool entity_at(const char *s, size_t n, size_t i)
{
    sm_buf scratch = {0};
    sm_cleanup c_scratch;
    SM_CLEANUP_BUF(c_scratch, scratch);
    bool yes = sm_web_entity(s + i, n - i, &scratch) > 0;
    sm_cleanup_run(&c_scratch);
    return yes;
}

/* Whether data needs normalise(): a BOM, a CR, invalid UTF-8 or a
 * character reference ("&amp;", "&#8217;": text scraped from HTML or a
 * feed's markup, which a reader never sees). */
static bool needs_normalising(const char *data, size_t len)
{
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        return true;
    if (memchr(data, '\r', len))
        return true;
    for (const char *p = data; (p = memchr(p, '&', len - (size_t)(p - data))); p++)
        if (entity_at(data, len, (size_t)(p - data)))
            return true;
    const unsigned char *u = (const unsigned char *)data;
    size_t i = 0;
    while (i < len) {
        /* Eight ASCII bytes at a time: the common case. */
        if (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (!(w & 0x8080808080808080ull)) {
                i += 8;
                continue;
            }
        }
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        i += sm_utf8_decode(u + i, len - i, &cp);
        if (cp < 0)
            return true;
    }
    return false;
}

/* Returns a NUL-terminated copy of data with CRLF and lone CR turned into LF,
 * a leading BOM dropped, character references decoded, and invalid UTF-8
 * replaced by U+FFFD.  *bad gets the
 * number of invalid sequences and *first_bad the byte offset of the first. */
static char *normalise(const char *data, size_t len, size_t *outlen,
                       size_t *bad, size_t *first_bad)
{
    sm_buf b = {0};
    sm_cleanup c_b;
    SM_CLEANUP_BUF(c_b, b);
    sm_buf_reserve(&b, len);
    size_t i = 0;
    *bad = 0;
    *first_bad = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    size_t run = i; /* start of a run of bytes copied as they are */
    while (i < len) {
        unsigned char ch = (unsigned char)data[i];
        if (ch == '\r') {
            sm_buf_add(&b, data + run, i - run);
            sm_buf_addc(&b, '\n');
            i += (i + 1 < len && data[i + 1] == '\n') ? 2 : 1;
            run = i;
            continue;
        }
        if (ch == '&') {
            size_t mark = b.len;
            sm_buf_add(&b, data + run, i - run);
            size_t k = sm_web_entity(data + i, len - i, &b);
            if (k) {
                i += k;
                run = i;
                continue;
            }
            b.len = mark; /* not a reference: the run goes on */
        }
        if (ch < 0x80) {
            i++;
            continue;
        }
        int32_t cp;
        size_t n = sm_utf8_decode((const unsigned char *)data + i, len - i, &cp);
        if (cp < 0) {
            sm_buf_add(&b, data + run, i - run);
            sm_buf_add(&b, "\xEF\xBF\xBD", 3);
            if (!*bad)
                *first_bad = i;
            (*bad)++;
            i += n;
            run = i;
            continue;
        }
        i += n;
    }
    sm_buf_add(&b, data + run, i - run);
    sm_cleanup_pop(&c_b);
    *outlen = b.len;
    return b.s;
}

static bool all_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)s[i]))
            return false;
    return true;
}

/* ---- metadata --------------------------------------------------------- */

/* A date field as read (YYYY-MM-DD, or an ISO 8601 date-time: see
 * common/rules.c) becomes YYYY-MM-DD in place; false, and the field
 * unchanged, when it is neither. */
static bool normalise_date(char *field)
{
    char day[11];
    if (!field || !sm_date_parse(field, strlen(field), day))
        return false;
    memcpy(field, day, sizeof day);
    return true;
}

static void set_field(char **field, const char *v, size_t n)
{
    while (n && isspace((unsigned char)*v)) {
        v++;
        n--;
    }
    while (n && isspace((unsigned char)v[n - 1]))
        n--;
    free(*field);
    *field = n ? sm_xstrndup(v, n) : NULL;
}

/* Reads header lines `key: value` (date, source, title, url) from the top of
 * the text, and the one-line form some scrapers write (" date 2023-03-20
 * World").  Returns the offset where the text starts.  A date that cannot
 * be read is dropped; *bad_date_line (when not NULL) gets its line number,
 * else 0. */
static size_t read_header(sm_doc *doc, size_t *bad_date_line)
{
    size_t lineno = 0, date_line = 0;
    const char *s = doc->raw;
    size_t len = doc->rawlen, pos = 0;
    bool any = false;
    while (pos < len) {
        const char *nl = memchr(s + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - s) : len;
        const char *line = s + pos;
        size_t n = end - pos;
        size_t k = 0;
        lineno++;
        while (k < n && (line[k] == ' ' || line[k] == '\t'))
            k++;
        /* " date 2023-03-20 Section" */
        if (!any && n - k >= 15 && strncmp(line + k, "date ", 5) == 0 &&
            sm_date_valid(line + k + 5, 10) &&
            (n - k == 15 || line[k + 15] == ' ')) {
            set_field(&doc->date, line + k + 5, 10);
            any = true;
            pos = nl ? end + 1 : len;
            continue;
        }
        /* "file" is what `summarizer extract` writes of where a document
         * came from: read past, not kept. */
        static const char *const keys[] = {"date", "source", "title", "url",
                                           "author", "file"};
        bool matched = false;
        for (size_t j = 0; j < 6 && !matched; j++) {
            size_t kl = strlen(keys[j]);
            if (n - k > kl && strncasecmp(line + k, keys[j], kl) == 0 &&
                line[k + kl] == ':') {
                const char *v = line + k + kl + 1;
                size_t vn = n - k - kl - 1;
                char *ignored = NULL;
                char **f = j == 0 ? &doc->date : j == 1 ? &doc->source
                         : j == 2 ? &doc->title : j == 3 ? &doc->url
                         : j == 4 ? &doc->author : &ignored;
                set_field(f, v, vn);
                free(ignored);
                if (j == 0)
                    date_line = lineno;
                matched = true;
            }
        }
        if (!matched)
            break;
        any = true;
        pos = nl ? end + 1 : len;
    }
    if (bad_date_line)
        *bad_date_line = 0;
    if (doc->date && !normalise_date(doc->date)) {
        if (bad_date_line)
            *bad_date_line = date_line;
        free(doc->date);
        doc->date = NULL;
    }
    return any ? pos : 0;
}

size_t sm_ingest_header(sm_doc *doc)
{
    return read_header(doc, NULL);
}

static const sm_manifest_entry *manifest_find(const sm_corpus *c,
                                              const char *name)
{
    for (size_t i = c->manifest.n; i-- > 0;)
        if (strcmp(c->manifest.v[i].name, name) == 0)
            return &c->manifest.v[i];
    return NULL;
}

/* Sets *field from the manifest when it is unset or came from a web page:
 * the file's own header wins over the manifest, the manifest over what a
 * page says of itself. */
static void manifest_field(sm_doc *d, char **field, const char *v, unsigned page_bit)
{
    if (!v || (*field && !(d->page_meta & page_bit)))
        return;
    free(*field);
    *field = sm_xstrdup(v);
    d->page_meta &= ~page_bit;
}

static void apply_manifest(sm_doc *d, const sm_manifest_entry *e)
{
    manifest_field(d, &d->source, e->source, DOC_PAGE_SOURCE);
    manifest_field(d, &d->date, e->date, DOC_PAGE_DATE);
    manifest_field(d, &d->title, e->title, DOC_PAGE_TITLE);
    manifest_field(d, &d->url, e->url, DOC_PAGE_URL);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static sm_status load_manifest(sm_corpus *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sm_fail(c->ctx, SM_ERR_IO, "%s: %s", path, strerror(errno));
    /* Columns are named by the first line: file, source, date, title, url. */
    int col[8] = {-1, -1, -1, -1, -1, -1, -1, -1}; /* column -> field */
    int ncols = 0, lineno = 0;
    bool have_file = false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    sm_status st = SM_OK;
    sm_manifest_entry e = {0};
    sm_cleanup c_f, c_line, c_e;
    sm_cleanup_push(&c_f, close_file, f);
    SM_CLEANUP_PTR(c_line, line);
    sm_cleanup_push(&c_e, meta_cleanup, &e);
    while ((got = getline(&line, &cap, f)) != -1) {
        lineno++;
        size_t n = (size_t)got;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        line[n] = '\0';
        if (n == 0 || (line[0] == '#' && ncols))
            continue;
        char *fields[8];
        int nf = 0;
        char *p = line;
        for (;;) {
            char *tab = strchr(p, '\t');
            if (nf < 8)
                fields[nf++] = p;
            if (!tab)
                break;
            *tab = '\0';
            p = tab + 1;
        }
        if (!ncols) {
            static const char *const names[] = {"file", "source", "date", "title", "url"};
            char *h0 = fields[0];
            if (*h0 == '#')
                h0++;
            fields[0] = h0;
            for (int i = 0; i < nf; i++) {
                for (int j = 0; j < 5; j++)
                    if (strcasecmp(fields[i], names[j]) == 0)
                        col[i] = j;
                if (col[i] == 0)
                    have_file = true;
            }
            ncols = nf;
            if (!have_file) {
                st = sm_fail(c->ctx, SM_ERR_FORMAT,
                             "%s:1: the header line must name a 'file' column "
                             "(columns: file, source, date, title, url, tab-separated)",
                             path);
                break;
            }
            continue;
        }
        memset(&e, 0, sizeof e);
        for (int i = 0; i < nf && i < 8; i++) {
            size_t fl = strlen(fields[i]);
            switch (col[i]) {
            case 0: set_field(&e.name, fields[i], fl); break;
            case 1: set_field(&e.source, fields[i], fl); break;
            case 2: set_field(&e.date, fields[i], fl); break;
            case 3: set_field(&e.title, fields[i], fl); break;
            case 4: set_field(&e.url, fields[i], fl); break;
            default: break;
            }
        }
        if (!e.name) {
            meta_cleanup(&e);
            continue;
        }
        if (e.date && !normalise_date(e.date)) {
            /* One bad cell loses that date, not the folder. */
            sm_warnf(c->ctx, "%s:%d: date '%s' is not YYYY-MM-DD or an ISO 8601 "
                     "date-time; %s is undated", path, lineno, e.date, e.name);
            free(e.date);
            e.date = NULL;
        }
        SM_PUSH(c->manifest, e);
        memset(&e, 0, sizeof e); /* the manifest's now */
        const sm_manifest_entry *me = &c->manifest.v[c->manifest.n - 1];
        for (size_t i = 0; i < c->docs.n; i++)
            if (strcmp(c->docs.v[i].name, me->name) == 0)
                apply_manifest(&c->docs.v[i], me);
    }
    sm_cleanup_pop(&c_e);
    sm_cleanup_run(&c_line);
    sm_cleanup_run(&c_f);
    return st;
}

sm_status sm_corpus_load_manifest(sm_corpus *c, const char *path)
{
    sm_status st;
    SM_CORPUS_GUARDED(st, c, load_manifest(c, path));
    return st;
}

/* ---- adding documents ------------------------------------------------- */

/* Adds a document.  `own`, when not NULL, is data itself: a malloc'd,
 * NUL-terminated buffer that the corpus takes over (and frees when the
 * document is skipped), which spares a copy of text that needs no repair. */
static sm_status add_doc(sm_corpus *c, const char *name, const char *path,
                         const char *data, size_t len, const sm_docmeta *meta,
                         char *own, bool from_web)
{
    /* own is the corpus's from here: freed when memory runs out too. */
    sm_cleanup c_own;
    SM_CLEANUP_PTR(c_own, own);
    if (c->prepared) {
        sm_cleanup_run(&c_own);
        return sm_fail(c->ctx, SM_ERR_USAGE,
                       "documents cannot be added after the corpus is prepared");
    }
    const char *label = path ? path : name;
    if (memchr(data, '\0', len)) {
        sm_warnf(c->ctx, "%s: binary file (contains NUL bytes), skipped", label);
        sm_cleanup_run(&c_own);
        return SM_OK;
    }
    if (all_space(data, len)) {
        sm_warnf(c->ctx, "%s: empty, skipped", label);
        sm_cleanup_run(&c_own);
        return SM_OK;
    }
    sm_doc d = {0};
    sm_cleanup c_d;
    sm_cleanup_push(&c_d, doc_free, &d);
    size_t bad = 0, first_bad = 0;
    if (own && !needs_normalising(data, len)) {
        sm_cleanup_pop(&c_own);
        d.raw = own;
        d.rawlen = len;
    } else {
        d.raw = normalise(data, len, &d.rawlen, &bad, &first_bad);
        sm_cleanup_run(&c_own);
    }
    if (bad)
        sm_warnf(c->ctx,
                 "%s: invalid UTF-8 at byte %zu (%zu sequence%s replaced by U+FFFD)",
                 label, first_bad, bad, bad == 1 ? "" : "s");
    d.name = sm_xstrdup(name);
    d.path = path ? sm_xstrdup(path) : NULL;
    /* Text a page gave has no header lines: its metadata came apart. */
    size_t bad_date = 0;
    size_t start = from_web ? 0 : read_header(&d, &bad_date);
    if (bad_date)
        sm_warnf(c->ctx, "%s:%zu: date not read (want YYYY-MM-DD or an ISO 8601 "
                 "date-time); the document is undated", label, bad_date);
    if (start) {
        memmove(d.raw, d.raw + start, d.rawlen - start + 1);
        d.rawlen -= start;
    }
    if (meta) {
        if (meta->source) set_field(&d.source, meta->source, strlen(meta->source));
        char day[11];
        if (meta->date && sm_date_parse(meta->date, strlen(meta->date), day))
            set_field(&d.date, day, 10);
        else if (meta->date)
            sm_warnf(c->ctx, "%s: date '%s' not read (want YYYY-MM-DD or an "
                     "ISO 8601 date-time)", label, meta->date);
        if (meta->title) set_field(&d.title, meta->title, strlen(meta->title));
        if (meta->url) set_field(&d.url, meta->url, strlen(meta->url));
    }
    const sm_manifest_entry *e = manifest_find(c, d.name);
    if (e)
        apply_manifest(&d, e);
    SM_RESERVE(c->docs, c->docs.n + 1);
    sm_cleanup_pop(&c_d);
    SM_PUSH(c->docs, d);
    sm_progress(c->ctx, "reading", c->docs.n, 0);
    return SM_OK;
}

/* ---- web pages, feeds, archives, gzip --------------------------------- */

typedef struct web_emit {
    sm_corpus *c;
    const char *name, *path;
    const sm_docmeta *meta;
} web_emit;

/* Fills a field the page gave when nothing stronger (the caller's metadata,
 * the manifest) did, and remembers that the page gave it. */
static void page_field(sm_doc *d, char **field, const char *v, unsigned bit)
{
    if (!v || !*v || *field)
        return;
    *field = sm_xstrdup(v);
    d->page_meta |= bit;
}

static void on_web_doc(void *userdata, const sm_web_doc *wd)
{
    web_emit *we = userdata;
    sm_corpus *c = we->c;
    sm_buf name = {0}, path = {0};
    sm_buf_printf(&name, "%s%s", we->name, wd->suffix);
    if (we->path)
        sm_buf_printf(&path, "%s%s", we->path, wd->suffix);
    size_t before = c->docs.n;
    add_doc(c, name.s, path.s, wd->text, wd->len, we->meta, NULL, !wd->plain);
    if (c->docs.n > before && !wd->plain) {
        sm_doc *d = &c->docs.v[c->docs.n - 1];
        page_field(d, &d->source, wd->source, DOC_PAGE_SOURCE);
        page_field(d, &d->date, wd->date, DOC_PAGE_DATE);
        page_field(d, &d->title, wd->title, DOC_PAGE_TITLE);
        page_field(d, &d->url, wd->url, DOC_PAGE_URL);
        d->from_web = !wd->as_text;
        d->author = wd->author ? sm_xstrdup(wd->author) : NULL;
        d->headings = wd->headings ? sm_xstrdup(wd->headings) : NULL;
    }
    sm_buf_free(&name);
    sm_buf_free(&path);
}

/* A text with a UTF-16 byte-order mark (FF FE little-endian, FE FF
 * big-endian) as UTF-8, NUL-terminated; an unpaired surrogate or an odd last
 * byte becomes U+FFFD, counted in *bad.  NULL when there is no such mark. */
static char *utf16_to_utf8(const char *data, size_t len, size_t *outlen, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len < 2 || !((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return NULL;
    bool le = u[0] == 0xFF;
    sm_buf b = {0};
    sm_cleanup c_b;
    SM_CLEANUP_BUF(c_b, b);
    sm_buf_reserve(&b, len + len / 2 + 1);
    *bad = 0;
    for (size_t i = 2; i < len; i += 2) {
        if (i + 1 >= len) {
            sm_utf8_encode(&b, 0xFFFD);
            (*bad)++;
            break;
        }
        uint32_t w = le ? (uint32_t)u[i] | (uint32_t)u[i + 1] << 8
                        : (uint32_t)u[i] << 8 | (uint32_t)u[i + 1];
        int32_t cp = (int32_t)w;
        if (w >= 0xD800 && w <= 0xDBFF && i + 3 < len) {
            uint32_t w2 = le ? (uint32_t)u[i + 2] | (uint32_t)u[i + 3] << 8
                             : (uint32_t)u[i + 2] << 8 | (uint32_t)u[i + 3];
            if (w2 >= 0xDC00 && w2 <= 0xDFFF) {
                cp = (int32_t)(0x10000 + ((w - 0xD800) << 10) + (w2 - 0xDC00));
                i += 2;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            cp = 0xFFFD;
            (*bad)++;
        }
        sm_utf8_encode(&b, cp);
    }
    if (!b.s)
        sm_buf_add(&b, "", 0);
    sm_cleanup_pop(&c_b);
    *outlen = b.len;
    return b.s;
}

/* Adds the documents of one input: a text file as it is, anything the web
 * layer recognises (HTML, a feed, a WARC, gzip) through it.  Takes `own`
 * as add_doc does. */
static sm_status add_data(sm_corpus *c, const char *name, const char *path,
                          const char *data, size_t len, const sm_docmeta *meta,
                          char *own)
{
    /* own is the corpus's from here: freed when memory runs out too. */
    sm_cleanup c_own;
    SM_CLEANUP_PTR(c_own, own);
    size_t ulen, bad;
    char *utf8 = utf16_to_utf8(data, len, &ulen, &bad);
    if (utf8) {
        free(own);
        own = utf8;
        data = utf8;
        len = ulen;
        if (bad)
            sm_warnf(c->ctx, "%s: invalid UTF-16 (%zu unit%s replaced by U+FFFD)",
                     path ? path : name, bad, bad == 1 ? "" : "s");
    }
    sm_cleanup_pop(&c_own); /* add_doc or the end of this function frees it */
    if (c->prepared || sm_web_sniff(path ? path : name, data, len) == SM_WEB_TEXT)
        return add_doc(c, name, path, data, len, meta, own, false);
    if (!c->web)
        c->web = sm_web_new(c->ctx);
    web_emit we = {c, name, path, meta};
    sm_web_read(c->web, path ? path : name, data, len, on_web_doc, &we);
    free(own);
    return SM_OK;
}

static sm_status add_text(sm_corpus *c, const char *name, const char *text,
                          size_t len, const sm_docmeta *meta)
{
    return add_data(c, name ? name : "(text)", NULL, text, len, meta, NULL);
}

sm_status sm_corpus_add_text(sm_corpus *c, const char *name, const char *text,
                             size_t len, const sm_docmeta *meta)
{
    sm_status st;
    SM_CORPUS_GUARDED(st, c, add_text(c, name, text, len, meta));
    return st;
}

static sm_status read_stream(sm_ctx *ctx, FILE *f, const char *label,
                             sm_buf *out)
{
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        sm_buf_add(out, chunk, got);
    if (ferror(f))
        return sm_fail(ctx, SM_ERR_IO, "%s: read error: %s", label, strerror(errno));
    if (!out->s)
        sm_buf_add(out, "", 0);
    return SM_OK;
}

/* ---- the tool's own files ---------------------------------------------- */

/* A news folder is also where a daily job keeps its archive and writes its
 * digests; walking it must not read them back as articles.  They are known
 * by their first bytes, whatever their names:
 * - an archive member: gzip magic, deflate, FEXTRA, and the 'S','M'
 *   subfield first (archive/archive.c writes it so);
 * - an archive index: its magic line (archive/archive_index.c);
 * - a JSON digest or summary, by its first key; a text or Markdown digest
 *   by its first line; an HTML digest by its generator meta tag. */
#define OWN_SNIFF_BYTES 1024
/* A text digest's first line ("Digest: 2023-03-20, 5 documents") is short;
 * an article that happens to start with "Digest: " has a longer one.  Set
 * by hand, twice the longest the tool writes. */
#define OWN_TITLE_MAX 120
/* What is read first from a pipe or a file of unknown size: 64 KiB holds
 * most articles in one read.  Set by hand. */
#define PIPE_FIRST_READ 65536
#define INDEX_MAGIC_LINE "summarizer-archive-index "
#define HTML_GENERATOR "<meta name=\"generator\" content=\"summarizer"

static bool starts(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

static bool contains(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (const char *p = s; k <= n && (p = memchr(p, needle[0], n - k + 1 - (size_t)(p - s)));
         p++)
        if (memcmp(p, needle, k) == 0)
            return true;
    return false;
}

static bool is_own_file(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 14 && u[0] == 0x1f && u[1] == 0x8b && u[2] == 8 && (u[3] & 4) &&
        u[12] == 'S' && u[13] == 'M')
        return true;
    if (starts(s, n, INDEX_MAGIC_LINE) || starts(s, n, "{\"period\": {") ||
        starts(s, n, "{\"words\": "))
        return true;
    const char *nl = memchr(s, '\n', n);
    size_t first = nl ? (size_t)(nl - s) : n;
    if ((starts(s, n, "Digest: ") || starts(s, n, "# Digest: ")) &&
        first < OWN_TITLE_MAX && contains(s, first, " document"))
        return true;
    return starts(s, n, "<!DOCTYPE html>") &&
           contains(s, n, HTML_GENERATOR);
}

/* A regular file up to this size is read whole before it is sniffed for
 * the tool's own files, which saves a read per article (a folder of news
 * is tens of thousands of files of a few KB); a larger one (an archive) is
 * sniffed first, so it is never read, nor its size allocated.  Set by
 * hand. */
#define SNIFF_AFTER_MAX (1024 * 1024)

/* Whether the file open as fd is one of the tool's own, by its first
 * OWN_SNIFF_BYTES. */
static bool own_file_at(int fd)
{
    char head[OWN_SNIFF_BYTES];
    ssize_t got = pread(fd, head, sizeof head, 0);
    return got > 0 && is_own_file(head, (size_t)got);
}

/* Reads a regular file into one buffer sized by fstat (read on to EOF in
 * case the file grew), so that the usual file costs one allocation.  While
 * walking a folder, the tool's own files are passed over. */
static sm_status add_file(sm_corpus *c, const char *path, bool walking)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sm_fail(c->ctx, SM_ERR_IO, "%s: %s", path, strerror(errno));
    struct stat sb;
    bool sized = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0 &&
                 (uintmax_t)sb.st_size < SIZE_MAX / 2;
    bool sniff_after = walking && sized && sb.st_size <= SNIFF_AFTER_MAX;
    if (walking && !sniff_after && own_file_at(fd)) {
        close(fd);
        return SM_OK;
    }
    sm_buf b = {0};
    sm_cleanup c_fd, c_b;
    sm_cleanup_push(&c_fd, close_fd, &fd);
    SM_CLEANUP_BUF(c_b, b);
    if (sized) {
        /* Exactly the file (and room to see its end): the buffer becomes
         * the document, and a power-of-two size would waste a third of
         * the memory on a large corpus. */
        b.cap = (size_t)sb.st_size + 2;
        b.s = sm_xmalloc(b.cap);
    } else
        sm_buf_reserve(&b, PIPE_FIRST_READ);
    for (;;) {
        if (b.cap - b.len < 2)
            sm_buf_reserve(&b, b.cap);
        ssize_t got = read(fd, b.s + b.len, b.cap - b.len - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            int e = errno;
            sm_cleanup_run(&c_fd);
            sm_cleanup_run(&c_b);
            return sm_fail(c->ctx, SM_ERR_IO, "%s: read error: %s", path, strerror(e));
        }
        if (got == 0)
            break;
        b.len += (size_t)got;
    }
    sm_cleanup_run(&c_fd);
    if (sniff_after &&
        is_own_file(b.s, b.len < OWN_SNIFF_BYTES ? b.len : OWN_SNIFF_BYTES)) {
        sm_cleanup_run(&c_b);
        return SM_OK;
    }
    b.s[b.len] = '\0';
    sm_cleanup_pop(&c_b); /* add_data takes it */
    return add_data(c, base_name(path), path, b.s, b.len, NULL, b.s);
}

/* A directory entry: its name, and its type when readdir knows it. */
typedef struct dir_entry {
    char *name;
    unsigned char type; /* DT_REG, DT_DIR, or another DT_ value: ask stat */
    ino_t ino;          /* from readdir; with the folder's device, the file */
    dev_t dev;
} dir_entry;
typedef SM_VEC(dir_entry) dir_entries;

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const dir_entry *)a)->name, ((const dir_entry *)b)->name);
}

static bool skipped_name(const char *name)
{
    return name[0] == '.' || strcmp(name, MANIFEST_NAME) == 0 ||
           strncmp(name, "README", 6) == 0;
}

/* The folders and files a walk has entered, by device and inode, so that
 * links (x -> ., y -> ..) never make it read anything twice or loop. */
typedef struct seen_set {
    struct seen_key { dev_t dev; ino_t ino; } *v;
    size_t n, cap; /* cap: a power of two, or 0 */
} seen_set;

static size_t seen_hash(dev_t dev, ino_t ino)
{
    uint64_t h = ((uint64_t)dev * 0x9E3779B97F4A7C15ull) ^ (uint64_t)ino;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return (size_t)(h ^ (h >> 32));
}

/* Adds (dev, ino); false when it was already there. */
static bool seen_add(seen_set *s, dev_t dev, ino_t ino)
{
    if (2 * (s->n + 1) > s->cap) { /* at most half full */
        seen_set g = {0};
        g.cap = s->cap ? s->cap * 2 : 64;
        g.v = sm_xcalloc(g.cap, sizeof *g.v);
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i].ino || s->v[i].dev)
                seen_add(&g, s->v[i].dev, s->v[i].ino);
        free(s->v);
        *s = g;
    }
    /* ino 0 never names a file, so an all-zero slot is empty. */
    size_t i = seen_hash(dev, ino) & (s->cap - 1);
    for (; s->v[i].ino || s->v[i].dev; i = (i + 1) & (s->cap - 1))
        if (s->v[i].dev == dev && s->v[i].ino == ino)
            return false;
    s->v[i].dev = dev;
    s->v[i].ino = ino;
    s->n++;
    return true;
}

static const char *kind_of(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device"
         : "not a regular file";
}

/* Reads one folder's entries (sorted) into names.  False when there is
 * nothing to walk: it was entered before, or it cannot be opened (an error
 * in *st for the root, else a warning). */
static bool read_folder(sm_corpus *c, const char *dir, bool is_root, seen_set *seen,
                        dir_entries *names, sm_status *st)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (is_root)
            *st = sm_fail(c->ctx, SM_ERR_IO, "%s: %s", dir, strerror(errno));
        else /* the rest of the walk goes on */
            sm_warnf(c->ctx, "%s: cannot read this folder: %s, skipped", dir,
                     strerror(errno));
        return false;
    }
    sm_cleanup c_d;
    sm_cleanup_push(&c_d, close_dir, d);
    struct stat ds;
    if (fstat(dirfd(d), &ds) == 0 && !seen_add(seen, ds.st_dev, ds.st_ino)) {
        sm_warnf(c->ctx, "%s: a folder already read (through a link), skipped", dir);
        sm_cleanup_run(&c_d);
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d)))
        if (!skipped_name(e->d_name)) {
            SM_RESERVE(*names, names->n + 1);
            dir_entry de = {sm_xstrdup(e->d_name), e->d_type, e->d_ino, ds.st_dev};
            SM_PUSH(*names, de);
        }
    sm_cleanup_run(&c_d);
    if (names->n > 1)
        qsort(names->v, names->n, sizeof *names->v, name_cmp);
    return true;
}

/* One entry of a folder: a file is read, a folder returned for the walk
 * (true), anything else skipped with a warning. */
static bool walk_entry(sm_corpus *c, const char *p, const dir_entry *de,
                       seen_set *seen)
{
    /* readdir's type spares a stat per file; links and file systems that
     * do not say are asked. */
    unsigned char type = de->type;
    dev_t dev = de->dev;
    ino_t ino = de->ino;
    if (type != DT_REG && type != DT_DIR) {
        struct stat sb;
        if (stat(p, &sb) != 0) {
            sm_warnf(c->ctx, "%s: %s, skipped", p, strerror(errno));
            return false;
        }
        if (!S_ISDIR(sb.st_mode) && !S_ISREG(sb.st_mode)) {
            sm_warnf(c->ctx, "%s: %s, skipped", p, kind_of(sb.st_mode));
            return false;
        }
        type = S_ISDIR(sb.st_mode) ? DT_DIR : DT_REG;
        dev = sb.st_dev;
        ino = sb.st_ino;
    }
    if (type == DT_DIR)
        return true; /* checked when entered */
    if (!seen_add(seen, dev, ino)) {
        sm_warnf(c->ctx, "%s: a file already read (through a link), skipped", p);
        return false;
    }
    if (add_file(c, p, true) != SM_OK) /* one unreadable file is skipped, not fatal */
        sm_warnf(c->ctx, "%s, skipped", sm_ctx_error(c->ctx));
    return false;
}

/* Walks a directory tree with an explicit stack (no recursion), files of a
 * directory in byte order before its subdirectories.  Every folder and
 * file is entered once, however links join them; a folder that cannot be
 * read is named and skipped, the rest is read. */
/* The walk's working memory, freed in one place (also when memory runs
 * out half-way). */
typedef struct walk_state {
    SM_VEC(char *) stack;
    seen_set seen;
    dir_entries names; /* of the folder being read; names[done..] owned */
    size_t done;
    char *dir;
    sm_buf mpath, p;
    SM_VEC(char *) subdirs;
} walk_state;

static void walk_free(void *p)
{
    walk_state *w = p;
    for (size_t i = 0; i < w->stack.n; i++)
        free(w->stack.v[i]);
    SM_FREEVEC(w->stack);
    free(w->seen.v);
    for (size_t i = w->done; i < w->names.n; i++)
        free(w->names.v[i].name);
    SM_FREEVEC(w->names);
    free(w->dir);
    sm_buf_free(&w->mpath);
    sm_buf_free(&w->p);
    for (size_t i = 0; i < w->subdirs.n; i++)
        free(w->subdirs.v[i]);
    SM_FREEVEC(w->subdirs);
    memset(w, 0, sizeof *w);
}

static sm_status add_dir(sm_corpus *c, const char *root)
{
    walk_state w = {0};
    sm_cleanup c_w;
    sm_cleanup_push(&c_w, walk_free, &w);
    SM_RESERVE(w.stack, 1);
    char *r = sm_xstrdup(root);
    SM_PUSH(w.stack, r);
    sm_status st = SM_OK;
    size_t before = c->docs.n;
    while (w.stack.n && st == SM_OK) {
        w.dir = w.stack.v[--w.stack.n];
        w.names.n = 0;
        w.done = 0;
        if (!read_folder(c, w.dir, w.seen.n == 0, &w.seen, &w.names, &st)) {
            free(w.dir);
            w.dir = NULL;
            continue;
        }
        w.mpath.len = 0;
        sm_buf_printf(&w.mpath, "%s/%s", w.dir, MANIFEST_NAME);
        if (access(w.mpath.s, R_OK) == 0)
            st = sm_corpus_load_manifest(c, w.mpath.s);
        w.subdirs.n = 0;
        for (size_t i = 0; i < w.names.n; i++) {
            w.p = (sm_buf){0};
            sm_buf_printf(&w.p, "%s/%s", w.dir, w.names.v[i].name);
            free(w.names.v[i].name);
            w.done = i + 1;
            if (st == SM_OK && walk_entry(c, w.p.s, &w.names.v[i], &w.seen)) {
                SM_RESERVE(w.subdirs, w.subdirs.n + 1);
                SM_PUSH(w.subdirs, w.p.s);
                w.p = (sm_buf){0};
            } else {
                sm_buf_free(&w.p);
            }
        }
        w.names.n = w.done = 0;
        /* Push in reverse so the first subdirectory is walked first. */
        SM_RESERVE(w.stack, w.stack.n + w.subdirs.n);
        for (size_t i = w.subdirs.n; i-- > 0;)
            SM_PUSH(w.stack, w.subdirs.v[i]);
        w.subdirs.n = 0;
        free(w.dir);
        w.dir = NULL;
    }
    sm_cleanup_run(&c_w);
    if (st == SM_OK && c->docs.n == before)
        sm_warnf(c->ctx, "%s: no usable documents in this directory", root);
    return st;
}

static sm_status add_path(sm_corpus *c, const char *path)
{
    if (strcmp(path, "-") == 0) {
        sm_buf b = {0};
        sm_cleanup c_b;
        SM_CLEANUP_BUF(c_b, b);
        sm_status st = read_stream(c->ctx, stdin, "(stdin)", &b);
        if (st == SM_OK) {
            sm_cleanup_pop(&c_b); /* add_data takes it */
            return add_data(c, "stdin", "-", b.s, b.len, NULL, b.s);
        }
        sm_cleanup_run(&c_b);
        return st;
    }
    struct stat sb;
    if (stat(path, &sb) != 0)
        return sm_fail(c->ctx, SM_ERR_IO, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return add_dir(c, path);
    return add_file(c, path, false);
}

sm_status sm_corpus_add_path(sm_corpus *c, const char *path)
{
    sm_status st;
    SM_CORPUS_GUARDED(st, c, add_path(c, path));
    return st;
}

/* ---- accessors -------------------------------------------------------- */

size_t sm_corpus_n_docs(const sm_corpus *c)
{
    return c->docs.n;
}

size_t sm_corpus_n_sentences(const sm_corpus *c)
{
    return c->sents.n;
}

void sm_corpus_doc(const sm_corpus *c, size_t i, sm_doc_info *out)
{
    const sm_doc *d = &c->docs.v[i];
    out->name = d->name;
    out->path = d->path;
    out->source = d->source;
    out->date = d->date;
    out->title = d->title;
    out->url = d->url;
    out->first_sentence = d->first_sentence;
    out->n_sentences = d->n_sentences;
}

void sm_corpus_sentence(const sm_corpus *c, size_t i, sm_sentence_info *out)
{
    const sm_sent *s = &c->sents.v[i];
    out->text = s->text;
    out->len = s->len;
    out->doc = s->doc;
    out->position = s->position;
    out->words = s->words;
}

int sm_datecmp(const char *a, const char *b)
{
    if (!a || !b)
        return (a ? 0 : 1) - (b ? 0 : 1);
    return strcmp(a, b);
}

static int pstrcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **corpus_dates(const sm_corpus *c)
{
    SM_VEC(const char *) d = {0};
    sm_cleanup c_d;
    SM_CLEANUP_VEC(c_d, d);
    /* What the reader already has is no day of its own. */
    for (size_t i = 0; i < c->docs.n; i++)
        if (c->docs.v[i].date && !c->docs.v[i].seen)
            SM_PUSH(d, c->docs.v[i].date);
    if (d.n > 1) /* qsort(NULL, 0, ...) is undefined: undated input has none */
        qsort(d.v, d.n, sizeof *d.v, pstrcmp);
    size_t n = 0;
    for (size_t i = 0; i < d.n; i++)
        if (!n || strcmp(d.v[i], d.v[n - 1]) != 0)
            d.v[n++] = d.v[i];
    /* One block: the pointer array, then the strings. */
    size_t size = sm_mul(n + 1, sizeof(char *)) + n * 11;
    char **out = sm_xmalloc(size);
    char *p = (char *)(out + n + 1);
    for (size_t i = 0; i < n; i++) {
        memcpy(p, d.v[i], 11);
        out[i] = p;
        p += 11;
    }
    out[n] = NULL;
    sm_cleanup_run(&c_d);
    return out;
}

char **sm_corpus_dates(const sm_corpus *c)
{
    sm_guard g;
    sm_guard_open(&g);
    if (setjmp(g.jb)) {
        sm_nomem(c->ctx);
        return NULL;
    }
    char **d = corpus_dates(c);
    sm_guard_close(&g);
    return d;
}
