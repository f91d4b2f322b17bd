// Tests for lib/data/model_file.hpp: round trips, and each kind of damaged or foreign file refused
// with a message that says which.
#include "model_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace nn {
namespace {

using ::testing::HasSubstr;

Model small_dense_model() {
  Model m;
  m.kind = ModelKind::kDense;
  m.loss = Loss::kCrossEntropy;
  m.sizes = {5, 3, 2};
  std::mt19937 rng(1);
  for (auto [rows, cols] : {std::pair{3, 5}, std::pair{1, 3}, std::pair{2, 3}, std::pair{1, 2}}) {
    Matrix t(static_cast<std::size_t>(rows), static_cast<std::size_t>(cols));
    t.fill_uniform(rng, -1.0f, 1.0f);
    m.tensors.push_back(t);
  }
  return m;
}

// Returns the ModelFileError message parse_model gives for bytes, or "" if it accepts them.
std::string parse_error(const std::vector<std::byte>& bytes) {
  try {
    parse_model(bytes, "m.bin");
  } catch (const ModelFileError& e) {
    return e.what();
  }
  return "";
}

TEST(ModelFileTest, RoundTripsEveryTensorBitForBit) {
  const Model m = small_dense_model();
  const Model back = parse_model(serialize_model(m), "m.bin");
  EXPECT_EQ(back.kind, m.kind);
  EXPECT_EQ(back.loss, m.loss);
  EXPECT_EQ(back.sizes, m.sizes);
  ASSERT_EQ(back.tensors.size(), m.tensors.size());
  for (std::size_t i = 0; i < m.tensors.size(); ++i) {
    EXPECT_TRUE(bitwise_equal(back.tensors[i], m.tensors[i])) << "tensor " << i;
  }
}

TEST(ModelFileTest, SavesThroughATemporaryAndLoadsBack) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "scratchnet_model_test.bin";
  save_model(path, small_dense_model());
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".partial"));
  EXPECT_EQ(load_model(path).sizes, (std::vector<std::size_t>{5, 3, 2}));
  std::filesystem::remove(path);
}

TEST(ModelFileTest, RefusesAFileThatIsNotAModel) {
  std::vector<std::byte> bytes(100, std::byte{0x41});
  EXPECT_THAT(parse_error(bytes), HasSubstr("not a scratchnet model file"));
}

TEST(ModelFileTest, RefusesAnotherVersion) {
  std::vector<std::byte> bytes = serialize_model(small_dense_model());
  bytes[4] = std::byte{2};
  EXPECT_THAT(parse_error(bytes), HasSubstr("model file version 2"));
}

TEST(ModelFileTest, RefusesAFlippedByte) {
  std::vector<std::byte> bytes = serialize_model(small_dense_model());
  bytes[60] ^= std::byte{0x10};
  EXPECT_THAT(parse_error(bytes), HasSubstr("checksum mismatch"));
}

TEST(ModelFileTest, RefusesATruncatedFile) {
  std::vector<std::byte> bytes = serialize_model(small_dense_model());
  bytes.resize(bytes.size() - 9);
  EXPECT_THAT(parse_error(bytes), HasSubstr("corrupt or truncated"));
  bytes.resize(10);
  EXPECT_THAT(parse_error(bytes), HasSubstr("truncated"));
}

TEST(ModelFileTest, RefusesAHeaderThatClaimsAHugeNetworkWithoutAllocatingIt) {
  Model m = small_dense_model();
  m.sizes = {65536, 65536, 2};  // 16 GiB of weights, claimed by a file of a few hundred bytes
  std::vector<std::byte> bytes = serialize_model(m);
  EXPECT_THAT(parse_error(bytes), HasSubstr("takes"));
}

TEST(ModelFileTest, RequireModelNamesBothNetworks) {
  const Model m = small_dense_model();
  const std::size_t wanted[] = {784, 20, 10};
  try {
    require_model(m, ModelKind::kAugmentedSigmoid, wanted, "m.bin");
    FAIL() << "a dense 5-3-2 model passed for an augmented 784-20-10 one";
  } catch (const ModelFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("holds a dense network 5-3-2 (cross-entropy loss)"));
    EXPECT_THAT(e.what(), HasSubstr("needs an augmented sigmoid network 784-20-10"));
  }
}

TEST(ModelFileTest, LoadNamesAMissingFile) {
  try {
    load_model("/nonexistent/model.bin");
    FAIL();
  } catch (const ModelFileError& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/model.bin: cannot open it"));
  }
}

}  // namespace
}  // namespace nn
