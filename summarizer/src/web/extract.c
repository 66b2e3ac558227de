/*
 * extract.c: the article of a parsed page, not the page.
 *
 * One walk over the DOM (iterative, by libxml2's parent links, so 10,000
 * levels of nesting cost no stack) reads the page into a flat list of text
 * blocks, dropping on the way what is never article text: scripts, styles,
 * forms and their controls, navigation, asides, footers, page headers,
 * figure captions, hidden elements, and elements whose class or id words
 * say furniture (models/web/classes.txt: comments, related links, share
 * bars, consent notices...).  Then, as Readability does, every paragraph of
 * 25 characters or more scores its ancestors (one point, one per comma, one
 * per 100 characters up to three; the parent gets it all, the grandparent a
 * half, older ancestors a third of their level), containers start from
 * their tag and class hints, and the best score times one minus the link
 * density (boilerpipe's strongest cue) names the article's container.  Its
 * siblings that score near it or are prose paragraphs join it, and so do
 * elements elsewhere named like it that score as well (a story in parts).  Inside,
 * blocks are kept unless they are mostly links, or short and unlike prose
 * amid furniture (jusText's stopword density, judged with the neighbours).
 */
#include "web/dom.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- tags ------------------------------------------------------------- */

enum {
    TAG_OTHER = 0, TAG_A, TAG_ADDRESS, TAG_ARTICLE, TAG_ASIDE, TAG_BLOCKQUOTE,
    TAG_BODY, TAG_BR, TAG_DD, TAG_DIV, TAG_DL, TAG_DT, TAG_FIGCAPTION,
    TAG_FIGURE, TAG_FOOTER, TAG_FORM, TAG_H1, TAG_H2, TAG_H3, TAG_H4, TAG_H5,
    TAG_H6, TAG_HEAD, TAG_HEADER, TAG_HR, TAG_HTML, TAG_LI, TAG_MAIN, TAG_META,
    TAG_NAV, TAG_OL, TAG_P, TAG_PRE, TAG_SCRIPT, TAG_SECTION, TAG_TABLE,
    TAG_TD, TAG_TH, TAG_TIME, TAG_TITLE, TAG_TR, TAG_UL, TAG_LINK, TAG_SKIP,
    TAG_BLOCK
};

typedef struct tag_def {
    const char *name;
    uint8_t tag;
} tag_def;

/* Sorted by name for bsearch.  TAG_SKIP: never article text (the subtree
 * goes); TAG_BLOCK: a block element with no role of its own. */
static const tag_def tag_defs[] = {
    {"a", TAG_A}, {"address", TAG_ADDRESS}, {"applet", TAG_SKIP},
    {"article", TAG_ARTICLE}, {"aside", TAG_ASIDE}, {"audio", TAG_SKIP},
    {"blockquote", TAG_BLOCKQUOTE}, {"body", TAG_BODY}, {"br", TAG_BR},
    {"button", TAG_SKIP}, {"canvas", TAG_SKIP}, {"center", TAG_BLOCK},
    {"dd", TAG_DD}, {"details", TAG_BLOCK}, {"dialog", TAG_SKIP},
    {"div", TAG_DIV}, {"dl", TAG_DL}, {"dt", TAG_DT}, {"embed", TAG_SKIP},
    {"fieldset", TAG_SKIP}, {"figcaption", TAG_FIGCAPTION},
    {"figure", TAG_FIGURE}, {"footer", TAG_FOOTER}, {"form", TAG_FORM},
    {"frameset", TAG_SKIP}, {"h1", TAG_H1}, {"h2", TAG_H2}, {"h3", TAG_H3},
    {"h4", TAG_H4}, {"h5", TAG_H5}, {"h6", TAG_H6}, {"head", TAG_HEAD},
    {"header", TAG_HEADER}, {"hr", TAG_HR}, {"html", TAG_HTML},
    {"iframe", TAG_SKIP}, {"input", TAG_SKIP}, {"label", TAG_SKIP},
    {"legend", TAG_SKIP}, {"li", TAG_LI}, {"link", TAG_LINK},
    {"main", TAG_MAIN}, {"map", TAG_SKIP}, {"math", TAG_OTHER},
    {"menu", TAG_SKIP}, {"meta", TAG_META}, {"nav", TAG_NAV},
    {"noscript", TAG_SKIP}, {"object", TAG_SKIP}, {"ol", TAG_OL},
    {"option", TAG_SKIP}, {"p", TAG_P}, {"picture", TAG_SKIP},
    {"pre", TAG_PRE}, {"script", TAG_SCRIPT}, {"section", TAG_SECTION},
    {"select", TAG_SKIP}, {"style", TAG_SKIP}, {"summary", TAG_BLOCK},
    {"svg", TAG_SKIP}, {"table", TAG_TABLE}, {"tbody", TAG_BLOCK},
    {"td", TAG_TD}, {"template", TAG_SKIP}, {"textarea", TAG_SKIP},
    {"tfoot", TAG_BLOCK}, {"th", TAG_TH}, {"thead", TAG_BLOCK},
    {"time", TAG_TIME}, {"title", TAG_TITLE}, {"tr", TAG_TR},
    {"ul", TAG_UL}, {"video", TAG_SKIP},
};

static int tag_cmp(const void *k, const void *e)
{
    return strcmp((const char *)k, ((const tag_def *)e)->name);
}

static uint8_t tag_of(const xmlNode *n)
{
    const tag_def *d = bsearch(n->name, tag_defs, sizeof tag_defs / sizeof *tag_defs,
                               sizeof *tag_defs, tag_cmp);
    return d ? d->tag : TAG_OTHER;
}

static bool is_block_tag(uint8_t t)
{
    return t != TAG_OTHER && t != TAG_A && t != TAG_BR && t != TAG_TIME &&
           t != TAG_SKIP && t != TAG_SCRIPT && t != TAG_META && t != TAG_LINK &&
           t != TAG_TITLE;
}

