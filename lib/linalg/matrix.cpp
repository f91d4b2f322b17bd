// BasicMatrix<float> and BasicMatrix<double>: storage, element-wise arithmetic and reductions.
// See matrix.hpp for the layout and docs/00-matrix-gemm.md for why it is row-major.
#include "matrix.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>

namespace nn {

namespace {

// One cache line, and the width of an AVX-512 register.
constexpr std::size_t kAlignment = 64;

template <class T>
std::unique_ptr<T[], AlignedDelete> allocate_aligned(std::size_t count) {
  if (count == 0) {
    return nullptr;
  }
  void* p = ::operator new (count * sizeof(T), std::align_val_t{kAlignment});
  return std::unique_ptr<T[], AlignedDelete>(static_cast<T*>(p));
}

}  // namespace

void AlignedDelete::operator()(void* p) const noexcept {
  ::operator delete (p, std::align_val_t{kAlignment});
}

template <class T>
void require_same_shape(const char* op, const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    throw std::invalid_argument(std::string(op) + ": shapes " + shape_string(a) + " and " +
                                shape_string(b) + " differ");
  }
}

template <class T>
BasicMatrix<T>::BasicMatrix(std::size_t rows, std::size_t cols)
    : rows_(rows), cols_(cols), capacity_(rows * cols), data_(allocate_aligned<T>(rows * cols)) {
  fill(T{0});
}

template <class T>
BasicMatrix<T>::BasicMatrix(std::size_t rows, std::size_t cols, std::initializer_list<T> values)
    : BasicMatrix(rows, cols) {
  if (values.size() != size()) {
    throw std::invalid_argument("Matrix: " + std::to_string(values.size()) +
                                " values given for shape " + shape_string(*this));
  }
  std::copy(values.begin(), values.end(), data());
}

template <class T>
BasicMatrix<T>::BasicMatrix(const BasicMatrix& other)
    : rows_(other.rows_),
      cols_(other.cols_),
      capacity_(other.size()),
      data_(allocate_aligned<T>(other.size())) {
  std::copy(other.data(), other.data() + other.size(), data());
}

template <class T>
BasicMatrix<T>& BasicMatrix<T>::operator=(const BasicMatrix& other) {
  if (this != &other) {
    resize(other.rows_, other.cols_);
    std::copy(other.data(), other.data() + other.size(), data());
  }
  return *this;
}

template <class T>
BasicMatrix<T>::BasicMatrix(BasicMatrix&& other) noexcept
    : rows_(std::exchange(other.rows_, 0)),
      cols_(std::exchange(other.cols_, 0)),
      capacity_(std::exchange(other.capacity_, 0)),
      data_(std::move(other.data_)) {}

template <class T>
BasicMatrix<T>& BasicMatrix<T>::operator=(BasicMatrix&& other) noexcept {
  rows_ = std::exchange(other.rows_, 0);
  cols_ = std::exchange(other.cols_, 0);
  capacity_ = std::exchange(other.capacity_, 0);
  data_ = std::move(other.data_);
  return *this;
}

namespace {

[[noreturn]] void throw_out_of_range(std::size_t r, std::size_t c, std::size_t rows,
                                     std::size_t cols) {
  throw std::out_of_range("Matrix: element (" + std::to_string(r) + ", " + std::to_string(c) +
                          ") of a " + std::to_string(rows) + " x " + std::to_string(cols) +
                          " matrix");
}

[[noreturn]] void throw_row_out_of_range(std::size_t r, std::size_t rows) {
  throw std::out_of_range("Matrix: row " + std::to_string(r) + " of a matrix of " +
                          std::to_string(rows) + " rows");
}

}  // namespace

template <class T>
T& BasicMatrix<T>::operator()(std::size_t r, std::size_t c) {
  if (r >= rows_ || c >= cols_) [[unlikely]] {
    throw_out_of_range(r, c, rows_, cols_);
  }
  return data_[r * cols_ + c];
}

