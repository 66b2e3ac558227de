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

size_t sm_normalize_spaces(char *s, size_t *len)
{
    size_t n = *len, r = 0, w = 0, replaced = 0;
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
