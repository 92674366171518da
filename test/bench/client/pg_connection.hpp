// A libpq connection that turns every failure into a BenchError carrying the server's message, its SQLSTATE
// and the SQL that failed, so no phase can go on after an error by accident. One connection per thread;
// libpq connections must not be shared between threads.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <libpq-fe.h>

namespace vecsearch::bench {

struct PgResultDeleter {
	void operator()(PGresult *result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultDeleter>;

class PgConnection {
public:
	explicit PgConnection(const std::string &dsn);
	~PgConnection();
	PgConnection(const PgConnection &) = delete;
	PgConnection &operator=(const PgConnection &) = delete;

	PGconn *Raw() { return conn_; }

	// A statement without parameters; returns its result (tuples or command status).
	PgResult Exec(const std::string &sql);
	// A statement with text parameters $1, $2, ... (no quoting of values needed).
	PgResult ExecParams(const std::string &sql, const std::vector<std::string> &params);
	// The first column of the first row as text; throws when there is no row, "" for NULL.
	std::string QueryValue(const std::string &sql, const std::vector<std::string> &params = {});
	// set_config(name, value, false): a session setting, the value passed as a parameter.
	void Set(const std::string &name, const std::string &value);
	void SetAll(const std::vector<std::pair<std::string, std::string>> &settings);

	// Prepares `sql` as statement `name` with the given parameter types (0 = let the server infer).
	void Prepare(const std::string &name, const std::string &sql, const std::vector<Oid> &types);
	// Runs a prepared statement with binary parameters, asking for binary results.
	PgResult ExecPreparedBinary(const std::string &name, const std::string &sql_for_errors,
	                            const std::vector<const std::string *> &params);
	// The same with each parameter's format given: 1 binary, 0 text (a NUL-terminated string, such as an
	// array literal, which has no simple binary form). Results are still binary.
	PgResult ExecPreparedFormats(const std::string &name, const std::string &sql_for_errors,
	                             const std::vector<const std::string *> &params, const std::vector<int> &formats);

	// Throws unless `result` finished as `expected` (PGRES_TUPLES_OK, PGRES_COMMAND_OK, ...).
	void Check(const PGresult *result, ExecStatusType expected, const std::string &sql);
	[[noreturn]] void Fail(const std::string &what, const std::string &sql);

	int BackendPid() { return PQbackendPID(conn_); }

private:
	static constexpr std::size_t kMaxParams = 8;

	PgResult ExecPreparedWithFormats(const std::string &name, const std::string &sql_for_errors,
	                                 const std::vector<const std::string *> &params, const int *formats);

	PGconn *conn_ = nullptr;
};

} // namespace vecsearch::bench
