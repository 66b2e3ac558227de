/*
 * cnum.c: numbers written and read the same whatever the locale.  A program
 * using the library may call setlocale(LC_ALL, "de_DE.UTF-8"); its JSON
 * must still say 0.25, not 0,25, and a topic weight "1.5" must still read as
 * one and a half.  Formatting and parsing switch the calling thread to the C
 * locale (uselocale, POSIX 2008) for the duration of the call only, so the
 * caller's locale and other threads are untouched.
 */
#include "common/common.h"

#include <locale.h>
#include <pthread.h>
#include <stdlib.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void c_locale_init(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

/* The C locale object; (locale_t)0 if it could not be made, in which case
 * callers keep the thread's locale (glibc returns a static object for "C",
 * so this does not happen there). */
static locale_t the_c_locale(void)
{
    pthread_once(&c_locale_once, c_locale_init);
    return c_locale;
}

sm_c_numeric sm_c_numeric_begin(void)
{
    locale_t c = the_c_locale();
    sm_c_numeric saved = {c ? uselocale(c) : (locale_t)0};
    return saved;
}

void sm_c_numeric_end(sm_c_numeric saved)
{
    if (saved.prev)
        uselocale(saved.prev);
}

double sm_strtod(const char *s, char **end)
{
    sm_c_numeric saved = sm_c_numeric_begin();
    double v = strtod(s, end);
    sm_c_numeric_end(saved);
    return v;
}
