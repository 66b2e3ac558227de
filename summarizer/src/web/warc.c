/*
 * warc.c: WARC files (ISO 28500, as wget --warc-file and crawlers write
 * them), one document per HTML response record: the HTTP message is
 * unwrapped (status, headers, chunked transfer coding, gzip content
 * coding) and its page read with the record's target URI and the charset
 * its Content-Type declares.  A .warc.gz is inflated whole first (html.c).
 * A truncated or damaged record is named with its byte offset; the records
 * before it are kept.
 */
#include "web/dom.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A WARC or HTTP header block longer than this is not one. */
#define MAX_HEADER_BYTES 65536
/* The gzip bound for a response's content coding. */
#define MAX_PAYLOAD_BYTES ((size_t)256 << 20)

/* The end of a header block (the blank line) at or after s[0..n): offset
 * of the first byte after it, or 0 when there is none. */
static size_t header_end(const char *s, size_t n)
{
    if (n > MAX_HEADER_BYTES)
        n = MAX_HEADER_BYTES;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '\n')
            continue;
        if (s[i + 1] == '\n')
            return i + 2;
        if (i + 2 < n && s[i + 1] == '\r' && s[i + 2] == '\n')
            return i + 3;
    }
    return 0;
}

/* A header's value: a view into the header block (trimmed), or len 0. */
typedef struct hval {
    const char *s;
    size_t len;
} hval;

/* The value of header `name` in the block s[0..n). */
static hval header(const char *s, size_t n, const char *name)
{
    size_t kl = strlen(name);
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(s + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - s) : n;
        if (e - i > kl && strncasecmp(s + i, name, kl) == 0 && s[i + kl] == ':') {
            size_t a = i + kl + 1;
            while (a < e && (s[a] == ' ' || s[a] == '\t'))
                a++;
            size_t b = e;
            while (b > a && (s[b - 1] == '\r' || s[b - 1] == ' '))
                b--;
            return (hval){s + a, b - a};
        }
        i = e + 1;
    }
    return (hval){"", 0};
}

static bool hval_is(hval v, const char *word)
{
    return v.len == strlen(word) && strncasecmp(v.s, word, v.len) == 0;
}

