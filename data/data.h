/* data.h: the public face of data/, the library that holds the office's
 * records and rules. It never draws and never exits the program; every
 * call that can fail returns an enum ok_status and leaves a translated
 * message in db_errmsg(). */
#ifndef OKIENKO_DATA_H
#define OKIENKO_DATA_H

#include "intl.h"
#include "date.h"
#include "text.h"
#include "validate.h"
#include "db.h"
#include "codes.h"
#include "audit.h"
#include "staff.h"
#include "client.h"
#include "register.h"
#include "event.h"
#include "employer.h"
#include "demo.h"
#include "import.h"
#include "report.h"
#include "counts.h"
#include "activity.h"
#include "central.h"
#include "sync.h"

#endif
