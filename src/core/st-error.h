/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Every core module has its own error domain and enum.  So that both faces can
 * tell what kind of failure an error is without knowing every domain, the
 * enum values of every domain fall into fixed ranges; the hundreds digit is
 * the command line's exit status:
 *
 *   1xx  the answer is no (a lot does not conform, a chain does not verify)
 *   2xx  invalid input or usage: nothing was changed
 *   3xx  not permitted (password, role, segregation of duties, state, lock)
 *   4xx  storage or system failure
 */
typedef enum {
  ST_ERROR_KIND_NEGATIVE = 1,
  ST_ERROR_KIND_INPUT = 2,
  ST_ERROR_KIND_PERMISSION = 3,
  ST_ERROR_KIND_SYSTEM = 4,
} StErrorKind;

StErrorKind st_error_kind (const GError *error);

G_END_DECLS
