// Tests for lib/nn/layers/im2col.hpp and lib/nn/layers/conv_layer.hpp (docs/07-convolution.md,
// sections 7.1-7.3): im2col's rows are the patches in the documented order; im2col and a gemm give
// the direct convolution's numbers, across the block boundary; col2im is im2col's adjoint; the
// backward pass matches central differences for W, b and the input, alone and inside a network, on
// random tensors and on real MNIST digits; two planted slips (col2im that overwrites instead of
// adding, and the input gradient taken with the flipped kernel) each fail the check.
#include "conv_layer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>
#include <vector>

#include "activation_layer.hpp"
#include "conv_stack.hpp"
#include "dense_layer.hpp"
#include "gemm.hpp"
#include "gradient_check.hpp"
#include "im2col.hpp"
#include "layer_kinds.hpp"
#include "max_pool_layer.hpp"
#include "mnist_idx.hpp"
#include "model_conversion.hpp"
#include "model_file.hpp"
#include "network.hpp"
#include "network_training.hpp"
#include "parameter_checks.hpp"
#include "toy_data.hpp"

namespace nn {
namespace {

using ::nn::test_data::random_matrix;
using ::nn::test_data::split_of;

// The chapters' tolerance (chapters/common/startup_check.hpp).
constexpr double kTolerance = 1e-5;

TEST(Im2colTest, EachRowIsOnePatchInKernelRowOrder) {
  // A 3x4 image of 2 channels whose values are their own storage index: pixel (y, x) channel c
  // holds (4 y + x) 2 + c.
  const ConvGeometry g{{3, 4, 2}, 2, 1};
  std::vector<double> image(g.input.size());
  std::iota(image.begin(), image.end(), 0.0);
  std::vector<double> columns(g.output().pixels() * g.patch());
  im2col<double>(g, image, 1, columns);
  ASSERT_EQ(g.output().pixels(), 6u);  // 2 x 3 output pixels
  ASSERT_EQ(g.patch(), 8u);            // 2 x 2 pixels of 2 channels
  // Row 4 is output pixel (1, 1): the pixels (1, 1), (1, 2), (2, 1), (2, 2), both channels.
  const std::vector<double> row4(columns.begin() + 4 * 8, columns.begin() + 5 * 8);
  EXPECT_EQ(row4, (std::vector<double>{10, 11, 12, 13, 18, 19, 20, 21}));
  const std::vector<double> row0(columns.begin(), columns.begin() + 8);
  EXPECT_EQ(row0, (std::vector<double>{0, 1, 2, 3, 8, 9, 10, 11}));
}

TEST(Im2colTest, Col2imIsTheAdjointOfIm2col) {
  // <im2col(x), p> = <x, col2im(p)> for every x and p: the backward pass of a copy is the sum of
  // the copies' gradients, Eq. (7.6).
  const ConvGeometry g{{6, 5, 3}, 3, 4};
  const std::size_t count = 2;
  const MatrixD x = random_matrix<double>(count, g.input.size(), 1);
  const MatrixD p = random_matrix<double>(count * g.output().pixels(), g.patch(), 2);
  MatrixD columns(p.rows(), p.cols());
  im2col(g, x.flat(), count, columns.flat());
  MatrixD back(count, g.input.size());
  col2im(g, p.flat(), count, back.flat());
  const double left =
      std::inner_product(columns.flat().begin(), columns.flat().end(), p.flat().begin(), 0.0);
  const double right =
      std::inner_product(x.flat().begin(), x.flat().end(), back.flat().begin(), 0.0);
  EXPECT_NEAR(left, right, 1e-12 * std::abs(left));
}

TEST(Im2colTest, APixelInTheMiddleGetsTheGradientOfEveryPatchItIsIn) {
  const ConvGeometry g{{5, 5, 1}, 3, 1};
  std::vector<double> ones(g.output().pixels() * g.patch(), 1.0);
  std::vector<double> image(g.input.size());
  col2im<double>(g, ones, 1, image);
  EXPECT_EQ(image[2 * 5 + 2], 9.0);  // the centre pixel lies in all 9 patches
  EXPECT_EQ(image[0], 1.0);          // a corner in one
  EXPECT_EQ(image[2], 3.0);          // the middle of the top row in three
}

TEST(ConvLayerTest, ForwardMatchesTheDirectConvolutionAcrossBlocks) {
  // 70 images: eight blocks of 8 and one of 6.
  const ConvGeometry g{{9, 8, 3}, 4, 5};
  const std::size_t count = ConvLayer<float>::kBlockImages + 6;
  ConvLayer<float> layer(g);
  std::mt19937 rng(4);
  layer.init(WeightInit::kHe, rng);
  std::vector<Parameter<float>> params = layer.parameters("1");
  params[1].value->fill_uniform(rng, -0.5f, 0.5f);
  const Matrix x = random_matrix<float>(count, g.input.size(), 5);
  Matrix z;
  layer.forward(x, z);
  Matrix reference(count, g.output().size());
  convolve_direct(g, x.flat(), count, *params[0].value, *params[1].value, reference.flat());
  ASSERT_EQ(z.rows(), count);
  ASSERT_EQ(z.cols(), g.output().size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    ASSERT_NEAR(z.data()[i], reference.data()[i], 1e-5f) << "entry " << i;
  }
}

// The loss sum(R .* conv(X)) for a fixed random R: its gradient with respect to the output is R,
// so backward(dZ = R) must give its gradients with respect to W, b and X.
struct SingleLayerCheck {
  ConvGeometry g;
  std::size_t count;
  ConvLayer<double> layer;
  MatrixD x;
  MatrixD r;
  MatrixD dx;

