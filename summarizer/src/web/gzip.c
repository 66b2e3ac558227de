/*
 * gzip.c: inflating a gzip-compressed input file, every member of it (a
 * .warc.gz is one member per record), within a bound so that a small file
 * cannot inflate into all of memory.
 */
#include "web/web.h"

#include <stdio.h>
#include <string.h>
#include <zlib.h>

/* Inflates one chunk at a time; the output grows as needed. */
#define GUNZIP_CHUNK (256u * 1024u)

int sm_web_gunzip(const char *data, size_t len, size_t limit, sm_buf *out,
                  char *msg, size_t msglen)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    /* 15 + 16: a gzip wrapper, not zlib or raw deflate. */
    if (inflateInit2(&z, 15 + 16) != Z_OK) {
        snprintf(msg, msglen, "cannot start inflating");
        return GUNZIP_DAMAGED;
    }
    const unsigned char *in = (const unsigned char *)data;
    size_t left = len;
    int rc = GUNZIP_OK;
    int zr = Z_OK;
    msg[0] = '\0';
    while (left || zr != Z_STREAM_END) {
        if (zr == Z_STREAM_END) {
            /* Another member, or bytes that are not gzip after the end. */
            if (left < 2 || in[0] != 0x1f || in[1] != 0x8b) {
                snprintf(msg, msglen, "%zu bytes that are not gzip after the data", left);
                rc = GUNZIP_DAMAGED;
                break;
            }
            inflateReset(&z);
        }
        if (out->cap - out->len < GUNZIP_CHUNK + 1)
            sm_buf_reserve(out, GUNZIP_CHUNK);
        uInt avail_in = left > UINT32_MAX ? UINT32_MAX : (uInt)left;
        z.next_in = (unsigned char *)in;
        z.avail_in = avail_in;
        z.next_out = (unsigned char *)out->s + out->len;
        z.avail_out = GUNZIP_CHUNK;
        zr = inflate(&z, Z_NO_FLUSH);
        size_t used = avail_in - z.avail_in;
        in += used;
        left -= used;
        out->len += GUNZIP_CHUNK - z.avail_out;
        out->s[out->len] = '\0';
        if (out->len > limit) {
            snprintf(msg, msglen, "inflates to more than %zu MB", limit >> 20);
            rc = GUNZIP_TOO_BIG;
            break;
        }
        if (zr == Z_STREAM_END)
            continue;
        if (zr == Z_BUF_ERROR && left == 0) {
            snprintf(msg, msglen, "truncated (the compressed data ends early)");
            rc = GUNZIP_DAMAGED;
            break;
        }
        if (zr != Z_OK && zr != Z_BUF_ERROR) {
            snprintf(msg, msglen, "corrupt compressed data at byte %zu (%s)",
                     len - left, z.msg ? z.msg : "inflate failed");
            rc = GUNZIP_DAMAGED;
            break;
        }
    }
    inflateEnd(&z);
    return rc;
}
