// The ladder, the augmentation pictures and describe_training.
#include "training_ladder.hpp"

#include <cstdio>
#include <filesystem>

#include "augmentation.hpp"
#include "ladder.hpp"
#include "layer_sizes.hpp"
#include "printed_training.hpp"
#include "svg_plot.hpp"
#include "terminal.hpp"
#include "terminal_layout.hpp"

namespace nn::chapters {

namespace {

// The rows, each the one above plus one change (section 6.7).
std::vector<Rung> ladder_rungs() {
  std::vector<Rung> rungs;
  TrainingSettings s;  // chapter 3's defaults: 784-128-64-10 sigmoid, Xavier, per-sample SGD
  s.keep_best = true;
  rungs.push_back({"chapter 3: 784-128-64-10 sigmoid, Xavier, SGD per sample, lr 0.001", s});
  s.hidden = Activation::kRelu;
  s.init = WeightInit::kHe;
  rungs.push_back({"ReLU units, He initialisation", s});
  s.optimizer = OptimizerKind::kAdam;
  s.batch = 64;
  rungs.push_back({"Adam, lr 0.001, batches of 64", s});
  s.sizes = {784, 800, 800, 10};
  rungs.push_back({"784-800-800-10", s});
  s.dropout = 0.2f;
  rungs.push_back({"dropout 0.2 after each hidden layer", s});
  s.schedule.kind = ScheduleKind::kStep;
  s.schedule.after = 3;
  rungs.push_back({"the rate halved each epoch after the 3rd", s});
  s.epochs = 40;
  s.schedule.kind = ScheduleKind::kCosine;
  rungs.push_back({"40 epochs, the rate on a cosine from 0.001 down", s});
  s.augment.kind = AugmentKind::kShift;
  rungs.push_back({"shifts of up to 2 pixels", s});
  s.augment.kind = AugmentKind::kElastic;
  rungs.push_back({"elastic distortions (alpha 34, sigma 6) on top of the shifts", s});
  return rungs;
}

}  // namespace

int show_augmentation(const CourseData& data, std::size_t index, AugmentSettings augment,
                      bool ascii, const std::string& out) {
  const MnistSplit& train = data.full_train();
  const std::vector<AugmentKind> kinds =
      augment.kind == AugmentKind::kNone
          ? std::vector<AugmentKind>{AugmentKind::kShift, AugmentKind::kElastic}
          : std::vector<AugmentKind>{augment.kind};
  constexpr std::uint64_t kEpochs = 3;  // each kind as shown in epochs 1-3
  const std::uint32_t seed = 1;
  AugmentScratch scratch;
  std::vector<float> moved(kImagePixels);
  // In the terminal: the image, then each kind in each of the first epochs.
  const DrawStyle style = choose_draw_style(ascii);
  std::vector<std::string> blocks = {draw_digit(image_inputs(train, index), style)};
  std::vector<std::string> captions = {"image " + std::to_string(index)};
  ImageGrid grid;
  grid.title =
      "Training images as the network is shown them: shifted by up to 2 pixels, and "
      "elastically distorted (alpha " +
      format_rate(augment.alpha) + ", sigma " + format_rate(augment.sigma) + ")";
  grid.columns = 1 + kinds.size() * kEpochs;
  constexpr std::size_t kImages = 4;  // rows of the grid
  for (std::size_t k = index; k < index + kImages && k < train.labels.size(); ++k) {
    const std::vector<float> image = image_inputs(train, k);
    grid.tiles.push_back({image, "image " + std::to_string(k)});
    for (AugmentKind kind : kinds) {
      augment.kind = kind;
      for (std::uint64_t epoch = 1; epoch <= kEpochs; ++epoch) {
        KeyedRandom random = KeyedRandom::for_image(seed, epoch, k);
        augment_image(augment, random, image, moved, scratch);
        const std::string caption =
            std::string(augment_name(kind)) + ", epoch " + std::to_string(epoch);
        grid.tiles.push_back({moved, caption});
        if (k == index) {
          blocks.push_back(draw_digit(moved, style));
          captions.push_back(caption);
        }
      }
    }
  }
  // As many pictures a row as fit 80 columns: two in colour, one in ASCII.
  const std::size_t width = visible_width(blocks.front().substr(0, blocks.front().find('\n')));
  const std::size_t per_row = std::max<std::size_t>(1, 82 / (width + 2));
  for (std::size_t first = 0; first < blocks.size(); first += per_row) {
    const std::size_t count = std::min(per_row, blocks.size() - first);
    std::printf("%s", side_by_side(std::span(blocks).subspan(first, count),
                                   std::span(captions).subspan(first, count))
                          .c_str());
  }
  const std::filesystem::path path = std::filesystem::path(out) / "augmentation.svg";
  std::filesystem::create_directories(out);
  write_image_grid(path, grid);
  std::printf("wrote %s (images %zu-%zu, each as shown in epochs 1-3)\n", path.string().c_str(),
              index, std::min(index + kImages, train.labels.size()) - 1);
  return 0;
}

Network<float> run_ladder(const CourseData& data, std::uint32_t seed, const std::string& out) {
  std::vector<LadderRow> rows = train_ladder(ladder_rungs(), data, seed);
  print_ladder(rows, data, "Chapter 6: the ladder", out);
  return std::move(*rows.back().runs.front().network);
}

}  // namespace nn::chapters
