// Command-line parsing: "--flag value" or "--flag=value", comma-separated lists, every number range-checked
// so that bad input ends in a message and exit status 2, never in a crash or a silently odd run.
#include "options.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace vecsearch::bench {

namespace {

constexpr const char *kUsage =
    "usage: vecsearch-bench load|build|query|insert|all|filtered [flags]\n"
    "       vecsearch-bench plot --out FILE.png RESULT.json [RESULT.json ...]\n"
    "\n"
    "phases: load (create extension and table, binary COPY), build (time CREATE INDEX), query (ef_search\n"
    "sweep: recall, QPS, latency, for each --clients count), insert (single-row INSERT throughput), all (the\n"
    "four), filtered (filtered queries: for each --filters spec, ef_search and --clients count; its own report).\n"
    "\n"
    "  --dsn STR                  libpq connection string (default: PGHOST, PGPORT, ... environment)\n"
    "  --extension NAME           vector (pgvector) or vecsearch; required\n"
    "  --dataset SPEC             fvecs folder (base.fvecs, query.fvecs, optional groundtruth.ivecs,\n"
    "                             README.md with a 'metric:' line) or synthetic:ROWSxDIMS[:clusters][:seed]\n"
    "  --metric l2|ip|cosine|l1   default: the data set README's metric, else l2\n"
    "  --table NAME               default bench_items (lower-case letters, digits, _)\n"
    "  --rows N                   base rows to load (default: all; synthetic: ROWS)\n"
    "  --queries N                query vectors (default: all of query.fvecs; synthetic: 1000)\n"
    "  --k N                      neighbours per query (default 10)\n"
    "  --m N --ef-construction N  index options (default 16, 64)\n"
    "  --ef-search LIST           default 10,20,40,80,160,320\n"
    "  --ef-search-guc NAME       default hnsw.ef_search\n"
    "  --clients LIST             concurrent connections for query, filtered and insert runs (default 1)\n"
    "  --duration SECONDS         per query run, cycling over the queries (default 0: each query once)\n"
    "  --warmup N                 untimed queries per client before each run (default 100)\n"
    "  --insert-rows N            rows inserted per --clients count (default 1000)\n"
    "  --maintenance-work-mem STR for the index build, e.g. 1GB (default: server setting)\n"
    "  --parallel-workers N       max_parallel_maintenance_workers for the build (default: server setting)\n"
    "  --set NAME=VALUE           a setting for every connection (repeatable), e.g. enable_seqscan=off\n"
    "  --label NAME               name in tables and plots (default: pgvector or vecsearch)\n"
    "  --out PREFIX               writes PREFIX.json, .md, .gp, .png (default results/TABLE-LABEL)\n"
    "  --threads N                threads for exact ground truth (default: one per CPU)\n"
    "\n"
    "filtered queries:\n"
    "  --filter-columns           load: add int4 columns cat (SplitMix64(id) % 1000) and anti (decile along the\n"
    "                             data's first principal direction)\n"
    "  --index-columns LIST       build: hnsw (v OPCLASS, LIST...), e.g. cat,anti (vecsearch only)\n"
    "  --btree-columns LIST       build: CREATE INDEX TABLE_COL_btree ON TABLE (COL) for each, then ANALYZE\n"
    "  --filters LIST             filtered: none, in:N (N of 1000 categories, N divides 1000), anti\n"
    "                             (default none,in:500,in:100,in:10,in:1,anti)\n";

constexpr const char *kDefaultFilters = "none,in:500,in:100,in:10,in:1,anti";

bool
Fail(const char *format, const char *detail)
{
	std::fprintf(stderr, "vecsearch-bench: ");
	std::fprintf(stderr, format, detail);
	std::fprintf(stderr, "\n(see vecsearch-bench --help)\n");
	return false;
}

bool
ParseUnsigned(const std::string &text, std::uint64_t min_value, std::uint64_t max_value, std::uint64_t *out)
{
	if (text.empty() || text[0] < '0' || text[0] > '9')
		return false;
	errno = 0;
	char *end = nullptr;
	const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
	if (errno != 0 || *end != '\0' || value < min_value || value > max_value)
		return false;
	*out = value;
	return true;
}

bool
ParseU32(const std::string &text, std::uint32_t min_value, std::uint32_t max_value, std::uint32_t *out)
{
	std::uint64_t value = 0;
	if (!ParseUnsigned(text, min_value, max_value, &value))
		return false;
	*out = static_cast<std::uint32_t>(value);
	return true;
}

bool
ParseU32List(const std::string &text, std::uint32_t min_value, std::uint32_t max_value, std::vector<std::uint32_t> *out)
{
	out->clear();
	std::size_t start = 0;
	for (;;) {
		const std::size_t comma = text.find(',', start);
		std::uint32_t value = 0;
		if (!ParseU32(text.substr(start, comma - start), min_value, max_value, &value))
			return false;
		out->push_back(value);
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	return out->size() <= 1000;
}

// Names that go into SQL unquoted: table, column and GUC names. Restricting them is simpler and safer than
// quoting, and no benchmark needs more.
bool
IsPlainName(const std::string &text, bool allow_dot)
{
	if (text.empty() || text.size() > 48 || (text[0] >= '0' && text[0] <= '9'))
		return false;
	for (char c : text) {
		const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (allow_dot && c == '.');
		if (!ok)
			return false;
	}
	return true;
}

// A comma-separated list of distinct column names (unquoted in SQL, so plain names only).
bool
ParseNameList(const std::string &text, std::vector<std::string> *out)
{
	out->clear();
	std::size_t start = 0;
	for (;;) {
		const std::size_t comma = text.find(',', start);
		const std::string name = text.substr(start, comma - start);
		if (!IsPlainName(name, false) || std::find(out->begin(), out->end(), name) != out->end())
			return false;
		out->push_back(name);
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	return out->size() <= 31;
}

bool
ParseFilterList(const std::string &text, std::vector<FilterSpec> *out)
{
	out->clear();
	std::size_t start = 0;
	for (;;) {
		const std::size_t comma = text.find(',', start);
		FilterSpec spec;
		if (!ParseFilterSpec(text.substr(start, comma - start), &spec))
			return false;
		out->push_back(spec);
		if (comma == std::string::npos)
			break;
		start = comma + 1;
	}
	return out->size() <= 100;
}

} // namespace

bool
ParseOptions(int argc, char **argv, BenchOptions *out, int *exit_code)
{
	*out = BenchOptions();
	*exit_code = 2;
	if (argc < 2)
		return Fail("%s", "no subcommand given");
	const std::string command = argv[1];
	if (command == "--help" || command == "-h" || command == "help") {
		std::fputs(kUsage, stdout);
		*exit_code = 0;
		return false;
	}
	if (command == "load")
		out->run_load = true;
	else if (command == "build")
		out->run_build = true;
	else if (command == "query")
		out->run_query = true;
	else if (command == "insert")
		out->run_insert = true;
	else if (command == "all")
		out->run_load = out->run_build = out->run_query = out->run_insert = true;
	else if (command == "filtered")
		out->run_filtered = true;
	else if (command == "plot")
		out->plot_only = true;
	else
		return Fail("unknown subcommand \"%s\"", command.c_str());

	for (int i = 2; i < argc; i++) {
		std::string flag = argv[i];
		if (flag == "--help" || flag == "-h") {
			std::fputs(kUsage, stdout);
			*exit_code = 0;
			return false;
		}
		if (flag.rfind("--", 0) != 0) {
			if (!out->plot_only)
				return Fail("unexpected argument \"%s\"", flag.c_str());
			out->plot_inputs.push_back(flag);
			continue;
		}
		// The one flag without a value.
		if (flag == "--filter-columns") {
			out->filter_columns = true;
			continue;
		}
		std::string value;
		const std::size_t equals = flag.find('=');
		if (equals != std::string::npos) {
			value = flag.substr(equals + 1);
			flag.resize(equals);
		} else if (i + 1 < argc) {
			value = argv[++i];
		} else {
			return Fail("%s needs a value", flag.c_str());
		}

		bool ok = true;
		std::uint64_t number = 0;
		if (flag == "--dsn")
			out->dsn = value;
		else if (flag == "--extension") {
			out->extension = value;
			ok = value == "vector" || value == "vecsearch";
		} else if (flag == "--dataset")
			out->dataset = value;
		else if (flag == "--metric") {
			Metric metric = Metric::kL2;
			ok = ParseMetric(value, &metric);
			out->metric = metric;
		} else if (flag == "--table") {
			out->table = value;
			ok = IsPlainName(value, false);
		} else if (flag == "--label") {
			out->label = value;
			ok = !value.empty() && value.size() <= 64 && value.find_first_of("\"\\\n'`$") == std::string::npos;
		} else if (flag == "--out") {
			out->out = value;
			ok = !value.empty();
		} else if (flag == "--rows") {
			ok = ParseUnsigned(value, 1, 1ULL << 36, &number);
			out->rows = number;
		} else if (flag == "--queries") {
			ok = ParseUnsigned(value, 1, 1ULL << 32, &number);
			out->queries = number;
		} else if (flag == "--k")
			ok = ParseU32(value, 1, 10000, &out->k);
		else if (flag == "--m")
			ok = ParseU32(value, 2, 100, &out->m);
		else if (flag == "--ef-construction")
			ok = ParseU32(value, 4, 1000, &out->ef_construction);
		else if (flag == "--ef-search")
			ok = ParseU32List(value, 1, 100000, &out->ef_search);
		else if (flag == "--ef-search-guc") {
			out->ef_search_guc = value;
			ok = IsPlainName(value, true);
		} else if (flag == "--clients")
			ok = ParseU32List(value, 1, 1024, &out->clients);
		else if (flag == "--duration") {
			char *end = nullptr;
			out->duration = std::strtod(value.c_str(), &end);
			ok = !value.empty() && *end == '\0' && std::isfinite(out->duration) && out->duration >= 0.0 &&
			     out->duration <= 86400.0;
		} else if (flag == "--warmup")
			ok = ParseU32(value, 0, 100000000, &out->warmup);
		else if (flag == "--insert-rows")
			ok = ParseUnsigned(value, 1, 1ULL << 32, &out->insert_rows);
		else if (flag == "--maintenance-work-mem")
			out->maintenance_work_mem = value;
		else if (flag == "--parallel-workers") {
			std::uint32_t workers = 0;
			ok = ParseU32(value, 0, 1024, &workers);
			out->parallel_workers = workers;
		} else if (flag == "--set") {
			const std::size_t eq = value.find('=');
			ok = eq != std::string::npos && eq > 0 && IsPlainName(value.substr(0, eq), true);
			if (ok)
				out->settings.emplace_back(value.substr(0, eq), value.substr(eq + 1));
		} else if (flag == "--threads")
			ok = ParseU32(value, 1, 1024, &out->threads);
		else if (flag == "--index-columns")
			ok = ParseNameList(value, &out->index_columns);
		else if (flag == "--btree-columns")
			ok = ParseNameList(value, &out->btree_columns);
		else if (flag == "--filters")
			ok = ParseFilterList(value, &out->filters);
		else if (flag == "--filter-columns")
			return Fail("%s takes no value", flag.c_str());
		else
			return Fail("unknown flag %s", flag.c_str());
		if (!ok)
			return Fail("bad value for %s", flag.c_str());
	}

	if (out->plot_only) {
		if (out->out.empty() || out->plot_inputs.empty())
			return Fail("%s", "plot needs --out FILE.png and at least one result JSON file");
		*exit_code = 0;
		return true;
	}
	if (out->extension.empty())
		return Fail("%s", "--extension vector|vecsearch is required");
	if ((out->run_load || out->run_query || out->run_insert || out->run_filtered) && out->dataset.empty())
		return Fail("%s", "--dataset is required for load, query, insert, all and filtered");
	// pgvector's hnsw has one key column; said here rather than after a load of many minutes in "all".
	if (!out->index_columns.empty() && out->extension != "vecsearch")
		return Fail("%s", "--index-columns needs --extension vecsearch (pgvector's hnsw indexes one column)");
	if (out->filters.empty())
		ParseFilterList(kDefaultFilters, &out->filters);
	if (out->label.empty())
		out->label = out->extension == "vector" ? "pgvector" : out->extension;
	if (out->out.empty())
		out->out = "results/" + out->table + "-" + out->label;
	*exit_code = 0;
	return true;
}

std::string
RedactPassword(const std::string &text)
{
	std::string out = text;
	for (std::size_t at = out.find("password="); at != std::string::npos; at = out.find("password=", at + 1)) {
		const std::size_t start = at + 9;
		const bool quoted = start < out.size() && out[start] == '\'';
		std::size_t end = quoted ? out.find('\'', start + 1) : out.find_first_of(" &", start);
		end = end == std::string::npos ? out.size() : end + (quoted ? 1 : 0);
		out.replace(start, end - start, "***");
	}
	const std::size_t scheme = out.find("://");
	if (scheme != std::string::npos) {
		const std::size_t at = out.find('@', scheme);
		const std::size_t colon = out.find(':', scheme + 3);
		if (at != std::string::npos && colon != std::string::npos && colon < at && out.find('/', scheme + 3) > at)
			out.replace(colon + 1, at - colon - 1, "***");
	}
	return out;
}

} // namespace vecsearch::bench
