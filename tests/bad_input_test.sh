#!/usr/bin/env bash
# The table "When input is wrong" in README.md, checked: each bad input runs a real chapter program
# and must give a non-zero exit (or the stated clean answer) with a message naming what was wrong.
# Usage: bad_input_test.sh CHAPTERS_DIR DATA_DIR [TRAIN_SIZE [GROUP]]. A TRAIN_SIZE above 0 limits
# the runs that train or measure on training images, and the zero-epoch runs' test images too (the
# sanitizer builds' small data). GROUP runs
# one part of the table: files (damaged MNIST files), models (model files, --image and the prompt)
# or flags (flags and a closed output); without it, all three. CTest runs the three side by side.
# Exits 77 (skipped) when MNIST is absent.
set -u
chapters=$1
train_size=${3:-0}
group=${4:-}
in_group() { [ -z "$group" ] || [ "$group" = "$1" ]; }
case "$group" in "" | files | models | flags | runs) ;; *) echo "unknown group '$group'"; exit 2 ;; esac
data=$(cd "$2" 2>/dev/null && pwd) || { echo "MNIST folder $2 not found; run data/fetch_mnist.sh"; exit 77; }
[ -f "$data/train-images-idx3-ubyte" ] || { echo "MNIST not in $data; run data/fetch_mnist.sh"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect NAME WANTED_STATUS WANTED_TEXT COMMAND...: runs COMMAND with no input and checks both.
expect() {
  local name=$1 status=$2 text=$3
  shift 3
  local out code
  out=$("$@" </dev/null 2>&1)
  code=$?
  if [ "$code" != "$status" ] || [[ "$out" != *"$text"* ]]; then
    echo "FAIL: $name: exit $code (wanted $status), output did not contain: $text"
    echo "$out" | tail -n 5 | sed 's/^/    /'
    failures=$((failures + 1))
  else
    echo "ok:   $name"
  fi
}

# A data folder with one file damaged in a given way, the rest linked from the real one.
damaged() {
  local dir=$work/$1
  mkdir -p "$dir"
  for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
    t10k-labels-idx1-ubyte; do
    ln -sf "$data/$f" "$dir/$f"
  done
  rm "$dir/$2"
  echo "$dir"
}

ch2=$chapters/ch2_sigmoid_mse
ch3=$chapters/ch3_deep_softmax

if in_group files; then
  expect "missing data folder" 1 "data/fetch_mnist.sh" "$ch2" --data "$work/nowhere"
  d=$(damaged truncated t10k-images-idx3-ubyte)
  head -c 1000 "$data/t10k-images-idx3-ubyte" >"$d/t10k-images-idx3-ubyte"
  expect "truncated image file" 1 "truncated" "$ch2" --data "$d"
  d=$(damaged gzipped train-labels-idx1-ubyte)
  gzip -c "$data/train-labels-idx1-ubyte" >"$d/train-labels-idx1-ubyte"
  expect "still-gzipped label file" 1 "gzip" "$ch2" --data "$d"
  d=$(damaged swapped train-labels-idx1-ubyte)
  ln -s "$data/t10k-labels-idx1-ubyte" "$d/train-labels-idx1-ubyte"
  expect "image and label counts differ" 1 "10000" "$ch2" --data "$d"
  d=$(damaged labels t10k-labels-idx1-ubyte)
  { head -c 8 "$data/t10k-labels-idx1-ubyte"; printf '\x0c'; tail -c +10 "$data/t10k-labels-idx1-ubyte"; } \
    >"$d/t10k-labels-idx1-ubyte"
  expect "label above 9" 1 "12" "$ch2" --data "$d"

fi

if in_group models; then
  "$ch3" --data "$data" --layers 784-16-10 --epochs 0 --save "$work/dense.bin" </dev/null >/dev/null
  expect "model of another kind and shape" 1 "needs an augmented sigmoid network 784-20-10" \
    "$ch2" --data "$data" --load "$work/dense.bin"
  cp "$work/dense.bin" "$work/flipped.bin"
  printf '\x55' | dd of="$work/flipped.bin" bs=1 seek=100 conv=notrunc 2>/dev/null
  expect "model with a flipped byte" 1 "checksum mismatch" "$ch3" --data "$data" --load "$work/flipped.bin"
  cp "$work/dense.bin" "$work/version.bin"
  printf '\x07' | dd of="$work/version.bin" bs=1 seek=4 conv=notrunc 2>/dev/null
  expect "model of another version" 1 "version 7" "$ch3" --data "$data" --load "$work/version.bin"
  head -c 50 "$work/dense.bin" >"$work/short.bin"
  expect "truncated model" 1 "corrupt or truncated" "$ch3" --data "$data" --load "$work/short.bin"
  expect "missing model" 1 "cannot open it" "$ch3" --data "$data" --load "$work/none.bin"

fi

if in_group flags; then
  expect "unknown flag" 1 "unknown flag --epoch; did you mean --epochs?" "$ch2" --epoch 3
  expect "flag without value" 1 "--lr needs a value" "$ch2" --lr
  expect "non-number" 1 "'fast' is not a number" "$ch2" --lr fast
  expect "negative number" 1 "'-3' is out of range" "$ch2" --epochs -3
  expect "huge number" 1 "out of range" "$ch2" --epochs 99999999999999999999
  expect "NaN learning rate" 1 "'nan' is out of range" "$ch2" --lr nan
  expect "--show past the end" 1 "--show: 'test:10000' is out of range" "$ch3" --show test:10000
  expect "bad layer sizes" 1 "from 784 (the pixels) to 10" "$ch3" --layers 784-10-5
  expect "unknown loss" 1 "unknown loss 'hinge'" "$ch2" --loss hinge
  expect "validation set of every image" 1 "'60000' is out of range" "$ch3" --validation 60000
  ch6=$chapters/ch6_training_well
  expect "unknown optimizer" 1 "unknown optimizer 'adagrad'; expected sgd, nesterov" "$ch6" \
    --optimizer adagrad
  expect "dropout rate of 1" 1 "--dropout: '1' is out of range" "$ch6" --dropout 1
  expect "unknown augmentation" 1 "unknown augmentation 'rotate'" "$ch6" --augment rotate
  expect "unknown schedule" 1 "unknown schedule 'linear'" "$ch6" --schedule linear
  ch7=$chapters/ch7_convolution
  expect "unknown piece of a network" 1 '"mp3" is not a layer' "$ch7" --layers 20c5-mp3-10
  expect "kernel larger than the image" 1 "larger than the 28x28x1 image" "$ch7" --layers 20c30-10
  # A last layer of other than 10 units: refused before any allocation (a label past the outputs
  # would be written out of bounds), also under AddressSanitizer.
  expect "network name ending in 5 outputs" 1 "ends in 5 outputs; the last layer must have 10" \
    "$ch7" --layers 20c5-mp2-5 --train-size 3000 --validation 500 --epochs 1
  expect "network name without its -10" 1 "ends in 100 outputs" "$ch7" --layers 20c5-mp2-40c5-mp2-100
  expect "chapter 6's name in chapter 7" 1 "so write \"100-10\"" "$ch7" --layers 784-100-10
  expect "missing model to compare with" 1 "cannot open" "$ch7" --shift-test "$work/nowhere.bin"
  ch8=$chapters/ch8_normalisation_residual
  expect "residual block on too few channels" 1 "so the image needs 32 channels" "$ch8" \
    --layers 16c3p-bn-res32-10
  expect "bn before anything" 1 "must follow a convolution or a dense layer" "$ch8" --layers bn-10
  expect "ensemble with --save" 1 "--ensemble trains several networks" "$ch8" --ensemble 3 \
    --save "$work/ens.bin"
  expect "label smoothing of 1" 1 "--label-smoothing: '1' is out of range" "$ch8" \
    --label-smoothing 1
  expect "a turn past 45 degrees" 1 "--rotation: '60' is out of range" "$ch8" --augment affine \
    --rotation 60
  expect "Adam's beta1 of 1" 1 "--beta1: '1' is out of range" "$chapters/ch9_time_to_99" --beta1 1

fi

# The bad flags that are found only once the data is loaded (a group of their own, so that under
# the sanitizers, where each start costs seconds, it runs beside the others).
if in_group runs; then
  # Each still measures its networks on the training images it has: under the sanitizers, few.
  # Under the sanitizers also on few test images (--test-size): chapter 5 measures four networks.
  expect "zero epochs in chapter 5" 0 "no training (0 epochs)" "$chapters/ch5_architectures" \
    --data "$data" --epochs 0 --train-size "$train_size" --test-size "$train_size"
  expect "zero epochs in chapter 2" 0 "no training (0 epochs): train acc" "$ch2" --data "$data" \
    --epochs 0 --train-size "$train_size" --test-size "$train_size"
  expect "--test-size without every digit" 1 "leaves no test image of digit 3" \
    "$chapters/ch4_metrics_roc" --data "$data" --test-size 5
  expect "too few images left to train" 1 "the gradient check needs at least 3" "$ch2" \
    --data "$data" --validation 59998
  expect "too few images to train" 1 "the gradient check needs at least 3" "$ch3" \
    --data "$data" --train-size 2
  expect "--draw with no terminal" 1 "--draw needs a terminal" "$ch3" --data "$data" --draw
  # A small network and validation set: under the sanitizers a convolution is slow, and the point
  # is the zero epochs.
  # --optimizer sgd without --lr takes SGD's rate, not Adam's, and says so.
  expect "sgd without --lr" 0 "learning rate 0.1, SGD's usual effective step" \
    "$chapters/ch6_training_well" --data "$data" --optimizer sgd --layers 784-16-10 --epochs 0 \
    --validation 500 --train-size "$train_size" --test-size "$train_size"
  expect "zero epochs in chapter 7" 0 "no training (0 epochs)" "$chapters/ch7_convolution" \
    --data "$data" --epochs 0 --layers 4c5-mp2-10 --validation 500 --train-size "$train_size" \
    --test-size "$train_size"

fi

if in_group models; then
  expect "--show of a test sample" 0 "test #3" "$ch3" --data "$data" --load "$work/dense.bin" \
    --show test:3 --ascii
  # A digit from outside the course: --image refuses a file that is not a usable PGM and exits 1.
  printf 'P6 1 1 255\nabc' >"$work/colour.ppm"
  expect "--image of a colour PPM" 1 "colour PPM" "$ch3" --data "$data" --load "$work/dense.bin" \
    --image "$work/colour.ppm"
  printf 'P5 4096 4096 255\n' >"$work/short.pgm"
  expect "--image of a truncated PGM" 1 "truncated" "$ch3" --data "$data" --load "$work/dense.bin" \
    --image "$work/short.pgm"
  printf 'P2 2 2 255\n255 255 255 255\n' >"$work/blank.pgm"
  expect "--image without ink" 1 "holds no ink" "$ch3" --data "$data" --load "$work/dense.bin" \
    --image "$work/blank.pgm"
  expect "--image of a missing file" 1 "cannot open it" "$ch3" --data "$data" --load "$work/dense.bin" \
    --image "$work/none.pgm"

  # The prompt: bad lines are explained and asked again; end of input ends the program cleanly.
  out=$(printf 'abc\n\n60000\ntest:10000\n-1\nfile:%s\nfile:%s\n3\n' "$work/none.pgm" \
    "$work/colour.ppm" | "$ch3" --data "$data" --load "$work/dense.bin" --ascii 2>&1)
  code=$?
  for text in "'abc' is not a sample index" "no sample index typed" "'60000' is out of range" \
    "'test:10000' is out of range" "'-1'" "none.pgm: cannot open it" "colour PPM" "train #3"; do
    if [[ "$out" != *"$text"* ]]; then
      echo "FAIL: prompt: output did not contain: $text"
      failures=$((failures + 1))
    fi
  done
  [ "$code" = 0 ] && echo "ok:   prompt explains bad lines and ends at end of input" ||
    { echo "FAIL: prompt: exit $code at end of input"; failures=$((failures + 1)); }

fi

if in_group runs; then
  # A closed standard output stops the program the Unix way, quietly, by SIGPIPE (status 141).
  "$ch3" --data "$data" --layers 784-16-10 --epochs 3 --train-size "$train_size" </dev/null |
    head -n 1 >/dev/null
  status=${PIPESTATUS[0]}
  [ "$status" = 141 ] && echo "ok:   closed standard output" ||
    { echo "FAIL: closed standard output: exit $status"; failures=$((failures + 1)); }

fi

echo "$failures failed"
[ "$failures" = 0 ]