/* Elements that are page furniture wherever they stand (trafilatura's
 * removals): the article is never in a nav, an aside, a page footer or a
 * page header, a caption or a form's controls. */
static bool is_furniture_tag(uint8_t t)
{
    return t == TAG_SKIP || t == TAG_NAV || t == TAG_ASIDE || t == TAG_FOOTER ||
           t == TAG_FIGCAPTION || t == TAG_HEADER;
}

/* ---- hints ------------------------------------------------------------ */

/* Readability's weights: a class or id that says "article" or "comment". */
#define CLASS_WEIGHT 25

enum { ELEM_REMOVED = 1, ELEM_HAS_BLOCK = 2, ELEM_ACCEPTED = 4, ELEM_INSIDE = 8,
       ELEM_DROP = 16, ELEM_HINTED = 32, ELEM_PAGE_LINK = 64 };
/* The flags one choice of the article sets (the rest come from the walk). */
#define ELEM_PASS_FLAGS (ELEM_REMOVED | ELEM_ACCEPTED | ELEM_INSIDE | ELEM_DROP)

static bool attr_eq(xmlNode *n, const char *name, const char *value)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    bool eq = v && strcasecmp((const char *)v, value) == 0;
    xmlFree(v);
    return eq;
}

/* Hidden by the page itself: the hidden attribute, aria-hidden, or an
 * inline style that hides it. */
static bool is_hidden(xmlNode *n)
{
    if (xmlHasProp(n, (const xmlChar *)"hidden"))
        return true;
    if (attr_eq(n, "aria-hidden", "true"))
        return true;
    xmlChar *st = xmlGetProp(n, (const xmlChar *)"style");
    if (!st)
        return false;
    /* CSS, not markup: squeeze out the spaces and look for the two
     * declarations that hide. */
    char squeezed[256];
    size_t k = 0;
    for (const xmlChar *p = st; *p && k + 1 < sizeof squeezed; p++)
        if (*p != ' ' && *p != '\t' && *p != '\n')
            squeezed[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    squeezed[k] = '\0';
    xmlFree(st);
    return strstr(squeezed, "display:none") || strstr(squeezed, "visibility:hidden");
}

/* Landmark roles (WAI-ARIA) that are never the article. */
static bool furniture_role(xmlNode *n)
{
    static const char *const roles[] = {"navigation", "complementary",
        "contentinfo", "banner", "dialog", "alertdialog", "menu", "menubar",
        "search", "toolbar", "tooltip", NULL};
    xmlChar *r = xmlGetProp(n, (const xmlChar *)"role");
    if (!r)
        return false;
    bool hit = false;
    for (size_t i = 0; roles[i] && !hit; i++)
        hit = strcasecmp((const char *)r, roles[i]) == 0;
    xmlFree(r);
    return hit;
}

/* A hash of a class attribute with its digits left out, so that
 * "story-body story-body-1" and "story-body story-body-2" (two parts of
 * one story) are one name; never 0. */
static uint32_t class_name_hash(const char *v)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p < '0' || *p > '9')
            h = (h ^ *p) * 1099511628211ull;
    return (uint32_t)h | 1u;
}

/* The hints of n's class and id; *class_hash gets class_name_hash of its
 * class. */
static unsigned elem_hints(const sm_web *w, xmlNode *n, uint32_t *class_hash)
{
    unsigned bits = 0;
    static const char *const attrs[] = {"class", "id"};
    *class_hash = 0;
    for (size_t i = 0; i < 2; i++) {
        xmlChar *v = xmlGetProp(n, (const xmlChar *)attrs[i]);
        if (v) {
            bits |= sm_web_hints(w, (const char *)v);
            if (i == 0 && *v)
                *class_hash = class_name_hash((const char *)v);
            xmlFree(v);
        }
    }
    return bits;
}

/* ---- the walk --------------------------------------------------------- */

typedef struct open_elem {
    xmlNode *node;
    uint32_t elem;       /* its web_elem */
    uint32_t block;      /* innermost block element at or above it */
    uint8_t kind_of_text; /* BLOCK_* for text directly under it */
    uint8_t level;
    bool in_head;
} open_elem;

typedef struct walk {
    sm_web *w;
    web_meta *meta;
    sm_buf text;
    SM_VEC(web_elem) elems;
    SM_VEC(web_block) blocks;
    SM_VEC(open_elem) open;
    size_t cur;           /* where the block being read starts in text */
    uint32_t cur_chars, cur_link, cur_commas;
    bool space;           /* a space is owed before the next character */
    bool after_br;        /* the last thing in the block was a <br> */
    int links;            /* depth of open <a> */
    int page_links;       /* of open <a href="#..."> (a place in the page) */
    uint32_t cur_page_link; /* characters inside those */
    char *title;          /* <title> */
} walk;

/* Readability counts a link to a place in the same page (a heading's
 * permalink, a table of contents) as 0.3 of a link: it leads nowhere else. */
#define PAGE_LINK_TENTHS 3

static bool is_page_link(xmlNode *n)
{
    xmlChar *h = xmlGetProp(n, (const xmlChar *)"href");
    bool page = h && h[0] == '#' && h[1];
    xmlFree(h);
    return page;
}

