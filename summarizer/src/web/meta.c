/*
 * meta.c: a page's metadata: title, outlet, publication date, canonical
 * URL and author, from the places publishers put them (Open Graph and
 * article meta tags, JSON-LD, <time datetime>, <link rel=canonical>), with
 * fallbacks (the <title> without the site's name, a date in the URL, the
 * URL's host as the outlet).  Dates are normalised to YYYY-MM-DD.
 */
#include "web/dom.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* How much each source of a field is trusted; higher wins. */
enum {
    PRIO_FALLBACK = 1, /* <title>, a date in the URL, the URL's host */
    PRIO_TIME = 2,     /* the first <time datetime> of the page */
    PRIO_META = 3,     /* generic meta names (date, author, ...) */
    PRIO_JSONLD = 4,   /* JSON-LD */
    PRIO_OG = 5        /* Open Graph, article:*, <link rel=canonical> */
};

void sm_web_meta_free(web_meta *m)
{
    for (int i = 0; i < META_N; i++)
        free(m->f[i]);
    memset(m, 0, sizeof *m);
}

static const char month_names[12][4] = {"jan", "feb", "mar", "apr", "may", "jun",
                                        "jul", "aug", "sep", "oct", "nov", "dec"};

static bool valid_ymd(int y, int mo, int d)
{
    return y >= 1900 && y <= 2200 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31;
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static void put_date(char out[11], int y, int mo, int d)
{
    snprintf(out, 11, "%04d-%02d-%02d", y, mo, d);
}

bool sm_web_ymd(int y, int mo, int d, char out[11])
{
    if (!valid_ymd(y, mo, d))
        return false;
    put_date(out, y, mo, d);
    return true;
}

int sm_web_month(const char *s)
{
    for (int i = 0; i < 12; i++)
        if (strncasecmp(s, month_names[i], 3) == 0)
            return i + 1;
    return 0;
}

/* "Mon, 20 Mar 2023 10:00:00 GMT" (RFC 822, as RSS writes it) or
 * "20 March 2023". */
static bool rfc822_date(const char *s, char out[11])
{
    while (*s && !isdigit((unsigned char)*s))
        s++;
    char *end;
    long d = strtol(s, &end, 10);
    if (end == s || d < 1 || d > 31)
        return false;
    s = end;
    while (*s == ' ')
        s++;
    int mo = 0;
    for (int i = 0; i < 12 && !mo; i++)
        if (strncasecmp(s, month_names[i], 3) == 0)
            mo = i + 1;
    if (!mo)
        return false;
    while (*s && *s != ' ')
        s++;
    while (*s == ' ')
        s++;
    int y = digits(s, 4);
    if (!valid_ymd(y, mo, (int)d))
        return false;
    put_date(out, y, mo, (int)d);
    return true;
}

bool sm_web_date(const char *s, char out[11])
{
    if (!s)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    /* ISO 8601: 2023-03-20, 2023-03-20T10:00:00Z, 20230320 */
    int y = digits(s, 4);
    if (y >= 0 && (s[4] == '-' || s[4] == '/')) {
        /* each read only after the characters before it were digits or
         * separators: the string may end anywhere */
        int mo = digits(s + 5, 2);
        int d = mo >= 0 && s[7] == s[4] ? digits(s + 8, 2) : -1;
        if (valid_ymd(y, mo, d)) {
            put_date(out, y, mo, d);
            return true;
        }
    }
    if (y >= 0 && digits(s, 8) >= 0 && !isdigit((unsigned char)s[8]) &&
        valid_ymd(y, digits(s + 4, 2), digits(s + 6, 2))) {
        put_date(out, y, digits(s + 4, 2), digits(s + 6, 2));
        return true;
    }
    return rfc822_date(s, out);
}

/* A date in a URL's path: /2023/03/20/ or /2023-03-20. */
bool sm_web_url_date(const char *url, char out[11])
{
    if (!url)
        return false;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    for (; p && *p; p++) {
        if (*p != '/')
            continue;
        int y = digits(p + 1, 4);
        if (y < 0 || (p[5] != '/' && p[5] != '-'))
            continue;
        int mo = digits(p + 6, 2);
        int d = mo >= 0 && p[8] == p[5] ? digits(p + 9, 2) : -1;
        if (valid_ymd(y, mo, d) && !isdigit((unsigned char)p[11])) {
            put_date(out, y, mo, d);
            return true;
        }
    }
    return false;
}

void sm_web_meta_set(web_meta *m, int f, const char *value, int prio)
{
    if (!value || prio <= m->prio[f])
        return;
    while (isspace((unsigned char)*value))
        value++;
    size_t n = strlen(value);
    while (n && isspace((unsigned char)value[n - 1]))
        n--;
    if (!n)
        return;
    char date[11];
    if (f == META_DATE) {
        if (!sm_web_date(value, date))
            return;
        value = date;
        n = 10;
    }
    /* An author given as a profile URL says nothing a reader can use. */
    if (f == META_AUTHOR && (strncmp(value, "http", 4) == 0 || n > 200))
        return;
    free(m->f[f]);
    m->f[f] = sm_xstrndup(value, n);
    /* White space inside a title or name is one space. */
    char *s = m->f[f], *o = s;
    for (char *p = s; *p; p++) {
        bool sp = isspace((unsigned char)*p);
        if (sp && (o == s || o[-1] == ' '))
            continue;
        *o++ = sp ? ' ' : *p;
    }
    *o = '\0';
    m->prio[f] = prio;
}

/* Meta names and properties, the field they give, and how far they are
 * trusted. */
static const struct {
    const char *name;
    int field, prio;
} meta_names[] = {
    {"og:title", META_TITLE, PRIO_OG},
    {"twitter:title", META_TITLE, PRIO_META},
    {"og:site_name", META_SOURCE, PRIO_OG},
    {"application-name", META_SOURCE, PRIO_META},
    {"article:published_time", META_DATE, PRIO_OG},
    {"og:article:published_time", META_DATE, PRIO_OG},
    {"datepublished", META_DATE, PRIO_OG},
    {"parsely-pub-date", META_DATE, PRIO_META},
    {"pubdate", META_DATE, PRIO_META},
    {"publishdate", META_DATE, PRIO_META},
    {"publish-date", META_DATE, PRIO_META},
    {"date", META_DATE, PRIO_META},
    {"dc.date", META_DATE, PRIO_META},
    {"dc.date.issued", META_DATE, PRIO_META},
    {"dcterms.created", META_DATE, PRIO_META},
    {"sailthru.date", META_DATE, PRIO_META},
    {"og:url", META_URL, PRIO_META},
    {"author", META_AUTHOR, PRIO_META},
    {"article:author", META_AUTHOR, PRIO_OG},
    {"byl", META_AUTHOR, PRIO_META},
    {"dc.creator", META_AUTHOR, PRIO_META},
    {"parsely-author", META_AUTHOR, PRIO_META},
    {"sailthru.author", META_AUTHOR, PRIO_META},
};

static void meta_tag(web_meta *m, xmlNode *n)
{
    xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
    if (!content)
        return;
    static const char *const keys[] = {"property", "name", "itemprop"};
    for (size_t k = 0; k < 3; k++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)keys[k]);
        if (!v)
            continue;
        /* property may list several names separated by spaces */
        char *save = NULL;
        for (char *t = strtok_r((char *)v, " \t\n", &save); t;
             t = strtok_r(NULL, " \t\n", &save))
            for (size_t i = 0; i < sizeof meta_names / sizeof *meta_names; i++)
                if (strcasecmp(t, meta_names[i].name) == 0)
                    sm_web_meta_set(m, meta_names[i].field, (const char *)content,
                                    meta_names[i].prio);
        xmlFree(v);
    }
    xmlFree(content);
}

