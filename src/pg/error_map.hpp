// The single table from the core's error codes to SQLSTATEs, and the PG-regime way to raise a core Status.
#pragma once

#include "core/common/status.hpp"
#include "pg/prelude.hpp"

namespace vecsearch::pg {

// The SQLSTATE (an ERRCODE_* value) a core error code is reported with.
int SqlstateFor(ErrorCode code) noexcept;

// PG regime: raises `status` as an ERROR with its SQLSTATE; never returns. Call only when !status.ok().
[[noreturn]] void ReportStatus(const Status &status);

// PG regime: raises if `status` is not ok. Inline so the happy path is one branch.
inline void
CheckStatus(const Status &status)
{
	if (!status.ok())
		ReportStatus(status);
}

} // namespace vecsearch::pg
