/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "st-error.h"

StErrorKind
st_error_kind (const GError *error)
{
  int hundreds;

  g_return_val_if_fail (error != NULL, ST_ERROR_KIND_SYSTEM);

  /* GLib's own domains (files, conversions) are system failures. */
  hundreds = error->code / 100;
  if (hundreds >= ST_ERROR_KIND_NEGATIVE && hundreds <= ST_ERROR_KIND_SYSTEM)
    {
      const char *domain = g_quark_to_string (error->domain);
      if (g_str_has_prefix (domain, "st-"))
        return (StErrorKind) hundreds;
    }
  return ST_ERROR_KIND_SYSTEM;
}
