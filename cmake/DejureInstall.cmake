# DejureInstall.cmake - dejure as a C library on the system: the static and
# shared library, the public headers under include/dejure/, dejure.pc for
# pkg-config, a CMake package (find_package(dejure) -> dejure::dejure), the
# command, its man page and bash completion, and the default datasets under
# share/dejure/. Included from the top-level CMakeLists.txt after src/.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The shared library holds exactly the static library's objects (already
# position-independent); it exists so that `pkg-config --libs dejure`
# links without naming GSL and libcsv, and so that the export list is real:
# only what the public headers declare (see the visibility pragmas there).
# Sanitizer builds skip it: a shared library cannot carry their runtime.
option(DEJURE_SHARED "Also build and install libdejure.so" ON)
if(DEJURE_SHARED AND NOT DEJURE_SANITIZE)
  add_library(dejure_shared SHARED ${PROJECT_SOURCE_DIR}/cmake/empty.c)
  target_link_libraries(dejure_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,dejure>"
    Libcsv::csv GSL::gsl m)
  target_include_directories(dejure_shared INTERFACE
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
    $<BUILD_INTERFACE:${PROJECT_BINARY_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  set_target_properties(dejure_shared PROPERTIES OUTPUT_NAME dejure EXPORT_NAME shared
    VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}
    C_VISIBILITY_PRESET hidden LINK_OPTIONS "-Wl,--no-undefined")
  set(dejure_shared_target dejure_shared)
endif()
set_target_properties(dejure PROPERTIES EXPORT_NAME dejure)

# the public headers: every one in include/dejure/ except the test hooks
file(GLOB dejure_public_headers CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/include/dejure/*.h)
list(FILTER dejure_public_headers EXCLUDE REGEX "/testing\\.h$")
install(FILES ${dejure_public_headers} ${PROJECT_BINARY_DIR}/include/dejure/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dejure)

install(TARGETS dejure ${dejure_shared_target} EXPORT dejureTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS dejure_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# CMake package: lib/cmake/dejure/{dejureConfig,dejureConfigVersion,dejureTargets}.cmake
set(dejure_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/dejure)
install(EXPORT dejureTargets NAMESPACE dejure:: DESTINATION ${dejure_cmakedir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/dejureConfig.cmake.in
  ${PROJECT_BINARY_DIR}/dejureConfig.cmake INSTALL_DESTINATION ${dejure_cmakedir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/dejureConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/dejureConfig.cmake ${PROJECT_BINARY_DIR}/dejureConfigVersion.cmake
        ${PROJECT_SOURCE_DIR}/cmake/FindLibcsv.cmake DESTINATION ${dejure_cmakedir})

# pkg-config: relocatable (prefix found from the .pc file's own place), so
# that `cmake --install build --prefix DIR` works for any DIR.
file(RELATIVE_PATH dejure_pc_to_prefix "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(${PROJECT_SOURCE_DIR}/cmake/dejure.pc.in ${PROJECT_BINARY_DIR}/dejure.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/dejure.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# documentation, completion, data
install(FILES ${PROJECT_SOURCE_DIR}/man/dejure.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/completion/dejure.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME dejure)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/datasets/ DESTINATION ${CMAKE_INSTALL_DATADIR}/dejure/datasets)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
