/* main.c: okienko's entry point: the command line, then the screens. */
#include "config.h"

#include "app.h"
#include "screens.h"

int main(int argc, char **argv)
{
	app_intl_init();
	return app_main(argc, argv, ui_run);
}
