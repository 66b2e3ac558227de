/*
 * sgml.c: newswire as the LDC distributes it and the TREC, DUC and TAC
 * evaluations use it: SGML documents <DOC> ... </DOC>, one or many a file
 * (Gigaword and AQUAINT hold hundreds), each with an identifier (<DOCNO>,
 * <DOCID> or the id attribute: "APW19981016.0240", "AFP_ENG_20050102.0089"),
 * perhaps a <HEADLINE> and a date, and the story in <TEXT> (with a lead
 * paragraph in <LP> or <LEADPARA> in some collections).  Everything else
 * is the wire service's routing (<HEADER>, <SLUG>, <TRAILER>, keywords),
 * never text.  Read as a text file would be, that routing became sentences
 * ("A8720 &Cx1f; tcz-z ... BC-CAMBODIA-POLITICS-NYT &QL;") and the tags
 * glued the first paragraph to the identifier, so a story lost its lead.
 *
 * Each document's story goes to the text reader as a text file's would
 * (its cleaning and datelines rules apply), one paragraph a block: <P>
 * elements where there are any, else blank lines and indented first lines
 * (AP wrote a paragraph as an indented line and its unindented
 * continuations).  Its metadata: the identifier as its name's suffix when
 * the file holds several, the headline as its title, the letters the
 * identifier opens with as its source ("APW", "NYT", "XIE", "AFP_ENG"),
 * the date written in the identifier (YYYYMMDD after the letters) or else
 * in <DATE_TIME>, <DATETIME> or <DATE>.  The format is not XML (entities
 * such as "&Cx1f;" are undeclared, <P> may stay open), so it is scanned,
 * not parsed: in one pass, without recursion, whatever the nesting.
 */
#include "web/dom.h"

#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A view into the file. */
typedef struct span {
    const char *s;
    size_t n;
} span;

