// PostgreSQL's binary wire formats the client sends: a `vector` value (int16 dims, int16 unused, dims
// float4, all in network byte order, as pgvector's and vecsearch's receive functions read it), bigint and int4,
// and the framing of COPY ... (FORMAT binary). Appends to byte strings; does no I/O.
#pragma once

#include <cstdint>
#include <string>

namespace vecsearch::bench {

void AppendInt16(std::string *out, std::int16_t value);
void AppendInt32(std::string *out, std::int32_t value);
void AppendInt64(std::string *out, std::int64_t value);

// The binary form of a vector of `dims` floats (dims <= 16000).
void AppendVector(std::string *out, const float *values, std::uint32_t dims);

// Signature "PGCOPY\n\377\r\n\0", flags 0, header extension length 0.
void AppendCopyHeader(std::string *out);
// One (bigint id, vector v) tuple: field count 2, then length-prefixed fields.
void AppendCopyRow(std::string *out, std::int64_t id, const float *values, std::uint32_t dims);
// One (bigint id, vector v, int4 a, int4 b) tuple: field count 4 (the table with filter columns).
void AppendCopyRow(std::string *out, std::int64_t id, const float *values, std::uint32_t dims, std::int32_t a,
                   std::int32_t b);
// Field count -1.
void AppendCopyTrailer(std::string *out);

// A big-endian int64 from 8 bytes (a binary-format bigint result column).
std::int64_t ReadInt64(const char *bytes);

} // namespace vecsearch::bench
