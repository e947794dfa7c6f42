/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-db.h"

G_BEGIN_DECLS

typedef struct {
  gint64 id;
  char *username;
  char *full_name;
  char *roles;              /* "operator,qp" */
  GBytes *pw_salt;
  gint64 pw_iterations;
  GBytes *pw_verifier;
  char *pw_changed_at;
  gboolean pw_must_change;
  gint64 failed_count;
  gboolean locked;
  gboolean disabled;
  char *created_at;
  GBytes *ca_key_wrap;      /* administrators: the CA key's key, sealed for them */
} StUserRecord;

void st_user_record_free (StUserRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StUserRecord, st_user_record_free)

/* NULL without an error when there is no such user. */
StUserRecord *st_store_users_find        (StDb               *db,
                                          const char         *username,
                                          GError            **error);
StUserRecord *st_store_users_get         (StDb               *db,
                                          gint64              id,
                                          GError            **error);
/* All users, by user name. */
GPtrArray    *st_store_users_list        (StDb               *db,
                                          GError            **error);
/* The user names of the active administrators. */
GStrv         st_store_users_admin_names (StDb               *db,
                                          GError            **error);
gboolean      st_store_users_insert      (StDb               *db,
                                          StUserRecord       *record,
                                          GError            **error);
gboolean      st_store_users_set_password (StDb              *db,
                                           const StUserRecord *record,
                                           GError           **error);
gboolean      st_store_users_set_sign_in_state (StDb         *db,
                                                gint64        id,
                                                gint64        failed_count,
                                                gboolean      locked,
                                                GError      **error);
gboolean      st_store_users_set_disabled (StDb              *db,
                                           gint64             id,
                                           gboolean           disabled,
                                           GError           **error);
gboolean      st_store_users_set_roles    (StDb              *db,
                                           gint64             id,
                                           const char        *roles,
                                           GError           **error);

/* Signing keys: certificate and private key sealed under the user's password. */
typedef struct {
  gint64 id;
  gint64 user_id;
  char *cert_pem;
  GBytes *key_sealed;
  char *source;             /* "site" or "pkcs12" */
  char *created_at;
} StUserKeyRecord;

void st_user_key_record_free (StUserKeyRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StUserKeyRecord, st_user_key_record_free)

/* The user's active key, or NULL without an error when there is none. */
StUserKeyRecord *st_store_users_active_key     (StDb             *db,
                                                gint64            user_id,
                                                GError          **error);
gboolean         st_store_users_insert_key     (StDb             *db,
                                                StUserKeyRecord  *record,
                                                GError          **error);
/* Retires the user's keys (the certificates stay in the signatures). */
gboolean         st_store_users_retire_keys    (StDb             *db,
                                                gint64            user_id,
                                                GError          **error);
/* Replaces the sealed key of a key record (re-sealed at a password change). */
gboolean         st_store_users_reseal_key     (StDb             *db,
                                                gint64            key_id,
                                                GBytes           *key_sealed,
                                                GError          **error);

G_END_DECLS
