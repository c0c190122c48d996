# SPDX-License-Identifier: GPL-2.0-or-later
# Post-processes Bison's parser.hh (cmake -P patch_parser.cmake <parser.hh>).
# Bison 3.8's variant value_type value-initialises its raw buffer (`yyraw_ ()`), i.e. zero-fills
# the size of the largest semantic type (several hundred bytes) on every construction, and every
# stack push constructs several. On large inputs that was a fifth of all instructions. The
# buffer is only ever read through the type that was constructed in it, so the fill is dropped.
# If a Bison version spells it differently, nothing is replaced and the parser is merely slower.
set(header "${CMAKE_ARGV3}")
file(READ "${header}" text)
string(REPLACE "value_type () YY_NOEXCEPT\n      : yyraw_ ()\n    {}"
               "value_type () YY_NOEXCEPT\n    {}" text "${text}")
file(WRITE "${header}" "${text}")