/* A JSON-LD name: a string, or an object (or array of them) with "name". */
static const char *ld_name(const cJSON *v)
{
    if (cJSON_IsArray(v))
        v = cJSON_GetArrayItem(v, 0);
    if (cJSON_IsString(v))
        return v->valuestring;
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(v, "name");
    return cJSON_IsString(n) ? n->valuestring : NULL;
}

static void ld_object(web_meta *m, const cJSON *o)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "datePublished");
    if (!cJSON_IsString(v))
        return; /* not an article (a site, a person, a breadcrumb list) */
    sm_web_meta_set(m, META_DATE, v->valuestring, PRIO_JSONLD);
    v = cJSON_GetObjectItemCaseSensitive(o, "headline");
    if (cJSON_IsString(v))
        sm_web_meta_set(m, META_TITLE, v->valuestring, PRIO_JSONLD);
    sm_web_meta_set(m, META_SOURCE,
                    ld_name(cJSON_GetObjectItemCaseSensitive(o, "publisher")), PRIO_JSONLD);
    sm_web_meta_set(m, META_AUTHOR,
                    ld_name(cJSON_GetObjectItemCaseSensitive(o, "author")), PRIO_JSONLD);
    v = cJSON_GetObjectItemCaseSensitive(o, "url");
    if (cJSON_IsString(v))
        sm_web_meta_set(m, META_URL, v->valuestring, PRIO_META);
}

