// Tests for lib/linalg/gemm.hpp: every version against gemm_naive over shapes that break the
// blocking, all four transpose combinations and alpha, beta in {0, 1, other}; then the error paths
// and the bitwise determinism of gemm_parallel across thread counts.
#include "gemm.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>
#include <random>
#include <span>
#include <string>
#include <tuple>

#include "gemm_five_loops.hpp"

namespace nn {
namespace {

using ::testing::Combine;
using ::testing::HasSubstr;
using ::testing::Values;
using ::testing::ValuesIn;

struct Shape {
  std::size_t m, n, k;
};

// The blocking's edges (one past MR, NR, KC and MC for float and for double, and NC), thin
// products, a few rows (row by row), and the chapters' real shapes.
const Shape kShapes[] = {
    {1, 1, 1},     {1, 1, 300},   {7, 13, 5},   {127, 129, 131}, {513, 1, 257},  {513, 257, 1},
    {2, 3, 1},     {1, 512, 784}, {1, 20, 784}, {784, 20, 1},    {64, 128, 784}, {49, 33, 1025},
    {50, 17, 513}, {7, 4097, 3},  {10, 10, 64}, {3, 40, 300},    {4, 129, 33},
};

struct Scalars {
  double alpha, beta;
};

const Scalars kScalars[] = {{1, 0},   {1, 1},  {0, 1},    {0, 0},    {-0.5, 0},
                            {1, 2.5}, {0, -1}, {-0.5, 1}, {2, -0.75}};

const std::pair<Trans, Trans> kTransPairs[] = {
    {Trans::kNo, Trans::kNo},
    {Trans::kNo, Trans::kYes},
    {Trans::kYes, Trans::kNo},
    {Trans::kYes, Trans::kYes},
};

// Names a shape like m7n13k5. Built by appending: GCC 12 warns falsely on "m" + std::string.
std::string shape_name(const Shape& shape) {
  std::string name = "m";
  name += std::to_string(shape.m);
  name += "n";
  name += std::to_string(shape.n);
  name += "k";
  name += std::to_string(shape.k);
  return name;
}

// Print parameters readably in test listings (gtest otherwise dumps their bytes).
void PrintTo(const Shape& shape, std::ostream* out) {
  *out << shape_name(shape);
}

}  // namespace

void PrintTo(Trans trans, std::ostream* out) {
  *out << (trans == Trans::kYes ? "T" : "N");
}

namespace {

// Makes a matrix whose op() has the given shape, filled from U(-1, 1).
template <class T>
BasicMatrix<T> random_operand(std::size_t rows, std::size_t cols, Trans trans, std::mt19937& rng) {
  BasicMatrix<T> x = trans == Trans::kNo ? BasicMatrix<T>(rows, cols) : BasicMatrix<T>(cols, rows);
  x.fill_uniform(rng, T{-1}, T{1});
  return x;
}

template <class T>
using GemmFunction = void (*)(Trans, Trans, T, const BasicMatrix<T>&, const BasicMatrix<T>&, T,
                              BasicMatrix<T>&);

// Checks `gemm` against gemm_naive on one shape and transpose pair, for every alpha and beta in
// `scalars`. Both round, so each element may differ by twice the classic bound for a k-term dot
// product: (k + 2) eps (|alpha| sum_p |a_ip b_pj| + |beta c_ij|).
template <class T>
void expect_matches_naive(GemmFunction<T> gemm, const Shape& shape,
                          const std::pair<Trans, Trans>& trans,
                          std::span<const Scalars> scalars = kScalars) {
  std::mt19937 rng(static_cast<unsigned>(shape.m * 1000003 + shape.n * 1009 + shape.k));
  const BasicMatrix<T> a = random_operand<T>(shape.m, shape.k, trans.first, rng);
  const BasicMatrix<T> b = random_operand<T>(shape.k, shape.n, trans.second, rng);
  BasicMatrix<T> c(shape.m, shape.n);
  c.fill_uniform(rng, T{-1}, T{1});

  BasicMatrix<T> a_abs = a;
  BasicMatrix<T> b_abs = b;
  for (T& x : a_abs.flat()) {
    x = std::abs(x);
  }
  for (T& x : b_abs.flat()) {
    x = std::abs(x);
  }
  BasicMatrix<T> magnitude(shape.m, shape.n);
  gemm_naive(trans.first, trans.second, T{1}, a_abs, b_abs, T{0}, magnitude);

  for (const Scalars& s : scalars) {
    const T alpha = static_cast<T>(s.alpha);
    const T beta = static_cast<T>(s.beta);
    SCOPED_TRACE("alpha " + std::to_string(s.alpha) + ", beta " + std::to_string(s.beta));
    BasicMatrix<T> expected = c;
    gemm_naive(trans.first, trans.second, alpha, a, b, beta, expected);
    BasicMatrix<T> actual = c;
    gemm(trans.first, trans.second, alpha, a, b, beta, actual);

    const T eps = std::numeric_limits<T>::epsilon();
    for (std::size_t i = 0; i < shape.m; ++i) {
      for (std::size_t j = 0; j < shape.n; ++j) {
        const T bound = 2 * static_cast<T>(shape.k + 2) * eps *
                        (std::abs(alpha) * magnitude(i, j) + std::abs(beta * c(i, j)));
        ASSERT_NEAR(actual(i, j), expected(i, j), bound) << "at C(" << i << ", " << j << ")";
      }
    }
  }
}

// One version of the ladder, in both precisions (googletest's sample7: one suite, several
// implementations).
struct GemmVersion {
  const char* name;
  GemmFunction<float> in_float;
  GemmFunction<double> in_double;
};

const GemmVersion kVersions[] = {
    {"ikj", gemm_ikj<float>, gemm_ikj<double>},
    {"blocked", gemm_blocked<float>, gemm_blocked<double>},
    {"parallel", gemm_parallel<float>, gemm_parallel<double>},
};

using GemmCase = std::tuple<GemmVersion, Shape, std::pair<Trans, Trans>>;

// Names a case like blocked_m7n13k5_NT: the version, the shape, then op(A) and op(B).
std::string case_name(const ::testing::TestParamInfo<GemmCase>& info) {
  const auto& [version, shape, trans] = info.param;
  std::string name = version.name;
  name += "_";
  name += shape_name(shape);
  name += trans.first == Trans::kYes ? "_T" : "_N";
  name += trans.second == Trans::kYes ? "T" : "N";
  return name;
}

void PrintTo(const GemmVersion& version, std::ostream* out) {
  *out << version.name;
}

class GemmTest : public ::testing::TestWithParam<GemmCase> {};

TEST_P(GemmTest, MatchesNaiveInFloat) {
  const auto& [version, shape, trans] = GetParam();
  expect_matches_naive<float>(version.in_float, shape, trans);
}

TEST_P(GemmTest, MatchesNaiveInDouble) {
  const auto& [version, shape, trans] = GetParam();
  expect_matches_naive<double>(version.in_double, shape, trans);
}

INSTANTIATE_TEST_SUITE_P(Versions, GemmTest,
                         Combine(ValuesIn(kVersions), ValuesIn(kShapes), ValuesIn(kTransPairs)),
                         case_name);

// A product whose k sum crosses the KC boundary twice in float (KC = 1024) and four times in
// double (KC = 512), so beta must apply with the first slice only, and whose 200 rows give every
// thread of two several MC = 48 blocks: the five loops' outer loops all turn, in milliseconds.
TEST(GemmLargeTest, ParallelMatchesNaiveAcrossKcAndMcBlocks) {
  const Shape shape{200, 64, 2100};
  const Scalars scalars[] = {{1, 0}, {-0.5, 1}, {2, -0.75}};
  static_assert(2 * detail::BlockSizes<float>::kKC < 2100 &&
                4 * detail::BlockSizes<double>::kKC < 2100);
  static_assert(200 / 2 > 2 * detail::BlockSizes<float>::kMC);
  for (const auto& trans : kTransPairs) {
    expect_matches_naive<float>(gemm_parallel<float>, shape, trans, scalars);
    expect_matches_naive<double>(gemm_parallel<double>, shape, trans, scalars);
  }
}

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

TEST(GemmErrorTest, ShapeMismatchNamesTheVersionAndAllThreeShapes) {
  const Matrix a(2, 3);
  const Matrix b(4, 5);
  Matrix c(2, 5);
  const std::string msg =
      invalid_argument_message([&] { gemm_blocked(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, c); });
  EXPECT_THAT(msg, HasSubstr("gemm_blocked"));
  EXPECT_THAT(msg, HasSubstr("A (2 x 3)"));
  EXPECT_THAT(msg, HasSubstr("B (4 x 5)"));
  EXPECT_THAT(msg, HasSubstr("C (2 x 5)"));
}

TEST(GemmErrorTest, ShapeMismatchShowsTheTransposedShape) {
  const Matrix a(2, 3);
  const Matrix b(3, 5);
  Matrix c(2, 5);
  const std::string msg = invalid_argument_message(
      [&] { gemm_parallel(Trans::kNo, Trans::kYes, 1.0f, a, b, 0.0f, c); });
  EXPECT_THAT(msg, HasSubstr("B^T (5 x 3)"));
}

TEST(GemmErrorTest, RefusesAnOutputThatAliasesAnInput) {
  Matrix a(4, 4);
  const Matrix b(4, 4);
  for (auto gemm :
       {gemm_naive<float>, gemm_ikj<float>, gemm_blocked<float>, gemm_parallel<float>}) {
    EXPECT_THAT(
        invalid_argument_message([&] { gemm(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.0f, a); }),
        HasSubstr("shares storage"));
  }
}

TEST(GemmBetaTest, ZeroBetaOverwritesNaNInC) {
  Matrix a_ones(20, 30);
  a_ones.fill(1.0f);
  Matrix b(30, 40);
  b.fill(2.0f);
  for (auto gemm :
       {gemm_naive<float>, gemm_ikj<float>, gemm_blocked<float>, gemm_parallel<float>}) {
    Matrix c(20, 40);
    c.fill(std::numeric_limits<float>::quiet_NaN());
    gemm(Trans::kNo, Trans::kNo, 1.0f, a_ones, b, 0.0f, c);
    for (float x : c.flat()) {
      ASSERT_EQ(x, 60.0f);
    }
  }
}

TEST(GemmBetaTest, EmptySumScalesC) {
  const Matrix a(3, 0);
  const Matrix b(0, 2);
  for (auto gemm :
       {gemm_naive<float>, gemm_ikj<float>, gemm_blocked<float>, gemm_parallel<float>}) {
    Matrix c(3, 2);
    c.fill(4.0f);
    gemm(Trans::kNo, Trans::kNo, 1.0f, a, b, 0.5f, c);
    for (float x : c.flat()) {
      ASSERT_EQ(x, 2.0f);
    }
  }
}

// Restores the default thread count when a test that changes it ends.
class GemmThreadsTest : public ::testing::TestWithParam<Shape> {
 protected:
  void TearDown() override { set_gemm_threads(original_); }

