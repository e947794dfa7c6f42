/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "st-application.h"
#include "st-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StApplication) application = NULL;

  setlocale (LC_ALL, "");
  st_i18n_init ();
  textdomain (GETTEXT_PACKAGE);
#ifdef ST_MEMCHECK_BUILD
  /* Its password derivation is weak on purpose: never for use. */
  g_printerr ("This build is only for running the tests under valgrind.\n");
  return 1;
#endif

  application = st_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
