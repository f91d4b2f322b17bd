// The one file of the precompiled-header targets (cmake/PrecompiledHeaders.cmake): the header
// is what they build; this file only gives it a translation unit.
