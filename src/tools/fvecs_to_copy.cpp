// Streams an fvecs file (and optionally a word list, one word per line, in the same order) as the text
// format of COPY ... FROM STDIN: "id<TAB>[word<TAB>]vector". Used to load real data sets into a table with
// psql's \copy. Progress goes to stderr; nothing is written anywhere else.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

// COPY's text format reserves backslash, tab, newline and carriage return.
void
WriteCopyEscaped(const std::string &text, std::string &out)
{
	for (char c : text) {
		switch (c) {
		case '\\': out += "\\\\"; break;
		case '\t': out += "\\t"; break;
		case '\n': out += "\\n"; break;
		case '\r': out += "\\r"; break;
		default: out += c;
		}
	}
}

int
Usage()
{
	std::fprintf(stderr, "usage: vecsearch-fvecs-to-copy BASE.fvecs [WORDS.txt] [--limit N]\n");
	return 2;
}

} // namespace

int
main(int argc, char **argv)
{
	const char *fvecs_path = nullptr;
	const char *words_path = nullptr;
	long long limit = -1;
	for (int i = 1; i < argc; i++) {
		if (std::strcmp(argv[i], "--limit") == 0 && i + 1 < argc)
			limit = std::atoll(argv[++i]);
		else if (fvecs_path == nullptr)
			fvecs_path = argv[i];
		else if (words_path == nullptr)
			words_path = argv[i];
		else
			return Usage();
	}
	if (fvecs_path == nullptr)
		return Usage();

	std::ifstream fvecs(fvecs_path, std::ios::binary);
	if (!fvecs) {
		std::fprintf(stderr, "cannot open %s\n", fvecs_path);
		return 1;
	}
	std::ifstream words;
	if (words_path != nullptr) {
		words.open(words_path);
		if (!words) {
			std::fprintf(stderr, "cannot open %s\n", words_path);
			return 1;
		}
	}
	fvecs.seekg(0, std::ios::end);
	const long long file_bytes = static_cast<long long>(fvecs.tellg());
	fvecs.seekg(0);

	std::vector<float> values;
	std::string line;
	std::string word;
	long long row = 0;
	long long expected_rows = -1;
	for (; limit < 0 || row < limit; row++) {
		std::int32_t dims = 0;
		if (!fvecs.read(reinterpret_cast<char *>(&dims), sizeof(dims)))
			break;
		if (dims <= 0 || dims > 1000000) {
			std::fprintf(stderr, "%s: row %lld has a bad dimension %d\n", fvecs_path, row, dims);
			return 1;
		}
		if (expected_rows < 0) {
			expected_rows = file_bytes / (4 + 4LL * dims);
			if (limit >= 0 && limit < expected_rows)
				expected_rows = limit;
		}
		values.resize(static_cast<std::size_t>(dims));
		if (!fvecs.read(reinterpret_cast<char *>(values.data()), static_cast<std::streamsize>(4LL * dims))) {
			std::fprintf(stderr, "%s: truncated at row %lld\n", fvecs_path, row);
			return 1;
		}
		line.clear();
		line += std::to_string(row + 1);
		line += '\t';
		if (words_path != nullptr) {
			if (!std::getline(words, word)) {
				std::fprintf(stderr, "%s: fewer words than vectors (%lld)\n", words_path, row);
				return 1;
			}
			WriteCopyEscaped(word, line);
			line += '\t';
		}
		line += '[';
		char number[32];
		for (std::size_t i = 0; i < values.size(); i++) {
			if (i > 0)
				line += ',';
			// Shortest text that reads back as exactly the same float.
			line.append(number, std::to_chars(number, number + sizeof(number), values[i]).ptr);
		}
		line += "]\n";
		std::fwrite(line.data(), 1, line.size(), stdout);
		if ((row + 1) % 20000 == 0)
			std::fprintf(stderr, "  %lld / %lld rows\n", row + 1, expected_rows);
	}
	std::fprintf(stderr, "  %lld rows written\n", row);
	return std::fflush(stdout) == 0 ? 0 : 1;
}
