/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * Shared by the libFuzzer targets: a failed expectation aborts, so that
 * libFuzzer keeps the input as a crash, and so does any GLib warning or
 * critical (a g_return_if_fail() reached by input is a bug too).
 */

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN static inline void
fuzz_fail (const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

#define FUZZ_ASSERT(condition) \
  G_STMT_START { \
    if (!(condition)) \
      fuzz_fail ("%s:%d: expected %s", __FILE__, __LINE__, #condition); \
  } G_STMT_END

static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  setlocale (LC_ALL, "C.UTF-8");
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* @data as a NUL-terminated string (any NUL inside ends it early). */
static inline char *
fuzz_string (const guint8 *data,
             size_t        size)
{
  return g_strndup ((const char *) data, size);
}
