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

/* The value of header `name` in the block s[0..n) into out (trimmed). */
static bool header(const char *s, size_t n, const char *name, char *out, size_t cap)
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
            snprintf(out, cap, "%.*s", (int)(b - a), s + a);
            return true;
        }
        i = e + 1;
    }
    return false;
}

/* Undoes the chunked transfer coding; false when it is damaged (out then
 * holds the chunks before the damage). */
static bool dechunk(const char *s, size_t n, sm_buf *out)
{
    size_t i = 0;
    while (i < n) {
        char *end;
        unsigned long long size = strtoull(s + i, &end, 16);
        if (end == s + i)
            return false;
        const char *nl = memchr(end, '\n', n - (size_t)(end - s));
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

/* Reads one HTTP response; emits its page when it is a successful HTML
 * response. */
static bool response(sm_web *w, const char *label, const char *s, size_t n,
                     const char *uri, size_t number, sm_web_emit_fn emit,
                     void *userdata)
{
    size_t body = header_end(s, n);
    int status = 0;
    if (!body || sscanf(s, "HTTP/%*d.%*d %d", &status) != 1 || status < 200 || status > 299)
        return false;
    char type[256] = "", tenc[64] = "", cenc[64] = "";
    header(s, body, "Content-Type", type, sizeof type);
    header(s, body, "Transfer-Encoding", tenc, sizeof tenc);
    header(s, body, "Content-Encoding", cenc, sizeof cenc);
    if (type[0] && !strstr(type, "html"))
        return false;
    char *cs = strstr(type, "charset=");
    char charset[64] = "";
    if (cs)
        snprintf(charset, sizeof charset, "%.*s", (int)strcspn(cs + 8, "; \"'"), cs + 8);
    const char *data = s + body;
    size_t len = n - body;
    sm_buf dechunked = {0}, inflated = {0};
    char suffix[32];
    snprintf(suffix, sizeof suffix, "#%zu", number);
    if (strcasecmp(tenc, "chunked") == 0) {
        if (!dechunk(data, len, &dechunked))
            sm_warnf(w->ctx, "%s%s: damaged chunked response, read as far as it goes",
                     label, suffix);
        data = dechunked.s ? dechunked.s : "";
        len = dechunked.len;
    }
    if (strcasecmp(cenc, "gzip") == 0 || strcasecmp(cenc, "x-gzip") == 0) {
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
        char type[64] = "", clen[32] = "", uri[2048] = "";
        if (!hend || !header(data + pos, hend, "Content-Length", clen, sizeof clen)) {
            sm_warnf(w->ctx, "%s: byte %zu: truncated or damaged WARC record header; the rest is skipped",
                     label, pos);
            break;
        }
        header(data + pos, hend, "WARC-Type", type, sizeof type);
        header(data + pos, hend, "WARC-Target-URI", uri, sizeof uri);
        char *end;
        unsigned long long n = strtoull(clen, &end, 10);
        size_t start = pos + hend;
        bool truncated = n > len - start;
        if (truncated) {
            sm_warnf(w->ctx, "%s: byte %zu: WARC record truncated (%zu of %llu bytes); read as far as it goes",
                     label, pos, len - start, n);
            n = len - start;
        }
        if (strcmp(type, "response") == 0) {
            char ctype[128] = "";
            header(data + pos, hend, "Content-Type", ctype, sizeof ctype);
            if (!ctype[0] || strstr(ctype, "application/http"))
                emitted += response(w, label, data + start, (size_t)n,
                                    uri[0] ? uri : NULL, ++pages, emit, userdata);
        }
        pos = start + (size_t)n;
        if (truncated)
            break;
    }
    if (!emitted)
        sm_warnf(w->ctx, "%s: no HTML page in the WARC file", label);
    return emitted;
}
