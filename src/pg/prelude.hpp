// The one way glue code includes PostgreSQL (DESIGN.md section 3). Standard headers first, so PostgreSQL's
// macros (Max, Min, Assert, the printf renames of port.h...) cannot break them; then PostgreSQL's own
// headers inside extern "C", postgres.h first. Glue .cpp files include this header last.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <new>
#include <span>
#include <type_traits>
#include <utility>

// PostgreSQL 15's PGXS does not hide symbols; we build with -fvisibility=hidden and export only what the
// server must find. Defining PGDLLEXPORT before postgres.h makes PG_FUNCTION_INFO_V1 export the fmgr info.
#ifndef PGDLLEXPORT
#define PGDLLEXPORT __attribute__((visibility("default")))
#endif

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wregister"
#if defined(__clang__)
#pragma GCC diagnostic ignored "-Wignored-attributes"
#endif
extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/varbit.h"
}
#pragma GCC diagnostic pop

// PostgreSQL 15's fmgr.h does not declare _PG_init; a C++ definition without this would be name-mangled and
// silently never called.
extern "C" PGDLLEXPORT void _PG_init(void);
