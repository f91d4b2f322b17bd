// prepare_digit: invert, crop, scale to 20 pixels, centre by mass in 28 x 28.
#include "digit_preparation.hpp"

#include <algorithm>
#include <cmath>

#include "mnist_idx.hpp"

namespace nn {
namespace {

// The longer side of a prepared digit; MNIST's digits were fitted into 20 x 20 before centring.
constexpr std::size_t kDigitBox = 20;

// An ink value below this share of the image's strongest ink is paper: it does not widen the
// bounding box (JPEG noise, a faint scan).
constexpr float kInkShareOfMax = 0.25f;

// Ink must differ from the paper by at least this (of the full range) to count: a uniformly
// grey image holds none.
constexpr float kNoInk = 1.0f / 16;

// Returns true when some pixel differs from the paper's shade by kNoInk or more.
bool has_ink(const GreyImage& image);

// Returns the ink of every pixel: 1 where the pen was darkest (or lightest, on dark paper), 0 on
// the paper. The paper's shade is the median of the border, so grey paper becomes 0 too.
std::vector<float> ink_of(const GreyImage& image) {
  std::vector<float> border;
  for (std::size_t y = 0; y < image.height; ++y) {
    for (std::size_t x = 0; x < image.width; ++x) {
      if (y == 0 || x == 0 || y + 1 == image.height || x + 1 == image.width) {
        border.push_back(image.at(x, y));
      }
    }
  }
  const auto middle = border.begin() + static_cast<std::ptrdiff_t>(border.size() / 2);
  std::nth_element(border.begin(), middle, border.end());
  const float paper = *middle;
  const bool dark_on_light = paper > 0.5f;
  std::vector<float> ink(image.pixels.size());
  for (std::size_t i = 0; i < ink.size(); ++i) {
    const float v = image.pixels[i];
    ink[i] = std::max(0.0f, dark_on_light ? paper - v : v - paper);
  }
  const float strongest = *std::max_element(ink.begin(), ink.end());
  if (strongest > 0) {
    for (float& v : ink) {
      v /= strongest;  // the strongest ink is 1, as in MNIST
    }
  }
  return ink;
}

// Returns the fraction of [a, a + 1) that lies inside [lo, hi).
double overlap(double a, double lo, double hi) {
  return std::max(0.0, std::min(a + 1, hi) - std::max(a, lo));
}

// Resamples the w x h region at (x0, y0) of src (row stride `stride`) to out_w x out_h: each new
// pixel is the mean of the source area it covers, which shrinks without aliasing and enlarges
// without inventing detail.
std::vector<float> resample(const std::vector<float>& src, std::size_t stride, std::size_t x0,
                            std::size_t y0, std::size_t w, std::size_t h, std::size_t out_w,
                            std::size_t out_h) {
  std::vector<float> out(out_w * out_h);
  const double sx = static_cast<double>(w) / static_cast<double>(out_w);
  const double sy = static_cast<double>(h) / static_cast<double>(out_h);
  for (std::size_t oy = 0; oy < out_h; ++oy) {
    const double top = static_cast<double>(oy) * sy;
    const double bottom = top + sy;
    for (std::size_t ox = 0; ox < out_w; ++ox) {
      const double left = static_cast<double>(ox) * sx;
      const double right = left + sx;
      double sum = 0;
      for (auto iy = static_cast<std::size_t>(top); static_cast<double>(iy) < bottom && iy < h;
           ++iy) {
        const double wy = overlap(static_cast<double>(iy), top, bottom);
        for (auto ix = static_cast<std::size_t>(left); static_cast<double>(ix) < right && ix < w;
             ++ix) {
          sum += wy * overlap(static_cast<double>(ix), left, right) *
                 src[(y0 + iy) * stride + x0 + ix];
        }
      }
      out[oy * out_w + ox] = static_cast<float>(sum / (sx * sy));
    }
  }
  return out;
}

// Returns the size w, h scaled so that the longer side is `side`, aspect kept, at least 1.
std::pair<std::size_t, std::size_t> fit(std::size_t w, std::size_t h, std::size_t side) {
  const double scale = static_cast<double>(side) / static_cast<double>(std::max(w, h));
  const auto scaled = [scale](std::size_t n) {
    return std::max<std::size_t>(
        1, static_cast<std::size_t>(std::lround(static_cast<double>(n) * scale)));
  };
  return {scaled(w), scaled(h)};
}

bool has_ink(const GreyImage& image) {
  const auto [lo, hi] = std::minmax_element(image.pixels.begin(), image.pixels.end());
  return *hi - *lo >= kNoInk;
}

}  // namespace

std::vector<float> prepare_digit(const GreyImage& image, const std::string& name) {
  if (!has_ink(image)) {
    throw PgmError(name + ": the image holds no ink (all one shade); draw a digit on it");
  }
  const std::vector<float> ink = ink_of(image);
  const float strongest = *std::max_element(ink.begin(), ink.end());
  if (strongest < kNoInk) {
    // Pixels differ, but none is darker than dark paper (or lighter than light paper).
    throw PgmError(name + ": no pixel stands out from the paper's shade; draw a digit on it");
  }
  // The bounding box of the ink.
  std::size_t x0 = image.width;
  std::size_t y0 = image.height;
  std::size_t x1 = 0;
  std::size_t y1 = 0;
  for (std::size_t y = 0; y < image.height; ++y) {
    for (std::size_t x = 0; x < image.width; ++x) {
      if (ink[y * image.width + x] >= kInkShareOfMax * strongest) {
        x0 = std::min(x0, x);
        y0 = std::min(y0, y);
        x1 = std::max(x1, x + 1);
        y1 = std::max(y1, y + 1);
      }
    }
  }
  const auto [w, h] = fit(x1 - x0, y1 - y0, kDigitBox);
  const std::vector<float> digit = resample(ink, image.width, x0, y0, x1 - x0, y1 - y0, w, h);
  // The centre of mass, in pixel indices, goes to the middle of the 28 x 28 field.
  double mass = 0;
  double mx = 0;
  double my = 0;
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      const double v = digit[y * w + x];
      mass += v;
      mx += v * static_cast<double>(x);
      my += v * static_cast<double>(y);
    }
  }
  const double centre = (static_cast<double>(kImageSide) - 1) / 2;
  const auto shift_x = static_cast<long>(std::lround(centre - mx / mass));
  const auto shift_y = static_cast<long>(std::lround(centre - my / mass));
  std::vector<float> out(kImagePixels, 0.0f);
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      const long tx = static_cast<long>(x) + shift_x;
      const long ty = static_cast<long>(y) + shift_y;
      if (tx >= 0 && ty >= 0 && tx < static_cast<long>(kImageSide) &&
          ty < static_cast<long>(kImageSide)) {
        out[static_cast<std::size_t>(ty) * kImageSide + static_cast<std::size_t>(tx)] =
            std::clamp(digit[y * w + x], 0.0f, 1.0f);
      }
    }
  }
  return out;
}

std::vector<float> fit_without_preparation(const GreyImage& image) {
  const std::vector<float> ink = ink_of(image);
  const auto [w, h] = fit(image.width, image.height, kImageSide);
  const std::vector<float> fitted =
      resample(ink, image.width, 0, 0, image.width, image.height, w, h);
  std::vector<float> out(kImagePixels, 0.0f);
  for (std::size_t y = 0; y < h; ++y) {
    for (std::size_t x = 0; x < w; ++x) {
      out[y * kImageSide + x] = std::clamp(fitted[y * w + x], 0.0f, 1.0f);
    }
  }
  return out;
}

}  // namespace nn
