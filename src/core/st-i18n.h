/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Binds Stroma's message catalogue.  $STROMA_LOCALEDIR points an uninstalled
 * build (and its tests) at the catalogues built in the build tree: <build>/po,
 * where meson's i18n.gettext leaves <lang>/LC_MESSAGES/stroma.mo; otherwise
 * the installed ones (LOCALEDIR) are used.
 */
void st_i18n_init (void);

G_END_DECLS
