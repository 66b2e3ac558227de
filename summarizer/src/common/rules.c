/*
 * rules.c: the rules of text every stage shares (declared in common.h):
 * character classes, what a word is and how words are counted, what a
 * calendar date looks like, and a term's idf.  What ends a sentence is
 * sm_cp_is_terminal in common.h (inline: the segmenter asks it of every
 * character).  Photo credits and captions are the text layer's
 * (text/credits.c): they need the furniture list.
 */
#include "common/common.h"

#include <math.h>
#include <string.h>
#include <utf8proc.h>

/* ---- words ------------------------------------------------------------ */

static inline unsigned sm_byte_is_space(unsigned c)
{
    return (c == ' ') | (c - 9u < 5u); /* \t \n \v \f \r */
}

size_t sm_count_words(const char *text, size_t len)
{
    /* Word starts: a non-space byte after a space (or the start).  Each
     * step looks at two bytes and carries nothing to the next, which lets
     * the compiler vectorise it. */
    const unsigned char *u = (const unsigned char *)text;
    if (len == 0)
        return 0;
    size_t words = !sm_byte_is_space(u[0]);
    for (size_t i = 1; i < len; i++)
        words += sm_byte_is_space(u[i - 1]) & !sm_byte_is_space(u[i]);
    return words;
}


/* ---- character classes ------------------------------------------------ */

bool sm_cp_is_space_u(int32_t c)
{
    /* U+200B and U+FEFF are invisible and scraped pages are full of them. */
    if (c == 0x200B || c == 0xFEFF)
        return true;
    return utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

bool sm_cp_is_letter_u(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

bool sm_cp_is_upper_u(int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

bool sm_cp_is_lower_u(int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

bool sm_cp_is_digit_u(int32_t c)
{
    return c >= 0 && utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

bool sm_cp_is_word_u(int32_t c)
{
    if (c < 0)
        return false;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

bool sm_has_word_at(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n || memcmp(s + i, w, k) != 0)
        return false;
    bool left = i == 0 || !((s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
                            (s[i - 1] >= 'A' && s[i - 1] <= 'Z'));
    bool right = i + k == n || !((s[i + k] >= 'a' && s[i + k] <= 'z') ||
                                 (s[i + k] >= 'A' && s[i + k] <= 'Z'));
    return left && right;
}

/* ---- dates ------------------------------------------------------------ */

int sm_date_valid(const char *s, size_t n)
{
    static const char shape[] = "dddd-dd-dd";
    if (!s || n != sizeof shape - 1)
        return false;
    for (size_t i = 0; i < n; i++)
        if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
            return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    int day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* ---- term weights ----------------------------------------------------- */

double sm_idf(double n, double df)
{
    return log(1.0 + (n - df + 0.5) / (df + 0.5));
}
