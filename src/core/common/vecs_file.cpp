// fvecs/ivecs reading: one pass, rows appended as they are read, with the file's consistency checked.
#include "core/common/vecs_file.hpp"

#include <fstream>

namespace vecsearch {

namespace {

template <typename T>
Status
ReadVecs(const std::string &path, std::size_t max_rows, VecsFile<T> *out)
{
	static_assert(sizeof(T) == 4, "vecs files hold 4-byte values");
	*out = VecsFile<T>();
	std::ifstream file(path, std::ios::binary);
	if (!file)
		return Status::Error(ErrorCode::kInvalidParameterValue, "cannot open \"%s\"", path.c_str());
	for (;;) {
		if (max_rows != 0 && out->rows == max_rows)
			break;
		std::int32_t dims = 0;
		if (!file.read(reinterpret_cast<char *>(&dims), sizeof(dims)))
			break;
		if (dims <= 0 || (out->rows > 0 && static_cast<std::size_t>(dims) != out->dims))
			return Status::Error(ErrorCode::kDataException, "\"%s\": row %zu has dimension %d", path.c_str(), out->rows,
			                     dims);
		out->dims = static_cast<std::size_t>(dims);
		const std::size_t start = out->values.size();
		out->values.resize(start + out->dims);
		if (!file.read(reinterpret_cast<char *>(out->values.data() + start),
		               static_cast<std::streamsize>(out->dims * sizeof(T))))
			return Status::Error(ErrorCode::kDataException, "\"%s\": truncated at row %zu", path.c_str(), out->rows);
		out->rows++;
	}
	return Status::Ok();
}

} // namespace

Status
ReadFvecs(const std::string &path, std::size_t max_rows, VecsFile<float> *out)
{
	return ReadVecs(path, max_rows, out);
}

Status
ReadIvecs(const std::string &path, std::size_t max_rows, VecsFile<std::int32_t> *out)
{
	return ReadVecs(path, max_rows, out);
}

} // namespace vecsearch
