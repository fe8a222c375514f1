/*
 * tailgate: one binary, subcommands. main only reads the global options
 * (--config FILE, --help) and hands the command to the composition root
 * (app/app.c), which loads the configuration (--config FILE or
 * TAILGATE_CONFIG, then TAILGATE_* variables), opens the connection the
 * command declared and runs it; `tailgate --help` is generated from the
 * commands the modules declare.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"

int
main(int argc, char **argv)
{
	const char *config = NULL;
	int i = 1;

	if (app_init() != 0)
		return 1;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			app_usage(stdout);
			return 0;
		} else {
			app_usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		app_usage(stderr);
		return 2;
	}
	return app_main(config, argc - i, argv + i);
}
