// The load phase: the table (id bigint primary key, v vector(d)), with --filter-columns also (cat int4, anti
// int4), filled by COPY ... FROM STDIN (FORMAT binary), sent in chunks of about a megabyte. Binary COPY skips
// the server's text parsing of floats, so the load measures storage, not the parser.
#include <chrono>
#include <cstdio>
#include <optional>

#include "bench_error.hpp"
#include "filter_columns.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "progress.hpp"
#include "wire_format.hpp"

namespace vecsearch::bench {

namespace {

constexpr std::size_t kChunkBytes = 1 << 20;

void
SendChunk(PgConnection &conn, std::string *chunk, const std::string &copy_sql)
{
	if (chunk->empty())
		return;
	if (PQputCopyData(conn.Raw(), chunk->data(), static_cast<int>(chunk->size())) != 1)
		conn.Fail(std::string("COPY failed: ") + PQerrorMessage(conn.Raw()), copy_sql);
	chunk->clear();
}

} // namespace

LoadResult
RunLoad(const BenchOptions &options, const Dataset &dataset)
{
	std::fprintf(stderr, "load: %llu rows of %u dims into %s\n", static_cast<unsigned long long>(dataset.load_rows),
	             dataset.dims, options.table.c_str());
	PgConnection conn(options.dsn);
	conn.SetAll(options.settings);
	// The extension name and table name were checked to be plain identifiers when the options were parsed.
	conn.Exec("CREATE EXTENSION IF NOT EXISTS " + options.extension);
	conn.Exec("DROP TABLE IF EXISTS " + options.table);
	conn.Exec("CREATE TABLE " + options.table + " (id bigint PRIMARY KEY, v vector(" + std::to_string(dataset.dims) +
	          ")" + (options.filter_columns ? ", cat int4, anti int4" : "") + ")");

	// Computed before the clock starts: the principal direction is the client's work, not the server's.
	std::optional<FilterColumns> filter_columns;
	if (options.filter_columns)
		filter_columns.emplace(dataset);
	const std::string copy_sql = "COPY " + options.table +
	                             (options.filter_columns ? " (id, v, cat, anti)" : " (id, v)") +
	                             " FROM STDIN (FORMAT binary)";
	LoadResult result;
	const auto start = std::chrono::steady_clock::now();
	PgResult copy(PQexec(conn.Raw(), copy_sql.c_str()));
	conn.Check(copy.get(), PGRES_COPY_IN, copy_sql);

	Progress progress("load " + options.table, dataset.load_rows, "rows");
	std::string chunk;
	chunk.reserve(kChunkBytes + 8 * dataset.dims + 64);
	AppendCopyHeader(&chunk);
	for (std::uint64_t row = 0; row < dataset.load_rows; row++) {
		if (filter_columns)
			AppendCopyRow(&chunk, static_cast<std::int64_t>(row), dataset.BaseRow(row), dataset.dims,
			              FilterColumns::Cat(row), filter_columns->Anti(dataset.BaseRow(row)));
		else
			AppendCopyRow(&chunk, static_cast<std::int64_t>(row), dataset.BaseRow(row), dataset.dims);
		if (chunk.size() >= kChunkBytes) {
			SendChunk(conn, &chunk, copy_sql);
			progress.Update(row + 1);
		}
	}
	AppendCopyTrailer(&chunk);
	SendChunk(conn, &chunk, copy_sql);
	if (PQputCopyEnd(conn.Raw(), nullptr) != 1)
		conn.Fail(std::string("COPY failed: ") + PQerrorMessage(conn.Raw()), copy_sql);
	// The COPY's own result, then the null that ends the command.
	for (;;) {
		PgResult end(PQgetResult(conn.Raw()));
		if (!end)
			break;
		conn.Check(end.get(), PGRES_COMMAND_OK, copy_sql);
	}
	result.copy_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	progress.Finish(dataset.load_rows);
	result.rows = dataset.load_rows;
	result.rows_per_second = static_cast<double>(result.rows) / result.copy_seconds;

	// Statistics for the planner and a visibility map, as any real table has before it is queried.
	Progress vacuum("vacuum analyze " + options.table, 0, "");
	const auto vacuum_start = std::chrono::steady_clock::now();
	conn.Exec("VACUUM (ANALYZE) " + options.table);
	result.vacuum_analyze_seconds =
	    std::chrono::duration<double>(std::chrono::steady_clock::now() - vacuum_start).count();
	vacuum.Note("done");

	result.table_bytes = std::stoll(conn.QueryValue("SELECT pg_relation_size($1::regclass)", {options.table}));
	result.table_total_bytes =
	    std::stoll(conn.QueryValue("SELECT pg_total_relation_size($1::regclass)", {options.table}));
	return result;
}

} // namespace vecsearch::bench