static void flush_block(walk *k)
{
    if (k->cur_chars == 0 || !k->open.n) {
        k->text.len = k->cur;
        if (k->text.s)
            k->text.s[k->cur] = '\0';
        k->cur_chars = k->cur_link = k->cur_commas = k->cur_page_link = 0;
        k->space = k->after_br = false;
        return;
    }
    /* An inline element carries its block's kind and level. */
    const open_elem *top = &k->open.v[k->open.n - 1];
    const open_elem *blk = top;
    web_block b = {0};
    b.start = k->cur;
    b.len = k->text.len - k->cur;
    while (b.len && (k->text.s[b.start + b.len - 1] == '\n' ||
                     k->text.s[b.start + b.len - 1] == ' '))
        b.len--;
    b.elem = top->block;
    b.chars = k->cur_chars;
    b.link_chars = k->cur_link + (k->cur_page_link * PAGE_LINK_TENTHS + 5) / 10;
    b.commas = k->cur_commas;
    b.kind = blk->kind_of_text;
    b.level = blk->level;
    SM_PUSH(k->blocks, b);
    sm_buf_addc(&k->text, '\0');
    k->cur = k->text.len;
    k->cur_chars = k->cur_link = k->cur_commas = k->cur_page_link = 0;
    k->space = k->after_br = false;
}

/* Appends a text node's characters, white space collapsed, U+00A0 a space. */
static void add_text(walk *k, const unsigned char *s)
{
    for (; *s; s++) {
        unsigned char c = *s;
        bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (c == 0xC2 && s[1] == 0xA0) {
            sp = true;
            s++;
        }
        if (sp) {
            k->space = true;
            continue;
        }
        if (k->space && k->cur_chars)
            sm_buf_addc(&k->text, ' ');
        k->space = false;
        k->after_br = false;
        sm_buf_addc(&k->text, (char)c);
        if ((c & 0xC0) != 0x80) {
            k->cur_chars++;
            if (k->links)
                k->cur_link++;
            else if (k->page_links)
                k->cur_page_link++;
            if (c == ',')
                k->cur_commas++;
        }
    }
}

static uint8_t text_kind(uint8_t tag, uint8_t parent_kind)
{
    switch (tag) {
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
        return BLOCK_HEADING;
    case TAG_LI: case TAG_DT: case TAG_DD: return BLOCK_ITEM;
    case TAG_BLOCKQUOTE: return BLOCK_QUOTE;
    case TAG_PRE: return BLOCK_PRE;
    case TAG_TD: case TAG_TH: return BLOCK_CELL;
    case TAG_P: case TAG_DIV: case TAG_SECTION: case TAG_ARTICLE: case TAG_MAIN:
        return parent_kind == BLOCK_QUOTE ? BLOCK_QUOTE : BLOCK_TEXT;
    default: return parent_kind;
    }
}

/* Whether the subtree of n is left out before anything is read from it.
 * Class and id hints are not applied here but after the walk, so that a
 * page whose article sits in a container with a misleading name
 * ("two-col-sidebar-layout") can be read again without them. */
static bool skip_subtree(walk *k, xmlNode *n, uint8_t tag, unsigned hints)
{
    if (is_furniture_tag(tag))
        return true;
    if (tag == TAG_FORM) {
        /* A form around the whole page (some publishing systems do that)
         * is kept; its controls are skipped one by one. */
        return false;
    }
    if (is_hidden(n) || furniture_role(n))
        return true;
    (void)k;
    (void)hints;
    return false;
}

static bool hinted_furniture(uint8_t tag, unsigned hints)
{
    bool structural = tag == TAG_BODY || tag == TAG_HTML || tag == TAG_ARTICLE ||
                      tag == TAG_MAIN || tag == TAG_A;
    return (hints & HINT_REMOVE) && !(hints & HINT_KEEP) && !structural;
}

static int16_t start_weight(uint8_t tag, unsigned hints)
{
    int w = 0;
    if (hints & HINT_POSITIVE)
        w += CLASS_WEIGHT;
    if (hints & (HINT_NEGATIVE | HINT_REMOVE))
        w -= CLASS_WEIGHT;
    (void)tag;
    return (int16_t)w;
}

/* Called on entering element n; returns whether to walk its children. */
static bool enter(walk *k, xmlNode *n)
{
    uint8_t tag = tag_of(n);
    bool in_head = k->open.n && k->open.v[k->open.n - 1].in_head;
    if (tag == TAG_HEAD || in_head || tag == TAG_META || tag == TAG_LINK ||
        tag == TAG_SCRIPT || tag == TAG_TIME || tag == TAG_TITLE)
        sm_web_meta_element(k->meta, n);
    if (tag == TAG_TITLE && !k->title && in_head) {
        xmlChar *t = xmlNodeGetContent(n);
        k->title = sm_xstrdup(t ? (const char *)t : "");
        xmlFree(t);
    }
    if (tag == TAG_HEAD || in_head) {
        if (tag == TAG_HEAD) {
            open_elem oe = {n, NO_ELEM, NO_ELEM, BLOCK_TEXT, 0, true};
            SM_PUSH(k->open, oe);
        }
        return tag == TAG_HEAD;
    }
    if (tag == TAG_SCRIPT || tag == TAG_META || tag == TAG_LINK || tag == TAG_TITLE)
        return false;
    if (tag == TAG_BR) {
        if (k->after_br)
            flush_block(k); /* two breaks: a new paragraph */
        else if (k->cur_chars) {
            sm_buf_addc(&k->text, '\n');
            k->space = false;
            k->after_br = true;
        }
        return false;
    }
    uint32_t class_hash;
    unsigned hints = elem_hints(k->w, n, &class_hash);
    if (skip_subtree(k, n, tag, hints))
        return false;
    bool block = is_block_tag(tag);
    const open_elem *up = k->open.n ? &k->open.v[k->open.n - 1] : NULL;
    if (block) {
        if (up && up->block != NO_ELEM)
            k->elems.v[up->block].flags |= ELEM_HAS_BLOCK;
        flush_block(k);
    }
    web_elem e = {0};
    e.parent = up ? up->elem : NO_ELEM;
    e.tag = tag;
    e.weight = start_weight(tag, hints);
    e.class_hash = class_hash;
    if (hinted_furniture(tag, hints))
        e.flags |= ELEM_HINTED;
    SM_PUSH(k->elems, e);
    uint32_t id = (uint32_t)(k->elems.n - 1);
    open_elem oe = {n, id, block ? id : (up ? up->block : NO_ELEM),
                    text_kind(tag, up ? up->kind_of_text : BLOCK_TEXT),
                    (uint8_t)(tag >= TAG_H1 && tag <= TAG_H6 ? tag - TAG_H1 + 1
                                                             : (up ? up->level : 0)),
                    false};
    SM_PUSH(k->open, oe);
    if (tag == TAG_A && is_page_link(n)) {
        k->elems.v[id].flags |= ELEM_PAGE_LINK;
        k->page_links++;
    } else if (tag == TAG_A) {
        k->links++;
    }
    return true;
}

