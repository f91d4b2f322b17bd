// A residual block (He et al. 2016) as one layer that holds layers
// (docs/08-normalisation-residual.md, section 8.4): the network sees one layer; inside, a branch F
// of five layers and a shortcut.
//
//   F(x) = BN(conv(ReLU(BN(conv(x)))))    both convolutions 3x3, C -> C, padded by 1, no bias
//   y = ReLU(x + F(x))                     Eq. (8.15)
//
// Backward, Eq. (8.16): with dz = dy (.) [y > 0] the gradient at the sum, the branch's backward
// takes dz from the top and hands down dx_F; the shortcut hands dz down unchanged, so
//   dx = dz + dx_F.
// The shortcut's term is what lets the gradient reach the layers below undiminished however deep
// the stack; dropping it is the slip the tests plant.
#pragma once

#include <memory>
#include <vector>

#include "conv_geometry.hpp"
#include "layer.hpp"

namespace nn {

template <class T>
class ResidualBlock : public Layer<T> {
 public:
  // A block on images of `shape`, its convolutions with shape.channels filters each.
  explicit ResidualBlock(const ImageShape& shape);

  ResidualBlock(const ResidualBlock& other);
  ResidualBlock& operator=(const ResidualBlock&) = delete;

  std::unique_ptr<Layer<T>> clone() const override {
    return std::make_unique<ResidualBlock>(*this);
  }

  std::string_view kind() const override { return "residual"; }

  std::size_t input_width() const override { return shape_.size(); }

  std::size_t output_width() const override { return shape_.size(); }

  double multiply_adds() const override;

  // H, W and C.
  std::vector<std::uint32_t> config() const override;

  // Eq. (8.15).
  void forward(const BasicMatrix<T>& x, BasicMatrix<T>& y) override;

  // Eq. (8.16).
  void backward(const BasicMatrix<T>& x, const BasicMatrix<T>& y, const BasicMatrix<T>& dy,
                BasicMatrix<T>* dx, GradientWriter<T>& writer) override;

  // The branch's tensors, labelled label.1, label.2, ... for its layers that own any: W3.1 of the
  // first convolution, gamma3.2 and beta3.2 of its normalisation, W3.3, gamma3.4, beta3.4.
  std::vector<Parameter<T>> parameters(const std::string& label) override;

  std::vector<StateTensor<T>> state(const std::string& label) override;

  void init(WeightInit init, std::mt19937& rng) override;

  void set_training(bool training) override;

  // The branch's ReLU, then the block's own.
  void fingerprint_kinks(const BasicMatrix<T>& y, KinkFingerprint& kinks) const override;

 protected:
  // dx = dz + dx_F, Eq. (8.16). The planted slip of the tests overrides it.
  virtual void add_shortcut(const BasicMatrix<T>& dz, const BasicMatrix<T>& dx_branch,
                            BasicMatrix<T>& dx) const;

 private:
  // The label of branch layer j's tensors: label.n for the n-th branch layer that owns any.
  std::vector<std::string> branch_labels(const std::string& label);

  ImageShape shape_;
  std::vector<std::unique_ptr<Layer<T>>> branch_;
  std::vector<BasicMatrix<T>> outputs_;    // what each branch layer wrote
  std::vector<BasicMatrix<T>> gradients_;  // dC/d(its output)
  BasicMatrix<T> sum_gradient_;            // dz, at x + F(x)
  BasicMatrix<T> branch_input_gradient_;   // dx_F
};

}  // namespace nn
