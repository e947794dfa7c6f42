/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fault-injecting SQLite VFS over the "unix" one, for tests: loaded into an
 * unchanged program with LD_PRELOAD, it makes itself the default VFS and
 * fails the Nth write (xWrite) or sync (xSync) that SQLite asks of the
 * operating system, as a failing disk would.  Set by the environment:
 *
 *   STROMA_FAULT_KIND     write  (SQLITE_IOERR_WRITE on xWrite)
 *                         full   (SQLITE_FULL on xWrite: the disk is full)
 *                         fsync  (SQLITE_IOERR_FSYNC on xSync)
 *   STROMA_FAULT_AT       N >= 1: the operation of that kind that fails
 *                         (counted over every file of the process); unset
 *                         or 0: nothing fails, operations are only counted
 *   STROMA_FAULT_PERSIST  1: every operation of the kind from the Nth on
 *                         fails (a disk that stays full), else only the Nth
 *   STROMA_FAULT_REPORT   a file to which a line is appended for every
 *                         failure ("fault write 12 /path/site.db-wal") and,
 *                         at exit, the count ("count write 14")
 *   STROMA_FAULT_SLOW_US  a slow disk: every write and sync first waits so
 *                         many microseconds (with or without a fault), so
 *                         that a test killing the program at random moments
 *                         often finds it in the middle of writing
 *
 * Nothing here uses GLib: it must not disturb the program it is loaded into.
 */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef enum {
  FAULT_NONE,
  FAULT_WRITE,
  FAULT_FULL,
  FAULT_FSYNC,
} FaultKind;

typedef struct {
  sqlite3_file base;
  sqlite3_file *real;
  const char *name;
} FaultFile;

static sqlite3_vfs *real_vfs;
static sqlite3_vfs fault_vfs;
static FaultKind fault_kind = FAULT_NONE;
static long fault_at;
static int fault_persist;
static const char *fault_report;
static long fault_count;
static useconds_t slow_us;

static const char *
kind_name (FaultKind kind)
{
  switch (kind)
    {
    case FAULT_WRITE:
      return "write";
    case FAULT_FULL:
      return "full";
    case FAULT_FSYNC:
      return "fsync";
    case FAULT_NONE:
    default:
      return "none";
    }
}

static void
report_line (const char *line)
{
  int fd;

  if (fault_report == NULL || *fault_report == '\0')
    return;
  fd = open (fault_report, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  if (write (fd, line, strlen (line)) < 0)
    {
      /* A report that cannot be written is seen as no report by the test. */
    }
  close (fd);
}

/* Counts one operation of @kind; nonzero when this one is to fail. */
static int
should_fail (FaultKind   kind,
             FaultFile  *file)
{
  long n;

  if (kind != fault_kind && !(kind == FAULT_WRITE && fault_kind == FAULT_FULL))
    return 0;
  n = __atomic_add_fetch (&fault_count, 1, __ATOMIC_SEQ_CST);
  if (fault_at <= 0 || n < fault_at || (n > fault_at && !fault_persist))
    return 0;
  {
    char line[4200];
    snprintf (line, sizeof line, "fault %s %ld %s\n", kind_name (fault_kind), n,
              file->name ? file->name : "(temporary)");
    report_line (line);
  }
  return 1;
}

static int
fault_close (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xClose (self->real);
}

static int
fault_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xRead (self->real, buffer, amount, offset);
}

static int
fault_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  FaultFile *self = (FaultFile *) file;

  if (slow_us > 0)
    usleep (slow_us);
  if (should_fail (FAULT_WRITE, self))
    return fault_kind == FAULT_FULL ? SQLITE_FULL : SQLITE_IOERR_WRITE;
  return self->real->pMethods->xWrite (self->real, buffer, amount, offset);
}

static int
fault_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xTruncate (self->real, size);
}

static int
fault_sync (sqlite3_file *file, int flags)
{
  FaultFile *self = (FaultFile *) file;

  if (slow_us > 0)
    usleep (slow_us);
  if (should_fail (FAULT_FSYNC, self))
    return SQLITE_IOERR_FSYNC;
  return self->real->pMethods->xSync (self->real, flags);
}

static int
fault_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xFileSize (self->real, size);
}

static int
fault_lock (sqlite3_file *file, int lock)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xLock (self->real, lock);
}

static int
fault_unlock (sqlite3_file *file, int lock)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xUnlock (self->real, lock);
}

static int
fault_check_reserved_lock (sqlite3_file *file, int *reserved)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xCheckReservedLock (self->real, reserved);
}

static int
fault_file_control (sqlite3_file *file, int op, void *arg)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
fault_sector_size (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xSectorSize (self->real);
}

static int
fault_device_characteristics (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xDeviceCharacteristics (self->real);
}

static int
fault_shm_map (sqlite3_file *file, int region, int size, int extend, void volatile **out)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xShmMap (self->real, region, size, extend, out);
}

static int
fault_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xShmLock (self->real, offset, n, flags);
}

static void
fault_shm_barrier (sqlite3_file *file)
{
  FaultFile *self = (FaultFile *) file;
  self->real->pMethods->xShmBarrier (self->real);
}

static int
fault_shm_unmap (sqlite3_file *file, int delete_flag)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xShmUnmap (self->real, delete_flag);
}

static int
fault_fetch (sqlite3_file *file, sqlite3_int64 offset, int amount, void **out)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xFetch (self->real, offset, amount, out);
}