static void leave(walk *k, xmlNode *n)
{
    if (!k->open.n || k->open.v[k->open.n - 1].node != n)
        return;
    open_elem oe = k->open.v[--k->open.n];
    if (oe.in_head)
        return;
    /* The text read so far belongs to the element being left. */
    k->open.n++;
    if (is_block_tag(k->elems.v[oe.elem].tag))
        flush_block(k);
    k->open.n--;
    if (k->elems.v[oe.elem].flags & ELEM_PAGE_LINK) {
        if (k->page_links > 0)
            k->page_links--;
    } else if (k->elems.v[oe.elem].tag == TAG_A && k->links > 0) {
        k->links--;
    }
}

/* Walks the tree below root in document order without recursion: down by
 * the first child, across by the next sibling, up by the parent link. */
static void walk_tree(walk *k, xmlNode *root)
{
    xmlNode *n = root;
    while (n) {
        bool down = false;
        if (n->type == XML_ELEMENT_NODE)
            down = enter(k, n);
        else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
                 k->open.n && !k->open.v[k->open.n - 1].in_head && n->content)
            add_text(k, n->content);
        if (down && n->children) {
            n = n->children;
            continue;
        }
        while (n) {
            if (n->type == XML_ELEMENT_NODE)
                leave(k, n);
            if (n == root) {
                n = NULL;
                break;
            }
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
        }
    }
    flush_block(k);
}

/* ---- scoring ---------------------------------------------------------- */

/* Readability: paragraphs shorter than this say nothing of their container. */
#define MIN_SCORED_CHARS 25
/* How many ancestors a paragraph scores, and its share at each level. */
#define SCORED_LEVELS 5

/* A container's score for its tag: Readability's initializeNode values
 * (Mozilla's Readability.js), kept as published, not tuned here. */
#define TAG_SCORE_SECTION 5    /* div, article, main, section */
#define TAG_SCORE_PRE 3        /* pre, td, blockquote */
#define TAG_SCORE_LIST (-3)    /* address, lists, list items, form */
#define TAG_SCORE_HEADING (-5) /* h1-h6, th */

static float tag_score(uint8_t tag)
{
    switch (tag) {
    case TAG_DIV: case TAG_ARTICLE: case TAG_MAIN: case TAG_SECTION:
        return TAG_SCORE_SECTION;
    case TAG_PRE: case TAG_TD: case TAG_BLOCKQUOTE: return TAG_SCORE_PRE;
    case TAG_ADDRESS: case TAG_OL: case TAG_UL: case TAG_DL: case TAG_DD:
    case TAG_DT: case TAG_LI: case TAG_FORM: return TAG_SCORE_LIST;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
    case TAG_TH: return TAG_SCORE_HEADING;
    default: return 0;
    }
}

/* Clears what a previous choice set, and marks the elements removed in
 * this one: those hinted as furniture and all below them, when hints are
 * used.  Elements come after their parents: one forward pass. */
static void mark_removed(walk *k, bool use_hints)
{
    for (size_t i = 0; i < k->elems.n; i++) {
        web_elem *e = &k->elems.v[i];
        e->flags &= (uint8_t)~ELEM_PASS_FLAGS;
        e->chars = e->link_chars = e->commas = 0;
        e->score = 0;
        if ((use_hints && (e->flags & ELEM_HINTED)) ||
            (e->parent != NO_ELEM && (k->elems.v[e->parent].flags & ELEM_REMOVED)))
            e->flags |= ELEM_REMOVED;
    }
}

static bool block_removed(const walk *k, const web_block *b)
{
    return b->elem == NO_ELEM || (k->elems.v[b->elem].flags & ELEM_REMOVED);
}

/* Sums each element's characters and link characters up the tree; elements
 * come after their parents, so one backward pass suffices. */
static void sum_chars(walk *k)
{
    for (size_t i = 0; i < k->blocks.n; i++) {
        const web_block *b = &k->blocks.v[i];
        if (block_removed(k, b))
            continue;
        k->elems.v[b->elem].chars += b->chars;
        k->elems.v[b->elem].link_chars += b->link_chars;
        k->elems.v[b->elem].commas += b->commas;
    }
    for (size_t i = k->elems.n; i-- > 0;) {
        web_elem *e = &k->elems.v[i];
        if (e->parent != NO_ELEM) {
            k->elems.v[e->parent].chars += e->chars;
            k->elems.v[e->parent].link_chars += e->link_chars;
            k->elems.v[e->parent].commas += e->commas;
        }
    }
}

static float link_density(const web_elem *e)
{
    return e->chars ? (float)e->link_chars / (float)e->chars : 0;
}

/* Readability's points for a paragraph: one, one per comma, one per 100
 * characters up to three. */
#define SCORE_MAX_LENGTH_POINTS 3

static float paragraph_points(uint32_t chars, uint32_t commas)
{
    uint32_t len = chars / 100 < SCORE_MAX_LENGTH_POINTS ? chars / 100 : SCORE_MAX_LENGTH_POINTS;
    return 1.0f + (float)commas + (float)len;
}

