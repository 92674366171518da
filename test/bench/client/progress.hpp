// Progress of a long phase on stderr: "what: done/total unit (pct%), elapsed", at most about once a second,
// rewritten in place on a terminal and one line per update otherwise (logs stay readable). Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace vecsearch::bench {

class Progress {
public:
	// total 0: the amount of work is unknown, only done counts are shown.
	Progress(std::string what, std::uint64_t total, std::string unit);

	void Update(std::uint64_t done);
	// A free-form status in place of the counts (e.g. an index build's phase).
	void Note(const std::string &text);
	// The final line, always printed.
	void Finish(std::uint64_t done);

	double ElapsedSeconds() const;

private:
	void Print(const std::string &text, bool final_line);

	std::string what_;
	std::uint64_t total_;
	std::string unit_;
	bool terminal_;
	std::chrono::steady_clock::time_point start_;
	std::chrono::steady_clock::time_point last_print_;
	std::mutex mutex_;
};

} // namespace vecsearch::bench