  SingleLayerCheck(const ConvGeometry& geometry, std::size_t images)
      : g(geometry), count(images), layer(geometry) {
    std::mt19937 rng(6);
    layer.init(WeightInit::kHe, rng);
    layer.parameters("1")[1].value->fill_uniform(rng, -0.5, 0.5);
    x = random_matrix<double>(count, g.input.size(), 7);
    r = random_matrix<double>(count, g.output().size(), 8);
  }

  double loss() {
    MatrixD z;
    layer.forward(x, z);
    return std::inner_product(z.flat().begin(), z.flat().end(), r.flat().begin(), 0.0);
  }

  // Checks W, b and X against `input_gradient`, the gradient of X to hold to the check.
  GradientCheckResult check(std::span<const double> input_gradient) {
    std::vector<Parameter<double>> params = layer.parameters("1");
    const GradientCheckTensor tensors[] = {
        {"W", params[0].value->flat(), params[0].gradient->flat(), {}},
        {"b", params[1].value->flat(), params[1].gradient->flat(), {}},
        {"X", x.flat(), input_gradient, {}}};
    return check_gradients([this] { return loss(); }, tensors);
  }

  // Runs the layer's own backward pass (which writes dW, db and dX).
  void backward() {
    MatrixD z;
    layer.forward(x, z);
    GradientWriter<double> writer;
    layer.backward(x, z, r, &dx, writer);
  }
};

// db sums dZ's rows in order, from 0 (Eq. 7.4); the layer keeps the sums of up to four vectors of
// filters in registers and must give the plain loop's bits: for filter counts that fill whole
// vectors, leave a ragged last one, or take the plain loop (more than four vectors), in float
// and double, and for images whose last rows go one value at a time.
template <class T>
void expect_the_in_order_bias_sums(std::size_t filters, std::size_t count) {
  const ConvGeometry g{{6, 5, 2}, 3, filters};
  ConvLayer<T> layer(g);
  std::mt19937 rng(3);
  layer.init(WeightInit::kHe, rng);
  const BasicMatrix<T> x = random_matrix<T>(count, g.input.size(), 4);
  BasicMatrix<T> z;
  layer.forward(x, z);
  const BasicMatrix<T> dz = random_matrix<T>(count, g.output().size(), 5);
  GradientWriter<T> writer;
  layer.backward(x, z, dz, nullptr, writer);
  std::vector<T> expected(filters, T{0});
  for (std::size_t r = 0; r < count * g.output().pixels(); ++r) {
    for (std::size_t f = 0; f < filters; ++f) {
      expected[f] += dz.data()[r * filters + f];
    }
  }
  const BasicMatrix<T>& db = *layer.parameters("1")[1].gradient;
  ASSERT_EQ(db.size(), filters);
  EXPECT_EQ(0, std::memcmp(db.data(), expected.data(), filters * sizeof(T)))
      << filters << " filters, " << count << " images";
}

TEST(ConvLayerTest, TheBiasGradientIsTheInOrderSumBitForBit) {
  for (const std::size_t filters : {1, 3, 8, 13, 20, 24, 32, 33, 40, 64, 70}) {
    for (const std::size_t count : {1, 3}) {
      expect_the_in_order_bias_sums<float>(filters, count);
      expect_the_in_order_bias_sums<double>(filters, count);
    }
  }
}

TEST(ConvLayerTest, BackwardMatchesFiniteDifferencesForWeightsBiasesAndInput) {
  SingleLayerCheck c({{7, 6, 3}, 3, 4}, 3);
  c.backward();
  const GradientCheckResult result = c.check(c.dx.flat());
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(ConvLayerTest, BackwardMatchesFiniteDifferencesAcrossBlocks) {
  // 66 images of 5x5x2: nine blocks, whose parts of the weight gradient are summed, the last
  // block of two images.
  SingleLayerCheck c({{5, 5, 2}, 2, 3}, ConvLayer<double>::kBlockImages + 2);
  c.backward();
  const GradientCheckResult result = c.check(c.dx.flat());
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

// Slip 1: col2im with = where it needs +=: a pixel keeps only the gradient of the last patch
// that covers it.
void col2im_overwriting(const ConvGeometry& g, const MatrixD& columns, std::size_t count,
                        MatrixD& images) {
  const std::size_t run = g.kernel * g.input.channels;
  images.fill(0);
  const double* row = columns.data();
  for (std::size_t b = 0; b < count; ++b) {
    double* image = images.data() + b * g.input.size();
    for (std::size_t y = 0; y < g.out_height(); ++y) {
      for (std::size_t x = 0; x < g.out_width(); ++x) {
        for (std::size_t ky = 0; ky < g.kernel; ++ky) {
          double* to = image + ((y + ky) * g.input.width + x) * g.input.channels;
          for (std::size_t j = 0; j < run; ++j) {
            to[j] = row[ky * run + j];  // the slip
          }
        }
        row += g.patch();
      }
    }
  }
}

// Slip 2: convolution where the forward pass computed correlation: the input gradient taken with
// each kernel turned by 180 degrees, W[f, (ky, kx, c)] read at (K-1-ky, K-1-kx, c).
MatrixD flipped_kernels(const ConvGeometry& g, const MatrixD& w) {
  MatrixD flipped(w.rows(), w.cols());
  const std::size_t k = g.kernel;
  const std::size_t c_count = g.input.channels;
  for (std::size_t f = 0; f < w.rows(); ++f) {
    for (std::size_t ky = 0; ky < k; ++ky) {
      for (std::size_t kx = 0; kx < k; ++kx) {
        for (std::size_t c = 0; c < c_count; ++c) {
          flipped(f, (ky * k + kx) * c_count + c) =
              w(f, ((k - 1 - ky) * k + (k - 1 - kx)) * c_count + c);
        }
      }
    }
  }
  return flipped;
}

enum class Slip { kNone, kCol2imOverwrites, kFlippedKernel };

// The input gradient of the check's loss: dP = R W (or the flipped W), then col2im (or the
// overwriting one).
MatrixD input_gradient_with(SingleLayerCheck& c, Slip slip) {
  const MatrixD& w = *c.layer.parameters("1")[0].value;
  const MatrixD kernels = slip == Slip::kFlippedKernel ? flipped_kernels(c.g, w) : w;
  MatrixD dp(c.count * c.g.output().pixels(), c.g.patch());
  gemm(Trans::kNo, Trans::kNo, 1.0, rows_as(std::as_const(c.r), 0, c.count, c.g.filters),
       span_of(kernels), 0.0, span_of(dp));
  MatrixD dx(c.count, c.g.input.size());
  if (slip == Slip::kCol2imOverwrites) {
    col2im_overwriting(c.g, dp, c.count, dx);
  } else {
    col2im(c.g, std::as_const(dp).flat(), c.count, dx.flat());
  }
  return dx;
}

TEST(ConvLayerTest, TheInputGradientBuiltByHandPassesTheCheck) {
  // The slips below change one thing each in this construction, which passes as it is.
  SingleLayerCheck c({{7, 6, 2}, 3, 3}, 2);
  c.backward();
  const MatrixD dx = input_gradient_with(c, Slip::kNone);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(ConvLayerTest, Col2imThatOverwritesFailsTheGradientCheck) {
  SingleLayerCheck c({{7, 6, 2}, 3, 3}, 2);
  c.backward();
  const MatrixD dx = input_gradient_with(c, Slip::kCol2imOverwrites);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_EQ(result.tensors[2].name, "X");
  EXPECT_GT(result.tensors[2].worst_relative_error, 0.1);
  EXPECT_LT(result.tensors[0].worst_relative_error, kTolerance);  // W and b are still right
}

TEST(ConvLayerTest, AFlippedKernelInTheInputGradientFailsTheGradientCheck) {
  SingleLayerCheck c({{7, 6, 2}, 3, 3}, 2);
  c.backward();
  const MatrixD dx = input_gradient_with(c, Slip::kFlippedKernel);
  const GradientCheckResult result = c.check(dx.flat());
  EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
  EXPECT_GT(result.tensors[2].worst_relative_error, 0.1);
}

// A conv layer whose input gradient goes through one of the slips: what a network-level check
// sees of it, through the first layer's weights.
class SlippedConv final : public Layer<double> {
 public:
  SlippedConv(const ConvGeometry& g, Slip slip) : right_(g), slip_(slip) {}

  std::unique_ptr<Layer<double>> clone() const override {
    return std::make_unique<SlippedConv>(*this);
  }

  std::string_view kind() const override { return "conv"; }

  std::size_t input_width() const override { return right_.input_width(); }

  std::size_t output_width() const override { return right_.output_width(); }

  std::vector<std::uint32_t> config() const override { return right_.config(); }

  std::vector<Parameter<double>> parameters(const std::string& label) override {
    return right_.parameters(label);
  }

  void init(WeightInit init, std::mt19937& rng) override { right_.init(init, rng); }

  void forward(const MatrixD& x, MatrixD& z) override { right_.forward(x, z); }

  void backward(const MatrixD& x, const MatrixD& z, const MatrixD& dz, MatrixD* dx,
                GradientWriter<double>& writer) override {
    right_.backward(x, z, dz, dx, writer);
    if (dx == nullptr) {
      return;
    }
    const ConvGeometry& g = right_.geometry();
    const MatrixD& w = *right_.parameters("")[0].value;
    const MatrixD kernels = slip_ == Slip::kFlippedKernel ? flipped_kernels(g, w) : w;
    MatrixD dp(x.rows() * g.output().pixels(), g.patch());
    gemm(Trans::kNo, Trans::kNo, 1.0, rows_as(dz, 0, x.rows(), g.filters), span_of(kernels), 0.0,
         span_of(dp));
    if (slip_ == Slip::kCol2imOverwrites) {
      col2im_overwriting(g, dp, x.rows(), *dx);
    } else {
      col2im(g, std::as_const(dp).flat(), x.rows(), dx->flat());
    }
  }

 private:
  ConvLayer<double> right_;
  Slip slip_;
};

// conv 3c5, ReLU, pool, conv 4c3 (the one with a slip), ReLU, pool, dense 10, for 28x28 digits.
Network<double> small_conv_network(Slip slip, std::size_t rows) {
  std::vector<std::unique_ptr<Layer<double>>> layers;
  const ConvGeometry g1{{28, 28, 1}, 5, 3};  // > 24x24x3
  const ConvGeometry g2{{12, 12, 3}, 3, 4};  // > 10x10x4
  layers.push_back(std::make_unique<ConvLayer<double>>(g1));
  layers.push_back(std::make_unique<ActivationLayer<double>>(Activation::kRelu, 24 * 24 * 3));
  layers.push_back(std::make_unique<MaxPoolLayer<double>>(g1.output()));
  if (slip == Slip::kNone) {
    layers.push_back(std::make_unique<ConvLayer<double>>(g2));
  } else {
    layers.push_back(std::make_unique<SlippedConv>(g2, slip));
  }
  layers.push_back(std::make_unique<ActivationLayer<double>>(Activation::kRelu, 10 * 10 * 4));
  layers.push_back(std::make_unique<MaxPoolLayer<double>>(g2.output()));
  layers.push_back(std::make_unique<DenseLayer<double>>(5 * 5 * 4, 10));
  Network<double> net(std::move(layers), rows);
  std::mt19937 rng(9);
  net.init(WeightInit::kHe, rng);
  // Biases away from 0: with b = 0 every all-black patch of a digit gives exactly 0, a ReLU
  // kink that any probe of that bias straddles.
  for (const Parameter<double>& p : net.parameters()) {
    if (!p.decays) {
      p.value->fill_uniform(rng, 0.05, 0.15);
    }
  }
  return net;
}

GradientCheckResult check_on(Network<double>& net, const Matrix& images,
                             std::span<const std::uint8_t> labels) {
  std::vector<std::size_t> samples(images.rows());
  std::iota(samples.begin(), samples.end(), std::size_t{0});
  return check_network_gradients(net, images, labels, samples, Batching::kOneBatch, 60);
}

TEST(ConvNetworkTest, BackwardMatchesFiniteDifferencesOnRandomImages) {
  const auto data = test_data::make_toy_data(2, kImagePixels, 10);
  Network<double> net = small_conv_network(Slip::kNone, 2);
  const GradientCheckResult result = check_on(net, data.images, data.labels);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

// Three real digits, or a skip without MNIST.
bool load_digits(Matrix& images, std::vector<std::uint8_t>& labels) {
  const std::filesystem::path dir = default_data_dir();
  if (!std::filesystem::exists(dir / "train-images-idx3-ubyte")) {
    return false;
  }
  const MnistSplit digits = first_samples(load_mnist(dir, Split::kTrain), 3);
  images = all_inputs(digits);
  labels = digits.labels;
  return true;
}

TEST(ConvNetworkTest, BackwardMatchesFiniteDifferencesOnMnistDigits) {
  Matrix images;
  std::vector<std::uint8_t> labels;
  if (!load_digits(images, labels)) {
    GTEST_SKIP() << "MNIST not found in " << default_data_dir() << "; run data/fetch_mnist.sh";
  }
  Network<double> net = small_conv_network(Slip::kNone, 3);
  const GradientCheckResult result = check_on(net, images, labels);
  EXPECT_TRUE(result.passed(kTolerance)) << format_gradient_check(result);
}

TEST(ConvNetworkTest, EachPlantedSlipFailsTheCheckOfTheLayersBelowIt) {
  // The slipped layer's own W2 and b2 are right; W1 and b1, below it, get wrong gradients.
  const auto data = test_data::make_toy_data(2, kImagePixels, 10);
  for (Slip slip : {Slip::kCol2imOverwrites, Slip::kFlippedKernel}) {
    Network<double> net = small_conv_network(slip, 2);
    const GradientCheckResult result = check_on(net, data.images, data.labels);
    EXPECT_FALSE(result.passed(kTolerance)) << format_gradient_check(result);
    EXPECT_GT(result.tensors[0].worst_relative_error, 0.1) << format_gradient_check(result);
    EXPECT_LT(result.tensors[2].worst_relative_error, kTolerance) << format_gradient_check(result);
  }
}

TEST(ConvNetworkTest, AModelFileKeepsTheConvolutionsAndPools) {
  Network<float> net(
      conv_stack<float>("4c5-mp2-6c3-mp2-10", kMnistImage, kNumClasses, Activation::kRelu), 2);
  std::mt19937 rng(3);
  net.init(WeightInit::kHe, rng);
  const auto data = test_data::make_toy_data(2, kImagePixels, 10);
  const std::size_t rows[] = {0, 1};
  net.load_batch(data.images, data.labels, rows);
  const Matrix before = net.forward();
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("conv_layer_test_" + std::to_string(::getpid()));
  save_model(path, to_model(net));
  Network<float> back = network_from_model(load_model(path), 2, path.string());
  std::filesystem::remove(path);
  EXPECT_EQ(describe_model(to_model(net)),
            "convolutional network 4c5-mp2-6c3-mp2-10 (cross-entropy loss, relu hidden units)");
  ASSERT_EQ(back.layers().size(), net.layers().size());
  EXPECT_EQ(back.layers()[0]->kind(), "conv");
  EXPECT_EQ(back.layers()[2]->kind(), "maxpool");
  back.load_batch(data.images, data.labels, rows);
  EXPECT_TRUE(bitwise_equal(back.forward(), before));
}

// A convolutional network trained for an epoch on 300 striped 28x28 images, with dropout and
// shifts, on `threads` GEMM threads.
Network<float> trained_on(int threads) {
  set_gemm_threads(threads);
  TrainingSettings s;
  s.conv_layers = "6c5-mp2-12c5-mp2-32-10";
  s.hidden = Activation::kRelu;
  s.init = WeightInit::kHe;
  s.optimizer = OptimizerKind::kAdam;
  s.batch = 64;
  s.epochs = 1;
  s.dropout = 0.3f;
  s.augment.kind = AugmentKind::kShift;
  static const auto data = test_data::make_striped_data(300, kImagePixels, 10);
  static const MnistSplit split = split_of(data);
  Training training(s, split);
  training.run_epoch();
  return std::move(training.network());
}

TEST(ConvNetworkThreadsTest, TheSameSeedGivesTheSameBitsWithOneThreadOrTwo) {
  // Blocks of images go to whichever thread takes them; each block's products and the sum of the
  // blocks' weight gradients in block order make the bits independent of that.
  const Network<float> one = trained_on(1);
  const Network<float> two = trained_on(2);
  for (std::size_t p = 0; p < one.parameters().size(); ++p) {
    EXPECT_TRUE(bitwise_equal(*one.parameters()[p].value, *two.parameters()[p].value))
        << one.parameters()[p].name;
  }
}

TEST(ConvLayerTest, AKernelLargerThanTheImageIsRefused) {
  EXPECT_THROW(ConvLayer<float>(ConvGeometry{{4, 4, 1}, 5, 2}), std::invalid_argument);
  const std::uint32_t config[] = {4, 4, 1, 5, 2};
  EXPECT_THROW(make_layer<float>("conv", config), std::invalid_argument);
}

}  // namespace
}  // namespace nn