/* Gives s to element a and its ancestors: all to a, half to its parent, a
 * third of their level to the older ones. */
static void score_ancestors(walk *k, uint32_t a, float s)
{
    for (int level = 0; level < SCORED_LEVELS && a != NO_ELEM; level++) {
        web_elem *e = &k->elems.v[a];
        if (e->score < -1e29f)
            e->score = tag_score(e->tag) + e->weight;
        e->score += level == 0 ? s : level == 1 ? s / 2 : s / (float)(level * 3);
        a = e->parent;
    }
}

/* Every paragraph of MIN_SCORED_CHARS or more scores its ancestors.  With
 * sections set, a <section> also counts as a paragraph of its parent, with
 * all the text it holds, as Readability counts it: a page made of sections
 * of short items then names the element that holds them all.  Only when
 * the plain reading found too little: on an article page a section that
 * wraps the story would lift its parent above the story. */
static void score_blocks(walk *k, bool sections)
{
    for (size_t i = 0; i < k->elems.n; i++)
        k->elems.v[i].score = -1e30f; /* not a candidate until scored */
    for (size_t i = 0; i < k->blocks.n; i++) {
        const web_block *b = &k->blocks.v[i];
        if (block_removed(k, b) || b->chars < MIN_SCORED_CHARS ||
            b->kind == BLOCK_HEADING || b->kind == BLOCK_ITEM)
            continue;
        /* Text directly in a container that also holds blocks is a
         * paragraph of that container; otherwise the paragraph is the
         * block element and its parent the first to score. */
        uint32_t a = b->elem;
        if (!(k->elems.v[a].flags & ELEM_HAS_BLOCK))
            a = k->elems.v[a].parent;
        score_ancestors(k, a, paragraph_points(b->chars, b->commas));
    }
    for (size_t i = 0; sections && i < k->elems.n; i++) {
        const web_elem *e = &k->elems.v[i];
        if (e->tag == TAG_SECTION && e->chars >= MIN_SCORED_CHARS &&
            !(e->flags & ELEM_REMOVED) && e->parent != NO_ELEM)
            score_ancestors(k, e->parent, paragraph_points(e->chars, e->commas));
    }
}

/* Readability's second looks at the best container: when several of the
 * next best (within a quarter of its score) share an ancestor with it,
 * the article is that ancestor (a story split into sections); when the
 * scores climb going up, the parent holds more of it; an only child is
 * its parent. */
#define TOP_CANDIDATES 5
#define ALTERNATIVE_SHARE 0.75f
#define ALTERNATIVES_NEEDED 3

/* How far up the tree the shared ancestor is looked for, so that a page
 * nested 10,000 deep costs no quadratic time. */
#define MAX_ANCESTORS 64

static bool is_ancestor(const walk *k, uint32_t a, uint32_t e)
{
    uint32_t p = k->elems.v[e].parent;
    for (int up = 0; p != NO_ELEM && up < MAX_ANCESTORS; up++, p = k->elems.v[p].parent)
        if (p == a)
            return true;
    return false;
}

static uint32_t shared_ancestor(const walk *k, uint32_t top, const uint32_t *alt,
                                size_t nalt)
{
    uint32_t a = k->elems.v[top].parent;
    for (int up = 0; a != NO_ELEM && up < MAX_ANCESTORS; up++, a = k->elems.v[a].parent) {
        if (k->elems.v[a].tag == TAG_BODY || k->elems.v[a].tag == TAG_HTML)
            break;
        size_t under = 0;
        for (size_t i = 0; i < nalt; i++)
            under += is_ancestor(k, a, alt[i]);
        if (under >= ALTERNATIVES_NEEDED)
            return a;
    }
    return top;
}

/* Climbing from the top candidate stops at an ancestor scoring under a
 * third of the score below it: Readability's "parent score below a third"
 * rule, kept as published. */
#define CLIMB_MIN_DIVISOR 3

static uint32_t climb(const walk *k, uint32_t top, const uint32_t *children)
{
    float last = k->elems.v[top].score;
    for (uint32_t p = k->elems.v[top].parent; p != NO_ELEM; p = k->elems.v[p].parent) {
        const web_elem *e = &k->elems.v[p];
        if (e->tag == TAG_BODY || e->tag == TAG_HTML)
            break;
        if (e->score < -1e29f)
            continue;
        if (e->score < last / CLIMB_MIN_DIVISOR)
            break;
        if (e->score > last) {
            top = p;
            break;
        }
        last = e->score;
    }
    while (k->elems.v[top].parent != NO_ELEM && children[k->elems.v[top].parent] == 1 &&
           k->elems.v[k->elems.v[top].parent].tag != TAG_BODY)
        top = k->elems.v[top].parent;
    return top;
}

/* The best container, or NO_ELEM when nothing scored; *first gets the
 * best scored one before the climb to its ancestors. */
static uint32_t top_candidate(walk *k, uint32_t *first)
{
    uint32_t best[TOP_CANDIDATES];
    size_t nbest = 0;
    for (size_t i = 0; i < k->elems.n; i++) {
        web_elem *e = &k->elems.v[i];
        if (e->score < -1e29f)
            continue;
        e->score *= 1.0f - link_density(e);
        size_t at = nbest;
        while (at > 0 && k->elems.v[best[at - 1]].score < e->score)
            at--;
        if (at >= TOP_CANDIDATES)
            continue;
        if (nbest < TOP_CANDIDATES)
            nbest++;
        memmove(best + at + 1, best + at, (nbest - 1 - at) * sizeof *best);
        best[at] = (uint32_t)i;
    }
    if (!nbest)
        return NO_ELEM;
    uint32_t top = best[0], alt[TOP_CANDIDATES];
    *first = top;
    size_t nalt = 0;
    for (size_t i = 1; i < nbest; i++)
        if (k->elems.v[best[i]].score >= k->elems.v[top].score * ALTERNATIVE_SHARE)
            alt[nalt++] = best[i];
    if (nalt >= ALTERNATIVES_NEEDED)
        top = shared_ancestor(k, top, alt, nalt);
    uint32_t *children = sm_xcalloc(k->elems.n, sizeof *children);
    for (size_t i = 0; i < k->elems.n; i++)
        if (k->elems.v[i].parent != NO_ELEM && !(k->elems.v[i].flags & ELEM_REMOVED))
            children[k->elems.v[i].parent]++;
    top = climb(k, top, children);
    free(children);
    return top;
}

