// The report writers' shared formatting.
#include "report_format.hpp"

#include <cstdio>

namespace vecsearch::bench {

std::string
Format(const char *format, double value)
{
	char text[64];
	std::snprintf(text, sizeof(text), format, value);
	return text;
}

JsonValue
LatencyJson(const LatencySummary &latency)
{
	JsonValue json = JsonValue::Object();
	json.Set("mean_ms", latency.mean_ms);
	json.Set("p50_ms", latency.p50_ms);
	json.Set("p99_ms", latency.p99_ms);
	json.Set("max_ms", latency.max_ms);
	return json;
}

JsonValue
NameListJson(const std::vector<std::string> &names)
{
	JsonValue json = JsonValue::Array();
	for (const std::string &name : names)
		json.Push(name);
	return json;
}

} // namespace vecsearch::bench
