// Input and output of the `halfvec` type: text in/out (each element printed as float4out prints its float value,
// as pgvector does), the typmod input, and the binary wire format (int16 dims, int16 zero, dims x binary16 bits,
// network byte order: pgvector's bytes). PG regime throughout.
#include "core/vector/halfvec_ops.hpp"
#include "core/vector/vector_ops.hpp"
#include "core/vector/vector_text.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/halfvec_type.hpp"

namespace vecsearch::pg {
namespace {

Datum
HalfVectorIn(FunctionCallInfo fcinfo)
{
	const char *text = PG_GETARG_CSTRING(0);
	const int32 typmod = PG_GETARG_INT32(2);
	std::size_t capacity = VectorTextElementBound(text);
	if (capacity > static_cast<std::size_t>(kVectorMaxDims))
		capacity = kVectorMaxDims;

	PgHalfVector *vector = NewHalfVector(static_cast<int>(capacity));
	std::size_t dims = 0;
	CheckStatus(ParseHalfVectorText(text, {vector->x, capacity}, &dims));
	CheckStatus(CheckExpectedDims(typmod, static_cast<std::int64_t>(dims)));
	vector->dim = static_cast<int16>(dims);
	SET_VARSIZE(vector, HalfVectorSize(static_cast<int>(dims)));
	PG_RETURN_POINTER(vector);
}

Datum
HalfVectorOut(FunctionCallInfo fcinfo)
{
	PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(0);
	char *text = static_cast<char *>(palloc(static_cast<Size>(vector->dim) * FLOAT_SHORTEST_DECIMAL_LEN + 3));
	char *out = text;
	*out++ = '[';
	for (int i = 0; i < vector->dim; i++) {
		if (i > 0)
			*out++ = ',';
		out += float_to_shortest_decimal_bufn(HalfToFloat(vector->x[i]), out);
	}
	*out++ = ']';
	*out = '\0';
	PG_FREE_IF_COPY(vector, 0);
	PG_RETURN_CSTRING(text);
}

Datum
HalfVectorTypmodIn(FunctionCallInfo fcinfo)
{
	ArrayType *modifiers = PG_GETARG_ARRAYTYPE_P(0);
	int count = 0;
	const int32 *values = ArrayGetIntegerTypmods(modifiers, &count);
	if (count != 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid type modifier")));
	CheckStatus(CheckHalfVectorTypmod(values[0]));
	PG_RETURN_INT32(values[0]);
}

Datum
HalfVectorRecv(FunctionCallInfo fcinfo)
{
	StringInfo message = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
	const int32 typmod = PG_GETARG_INT32(2);
	// Both header fields are signed 16-bit on the wire; pq_getmsgint returns them zero-extended.
	const int16 dims = static_cast<int16>(pq_getmsgint(message, sizeof(int16)));
	const int16 unused = static_cast<int16>(pq_getmsgint(message, sizeof(int16)));

	CheckStatus(CheckHalfVectorDims(dims));
	CheckStatus(CheckExpectedDims(typmod, dims));
	if (unused != 0)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("expected unused to be 0, not %d", unused)));

	PgHalfVector *vector = NewHalfVector(dims);
	for (int i = 0; i < dims; i++) {
		vector->x[i] = static_cast<HalfBits>(pq_getmsgint(message, sizeof(int16))); // 08P01 when too short
		CheckStatus(CheckHalfElement(vector->x[i]));
	}
	PG_RETURN_POINTER(vector);
}

Datum
HalfVectorSend(FunctionCallInfo fcinfo)
{
	const PgHalfVector *vector = VECSEARCH_GETARG_HALFVEC(0);
	StringInfoData buffer;
	pq_begintypsend(&buffer);
	pq_sendint16(&buffer, static_cast<uint16>(vector->dim));
	pq_sendint16(&buffer, static_cast<uint16>(vector->unused));
	for (int i = 0; i < vector->dim; i++)
		pq_sendint16(&buffer, vector->x[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buffer));
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_halfvec_in, vecsearch::pg::HalfVectorIn)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_out, vecsearch::pg::HalfVectorOut)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_typmod_in, vecsearch::pg::HalfVectorTypmodIn)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_recv, vecsearch::pg::HalfVectorRecv)
VECSEARCH_PG_FUNCTION(vecsearch_halfvec_send, vecsearch::pg::HalfVectorSend)
