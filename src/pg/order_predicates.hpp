// The six comparison operators as predicates on a three-way order (-1, 0, 1), shared by the btree support of
// every vector type.
#pragma once

namespace vecsearch::pg {

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