static int
fault_unfetch (sqlite3_file *file, sqlite3_int64 offset, void *page)
{
  FaultFile *self = (FaultFile *) file;
  return self->real->pMethods->xUnfetch (self->real, offset, page);
}

/* Version 3, as the unix VFS's files; SQLite looks at the version before
 * it calls the shared-memory and memory-map methods. */
static const sqlite3_io_methods fault_io_methods = {
  3,
  fault_close,
  fault_read,
  fault_write,
  fault_truncate,
  fault_sync,
  fault_file_size,
  fault_lock,
  fault_unlock,
  fault_check_reserved_lock,
  fault_file_control,
  fault_sector_size,
  fault_device_characteristics,
  fault_shm_map,
  fault_shm_lock,
  fault_shm_barrier,
  fault_shm_unmap,
  fault_fetch,
  fault_unfetch,
};

static int
fault_open (sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultFile *self = (FaultFile *) file;
  int rc;

  self->real = (sqlite3_file *) &self[1];
  self->name = name;
  rc = real_vfs->xOpen (real_vfs, name, self->real, flags, out_flags);
  /* SQLite calls xClose only when pMethods is set. */
  file->pMethods = self->real->pMethods != NULL ? &fault_io_methods : NULL;
  return rc;
}

static int
fault_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

static int
fault_access (sqlite3_vfs *vfs, const char *name, int flags, int *result)
{
  return real_vfs->xAccess (real_vfs, name, flags, result);
}

static int
fault_full_pathname (sqlite3_vfs *vfs, const char *name, int size, char *out)
{
  return real_vfs->xFullPathname (real_vfs, name, size, out);
}

static void *
fault_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
fault_dl_error (sqlite3_vfs *vfs, int size, char *out)
{
  real_vfs->xDlError (real_vfs, size, out);
}

static void (*
fault_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
fault_dl_close (sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

static int
fault_randomness (sqlite3_vfs *vfs, int size, char *out)
{
  return real_vfs->xRandomness (real_vfs, size, out);
}

static int
fault_sleep (sqlite3_vfs *vfs, int microseconds)
{
  return real_vfs->xSleep (real_vfs, microseconds);
}

static int
fault_current_time (sqlite3_vfs *vfs, double *now)
{
  return real_vfs->xCurrentTime (real_vfs, now);
}

static int
fault_get_last_error (sqlite3_vfs *vfs, int size, char *out)
{
  return real_vfs->xGetLastError (real_vfs, size, out);
}

static int
fault_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *now)
{
  return real_vfs->xCurrentTimeInt64 (real_vfs, now);
}

static int
fault_set_system_call (sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr call)
{
  return real_vfs->xSetSystemCall (real_vfs, name, call);
}

static sqlite3_syscall_ptr
fault_get_system_call (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xGetSystemCall (real_vfs, name);
}

static const char *
fault_next_system_call (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xNextSystemCall (real_vfs, name);
}

static FaultKind
parse_kind (const char *text)
{
  if (text == NULL)
    return FAULT_NONE;
  if (strcmp (text, "write") == 0)
    return FAULT_WRITE;
  if (strcmp (text, "full") == 0)
    return FAULT_FULL;
  if (strcmp (text, "fsync") == 0)
    return FAULT_FSYNC;
  return FAULT_NONE;
}

static void
report_count (void)
{
  char line[64];

  if (fault_kind == FAULT_NONE)
    return;
  snprintf (line, sizeof line, "count %s %ld\n", kind_name (fault_kind), fault_count);
  report_line (line);
}

__attribute__((constructor))
static void
fault_vfs_register (void)
{
  const char *at = getenv ("STROMA_FAULT_AT");
  const char *persist = getenv ("STROMA_FAULT_PERSIST");
  const char *slow = getenv ("STROMA_FAULT_SLOW_US");

  fault_kind = parse_kind (getenv ("STROMA_FAULT_KIND"));
  fault_at = at != NULL ? strtol (at, NULL, 10) : 0;
  fault_persist = persist != NULL && strcmp (persist, "1") == 0;
  fault_report = getenv ("STROMA_FAULT_REPORT");
  slow_us = slow != NULL ? (useconds_t) strtoul (slow, NULL, 10) : 0;

  real_vfs = sqlite3_vfs_find ("unix");
  if (real_vfs == NULL)
    {
      fprintf (stderr, "st-fault-vfs: SQLite has no unix VFS\n");
      abort ();
    }
  fault_vfs = (sqlite3_vfs) {
    .iVersion = 3,
    .szOsFile = (int) sizeof (FaultFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "stroma-fault",
    .xOpen = fault_open,
    .xDelete = fault_delete,
    .xAccess = fault_access,
    .xFullPathname = fault_full_pathname,
    .xDlOpen = fault_dl_open,
    .xDlError = fault_dl_error,
    .xDlSym = fault_dl_sym,
    .xDlClose = fault_dl_close,
    .xRandomness = fault_randomness,
    .xSleep = fault_sleep,
    .xCurrentTime = fault_current_time,
    .xGetLastError = fault_get_last_error,
    .xCurrentTimeInt64 = fault_current_time_int64,
    .xSetSystemCall = fault_set_system_call,
    .xGetSystemCall = fault_get_system_call,
    .xNextSystemCall = fault_next_system_call,
  };
  if (sqlite3_vfs_register (&fault_vfs, 1) != SQLITE_OK)
    {
      fprintf (stderr, "st-fault-vfs: cannot register the VFS\n");
      abort ();
    }
  atexit (report_count);
}