template <class T>
const T& BasicMatrix<T>::operator()(std::size_t r, std::size_t c) const {
  if (r >= rows_ || c >= cols_) [[unlikely]] {
    throw_out_of_range(r, c, rows_, cols_);
  }
  return data_[r * cols_ + c];
}

template <class T>
std::span<T> BasicMatrix<T>::row(std::size_t r) {
  if (r >= rows_) [[unlikely]] {
    throw_row_out_of_range(r, rows_);
  }
  return {data() + r * cols_, cols_};
}

template <class T>
std::span<const T> BasicMatrix<T>::row(std::size_t r) const {
  if (r >= rows_) [[unlikely]] {
    throw_row_out_of_range(r, rows_);
  }
  return {data() + r * cols_, cols_};
}

template <class T>
void BasicMatrix<T>::resize(std::size_t rows, std::size_t cols) {
  if (rows * cols > capacity_) {
    data_ = allocate_aligned<T>(rows * cols);
    capacity_ = rows * cols;
  }
  rows_ = rows;
  cols_ = cols;
}

template <class T>
void BasicMatrix<T>::fill(T value) {
  std::fill(data(), data() + size(), value);
}

template <class T>
void BasicMatrix<T>::fill_uniform(std::mt19937& rng, T lo, T hi) requires std::floating_point<T> {
  std::uniform_real_distribution<T> dist(lo, hi);
  for (T& x : flat()) {
    x = dist(rng);
  }
}

template <class T>
void BasicMatrix<T>::fill_normal(std::mt19937& rng, T mean,
                                 T stddev) requires std::floating_point<T> {
  std::normal_distribution<T> dist(mean, stddev);
  for (T& x : flat()) {
    x = dist(rng);
  }
}

template <class T>
BasicMatrix<T>& BasicMatrix<T>::operator+=(
    const BasicMatrix& other) requires std::floating_point<T> {
  require_same_shape("add", *this, other);
  for (std::size_t i = 0; i < size(); ++i) {
    data_[i] += other.data_[i];
  }
  return *this;
}

template <class T>
BasicMatrix<T>& BasicMatrix<T>::operator*=(T scale) requires std::floating_point<T> {
  for (T& x : flat()) {
    x *= scale;
  }
  return *this;
}

template <class T>
BasicMatrix<T>& BasicMatrix<T>::add_to_each_row(
    const BasicMatrix& v) requires std::floating_point<T> {
  if (v.rows() != 1 || v.cols() != cols_) {
    throw std::invalid_argument("add_to_each_row: row vector " + shape_string(v) +
                                " does not fit matrix " + shape_string(*this));
  }
  for (std::size_t r = 0; r < rows_; ++r) {
    std::span<T> dst = row(r);
    for (std::size_t c = 0; c < cols_; ++c) {
      dst[c] += v.data_[c];
    }
  }
  return *this;
}

template <class T>
void column_sums(const BasicMatrix<T>& m, BasicMatrix<T>& out) {
  out.resize(1, m.cols());
  out.fill(T{0});
  for (std::size_t r = 0; r < m.rows(); ++r) {
    const std::span<const T> src = m.row(r);
    for (std::size_t c = 0; c < m.cols(); ++c) {
      out(0, c) += src[c];
    }
  }
}

template <class T>
std::vector<std::size_t> argmax_rows(const BasicMatrix<T>& m) {
  std::vector<std::size_t> out(m.rows(), 0);
  for (std::size_t r = 0; r < m.rows(); ++r) {
    out[r] = argmax(m.row(r));
  }
  return out;
}

template <class T>
bool bitwise_equal(const BasicMatrix<T>& a, const BasicMatrix<T>& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    return false;
  }
  return std::equal(a.data(), a.data() + a.size(), b.data(),
                    [](T x, T y) { return std::memcmp(&x, &y, sizeof(T)) == 0; });
}

