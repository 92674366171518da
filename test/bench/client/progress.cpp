// Rate-limited progress lines on stderr.
#include "progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace vecsearch::bench {

namespace {

constexpr auto kInterval = std::chrono::seconds(1);

} // namespace

Progress::Progress(std::string what, std::uint64_t total, std::string unit)
    : what_(std::move(what)), total_(total), unit_(std::move(unit)), terminal_(isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()), last_print_(start_)
{
}

double
Progress::ElapsedSeconds() const
{
	return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void
Progress::Update(std::uint64_t done)
{
	const auto now = std::chrono::steady_clock::now();
	std::unique_lock lock(mutex_, std::try_to_lock);
	// A worker that finds another one printing skips its update instead of waiting: progress is advisory.
	if (!lock.owns_lock() || now - last_print_ < kInterval)
		return;
	last_print_ = now;
	char text[160];
	if (total_ > 0)
		std::snprintf(text, sizeof(text), "%llu/%llu %s (%.1f%%)", static_cast<unsigned long long>(done),
		              static_cast<unsigned long long>(total_), unit_.c_str(),
		              100.0 * static_cast<double>(done) / static_cast<double>(total_));
	else
		std::snprintf(text, sizeof(text), "%llu %s", static_cast<unsigned long long>(done), unit_.c_str());
	Print(text, false);
}

void
Progress::Note(const std::string &text)
{
	const auto now = std::chrono::steady_clock::now();
	std::lock_guard lock(mutex_);
	last_print_ = now;
	Print(text, false);
}

void
Progress::Finish(std::uint64_t done)
{
	std::lock_guard lock(mutex_);
	char text[160];
	std::snprintf(text, sizeof(text), "%llu %s, done", static_cast<unsigned long long>(done), unit_.c_str());
	Print(text, true);
}

void
Progress::Print(const std::string &text, bool final_line)
{
	const double elapsed = ElapsedSeconds();
	if (terminal_)
		std::fprintf(stderr, "\r\033[K  %s: %s, %.1f s%s", what_.c_str(), text.c_str(), elapsed,
		             final_line ? "\n" : "");
	else
		std::fprintf(stderr, "  %s: %s, %.1f s\n", what_.c_str(), text.c_str(), elapsed);
	std::fflush(stderr);
}

} // namespace vecsearch::bench
