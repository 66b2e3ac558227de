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

/* sm_cp_is_gap of an ASCII byte (the only gaps left once ingest made the
 * others spaces): ' ' and \t \n \v \f \r. */
static inline unsigned sm_byte_is_space(unsigned c)
{
    return (c == ' ') | (c - 9u < 5u);
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SM_WORDS_SWAR 1
#endif

/* Word starts (a non-space byte after a space or the start) in text, up
 * to more than `most` of them: the count, or most + 1 once it is past.
 * Eight bytes at a time where the byte order allows: every sentence and
 * line is counted, some of them more than once. */
static size_t count_words_upto(const char *text, size_t len, size_t most)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t words = 0, i = 0;
    unsigned prev = 1; /* the byte before is white space */
#ifdef SM_WORDS_SWAR
    const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, u + i, 8);
        uint64_t sp = sm_space_bytes(x);
        uint64_t starts = ~sp & ((sp << 8) | ((uint64_t)prev << 7)) & high;
        /* One bit per byte: the multiplication sums them in the top byte. */
        words += (size_t)(((starts >> 7) * ones) >> 56);
        prev = (unsigned)(sp >> 63);
        if (words > most)
            return most + 1;
    }
#endif
    for (; i < len; i++) {
        unsigned sp = sm_byte_is_space(u[i]);
        words += prev & !sp;
        prev = sp;
    }
    return words > most ? most + 1 : words;
}

size_t sm_count_words(const char *text, size_t len)
{
    return count_words_upto(text, len, SIZE_MAX - 1);
}

size_t sm_count_words_upto(const char *text, size_t len, size_t most)
{
    return count_words_upto(text, len, most < SIZE_MAX ? most : SIZE_MAX - 1);
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

#define W1 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
#define Z16 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
const unsigned char sm_ascii_word[256] = {
    Z16, Z16, Z16,                                  /* 0x00-0x2F */
    W1, 0, 0, 0, 0, 0, 0,                           /* 0x30-0x3F */
    0, W1, W1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,     /* 0x40-0x5F */
    0, W1, W1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,     /* 0x60-0x7F */
    Z16, Z16, Z16, Z16, Z16, Z16, Z16, Z16,         /* 0x80-0xFF */
};
#undef W1
#undef Z16

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

/* What a date is, for every reader of dates (file headers, manifests,
 * document metadata, the command line): an ISO 8601 calendar date,
 * YYYY-MM-DD, alone or starting a date-time (2023-03-20T10:15:00Z,
 * 2023-03-20 10:15+01:00).  The day kept is the one written: a time zone
 * moves the instant, not the publisher's date. */
static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* "HH:MM", "HH:MM:SS" or "HH:MM:SS.fff", then nothing, "Z", or an offset
 * "+HH:MM", "+HHMM", "+HH". */
static bool valid_time(const char *s, size_t n)
{
    if (n < 5 || !digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) ||
        num(s, 2) > 24 || num(s + 3, 2) > 59)
        return false;
    size_t i = 5;
    if (i < n && s[i] == ':') {
        if (i + 3 > n || !digits(s + i + 1, 2) || num(s + i + 1, 2) > 60)
            return false;
        i += 3;
        if (i < n && (s[i] == '.' || s[i] == ',')) {
            size_t k = ++i;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
            if (i == k)
                return false;
        }
    }
    if (i == n || (s[i] == 'Z' && i + 1 == n))
        return true;
    if (s[i] != '+' && s[i] != '-')
        return false;
    const char *z = s + i + 1;
    size_t zn = n - i - 1;
    return (zn == 2 && digits(z, 2)) || (zn == 4 && digits(z, 4)) ||
           (zn == 5 && digits(z, 2) && z[2] == ':' && digits(z + 3, 2));
}

int sm_date_parse(const char *s, size_t n, char out[11])
{
    if (!s || n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
        s[7] != '-' || !digits(s + 8, 2))
        return false;
    int year = num(s, 4), month = num(s + 5, 2), day = num(s + 8, 2);
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return false;
    if (n > 10 && !((s[10] == 'T' || s[10] == 't' || s[10] == ' ') &&
                    valid_time(s + 11, n - 11)))
        return false;
    if (out) {
        memcpy(out, s, 10);
        out[10] = '\0';
    }
    return true;
}

int sm_date_valid(const char *s, size_t n)
{
    return n == 10 && sm_date_parse(s, n, NULL);
}

/* ---- term weights ----------------------------------------------------- */

double sm_idf(double n, double df)
{
    return log(1.0 + (n - df + 0.5) / (df + 0.5));
}