/* Readability's rule for the siblings of the best container: they join when
 * they score a fifth of it (at least 10), or are paragraphs of prose: over
 * 80 characters with under a quarter in links, or shorter, linkless and
 * ending a sentence. */
#define SIBLING_SHARE 0.2f
#define SIBLING_MIN_SCORE 10.0f
#define SIBLING_LONG_CHARS 80
#define SIBLING_MAX_LINKS 0.25f

static bool ends_sentence(const walk *k, uint32_t elem)
{
    for (size_t i = 0; i < k->blocks.n; i++) {
        const web_block *b = &k->blocks.v[i];
        if (b->elem == elem && b->len)
            return k->text.s[b->start + b->len - 1] == '.';
    }
    return false;
}

static void accept_siblings(walk *k, uint32_t top)
{
    web_elem *t = &k->elems.v[top];
    t->flags |= ELEM_ACCEPTED;
    if (t->parent == NO_ELEM)
        return;
    float threshold = t->score * SIBLING_SHARE;
    if (threshold < SIBLING_MIN_SCORE)
        threshold = SIBLING_MIN_SCORE;
    /* Siblings come after their parent: scan from the parent on. */
    for (size_t i = t->parent + 1; i < k->elems.n; i++) {
        web_elem *e = &k->elems.v[i];
        if (e->parent != t->parent || i == top)
            continue;
        /* Readability's bonus: a sibling of the same class is likely
         * more of the same (a story cut by figures into sections). */
        float bonus = e->class_hash && e->class_hash == t->class_hash ? t->score * SIBLING_SHARE : 0;
        bool join = e->score > -1e29f && e->score + bonus >= threshold;
        if (!join && e->tag == TAG_P) {
            float ld = link_density(e);
            join = (e->chars > SIBLING_LONG_CHARS && ld < SIBLING_MAX_LINKS) ||
                   (e->chars > 0 && e->chars <= SIBLING_LONG_CHARS && ld == 0 &&
                    ends_sentence(k, (uint32_t)i));
        }
        if (join)
            e->flags |= ELEM_ACCEPTED;
    }
}

/* A story cut into parts that sit in different places of the page (a
 * section per chapter, each in its own wrapper, or the first paragraphs
 * apart from the rest): elements named like the best container (the same
 * class but for digits) that score like a sibling would join it wherever
 * they are. */
#define COUSIN_SHARE 0.2f

static void accept_cousins(walk *k, uint32_t first, uint32_t top)
{
    const web_elem *f = &k->elems.v[first];
    if (!f->class_hash)
        return;
    float threshold = f->score * COUSIN_SHARE;
    if (threshold < SIBLING_MIN_SCORE)
        threshold = SIBLING_MIN_SCORE;
    for (size_t i = 0; i < k->elems.n; i++) {
        web_elem *e = &k->elems.v[i];
        if (i == first || i == top || e->class_hash != f->class_hash ||
            e->score < threshold || (e->flags & ELEM_REMOVED))
            continue;
        if (is_ancestor(k, top, (uint32_t)i) || is_ancestor(k, (uint32_t)i, top))
            continue;
        e->flags |= ELEM_ACCEPTED;
    }
}

/* Readability's conditional cleaning, reduced to link density: a container
 * inside the article that is mostly links is a list of links (related
 * stories, tags, share bars), more readily so when its class says
 * furniture. */
#define DROP_LINK_DENSITY 0.5f
#define DROP_LINK_DENSITY_NEGATIVE 0.2f
#define DROP_LINK_DENSITY_SHORT 0.33f
#define SHORT_CONTAINER_CHARS 500
#define LIST_MAX_LINKS 0.8f

static bool container_is_furniture(const web_elem *e)
{
    bool container = e->tag == TAG_DIV || e->tag == TAG_SECTION ||
                     e->tag == TAG_UL || e->tag == TAG_OL || e->tag == TAG_DL ||
                     e->tag == TAG_TABLE || e->tag == TAG_FORM ||
                     e->tag == TAG_OTHER || e->tag == TAG_BLOCK;
    if (!container || !e->chars)
        return false;
    float ld = link_density(e);
    /* Readability keeps lists whatever their links; a list that is nothing
     * but links is still a list of links. */
    if (e->tag == TAG_UL || e->tag == TAG_OL || e->tag == TAG_DL)
        return ld > LIST_MAX_LINKS;
    if (ld > DROP_LINK_DENSITY)
        return true;
    if (e->weight < 0 && ld > DROP_LINK_DENSITY_NEGATIVE)
        return true;
    return e->weight <= 0 && ld > DROP_LINK_DENSITY_SHORT &&
           e->chars < SHORT_CONTAINER_CHARS;
}

/* Marks the elements inside the article, and those inside dropped
 * containers, in one forward pass (a parent comes before its children). */
