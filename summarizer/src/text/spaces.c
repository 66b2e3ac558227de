/*
 * spaces.c: Unicode space separators made ASCII spaces.
 *
 * A no-break space (U+00A0) or a thin space (U+2009, U+202F) looks like a
 * space to a reader, who counts "30 000" or "Mr Putin" as two words; left in
 * place it glues them into one for every rule that splits on ASCII white
 * space.  The rewrite is done once, on each document body, before any
 * sentence is split, so every later stage sees the text as a reader does.
 */
#include "text/text.h"

#include <string.h>

/* The offset of the first gap in s[0..n) that is not ASCII, or n: until it
 * the rewrite would copy every byte onto itself.  Most bodies are nearly all
 * ASCII, which is skipped eight bytes at a time. */
static size_t first_wide_gap(const char *s, size_t n)
{
    size_t r = 0;
    while (r < n) {
        uint64_t x;
        if (r + 8 <= n) {
            memcpy(&x, s + r, 8);
            if ((x & 0x8080808080808080ull) == 0) {
                r += 8;
                continue;
            }
        }
        unsigned char b = (unsigned char)s[r];
        if (b < 0x80) {
            r++;
            continue;
        }
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)s + r, n - r, &c);
        if (c >= 0x80 && sm_cp_is_gap(c))
            return r;
        r += k;
    }
    return n;
}

size_t sm_normalize_spaces(char *s, size_t *len)
{
    size_t n = *len, replaced = 0;
    size_t r = first_wide_gap(s, n), w = r;
    while (r < n) {
        unsigned char b = (unsigned char)s[r];
        if (b < 0x80) {
            s[w++] = s[r++];
            continue;
        }
        int32_t c;
        size_t k = sm_utf8_decode((const unsigned char *)s + r, n - r, &c);
        /* The gaps of the word rule (common.h): zero-width characters
         * (U+200B, U+FEFF) are none, so they are left to the word rules. */
        if (c >= 0x80 && sm_cp_is_gap(c)) {
            s[w++] = ' ';
            replaced++;
        } else {
            memmove(s + w, s + r, k);
            w += k;
        }
        r += k;
    }
    if (w < n)
        s[w] = '\0';
    *len = w;
    return replaced;
}
