# The installable library: nncert::nncert (libnncert.so), its public headers, the nncert command, the
# theorem catalogue, and the CMake package files for find_package(nncert).
#
# Why a shared library, linked -Bsymbolic-functions: a consumer may compile with flags that the
# rigorous code must not run under (-ffast-math, -ffp-contract=fast). Inline functions and template
# instantiations (Interval arithmetic, Eigen kernels) exist once per program under the one-definition
# rule, so with static archives the linker could bind nncert's own calls to a consumer's fast-math copy.
# Inside libnncert.so every call binds to the library's own copy, compiled with the project's
# floating-point flags. The layers are linked whole, so every verifier registers itself.
include(CMakePackageConfigHelpers)

set(nncert_archives nncert_numeric nncert_linalg nncert_data nncert_models nncert_kernels nncert_train
                    nncert_theory nncert_cert nncert_verifiers)
set(nncert_all_objects "")
foreach(archive ${nncert_archives})
  list(APPEND nncert_all_objects $<TARGET_OBJECTS:${archive}>)
endforeach()
add_library(nncert_library SHARED ${CMAKE_CURRENT_LIST_DIR}/package/library_version.cpp ${nncert_all_objects})
add_library(nncert::nncert ALIAS nncert_library)
set_target_properties(nncert_library PROPERTIES OUTPUT_NAME nncert EXPORT_NAME nncert
                                                VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR})
# Every object file is in the library itself; the archives are linked only for the third-party
# libraries they need (none of their members is pulled in twice: all symbols are already defined).
target_link_libraries(nncert_library PRIVATE ${nncert_archives})
target_link_options(nncert_library PRIVATE -Wl,-Bsymbolic-functions)
target_compile_definitions(nncert_library PRIVATE NNCERT_VERSION="${PROJECT_VERSION}")
# What a consumer's own translation units need to compile against the public headers.
target_include_directories(nncert_library INTERFACE $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
foreach(dir ${CMAKE_CURRENT_LIST_DIR}/numeric ${CMAKE_CURRENT_LIST_DIR}/linalg ${CMAKE_CURRENT_LIST_DIR}/data
            ${CMAKE_CURRENT_LIST_DIR}/models ${CMAKE_CURRENT_LIST_DIR}/kernels ${CMAKE_CURRENT_LIST_DIR}/train
            ${CMAKE_CURRENT_LIST_DIR}/theory ${CMAKE_CURRENT_LIST_DIR}/cert ${PROJECT_SOURCE_DIR}/verifiers)
  target_include_directories(nncert_library INTERFACE $<BUILD_INTERFACE:${dir}/include>)
endforeach()
target_compile_definitions(nncert_library INTERFACE ${NNCERT_EIGEN_ALIGNMENT})
target_link_libraries(nncert_library INTERFACE Eigen3::Eigen Boost::headers fmt::fmt nlohmann_json::nlohmann_json
                                               tomlplusplus::tomlplusplus PkgConfig::MPFR PkgConfig::GMP)

install(TARGETS nncert_library EXPORT nncertTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
foreach(layer numeric linalg data models kernels train theory cert)
  install(DIRECTORY ${CMAKE_CURRENT_LIST_DIR}/${layer}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
endforeach()
install(DIRECTORY ${PROJECT_SOURCE_DIR}/proofs/ DESTINATION ${CMAKE_INSTALL_DATADIR}/nncert/proofs)
install(TARGETS nncert RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(nncert_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/nncert)
install(EXPORT nncertTargets NAMESPACE nncert:: DESTINATION ${nncert_cmake_dir})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/package/nncertConfig.cmake.in
                              ${CMAKE_CURRENT_BINARY_DIR}/nncertConfig.cmake INSTALL_DESTINATION ${nncert_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/nncertConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/nncertConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/nncertConfigVersion.cmake
        DESTINATION ${nncert_cmake_dir})