/* The objects of a JSON-LD script: one, an array, or an "@graph" (one level
 * each: cJSON bounds the nesting it parses). */
static void json_ld(web_meta *m, const char *text)
{
    cJSON *root = cJSON_Parse(text);
    if (!root)
        return;
    const cJSON *list = cJSON_IsArray(root) ? root : NULL;
    const cJSON *graph = cJSON_GetObjectItemCaseSensitive(root, "@graph");
    if (cJSON_IsArray(graph))
        list = graph;
    if (list) {
        const cJSON *o;
        cJSON_ArrayForEach(o, list)
            if (cJSON_IsObject(o))
                ld_object(m, o);
    } else if (cJSON_IsObject(root)) {
        ld_object(m, root);
    }
    cJSON_Delete(root);
}

void sm_web_meta_element(web_meta *m, xmlNode *n)
{
    const char *name = (const char *)n->name;
    if (strcmp(name, "meta") == 0) {
        meta_tag(m, n);
    } else if (strcmp(name, "link") == 0) {
        xmlChar *rel = xmlGetProp(n, (const xmlChar *)"rel");
        if (rel && strcasecmp((const char *)rel, "canonical") == 0) {
            xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
            if (href && strncmp((const char *)href, "http", 4) == 0)
                sm_web_meta_set(m, META_URL, (const char *)href, PRIO_OG);
            xmlFree(href);
        }
        xmlFree(rel);
    } else if (strcmp(name, "time") == 0) {
        xmlChar *dt = xmlGetProp(n, (const xmlChar *)"datetime");
        bool pub = xmlHasProp(n, (const xmlChar *)"pubdate") != NULL;
        xmlChar *ip = xmlGetProp(n, (const xmlChar *)"itemprop");
        if (ip && strcasecmp((const char *)ip, "datePublished") == 0)
            pub = true;
        sm_web_meta_set(m, META_DATE, (const char *)dt, pub ? PRIO_META : PRIO_TIME);
        xmlFree(ip);
        xmlFree(dt);
    } else if (strcmp(name, "script") == 0) {
        xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
        if (type && strstr((const char *)type, "ld+json")) {
            xmlChar *t = xmlNodeGetContent(n);
            if (t)
                json_ld(m, (const char *)t);
            xmlFree(t);
        }
        xmlFree(type);
    }
}

/* A <title> often ends with the site's name after a separator ("Story |
 * Site", "Story - Site"): the part before the last separator is the title
 * when it keeps at least this many words. */
#define TITLE_MIN_WORDS 3

static void title_from_head(web_meta *m, const char *t)
{
    static const char *const seps[] = {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
                                       " :: ", " \xC2\xBB ", NULL};
    size_t n = strlen(t), cut = n;
    for (size_t i = 0; seps[i]; i++) {
        const char *p = t, *last = NULL;
        while ((p = strstr(p, seps[i]))) {
            last = p;
            p++;
        }
        if (last && (size_t)(last - t) < cut) {
            size_t words = 0;
            for (const char *q = t; q < last; q++)
                if (!isspace((unsigned char)*q) && (q == t || isspace((unsigned char)q[-1])))
                    words++;
            if (words >= TITLE_MIN_WORDS)
                cut = (size_t)(last - t);
        }
    }
    char *head = sm_xstrndup(t, cut);
    sm_web_meta_set(m, META_TITLE, head, PRIO_FALLBACK);
    free(head);
}

void sm_web_meta_finish(web_meta *m, const char *doc_title)
{
    if (doc_title && !m->f[META_TITLE])
        title_from_head(m, doc_title);
    char date[11];
    if (!m->f[META_DATE] && sm_web_url_date(m->f[META_URL], date))
        sm_web_meta_set(m, META_DATE, date, PRIO_FALLBACK);
    const char *url = m->f[META_URL];
    const char *host = url ? strstr(url, "://") : NULL;
    if (!m->f[META_SOURCE] && host) {
        host += 3;
        if (strncmp(host, "www.", 4) == 0)
            host += 4;
        size_t hn = strcspn(host, "/:?#");
        char *h = sm_xstrndup(host, hn);
        sm_web_meta_set(m, META_SOURCE, h, PRIO_FALLBACK);
        free(h);
    }
}
