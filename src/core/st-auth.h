/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "st-crypto.h"

G_BEGIN_DECLS

#define ST_AUTH_ERROR (st_auth_error_quark ())
GQuark st_auth_error_quark (void);

typedef enum {
  /* A new password breaks the password rules. */
  ST_AUTH_ERROR_WEAK_PASSWORD = 200,
  /* A role name that Stroma does not know. */
  ST_AUTH_ERROR_UNKNOWN_ROLE = 201,
  /* The user name or the password is wrong. */
  ST_AUTH_ERROR_WRONG_PASSWORD = 300,
  /* The account is locked after too many failed sign-ins. */
  ST_AUTH_ERROR_LOCKED = 301,
  /* The account is disabled. */
  ST_AUTH_ERROR_DISABLED = 302,
  /* The password is older than the site allows, or was reset: change it. */
  ST_AUTH_ERROR_EXPIRED = 303,
  /* Nobody is signed in. */
  ST_AUTH_ERROR_NOT_SIGNED_IN = 304,
  /* The user lacks the role the action needs. */
  ST_AUTH_ERROR_ROLE = 305,
} StAuthError;

typedef enum {
  ST_ROLE_NONE = 0,
  ST_ROLE_OPERATOR = 1 << 0,
  ST_ROLE_REVIEWER = 1 << 1,
  ST_ROLE_QP = 1 << 2,
  ST_ROLE_ADMIN = 1 << 3,
} StRole;

#define ST_ROLE_ALL (ST_ROLE_OPERATOR | ST_ROLE_REVIEWER | ST_ROLE_QP | ST_ROLE_ADMIN)

/* 600,000 iterations of PBKDF2-HMAC-SHA256: OWASP's 2023 figure.  Only the
 * memcheck build (meson -Dmemcheck=true, whose programs refuse to start)
 * uses fewer, so that the core tests finish under valgrind. */
#ifdef ST_MEMCHECK_BUILD
#define ST_AUTH_ITERATIONS 1000
#else
#define ST_AUTH_ITERATIONS 600000
#endif
#define ST_AUTH_SALT_LENGTH 16
#define ST_AUTH_MIN_PASSWORD_LENGTH 10
#define ST_AUTH_MAX_PASSWORD_LENGTH 1024
#define ST_AUTH_MAX_FAILED_SIGN_INS 5
#define ST_AUTH_PASSWORD_MAX_AGE_DAYS 180

/*
 * One key derivation per password gives two independent keys: a verifier
 * that is stored, and a key-encryption key that is never stored and unlocks
 * the user's private signing key.  Entering the password at signing thus both
 * authenticates and unlocks.
 */
typedef struct {
  guint8 salt[ST_AUTH_SALT_LENGTH];
  guint iterations;
  guint8 verifier[ST_KEY_LENGTH];
  guint8 kek[ST_KEY_LENGTH];
} StPasswordKeys;

gboolean st_auth_check_policy  (const char     *username,
                                const char     *password,
                                GError        **error);
/* A fresh salt and the keys of @password. */
gboolean st_auth_derive_new    (const char     *password,
                                StPasswordKeys *keys,
                                GError        **error);
/* The keys of @password with a stored salt and iteration count. */
gboolean st_auth_derive        (const char     *password,
                                const guint8   *salt,
                                gsize           salt_len,
                                guint           iterations,
                                StPasswordKeys *keys,
                                GError        **error);
/* Constant-time comparison with a stored verifier. */
gboolean st_auth_verifier_matches (const StPasswordKeys *keys,
                                   const guint8         *stored,
                                   gsize                 stored_len);
void     st_password_keys_clear (StPasswordKeys *keys);

/* "operator,qp" <-> flags; the text form lists roles in a fixed order. */
gboolean    st_role_parse_list     (const char  *text,
                                    StRole      *roles,
                                    GError     **error);
char       *st_role_list_to_string (StRole       roles);
const char *st_role_to_string      (StRole       role);
/* The role words as people read them: "Qualified Person". */
const char *st_role_display_name   (StRole       role);

G_END_DECLS
