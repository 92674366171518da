// Machine and server facts for the report.
#include "machine_info.hpp"

#include <fstream>
#include <sched.h>
#include <string>
#include <thread>
#include <unistd.h>

#include "bench_error.hpp"
#include "core/simd/kernels.hpp"

namespace vecsearch::bench {

namespace {

// The value after the first "name<spaces>:" line of a /proc file, trimmed; "" when absent.
std::string
ProcField(const char *path, const std::string &name)
{
	std::ifstream file(path);
	std::string line;
	while (std::getline(file, line)) {
		if (line.rfind(name, 0) != 0)
			continue;
		const std::size_t colon = line.find(':');
		if (colon == std::string::npos || line.find_first_not_of(" \t", name.size()) != colon)
			continue;
		const std::size_t start = line.find_first_not_of(" \t", colon + 1);
		return start == std::string::npos ? std::string() : line.substr(start);
	}
	return std::string();
}

} // namespace

MachineInfo
CollectMachineInfo()
{
	MachineInfo info;
	info.cpu_model = ProcField("/proc/cpuinfo", "model name");
	// What nproc prints: the CPUs this process may run on, which a container or taskset can restrict.
	cpu_set_t cpus;
	CPU_ZERO(&cpus);
	info.cpus = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 ? static_cast<std::uint32_t>(CPU_COUNT(&cpus))
	                                                           : std::thread::hardware_concurrency();
	const std::string memory = ProcField("/proc/meminfo", "MemTotal");
	info.memory_kb = memory.empty() ? 0 : std::stoull(memory);
	info.client_simd_level = simd::LevelName(simd::DetectCpuLevel());
	char host[256] = {};
	if (gethostname(host, sizeof(host) - 1) == 0)
		info.hostname = host;
	return info;
}

ServerInfo
CollectServerInfo(PgConnection &conn, const BenchOptions &options)
{
	ServerInfo info;
	info.extension = options.extension;
	info.version = conn.QueryValue("SELECT current_setting('server_version')");
	info.version_full = conn.QueryValue("SELECT version()");
	PgResult extension = conn.ExecParams("SELECT extversion FROM pg_extension WHERE extname = $1", {options.extension});
	if (PQntuples(extension.get()) != 1)
		throw BenchError("extension \"" + options.extension + "\" is not installed in this database (" +
		                 PQdb(conn.Raw()) + "): run the load phase, or CREATE EXTENSION " + options.extension);
	info.extension_version = PQgetvalue(extension.get(), 0, 0);
	if (options.extension == "vecsearch")
		info.simd_info = conn.QueryValue("SELECT vecsearch_simd_info()::text");

	// Calling the type's input function loads the extension's library, which defines its GUCs (pgvector's
	// hnsw.ef_search reads as unset until then).
	conn.Exec("SELECT '[1]'::vector");
	// Settings that move the numbers; current_setting(name, true) is NULL ("") for one not defined.
	std::vector<std::string> names = {"shared_buffers",
	                                  "work_mem",
	                                  "maintenance_work_mem",
	                                  "max_parallel_maintenance_workers",
	                                  "max_parallel_workers",
	                                  "max_worker_processes",
	                                  "effective_cache_size",
	                                  "jit",
	                                  "synchronous_commit",
	                                  "fsync",
	                                  "wal_level",
	                                  "huge_pages",
	                                  options.ef_search_guc};
	for (const auto &setting : options.settings)
		names.push_back(setting.first);
	for (const std::string &name : names)
		info.settings.emplace_back(name, conn.QueryValue("SELECT current_setting($1, true)", {name}));
	return info;
}

} // namespace vecsearch::bench
