#!/usr/bin/env bash
# Same bits on every machine: chapters 2, 3, 4, 6, 7 and 8 built four ways (for this CPU; for x86-64-v3, AVX2
# with 16 vector registers; for 64-bit Arm, run under qemu-user; and with clang++ on libc++, whose
# kernels are plain loops). Each build trains chapter 2 one epoch (20,000 images) at a learning rate high
# enough to amplify any rounding difference, chapter 3 per sample (sigmoid, the matrix-vector kernels) and in
# batches of 64 (ReLU with momentum, the five loops), and chapter 4 scores the 10,000 test images
# with the batch-64 model; chapter 6 trains with Adam, dropout and elastic distortions; chapter 7 a
# small convolutional network (im2col, the GEMM on blocks of images, max-pooling) with dropout and
# shifts; chapter 8 a small residual network (padding, stride, batch normalisation, a residual
# block, average pooling) under one-cycle with label smoothing. The saved models and chapter 4's
# score tables must be byte for byte the same. The training runs measure the first 2,000 test
# images (the time goes to qemu); chapter 4 scores all 10,000. (On a CPU
# without AVX-512 the native build is the AVX2 one, so three builds are compared, not four.)
# Builds (or brings up to date) the targets it compares, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release </dev/null >/dev/null
cmake --build --preset release --target ch2_sigmoid_mse ch3_deep_softmax ch4_metrics_roc ch6_training_well \
  ch7_convolution ch8_normalisation_residual
# On a CPU without AVX-512 the native build already is an AVX2 build with 16 vector registers: the
# x86-64-v3 build would compare a build with itself, and is left out.
if grep -q -m1 -w avx512f /proc/cpuinfo; then
  others="libcxx x86-64-v3 aarch64"
else
  others="libcxx aarch64"
fi
for preset in $others; do
  cmake --preset $preset </dev/null >/dev/null
  cmake --build --preset $preset --target ch2_sigmoid_mse ch3_deep_softmax ch4_metrics_roc \
    ch6_training_well ch7_convolution ch8_normalisation_residual
done

out=$(mktemp -d)
# run NAME PROGRAM FLAGS...: in build NAME (the program found in its folder, under qemu for Arm),
# writing into $out/NAME.
run() {
  local name=$1 program=$2
  shift 2
  local dir=build/$name
  [ "$name" = native ] && dir=build/release
  if [ "$name" = aarch64 ]; then
    QEMU_LD_PREFIX=/usr/aarch64-linux-gnu qemu-aarch64 "$dir/chapters/$program" "$@" </dev/null
  else
    "$dir/chapters/$program" "$@" </dev/null
  fi
}
builds="native $others"
for name in $builds; do
  mkdir -p "$out/$name"
  run $name ch2_sigmoid_mse --loss bce --lr 0.5 --epochs 1 --train-size 20000 --test-size 2000 --save "$out/$name/ch2.model" |
    grep -E '^ +1 ' | sed "s/^/$name ch2: /"
  run $name ch3_deep_softmax --train-size 5000 --test-size 2000 --epochs 1 --save "$out/$name/ch3.model" |
    grep -E '^ +1 ' | sed "s/^/$name ch3 per sample: /"
  run $name ch3_deep_softmax --train-size 10000 --test-size 2000 --epochs 1 --batch 64 --lr 0.1 --momentum 0.9 \
    --activation relu --save "$out/$name/ch3_batch.model" |
    grep -E '^ +1 ' | sed "s/^/$name ch3 batch 64: /"
  # Its report (the model's path and the report folder's aside): the metrics, every AUC and the
  # number of distinct scores per digit, which a last-bit difference in one probability changes.
  run $name ch4_metrics_roc --load "$out/$name/ch3_batch.model" --out "$out/$name/ch4" |
    grep -v -e '^scratchnet chapter 4' -e '^wrote ' >"$out/$name/ch4.txt"
  run $name ch6_training_well --train-size 2000 --validation 500 --test-size 2000 --layers 784-64-32-10 \
    --epochs 1 --augment elastic --save "$out/$name/ch6.model" |
    grep -E '^ +1 ' | sed "s/^/$name ch6 Adam, dropout, elastic: /"
  run $name ch7_convolution --train-size 1000 --validation 200 --test-size 2000 --layers 6c5-mp2-12c5-mp2-32-10 \
    --epochs 1 --dropout 0.3 --augment shift --save "$out/$name/ch7.model" |
    grep -E '^ +1 ' | sed "s/^/$name ch7 convolution, dropout, shifts: /"
  run $name ch8_normalisation_residual --train-size 1000 --validation 200 --test-size 2000 \
    --layers 4c3p-bn-res4-8c3ps2-bn-gap-16-bn-10 --epochs 1 --label-smoothing 0.1 \
    --augment affine --save "$out/$name/ch8.model" |
    grep -E '^ +1 ' | sed "s/^/$name ch8 batch norm, residual, one-cycle, affine: /"
done
for name in $others; do
  for file in ch2.model ch3.model ch3_batch.model ch4.txt ch4/metrics.csv ch4/auc.csv ch6.model ch7.model ch8.model; do
    cmp "$out/native/$file" "$out/$name/$file" ||
      { echo "the $name build computed a different $file from the native build" >&2; exit 1; }
  done
done
echo "the builds native $others trained byte-identical models and scored the test set alike" \
  "(chapters 2, 3 per sample and in batches, 4, 6, 7, 8)"
rm -rf "$out"
