// Network-byte-order encoding by shifts, so it is right on any host byte order without htonl and friends.
#include "wire_format.hpp"

#include <cstring>

namespace vecsearch::bench {

namespace {

void
AppendBigEndian(std::string *out, std::uint64_t value, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		out->push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

} // namespace

void
AppendInt16(std::string *out, std::int16_t value)
{
	AppendBigEndian(out, static_cast<std::uint16_t>(value), 2);
}

void
AppendInt32(std::string *out, std::int32_t value)
{
	AppendBigEndian(out, static_cast<std::uint32_t>(value), 4);
}

void
AppendInt64(std::string *out, std::int64_t value)
{
	AppendBigEndian(out, static_cast<std::uint64_t>(value), 8);
}

void
AppendVector(std::string *out, const float *values, std::uint32_t dims)
{
	AppendInt16(out, static_cast<std::int16_t>(dims));
	AppendInt16(out, 0);
	// Written in place rather than byte by byte through push_back: loads send gigabytes of these.
	const std::size_t start = out->size();
	out->resize(start + 4 * static_cast<std::size_t>(dims));
	char *bytes = out->data() + start;
	for (std::uint32_t i = 0; i < dims; i++, bytes += 4) {
		std::uint32_t bits = 0;
		std::memcpy(&bits, &values[i], sizeof(bits));
		bytes[0] = static_cast<char>(bits >> 24);
		bytes[1] = static_cast<char>((bits >> 16) & 0xff);
		bytes[2] = static_cast<char>((bits >> 8) & 0xff);
		bytes[3] = static_cast<char>(bits & 0xff);
	}
}

void
AppendCopyHeader(std::string *out)
{
	static constexpr char kSignature[] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', '\377', '\r', '\n', '\0'};
	out->append(kSignature, sizeof(kSignature));
	AppendInt32(out, 0);
	AppendInt32(out, 0);
}

void
AppendCopyRow(std::string *out, std::int64_t id, const float *values, std::uint32_t dims)
{
	AppendInt16(out, 2);
	AppendInt32(out, 8);
	AppendInt64(out, id);
	AppendInt32(out, static_cast<std::int32_t>(4 + 4 * dims));
	AppendVector(out, values, dims);
}

void
AppendCopyRow(std::string *out, std::int64_t id, const float *values, std::uint32_t dims, std::int32_t a,
              std::int32_t b)
{
	AppendInt16(out, 4);
	AppendInt32(out, 8);
	AppendInt64(out, id);
	AppendInt32(out, static_cast<std::int32_t>(4 + 4 * dims));
	AppendVector(out, values, dims);
	AppendInt32(out, 4);
	AppendInt32(out, a);
	AppendInt32(out, 4);
	AppendInt32(out, b);
}

void
AppendCopyTrailer(std::string *out)
{
	AppendInt16(out, -1);
}

std::int64_t
ReadInt64(const char *bytes)
{
	std::uint64_t value = 0;
	for (int i = 0; i < 8; i++)
		value = (value << 8) | static_cast<unsigned char>(bytes[i]);
	return static_cast<std::int64_t>(value);
}

} // namespace vecsearch::bench
