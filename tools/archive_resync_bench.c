/*
 * archive_resync_bench.c: times the archive commands on crafted files that
 * make a careless resynchronisation quadratic, at 1, 2 and 4 MB, so that
 * linear time is shown by figures (4 MB should cost about twice 2 MB), not
 * asserted by a timed test.
 *
 *   archive_resync_bench [-d DIR] [-r RUNS]
 *
 * Files (written to DIR, default /tmp):
 *   headers: every 64th byte starts a member header with a good CRC-16
 *            whose data claims the rest of the file (CRC-32 wrong), the
 *            shape of ../shared/checks/mk_resync_bomb.py;
 *   sound+bad: a sound member, then a header claiming the rest, repeated,
 *            so every damaged member starts right after a sound one.
 * Prints, per file and size, the median milliseconds of verify, repair
 * (on a fresh copy) and open (what list, show, search and add do first).
 */
#include "summarizer.h"
#include "timing.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}
static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* Writes a member header at p (version 1, format "json") whose data claims
 * csize bytes; returns its length. */
static size_t header(uint8_t *p, uint64_t csize)
{
    static const char tail[] = "\0json\0";
    size_t sublen = 29 + sizeof tail - 1;
    static const uint8_t fixed[10] = {0x1f, 0x8b, 8, 6, 0, 0, 0, 0, 0, 3};
    memcpy(p, fixed, 10);
    put16(p + 10, (uint32_t)sublen + 4);
    p[12] = 'S';
    p[13] = 'M';
    put16(p + 14, (uint32_t)sublen);
    uint8_t *f = p + 16;
    f[0] = 1;
    put64(f + 1, csize);
    put64(f + 9, 10);
    put32(f + 17, 0x12345678);
    put64(f + 21, 0);
    memcpy(f + 29, tail, sizeof tail - 1);
    size_t hdrlen = 16 + sublen + 2;
    put16(p + hdrlen - 2, (uint32_t)crc32(0, p, (uInt)(hdrlen - 2)) & 0xffff);
    return hdrlen;
}

/* A sound version-1 member of a short digest at p; returns its length. */
static size_t sound(uint8_t *p)
{
    static const char digest[] = "a sound digest between damage\n";
    uint8_t data[128];
    z_stream z;
    memset(&z, 0, sizeof z);
    deflateInit2(&z, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (Bytef *)(uintptr_t)digest;
    z.avail_in = sizeof digest - 1;
    z.next_out = data;
    z.avail_out = sizeof data;
    deflate(&z, Z_FINISH);
    size_t csize = z.total_out;
    deflateEnd(&z);
    size_t h = header(p, csize);
    uint8_t *f = p + 16;
    put64(f + 9, sizeof digest - 1);
    put32(f + 17, (uint32_t)crc32(0, data, (uInt)csize));
    put16(p + h - 2, (uint32_t)crc32(0, p, (uInt)(h - 2)) & 0xffff);
    memcpy(p + h, data, csize);
    put32(p + h + csize, (uint32_t)crc32(0, (const Bytef *)digest, sizeof digest - 1));
    put32(p + h + csize + 4, sizeof digest - 1);
    return h + csize + 8;
}

enum { HEADERS, SOUND_BAD, KINDS };
static const char *const kind_name[KINDS] = {"headers", "sound+bad"};

static uint8_t *craft(int kind, size_t size)
{
    uint8_t *b = calloc(1, size);
    size_t step = 64;
    for (size_t off = 0; off + 200 < size; off += step) {
        if (kind == SOUND_BAD) {
            off += sound(b + off);
        }
        size_t h = header(b + off, 0);
        header(b + off, size - off - h - 8);
    }
    return b;
}

static int write_file(const char *path, const uint8_t *b, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(b, 1, n, f) != n) {
        if (f)
            fclose(f);
        return -1;
    }
    return fclose(f);
}

int main(int argc, char **argv)
{
    const char *dir = "/tmp";
    int runs = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-d") == 0)
            dir = argv[i + 1];
        else if (strcmp(argv[i], "-r") == 0)
            runs = atoi(argv[i + 1]) > 0 ? atoi(argv[i + 1]) : 1;
    }
    char path[4096], ipath[4200];
    snprintf(path, sizeof path, "%s/resync-bench-%ld.gz", dir, (long)getpid());
    snprintf(ipath, sizeof ipath, "%s.idx", path);
    printf("| file | size | verify ms | repair ms | open ms |\n|---|---|---|---|---|\n");
    for (int kind = 0; kind < KINDS; kind++)
        for (size_t mb = 1; mb <= 4; mb *= 2) {
            size_t size = mb << 20;
            uint8_t *b = craft(kind, size);
            double t[3][16];
            for (int r = 0; r < runs && r < 16; r++) {
                sm_archive_report rep;
                char *msg = NULL;
                if (write_file(path, b, size) != 0) {
                    fprintf(stderr, "%s: cannot write\n", path);
                    return 1;
                }
                double t0 = tool_now_ms();
                sm_archive_verify(path, &rep, &msg);
                t[0][r] = tool_now_ms() - t0;
                free(msg);
                msg = NULL;
                t0 = tool_now_ms();
                sm_archive_repair(path, &rep, &msg);
                t[1][r] = tool_now_ms() - t0;
                free(msg);
                msg = NULL;
                write_file(path, b, size);
                unlink(ipath);
                sm_archive *a;
                t0 = tool_now_ms();
                if (sm_archive_open(path, &a, &msg) == SM_OK)
                    sm_archive_close(a);
                t[2][r] = tool_now_ms() - t0;
                free(msg);
            }
            int n = runs < 16 ? runs : 16;
            printf("| %s | %zu MB | %.1f | %.1f | %.1f |\n", kind_name[kind], mb,
                   tool_median(t[0], n), tool_median(t[1], n), tool_median(t[2], n));
            fflush(stdout);
            free(b);
        }
    unlink(path);
    unlink(ipath);
    /* repair may have saved what it removed beside the file */
    char cmd[8400];
    snprintf(cmd, sizeof cmd, "rm -f '%s'.removed-*", path);
    return system(cmd) == 0 ? 0 : 1;
}