/* The first occurrence of needle (upper case, as the format writes its
 * tags) in s[0..n), ignoring case, or NULL. */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if ((s[i] | 32) == (needle[0] | 32) && strncasecmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

static bool name_ends_at(char ch)
{
    return ch == '>' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '/';
}

/* The opening tag <NAME ...> at or after s[0..n): its start, and in *end
 * the byte after its '>'; NULL when there is none (or it never closes). */
static const char *open_tag(const char *s, size_t n, const char *name, const char **end)
{
    char pat[32];
    snprintf(pat, sizeof pat, "<%s", name);
    size_t k = strlen(pat);
    for (const char *p = s; (p = find_ci(p, n - (size_t)(p - s), pat)); p++) {
        if ((size_t)(s + n - p) <= k || !name_ends_at(p[k]))
            continue;
        const char *gt = memchr(p + k, '>', (size_t)(s + n - p) - k);
        if (!gt)
            return NULL;
        *end = gt + 1;
        return p;
    }
    return NULL;
}

/* The content of the first element NAME in s[0..n) (to its closing tag,
 * or to the end when it has none). */
static span element(const char *s, size_t n, const char *name)
{
    const char *cs;
    if (!open_tag(s, n, name, &cs))
        return (span){NULL, 0};
    char pat[32];
    snprintf(pat, sizeof pat, "</%s>", name);
    const char *ce = find_ci(cs, (size_t)(s + n - cs), pat);
    return (span){cs, ce ? (size_t)(ce - cs) : (size_t)(s + n - cs)};
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static span trim(span v)
{
    while (v.n && is_space(v.s[0])) {
        v.s++;
        v.n--;
    }
    while (v.n && is_space(v.s[v.n - 1]))
        v.n--;
    return v;
}

/* ---- text ------------------------------------------------------------- */

/* Where the reference opening at s[0] == '&' ends: the offset of its ';'
 * after a name of letters and digits (or '#' and digits), at most
 * SM_ENTITY_MAX long; 0 when s opens none. */
static size_t reference_end(const char *s, size_t n)
{
    size_t e = 1;
    while (e < n && e <= SM_ENTITY_MAX &&
           (((s[e] | 32) >= 'a' && (s[e] | 32) <= 'z') || (s[e] >= '0' && s[e] <= '9') ||
            (e == 1 && s[e] == '#')))
        e++;
    return e < n && s[e] == ';' && e > 1 && !(e == 2 && s[1] == '#') ? e : 0;
}

/* An entity: the character it stands for (sm_web_entity), or nothing for
 * the wire's typesetting codes ("&Cx1f;", "&QL;", "&UR;"). */
static size_t entity(const char *s, size_t n, sm_buf *out)
{
    size_t k = sm_web_entity(s, n, out);
    if (k || n < 2 || s[1] == '#')
        return k;
    size_t e = reference_end(s, n);
    return e ? e + 1 : 0;
}

/* s[0..n) with entities decoded and tags dropped: a <P> or </P> becomes a
 * blank line (a paragraph's end), any other tag a space (counted in
 * *others), and an <ANNOTATION> (an editor's note) goes with its content.
 * *paras tells whether any <P> was met. */
static void decode(const char *s, size_t n, sm_buf *out, bool *paras,
                   size_t *others)
{
    for (size_t i = 0; i < n;) {
        if (s[i] == '&') {
            size_t k = entity(s + i, n - i, out);
            if (k) {
                i += k;
                continue;
            }
        } else if (s[i] == '<') {
            const char *gt = memchr(s + i, '>', n - i);
            if (gt) {
                const char *t = s + i + 1 + (s[i + 1] == '/');
                size_t tn = (size_t)(gt - t);
                if ((tn == 1 || (tn > 1 && name_ends_at(t[1]))) && (t[0] | 32) == 'p') {
                    sm_buf_adds(out, "\n\n");
                    *paras = true;
                } else if (tn >= 10 && strncasecmp(t, "ANNOTATION", 10) == 0 &&
                           s[i + 1] != '/') {
                    const char *ce = find_ci(gt, (size_t)(s + n - gt), "</ANNOTATION>");
                    gt = ce ? ce + 12 : s + n - 1;
                } else {
                    sm_buf_addc(out, ' ');
                    (*others)++;
                }
                i = (size_t)(gt - s) + 1;
                continue;
            }
        }
        sm_buf_addc(out, s[i++]);
    }
}

/* Appends the decoded story d[0..n) to out as paragraphs, one line each,
 * separated by a blank line.  Without <P>, a blank line ends a paragraph,
 * and so does an indented line when some lines are not indented. */
static void paragraphs(const char *d, size_t n, bool paras, sm_buf *out)
{
    bool indented = false, flush = false;
    for (size_t i = 0; !paras && i < n;) {
        const char *nl = memchr(d + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - d) : n;
        span line = trim((span){d + i, e - i});
        if (line.n) {
            indented |= line.s != d + i;
            flush |= line.s == d + i;
        }
        i = e + 1;
    }
    bool breaks = indented && flush, open = false;
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(d + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - d) : n;
        span line = trim((span){d + i, e - i});
        bool starts = breaks && line.n && line.s != d + i;
        i = e + 1;
        if (!line.n || starts)
            open = false;
        if (!line.n)
            continue;
        if (out->len && !(open && sm_hyphen_break(out->s, out->len, line.s[0])))
            sm_buf_adds(out, open ? " " : "\n\n");
        /* white space inside the line made single spaces */
        for (size_t k = 0; k < line.n; k++)
            if (!is_space(line.s[k]))
                sm_buf_addc(out, line.s[k]);
            else if (!is_space(line.s[k - 1]))
                sm_buf_addc(out, ' ');
        open = true;
    }
}

/* s[0..n) decoded, on one line: every run of white space one space. */
static void flat(span v, sm_buf *out)
{
    sm_buf d = {0};
    sm_cleanup c_d;
    SM_CLEANUP_BUF(c_d, d);
    bool paras = false;
    size_t others = 0;
    decode(v.s, v.n, &d, &paras, &others);
    for (size_t k = 0; k < d.len; k++)
        if (!is_space(d.s[k]))
            sm_buf_addc(out, d.s[k]);
        else if (out->len && !is_space(out->s[out->len - 1]) && k + 1 < d.len)
            sm_buf_addc(out, ' ');
    while (out->len && out->s[out->len - 1] == ' ')
        out->s[--out->len] = '\0';
    sm_cleanup_run(&c_d);
}

/* ---- metadata --------------------------------------------------------- */

/* The value of attribute `name` in an opening tag, or an empty span. */
static span attribute(span tag, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 1; i + k + 1 < tag.n; i++) {
        if (!is_space(tag.s[i - 1]) || strncasecmp(tag.s + i, name, k) != 0 ||
            tag.s[i + k] != '=')
            continue;
        const char *v = tag.s + i + k + 1, *end = tag.s + tag.n - 1; /* at '>' */
        char q = *v == '"' || *v == '\'' ? *v++ : 0;
        const char *e = v;
        while (e < end && (q ? *e != q : !is_space(*e)))
            e++;
        return (span){v, (size_t)(e - v)};
    }
    return (span){NULL, 0};
}

/* The letters an identifier opens with ("APW" of "APW19981016.0240",
 * "AFP_ENG" of "AFP_ENG_20050102.0089"); an empty span when it opens
 * otherwise. */
