// A digit drawn outside the course, made to look like MNIST's: the steps LeCun et al. applied to
// the NIST digits. Ink becomes 1 on a background of 0 (a dark-on-light drawing is inverted), the
// image is cropped to the ink's bounding box, scaled so that its longer side is 20 pixels (aspect
// kept, each new pixel the mean of the area it covers), and placed in 28 x 28 with its centre of
// mass at the centre. A network trained on MNIST has only ever seen digits prepared so.
#pragma once

#include <vector>

#include "pgm.hpp"

namespace nn {

// Returns kImagePixels values in [0, 1], row by row, ready for a network. Whether the drawing is
// dark on light is read from its border: a light border means dark ink, which is inverted. Throws
// PgmError naming `name` when the image holds no ink at all.
std::vector<float> prepare_digit(const GreyImage& image, const std::string& name);

// Returns the image only fitted into 28 x 28 (ink made 1, scaled so the whole image fits, aspect
// kept, top-left aligned): what a network would see without the preparation.
std::vector<float> fit_without_preparation(const GreyImage& image);

}  // namespace nn
