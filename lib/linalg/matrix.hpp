// The dense matrix that every chapter stands on: row-major, 64-byte aligned, float or double (and
// bytes, for MNIST's pixels as the files store them).
// docs/00-matrix-gemm.md explains the layout; the products live in gemm.hpp.
#pragma once

#include <algorithm>
#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace nn {

// Frees storage that was allocated with 64-byte alignment.
struct AlignedDelete {
  void operator()(void* p) const noexcept;
};

// A rows x cols matrix stored row-major: element (r, c) is data()[r * cols() + c], so a row is
// contiguous and a column is strided by cols(). Storage starts on a 64-byte boundary (one cache
// line, one AVX-512 register). Dimensions follow Eigen's words: rows first, then columns.
//
// T is float for training and double for gradient checks; std::uint8_t holds MNIST's images at one
// byte a pixel, a quarter of their floats' memory (pixel_values.hpp). All three are instantiated in
// matrix.cpp (bytes only their storage, access and fill); the random fills and the arithmetic are
// for the floating-point two only.
template <class T>
class BasicMatrix {
 public:
  using value_type = T;

  BasicMatrix() = default;

  // Makes a rows x cols matrix of zeros.
  BasicMatrix(std::size_t rows, std::size_t cols);

  // Makes a rows x cols matrix from values listed row by row; throws if the count is not rows*cols.
  BasicMatrix(std::size_t rows, std::size_t cols, std::initializer_list<T> values);

  BasicMatrix(const BasicMatrix& other);
  BasicMatrix& operator=(const BasicMatrix& other);
  BasicMatrix(BasicMatrix&& other) noexcept;
  BasicMatrix& operator=(BasicMatrix&& other) noexcept;
  ~BasicMatrix() = default;

  std::size_t rows() const { return rows_; }

  std::size_t cols() const { return cols_; }

  std::size_t size() const { return rows_ * cols_; }

  bool empty() const { return size() == 0; }

  T* data() { return data_.get(); }

  const T* data() const { return data_.get(); }

  // Element access. Bounds are checked in every build (std::out_of_range names both): a wrong index
  // is a bug, and a Release build must not turn it into a write past the storage. Inner loops use
  // data() or row() once per row, so the check costs nothing that matters.
  T& operator()(std::size_t r, std::size_t c);
  const T& operator()(std::size_t r, std::size_t c) const;

  // Returns row r as a view of cols() contiguous elements; throws std::out_of_range when r is not
  // below rows().
  std::span<T> row(std::size_t r);
  std::span<const T> row(std::size_t r) const;

  // Returns all size() elements in storage order.
  std::span<T> flat() { return {data(), size()}; }

  std::span<const T> flat() const { return {data(), size()}; }

  // Changes the shape to rows x cols. Reuses the storage when it is large enough, so a training
  // loop can shrink a buffer for a ragged last batch without allocating; contents are unspecified.
  void resize(std::size_t rows, std::size_t cols);

  // Sets every element to value.
  void fill(T value);

  // Draws every element from U(lo, hi) using rng, in storage order, so a seed fixes the result.
  void fill_uniform(std::mt19937& rng, T lo, T hi) requires std::floating_point<T>;

  // Draws every element from N(mean, stddev^2) using rng, in storage order.
  void fill_normal(std::mt19937& rng, T mean, T stddev) requires std::floating_point<T>;

  // Element-wise in-place arithmetic; the shapes must match exactly.
  BasicMatrix& operator+=(const BasicMatrix& other) requires std::floating_point<T>;
  BasicMatrix& operator*=(T scale) requires std::floating_point<T>;

  // Adds the 1 x cols() row vector v to every row (the bias broadcast of a layer's z = x W^T + b).
  BasicMatrix& add_to_each_row(const BasicMatrix& v) requires std::floating_point<T>;

 private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::size_t capacity_ = 0;
  std::unique_ptr<T[], AlignedDelete> data_;
};

// A rows x cols block of row-major storage owned by someone else: a matrix's rows seen with
// another width. Chapter 7's convolution reads a batch (B, H W C) of channels-last images as
// (B H W, C), one pixel per row, and a product can write straight into such rows.
template <class T>
struct MatrixSpan {
  T* data = nullptr;
  std::size_t rows = 0;
  std::size_t cols = 0;

  std::size_t size() const { return rows * cols; }
};

// Rows [first, first + count) of m, reshaped to `cols` columns: count * m.cols() must be a
// multiple of cols. Throws std::invalid_argument when the rows or the width do not fit.
template <class T>
MatrixSpan<T> rows_as(BasicMatrix<T>& m, std::size_t first, std::size_t count, std::size_t cols);

template <class T>
MatrixSpan<const T> rows_as(const BasicMatrix<T>& m, std::size_t first, std::size_t count,
                            std::size_t cols);

// The whole matrix as a span.
template <class T>
MatrixSpan<T> span_of(BasicMatrix<T>& m) {
  return {m.data(), m.rows(), m.cols()};
}

template <class T>
MatrixSpan<const T> span_of(const BasicMatrix<T>& m) {
  return {m.data(), m.rows(), m.cols()};
}

using Matrix = BasicMatrix<float>;
using MatrixD = BasicMatrix<double>;

// Formats a shape as "(rows x cols)" for error messages.
template <class T>
std::string shape_string(const BasicMatrix<T>& m) {
  std::string s = "(";  // appended piece by piece: GCC 12 warns falsely on "(" + std::string
  s += std::to_string(m.rows());
  s += " x ";
  s += std::to_string(m.cols());
  s += ")";
  return s;
}

// Throws std::invalid_argument naming op and both shapes unless a and b have the same shape.
template <class T>
void require_same_shape(const char* op, const BasicMatrix<T>& a, const BasicMatrix<T>& b);

// Returns a scaled by `scale` (the gradient checks average per-sample gradients with it).
template <class T>
BasicMatrix<T> operator*(BasicMatrix<T> a, T scale) {
  return a *= scale;
}

// Writes the 1 x cols row of column sums of m into out, summing the rows in order: the bias
// gradient of a batch, Eq. (3.9) (db = the sum of dZ over the rows). Reuses out's storage.
template <class T>
void column_sums(const BasicMatrix<T>& m, BasicMatrix<T>& out);

// Returns the index of the largest value of x: the network's answer from its outputs. Ties go to
// the lowest index (std::max_element keeps the first of equal maxima); 0 when x is empty.
template <class T>
std::size_t argmax(std::span<const T> x) {
  return static_cast<std::size_t>(std::max_element(x.begin(), x.end()) - x.begin());
}

// Returns, for each row, the column of its largest element (argmax of each row).
template <class T>
std::vector<std::size_t> argmax_rows(const BasicMatrix<T>& m);

// Returns true when a and b have the same shape and bitwise-equal elements.
template <class T>
bool bitwise_equal(const BasicMatrix<T>& a, const BasicMatrix<T>& b);

// Converts between float and double matrices element by element.
template <class To, class From>
BasicMatrix<To> convert(const BasicMatrix<From>& m) {
  BasicMatrix<To> out(m.rows(), m.cols());
  for (std::size_t i = 0; i < m.size(); ++i) {
    out.data()[i] = static_cast<To>(m.data()[i]);
  }
  return out;
}

}  // namespace nn
