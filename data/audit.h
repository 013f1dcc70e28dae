/* audit.h: the audit log of who read or changed what. Entries are written
 * inside the caller's transaction (or alone, for reads). Never put a
 * PESEL or a password in `detail`. */
#ifndef OKIENKO_AUDIT_H
#define OKIENKO_AUDIT_H

#include "db.h"

/* action: "read", "create", "update", "void", "login", "login_failed", ...
 * entity: "client", "employer", "event", "staff", ...; uid may be NULL. */
enum ok_status audit_log(struct ok_db *db, const char *action, const char *entity,
                         const char *uid, const char *detail);

#endif
