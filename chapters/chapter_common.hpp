// What every chapter program repeats, written once (as ggml's examples share mnist-common), one
// job per file in chapters/common/: the flags they share, loading MNIST, the start-up gradient
// check, the epoch table, pictures of weights, where files go and the ending.
#pragma once

#include "course_data.hpp"
#include "ending.hpp"
#include "epoch_report.hpp"
#include "flags.hpp"
#include "paths.hpp"
#include "start.hpp"
#include "startup_check.hpp"
#include "weight_pictures.hpp"