static span id_letters(span id)
{
    size_t e = 0;
    while (e < id.n && ((id.s[e] >= 'A' && id.s[e] <= 'Z') || id.s[e] == '_'))
        e++;
    size_t w = e;
    while (w && id.s[w - 1] == '_')
        w--;
    return (span){id.s, w >= 2 && e < id.n && id.s[e] >= '0' && id.s[e] <= '9' ? w : 0};
}

/* "10/17/1998 04:12" (month first, as the wires write <DATE_TIME>) or
 * "January 1, 1989, Sunday" as YYYY-MM-DD. */
static bool us_date(const char *s, char out[11])
{
    unsigned mo, d, y;
    int k = 0;
    if (sscanf(s, "%2u/%2u/%4u%n", &mo, &d, &y, &k) == 3 && k >= 8)
        return sm_web_ymd((int)y, (int)mo, (int)d, out);
    mo = (unsigned)sm_web_month(s);
    while (mo && *s && *s != ' ')
        s++;
    if (mo && sscanf(s, " %2u, %4u%n", &d, &y, &k) == 2 && k >= 7)
        return sm_web_ymd((int)y, (int)mo, (int)d, out);
    return false;
}

/* The document's date into out[11]: the one its identifier holds (eight
 * digits after its letters, "19981016"), else its date element's. */
static bool doc_date(span id, span doc, char out[11])
{
    span l = id_letters(id);
    if (l.n) {
        size_t at = l.n;
        while (at < id.n && id.s[at] == '_')
            at++;
        char digits[9] = {0};
        size_t k = 0;
        while (k < 8 && at + k < id.n && id.s[at + k] >= '0' && id.s[at + k] <= '9') {
            digits[k] = id.s[at + k];
            k++;
        }
        bool more = at + k < id.n && id.s[at + k] >= '0' && id.s[at + k] <= '9';
        if (k == 8 && !more && sm_web_date(digits, out))
            return true;
    }
    static const char *const names[] = {"DATE_TIME", "DATETIME", "DATE"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        span v = element(doc.s, doc.n, names[i]);
        if (!v.s)
            continue;
        sm_buf b = {0};
        sm_cleanup c_b;
        SM_CLEANUP_BUF(c_b, b);
        flat(v, &b);
        bool ok = b.s && (sm_web_date(b.s, out) || us_date(b.s, out));
        sm_cleanup_run(&c_b);
        if (ok)
            return true;
    }
    return false;
}

/* ---- documents -------------------------------------------------------- */

/* Where a collection puts the story, in the order it comes: a lead
 * paragraph (WSJ's <LP>, San Jose Mercury's <LEADPARA>) before <TEXT>. */
static const char *const story_elements[] = {"LEADPARA", "LP", "TEXT"};

/* The story of doc into out (paragraphs); false when it has none.  A
 * document without a story element but with no markup other than <P>
 * (text wrapped in <DOC> lines only) is its own story. */
static bool story(span doc, sm_buf *out)
{
    sm_buf d = {0};
    sm_cleanup c_d;
    SM_CLEANUP_BUF(c_d, d);
    for (size_t i = 0; i < sizeof story_elements / sizeof story_elements[0]; i++) {
        const char *name = story_elements[i];
        char close[32];
        snprintf(close, sizeof close, "</%s>", name);
        for (span rest = doc; rest.n;) {
            const char *cs;
            if (!open_tag(rest.s, rest.n, name, &cs))
                break;
            const char *ce = find_ci(cs, (size_t)(rest.s + rest.n - cs), close);
            const char *stop = ce ? ce : rest.s + rest.n;
            bool paras = false;
            size_t others = 0;
            d.len = 0;
            decode(cs, (size_t)(stop - cs), &d, &paras, &others);
            paragraphs(d.s ? d.s : "", d.len, paras, out);
            size_t used = (size_t)(stop - rest.s) + (ce ? strlen(close) : 0);
            rest = (span){rest.s + used, rest.n - used};
        }
    }
    if (!out->len) {
        bool paras = false;
        size_t others = 0;
        d.len = 0;
        decode(doc.s, doc.n, &d, &paras, &others);
        if (others == 0)
            paragraphs(d.s ? d.s : "", d.len, paras, out);
    }
    sm_cleanup_run(&c_d);
    return out->len > 0;
}

/* What one document gives. */
typedef struct wire_doc {
    sm_buf id, title, source, suffix, text;
    char date[11];
} wire_doc;

static void wire_doc_free(void *p)
{
    wire_doc *wd = p;
    sm_buf_free(&wd->id);
    sm_buf_free(&wd->title);
    sm_buf_free(&wd->source);
    sm_buf_free(&wd->suffix);
    sm_buf_free(&wd->text);
}