  int original_ = gemm_threads();
};

TEST_P(GemmThreadsTest, ParallelIsBitwiseIdenticalForAnyThreadCount) {
  const Shape s = GetParam();
  std::mt19937 rng(11);
  const Matrix a = random_operand<float>(s.m, s.k, Trans::kNo, rng);
  const Matrix b = random_operand<float>(s.k, s.n, Trans::kYes, rng);
  set_gemm_threads(1);
  Matrix reference(s.m, s.n);
  gemm_parallel(Trans::kNo, Trans::kYes, 1.0f, a, b, 0.0f, reference);
  for (int threads : {2, 3, 8}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    set_gemm_threads(threads);
    Matrix c(s.m, s.n);
    gemm_parallel(Trans::kNo, Trans::kYes, 1.0f, a, b, 0.0f, c);
    EXPECT_TRUE(bitwise_equal(c, reference));
  }
}

// The five loops on a team of threads against the same loops on one: products with a
// matrix-vector path (m, n or k of 1) never reach the five loops, so they are not among the shapes.
class GemmBlockedThreadsTest : public GemmThreadsTest {};

TEST_P(GemmBlockedThreadsTest, ParallelIsBitwiseIdenticalToBlocked) {
  const Shape s = GetParam();
  std::mt19937 rng(12);
  const Matrix a = random_operand<float>(s.m, s.k, Trans::kYes, rng);
  const Matrix b = random_operand<float>(s.k, s.n, Trans::kNo, rng);
  set_gemm_threads(2);
  Matrix blocked(s.m, s.n);
  gemm_blocked(Trans::kYes, Trans::kNo, 1.0f, a, b, 0.0f, blocked);
  Matrix parallel(s.m, s.n);
  gemm_parallel(Trans::kYes, Trans::kNo, 1.0f, a, b, 0.0f, parallel);
  EXPECT_TRUE(bitwise_equal(parallel, blocked));
}

std::string shape_param_name(const ::testing::TestParamInfo<Shape>& info) {
  return shape_name(info.param);
}

// 64 x 128 x 784 and 90 x 1000 x 1100 (past KC, a ragged last micro-panel of columns) have few
// rows: two or three threads split their columns (gemm_parallel.cpp, splits_columns); eight
// threads, more than 64 x 128's micro-panels of columns, split its rows.
INSTANTIATE_TEST_SUITE_P(Shapes, GemmThreadsTest,
                         Values(Shape{1, 512, 784}, Shape{64, 128, 784}, Shape{90, 1000, 1100},
                                Shape{513, 257, 300}, Shape{300, 5000, 70}),
                         shape_param_name);

INSTANTIATE_TEST_SUITE_P(Shapes, GemmBlockedThreadsTest,
                         Values(Shape{64, 128, 784}, Shape{90, 1000, 1100}, Shape{513, 257, 300},
                                Shape{300, 5000, 70}),
                         shape_param_name);

// A product at most eight micro-panels wide reads A in place, and one at most half a micro-panel
// wide runs the narrow kernel; a wide one packs A and runs the whole tile. Each element of C must
// still get the same FMAs in the same order: the first columns of a narrow product are the bits of
// the same columns of a wide one. 50 rows leave a ragged micro-panel (packed even in place); 100
// columns a ragged micro-panel of B read with A in place; depth 1100 crosses KC; both A as it is
// and A transposed.
TEST(GemmNarrowTest, ANarrowProductGivesTheBitsOfTheSameColumnsOfAWideOne) {
  constexpr std::size_t kM = 50, kK = 1100, kWide = 600;  // 600: packed on every vector width
  std::mt19937 rng(13);
  for (const Trans trans_a : {Trans::kNo, Trans::kYes}) {
    const Matrix a = random_operand<float>(kM, kK, trans_a, rng);
    const Matrix b_wide = random_operand<float>(kK, kWide, Trans::kNo, rng);
    Matrix wide(kM, kWide);
    gemm_blocked(trans_a, Trans::kNo, 1.0f, a, b_wide, 0.0f, wide);
    for (const std::size_t n :
         {std::size_t{5}, std::size_t{16}, std::size_t{20}, std::size_t{48}, std::size_t{64},
          std::size_t{100}, std::size_t{128}, std::size_t{256}}) {
      SCOPED_TRACE(std::to_string(n) + " columns, A " +
                   (trans_a == Trans::kNo ? "as is" : "transposed"));
      Matrix b(kK, n);
      for (std::size_t p = 0; p < kK; ++p) {
        for (std::size_t j = 0; j < n; ++j) {
          b(p, j) = b_wide(p, j);
        }
      }
      Matrix narrow(kM, n);
      gemm_blocked(trans_a, Trans::kNo, 1.0f, a, b, 0.0f, narrow);
      Matrix parallel(kM, n);
      gemm_parallel(trans_a, Trans::kNo, 1.0f, a, b, 0.0f, parallel);
      EXPECT_TRUE(bitwise_equal(parallel, narrow));
      bool same = true;
      for (std::size_t i = 0; i < kM; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
          same = same && std::memcmp(&narrow(i, j), &wide(i, j), sizeof(float)) == 0;
        }
      }
      EXPECT_TRUE(same);
    }
  }
}

TEST(GemmThreadsErrorTest, RejectsAThreadCountBelowOne) {
  EXPECT_THAT(invalid_argument_message([] { set_gemm_threads(0); }), HasSubstr("0 threads"));
}

}  // namespace
}  // namespace nn
