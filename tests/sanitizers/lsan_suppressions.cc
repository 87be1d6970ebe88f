// LeakSanitizer's suppressions, built into the test programs of the
// sanitizer build (cmake/Sanitizers.cmake), so that running a test by hand
// sees the same ones as ctest. Only allocations that Debian's font and PDF
// libraries keep for the life of the process on purpose (fontconfig's
// configuration and caches, cairo's and pango's font maps); never our code.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libfontconfig.so\n"
         "leak:libcairo.so\n"
         "leak:libpango\n"
         "leak:libharfbuzz.so\n"
         "leak:libglib-2.0.so\n"
         "leak:libgobject-2.0.so\n";
}
