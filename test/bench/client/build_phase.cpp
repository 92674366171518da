// The build phase: CREATE INDEX ... USING hnsw timed on one connection while a second connection polls
// pg_stat_progress_create_index for the progress line (both pgvector and vecsearch report there). With
// --index-columns the hnsw index has filter columns after the vector (vecsearch); --btree-columns adds
// untimed btree indexes afterwards, so the filtered phase's planner has the exact plans to choose from too.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "bench_error.hpp"
#include "pg_connection.hpp"
#include "phases.hpp"
#include "progress.hpp"

namespace vecsearch::bench {

namespace {

// Polls the build's progress once a second until destroyed. Advisory: if its connection fails it falls
// silent rather than failing the build it watches.
class BuildMonitor {
public:
	BuildMonitor(const std::string &dsn, int build_pid, Progress *progress)
	    : thread_([this, dsn, build_pid, progress]() { Poll(dsn, build_pid, progress); })
	{
	}

	~BuildMonitor()
	{
		{
			std::lock_guard lock(mutex_);
			stop_ = true;
		}
		wake_.notify_all();
		thread_.join();
	}

private:
	void Poll(const std::string &dsn, int build_pid, Progress *progress)
	{
		try {
			PgConnection conn(dsn);
			const std::string sql = "SELECT phase, blocks_done, blocks_total, tuples_done, tuples_total "
			                        "FROM pg_stat_progress_create_index WHERE pid = $1";
			std::unique_lock lock(mutex_);
			while (!wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stop_; })) {
				PgResult row = conn.ExecParams(sql, {std::to_string(build_pid)});
				if (PQntuples(row.get()) != 1)
					continue;
				auto field = [&](int column) { return std::string(PQgetvalue(row.get(), 0, column)); };
				std::string text = field(0);
				if (field(4) != "0")
					text += ", tuples " + field(3) + "/" + field(4);
				if (field(2) != "0")
					text += ", blocks " + field(1) + "/" + field(2);
				progress->Note(text);
			}
		} catch (const std::exception &error) {
			std::fprintf(stderr, "  (build progress unavailable: %s)\n", error.what());
		}
	}

	std::mutex mutex_;
	std::condition_variable wake_;
	bool stop_ = false;
	std::thread thread_; // last: starts after the members it uses exist
};

std::int64_t
RelationSize(PgConnection &conn, const char *function, const std::string &relation)
{
	return std::stoll(conn.QueryValue(std::string("SELECT ") + function + "($1::regclass)", {relation}));
}

} // namespace

std::string
BenchIndexName(const BenchOptions &options)
{
	return options.table + "_v_hnsw_idx";
}

BuildResult
RunBuild(const BenchOptions &options, Metric metric)
{
	BuildResult result;
	result.index_name = BenchIndexName(options);
	result.opclass = MetricOpclass(metric);
	result.m = options.m;
	result.ef_construction = options.ef_construction;
	result.index_columns = options.index_columns;
	std::string key_columns = "v " + result.opclass;
	for (const std::string &column : options.index_columns)
		key_columns += ", " + column;

	PgConnection conn(options.dsn);
	conn.SetAll(options.settings);
	if (options.maintenance_work_mem)
		conn.Set("maintenance_work_mem", *options.maintenance_work_mem);
	if (options.parallel_workers)
		conn.Set("max_parallel_maintenance_workers", std::to_string(*options.parallel_workers));
	result.maintenance_work_mem = conn.QueryValue("SELECT current_setting('maintenance_work_mem')");
	result.parallel_workers = conn.QueryValue("SELECT current_setting('max_parallel_maintenance_workers')");
	std::fprintf(stderr,
	             "build: hnsw (%s) WITH (m = %u, ef_construction = %u) on %s, maintenance_work_mem %s, "
	             "max_parallel_maintenance_workers %s\n",
	             key_columns.c_str(), options.m, options.ef_construction, options.table.c_str(),
	             result.maintenance_work_mem.c_str(), result.parallel_workers.c_str());

	conn.Exec("DROP INDEX IF EXISTS " + result.index_name);
	const std::string sql = "CREATE INDEX " + result.index_name + " ON " + options.table + " USING hnsw (" +
	                        key_columns + ") WITH (m = " + std::to_string(options.m) +
	                        ", ef_construction = " + std::to_string(options.ef_construction) + ")";
	Progress progress("build " + result.index_name, 0, "");
	const auto start = std::chrono::steady_clock::now();
	{
		BuildMonitor monitor(options.dsn, conn.BackendPid(), &progress);
		conn.Exec(sql);
	}
	result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
	progress.Note("done");

	result.index_bytes = RelationSize(conn, "pg_relation_size", result.index_name);
	result.table_total_bytes = RelationSize(conn, "pg_total_relation_size", options.table);

	// Untimed: they are not what is measured, only alternatives for the planner. ANALYZE after them, so the
	// statistics the filtered plans are chosen by are fresh whatever happened since the load.
	for (const std::string &column : options.btree_columns) {
		const std::string name = options.table + "_" + column + "_btree";
		Progress btree("btree " + name, 0, "");
		conn.Exec("DROP INDEX IF EXISTS " + name);
		conn.Exec("CREATE INDEX " + name + " ON " + options.table + " (" + column + ")");
		btree.Note("done");
		result.btree_indexes.push_back(name);
	}
	if (!options.btree_columns.empty())
		conn.Exec("ANALYZE " + options.table);
	return result;
}

} // namespace vecsearch::bench
