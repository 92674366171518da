// The btree support every vector type shares: from one three-way order of two values (-1, 0, 1), its cmp
// support function and the functions of its six comparison operators. PG regime.
#pragma once

#include "pg/prelude.hpp"

namespace vecsearch::pg {

// Reads (detoasting) both arguments with `Get`, orders them with `Order`, frees detoasted copies.
template <typename T, T *(*Get)(Datum), int (*Order)(const T *, const T *)>
int
CompareArguments(FunctionCallInfo fcinfo)
{
	T *a = Get(PG_GETARG_DATUM(0));
	T *b = Get(PG_GETARG_DATUM(1));
	const int order = Order(a, b);
	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	return order;
}

template <int (*Compare)(FunctionCallInfo)>
Datum
CmpFunction(FunctionCallInfo fcinfo)
{
	PG_RETURN_INT32(Compare(fcinfo));
}

template <int (*Compare)(FunctionCallInfo), bool (*Accept)(int)>
Datum
ComparisonFunction(FunctionCallInfo fcinfo)
{
	PG_RETURN_BOOL(Accept(Compare(fcinfo)));
}

constexpr bool
IsLess(int order)
{
	return order < 0;
}
constexpr bool
IsLessOrEqual(int order)
{
	return order <= 0;
}
constexpr bool
IsEqual(int order)
{
	return order == 0;
}
constexpr bool
IsNotEqual(int order)
{
	return order != 0;
}
constexpr bool
IsGreaterOrEqual(int order)
{
	return order >= 0;
}
constexpr bool
IsGreater(int order)
{
	return order > 0;
}

} // namespace vecsearch::pg
