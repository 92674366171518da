// Reads EXPLAIN's text format: a node line is the first line or one starting "->  " after its indentation;
// any other line is a "Key: value" detail of the node above it.
#include "plan_summary.hpp"

namespace vecsearch::bench {

namespace {

constexpr std::size_t kLongLiteral = 24;

struct PlanNode {
	std::string name;
	std::vector<std::string> conditions;
};

} // namespace

std::string
ShortenLiterals(const std::string &text)
{
	std::string out;
	std::size_t at = 0;
	while (at < text.size()) {
		const std::size_t open = text.find('\'', at);
		if (open == std::string::npos) {
			out.append(text, at, std::string::npos);
			break;
		}
		// The closing quote, stepping over doubled quotes inside the literal.
		std::size_t close = open + 1;
		for (;; close += 2) {
			close = text.find('\'', close);
			if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != '\'')
				break;
		}
		if (close == std::string::npos) {
			out.append(text, at, std::string::npos);
			break;
		}
		out.append(text, at, open - at);
		if (close - open - 1 > kLongLiteral)
			out += "'...'";
		else
			out.append(text, open, close - open + 1);
		at = close + 1;
	}
	return out;
}

std::string
SummarizePlan(const std::vector<std::string> &lines)
{
	std::vector<PlanNode> nodes;
	for (std::size_t i = 0; i < lines.size(); i++) {
		const std::size_t start = lines[i].find_first_not_of(' ');
		if (start == std::string::npos)
			continue;
		std::string text = lines[i].substr(start);
		const bool arrow = text.rfind("->  ", 0) == 0;
		if (arrow || i == 0) {
			nodes.push_back(PlanNode{arrow ? text.substr(4) : text, {}});
			continue;
		}
		// What a scan checks, and where: an Index Cond inside the index, a Filter on the rows it returns.
		if (!nodes.empty() && (text.rfind("Index Cond: ", 0) == 0 || text.rfind("Filter: ", 0) == 0))
			nodes.back().conditions.push_back(ShortenLiterals(text));
	}
	std::string summary;
	for (const PlanNode &node : nodes) {
		if (node.name == "Limit")
			continue;
		if (!summary.empty())
			summary += " > ";
		summary += node.name;
		for (std::size_t c = 0; c < node.conditions.size(); c++)
			summary += (c == 0 ? " (" : "; ") + node.conditions[c];
		if (!node.conditions.empty())
			summary += ")";
	}
	return summary;
}

} // namespace vecsearch::bench
