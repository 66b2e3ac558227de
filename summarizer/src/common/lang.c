/*
 * lang.c: language names.  A language is named as libstemmer and the
 * models/<lang>/ folders name it ("german"); users also write its ISO 639-1
 * code ("de"), as --lang and HTML lang attributes do.  This table is the
 * one place where the two meet.
 */
#include "common/common.h"

#include <string.h>
#include <strings.h>

static const struct {
    const char *code, *name;
} languages[] = {
    {"ar", "arabic"},     {"hy", "armenian"},  {"eu", "basque"},
    {"ca", "catalan"},    {"da", "danish"},    {"nl", "dutch"},
    {"en", "english"},    {"eo", "esperanto"}, {"et", "estonian"},
    {"fi", "finnish"},    {"fr", "french"},    {"de", "german"},
    {"el", "greek"},      {"hi", "hindi"},     {"hu", "hungarian"},
    {"id", "indonesian"}, {"ga", "irish"},     {"it", "italian"},
    {"lt", "lithuanian"}, {"ne", "nepali"},    {"no", "norwegian"},
    {"nb", "norwegian"},  {"pt", "portuguese"}, {"ro", "romanian"},
    {"ru", "russian"},    {"sr", "serbian"},   {"es", "spanish"},
    {"sv", "swedish"},    {"ta", "tamil"},     {"tr", "turkish"},
    {"uk", "ukrainian"},  {"yi", "yiddish"},
};

const char *sm_language_name(const char *lang)
{
    if (!lang)
        return "english";
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (strcasecmp(lang, languages[i].code) == 0 ||
            strcasecmp(lang, languages[i].name) == 0)
            return languages[i].name;
    return lang;
}

const char *sm_language_code(const char *lang)
{
    const char *name = sm_language_name(lang);
    for (size_t i = 0; i < sizeof languages / sizeof languages[0]; i++)
        if (strcmp(name, languages[i].name) == 0)
            return languages[i].code;
    return NULL;
}
