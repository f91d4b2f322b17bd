// Tests for lib/data/model_file.hpp: round trips, and each kind of damaged or foreign file refused
// with a message that says which.
#include "model_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <fstream>
#include <random>
#include <span>

namespace nn {
namespace {

using ::testing::HasSubstr;

Model small_dense_model() {
  Model m;
  m.kind = ModelKind::kLayers;
  m.loss = Loss::kCrossEntropy;
  m.sizes = {5, 3, 2};
  m.layers = {{"dense", {5, 3}, 2}, {"sigmoid", {3}, 0}, {"dense", {3, 2}, 2}};
  std::mt19937 rng(1);
  for (auto [rows, cols] : {std::pair{3, 5}, std::pair{1, 3}, std::pair{2, 3}, std::pair{1, 2}}) {
    Matrix t(static_cast<std::size_t>(rows), static_cast<std::size_t>(cols));
    t.fill_uniform(rng, -1.0f, 1.0f);
    m.tensors.push_back(t);
  }
  return m;
}

void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) {
    out.push_back(static_cast<std::byte>(v >> (8 * i)));
  }
}

// Replaces the last 8 bytes with the checksum of the others.
void reseal(std::vector<std::byte>& bytes) {
  bytes.resize(bytes.size() - 8);
  const std::uint64_t hash = model_checksum(bytes);
  for (int i = 0; i < 8; ++i) {
    bytes.push_back(static_cast<std::byte>(hash >> (8 * i)));
  }
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
  ASSERT_EQ(back.layers.size(), 3u);
  EXPECT_EQ(back.layers[1].kind, "sigmoid");
  EXPECT_EQ(back.layers[2].config, (std::vector<std::uint32_t>{3, 2}));
  EXPECT_EQ(back.layers[2].tensors, 2u);
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
  bytes[4] = std::byte{3};
  EXPECT_THAT(parse_error(bytes),
              HasSubstr("model file version 3, but this program reads versions 1 to 2"));
}

// A file saved before the layer records (version 1: hidden activation, sizes, W and b) loads into
// the same records a version 2 file holds.
TEST(ModelFileTest, ReadsAVersionOneDenseFileAsLayerRecords) {
  const Model m = small_dense_model();
  std::vector<std::byte> v1;
  for (char c : {'S', 'C', 'N', 'M'}) {
    v1.push_back(static_cast<std::byte>(c));
  }
  for (std::uint32_t v : {1u, 3u, 3u, 3u /* relu */, 3u, 5u, 3u, 2u, 4u}) {
    put_u32(v1, v);
  }
  for (const Matrix& t : m.tensors) {
    put_u32(v1, static_cast<std::uint32_t>(t.rows()));
    put_u32(v1, static_cast<std::uint32_t>(t.cols()));
    for (float x : t.flat()) {
      put_u32(v1, std::bit_cast<std::uint32_t>(x));
    }
  }
  v1.resize(v1.size() + 8);
  reseal(v1);
  const Model back = parse_model(v1, "old.bin");
  EXPECT_EQ(back.hidden, Activation::kRelu);
  EXPECT_EQ(back.sizes, m.sizes);
  ASSERT_EQ(back.layers.size(), 3u);
  EXPECT_EQ(back.layers[0].kind, "dense");
  EXPECT_EQ(back.layers[1].kind, "relu");
  EXPECT_EQ(back.layers[1].config, (std::vector<std::uint32_t>{3}));
  ASSERT_EQ(back.tensors.size(), 4u);
  EXPECT_TRUE(bitwise_equal(back.tensors[3], m.tensors[3]));
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
  m.kind = ModelKind::kAugmentedSigmoid;
  m.sizes = {65536, 65536, 2};  // 16 GiB of weights, claimed by a file of a few hundred bytes
  std::vector<std::byte> bytes = serialize_model(m);
  EXPECT_THAT(parse_error(bytes), HasSubstr("takes"));
  // In a layer record: the first tensor's shape, right after "dense" and its two config values.
  bytes = serialize_model(small_dense_model());
  const std::size_t shape = 20 + 4 + 5 + 4 + 8 + 4;
  bytes[shape + 2] = std::byte{1};  // rows 3 -> 65539
  bytes[shape + 6] = std::byte{1};
  reseal(bytes);
  EXPECT_THAT(parse_error(bytes), HasSubstr("does not fit the file"));
}

TEST(ModelFileTest, RefusesALayerKindThatIsNotAName) {
  Model m = small_dense_model();
  m.layers[1].kind = "Sig moid";
  EXPECT_THAT(parse_error(serialize_model(m)), HasSubstr("not a name of a-z, 0-9 and _"));
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
