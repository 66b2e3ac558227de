/*
 * models_dir.c: where the library finds models/ when the caller names no
 * directory.  No absolute path of the build machine is compiled in, so an
 * installed library is relocatable and its bytes do not depend on where it
 * was built:
 *
 *   1. $SUMMARIZER_MODELS, when set and not empty;
 *   2. relative to the file holding this code (the shared library, or the
 *      program a static library was linked into), found with dladdr():
 *      SM_MODELS_FROM_LIBDIR, the installed layout computed by CMake from
 *      <libdir> to <datadir>/summarizer/models (e.g.
 *      "../share/summarizer/models"), then SM_MODELS_FROM_BUILDDIR, the
 *      source tree's models/ seen from the build folder (e.g. "../models");
 *      each is tried from that file's folder and from its parent, since the
 *      static tools sit one folder below the build folder (build/tools/).
 *   3. otherwise "models" (relative to the working directory), which
 *      sm_ctx_new reports as not found.
 */
#define _GNU_SOURCE /* dladdr */
#include "common/common.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef SM_MODELS_FROM_LIBDIR
#define SM_MODELS_FROM_LIBDIR "../share/summarizer/models"
#endif
#ifndef SM_MODELS_FROM_BUILDDIR
#define SM_MODELS_FROM_BUILDDIR "../models"
#endif

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The canonical path of the file this code was loaded from, or false. */
static bool own_file(char *path, size_t size)
{
    Dl_info info;
    const char *name = NULL;
    if (dladdr((void *)&sm_default_models_dir, &info) && info.dli_fname &&
        strchr(info.dli_fname, '/'))
        name = info.dli_fname;
    else
        name = "/proc/self/exe"; /* linked into a program started via $PATH */
    char *real = realpath(name, NULL);
    if (!real)
        return false;
    int k = snprintf(path, size, "%s", real);
    free(real);
    return k > 0 && (size_t)k < size;
}

/* Writes <dir>/<rel> into out when it is a directory; false when it is not
 * or does not fit (a longer path cannot exist: PATH_MAX). */
static bool try_dir(char *out, size_t size, const char *dir, const char *rel)
{
    int k = snprintf(out, size, "%s/%s", dir, rel);
    return k > 0 && (size_t)k < size && is_dir(out);
}

const char *sm_default_models_dir(void)
{
    static char found[PATH_MAX];
    const char *env = getenv("SUMMARIZER_MODELS");
    if (env && *env)
        return env;
    if (found[0])
        return found;
    char dir[PATH_MAX];
    if (own_file(dir, sizeof dir)) {
        static const char *const rel[] = {SM_MODELS_FROM_LIBDIR,
                                          SM_MODELS_FROM_BUILDDIR};
        for (int up = 0; up < 2; up++) {
            char *slash = strrchr(dir, '/');
            if (!slash)
                break;
            *slash = '\0';
            for (size_t i = 0; i < sizeof rel / sizeof *rel; i++)
                if (try_dir(found, sizeof found, dir[0] ? dir : "/", rel[i]))
                    return found;
        }
    }
    snprintf(found, sizeof found, "models");
    return found;
}