/* Whether the value holds `word` (case-blind), as "text/html" holds "html". */
static bool hval_has(hval v, const char *word)
{
    size_t wl = strlen(word);
    for (size_t i = 0; i + wl <= v.len; i++)
        if (strncasecmp(v.s + i, word, wl) == 0)
            return true;
    return false;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Undoes the chunked transfer coding; false when it is damaged (out then
 * holds the chunks before the damage). */
static bool dechunk(const char *s, size_t n, sm_buf *out)
{
    size_t i = 0;
    while (i < n) {
        /* The chunk size in hex, read within the message (strtoull would
         * skip white space and read past its end). */
        size_t j = i;
        unsigned long long size = 0;
        for (int d; j < n && (d = hex_digit(s[j])) >= 0; j++)
            size = size > (ULLONG_MAX >> 4) ? ULLONG_MAX : size << 4 | (unsigned)d;
        if (j == i)
            return false;
        const char *nl = memchr(s + j, '\n', n - j);
        if (!nl)
            return false;
        i = (size_t)(nl - s) + 1;
        if (size == 0)
            return true;
        if (size > n - i) {
            sm_buf_add(out, s + i, n - i); /* a cut chunk: what there is */
            return false;
        }
        sm_buf_add(out, s + i, (size_t)size);
        i += (size_t)size;
        while (i < n && (s[i] == '\r' || s[i] == '\n'))
            i++;
    }
    return false;
}

/* The status code of the status line "HTTP/1.1 200 OK" at the start of the
 * header block s[0..n), read within it; 0 when there is none. */
static int http_status(const char *s, size_t n)
{
    size_t i = 5;
    if (n < 5 || memcmp(s, "HTTP/", 5) != 0)
        return 0;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.'))
        i++;
    while (i < n && s[i] == ' ')
        i++;
    int status = 0;
    for (size_t k = 0; k < 3; k++, i++) {
        if (i >= n || s[i] < '0' || s[i] > '9')
            return 0;
        status = status * 10 + (s[i] - '0');
    }
    return i < n && s[i] != ' ' && s[i] != '\r' && s[i] != '\n' ? 0 : status;
}

/* Reads one HTTP response; emits its page when it is a successful HTML
 * response. */
static bool response(sm_web *w, const char *label, const char *s, size_t n,
                     const char *uri, size_t number, sm_web_emit_fn emit,
                     void *userdata)
{
    size_t body = header_end(s, n);
    if (!body || http_status(s, body) / 100 != 2)
        return false;
    hval type = header(s, body, "Content-Type");
    hval tenc = header(s, body, "Transfer-Encoding");
    hval cenc = header(s, body, "Content-Encoding");
    if (type.len && !hval_has(type, "html"))
        return false;
    /* The charset parameter: a name, never long; one past this is not a
     * charset libxml2 knows, and is read as undeclared. */
    char charset[64] = "";
    for (size_t i = 0; i + 8 <= type.len; i++)
        if (strncasecmp(type.s + i, "charset=", 8) == 0) {
            const char *cs = type.s + i + 8;
            size_t cl = 0;
            while (i + 8 + cl < type.len && !strchr("; \"'", cs[cl]))
                cl++;
            if (cl < sizeof charset)
                snprintf(charset, sizeof charset, "%.*s", (int)cl, cs);
            break;
        }
    const char *data = s + body;
    size_t len = n - body;
    sm_buf dechunked = {0}, inflated = {0};
    char suffix[32];
    snprintf(suffix, sizeof suffix, "#%zu", number);
    if (hval_is(tenc, "chunked")) {
        if (!dechunk(data, len, &dechunked))
            sm_warnf(w->ctx, "%s%s: damaged chunked response, read as far as it goes",
                     label, suffix);
        data = dechunked.s ? dechunked.s : "";
        len = dechunked.len;
    }
    if (hval_is(cenc, "gzip") || hval_is(cenc, "x-gzip")) {
        char msg[160];
        if (sm_web_gunzip(data, len, MAX_PAYLOAD_BYTES, &inflated, msg, sizeof msg) != GUNZIP_OK)
            sm_warnf(w->ctx, "%s%s: gzip content %s", label, suffix, msg);
        data = inflated.s ? inflated.s : "";
        len = inflated.len;
    }
    bool ok = len && sm_web_html(w, label, data, len, charset[0] ? charset : NULL, uri,
                                 suffix, emit, userdata);
    sm_buf_free(&dechunked);
    sm_buf_free(&inflated);
    return ok;
}

size_t sm_web_warc(sm_web *w, const char *label, const char *data, size_t len,
                   sm_web_emit_fn emit, void *userdata)
{
    size_t pos = 0, emitted = 0, pages = 0;
    while (pos < len) {
        while (pos < len && (data[pos] == '\r' || data[pos] == '\n'))
            pos++;
        if (pos >= len)
            break;
        if (len - pos < 5 || memcmp(data + pos, "WARC/", 5) != 0) {
            sm_warnf(w->ctx, "%s: byte %zu: not a WARC record; the rest is skipped", label, pos);
            break;
        }
        size_t hend = header_end(data + pos, len - pos);
        hval clen = header(data + pos, hend, "Content-Length");
        if (!hend || !clen.len) {
            sm_warnf(w->ctx, "%s: byte %zu: truncated or damaged WARC record header; the rest is skipped",
                     label, pos);
            break;
        }
        hval type = header(data + pos, hend, "WARC-Type");
        hval uri = header(data + pos, hend, "WARC-Target-URI");
        unsigned long long n = 0;
        for (size_t i = 0; i < clen.len && clen.s[i] >= '0' && clen.s[i] <= '9'; i++)
            n = n > (ULLONG_MAX - 9) / 10 ? ULLONG_MAX : n * 10 + (unsigned)(clen.s[i] - '0');
        size_t start = pos + hend;
        bool truncated = n > len - start;
        if (truncated) {
            sm_warnf(w->ctx, "%s: byte %zu: WARC record truncated (%zu of %llu bytes); read as far as it goes",
                     label, pos, len - start, n);
            n = len - start;
        }
        if (hval_is(type, "response")) {
            hval ctype = header(data + pos, hend, "Content-Type");
            if (!ctype.len || hval_has(ctype, "application/http")) {
                char *u = uri.len ? sm_xstrndup(uri.s, uri.len) : NULL;
                emitted += response(w, label, data + start, (size_t)n, u, ++pages, emit,
                                    userdata);
                free(u);
            }
        }
        pos = start + (size_t)n;
        if (truncated)
            break;
    }
    if (!emitted)
        sm_warnf(w->ctx, "%s: no HTML page in the WARC file", label);
    return emitted;
}
