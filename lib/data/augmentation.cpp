// Shifts, affine maps and elastic distortions, Eqs. (6.13), (6.14) and (8.22).
#include "augmentation.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "enum_names.hpp"
#include "mnist_idx.hpp"

namespace nn {
namespace {

constexpr EnumNames<AugmentKind, 4> kAugmentNames = {{{AugmentKind::kNone, "none"},
                                                      {AugmentKind::kShift, "shift"},
                                                      {AugmentKind::kAffine, "affine"},
                                                      {AugmentKind::kElastic, "elastic"}}};

constexpr int kSide = static_cast<int>(kImageSide);

}  // namespace

std::string_view augment_name(AugmentKind kind) {
  return name_of(kAugmentNames, kind);
}

std::string augment_names() {
  return list_names(kAugmentNames);
}

AugmentKind parse_augment(std::string_view name) {
  return parse_name(kAugmentNames, name, "augmentation");
}

KeyedRandom KeyedRandom::for_image(std::uint64_t seed, std::uint64_t epoch, std::uint64_t index) {
  // Three words mixed into one key; each step through next() scrambles it further.
  KeyedRandom mix(seed);
  std::uint64_t key = mix.next() ^ epoch;
  mix = KeyedRandom(key);
  key = mix.next() ^ index;
  return KeyedRandom(key);
}

std::uint64_t KeyedRandom::next() {
  // SplitMix64 (Steele, Lea and Flood 2014): a Weyl sequence through a bit mixer.
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

float KeyedRandom::symmetric() {
  const auto bits = static_cast<std::uint32_t>(next() >> 40);  // 24 bits: exact in a float
  return std::ldexp(static_cast<float>(bits), -23) - 1.0f;
}

int KeyedRandom::between(int s) {
  const auto span = static_cast<std::uint64_t>(2 * s + 1);
  return static_cast<int>(next() % span) - s;  // the bias of % is below 2^-59 here
}

std::vector<float> gaussian_kernel(float sigma) {
  if (!(sigma > 0.0f)) {
    throw std::invalid_argument("a Gaussian's sigma must be positive");
  }
  const int r = static_cast<int>(std::ceil(3.0f * sigma));
  std::vector<float> kernel(static_cast<std::size_t>(2 * r + 1));
  double sum = 0;
  for (int i = -r; i <= r; ++i) {
    const double g = std::exp(-0.5 * i * i / (static_cast<double>(sigma) * sigma));
    kernel[static_cast<std::size_t>(i + r)] = static_cast<float>(g);
    sum += g;
  }
  for (float& k : kernel) {
    k = static_cast<float>(k / sum);
  }
  return kernel;
}

void smooth_field(std::span<float> field, std::span<const float> kernel, std::span<float> temp) {
  const int r = static_cast<int>(kernel.size() / 2);
  // Along rows into temp, then along columns back into field; taps that fall outside read 0.
  for (int row = 0; row < kSide; ++row) {
    for (int col = 0; col < kSide; ++col) {
      float sum = 0;
      for (int t = std::max(-r, -col); t <= std::min(r, kSide - 1 - col); ++t) {
        sum += kernel[static_cast<std::size_t>(t + r)] *
               field[static_cast<std::size_t>(row * kSide + col + t)];
      }
      temp[static_cast<std::size_t>(row * kSide + col)] = sum;
    }
  }
  for (int row = 0; row < kSide; ++row) {
    for (int col = 0; col < kSide; ++col) {
      float sum = 0;
      for (int t = std::max(-r, -row); t <= std::min(r, kSide - 1 - row); ++t) {
        sum += kernel[static_cast<std::size_t>(t + r)] *
               temp[static_cast<std::size_t>((row + t) * kSide + col)];
      }
      field[static_cast<std::size_t>(row * kSide + col)] = sum;
    }
  }
}

void displace_image(std::span<const float> in, std::span<const float> dx, std::span<const float> dy,
                    std::span<float> out) {
  const auto pixel = [&](int row, int col) {
    if (row < 0 || row >= kSide || col < 0 || col >= kSide) {
      return 0.0f;
    }
    return in[static_cast<std::size_t>(row * kSide + col)];
  };
  for (int row = 0; row < kSide; ++row) {
    for (int col = 0; col < kSide; ++col) {
      const auto k = static_cast<std::size_t>(row * kSide + col);
      const float y = static_cast<float>(row) + dy[k];
      const float x = static_cast<float>(col) + dx[k];
      const float y0 = std::floor(y);
      const float x0 = std::floor(x);
      const float fy = y - y0;  // weights of the pixels below and to the right
      const float fx = x - x0;
      const int r0 = static_cast<int>(y0);
      const int c0 = static_cast<int>(x0);
      const float top = (1.0f - fx) * pixel(r0, c0) + fx * pixel(r0, c0 + 1);
      const float bottom = (1.0f - fx) * pixel(r0 + 1, c0) + fx * pixel(r0 + 1, c0 + 1);
      out[k] = (1.0f - fy) * top + fy * bottom;  // Eq. (6.14)
    }
  }
}

CosSin small_angle_cos_sin(float theta) {
  // Horner's form of 1 - t^2/2! + t^4/4! - ... + t^8/8! - t^10/10! and t - t^3/3! + ... + t^9/9!.
  const float t2 = theta * theta;
  const float c =
      1.0f - t2 / 2 * (1.0f - t2 / 12 * (1.0f - t2 / 30 * (1.0f - t2 / 56 * (1.0f - t2 / 90))));
  const float s = theta * (1.0f - t2 / 6 * (1.0f - t2 / 20 * (1.0f - t2 / 42 * (1.0f - t2 / 72))));
  return {c, s};
}

void affine_field(float theta, float scale, float shift_x, float shift_y, std::span<float> dx,
                  std::span<float> dy) {
  const CosSin turn = small_angle_cos_sin(theta);
  const float c = turn.cos / scale;
  const float s = turn.sin / scale;
  const float centre = static_cast<float>(kSide - 1) / 2;
  for (int row = 0; row < kSide; ++row) {
    for (int col = 0; col < kSide; ++col) {
      const float u = static_cast<float>(col) - centre;  // p - o, x to the right, y down
      const float v = static_cast<float>(row) - centre;
      // Eq. (8.22): the input position o + R(-theta) (p - o) / scale - shift, less p.
      const auto k = static_cast<std::size_t>(row * kSide + col);
      dx[k] = (c * u + s * v) - u - shift_x;
      dy[k] = (c * v - s * u) - v - shift_y;
    }
  }
}

void augment_image(const AugmentSettings& settings, KeyedRandom& random, std::span<const float> in,
                   std::span<float> out, AugmentScratch& scratch) {
  if (settings.kind == AugmentKind::kNone) {
    std::copy(in.begin(), in.end(), out.begin());
    return;
  }
  scratch.dx.resize(kImagePixels);
  scratch.dy.resize(kImagePixels);
  // The output pixel reads the input at its own position minus the shift, so +sx moves ink right.
  const auto sx = static_cast<float>(-random.between(settings.max_shift));
  const auto sy = static_cast<float>(-random.between(settings.max_shift));
  if (settings.kind == AugmentKind::kShift) {
    std::fill(scratch.dx.begin(), scratch.dx.end(), sx);
    std::fill(scratch.dy.begin(), scratch.dy.end(), sy);
  } else if (settings.kind == AugmentKind::kAffine) {
    constexpr float kRadiansPerDegree = 3.14159265f / 180;
    const float theta = settings.max_rotation * kRadiansPerDegree * random.symmetric();
    const float scale = 1.0f + settings.max_scaling * random.symmetric();
    affine_field(theta, scale, -sx, -sy, scratch.dx, scratch.dy);
  } else {
    if (scratch.kernel_sigma != settings.sigma) {
      scratch.kernel = gaussian_kernel(settings.sigma);
      scratch.kernel_sigma = settings.sigma;
    }
    scratch.smoothed.resize(kImagePixels);
    for (std::size_t k = 0; k < kImagePixels; ++k) {
      scratch.dx[k] = random.symmetric();
      scratch.dy[k] = random.symmetric();
    }
    smooth_field(scratch.dx, scratch.kernel, scratch.smoothed);  // Eq. (6.13)
    smooth_field(scratch.dy, scratch.kernel, scratch.smoothed);
    for (std::size_t k = 0; k < kImagePixels; ++k) {
      scratch.dx[k] = settings.alpha * scratch.dx[k] + sx;
      scratch.dy[k] = settings.alpha * scratch.dy[k] + sy;
    }
  }
  displace_image(in, scratch.dx, scratch.dy, out);
}

}  // namespace nn
