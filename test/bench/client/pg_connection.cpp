// libpq calls with error checks. Messages name the SQL so a failure in a long run says where it happened.
#include "pg_connection.hpp"

#include "bench_error.hpp"

namespace vecsearch::bench {

namespace {

// Long statements (COPY data is never passed here) are cut so an error message stays readable.
std::string
Shorten(const std::string &sql)
{
	return sql.size() <= 400 ? sql : sql.substr(0, 400) + " ...";
}

std::string
TrimNewline(std::string text)
{
	while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
		text.pop_back();
	return text;
}

} // namespace

PgConnection::PgConnection(const std::string &dsn)
{
	conn_ = PQconnectdb(dsn.c_str());
	if (conn_ == nullptr)
		throw BenchError("cannot connect: out of memory");
	if (PQstatus(conn_) != CONNECTION_OK) {
		const std::string message = TrimNewline(PQerrorMessage(conn_));
		PQfinish(conn_);
		conn_ = nullptr;
		throw BenchError("cannot connect to \"" + dsn + "\": " + message);
	}
	// Server NOTICEs (e.g. "extension already exists, skipping") would interleave with progress lines.
	PQsetNoticeProcessor(
	    conn_, [](void *, const char *) {}, nullptr);
}

PgConnection::~PgConnection()
{
	if (conn_ != nullptr)
		PQfinish(conn_);
}

void
PgConnection::Fail(const std::string &what, const std::string &sql)
{
	throw BenchError(what + "\n  SQL: " + Shorten(sql));
}

void
PgConnection::Check(const PGresult *result, ExecStatusType expected, const std::string &sql)
{
	if (result == nullptr)
		Fail("SQL failed: " + TrimNewline(PQerrorMessage(conn_)), sql);
	const ExecStatusType status = PQresultStatus(result);
	if (status == expected)
		return;
	std::string message = TrimNewline(PQresultErrorMessage(result));
	if (message.empty())
		message = std::string("unexpected result status ") + PQresStatus(status);
	const char *sqlstate = PQresultErrorField(result, PG_DIAG_SQLSTATE);
	if (sqlstate != nullptr)
		message += std::string(" (SQLSTATE ") + sqlstate + ")";
	Fail("SQL failed: " + message, sql);
}

PgResult
PgConnection::Exec(const std::string &sql)
{
	PgResult result(PQexec(conn_, sql.c_str()));
	const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
	Check(result.get(), status == PGRES_TUPLES_OK ? PGRES_TUPLES_OK : PGRES_COMMAND_OK, sql);
	return result;
}

PgResult
PgConnection::ExecParams(const std::string &sql, const std::vector<std::string> &params)
{
	std::vector<const char *> values;
	values.reserve(params.size());
	for (const std::string &param : params)
		values.push_back(param.c_str());
	PgResult result(
	    PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
	const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
	Check(result.get(), status == PGRES_TUPLES_OK ? PGRES_TUPLES_OK : PGRES_COMMAND_OK, sql);
	return result;
}

std::string
PgConnection::QueryValue(const std::string &sql, const std::vector<std::string> &params)
{
	PgResult result = ExecParams(sql, params);
	if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) < 1 || PQnfields(result.get()) < 1)
		Fail("SQL returned no row", sql);
	return PQgetisnull(result.get(), 0, 0) ? std::string() : std::string(PQgetvalue(result.get(), 0, 0));
}

void
PgConnection::Set(const std::string &name, const std::string &value)
{
	ExecParams("SELECT set_config($1, $2, false)", {name, value});
}

void
PgConnection::SetAll(const std::vector<std::pair<std::string, std::string>> &settings)
{
	for (const auto &[name, value] : settings)
		Set(name, value);
}

void
PgConnection::Prepare(const std::string &name, const std::string &sql, const std::vector<Oid> &types)
{
	PgResult result(PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(types.size()),
	                          types.empty() ? nullptr : types.data()));
	Check(result.get(), PGRES_COMMAND_OK, sql);
}

PgResult
PgConnection::ExecPreparedBinary(const std::string &name, const std::string &sql_for_errors,
                                 const std::vector<const std::string *> &params)
{
	static constexpr int kBinary[kMaxParams] = {1, 1, 1, 1, 1, 1, 1, 1};
	return ExecPreparedWithFormats(name, sql_for_errors, params, kBinary);
}

PgResult
PgConnection::ExecPreparedFormats(const std::string &name, const std::string &sql_for_errors,
                                  const std::vector<const std::string *> &params, const std::vector<int> &formats)
{
	if (formats.size() != params.size())
		Fail("a format for each parameter is needed", sql_for_errors);
	return ExecPreparedWithFormats(name, sql_for_errors, params, formats.data());
}

PgResult
PgConnection::ExecPreparedWithFormats(const std::string &name, const std::string &sql_for_errors,
                                      const std::vector<const std::string *> &params, const int *formats)
{
	// Fixed arrays: the statements here have at most a few parameters.
	const char *values[kMaxParams];
	int lengths[kMaxParams];
	if (params.size() > kMaxParams)
		Fail("too many parameters", sql_for_errors);
	for (std::size_t i = 0; i < params.size(); i++) {
		// c_str(): a text-format parameter is read up to its NUL; a binary one by its length.
		values[i] = params[i]->c_str();
		lengths[i] = static_cast<int>(params[i]->size());
	}
	PgResult result(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values, lengths, formats, 1));
	const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
	Check(result.get(), status == PGRES_TUPLES_OK ? PGRES_TUPLES_OK : PGRES_COMMAND_OK, sql_for_errors);
	return result;
}

} // namespace vecsearch::bench
