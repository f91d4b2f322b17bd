// More data from the same data (docs/06-training-well.md, section 6.6): every time a training image
// is shown it is moved a little, so the network never sees the same pixels twice and must learn
// what stays the same. Two kinds, both applied on the fly, one image at a time:
//
//   shift     the digit moved by (sx, sy), whole pixels, each uniform in [-s, s] (s = 2 here)
//   affine    a shift, plus a turn by an angle uniform in [-r, r] and a change of size by a factor
//             uniform in [1 - z, 1 + z], both about the image's centre (docs/08, section 8.11,
//             Eq. 8.22); each output pixel samples the input where the inverse map sends it
//   elastic   a shift, plus Simard et al.'s (2003) elastic distortion: a random displacement per
//             pixel, U(-1, 1) in x and in y, smoothed by a Gaussian of width sigma and scaled by
//             alpha; each output pixel samples the input where its displacement points, with
//             bilinear interpolation (Eqs. 6.13, 6.14)
//
// Each image's draws come from a stream keyed by (seed, epoch, image index), not from one
// generator consumed in order: the same image gets the same distortion in an epoch whatever the
// batch size or the thread that prepares it, and the arithmetic is integer hashing and float
// operations in a fixed order, so every build gets the same bits.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nn {

enum class AugmentKind { kNone, kShift, kAffine, kElastic };

// Returns "none", "shift", "affine" or "elastic".
std::string_view augment_name(AugmentKind kind);

// Returns "none, shift, affine or elastic".
std::string augment_names();

// Parses an --augment value; throws std::invalid_argument listing the valid names.
AugmentKind parse_augment(std::string_view name);

struct AugmentSettings {
  AugmentKind kind = AugmentKind::kNone;
  int max_shift = 2;  // s: whole pixels, in x and in y
  float alpha = 34;   // elastic: the scale of the smoothed field (Simard et al.: 34)
  // elastic: the Gaussian's standard deviation in pixels. Simard et al. used 4; on chapter 6's
  // validation images 6, a smoother and smaller field, did better (docs/06, section 6.6).
  float sigma = 6;
  float max_rotation = 10;   // affine: r, in degrees (at most kLargestRotation)
  float max_scaling = 0.1f;  // affine: z, so sizes from 1 - z to 1 + z
};

// The largest --rotation: up to here the series of small_angle_cos_sin stays within a float's
// rounding of the true sine and cosine (at 45 degrees the first term left out is below 2e-9).
constexpr float kLargestRotation = 45;

// cos(theta) and sin(theta) for |theta| <= pi / 4 from their Taylor series to the theta^10 and
// theta^9 terms, in additions and multiplications only, so every machine gets the same bits (a
// library's sinf may differ in the last bit between systems).
struct CosSin {
  float cos;
  float sin;
};

CosSin small_angle_cos_sin(float theta);

// Writes into dx, dy (kImagePixels each) the displacement that turns an image by `theta` radians,
// scales it by `scale` and then moves it by (shift_x, shift_y) pixels, all about the centre
// (13.5, 13.5): each output pixel p reads the input at o + R(-theta) (p - o) / scale - shift, the
// inverse map (Eq. 8.22), so displace_image needs no search.
void affine_field(float theta, float scale, float shift_x, float shift_y, std::span<float> dx,
                  std::span<float> dy);

// A small counter-based generator (SplitMix64): a stream of 64-bit words from one key. Cheap to
// start, so every image can have its own.
class KeyedRandom {
 public:
  explicit KeyedRandom(std::uint64_t key) : state_(key) {}

  // The stream of image `index` in epoch `epoch` of a training seeded with `seed`.
  static KeyedRandom for_image(std::uint64_t seed, std::uint64_t epoch, std::uint64_t index);

  std::uint64_t next();

  // A float uniform in [-1, 1), from 24 bits of the next word.
  float symmetric();

  // An integer uniform in [-s, s].
  int between(int s);

 private:
  std::uint64_t state_;
};

// Reusable buffers for elastic distortion, so that training allocates nothing per image.
struct AugmentScratch {
  std::vector<float> kernel;  // the Gaussian of kernel_sigma, 2 r + 1 taps, summing to 1
  float kernel_sigma = 0;
  std::vector<float> dx, dy;    // the displacement field, kImagePixels each
  std::vector<float> smoothed;  // one pass of the separable blur
};

// Writes into `out` (kImagePixels values) the image `in` moved and distorted as `settings` say,
// with the draws from `random`. With kNone, a copy.
void augment_image(const AugmentSettings& settings, KeyedRandom& random, std::span<const float> in,
                   std::span<float> out, AugmentScratch& scratch);

// Writes `in` sampled at the displaced positions: out(r, c) = in(r + dy(r, c), c + dx(r, c)),
// bilinear between the four pixels around, 0 outside the image (Eq. 6.14).
void displace_image(std::span<const float> in, std::span<const float> dx, std::span<const float> dy,
                    std::span<float> out);

// Smooths `field` (kImagePixels, row by row) with the separable Gaussian `kernel` (2 r + 1 taps),
// the field taken as 0 outside the image (Eq. 6.13).
void smooth_field(std::span<float> field, std::span<const float> kernel, std::span<float> temp);

// The Gaussian of standard deviation `sigma`, truncated at 3 sigma and normalised to sum 1.
std::vector<float> gaussian_kernel(float sigma);

}  // namespace nn
