// The one exception type of the benchmark client: a message meant for the user (with the SQL that failed,
// when there is one). main() prints it and exits non-zero; nothing in the client catches it to go on.
#pragma once

#include <stdexcept>
#include <string>

namespace vecsearch::bench {

class BenchError : public std::runtime_error {
public:
	explicit BenchError(const std::string &message) : std::runtime_error(message) {}
};

} // namespace vecsearch::bench