// The two scalar types the course uses.
namespace {

// Checks that rows [first, first + count) of a rows x width matrix exist and can be read with
// `cols` columns.
void require_rows_fit(std::size_t rows, std::size_t width, std::size_t first, std::size_t count,
                      std::size_t cols) {
  if (first > rows || count > rows - first) {
    throw std::invalid_argument("rows_as: rows " + std::to_string(first) + " to " +
                                std::to_string(first + count) + " of a matrix of " +
                                std::to_string(rows) + " rows");
  }
  if (cols == 0 || (count * width) % cols != 0) {
    throw std::invalid_argument("rows_as: " + std::to_string(count) + " rows of " +
                                std::to_string(width) + " values cannot be read as rows of " +
                                std::to_string(cols));
  }
}

}  // namespace

template <class T>
MatrixSpan<T> rows_as(BasicMatrix<T>& m, std::size_t first, std::size_t count, std::size_t cols) {
  require_rows_fit(m.rows(), m.cols(), first, count, cols);
  return {m.data() + first * m.cols(), count * m.cols() / cols, cols};
}

template <class T>
MatrixSpan<const T> rows_as(const BasicMatrix<T>& m, std::size_t first, std::size_t count,
                            std::size_t cols) {
  require_rows_fit(m.rows(), m.cols(), first, count, cols);
  return {m.data() + first * m.cols(), count * m.cols() / cols, cols};
}

template class BasicMatrix<float>;
template MatrixSpan<float> rows_as(BasicMatrix<float>&, std::size_t, std::size_t, std::size_t);
template MatrixSpan<const float> rows_as(const BasicMatrix<float>&, std::size_t, std::size_t,
                                         std::size_t);
template void require_same_shape(const char*, const BasicMatrix<float>&, const BasicMatrix<float>&);
template void column_sums(const BasicMatrix<float>&, BasicMatrix<float>&);
template std::vector<std::size_t> argmax_rows(const BasicMatrix<float>&);
template bool bitwise_equal(const BasicMatrix<float>&, const BasicMatrix<float>&);

template class BasicMatrix<double>;
template MatrixSpan<double> rows_as(BasicMatrix<double>&, std::size_t, std::size_t, std::size_t);
template MatrixSpan<const double> rows_as(const BasicMatrix<double>&, std::size_t, std::size_t,
                                          std::size_t);
template void require_same_shape(const char*, const BasicMatrix<double>&,
                                 const BasicMatrix<double>&);
template void column_sums(const BasicMatrix<double>&, BasicMatrix<double>&);
template std::vector<std::size_t> argmax_rows(const BasicMatrix<double>&);
template bool bitwise_equal(const BasicMatrix<double>&, const BasicMatrix<double>&);

// MNIST's pixels, one byte each: storage, access and fill only, member by member (an instantiation
// of the whole class would also instantiate the random fills, which clang 14 does despite their
// requires clauses, and std::uniform_real_distribution refuses a byte).
template BasicMatrix<std::uint8_t>::BasicMatrix(std::size_t, std::size_t);
template BasicMatrix<std::uint8_t>::BasicMatrix(std::size_t, std::size_t,
                                                std::initializer_list<std::uint8_t>);
template BasicMatrix<std::uint8_t>::BasicMatrix(const BasicMatrix&);
template BasicMatrix<std::uint8_t>& BasicMatrix<std::uint8_t>::operator=(const BasicMatrix&);
template BasicMatrix<std::uint8_t>::BasicMatrix(BasicMatrix&&) noexcept;
template BasicMatrix<std::uint8_t>& BasicMatrix<std::uint8_t>::operator=(BasicMatrix&&) noexcept;
template std::uint8_t& BasicMatrix<std::uint8_t>::operator()(std::size_t, std::size_t);
template const std::uint8_t& BasicMatrix<std::uint8_t>::operator()(std::size_t, std::size_t) const;
template std::span<std::uint8_t> BasicMatrix<std::uint8_t>::row(std::size_t);
template std::span<const std::uint8_t> BasicMatrix<std::uint8_t>::row(std::size_t) const;
template void BasicMatrix<std::uint8_t>::resize(std::size_t, std::size_t);
template void BasicMatrix<std::uint8_t>::fill(std::uint8_t);

}  // namespace nn
