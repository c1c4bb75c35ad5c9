// The one translation unit of libnncert.so itself; every layer is linked into it whole.
namespace nncert {
extern const char* const kLibraryVersion;
const char* const kLibraryVersion = NNCERT_VERSION;
}  // namespace nncert
