// What chapter 7's network learned, as pictures (docs/07-convolution.md, section 7.7): the first
// convolution's filters, the feature maps they make of one test digit, and every test digit the
// network misreads; and the shift experiment of section 7.8.
#pragma once

#include <cstddef>
#include <string>

#include "mnist_idx.hpp"
#include "network.hpp"

namespace nn::chapters {

// Draws the first convolution's filters and test digit `index`'s feature maps in the terminal,
// and writes OUT/filters.svg, OUT/feature_maps.svg and OUT/misread.svg (each with its CSV). The
// network reads `test` through its pixel_values (chapter 9's --standardise has its own); the
// digits are drawn as b / 255.
void draw_conv_pictures(Network<float>& net, const MnistSplit& test, std::size_t index, bool ascii,
                        const std::string& out);

// Test accuracy with every test digit moved 0, 1, 2, ... pixels right and down, as read (no
// preparation), for `net` and for `other` (the network in the model file at other_path, chapter
// 6's say), printed as a table.
void print_shift_experiment(Network<float>& net, Network<float>& other,
                            const std::string& other_path, const MnistSplit& test);

}  // namespace nn::chapters
