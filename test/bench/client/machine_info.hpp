// What a result was measured on: the client machine (from /proc, so Linux only; fields stay empty
// elsewhere) and the server (version, the extension's version, settings that change the numbers).
#pragma once

#include "options.hpp"
#include "pg_connection.hpp"
#include "results.hpp"

namespace vecsearch::bench {

MachineInfo CollectMachineInfo();

// Throws BenchError when options.extension is not installed in the connected database.
ServerInfo CollectServerInfo(PgConnection &conn, const BenchOptions &options);

} // namespace vecsearch::bench
