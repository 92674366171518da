// Input and output of the `sparsevec` type: text "{i:v,...}/dims" (1-based indices; output prints each value as
// float4out does, as pgvector), the typmod input, and the binary wire format (int32 dims, int32 nnz, int32 zero,
// nnz x int32 0-based indices, nnz x float4; network byte order: pgvector's bytes). PG regime throughout.
#include "core/vector/sparsevec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/sparsevec_type.hpp"

namespace vecsearch::pg {
namespace {

Datum
SparseVectorIn(FunctionCallInfo fcinfo)
{
	const char *text = PG_GETARG_CSTRING(0);
	const int32 typmod = PG_GETARG_INT32(2);
	std::size_t capacity = SparseTextElementBound(text);
	if (capacity > static_cast<std::size_t>(kSparseMaxNonZeros))
		capacity = static_cast<std::size_t>(kSparseMaxNonZeros); // the parser refuses such input first
	auto *entries = static_cast<SparseEntry *>(palloc(sizeof(SparseEntry) * capacity));
	std::size_t count = 0;
	std::int64_t dims = 0;
	CheckStatus(ParseSparseText(text, typmod, {entries, capacity}, &count, &dims));
	PgSparseVector *vector = NewSparseVector(static_cast<int>(dims), static_cast<int>(count));
	float *values = SparseValues(vector);
	for (std::size_t i = 0; i < count; i++) {
		vector->indices[i] = entries[i].index;
		values[i] = entries[i].value;
	}
	pfree(entries);
	PG_RETURN_POINTER(vector);
}

Datum
SparseVectorOut(FunctionCallInfo fcinfo)
{
	PgSparseVector *vector = VECSEARCH_GETARG_SPARSEVEC(0);
	const float *values = SparseValues(vector);
	// Per element an index (11 characters with a sign), ':', a value and ','; then "{}/" and the dimensions.
	char *text = static_cast<char *>(
	    palloc(add_size(mul_size(12 + FLOAT_SHORTEST_DECIMAL_LEN, static_cast<Size>(vector->nnz)), 15)));
	char *out = text;
	*out++ = '{';
	for (int i = 0; i < vector->nnz; i++) {
		if (i > 0)
			*out++ = ',';
		out += pg_ltoa(vector->indices[i] + 1, out);
		*out++ = ':';
		out += float_to_shortest_decimal_bufn(values[i], out);
	}
	*out++ = '}';
	*out++ = '/';
	out += pg_ltoa(vector->dim, out);
	*out = '\0';
	PG_FREE_IF_COPY(vector, 0);
	PG_RETURN_CSTRING(text);
}

Datum
SparseVectorTypmodIn(FunctionCallInfo fcinfo)
{
	ArrayType *modifiers = PG_GETARG_ARRAYTYPE_P(0);
	int count = 0;
	const int32 *values = ArrayGetIntegerTypmods(modifiers, &count);
	if (count != 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid type modifier")));
	CheckStatus(CheckSparseTypmod(values[0]));
	PG_RETURN_INT32(values[0]);
}

Datum
SparseVectorRecv(FunctionCallInfo fcinfo)
{
	StringInfo message = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
	const int32 typmod = PG_GETARG_INT32(2);
	const auto dims = static_cast<int32>(pq_getmsgint(message, sizeof(int32)));
	const auto nnz = static_cast<int32>(pq_getmsgint(message, sizeof(int32)));
	const auto unused = static_cast<int32>(pq_getmsgint(message, sizeof(int32)));

	CheckStatus(CheckSparseDims(dims));
	CheckStatus(CheckSparseNonZeros(nnz, dims));
	CheckStatus(CheckExpectedDims(typmod, dims));
	if (unused != 0)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("expected unused to be 0, not %d", unused)));

	PgSparseVector *vector = NewSparseVector(dims, nnz);
	for (int i = 0; i < nnz; i++) {
		vector->indices[i] = static_cast<int32>(pq_getmsgint(message, sizeof(int32))); // 08P01 when too short
		CheckStatus(CheckSparseIndex(vector->indices[i], i > 0 ? &vector->indices[i - 1] : nullptr, dims));
	}
	float *values = SparseValues(vector);
	for (int i = 0; i < nnz; i++) {
		values[i] = pq_getmsgfloat4(message);
		CheckStatus(CheckSparseElement(values[i]));
		if (values[i] == 0.0f)
			ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
			                errmsg("binary representation of sparsevec cannot contain zero values")));
	}
	PG_RETURN_POINTER(vector);
}

Datum
SparseVectorSend(FunctionCallInfo fcinfo)
{
	const PgSparseVector *vector = VECSEARCH_GETARG_SPARSEVEC(0);
	const float *values = SparseValues(vector);
	StringInfoData buffer;
	pq_begintypsend(&buffer);
	pq_sendint32(&buffer, static_cast<uint32>(vector->dim));
	pq_sendint32(&buffer, static_cast<uint32>(vector->nnz));
	pq_sendint32(&buffer, static_cast<uint32>(vector->unused));
	for (int i = 0; i < vector->nnz; i++)
		pq_sendint32(&buffer, static_cast<uint32>(vector->indices[i]));
	for (int i = 0; i < vector->nnz; i++)
		pq_sendfloat4(&buffer, values[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buffer));
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_in, vecsearch::pg::SparseVectorIn)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_out, vecsearch::pg::SparseVectorOut)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_typmod_in, vecsearch::pg::SparseVectorTypmodIn)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_recv, vecsearch::pg::SparseVectorRecv)
VECSEARCH_PG_FUNCTION(vecsearch_sparsevec_send, vecsearch::pg::SparseVectorSend)
