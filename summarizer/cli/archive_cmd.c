/* archive_cmd.c: the 'archive' subcommand (stub until implemented). */
#include "cli.h"

int cli_archive(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    cli_error("'archive' is not implemented yet");
    return CLI_RUNTIME;
}
