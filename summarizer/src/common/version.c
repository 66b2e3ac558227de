/*
 * version.c: the version of the library as built, for programs that want
 * to compare it with the header they were compiled against (SM_VERSION).
 */
#include "common/common.h"

const char *sm_version(void)
{
    return SM_VERSION;
}