/* Reads the document whose opening tag is tag and content doc, the
 * index-th of the file (many: the file holds several), and emits it;
 * false when it has no story. */
static bool read_doc(sm_web *w, const char *label, span tag, span doc,
                     size_t index, bool many, sm_web_emit_fn emit, void *userdata)
{
    wire_doc wd = {0};
    sm_cleanup c_wd;
    sm_cleanup_push(&c_wd, wire_doc_free, &wd);
    span id = trim(attribute(tag, "id"));
    if (!id.n)
        id = trim(element(doc.s, doc.n, "DOCNO"));
    if (!id.n)
        id = trim(element(doc.s, doc.n, "DOCID"));
    sm_buf_add(&wd.id, id.s ? id.s : "", id.n);
    if (many && id.n)
        sm_buf_printf(&wd.suffix, "#%s", wd.id.s);
    else if (many)
        sm_buf_printf(&wd.suffix, "#%zu", index);
    else
        sm_buf_adds(&wd.suffix, "");
    bool ok = story(doc, &wd.text);
    if (!ok)
        sm_warnf(w->ctx, "%s: document %s has no story (no <TEXT>), skipped",
                 label, id.n ? wd.id.s : "without an identifier");
    if (ok) {
        span t = element(doc.s, doc.n, "HEADLINE");
        if (!t.s)
            t = attribute(tag, "title");
        flat(t, &wd.title);
        span l = id_letters(id);
        sm_buf_add(&wd.source, l.s ? l.s : "", l.n);
        bool dated = doc_date(id, doc, wd.date);
        sm_web_doc out = {0};
        out.suffix = wd.suffix.s;
        out.text = wd.text.s;
        out.len = wd.text.len;
        out.title = wd.title.len ? wd.title.s : NULL;
        out.source = wd.source.len ? wd.source.s : NULL;
        out.date = dated ? wd.date : NULL;
        out.as_text = true;
        emit(userdata, &out);
    }
    sm_cleanup_run(&c_wd);
    return ok;
}

size_t sm_web_sgml(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata)
{
    size_t n = 0, index = 0;
    bool many = false;
    for (const char *p = data, *end = data + len; p < end;) {
        const char *cs;
        const char *ds = open_tag(p, (size_t)(end - p), "DOC", &cs);
        if (!ds)
            break;
        /* The document ends at its </DOC>, or where the next begins when
         * it was left open (each search stops at the next document, so a
         * file of unclosed tags is read once, not once a tag). */
        const char *ncs;
        const char *next = open_tag(cs, (size_t)(end - cs), "DOC", &ncs);
        const char *ce = find_ci(cs, (size_t)((next ? next : end) - cs), "</DOC>");
        const char *stop = ce ? ce : next ? next : end;
        const char *after = ce ? ce + 6 : next ? next : end;
        if (index == 0)
            many = open_tag(after, (size_t)(end - after), "DOC", &ncs) != NULL;
        if (!ce)
            sm_warnf(w->ctx, "%s: a document has no </DOC>; read to %s", label,
                     next ? "the next <DOC>" : "the end of the file (truncated?)");
        index++;
        n += read_doc(w, label, (span){ds, (size_t)(cs - ds)},
                      (span){cs, (size_t)(stop - cs)}, index, many, emit, userdata);
        p = after;
    }
    if (n == 0)
        sm_warnf(w->ctx, "%s: SGML newswire without a usable <DOC>, skipped", label);
    return n;
}

/* ---- entities --------------------------------------------------------- */

size_t sm_web_entity(const char *s, size_t n, sm_buf *out)
{
    size_t e = reference_end(s, n);
    if (!e)
        return 0;
    char name[SM_ENTITY_MAX + 1];
    memcpy(name, s + 1, e - 1);
    name[e - 1] = '\0';
    unsigned long cp = 0;
    if (name[0] == '#') {
        bool hex = (name[1] | 32) == 'x';
        char *end;
        cp = strtoul(name + 1 + hex, &end, hex ? 16 : 10);
        if (*end || end == name + 1 + hex)
            return 0;
    } else if (strcmp(name, "MD") == 0) {
        cp = 0x2014;
    } else {
        const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
        if (!d)
            return 0;
        cp = d->value;
    }
    if (cp == 0xA0)
        cp = ' '; /* words as a reader counts them */
    if ((cp >= 0x20 || cp == '\t' || cp == '\n') && cp <= 0x10FFFF &&
        !(cp >= 0xD800 && cp <= 0xDFFF))
        sm_utf8_encode(out, (int32_t)cp);
    return e + 1;
}