static void mark_region(walk *k, bool whole)
{
    for (size_t i = 0; i < k->elems.n; i++) {
        web_elem *e = &k->elems.v[i];
        const web_elem *p = e->parent != NO_ELEM ? &k->elems.v[e->parent] : NULL;
        if (whole || (e->flags & ELEM_ACCEPTED) || (p && (p->flags & ELEM_INSIDE)))
            e->flags |= ELEM_INSIDE;
        if (p && (p->flags & ELEM_DROP))
            e->flags |= ELEM_DROP;
        else if ((e->flags & ELEM_INSIDE) && !(e->flags & ELEM_ACCEPTED) &&
                 container_is_furniture(e))
            e->flags |= ELEM_DROP;
    }
}

/* Readability drops a heading that repeats the title: one whose words
 * (by characters) are at least this share words of the title. */
#define TITLE_SIMILARITY 0.75

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Whether the word w[0..n) occurs in t, ignoring ASCII case. */
static bool has_word(const char *t, const char *w, size_t n)
{
    for (const char *p = t; *p;) {
        while (*p && !word_byte((unsigned char)*p))
            p++;
        const char *q = p;
        while (*q && word_byte((unsigned char)*q))
            q++;
        if ((size_t)(q - p) == n && strncasecmp(p, w, n) == 0)
            return true;
        p = q;
    }
    return false;
}

static bool repeats_title(const char *h, size_t hn, const char *title)
{
    size_t all = 0, shared = 0;
    for (size_t i = 0; i < hn;) {
        while (i < hn && !word_byte((unsigned char)h[i]))
            i++;
        size_t j = i;
        while (j < hn && word_byte((unsigned char)h[j]))
            j++;
        all += j - i;
        if (j > i && has_word(title, h + i, j - i))
            shared += j - i;
        i = j;
    }
    return all && (double)shared >= TITLE_SIMILARITY * (double)all;
}

#define BLOCK_MAX_LINKS 0.5f

static void choose_blocks(walk *k, const char *title)
{
    bool first = true;
    for (size_t i = 0; i < k->blocks.n; i++) {
        web_block *b = &k->blocks.v[i];
        const web_elem *e = b->elem != NO_ELEM ? &k->elems.v[b->elem] : NULL;
        b->keep = e && (e->flags & ELEM_INSIDE) && !(e->flags & (ELEM_DROP | ELEM_REMOVED)) &&
                  b->len;
        /* A paragraph that is mostly a link is a teaser; list items and
         * table cells are judged with their container instead. */
        if (b->keep && b->kind != BLOCK_ITEM && b->kind != BLOCK_CELL && b->chars &&
            (float)b->link_chars / (float)b->chars > BLOCK_MAX_LINKS)
            b->keep = false;
        /* The page's title again at the top of the article is metadata. */
        if (b->keep && first && b->kind == BLOCK_HEADING && b->level <= 2 && title &&
            repeats_title(k->text.s + b->start, b->len, title))
            b->keep = false;
        if (b->keep)
            first = false;
    }
}

/* jusText's judgement of a block by its stopwords, with its neighbours:
 * prose is dense in a language's stopwords, furniture (datelines, credits,
 * labels, ad lines, lists of names) is not.  A short paragraph with few
 * stopwords goes when it stands at the edge of the article or next to
 * another such block; between two paragraphs of prose it stays (a short
 * line of the story).  Only on a page whose kept text is prose in the
 * context's language (by its stopwords): in another language every block
 * would look unlike prose. */
#define PROSE_PAGE_STOPWORDS 0.25   /* English news prose: about 0.45 */
#define SHORT_BLOCK_WORDS 12        /* jusText: length_low, 70 characters */
#define LOW_STOPWORDS 0.2           /* jusText's stopwords_low is 0.30 */
#define MAX_WORD_BYTES 64

/* Counts b's words and those that are stopwords (ASCII lower-cased). */
static void count_stopwords(walk *k, web_block *b)
{
    const char *t = k->text.s + b->start;
    char low[MAX_WORD_BYTES];
    b->words = b->stopwords = 0;
    for (size_t i = 0; i < b->len;) {
        while (i < b->len && !word_byte((unsigned char)t[i]) && t[i] != '\'')
            i++;
        size_t j = i;
        while (j < b->len && (word_byte((unsigned char)t[j]) || t[j] == '\''))
            j++;
        if (j == i)
            break;
        b->words++;
        if (j - i <= MAX_WORD_BYTES) {
            for (size_t c = i; c < j; c++)
                low[c - i] = (char)(t[c] >= 'A' && t[c] <= 'Z' ? t[c] + 32 : t[c]);
            if (sm_wordset_has(&k->w->ctx->stopwords, low, j - i))
                b->stopwords++;
        }
        i = j;
    }
}

/* Whether b ends like a sentence: . ! ? or a closing quotation mark
 * (a line of dialogue, "Con: money."). */
static bool ends_like_prose(const walk *k, const web_block *b)
{
    const unsigned char *t = (const unsigned char *)k->text.s + b->start;
    size_t n = b->len;
    if (!n)
        return false;
    if (t[n - 1] == '.' || t[n - 1] == '!' || t[n - 1] == '?' || t[n - 1] == '"')
        return true;
    /* U+201D, U+2019: closing quotation marks. */
    return n >= 3 && t[n - 3] == 0xE2 && t[n - 2] == 0x80 && (t[n - 1] == 0x9D || t[n - 1] == 0x99);
}

/* Whether elem is inside a table cell: a table's words are data, not
 * prose, and stay with their table. */
static bool in_cell(const walk *k, uint32_t elem)
{
    for (int up = 0; elem != NO_ELEM && up < MAX_ANCESTORS; up++) {
        uint8_t t = k->elems.v[elem].tag;
        if (t == TAG_TD || t == TAG_TH)
            return true;
        elem = k->elems.v[elem].parent;
    }
    return false;
}

static bool unlike_prose(const walk *k, const web_block *b)
{
    return b->kind == BLOCK_TEXT && b->words < SHORT_BLOCK_WORDS &&
           (double)b->stopwords < LOW_STOPWORDS * (double)b->words &&
           !ends_like_prose(k, b) && !in_cell(k, b->elem);
}

