// Input and output of the `vector` type: text in/out, the typmod input (vector(n); PostgreSQL's default typmod output
// prints it), and the binary wire format used by binary COPY and client libraries (int16 dims, int16 zero, dims x
// float4, network byte order - the same bytes pgvector sends). All functions here are PG regime: C-shaped, raising
// errors with ereport.
#include "core/vector/vector_ops.hpp"
#include "core/vector/vector_text.hpp"
#include "pg/boundary.hpp"
#include "pg/error_map.hpp"
#include "pg/vector_type.hpp"

namespace vecsearch::pg {
namespace {

Datum
VectorIn(FunctionCallInfo fcinfo)
{
	const char *text = PG_GETARG_CSTRING(0);
	const int32 typmod = PG_GETARG_INT32(2);
	std::size_t capacity = VectorTextElementBound(text);
	if (capacity > static_cast<std::size_t>(kVectorMaxDims))
		capacity = kVectorMaxDims;

	PgVector *vector = NewVector(static_cast<int>(capacity));
	std::size_t dims = 0;
	CheckStatus(ParseVectorText(text, {vector->x, capacity}, &dims));
	CheckStatus(CheckExpectedDims(typmod, static_cast<std::int64_t>(dims)));
	vector->dim = static_cast<int16>(dims);
	SET_VARSIZE(vector, VectorSize(static_cast<int>(dims)));
	PG_RETURN_POINTER(vector);
}

Datum
VectorOut(FunctionCallInfo fcinfo)
{
	PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	// Each element as float4out prints it (PostgreSQL's shortest-decimal routine), plus a comma each and
	// the brackets; FLOAT_SHORTEST_DECIMAL_LEN already counts a terminator we do not write per element.
	char *text = static_cast<char *>(palloc(static_cast<Size>(vector->dim) * FLOAT_SHORTEST_DECIMAL_LEN + 3));
	char *out = text;
	*out++ = '[';
	for (int i = 0; i < vector->dim; i++) {
		if (i > 0)
			*out++ = ',';
		out += float_to_shortest_decimal_bufn(vector->x[i], out);
	}
	*out++ = ']';
	*out = '\0';
	PG_FREE_IF_COPY(vector, 0);
	PG_RETURN_CSTRING(text);
}

Datum
VectorTypmodIn(FunctionCallInfo fcinfo)
{
	ArrayType *modifiers = PG_GETARG_ARRAYTYPE_P(0);
	int count = 0;
	const int32 *values = ArrayGetIntegerTypmods(modifiers, &count);
	if (count != 1)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE), errmsg("invalid type modifier")));
	CheckStatus(CheckVectorTypmod(values[0]));
	PG_RETURN_INT32(values[0]);
}

Datum
VectorRecv(FunctionCallInfo fcinfo)
{
	StringInfo message = reinterpret_cast<StringInfo>(PG_GETARG_POINTER(0));
	const int32 typmod = PG_GETARG_INT32(2);
	// Both header fields are signed 16-bit on the wire; pq_getmsgint returns them zero-extended.
	const int16 dims = static_cast<int16>(pq_getmsgint(message, sizeof(int16)));
	const int16 unused = static_cast<int16>(pq_getmsgint(message, sizeof(int16)));

	CheckStatus(CheckVectorDims(dims));
	CheckStatus(CheckExpectedDims(typmod, dims));
	if (unused != 0)
		ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("expected unused to be 0, not %d", unused)));

	PgVector *vector = NewVector(dims);
	for (int i = 0; i < dims; i++) {
		vector->x[i] = pq_getmsgfloat4(message); // raises 08P01 when the message is too short
		CheckStatus(CheckVectorElement(vector->x[i]));
	}
	PG_RETURN_POINTER(vector);
}

Datum
VectorSend(FunctionCallInfo fcinfo)
{
	const PgVector *vector = VECSEARCH_GETARG_VECTOR(0);
	StringInfoData buffer;
	pq_begintypsend(&buffer);
	pq_sendint16(&buffer, static_cast<uint16>(vector->dim));
	pq_sendint16(&buffer, static_cast<uint16>(vector->unused));
	for (int i = 0; i < vector->dim; i++)
		pq_sendfloat4(&buffer, vector->x[i]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buffer));
}

} // namespace
} // namespace vecsearch::pg

VECSEARCH_PG_FUNCTION(vecsearch_vector_in, vecsearch::pg::VectorIn)
VECSEARCH_PG_FUNCTION(vecsearch_vector_out, vecsearch::pg::VectorOut)
VECSEARCH_PG_FUNCTION(vecsearch_vector_typmod_in, vecsearch::pg::VectorTypmodIn)
VECSEARCH_PG_FUNCTION(vecsearch_vector_recv, vecsearch::pg::VectorRecv)
VECSEARCH_PG_FUNCTION(vecsearch_vector_send, vecsearch::pg::VectorSend)
