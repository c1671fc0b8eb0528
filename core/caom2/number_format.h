#pragma once

#include <cstddef>
#include <string>

// Number text exactly as the Java reference writes it (spec §3.5), so documents we write look like the
// ones CADC serves. Only the formatting is Java's; any correctly rounded parser gets the same bits back.
namespace caom2 {

// Longest text formatJavaDouble can produce ("-2.2250738585072014E-308" is 24 characters).
inline constexpr std::size_t kJavaDoubleMaxChars = 32;

// Java Double.toString (JDK 19+, i.e. shortest round-trip digits): plain decimal with at least one
// fractional digit when 1e-3 <= |x| < 1e7 ("2.0", "0.05", "1234567.0"), otherwise computerized
// scientific notation without '+' ("4.5E-4", "1.0E7", "1.0E-8"); "NaN", "Infinity", "-Infinity", "-0.0".
// Writes into [first, first + kJavaDoubleMaxChars) and returns the end; no terminating NUL.
char *formatJavaDouble(char *first, double value);

// Convenience form of formatJavaDouble for tests and diagnostics.
std::string javaDoubleToString(double value);

// Appends the Java text of value to out.
void appendJavaDouble(std::string &out, double value);

} // namespace caom2
