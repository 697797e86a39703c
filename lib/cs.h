/*
 * cs.h - everything the cs programs use from libcs.
 */
#ifndef CS_H
#define CS_H

#include "cs_cli.h"
#include "cs_csv.h"
#include "cs_db.h"
#include "cs_err.h"
#include "cs_import.h"
#include "cs_ledger.h"
#include "cs_metrics.h"
#include "cs_policy.h"
#include "cs_rules.h"
#include "cs_segment.h"
#include "cs_sha256.h"
#include "cs_snapshot.h"
#include "cs_table.h"
#include "cs_text.h"
#include "cs_value.h"

#endif