static void judge_stopwords(walk *k)
{
    uint64_t words = 0, stop = 0;
    for (size_t i = 0; i < k->blocks.n; i++) {
        web_block *b = &k->blocks.v[i];
        b->drop_later = false;
        if (!b->keep)
            continue;
        count_stopwords(k, b);
        words += b->words;
        stop += b->stopwords;
    }
    if (!words || (double)stop < PROSE_PAGE_STOPWORDS * (double)words)
        return;
    /* The kept blocks before and after each, in order. */
    size_t prev = SIZE_MAX;
    for (size_t i = 0; i < k->blocks.n; i++) {
        web_block *b = &k->blocks.v[i];
        if (!b->keep)
            continue;
        size_t next = i + 1;
        while (next < k->blocks.n && !k->blocks.v[next].keep)
            next++;
        bool edge_before = prev == SIZE_MAX;
        bool edge_after = next >= k->blocks.n;
        if (unlike_prose(k, b)) {
            bool bad_before = edge_before || unlike_prose(k, &k->blocks.v[prev]);
            bool bad_after = edge_after || unlike_prose(k, &k->blocks.v[next]);
            if (bad_before || bad_after)
                b->drop_later = true;
        }
        prev = i;
    }
    for (size_t i = 0; i < k->blocks.n; i++)
        if (k->blocks.v[i].drop_later)
            k->blocks.v[i].keep = false;
}

static void emit_article(walk *k, const char *suffix, sm_web_emit_fn emit,
                         void *userdata)
{
    sm_buf out = {0}, heads = {0};
    for (size_t i = 0; i < k->blocks.n; i++) {
        const web_block *b = &k->blocks.v[i];
        if (!b->keep)
            continue;
        sm_buf_add(&out, k->text.s + b->start, b->len);
        sm_buf_add(&out, "\n\n", 2);
        if (b->kind == BLOCK_HEADING) {
            sm_buf_add(&heads, k->text.s + b->start, b->len);
            sm_buf_addc(&heads, '\n');
        }
    }
    sm_web_doc d = {0};
    d.suffix = suffix ? suffix : "";
    d.text = out.s ? out.s : "";
    d.len = out.len;
    d.headings = heads.s;
    d.title = k->meta->f[META_TITLE];
    d.source = k->meta->f[META_SOURCE];
    d.date = k->meta->f[META_DATE];
    d.url = k->meta->f[META_URL];
    d.author = k->meta->f[META_AUTHOR];
    emit(userdata, &d);
    sm_buf_free(&out);
    sm_buf_free(&heads);
}

/* One choice of the article; returns its characters. */
static size_t choose_article(walk *k, bool whole, bool use_hints, bool sections,
                             const char *title)
{
    mark_removed(k, use_hints);
    sum_chars(k);
    if (!whole) {
        score_blocks(k, sections);
        uint32_t first = NO_ELEM, top = top_candidate(k, &first);
        if (top == NO_ELEM) {
            whole = true; /* nothing scored: every kept block is the article */
        } else {
            accept_siblings(k, top);
            accept_cousins(k, first, top);
        }
    }
    mark_region(k, whole);
    choose_blocks(k, title);
    judge_stopwords(k);
    size_t chars = 0;
    for (size_t i = 0; i < k->blocks.n; i++)
        if (k->blocks.v[i].keep)
            chars += k->blocks.v[i].chars;
    return chars;
}

/* Readability's retry: an article shorter than this was probably cut by a
 * misleading class name, so the page is read again without class hints
 * and the longer reading kept. */
#define ARTICLE_MIN_CHARS 500

/* The readings tried in turn while the article is shorter than
 * ARTICLE_MIN_CHARS: as is, without class hints, with sections scored. */
static const struct { bool hints, sections; } readings[] = {
    {true, false}, {false, false}, {true, true}};

static size_t choose_with_retry(walk *k, bool whole, const char *title)
{
    size_t best = choose_article(k, whole, true, false, title);
    if (best >= ARTICLE_MIN_CHARS)
        return best;
    bool *keep = sm_xmalloc(k->blocks.n + 1);
    for (size_t i = 0; i < k->blocks.n; i++)
        keep[i] = k->blocks.v[i].keep;
    for (size_t r = 1; r < sizeof readings / sizeof *readings && best < ARTICLE_MIN_CHARS; r++) {
        size_t again = choose_article(k, whole, readings[r].hints, readings[r].sections, title);
        if (again > best) {
            best = again;
            for (size_t i = 0; i < k->blocks.n; i++)
                keep[i] = k->blocks.v[i].keep;
        }
    }
    for (size_t i = 0; i < k->blocks.n; i++)
        k->blocks.v[i].keep = keep[i];
    free(keep);
    return best;
}

bool sm_web_extract(sm_web *w, const char *label, xmlDoc *doc, bool whole,
                    web_meta *meta, const char *suffix, sm_web_emit_fn emit,
                    void *userdata)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    if (!root)
        return false;
    walk k = {0};
    k.w = w;
    k.meta = meta;
    sm_buf_reserve(&k.text, 4096);
    k.text.s[0] = '\0';
    walk_tree(&k, root);
    sm_web_meta_finish(meta, k.title);
    size_t kept = choose_with_retry(&k, whole, meta->f[META_TITLE]);
    if (kept)
        emit_article(&k, suffix, emit, userdata);
    else
        sm_warnf(w->ctx, "%s%s: no article text found in the page, skipped",
                 label, suffix ? suffix : "");
    free(k.title);
    sm_buf_free(&k.text);
    SM_FREEVEC(k.elems);
    SM_FREEVEC(k.blocks);
    SM_FREEVEC(k.open);
    return kept > 0;
}
