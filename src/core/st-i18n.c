/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-i18n.h"

#include <glib/gi18n-lib.h>

void
st_i18n_init (void)
{
  const char *override = g_getenv ("STROMA_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, override != NULL && *override != '\0' ? override : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
