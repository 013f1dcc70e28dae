/* audit.c: the audit log. Each entry names the actor (staff login or
 * operating-system user), the action and the record's uid; never a PESEL. */
#include "config.h"

#include "audit.h"
#include "db_private.h"

enum ok_status audit_log(struct ok_db *db, const char *action, const char *entity,
                         const char *uid, const char *detail)
{
	sqlite3_stmt *st = db_stmt(db, "INSERT INTO audit(actor, action, entity, entity_uid, detail)"
	                               " VALUES(?1, ?2, ?3, ?4, ?5)");
	if (!st)
		return OK_EIO;
	sqlite3_bind_text(st, 1, db_actor(db)->login, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, entity, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 4, uid);
	db_bind_text_or_null(st, 5, detail);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? OK_OK : db_sqlfail(db, rc);
}
