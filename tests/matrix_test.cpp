// Tests for lib/linalg/matrix.hpp: storage, shapes, element-wise arithmetic and reductions, in
// float and double.
#include "matrix.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <stdexcept>

namespace nn {
namespace {

using ::testing::HasSubstr;

template <class T>
class MatrixTest : public ::testing::Test {};

using ScalarTypes = ::testing::Types<float, double>;
TYPED_TEST_SUITE(MatrixTest, ScalarTypes);

// Returns the message of the std::invalid_argument that f throws, or "" if it throws none.
template <class F>
std::string invalid_argument_message(F f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TYPED_TEST(MatrixTest, StartsAsZerosWithTheGivenShape) {
  BasicMatrix<TypeParam> m(3, 4);
  EXPECT_EQ(m.rows(), 3u);
  EXPECT_EQ(m.cols(), 4u);
  EXPECT_EQ(m.size(), 12u);
  for (TypeParam x : m.flat()) {
    EXPECT_EQ(x, TypeParam{0});
  }
}

TYPED_TEST(MatrixTest, StoresRowsContiguously) {
  BasicMatrix<TypeParam> m(2, 3, {1, 2, 3, 4, 5, 6});
  EXPECT_EQ(m(1, 0), 4);
  EXPECT_EQ(&m(1, 2), m.data() + 1 * 3 + 2);
  ASSERT_EQ(m.row(1).size(), 3u);
  EXPECT_EQ(m.row(1)[2], 6);
}

TYPED_TEST(MatrixTest, AlignsStorageToACacheLine) {
  for (std::size_t n : {1, 3, 17, 1000}) {
    BasicMatrix<TypeParam> m(n, 7);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(m.data()) % 64, 0u) << n << " rows";
  }
}

TYPED_TEST(MatrixTest, RejectsAnInitializerOfTheWrongLength) {
  const std::string msg = invalid_argument_message([] {
    BasicMatrix<TypeParam> m(2, 2, {1, 2, 3});
  });
  EXPECT_THAT(msg, HasSubstr("3 values"));
  EXPECT_THAT(msg, HasSubstr("(2 x 2)"));
}

TYPED_TEST(MatrixTest, AddsAndScalesElementWise) {
  BasicMatrix<TypeParam> a(1, 3, {1, 2, 3});
  const BasicMatrix<TypeParam> b(1, 3, {4, 5, 6});
  EXPECT_TRUE(bitwise_equal(a * TypeParam{2}, BasicMatrix<TypeParam>(1, 3, {2, 4, 6})));
  a += b;
  EXPECT_TRUE(bitwise_equal(a, BasicMatrix<TypeParam>(1, 3, {5, 7, 9})));
}

TYPED_TEST(MatrixTest, ShapeMismatchNamesTheOperationAndBothShapes) {
  BasicMatrix<TypeParam> a(2, 3);
  const BasicMatrix<TypeParam> b(3, 2);
  EXPECT_EQ(invalid_argument_message([&] { a += b; }), "add: shapes (2 x 3) and (3 x 2) differ");
}

TYPED_TEST(MatrixTest, AddToEachRowBroadcastsARowVector) {
  BasicMatrix<TypeParam> m(2, 2, {1, 2, 3, 4});
  m.add_to_each_row(BasicMatrix<TypeParam>(1, 2, {10, 20}));
  EXPECT_TRUE(bitwise_equal(m, BasicMatrix<TypeParam>(2, 2, {11, 22, 13, 24})));
  EXPECT_THAT(invalid_argument_message([&] { m.add_to_each_row(BasicMatrix<TypeParam>(1, 3)); }),
              HasSubstr("(1 x 3)"));
}

TYPED_TEST(MatrixTest, ColumnSumsOverwriteTheirOutput) {
  const BasicMatrix<TypeParam> m(2, 3, {1, 2, 3, 4, 5, 6});
  BasicMatrix<TypeParam> sums(1, 3, {100, 100, 100});
  column_sums(m, sums);
  EXPECT_TRUE(bitwise_equal(sums, BasicMatrix<TypeParam>(1, 3, {5, 7, 9})));
}

TYPED_TEST(MatrixTest, ArgmaxPerRowBreaksTiesTowardTheLowestColumn) {
  const BasicMatrix<TypeParam> m(3, 3, {0, 5, 1, 7, 7, 2, -3, -2, -1});
  EXPECT_EQ(argmax_rows(m), (std::vector<std::size_t>{1, 0, 2}));
}

TYPED_TEST(MatrixTest, UniformFillIsReproducibleAndInRange) {
  std::mt19937 rng1(42);
  std::mt19937 rng2(42);
  BasicMatrix<TypeParam> a(30, 30);
  BasicMatrix<TypeParam> b(30, 30);
  a.fill_uniform(rng1, TypeParam{-0.5}, TypeParam{0.5});
  b.fill_uniform(rng2, TypeParam{-0.5}, TypeParam{0.5});
  EXPECT_TRUE(bitwise_equal(a, b));
  for (TypeParam x : a.flat()) {
    EXPECT_GE(x, TypeParam{-0.5});
    EXPECT_LT(x, TypeParam{0.5});
  }
}

TYPED_TEST(MatrixTest, NormalFillHasTheRequestedMeanAndSpread) {
  std::mt19937 rng(7);
  BasicMatrix<TypeParam> m(200, 200);
  m.fill_normal(rng, TypeParam{1}, TypeParam{2});
  double sum = 0;
  double sum_sq = 0;
  for (TypeParam x : m.flat()) {
    sum += x;
    sum_sq += static_cast<double>(x) * x;
  }
  const double mean = sum / static_cast<double>(m.size());
  const double variance = sum_sq / static_cast<double>(m.size()) - mean * mean;
  // 40,000 draws: the standard error of the mean is 0.01, so 0.05 is five of them.
  EXPECT_NEAR(mean, 1.0, 0.05);
  EXPECT_NEAR(std::sqrt(variance), 2.0, 0.05);
}

TYPED_TEST(MatrixTest, ShrinkingKeepsTheStorage) {
  BasicMatrix<TypeParam> m(64, 100);
  const TypeParam* before = m.data();
  m.resize(10, 100);
  EXPECT_EQ(m.data(), before);
  EXPECT_EQ(m.rows(), 10u);
  m.resize(64, 100);
  EXPECT_EQ(m.data(), before);
}

TYPED_TEST(MatrixTest, CopiesAreIndependentAndMovesEmptyTheSource) {
  BasicMatrix<TypeParam> a(1, 2, {1, 2});
  BasicMatrix<TypeParam> copy = a;
  copy(0, 0) = 9;
  EXPECT_EQ(a(0, 0), 1);
  BasicMatrix<TypeParam> moved = std::move(a);
  EXPECT_EQ(moved(0, 1), 2);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): a moved-from matrix is empty
}

TEST(MatrixConvertTest, ConvertsBetweenFloatAndDouble) {
  const MatrixD d(1, 2, {0.5, -1.25});
  const Matrix f = convert<float>(d);
  EXPECT_EQ(f(0, 0), 0.5f);
  EXPECT_EQ(f(0, 1), -1.25f);
}

}  // namespace
}  // namespace nn
