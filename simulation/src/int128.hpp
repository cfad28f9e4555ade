#pragma once
// 128-bit intermediates for exact money products and sums (a GCC/Clang extension).
namespace lexsim::sim {
__extension__ typedef __int128 i128;
}
