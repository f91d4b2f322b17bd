// Chapter 7's pictures and shift experiment: see conv_pictures.hpp.
#include "conv_pictures.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "augmentation.hpp"
#include "conv_layer.hpp"
#include "evaluation.hpp"
#include "paths.hpp"
#include "svg_plot.hpp"
#include "terminal.hpp"
#include "terminal_layout.hpp"

namespace nn::chapters {
namespace {

// The first convolution of the network and where it sits; throws std::invalid_argument when the
// network has none (a model of chapters 3-6).
std::size_t first_conv(const Network<float>& net) {
  for (std::size_t k = 0; k < net.layers().size(); ++k) {
    if (dynamic_cast<const ConvLayer<float>*>(net.layers()[k].get()) != nullptr) {
      return k;
    }
  }
  throw std::invalid_argument("the network has no convolution to draw (a model of chapter 7?)");
}

// A side x side picture placed in the middle of a 28 x 28 frame, each pixel drawn as a square of
// `zoom` x `zoom` (5 x 5 filters at zoom 5 fill 25 x 25): the terminal's pictures are 28 x 28.
std::vector<float> framed(std::span<const float> pixels, std::size_t side, std::size_t zoom) {
  std::vector<float> frame(kImagePixels, 0.0f);
  const std::size_t offset = (kImageSide - side * zoom) / 2;
  for (std::size_t y = 0; y < side * zoom; ++y) {
    for (std::size_t x = 0; x < side * zoom; ++x) {
      frame[(offset + y) * kImageSide + offset + x] = pixels[(y / zoom) * side + x / zoom];
    }
  }
  return frame;
}

// Channel c of a channels-last image of `channels` channels.
std::vector<float> channel_of(std::span<const float> image, std::size_t channels, std::size_t c) {
  std::vector<float> plane;
  for (std::size_t i = c; i < image.size(); i += channels) {
    plane.push_back(image[i]);
  }
  return plane;
}

void print_in_rows(const std::vector<std::string>& blocks, const std::vector<std::string>& captions,
                   std::size_t per_row) {
  for (std::size_t first = 0; first < blocks.size(); first += per_row) {
    const std::size_t count = std::min(per_row, blocks.size() - first);
    std::printf("%s", side_by_side(std::span(blocks).subspan(first, count),
                                   std::span(captions).subspan(first, count))
                          .c_str());
  }
}

// The filters drawn in the terminal: two rows of four fit an 80-column screen.
constexpr std::size_t kFiltersDrawn = 8;

// Image i of split as drawn, b / 255 for each byte b, whatever inputs the network reads.
std::vector<float> drawn_pixels(const MnistSplit& split, std::size_t i) {
  const PixelValues unit = unit_pixel_values();
  std::vector<float> pixels;
  for (const std::uint8_t b : split.images.row(i)) {
    pixels.push_back(unit[b]);
  }
  return pixels;
}

void wrote(const std::filesystem::path& path) {
  std::printf("wrote %s (and its numbers, %s.csv)\n", shown_path(path).c_str(),
              path.stem().string().c_str());
}

}  // namespace

void draw_conv_pictures(Network<float>& net, const MnistSplit& test, std::size_t index, bool ascii,
                        const std::string& out) {
  const std::size_t k = first_conv(net);
  const auto& conv = dynamic_cast<const ConvLayer<float>&>(*net.layers()[k]);
  const ConvGeometry& g = conv.geometry();
  const Matrix& w = *net.parameters_of(k)[0].value;  // (F, K K C)
  const DrawStyle style = choose_draw_style(ascii);
  const std::size_t per_row = style == DrawStyle::kAscii ? 2 : 4;
  const std::filesystem::path dir(out);

  // The filters, each K x K (of the first channel: the images have one).
  std::printf(
      "\nThe first convolution's filters, %zux%zu each (drawn %zu times larger): %zu of %zu here, "
      "all in filters.svg.\n%s\n",
      g.kernel, g.kernel, 25 / g.kernel, std::min<std::size_t>(kFiltersDrawn, g.filters), g.filters,
      signed_image_legend(style, "the filter's output").c_str());
  ImageGrid filters{.title = "The first convolution's filters, " + std::to_string(g.kernel) + "x" +
                             std::to_string(g.kernel) + " weights each",
                    .side = g.kernel,
                    .columns = 10,
                    .scale = PixelScale::kDiverging,
                    .tiles = {}};
  std::vector<std::string> blocks;
  std::vector<std::string> captions;
  for (std::size_t f = 0; f < g.filters; ++f) {
    const std::vector<float> kernel = channel_of(w.row(f), g.input.channels, 0);
    filters.tiles.push_back({kernel, "filter " + std::to_string(f)});
    if (f < kFiltersDrawn) {
      blocks.push_back(draw_signed_image(framed(kernel, g.kernel, 25 / g.kernel), style));
      captions.push_back("filter " + std::to_string(f));
    }
  }
  print_in_rows(blocks, captions, per_row);
  write_image_grid(dir / "filters.svg", filters);
  wrote(dir / "filters.svg");

  // One test digit's feature maps: what each filter, after ReLU, finds where.
  const Matrix& p = net.predict(image_inputs(test, index));
  const std::vector<float> digit = drawn_pixels(test, index);
  const std::size_t answer = argmax(p.row(0));
  // The units after the convolution: the next layer, or the one after batch normalisation. A
  // network whose ReLU is fused into its pooling (chapter 9) has none: the maps are then the
  // convolution's output, and the ReLU is applied below.
  std::size_t relu = k;
  for (std::size_t j = k + 1; j < net.layers().size() && j <= k + 2; ++j) {
    if (net.layers()[j]->kind() == activation_name(Activation::kRelu)) {
      relu = j;
      break;
    }
  }
  const std::span<const float> maps = net.layer_output(relu).row(0);
  const ImageShape o = g.output();
  std::printf(
      "\nTest digit %zu (a %d, read as %zu) and its first %d feature maps, %zux%zu: "
      "each pixel is one filter's output after ReLU at one place of the digit.\n",
      index, test.labels[index], answer, 7, o.height, o.width);
  ImageGrid feature{.title = "Test digit " + std::to_string(index) +
                             " (the middle 24x24 that the maps cover) and its feature maps after "
                             "ReLU",
                    .side = o.height,
                    .columns = 7,
                    .scale = PixelScale::kInk,
                    .tiles = {}};
  std::vector<float> middle;
  const std::size_t margin = (kImageSide - o.height) / 2;
  for (std::size_t y = 0; y < o.height; ++y) {
    for (std::size_t x = 0; x < o.width; ++x) {
      middle.push_back(digit[(y + margin) * kImageSide + x + margin]);
    }
  }
  feature.tiles.push_back({middle, "the digit"});
  blocks = {draw_digit(digit, style)};
  captions = {"test digit " + std::to_string(index)};
  float largest = 0;
  for (float v : maps) {
    largest = std::max(largest, v);
  }
  for (std::size_t f = 0; f < o.channels; ++f) {
    std::vector<float> map = channel_of(maps, o.channels, f);
    for (float& v : map) {
      // One scale for every map: 1 is the strongest response (after the ReLU).
      v = largest > 0 ? std::max(v, 0.0f) / largest : 0;
    }
    feature.tiles.push_back({map, "map " + std::to_string(f)});
    if (f < 7) {
      blocks.push_back(draw_digit(framed(map, o.height, 1), style));
      captions.push_back("map " + std::to_string(f));
    }
  }
  print_in_rows(blocks, captions, per_row);
  write_image_grid(dir / "feature_maps.svg", feature);
  wrote(dir / "feature_maps.svg");

  // Every misread test digit.
  Matrix probabilities;
  evaluate(net, test, &probabilities);
  ImageGrid misread{
      .title = "", .side = kImageSide, .columns = 12, .scale = PixelScale::kInk, .tiles = {}};
  for (std::size_t i = 0; i < test.labels.size(); ++i) {
    const std::size_t read = argmax(std::as_const(probabilities).row(i));
    if (read != test.labels[i]) {
      misread.tiles.push_back({drawn_pixels(test, i), "#" + std::to_string(i) + ": " +
                                                          std::to_string(test.labels[i]) +
                                                          " read as " + std::to_string(read)});
    }
  }
  misread.title = "The " + std::to_string(misread.tiles.size()) +
                  " test digits the network misreads: index, label, answer";
  std::printf("\n%zu of %zu test digits misread.\n", misread.tiles.size(), test.labels.size());
  write_image_grid(dir / "misread.svg", misread);
  wrote(dir / "misread.svg");
}

void print_shift_experiment(Network<float>& net, Network<float>& other,
                            const std::string& other_path, const MnistSplit& test) {
  std::printf("\nTest accuracy with every test digit moved right and down, read as it is:\n");
  std::printf("| moved by | this network | %s |\n|---|---|---|\n", other_path.c_str());
  // Moved by whole pixels, every value is a pixel of the digit or 0: with the b / 255 inputs, which
  // to_pixel inverts, a byte again, exactly.
  if (test.pixel_values != unit_pixel_values()) {
    throw std::logic_error("print_shift_experiment: the test images must be read as b / 255");
  }
  MnistSplit moved{PixelMatrix(test.images.rows(), test.images.cols()), test.labels};
  std::vector<float> digit(kImagePixels);
  std::vector<float> moved_digit(kImagePixels);
  std::vector<float> dx(kImagePixels);
  std::vector<float> dy(kImagePixels);
  for (int s : {0, 1, 2, 3, 4, 5, 6}) {
    // The output pixel reads the input s pixels up and to the left: the ink moves right and down.
    std::fill(dx.begin(), dx.end(), static_cast<float>(-s));
    std::fill(dy.begin(), dy.end(), static_cast<float>(-s));
    for (std::size_t i = 0; i < test.labels.size(); ++i) {
      read_inputs(test, i, digit);
      displace_image(digit, dx, dy, moved_digit);
      std::transform(moved_digit.begin(), moved_digit.end(), moved.images.row(i).begin(), to_pixel);
    }
    std::printf("| %d pixel%s | %.2f %% | %.2f %% |\n", s, s == 1 ? "" : "s",
                100 * evaluate(net, moved).accuracy, 100 * evaluate(other, moved).accuracy);
  }
}

}  // namespace nn::chapters
