// The plot: result files are read back with the JSON reader, their query rows grouped into curves, and the
// data written inline into the gnuplot script (datablocks), so the .gp file alone redraws the picture.
#include "plot.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>

#include "bench_error.hpp"
#include "json.hpp"
#include "report.hpp"

extern char **environ;

namespace vecsearch::bench {

namespace {

struct Point {
	double recall;
	double qps;
	long ef_search;
};

struct Curve {
	std::string title;
	std::vector<Point> points;
};

// A gnuplot single-quoted string: quotes doubled, line breaks flattened.
std::string
Quoted(const std::string &text)
{
	std::string out = "'";
	for (char c : text) {
		if (c == '\'')
			out += "''";
		else if (c == '\n' || c == '\r')
			out += ' ';
		else
			out += c;
	}
	return out + "'";
}

std::string
StringMember(const JsonValue &object, const char *key, const std::string &fallback)
{
	const JsonValue *value = object.IsObject() ? object.Find(key) : nullptr;
	return value != nullptr && value->IsString() ? value->String() : fallback;
}

double
NumberMember(const JsonValue &object, const char *key)
{
	const JsonValue *value = object.IsObject() ? object.Find(key) : nullptr;
	return value != nullptr && value->IsNumber() ? value->Number() : std::nan("");
}

// The curves of one result file: its query rows by client count, in ef_search order.
std::vector<Curve>
ReadCurves(const std::string &path, std::string *dataset, int *k)
{
	std::ifstream file(path);
	if (!file)
		throw BenchError("cannot read " + path);
	std::stringstream text;
	text << file.rdbuf();
	JsonValue root;
	std::string error;
	if (!ParseJson(text.str(), &root, &error))
		throw BenchError(path + ": not valid JSON: " + error);
	const JsonValue *queries = root.IsObject() ? root.Find("queries") : nullptr;
	if (queries == nullptr || !queries->IsArray() || queries->Items().empty())
		throw BenchError(path + ": has no query results (\"queries\") to plot");
	const std::string label = StringMember(root, "label", path);
	if (const JsonValue *data = root.Find("dataset"); data != nullptr && dataset->empty())
		*dataset = StringMember(*data, "spec", "");

	std::map<long, Curve> by_clients;
	for (const JsonValue &row : queries->Items()) {
		const double clients = NumberMember(row, "clients");
		const Point point{NumberMember(row, "recall"), NumberMember(row, "qps"),
		                  static_cast<long>(NumberMember(row, "ef_search"))};
		if (!std::isfinite(clients) || !std::isfinite(point.recall) || !std::isfinite(point.qps) || point.qps <= 0.0)
			continue;
		if (const double row_k = NumberMember(row, "k"); std::isfinite(row_k))
			*k = static_cast<int>(row_k);
		by_clients[static_cast<long>(clients)].points.push_back(point);
	}
	std::vector<Curve> curves;
	for (auto &[clients, curve] : by_clients) {
		curve.title = label + (by_clients.size() > 1 || clients != 1
		                           ? ", " + std::to_string(clients) + " client" + (clients == 1 ? "" : "s")
		                           : "");
		curves.push_back(std::move(curve));
	}
	if (curves.empty())
		throw BenchError(path + ": no usable query rows (clients, recall, qps)");
	return curves;
}

// Runs gnuplot on the script; false (with a message) when gnuplot is missing or fails.
bool
RunGnuplot(const std::string &script_path)
{
	pid_t pid = 0;
	char program[] = "gnuplot";
	std::string script = script_path;
	char *argv[] = {program, script.data(), nullptr};
	const int spawn_error = posix_spawnp(&pid, program, nullptr, nullptr, argv, environ);
	if (spawn_error != 0) {
		std::fprintf(stderr, "  gnuplot not run (%s); draw the plot with: gnuplot %s\n", std::strerror(spawn_error),
		             script_path.c_str());
		return false;
	}
	int status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		std::fprintf(stderr, "  gnuplot failed on %s\n", script_path.c_str());
		return false;
	}
	return true;
}

} // namespace

bool
WritePlot(const std::string &png_path, const std::vector<std::string> &json_paths)
{
	std::string dataset;
	int k = 10;
	std::vector<Curve> curves;
	for (const std::string &path : json_paths)
		for (Curve &curve : ReadCurves(path, &dataset, &k))
			curves.push_back(std::move(curve));

	std::string base = png_path;
	if (base.size() > 4 && base.compare(base.size() - 4, 4, ".png") == 0)
		base.resize(base.size() - 4);
	const std::string script_path = base + ".gp";

	std::ostringstream gp;
	gp << "# recall@" << k << " vs queries per second; written by vecsearch-bench plot from:\n";
	for (const std::string &path : json_paths)
		gp << "#   " << path << "\n";
	gp << "set terminal pngcairo size 1000,700 noenhanced\n"
	   << "set output " << Quoted(png_path) << "\n"
	   << "set title " << Quoted("recall@" + std::to_string(k) + " vs QPS" + (dataset.empty() ? "" : ": " + dataset))
	   << "\n"
	   << "set xlabel " << Quoted("recall@" + std::to_string(k)) << "\n"
	   << "set ylabel 'queries per second (log scale)'\n"
	   << "set logscale y\n"
	   << "set grid\n"
	   << "set key bottom left box opaque\n";
	for (std::size_t c = 0; c < curves.size(); c++) {
		gp << "$curve" << c << " << EOD\n";
		for (const Point &point : curves[c].points)
			gp << point.recall << " " << point.qps << " " << point.ef_search << "\n";
		gp << "EOD\n";
	}
	// Fixed colours: gnuplot's default cycle includes a yellow that is hard to see on white.
	static constexpr const char *kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd",
	                                           "#ff7f0e", "#17becf", "#8c564b", "#e377c2"};
	gp << "plot";
	for (std::size_t c = 0; c < curves.size(); c++)
		gp << (c > 0 ? ", \\\n    " : " ") << "$curve" << c << " using 1:2 with linespoints linewidth 2 linecolor rgb '"
		   << kColours[c % std::size(kColours)] << "' title " << Quoted(curves[c].title) << ", $curve" << c
		   << " using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle";
	gp << "\n";
	WriteTextFile(script_path, gp.str());
	if (!RunGnuplot(script_path))
		return false;
	std::fprintf(stderr, "  plot: %s (script %s)\n", png_path.c_str(), script_path.c_str());
	return true;
}

} // namespace vecsearch::bench
